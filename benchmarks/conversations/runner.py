"""Playing dialogues through the gateway's resident API (one conversation each) and checking
their outcome through the staff API, as a KCC employee would see it."""
from __future__ import annotations

import contextlib
import os
import re
import socket
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence

import httpx
import pyotp

from .checks import Reply, Sources, TurnVerdict, button_matches, judge_turn, normalise, title_of
from .loader import CLOCKS, DEFAULT_CLOCK, Dialogue

STAFF_USER = "dialoogtest"
_REFERENCE = re.compile(r"\b[A-Z0-9]{8}\b")
_DIGITS = re.compile(r"\D")
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
STACK_ENV = {"RATE_LIMIT_PER_ADDRESS": "100000", "RATE_LIMIT_PER_CONVERSATION": "1000"}


@dataclass
class TurnResult:
    index: int
    sent: str
    reply: Reply
    verdict: TurnVerdict
    first: bool
    follow_up: bool


@dataclass
class DialogueResult:
    dialogue: Dialogue
    conversation_id: str = ""
    turns: List[TurnResult] = field(default_factory=list)
    outcome_failures: List[str] = field(default_factory=list)
    error: Optional[str] = None
    skipped: Optional[str] = None
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return self.skipped is None and self.error is None and not self.outcome_failures \
            and all(t.verdict.ok for t in self.turns)

    def explain(self) -> str:
        if self.skipped:
            return f"skipped: {self.skipped}"
        lines = [f"{self.dialogue.id} ({self.dialogue.category}), conversation {self.conversation_id}"]
        if self.error:
            lines.append(f"  error: {self.error}")
        for turn in self.turns:
            mark = "ok " if turn.verdict.ok else "BAD"
            lines.append(f"  {mark} [{turn.index}] > {turn.sent}")
            if not turn.verdict.ok:
                shown = " | ".join(" ".join((m.get("text") or "").split()) for m in turn.reply.messages)
                lines.append(f"        bot: {shown[:400]}")
                lines.extend(f"        - {f}" for f in turn.verdict.failures)
        lines.extend(f"  outcome: {f}" for f in self.outcome_failures)
        return "\n".join(lines)


class StaffLogin:
    """One staff session shared by every dialogue of a run, logged in again when it ends.

    A code from the authenticator app is accepted only once, so logging in for every dialogue
    (several at a time) would be refused; when a new log-in falls in the time step the last one
    used, it waits for the next step, as an employee would wait for the app's next code."""

    def __init__(self, username: str, password: str, totp_secret: Optional[str] = None):
        self.username, self.password, self.totp_secret = username, password, totp_secret
        self.token: Optional[str] = None
        self.last_step: Optional[int] = None
        self.lock = threading.Lock()

    def headers(self, http: httpx.Client, stale: Optional[Dict[str, str]] = None) -> Dict[str, str]:
        """The session's header; a new session when there is none or ``stale`` is still the current one."""
        with self.lock:
            if self.token is None or (stale is not None and stale == self._header()):
                self.token = self._log_in(http)
            return self._header()

    def _header(self) -> Dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def _log_in(self, http: httpx.Client) -> str:
        body = {"username": self.username, "password": self.password}
        if self.totp_secret:  # the second factor, as the employee's authenticator app would show it
            totp = pyotp.TOTP(self.totp_secret)
            step = int(time.time()) // totp.interval
            if self.last_step is not None and step <= self.last_step:
                time.sleep((self.last_step + 1) * totp.interval - time.time() + 0.1)
                step = int(time.time()) // totp.interval
            body["code"], self.last_step = totp.now(), step
        answer = http.post("/api/staff/login", json=body)
        answer.raise_for_status()
        return str(answer.json()["token"])


class StaffApi:
    """A KCC employee's view of the database, through the gateway's staff API."""

    def __init__(self, http: httpx.Client, login: StaffLogin):
        self.http, self.login = http, login

    def get(self, path: str) -> Dict[str, Any]:
        headers = self.login.headers(self.http)
        answer = self.http.get(path, headers=headers)
        if answer.status_code == 401:  # the session ended (idle, or the clock moved): log in again
            answer = self.http.get(path, headers=self.login.headers(self.http, stale=headers))
        answer.raise_for_status()
        return answer.json()

    def appointments(self, first: date, days: int = 31) -> List[Dict[str, Any]]:
        return self.get(f"/api/appointments?date={first.isoformat()}&days={days}")["appointments"]

    def appointment(self, reference: str) -> Dict[str, Any]:
        return self.get(f"/api/appointments/{reference}")["appointment"]


