"""The figures of issue 13 for the people who use the assistant every day, in Debian's Chromium
against the real gateway (the browser tests' harness: uvicorn on a free loopback port, a
temporary SQLite database, the fake Rasa, as no model is needed for these pages):

- axe-core's WCAG 2.1 AA result for every page residents and staff use, at 1280x800 and at
  200% zoom (640x400 CSS pixels at device scale 2, as the browser tests zoom), one line per page
  and size with the number of violations and their rule ids;
- 10 times the seconds from a KCC employee's send (the staff API, as the console's "Versturen"
  sends it) until the text shows in the resident's widget (the push channel, with polling as
  fallback): median and maximum;
- screenshots in reports/screenshots/: the widget at 390 and 1280 px, the console at 200%.

Exits 1 if any page has a violation or could not be shown. axe's runs also go to
reports/axe.json, as in the browser tests.

    .venv/bin/python -m benchmarks.people
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from datetime import time as day_time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import httpx
import pytest

from bot.appointments.sync import sync_from_config
from bot.config.gemeente import get_gemeente
from bot.conversations.tracker_events import tracker_store_url
from bot.core.clock import utcnow
from bot.core.settings import PROJECT_ROOT, get_settings
from bot.handover import callback
from bot.staff import passwords
from tests.browser.test_console import TUESDAY, book_for_agencies, resident_chat
from tests.support.browser import LiveGateway, axe_violations, chromium_path, serving
from tests.support.content import Seed
from tests.support.staff import PASSWORD, bearer, code, db, make_account, request_person

SCREENSHOTS = PROJECT_ROOT / "reports" / "screenshots"
SENDS = 10
WAIT_MS = 10_000
ADMIN = "beheer"  # one administrator sees every console page: chats, appointments, content, audit, sessions


@dataclass(frozen=True)
class Size:
    name: str
    viewport: Dict[str, int]
    scale: int


SIZES = (Size("1280x800", {"width": 1280, "height": 800}, 1),
         Size("200%", {"width": 640, "height": 400}, 2))  # 1280 x 800 at 200% zoom


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    what: str


PAGES: Tuple[Page, ...] = (
    Page("widget", "/", "the demo page with an open chat"),
    Page("privacy", "/privacy", "privacy statement"),
    Page("toegankelijkheid", "/toegankelijkheid", "accessibility statement"),
    Page("kcc-login", "/kcc", "the console's log-in"),
    Page("kcc-queue", "/kcc", "the waiting chats"),
    Page("kcc-callbacks", "/kcc", "the call-back requests (beside the queue)"),
    Page("kcc-chat", "/kcc", "a taken chat with the reply form"),
    Page("kcc-appointments", "/kcc/afspraken", "the appointments of a week"),
    Page("kcc-sessions", "/kcc/sessies", "the sessions"),
    Page("kcc-audit", "/kcc/audit", "the audit log"),
    Page("content-inbox", "/kcc/content", "the content inbox with misses"),
    Page("answer-editor", "/kcc/antwoorden", "the answer editor with an answer open"),
)


# The printed figures (pure)

def axe_line(page: Page, size: Size, violations: Sequence[str]) -> str:
    """One page at one size: the count of violations and, if any, their rule ids."""
    rules = sorted({line.split(":", 1)[0] for line in violations})
    found = f"{len(violations)} violation{'' if len(violations) == 1 else 's'}"
    return f"{page.name:<17} {page.path:<18} {size.name:<8} {found}" + (f" ({', '.join(rules)})" if rules else "")


def failure_line(page: Page, size: Size, error: str) -> str:
    return f"{page.name:<17} {page.path:<18} {size.name:<8} NOT SHOWN: {error.splitlines()[0][:160]}"


def latency_line(seconds: Sequence[float]) -> str:
    """Median and maximum of the send-to-screen times."""
    return (f"employee's send to the resident's screen, {len(seconds)} sends: median {statistics.median(seconds):.2f} s, "
            f"max {max(seconds):.2f} s")


# Data the pages show

def seed(base: str, tmp: Path) -> None:
    """The administrator, a call-back request after a chat, two appointments on a Tuesday and
    misses for the content inbox."""
    make_account(ADMIN, ["admin"], name="Beheerder")
    chat = resident_chat(base, "paspoort kwijt")  # before the transaction: the gateway writes too
    with db().begin() as session:
        sync_from_config(session, get_gemeente())
        callback.request_callback(session, name="Fatima de Vries", phone="0612345678", preferred_time="morgenochtend",
                                  topic="reisdocument_kwijt", conversation_id=chat, at=datetime.now(timezone.utc))
    for start, name in ((day_time(9), "Jan Jansen"), (day_time(10, 30), "Sara de Vries-van den Berg")):
        book_for_agencies(tmp, resident_chat(base, "een vraag voor het UWV"), ["uwv", "svb"], name,
                          "iemand@voorbeeld-gemeente.example", start)
    url = get_settings().database_url
    misses = Seed(url, tracker_store_url(url))
    at = utcnow() - timedelta(hours=2)
    for conversation, text, intent, confidence in (("oos", "hondenbelasting", "out_of_scope", 0.97),
                                                   ("gibberish", "asdfgh", "out_of_scope", 0.91),
                                                   ("twijfel", "mag mijn buurman mijn pas halen",
                                                    "reisdocument_ophalen", 0.45)):
        misses.user(conversation, text, intent, confidence, at)
        misses.action(conversation, "action_reply_conversation", at + timedelta(seconds=1))
    misses.close()


def resident_waiting(base: str) -> str:
    """A resident who asked for a person, as the Rasa action records it."""
    conversation = resident_chat(base, "Ik wil een mens spreken")
    request_person(conversation, "reisdocument_kwijt")
    return conversation


# Each view, made ready to check

def open_chat(page, base: str) -> None:
    page.goto(base + "/")
    page.locator(".gc-launcher").click()
    page.locator("#gc-input").fill("wat kost een paspoort?")
    page.keyboard.press("Enter")
    page.get_by_text("Wilt u een afspraak maken?").wait_for(timeout=WAIT_MS)


def heading(page, base: str, path: str) -> None:
    page.goto(base + path)
    page.get_by_role("heading", level=1).wait_for(timeout=WAIT_MS)


def log_in_form(page, base: str) -> None:
    page.goto(base + "/kcc")
    page.get_by_role("button", name="Inloggen").wait_for(timeout=WAIT_MS)


def queue(page, base: str) -> None:
    page.get_by_label("Gebruikersnaam").fill(ADMIN)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Code uit de authenticator-app").fill(code())
    page.get_by_role("button", name="Inloggen").click()
    page.locator("#queue .item").first.wait_for(timeout=WAIT_MS)


def callbacks(page, base: str) -> None:
    item = page.locator("#callbacks .item", has_text="Fatima de Vries")
    item.wait_for(timeout=WAIT_MS)
    item.scroll_into_view_if_needed()


def taken_chat(page, base: str) -> None:
    page.locator("#queue").get_by_role("button", name="Overnemen").first.click()
    page.locator("#reply-form").wait_for(timeout=WAIT_MS)


def appointments(page, base: str) -> None:
    page.goto(base + "/kcc/afspraken")
    page.get_by_label("Vanaf datum").fill(TUESDAY.isoformat())
    page.get_by_label("Periode").select_option("7")
    page.get_by_role("button", name="Tonen").click()
    page.locator("#appointments tbody tr", has_text="Sara de Vries-van den Berg").wait_for(timeout=WAIT_MS)


def rows(ready: str) -> Callable[..., None]:
    def show(page, base: str, path: str) -> None:
        page.goto(base + path)
        page.locator(ready).first.wait_for(timeout=WAIT_MS)
    return show


def answer_editor(page, base: str) -> None:
    page.goto(base + "/kcc/antwoorden")
    page.get_by_label("Zoek in de antwoorden").fill("Graag gedaan")
    page.get_by_role("link", name="bedankt").click()
    page.get_by_role("heading", name="bedankt").wait_for(timeout=WAIT_MS)


VIEWS: Dict[str, Callable[..., None]] = {
    "widget": open_chat,
    "privacy": lambda page, base: heading(page, base, "/privacy"),
    "toegankelijkheid": lambda page, base: heading(page, base, "/toegankelijkheid"),
    "kcc-login": log_in_form,
    "kcc-queue": queue,
    "kcc-callbacks": callbacks,
    "kcc-chat": taken_chat,
    "kcc-appointments": appointments,
    "kcc-sessions": lambda page, base: rows("#sessions-rows tr")(page, base, "/kcc/sessies"),
    "kcc-audit": lambda page, base: rows("#audit-rows tr")(page, base, "/kcc/audit"),
    "content-inbox": lambda page, base: rows("#inbox-groepen article")(page, base, "/kcc/content"),
    "answer-editor": answer_editor,
}


def check_pages(browser, gateway: LiveGateway, size: Size) -> Tuple[List[str], bool]:
    """Every page at one size, in order (the console's views follow one log-in); the lines and
    whether all were shown without a violation."""
    resident_waiting(gateway.url)  # one to take over at this size
    context = browser.new_context(locale="nl-NL", viewport=size.viewport, device_scale_factor=size.scale)
    lines, clean = [], True
    try:
        page = context.new_page()
        for one in PAGES:
            try:
                VIEWS[one.name](page, gateway.url)
            except Exception as error:  # noqa: BLE001 - a page that cannot be shown is reported, not hidden
                lines.append(failure_line(one, size, str(error)))
                clean = False
                continue
            found = axe_violations(page)
            lines.append(axe_line(one, size, found))
            clean = clean and not found
            if one.name == "kcc-callbacks" and size.scale == 2:  # the queue and call-backs at 200%
                page.screenshot(path=str(SCREENSHOTS / "kcc-console-200.png"), full_page=True)
    finally:
        context.close()
    return lines, clean


def send_to_screen(browser, gateway: LiveGateway) -> List[float]:
    """An employee takes a resident's chat through the staff API and sends ``SENDS`` messages;
    for each, the seconds from just before the request until the widget shows it. Leaves the
    widget screenshots at 1280 and 390 px."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        open_chat(page, gateway.url)
        conversation = page.evaluate("""() => {
            const key = Object.keys(localStorage).find(k => k.startsWith('gemeente-chat:'));
            return JSON.parse(localStorage.getItem(key)).conversation.id;
        }""")
        request_person(conversation, "reisdocument_kwijt")  # as the Rasa action does when asked for a person
        page.locator("#gc-input").fill("mag ik een mens?")
        page.keyboard.press("Enter")
        page.locator(".gc-log .gc-resident", has_text="mag ik een mens?").wait_for(timeout=WAIT_MS)
        with httpx.Client(base_url=gateway.url, timeout=10) as api:
            token = api.post("/api/staff/login", json={"username": ADMIN, "password": PASSWORD,
                                                        "code": code()}).json()["token"]
            api.post(f"/api/kcc/handovers/{conversation}/take", headers=bearer(token)).raise_for_status()
            page.wait_for_timeout(1000)  # the employee reads the chat before typing
            seconds = []
            for number in range(1, SENDS + 1):
                page.wait_for_timeout(150 * number)  # sends at different moments of the polling cycle
                text = f"Bericht {number} van de medewerker."
                started = time.monotonic()
                api.post(f"/api/kcc/handovers/{conversation}/messages", json={"text": text},
                         headers=bearer(token)).raise_for_status()
                page.locator(".gc-log .gc-agent .gc-bubble", has_text=text).wait_for(timeout=WAIT_MS)
                seconds.append(time.monotonic() - started)
        page.wait_for_timeout(300)
        page.screenshot(path=str(SCREENSHOTS / "widget-1280.png"))
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_timeout(300)
        page.screenshot(path=str(SCREENSHOTS / "widget-390.png"))
    finally:
        context.close()
    return seconds


def main(argv: Optional[Sequence[str]] = None) -> int:
    path = chromium_path()
    if not path:
        print("no Chromium: install Debian's chromium package or set CHROMIUM_PATH", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "SCRYPT_N", 2 ** 4)  # log-ins are not what is measured
        patch.setattr(passwords, "SCRYPT_P", 1)
        patch.setenv("RATE_LIMIT_PER_ADDRESS", "1000")  # every request comes from 127.0.0.1
        with serving(Path(folder) / "gateway.db", patch) as gateway, sync_playwright() as playwright:
            seed(gateway.url, Path(folder))
            browser = playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
            clean = True
            print("axe-core, WCAG 2.1 AA, per page and size:")
            for size in SIZES:
                lines, ok = check_pages(browser, gateway, size)
                print("\n".join(lines), flush=True)
                clean = clean and ok
            print(latency_line(send_to_screen(browser, gateway)))
            browser.close()
    for name in ("widget-390.png", "widget-1280.png", "kcc-console-200.png"):
        print(f"screenshot: {(SCREENSHOTS / name).relative_to(PROJECT_ROOT)}")
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
