"""What the answer editor may change in content/antwoorden.yml, and whether a new text may go live.

The editable answers are the texts of the file: every string in a mapping, named by its path
(``onderwerpen.paspoort_id_aanvragen.uitleg``). Lists (``producten``, ``woorden``, the buttons
under a topic) and ``organisaties.intents`` are structure, not text, and stay out: the model's
topic words come from them, so the editor never changes what the model was trained with.

``assess`` is the one check, shown while typing and applied when saving:
- errors (the text is refused): empty, longer than ``MAX_CHARS``, a control character, a
  placeholder unknown here, a loose ``{`` or ``}``, a malformed link, or below the B1 bar
  (Flesch-Douma ``B1_FLOOR``) for prose of ``PROSE_MIN_WORDS`` words or more. A text that was
  below the bar already may be saved when it does not get harder to read, so a typo in a form
  text can be fixed;
- warnings (saved, but shown): a placeholder the live text has and the new one lacks, and
  sentences that are long on average.

The score is measured on the text as written, with each placeholder read as one word of two
syllables (a name, an amount): the same number in the editor and in the check on saving. An English
text (``language="en"``, for antwoorden.en.yml) is measured with Flesch reading ease against the
same bar (bot/core/readability.py).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

from bot.config.content import KNOWN_PLACEHOLDERS, PLACEHOLDER
from bot.content_tools.check import link_problem, links_in
from bot.core.language import DUTCH, ENGLISH
from bot.core.readability import B1_FLOOR, PROSE_MIN_WORDS, WORDS_PER_SENTENCE_CEILING, measure

MAX_CHARS = 1000
PLACEHOLDER_STAND_IN = "waarde"  # two syllables, as an average Dutch word
STAND_INS = {DUTCH: PLACEHOLDER_STAND_IN, ENGLISH: "value"}  # and as an average English one
_BRACED = re.compile(r"\{[^{}\n]*\}")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\u2028\u2029]")  # a text may hold newlines, nothing else
_KEY = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*")
MAX_KEY_CHARS = 200

# The facts every answer can use (bot.config.facts.base_facts); each section adds its own.
GENERAL = ("gemeente", "balie", "telefoon", "popup")
SECTION_FACTS: Dict[str, Tuple[str, ...]] = {
    "knoppen": GENERAL, "standaard": GENERAL + ("product",), "onderwerpen": GENERAL + ("product",),
    "afspraken": GENERAL, "organisaties": GENERAL + ("organisatie",),
    "spreekuur": GENERAL + ("organisatie", "onderwerp", "afspraak"), "plekken": GENERAL + ("plek",),
    "gesprek": GENERAL, "verwijderen": GENERAL, "terugbellen": GENERAL + ("terugbellen",),
    "terugval": GENERAL, "overname": ("medewerker",), "mail": GENERAL + ("afspraak",),
    "afspraak": GENERAL + ("afspraak",), "chatvenster": GENERAL + ("medewerker",),
    "dichtbij": GENERAL + ("product", "plek"), "wegwijzer": GENERAL + ("wegwijzer",),
    "levensgebeurtenissen": GENERAL + ("product",), "kcc": GENERAL,
}
SECTION_TITLES = {
    "knoppen": "Knoppen onder antwoorden", "standaard": "Vaste stukken van antwoorden",
    "onderwerpen": "Onderwerpen (burgerzaken)", "afspraken": "Openingstijden, contact en gemeentebus",
    "organisaties": "Landelijke organisaties", "spreekuur": "Afspraak met een landelijke organisatie",
    "plekken": "Vragen over een plek", "gesprek": "Gesprek", "verwijderen": "Gesprek wissen",
    "terugbellen": "Terugbellen", "terugval": "Als de assistent het niet begrijpt",
    "overname": "Een medewerker neemt over", "mail": "E-mails over een afspraak",
    "afspraak": "Afspraak maken, verzetten en afzeggen", "chatvenster": "Het chatvenster",
    "dichtbij": "Dicht bij huis (pop-up loketten)", "wegwijzer": "Wegwijzer (andere gemeentelijke vragen)",
    "levensgebeurtenissen": "Levensgebeurtenissen", "kcc": "KCC-console",
}
_STRUCTURE = ("organisaties.intents",)


@dataclass(frozen=True)
class Answer:
    """One editable text: its path, where it sits, and the text now in the file."""
    key: str
    section: str
    title: str
    text: str

    @property
    def revision(self) -> str:
        return revision(self.text)


@dataclass(frozen=True)
class Problem:
    code: str  # empty, too_long, control_character, unknown_placeholder, loose_brace, malformed_link, below_b1,
    # missing_placeholder, long_sentences
    message: str  # a Dutch sentence for the content owner

    def as_json(self) -> Dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class Assessment:
    score: float
    words: int
    sentences: int
    prose: bool
    placeholders: Tuple[str, ...]
    errors: Tuple[Problem, ...] = ()
    warnings: Tuple[Problem, ...] = ()

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    def as_json(self) -> Dict[str, Any]:
        return {"score": round(self.score, 1), "b1": (not self.prose) or self.score >= B1_FLOOR,
                "prose": self.prose, "words": self.words, "sentences": self.sentences,
                "words_per_sentence": round(self.words_per_sentence, 1), "placeholders": list(self.placeholders),
                "errors": [p.as_json() for p in self.errors], "warnings": [p.as_json() for p in self.warnings]}


def revision(text: str) -> str:
    """A short fingerprint of a text: a save names the text it started from."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def is_key(key: str) -> bool:
    return len(key) <= MAX_KEY_CHARS and bool(_KEY.fullmatch(key))


