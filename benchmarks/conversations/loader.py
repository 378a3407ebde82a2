"""Reading the dialogues (``tests/dialogues/<category>.yml``) and the list of known failures.

A dialogue file::

    category: facts
    dialogues:
      - id: facts-paspoort-kosten
        clock: office_hours          # optional: office_hours, closed or an ISO time
        language: en                 # optional: the resident writes English; every reply must be English
        turns:
          - say: "wat kost een paspoort"       # or click: "<button title>" / {content: key}
            first: true                        # the first reply to a new question
            follow_up: false                   # a follow-up ("en op zaterdag?")
            topic: paspoort_id_aanvragen       # what the answer must be about
            expect: {contains_fact: producten.paspoort.tarieven[0].bedrag}
        outcome: {appointment: {product: paspoort, location: gemeentehuis, weekday: dinsdag}}
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Union

import yaml

ROOT = Path(__file__).resolve().parents[2]
DIALOGUES_DIR = ROOT / "tests" / "dialogues"
KNOWN_FAILURES = DIALOGUES_DIR / "known_failures.yml"
CATEGORIES = ("facts", "specific_aspect", "context", "forms", "popup", "booking", "move_cancel",
              "agency", "person", "out_of_scope", "robustness", "near_me", "wegwijzer", "levensgebeurtenissen", "english")
# Named moments for the assistant's clock (ASSISTANT_CLOCK): the phone line of gemeente.yml is
# staffed on a Monday morning and closed on a Tuesday evening. The whole suite runs on a stopped
# clock (office_hours unless a dialogue names another), so "volgende week vrijdag" is always the
# same day, in weeks without a closed day (25-26 December, 1 January, 27 April), on any real date;
# outcomes are checked against that date (Player.today).
CLOCKS = {"office_hours": "2026-11-23T10:00:00+01:00", "closed": "2026-11-24T19:30:00+01:00"}
DEFAULT_CLOCK = "office_hours"

TURN_KEYS = {"say", "click", "first", "follow_up", "topic", "expect", "note", "language"}
EXPECT_KEYS = {"contains", "contains_any", "not_contains", "contains_fact", "not_contains_fact",
               "leads_with_fact", "contains_content", "not_contains_content", "buttons_include",
               "no_failure_notice", "asks_slot", "is_clarification", "not_topic", "silent", "any_of",
               "wegwijzer", "no_burgerzaken", "life_event", "no_life_event"}
OUTCOME_KEYS = {"appointment", "no_appointment", "callback", "no_callback", "handover_waiting",
                "no_handover", "transcript_masked"}


class DialogueError(ValueError):
    """A dialogue file that does not follow the format; names the file and the dialogue."""


@dataclass
class Turn:
    say: Optional[str] = None
    click: Union[None, str, Dict[str, Any]] = None
    first: bool = False
    follow_up: bool = False
    topic: Optional[str] = None
    expect: Dict[str, Any] = field(default_factory=dict)
    language: Optional[str] = None  # the reply's language when it differs from the dialogue's (after a switch)


@dataclass
class Dialogue:
    id: str
    category: str
    turns: List[Turn]
    outcome: Dict[str, Any] = field(default_factory=dict)
    clock: Optional[str] = None  # an ISO time, or None: the dialogue does not depend on the hour
    language: str = "nl"  # "en": expected texts are read in English, and a Dutch reply fails the turn
    description: str = ""
    source: str = ""


def _turn(raw: Dict[str, Any], where: str) -> Turn:
    if not isinstance(raw, dict) or set(raw) - TURN_KEYS:
        raise DialogueError(f"{where}: a turn has keys {sorted(TURN_KEYS)}, got {raw!r}")
    if (raw.get("say") is None) == (raw.get("click") is None):
        raise DialogueError(f"{where}: a turn has either 'say' or 'click'")
    expect = raw.get("expect") or {}
    unknown = set(expect) - EXPECT_KEYS
    if unknown:
        raise DialogueError(f"{where}: unknown expectations {sorted(unknown)}")
    return Turn(say=raw.get("say"), click=raw.get("click"), first=bool(raw.get("first")),
                follow_up=bool(raw.get("follow_up")), topic=raw.get("topic"), expect=dict(expect),
                language=_language(raw["language"], where) if "language" in raw else None)


def _clock(value: Optional[str], where: str) -> Optional[str]:
    if value is None:
        return None
    if value in CLOCKS:
        return CLOCKS[value]
    from datetime import datetime
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise DialogueError(f"{where}: clock is one of {sorted(CLOCKS)} or an ISO time") from None
    return value


def _language(value: Optional[str], where: str) -> str:
    if value in (None, "nl", "en"):
        return value or "nl"
    raise DialogueError(f"{where}: language is nl or en")


def load_file(path: Path) -> List[Dialogue]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    category = data.get("category")
    if category not in CATEGORIES:
        raise DialogueError(f"{path.name}: category must be one of {CATEGORIES}")
    found = []
    for raw in data.get("dialogues") or []:
        where = f"{path.name}:{raw.get('id', '?')}"
        turns = [_turn(t, where) for t in raw.get("turns") or []]
        if not 2 <= len(turns) <= 8:
            raise DialogueError(f"{where}: a dialogue has 2 to 8 turns, this one {len(turns)}")
        outcome = raw.get("outcome") or {}
        if set(outcome) - OUTCOME_KEYS:
            raise DialogueError(f"{where}: unknown outcome checks {sorted(set(outcome) - OUTCOME_KEYS)}")
        found.append(Dialogue(id=str(raw["id"]), category=raw.get("category", category), turns=turns,
                              outcome=dict(outcome), clock=_clock(raw.get("clock"), where),
                              language=_language(raw.get("language"), where),
                              description=raw.get("description", ""), source=path.name))
    return found


def load_dialogues(folder: Path = DIALOGUES_DIR, categories: Optional[List[str]] = None,
                   ids: Optional[List[str]] = None) -> List[Dialogue]:
    """Every dialogue of every category file, in file order; optionally only some."""
    dialogues: List[Dialogue] = []
    for path in sorted(folder.glob("*.yml")):
        if path.name == KNOWN_FAILURES.name:
            continue
        dialogues.extend(load_file(path))
    seen = set()
    for dialogue in dialogues:
        if dialogue.id in seen:
            raise DialogueError(f"dialogue id {dialogue.id} is used twice")
        seen.add(dialogue.id)
    if categories:
        dialogues = [d for d in dialogues if d.category in categories]
    if ids:
        dialogues = [d for d in dialogues if d.id in ids]
    return dialogues


def known_failures(path: Path = KNOWN_FAILURES) -> Dict[str, str]:
    """``{dialogue id: one-line reason}`` of the dialogues today's bot fails."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(item["id"]): str(item["reason"]) for item in data.get("known_failures") or []}
