"""The answer texts of ``content/antwoorden.yml``: loading, placeholders and the content check.

Texts are templates with ``{name.field}`` placeholders filled from the municipality's facts
(``bot.config.facts``). A line whose fact is missing is left out rather than shown half-filled.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from bot.config.gemeente import CASES
from bot.core import language
from bot.core.reloading import ReloadingFile, read_yaml
from bot.core.settings import get_settings
from bot.core.yaml_tree import strings

logger = logging.getLogger(__name__)
PLACEHOLDER = re.compile(r"\{([a-z_]+\.[a-z_]+)\}")
KNOWN_PLACEHOLDERS = frozenset({
    "gemeente.naam", "gemeente.telefoon", "gemeente.email", "gemeente.website",
    "gemeente.postadres", "gemeente.klachten_link",
    "balie.naam", "balie.adres", "balie.openingstijden", "telefoon.tijden",
    "product.naam", "product.link", "product.levertijd", "product.kosten",
    "organisatie.naam", "organisatie.volledige_naam", "organisatie.telefoon",
    "organisatie.website", "organisatie.spreekuur", "popup.overzicht",
    "afspraak.referentie", "afspraak.product", "afspraak.wanneer", "afspraak.locatie",
    "afspraak.adres", "afspraak.meenemen", "afspraak.dag", "afspraak.laatste_dag", "afspraak.naam",
    "afspraak.email", "medewerker.naam",
    # the appointment with an agency employee (bot/agencies/booking.py, bot/agencies/dialogue.py)
    "organisatie.met_lidwoord", "onderwerp.naam", "onderwerp.link", "afspraak.organisaties",
    "afspraak.contact",
    "terugbellen.naam", "terugbellen.telefoon", "terugbellen.moment", "terugbellen.wanneer",
    # a place asked about in a follow-up (bot/faq/places.py)
    "plek.naam", "plek.adres", "plek.omschrijving", "plek.tijden", "plek.tijden_gevraagd", "plek.dagen",
    "plek.producten",
    # near home (bot/faq/near_home.py): a pop-up's next dates, and the postcode the resident gave
    "plek.data", "plek.postcode",
    # a municipal subject outside burgerzaken, signposted (gemeente.yml: wegwijzer)
    "wegwijzer.naam", "wegwijzer.uitleg", "wegwijzer.link", "wegwijzer.telefoon",
})
# Sections of a burgerzaken topic with a fixed meaning; any other section is an extra that
# is shown only when the resident's message contains one of its `woorden`.
TOPIC_SECTIONS = ("uitleg", "online", "meenemen", "kind", "kosten", "levertijd")
# The buttons a content owner can put under an answer, and the intent each one sends.
BUTTON_TARGETS = {"afspraak": "afspraak_maken", "andere_vraag": "bevestigen",
                  "medewerker": "menselijk_contact", "popup": "popup_locaties",
                  "terugbellen": "bevestigen"}  # "ja" to the callback offer outside office hours
REQUIRED_KEYS = ("knoppen", "standaard", "onderwerpen", "afspraken", "organisaties", "plekken", "gesprek", "terugval",
                 "mail", "afspraak", "overname", "spreekuur", "kcc")
# A topic as the bot stores it (an intent's name), as opposed to a label someone wrote.
CODE_NAME = re.compile(r"[a-z0-9_]+")


class ContentError(Exception):
    """The content file cannot be used; the message names the key."""


def render(template: str, facts: Dict[str, Optional[str]]) -> str:
    """Fills placeholders; drops each line that needs a fact the configuration lacks, and
    the whole text when it has none of the facts it is about (a fee header with no fees)."""
    wanted = PLACEHOLDER.findall(template)
    if wanted and not any(facts.get(name) for name in wanted):
        return ""
    kept = []
    for line in template.split("\n"):
        names = PLACEHOLDER.findall(line)
        if any(not facts.get(name) for name in names):
            continue
        kept.append(PLACEHOLDER.sub(lambda m: str(facts[m.group(1)]), line))
    return "\n".join(kept).strip()


@dataclass(frozen=True)
class Extra:
    """An extra piece of a topic, shown when the message has one of its words or is about one of
    its cases (``gevallen``: "mijn vader wordt 76" is the case 75_plus, see bot/faq/case.py)."""
    text: str
    words: Tuple[str, ...]
    cases: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    products: Tuple[str, ...]
    sections: Dict[str, str]
    per_document: Dict[str, str]
    extras: Dict[str, Extra]
    buttons: Tuple[str, ...]


@dataclass(frozen=True)
class Content:
    raw: Dict[str, Any]
    topics: Dict[str, Topic]

    def text(self, *keys: str) -> str:
        node: Any = self.raw
        for key in keys:
            if not isinstance(node, dict) or key not in node:
                raise ContentError(f"content: missing text {'.'.join(keys)}")
            node = node[key]
        if not isinstance(node, str):
            raise ContentError(f"content: {'.'.join(keys)} must be a text")
        return node

    def has(self, *keys: str) -> bool:
        node: Any = self.raw
        for key in keys:
            if not isinstance(node, dict) or key not in node:
                return False
            node = node[key]
        return True

    def fact(self, text: Optional[str]) -> Optional[str]:
        """A text from gemeente.yml (a product's name, a delivery time, a fee's label) in the
        content's language: the English content's ``feiten`` translate it; Dutch keeps it."""
        if not text:
            return text
        return str((self.raw.get("feiten") or {}).get(text, text))

    def bring_for(self, product: str) -> Optional[str]:
        """What to bring for a product: the meenemen piece of the first topic about it."""
        for topic in self.topics.values():
            if product in topic.products and "meenemen" in topic.sections:
                return topic.sections["meenemen"]
        return None

    def topic_for(self, product: str) -> Optional[str]:
        """The topic (intent) that explains a product: the one most about it, the fewest products
        beside it (rijbewijs_aanvragen, not reisdocument_kwijt for a lost passport, id-card or licence);
        of equals, the first."""
        naming = [(len(topic.products), index, name) for index, (name, topic) in enumerate(self.topics.items())
                  if product in topic.products]
        return min(naming)[2] if naming else None

    def agency_for_intent(self, intent: str) -> Optional[str]:
        return self.raw["organisaties"].get("intents", {}).get(intent)


def _parse_topic(name: str, raw: Any) -> Topic:
    where = f"onderwerpen.{name}"
    if not isinstance(raw, dict):
        raise ContentError(f"content: {where} must be a mapping of pieces")
    if not isinstance(raw.get("uitleg"), str):
        raise ContentError(f"content: {where}.uitleg is missing")
    products = raw.get("producten") or []
    buttons = raw.get("knoppen") or []
    sections, extras = {}, {}
    for key, value in raw.items():
        if key in ("producten", "knoppen", "per_document"):
            continue
        if isinstance(value, str):
            if key in TOPIC_SECTIONS:
                sections[key] = value
            else:
                extras[key] = Extra(value, ())
        elif isinstance(value, dict) and isinstance(value.get("tekst"), str):
            words = tuple(str(w).lower() for w in value.get("woorden") or [])
            cases = tuple(str(c) for c in value.get("gevallen") or [])
            unknown = [c for c in cases if c not in CASES]
            if unknown:
                raise ContentError(f"content: {where}.{key}.gevallen: unknown case {', '.join(unknown)} "
                                   f"(known: {', '.join(CASES)})")
            extras[key] = Extra(value["tekst"], words, cases)
        else:
            raise ContentError(f"content: {where}.{key} must be a text or {{tekst, woorden}}")
    per_document = raw.get("per_document") or {}
    if not isinstance(per_document, dict) or not all(isinstance(v, str) for v in per_document.values()):
        raise ContentError(f"content: {where}.per_document must map documents to texts")
    return Topic(tuple(products), sections, dict(per_document), extras, tuple(buttons))



def parse_content(raw: Any, source: str = "content") -> Content:
    if not isinstance(raw, dict):
        raise ContentError(f"{source}: expected sections such as onderwerpen and gesprek")
    missing = [key for key in REQUIRED_KEYS if key not in raw]
    if missing:
        raise ContentError(f"{source}: missing section(s) {', '.join(missing)}")
    for path, text in strings(raw):
        for name in PLACEHOLDER.findall(text):
            if name not in KNOWN_PLACEHOLDERS:
                raise ContentError(f"{source}: {path} uses unknown placeholder {{{name}}}")
    unknown_buttons = [name for name in raw["knoppen"] if name not in BUTTON_TARGETS]
    if unknown_buttons:
        raise ContentError(f"{source}: knoppen: unknown button(s) {', '.join(unknown_buttons)} "
                           f"(known: {', '.join(BUTTON_TARGETS)})")
    topics = {name: _parse_topic(name, value) for name, value in (raw["onderwerpen"] or {}).items()}
    for name, topic in topics.items():
        unknown = [b for b in topic.buttons if b not in raw["knoppen"]]
        if unknown:
            raise ContentError(f"{source}: onderwerpen.{name}.knoppen: unknown button {', '.join(unknown)}")
    _check_topic_names(raw, source)
    return Content(raw, topics)


def _check_topic_names(raw: Dict[str, Any], source: str) -> None:
    """The topic names: terugval.onderwerpen and kcc.onderwerpen map names to texts, and a
    name stands in one of them only, so each topic has one name."""
    kcc = raw["kcc"]
    if not isinstance(kcc, dict) or not isinstance(kcc.get("onderwerp_onbekend"), str):
        raise ContentError(f"{source}: kcc.onderwerp_onbekend must be a text")
    lists: Dict[str, Dict[str, Any]] = {}
    for where, names in (("terugval.onderwerpen", (raw["terugval"] or {}).get("onderwerpen")),
                         ("kcc.onderwerpen", kcc.get("onderwerpen"))):
        if not isinstance(names, dict) or not all(isinstance(v, str) and v.strip() for v in names.values()):
            raise ContentError(f"{source}: {where} must map each intent to its Dutch name")
        lists[where] = names
    twice = sorted(set(lists["terugval.onderwerpen"]) & set(lists["kcc.onderwerpen"]))
    if twice:
        raise ContentError(f"{source}: kcc.onderwerpen: {', '.join(twice)} already named in terugval.onderwerpen")
    replies = kcc.get("snelle_antwoorden") or []
    if not isinstance(replies, list) or not all(
            isinstance(r, dict) and isinstance(r.get("titel"), str) and r["titel"].strip()
            and isinstance(r.get("tekst"), str) and r["tekst"].strip() for r in replies):
        raise ContentError(f"{source}: kcc.snelle_antwoorden must be a list of {{titel, tekst}}")


def topic_names(content: Content) -> Dict[str, str]:
    """Every topic's Dutch name by its intent: terugval.onderwerpen (the titles of "Bedoelt u
    ...?") and kcc.onderwerpen (what is no topic to offer), one name each."""
    return {**content.raw["terugval"]["onderwerpen"], **content.raw["kcc"]["onderwerpen"]}