def answers_in(raw: Any) -> List[Answer]:
    """The editable texts of the content file's data, in the file's order."""
    if not isinstance(raw, dict):
        return []
    titles = (raw.get("terugval") or {}).get("onderwerpen") or {}
    found: List[Answer] = []

    def visit(node: Dict[Any, Any], path: Tuple[str, ...]) -> None:
        for name, value in node.items():
            here = path + (str(name),)
            key = ".".join(here)
            if any(key == s or key.startswith(s + ".") for s in _STRUCTURE) or not is_key(key):
                continue
            if isinstance(value, dict):
                visit(value, here)
            elif isinstance(value, str):
                found.append(Answer(key, here[0], _title(here, titles), value))

    visit(raw, ())
    return found


def _title(path: Tuple[str, ...], topic_titles: Dict[str, str]) -> str:
    rest = list(path[1:])
    if path[0] == "onderwerpen" and rest and isinstance(topic_titles.get(rest[0]), str):
        rest[0] = topic_titles[rest[0]]
    return " › ".join(part.replace("_", " ") for part in rest) or path[0]


def allowed_placeholders(key: str, live_text: str = "") -> FrozenSet[str]:
    """The placeholders a text at ``key`` can use: those whose facts its section fills, and
    whatever the live text already uses."""
    namespaces = SECTION_FACTS.get(key.split(".")[0], GENERAL)
    allowed = {name for name in KNOWN_PLACEHOLDERS if name.split(".")[0] in namespaces}
    return frozenset(allowed | set(PLACEHOLDER.findall(live_text)))