class Player:
    """Plays dialogues against a running gateway at ``url``."""

    def __init__(self, url: str, staff_password: Optional[str], sources: Optional[Sources] = None,
                 staff_user: str = STAFF_USER, set_clock: Optional[Callable[[str], None]] = None,
                 staff_totp_secret: Optional[str] = None):
        self.url = url
        self.sources = sources or Sources()
        self.staff_user, self.staff_password = staff_user, staff_password
        self.staff_totp_secret = staff_totp_secret
        self.staff_login = StaffLogin(staff_user, staff_password or "", staff_totp_secret)
        self.set_clock = set_clock
        self.clock: Optional[str] = None

    def today(self) -> date:
        """The assistant's date: that of the stopped clock (ASSISTANT_CLOCK) of a stack started
        here, so "volgende week vrijdag" is the same day on any real date; else the real one."""
        return _local(self.clock).date() if self.clock else date.today()

    # one dialogue ------------------------------------------------------------------------
    def play(self, dialogue: Dialogue) -> DialogueResult:
        result = DialogueResult(dialogue)
        if dialogue.clock and self.set_clock is None:
            result.skipped = "needs the assistant's clock (ASSISTANT_CLOCK); only a stack started here can set it"
            return result
        started = time.perf_counter()
        email = f"bewoner.{re.sub(r'[^a-z0-9]', '', dialogue.id.lower())[:40]}.{uuid.uuid4().hex[:6]}@example.nl"
        try:
            with httpx.Client(base_url=self.url, timeout=60) as http:
                self._converse(http, dialogue, result, email)
                if dialogue.outcome and result.conversation_id:
                    self._check_outcome(http, dialogue, result, email)
        except (httpx.HTTPError, KeyError, ValueError) as problem:
            result.error = f"{type(problem).__name__}: {problem}"
        result.seconds = time.perf_counter() - started
        return result

    def _converse(self, http: httpx.Client, dialogue: Dialogue, result: DialogueResult, email: str) -> None:
        sources = self.sources.in_language(dialogue.language)
        answer = http.post("/api/conversations", json={})
        answer.raise_for_status()
        result.conversation_id = answer.json()["conversation_id"]
        headers = {"Authorization": f"Bearer {answer.json()['token']}"}
        last: Optional[Reply] = None
        reference = ""
        for index, turn in enumerate(dialogue.turns):
            sources = self.sources.in_language(turn.language or dialogue.language)
            if turn.click is not None:
                button = self._button(last, turn.click, sources)
                if button is None:
                    wanted = title_of(sources, turn.click)
                    verdict = TurnVerdict(failures=[f"no button {wanted!r} to click"])
                    result.turns.append(TurnResult(index, f"[click {wanted}]", Reply(0, []), verdict,
                                                   turn.first, turn.follow_up))
                    break
                body, sent = {"payload": button["payload"]}, f"[click {button['title']}]"
            else:
                text = (turn.say or "").replace("{email}", email).replace("{ref}", reference or "GEENCODE")
                body, sent = {"text": text}, text
            clock = time.perf_counter()
            answer = http.post(f"/api/conversations/{result.conversation_id}/messages", json=body, headers=headers)
            messages = answer.json().get("messages", []) if answer.headers.get("content-type", "").startswith(
                "application/json") else []
            reply = Reply(answer.status_code, messages if answer.status_code == 200 else [],
                          time.perf_counter() - clock)
            found = _REFERENCE.findall(" ".join(m.get("text") or "" for m in reply.messages
                                                if "code" in (m.get("text") or "").lower()))
            reference = next((code for code in found if any(c.isdigit() for c in code)), reference)
            result.turns.append(TurnResult(index, sent, reply, judge_turn(sources, turn, reply),
                                           turn.first, turn.follow_up))
            last = reply

    def _button(self, reply: Optional[Reply], spec: Any, sources: Sources) -> Optional[Dict[str, str]]:
        if reply is None:
            return None
        buttons = reply.buttons
        if isinstance(spec, dict) and "index" in spec:
            return buttons[spec["index"]] if len(buttons) > spec["index"] else None
        if isinstance(spec, dict) and "startswith" in spec:
            return next((b for b in buttons if normalise(b["title"]).startswith(normalise(spec["startswith"]))), None)
        return next((b for b in buttons if button_matches(sources, spec, b["title"])), None)

    # outcome -----------------------------------------------------------------------------
    def _check_outcome(self, http: httpx.Client, dialogue: Dialogue, result: DialogueResult, email: str) -> None:
        if not self.staff_password:
            result.outcome_failures.append("no staff account to check the outcome (--staff-password)")
            return
        staff = StaffApi(http, self.staff_login)
        outcome = dialogue.outcome
        fail = result.outcome_failures.append
        needs_appointments = any(k in outcome for k in ("appointment", "no_appointment", "transcript_masked"))
        mine: List[Dict[str, Any]] = []
        if needs_appointments:
            today = self.today()
            listed = {a["reference"]: a for first in (today - timedelta(days=1), today + timedelta(days=30))
                      for a in staff.appointments(first, 31)}
            for summary in listed.values():
                detail = staff.appointment(summary["reference"])
                transcript = detail.get("transcript") or {}
                if (detail.get("email") or "").lower() == email.lower() \
                        or transcript.get("conversation_id") == result.conversation_id:
                    mine.append(detail)
        if "appointment" in outcome:
            fail_reason = _appointment_mismatch(outcome["appointment"], mine, self.today())
            if fail_reason:
                fail(fail_reason)
        if outcome.get("no_appointment") and [a for a in mine if a.get("status") != "cancelled"]:
            fail(f"an appointment was made: {[a['reference'] for a in mine]}")
        if "callback" in outcome or outcome.get("no_callback"):
            callbacks = [c for c in staff.get("/api/kcc/callbacks?status=open")["callbacks"]
                         if c.get("conversation_id") == result.conversation_id]
            if outcome.get("no_callback") and callbacks:
                fail(f"a callback request was stored: {callbacks}")
            if "callback" in outcome:
                wanted = _DIGITS.sub("", str(outcome["callback"].get("phone", "")))
                if not any(_DIGITS.sub("", c.get("phone") or "").endswith(wanted[-9:]) for c in callbacks):
                    fail(f"no open callback request with phone {outcome['callback'].get('phone')} "
                         f"for this conversation (found {[c.get('phone') for c in callbacks]})")
        if "handover_waiting" in outcome or outcome.get("no_handover"):
            waiting = [h for h in staff.get("/api/kcc/handovers?status=waiting")["handovers"]
                       if h.get("conversation_id") == result.conversation_id]
            if outcome.get("handover_waiting") and not waiting:
                fail("the conversation is not waiting for a KCC employee")
            if outcome.get("no_handover") and waiting:
                fail("the conversation was put in the KCC queue")
        if "transcript_masked" in outcome:
            spec = outcome["transcript_masked"]
            with_transcript = [a for a in mine if a.get("transcript")]
            if not with_transcript:
                fail("no appointment with the chat attached")
            for appointment in with_transcript:
                shown = " ".join(m.get("text") or "" for m in appointment["transcript"].get("messages") or [])
                flat = _DIGITS.sub("", shown)
                for secret in spec.get("hidden", []):
                    digits = _DIGITS.sub("", str(secret))
                    raw_seen = normalise(str(secret)) in normalise(shown)
                    if raw_seen or (len(digits) >= 9 and digits in flat):
                        fail(f"the attached transcript shows {secret!r} unmasked")
                for agency in _as_list(spec.get("agencies", [])):
                    if agency not in appointment.get("agencies", []):
                        fail(f"the appointment is not with {agency} (agencies {appointment.get('agencies')})")