def topic_name(content: Content, topic: Optional[str]) -> str:
    """What staff read for a stored topic: its Dutch name; a label someone wrote stays as it
    is; no topic, or a code name without a name, is kcc.onderwerp_onbekend (never a raw name)."""
    label = " ".join((topic or "").split())
    names = topic_names(content)
    if label in names:
        return str(names[label])
    if not label or CODE_NAME.fullmatch(label):
        return str(content.raw["kcc"]["onderwerp_onbekend"])
    return label


def unnamed_intents(content: Content, intents: List[str]) -> List[str]:
    """For ``make check-config``: intents without a Dutch name, in the order given."""
    names = topic_names(content)
    return [intent for intent in intents if intent not in names]


_MISSING = "{path}: the content file does not exist"


def load_content(path: Path) -> Content:
    return parse_content(read_yaml(path, ContentError, _MISSING), str(path))


_file = ReloadingFile(load_content, ContentError, _MISSING)


def english_path(path: Path) -> Path:
    """The English texts beside the Dutch ones: ``antwoorden.yml`` -> ``antwoorden.en.yml``."""
    return path.with_name(f"{path.stem}.{language.ENGLISH}{path.suffix}")


def merged(dutch: Any, english: Any) -> Any:
    """The English texts over the Dutch ones, key by key: what the English file lacks stays Dutch
    (``make check-config`` lists it); a topic's ``woorden`` are those of both languages."""
    if isinstance(dutch, dict) and isinstance(english, dict):
        result = dict(dutch)
        for key, value in english.items():
            if key == "woorden" and isinstance(value, list) and isinstance(dutch.get(key), list):
                result[key] = [*value, *dutch[key]]
            else:
                result[key] = merged(dutch.get(key), value) if key in dutch else value
        return result
    return english if english is not None else dutch