def normalise(text: str) -> str:
    """Line ends as \\n, no spaces at the ends of lines or of the text."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def plain_language(text: str, language: str = DUTCH):
    """The text's readability in its language (Flesch-Douma, or Flesch reading ease for English),
    each placeholder read as one word."""
    return measure(PLACEHOLDER.sub(STAND_INS.get(language, PLACEHOLDER_STAND_IN), text), language)


def assess(key: str, text: str, live_text: Optional[str] = None, language: str = DUTCH) -> Assessment:
    """Errors and warnings of ``text`` as the new text at ``key``, whose live text is ``live_text``,
    in ``language`` (Dutch, or English for the English content)."""
    live = live_text or ""
    readable = plain_language(text, language)
    prose = readable.words >= PROSE_MIN_WORDS
    used = tuple(dict.fromkeys(PLACEHOLDER.findall(text)))
    errors: List[Problem] = []
    warnings: List[Problem] = []
    if not text.strip():
        errors.append(Problem("empty", "De tekst is leeg. Schrijf een tekst, of laat de oude staan."))
    if len(text) > MAX_CHARS:
        errors.append(Problem("too_long", f"De tekst is {len(text)} tekens lang. Het mag niet meer zijn dan "
                                          f"{MAX_CHARS} tekens. Maak hem korter."))
    if _CONTROL.search(text):
        errors.append(Problem("control_character", "De tekst bevat een onzichtbaar teken (zoals een tab). "
                                                   "Haal het weg."))
    errors += _placeholder_errors(key, text, live)
    for url in links_in(text):
        trouble = link_problem(url)
        if trouble:
            errors.append(Problem("malformed_link", f"De link {url} klopt niet: {_LINK_TROUBLE.get(trouble, trouble)}."))
    if prose and readable.score < B1_FLOOR:
        before = plain_language(live, language)
        was_below = before.words >= PROSE_MIN_WORDS and before.score < B1_FLOOR
        if not was_below or round(readable.score, 1) < round(before.score, 1):
            errors.append(Problem("below_b1", _below_b1(readable.score, before.score if was_below else None)))
    missing = [name for name in dict.fromkeys(PLACEHOLDER.findall(live)) if name not in used]
    if missing:
        warnings.append(Problem("missing_placeholder", "Deze invulvelden staan in de huidige tekst, maar niet meer in "
                                                       "de nieuwe: " + ", ".join("{" + m + "}" for m in missing) + "."))
    if prose and readable.sentences and readable.words / readable.sentences > WORDS_PER_SENTENCE_CEILING:
        warnings.append(Problem("long_sentences", f"De zinnen zijn gemiddeld {readable.words / readable.sentences:.0f} "
                                                  f"woorden lang. Houd ze onder de {WORDS_PER_SENTENCE_CEILING}."))
    return Assessment(readable.score, readable.words, readable.sentences, prose, used, tuple(errors),
                      tuple(warnings))


_LINK_TROUBLE = {"begins without https://": "begin met https://", "must begin with https://": "begin met https://",
                 "contains spaces or characters a web address cannot hold": "er staan spaties of vreemde tekens in",
                 "is not a valid web address": "het is geen geldig webadres"}


def _below_b1(score: float, before: Optional[float]) -> str:
    said = f"De leesbaarheid is {score:.0f}. Voor taalniveau B1 moet dat minstens {B1_FLOOR:.0f} zijn."
    if before is not None:
        said = (f"De leesbaarheid is {score:.0f}, lager dan de huidige tekst ({before:.0f}). Een tekst onder de "
                f"{B1_FLOOR:.0f} mag niet moeilijker worden.")
    return said + " Gebruik kortere zinnen en kortere woorden."


def _placeholder_errors(key: str, text: str, live: str) -> List[Problem]:
    allowed = allowed_placeholders(key, live)
    problems = []
    unknown = []
    for braced in _BRACED.findall(text):
        name = braced[1:-1]
        if not PLACEHOLDER.fullmatch(braced) or name not in allowed:
            unknown.append(braced)
    if unknown:
        names = ", ".join(dict.fromkeys(unknown))
        problems.append(Problem("unknown_placeholder", f"Onbekend invulveld: {names}. Hier kunt u deze gebruiken: "
                                                       + ", ".join("{" + n + "}" for n in sorted(allowed)) + "."))
    if "{" in _BRACED.sub("", text) or "}" in _BRACED.sub("", text):
        problems.append(Problem("loose_brace", "Er staat een losse { of }. Een invulveld staat tussen twee "
                                               "accolades, zoals {gemeente.naam}."))
    return problems