def _as_list(value: Any) -> List[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _local(iso: str) -> datetime:
    from bot.core.clock import TIMEZONE
    return datetime.fromisoformat(iso).astimezone(TIMEZONE)


def expected_day(spec: Dict[str, Any], today: Optional[date] = None) -> Optional[date]:
    """The date a dialogue asked for: ``weekday`` with ``week: next`` (the ISO week after this
    one) or ``week: this_or_next`` (the first such day from tomorrow)."""
    if "weekday" not in spec or "week" not in spec:
        return None
    today = today or date.today()
    target = WEEKDAYS.index(spec["weekday"])
    if spec["week"] == "next":
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return monday + timedelta(days=target)
    ahead = (target - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)


def _appointment_mismatch(spec: Dict[str, Any], mine: List[Dict[str, Any]],
                          today: Optional[date] = None) -> Optional[str]:
    active = [a for a in mine if a.get("status") == spec.get("status", "booked")]
    if not active:
        found = [(a["reference"], a.get("status")) for a in mine]
        return f"no {spec.get('status', 'booked')} appointment of this resident (found {found})"
    problems = []
    for appointment in active:
        start = _local(appointment["start"])
        wrong = []
        if "product" in spec and appointment.get("product") != spec["product"]:
            wrong.append(f"product {appointment.get('product')}")
        if "location" in spec and appointment.get("location") != spec["location"]:
            wrong.append(f"location {appointment.get('location')}")
        if "weekday" in spec and WEEKDAYS[start.weekday()] != spec["weekday"]:
            wrong.append(f"on {WEEKDAYS[start.weekday()]}")
        day = expected_day(spec, today)
        if day and start.date() != day:
            wrong.append(f"on {start.date()} not {day}")
        if "time" in spec and start.strftime("%H:%M") != spec["time"]:
            wrong.append(f"at {start.strftime('%H:%M')}")
        if spec.get("part_of_day") == "middag" and start.hour < 12:
            wrong.append(f"at {start.strftime('%H:%M')}, not in the afternoon")
        if spec.get("part_of_day") == "ochtend" and start.hour >= 12:
            wrong.append(f"at {start.strftime('%H:%M')}, not in the morning")
        for agency in _as_list(spec.get("agencies", [])):
            if agency not in appointment.get("agencies", []):
                wrong.append(f"agencies {appointment.get('agencies')}")
        if not wrong:
            if "count" in spec and len(active) != spec["count"]:
                return f"{len(active)} appointments, expected {spec['count']}"
            return None
        problems.append(f"{appointment['reference']}: " + ", ".join(wrong))
    return "no appointment as asked: " + "; ".join(problems)


def play_all(player: Player, dialogues: Sequence[Dialogue], workers: int = 2,
             progress: Optional[Callable[[DialogueResult], None]] = None) -> List[DialogueResult]:
    """Every dialogue, grouped by the clock it needs (the action server restarts between
    groups); within a group ``workers`` conversations at once. Results in the given order."""
    results: Dict[str, DialogueResult] = {}
    groups: Dict[Optional[str], List[Dialogue]] = {}
    for dialogue in dialogues:
        groups.setdefault(dialogue.clock, []).append(dialogue)
    order = sorted(groups, key=lambda c: (c is not None, c != player.clock, c or ""))
    for clock in order:
        if clock is not None and player.set_clock is not None and clock != player.clock:
            player.set_clock(clock)
            player.clock = clock
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            for result in pool.map(player.play, groups[clock]):
                results[result.dialogue.id] = result
                if progress:
                    progress(result)
    return [results[d.id] for d in dialogues]


# a stack of our own --------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def clock_setter(services: Dict[str, Any]) -> Callable[[str], None]:
    """Restarts the action server (which reads ASSISTANT_CLOCK) at another moment."""
    def set_clock(moment: str) -> None:
        actions = services["actions"]
        if actions.env.get("ASSISTANT_CLOCK") == moment and actions.answers():
            return
        actions.stop()
        actions.env = {**actions.env, "ASSISTANT_CLOCK": moment}
        actions.start()
        deadline = time.monotonic() + 120
        while not actions.answers():
            if time.monotonic() > deadline or not actions.is_running():
                raise RuntimeError("the action server did not come back with the new clock")
            time.sleep(0.3)
    return set_clock


@contextlib.contextmanager
def own_stack(password: str, totp_secret: Optional[str] = None) -> Iterator[tuple]:
    """The services of ``make run`` on free ports with a throw-away database and a KCC account
    (enrolled with ``totp_secret``), the clock at office hours; yields (url, services)."""
    from bot.cli import run
    from bot.cli.migrate import main as migrate
    from bot.core.settings import get_settings
    from bot.db.engine import session_factory
    from bot.retraining.deploy import api_token
    from bot.retraining.model_store import current_model
    from bot.staff import accounts as staff_accounts
    from bot.staff import second_factor

    model = current_model()
    if model is None:
        raise SystemExit("conversations: no model for the current data; run make train first")
    saved = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="conversations-") as folder:
        try:
            os.environ.update({
                **STACK_ENV, "DATABASE_URL": f"sqlite:///{Path(folder) / 'gemeente.db'}",
                "OUTBOX_DIR": str(Path(folder) / "outbox"), "WEB_PORT": str(_free_port()),
                "RASA_PORT": str(_free_port()), "ACTIONS_PORT": str(_free_port()), "LOG_LEVEL": "WARNING",
                "SMTP_HOST": "", "STAFF_COOKIE_SECURE": "false", "RASA_TIMEOUT_S": "30",
                "ASSISTANT_CLOCK": CLOCKS[DEFAULT_CLOCK]})
            os.environ["RASA_URL"] = f"http://127.0.0.1:{os.environ['RASA_PORT']}"
            get_settings.cache_clear()
            settings = get_settings()
            migrate()
            with session_factory(settings.database_url).begin() as session:
                staff_accounts.create_account(session, STAFF_USER, "Dialoogtest", password, frozenset({"kcc"}))
                second_factor.enrol_now(session, staff_accounts.find_account(session, STAFF_USER), totp_secret)
            env = run._environment(settings)
            services = {"actions": run.action_server(settings, env),
                        "rasa": run.rasa_server(settings, env, model, api_token(settings)),
                        "gateway": run.web_gateway(settings, env)}
        finally:
            os.environ.clear()
            os.environ.update(saved)
            get_settings.cache_clear()
        for service in services.values():
            service.start()
        try:
            if not run._wait_until_ready(list(services.values())):
                raise SystemExit("conversations: the stack did not start")
            yield f"http://{settings.web_host}:{settings.web_port}", services
        finally:
            run._stop_all(list(services.values()))