_MISSING_ENGLISH = "{path}: the English content file does not exist"
_english_file: ReloadingFile[Any] = ReloadingFile(lambda path: read_yaml(path, ContentError, _MISSING_ENGLISH),
                                                  ContentError, _MISSING_ENGLISH)
_english: Dict[str, Tuple[Content, Any, Content]] = {}


def get_content(path: Optional[Path] = None) -> Content:
    """The current content in the conversation's language (bot.core.language), re-read after an
    edit (bot.core.reloading: no restart). English is the Dutch content with the English texts
    of ``antwoorden.en.yml`` over it; without that file, Dutch."""
    source = Path(path or get_settings().content_file)
    dutch = _file.get(source)
    if language.current() != language.ENGLISH:
        return dutch
    try:
        english_raw = _english_file.get(english_path(source))
    except ContentError:
        return dutch
    key = str(source)
    cached = _english.get(key)
    if cached and cached[0] is dutch and cached[1] is english_raw:
        return cached[2]
    try:
        content = parse_content(merged(dutch.raw, english_raw or {}), str(english_path(source)))
    except ContentError:
        logger.exception("The English content has errors: answering in Dutch")
        return dutch
    _english[key] = (dutch, english_raw, content)
    return content


def dutch_content(path: Optional[Path] = None) -> Content:
    """The Dutch content whatever the conversation's language (staff screens, the editor)."""
    return _file.get(Path(path or get_settings().content_file))


def unanswered_intents(content: Content, intents: List[str]) -> List[str]:
    """The intents for which the content file has no answer, in the order given."""
    answered = set(content.topics) | set(content.raw["afspraken"]) | set(content.raw["gesprek"])
    answered |= set(content.raw["organisaties"].get("intents", {}))
    answered |= {"afspraak_maken", "afspraak_annuleren", "afspraak_wijzigen"}  # the booking forms
    return [intent for intent in intents if intent not in answered]


def check_against(content: Content, intents: List[str], products: List[str]) -> List[str]:
    """Problems a content owner should fix: intents without an answer, unknown products."""
    problems = [f"intent {intent} has no answer in the content file" for intent in unanswered_intents(content, intents)]
    for name, topic in content.topics.items():
        for product in topic.products:
            if product not in products:
                problems.append(f"onderwerpen.{name}.producten: {product} is not a product in gemeente.yml")
    for agency in content.raw["organisaties"].get("intents", {}).values():
        if not content.has("organisaties", agency, "uitleg"):
            problems.append(f"organisaties.{agency}.uitleg is missing")
    return problems


# The texts widget.js uses, all in content/antwoorden.yml's section chatvenster.
WIDGET_TEXT_KEYS = ("openen", "titel", "ondertitel", "ondertitel_medewerker", "een_medewerker", "sluiten", "invoer",
                    "invoer_hulp", "versturen", "berichten",
                    "assistent", "inwoner", "medewerker", "melding", "typt", "wordt_verstuurd", "niet_verstuurd",
                    "nuttig_vraag", "nuttig_ja", "nuttig_nee", "nuttig_bedankt", "wissen", "wissen_vraag",
                    "wissen_ja", "wissen_nee", "gewist", "offline", "weer_online", "fout", "nieuw_bericht",
                    "agenda", "agenda_fout")


def widget_text_problems(content: Content) -> List[str]:
    """For ``make check-config``: the chat window's texts that are missing or empty."""
    section = content.raw.get("chatvenster")
    if not isinstance(section, dict):
        return ["chatvenster: the section with the chat window's texts is missing"]
    return [f"chatvenster.{key}: the chat window needs this text" for key in WIDGET_TEXT_KEYS
            if not isinstance(section.get(key), str) or not section[key].strip()]
