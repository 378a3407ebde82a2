"""Judging the bot's replies: expected facts and texts are looked up by key in gemeente.yml and
content/antwoorden.yml at run time and written the way the answers write them (money through
bot.core.formatting.euro, time windows as "09:00 tot 17:00"). An English dialogue reads them in
English: content/antwoorden.en.yml over the Dutch texts, gemeente.yml's texts through its
``feiten``, money and windows as the English answers write them; and a reply in Dutch fails."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Set

import yaml

from bot.config.content import english_path, merged
from bot.core import language
from bot.core.formatting import euro, local_word

from .loader import ROOT, Turn

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_WINDOW = re.compile(r"^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$")
_KEY_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_MONEY = re.compile(r"€\s?\d[\d.,]*[.,]\d{2}|\bgratis\b|\bfree\b")  # Dutch "€ 1.470,00", English "€1,470.00"
MIN_FRAGMENT = 12


def normalise(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).lower()


def lookup(tree: Any, key: str) -> Any:
    """``producten.paspoort.tarieven[1].bedrag`` in a YAML tree; KeyError names the key."""
    node = tree
    for name, index in _KEY_PART.findall(key):
        try:
            node = node[int(index)] if index else node[name]
        except (KeyError, IndexError, TypeError):
            raise KeyError(f"{key}: not found (at {name or index})") from None
    return node


def fact_texts(value: Any, translations: Optional[Dict[str, str]] = None) -> List[str]:
    """How a fact reads in an answer: money as the answers write it, a time window as
    "09:00 tot 17:00", a list as each of its items; a text through ``translations`` (the English
    content's feiten) when given."""
    if isinstance(value, bool):
        raise ValueError("a yes/no fact has no text")
    if isinstance(value, (int, float)):
        return [euro(float(value))]
    if isinstance(value, str):
        window = _WINDOW.match(value.strip())
        if window:
            return [f"{window.group(1)} {local_word('tot')} {window.group(2)}"]
        return [(translations or {}).get(value.strip(), value.strip())]
    if isinstance(value, list):
        return [text for item in value for text in fact_texts(item, translations)]
    if isinstance(value, dict) and "bedrag" in value:
        return fact_texts(value["bedrag"])
    if isinstance(value, dict) and "tijd" in value:
        return fact_texts(value["tijd"])
    raise ValueError(f"no text for the fact {value!r}")


def fragments(template: str) -> List[str]:
    """The fixed parts of a content text (placeholders cut out), long enough to be telling."""
    parts = [normalise(p).strip(" .,:;") for p in _PLACEHOLDER.split(template)]
    long = [p for p in parts if len(p) >= MIN_FRAGMENT]
    return long or sorted((p for p in parts if p), key=len, reverse=True)[:1]


class Sources:
    """gemeente.yml and content/antwoorden.yml, read once per run."""

    def __init__(self, gemeente: Path = ROOT / "gemeente.yml",
                 content: Path = ROOT / "content" / "antwoorden.yml", language: str = language.DUTCH):
        self.language = language
        self._paths = (gemeente, content)
        self.gemeente = yaml.safe_load(gemeente.read_text(encoding="utf-8"))
        self.content = yaml.safe_load(content.read_text(encoding="utf-8"))
        self.translations: Dict[str, str] = {}
        if language != "nl":
            english = yaml.safe_load(english_path(content).read_text(encoding="utf-8")) or {}
            self.content = merged(self.content, english)
            self.translations = {str(k): str(v) for k, v in (english.get("feiten") or {}).items()}
        self._other: Dict[str, "Sources"] = {}
        self.topics = self._topic_signatures()
        self.failure_notices = [fragments(text) for key, text in self._content_leaves()
                                if key.rsplit(".", 1)[-1] in ("storing", "mislukt")]
        self.clarifications = [fragments(lookup(self.content, key)) for key in
                               ("terugval.bedoelt_u", "terugval.anders_zeggen", "terugval.naar_medewerker")]

    def in_language(self, code: str) -> "Sources":
        """These sources read in another language (``en``: the English dialogues)."""
        if code == self.language:
            return self
        if code not in self._other:
            self._other[code] = Sources(*self._paths, language=code)
        return self._other[code]

    def fact(self, key: str) -> List[str]:
        with language.using(self.language):
            return fact_texts(lookup(self.gemeente, key), self.translations)

    def text(self, key: str) -> List[str]:
        value = lookup(self.content, key)
        if not isinstance(value, str):
            raise KeyError(f"{key}: not a text")
        return fragments(value)

    def _content_leaves(self, node: Any = None, prefix: str = ""):
        node = self.content if node is None else node
        if isinstance(node, dict):
            for name, child in node.items():
                yield from self._content_leaves(child, f"{prefix}{name}.")
        elif isinstance(node, str):
            yield prefix[:-1], node

    def _topic_signatures(self) -> Dict[str, List[List[str]]]:
        """What marks an answer as being about a topic (an intent of the contract): the
        explanation it always starts with."""
        signatures: Dict[str, List[List[str]]] = {}

        def add(topic: str, key: str) -> None:
            try:
                signatures.setdefault(topic, []).append(self.text(key))
            except KeyError:
                pass

        for intent, topic in (self.content.get("onderwerpen") or {}).items():
            add(intent, f"onderwerpen.{intent}.uitleg")
            for document in (topic.get("per_document") or {}):
                add(intent, f"onderwerpen.{intent}.per_document.{document}")
        add("openingstijden", "afspraken.openingstijden")
        add("openingstijden", "afspraken.telefoon")
        add("contactgegevens", "afspraken.contactgegevens")
        add("popup_locaties", "afspraken.popup_locaties")
        add("popup_locaties", "afspraken.popup_in_de_buurt")
        for intent, code in (self.content.get("organisaties", {}).get("intents") or {}).items():
            add(intent, f"organisaties.{code}.uitleg")
        add("out_of_scope", "gesprek.out_of_scope")
        add("out_of_scope", "wegwijzer.verwijzing")  # a municipal subject outside burgerzaken, signposted
        add("out_of_scope", "wegwijzer.vervolg")
        add("klacht", "gesprek.klacht")
        for key in ("menselijk_contact", "wachtrij", "buiten_tijden"):
            add("menselijk_contact", f"gesprek.{key}")
        for key in ("vraag_product", "vraag_locatie", "vraag_dag", "vraag_tijd", "vraag_naam"):
            add("afspraak_maken", f"afspraak.{key}")
        for key in ("vraag_dag", "vraag_tijd", "vraag_verzetten"):
            add("afspraak_wijzigen", f"afspraak.{key}")
        add("afspraak_annuleren", "afspraak.vraag_afzeggen")
        for intent in (self.content.get("organisaties", {}).get("intents") or {}):
            for key in ("knop_afspraak", "vraag_tweede"):
                add(intent, f"spreekuur.{key}")
        add("afspraak_wijzigen", "afspraak.vraag_referentie")
        add("afspraak_annuleren", "afspraak.vraag_referentie")
        add("bot_vraag", "gesprek.bot_vraag")
        return signatures

    # what a reply is -------------------------------------------------------------------
    def topics_of(self, text: str) -> Set[str]:
        said = normalise(text)
        return {topic for topic, marks in self.topics.items()
                if any(all(part in said for part in mark) for mark in marks)}

    def is_clarification(self, text: str) -> bool:
        said = normalise(text)
        return any(all(part in said for part in mark) for mark in self.clarifications)

    def burgerzaken_in(self, text: str, buttons: Sequence[Dict[str, str]]) -> List[str]:
        """What in a reply belongs to burgerzaken: a product's fee, a burgerzaken topic's answer, a
        booking button or a question of the booking form."""
        said = normalise(text)
        found = [f"the fee {fee} of producten.{code}" for code, product in (self.gemeente.get("producten") or {}).items()
                 for tarief in product.get("tarieven") or [] if tarief.get("bedrag")
                 for fee in fact_texts(tarief["bedrag"]) if normalise(fee) in said]
        burgerzaken = set(self.content.get("onderwerpen") or {}) | {"afspraak_maken", "afspraak_wijzigen",
                                                                    "afspraak_annuleren"}
        found += [f"an answer about {topic}" for topic in sorted(self.topics_of(text) & burgerzaken)]
        found += [f"the button {b.get('title')!r}" for b in buttons if str(b.get("payload", "")).startswith("/afspraak")]
        return found

    def life_event_missing(self, key: str, said: str) -> List[str]:
        """What a life event's checklist lacks in ``said`` (normalised): its municipal part
        (levensgebeurtenissen.<key>.gemeente of the content) and, per point elsewhere, the
        organisation's name and its own page (gemeente.yml)."""
        event = self.gemeente["levensgebeurtenissen"]["gebeurtenissen"][key]
        life = self.gemeente["levensgebeurtenissen"]
        missing = []
        if not all(part in said for part in self.text(f"levensgebeurtenissen.{key}.gemeente")):
            missing.append(f"misses the municipal part of levensgebeurtenissen.{key}")
        for point, spec in (event.get("elders") or {}).items():
            code = spec["organisatie"]
            agency = (self.gemeente.get("uitvoeringsorganisaties") or {}).get(code)
            name = agency["naam"] if agency else life["organisaties"][code]["naam"]
            name = self.translations.get(name, name)  # "Pensioenfonds" reads "Pension fund" in English
            for what, value in (("organisation", name), ("page", spec["link"])):
                if normalise(str(value)) not in said:
                    missing.append(f"misses the {what} of levensgebeurtenissen.{key}.elders.{point} ({value})")
        return missing

    def life_events_in(self, said: str) -> List[str]:
        """The life events whose checklist (its first line) is in ``said`` (normalised)."""
        texts = self.content.get("levensgebeurtenissen") or {}
        return [key for key, value in texts.items() if isinstance(value, dict) and "kop" in value
                and all(part in said for part in self.text(f"levensgebeurtenissen.{key}.kop"))]

    def has_failure_notice(self, text: str) -> bool:
        said = normalise(text)
        return any(all(part in said for part in mark) for mark in self.failure_notices)


def _as_list(value: Any) -> List[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


@dataclass
class Reply:
    """What the resident saw after one message: the messages' texts and buttons, and the
    HTTP status of the call."""
    status: int
    messages: List[Dict[str, Any]]
    seconds: float = 0.0

    @property
    def text(self) -> str:
        return "\n".join(m.get("text") or "" for m in self.messages)

    @property
    def buttons(self) -> List[Dict[str, str]]:
        return [b for m in self.messages for b in (m.get("buttons") or [])]


@dataclass
class TurnVerdict:
    failures: List[str] = field(default_factory=list)
    failure_notice: bool = False
    confidently_wrong: bool = False
    clarification: bool = False
    topics: Sequence[str] = ()

    @property
    def ok(self) -> bool:
        return not self.failures


def title_of(sources: Sources, spec: Any) -> str:
    """A button title given as text, or as ``{content: key}`` / ``{fact: key}``."""
    if isinstance(spec, dict) and "content" in spec:
        value = lookup(sources.content, spec["content"])
        return _PLACEHOLDER.sub("", value).strip() if isinstance(value, str) else str(value)
    if isinstance(spec, dict) and "fact" in spec:
        return sources.fact(spec["fact"])[0]
    return str(spec)


def button_matches(sources: Sources, spec: Any, title: str) -> bool:
    """Whether a button's title is the one a dialogue names: the same text, or for
    ``{content: key}`` every fixed part of that text (its placeholders filled in by the bot)."""
    if isinstance(spec, dict) and "content" in spec:
        return all(part in normalise(title) for part in sources.text(spec["content"]))
    return normalise(title) == normalise(title_of(sources, spec))


def _slot_question(slot: str) -> str:
    section, _, name = slot.rpartition(".")
    return f"{section or 'afspraak'}.vraag_{name}"


def judge_turn(sources: Sources, turn: Turn, reply: Reply) -> TurnVerdict:
    verdict = TurnVerdict()
    text = reply.text
    said = normalise(text)
    fail = verdict.failures.append
    verdict.failure_notice = reply.status != 200 or sources.has_failure_notice(text)
    verdict.clarification = sources.is_clarification(text)
    verdict.topics = sorted(sources.topics_of(text))
    expect = turn.expect
    if reply.status != 200:
        fail(f"HTTP {reply.status}")
    elif expect.get("silent"):
        if reply.messages:
            fail("the bot answered while the chat waits for a person")
    elif not reply.messages:
        fail("no reply")
    if sources.language != language.DUTCH:  # 0 Dutch replies to an English conversation
        for message in reply.messages:
            if language.detect(message.get("text") or "") == language.DUTCH:
                fail(f"a reply in Dutch: {(message.get('text') or '')[:60]!r}")
        for button in reply.buttons:
            if language.detect(button.get("title") or "") == language.DUTCH:
                fail(f"a button in Dutch: {button.get('title')!r}")

    def has_text(key: str) -> bool:
        return all(part in said for part in sources.text(key))

    for word in _as_list(expect.get("contains", [])):
        if normalise(str(word)) not in said:
            fail(f"misses {word!r}")
    if "contains_any" in expect and not any(normalise(str(w)) in said for w in expect["contains_any"]):
        fail(f"misses all of {expect['contains_any']!r}")
    for word in _as_list(expect.get("not_contains", [])):
        if normalise(str(word)) in said:
            fail(f"says {word!r}")
    for key in _as_list(expect.get("contains_fact", [])):
        missing = [t for t in sources.fact(key) if normalise(t) not in said]
        if missing:
            fail(f"misses {key} ({', '.join(missing)})")
    for key in _as_list(expect.get("not_contains_fact", [])):
        present = [t for t in sources.fact(key) if normalise(t) in said]
        if present:
            fail(f"says {key} ({', '.join(present)})")
    if "leads_with_fact" in expect:
        key = expect["leads_with_fact"]
        wanted = normalise(sources.fact(key)[0])
        amounts = [normalise(m) for m in _MONEY.findall(text)]
        if not amounts or amounts[0] != wanted:
            fail(f"does not lead with {key} ({wanted}); first amount: {amounts[0] if amounts else 'none'}")
    for key in _as_list(expect.get("contains_content", [])):
        if not has_text(key):
            fail(f"misses the text {key}")
    for key in _as_list(expect.get("not_contains_content", [])):
        if has_text(key):
            fail(f"says the text {key}")
    titles = [b.get("title", "") for b in reply.buttons]
    for spec in _as_list(expect.get("buttons_include", [])):
        if not any(button_matches(sources, spec, title) for title in titles):
            fail(f"no button {title_of(sources, spec)!r} (buttons: {titles})")
    if expect.get("no_failure_notice") and verdict.failure_notice:
        fail("a failure notice")
    if "asks_slot" in expect and not has_text(_slot_question(expect["asks_slot"])):
        fail(f"does not ask {expect['asks_slot']}")
    if "is_clarification" in expect and verdict.clarification != bool(expect["is_clarification"]):
        fail("is a clarification" if verdict.clarification else "is not a clarification")
    if "wegwijzer" in expect:  # the referral for that subject of gemeente.yml: its name, page and phone
        subject = sources.gemeente["wegwijzer"][expect["wegwijzer"]]
        phone = subject.get("telefoon") or sources.gemeente["gemeente"]["telefoon"]
        name = sources.translations.get(subject["naam"], subject["naam"])
        for what, value in (("name", name), ("page", subject["link"]), ("phone", phone)):
            if normalise(str(value)) not in said:
                fail(f"misses the {what} of wegwijzer.{expect['wegwijzer']} ({value})")
    if "life_event" in expect:  # complete: the municipal part and every other organisation with its page
        for problem in sources.life_event_missing(expect["life_event"], said):
            fail(problem)
    if expect.get("no_life_event"):
        for key in sources.life_events_in(said):
            fail(f"leads with the checklist of levensgebeurtenissen.{key}")
    if expect.get("no_burgerzaken"):  # no burgerzaken fee, answer or booking in a signposted reply
        for problem in sources.burgerzaken_in(text, reply.buttons):
            fail(f"says {problem}")
    if "any_of" in expect:
        options = [judge_turn(sources, Turn(expect=dict(option)), reply) for option in expect["any_of"]]
        if not any(option.ok for option in options):
            fail("none of: " + " / ".join("; ".join(o.failures) for o in options))
    for topic in _as_list(expect.get("not_topic", [])):
        if topic in verdict.topics:
            fail(f"answers about {topic}")
    if turn.topic:
        expected = set(_as_list(turn.topic))
        found = set(verdict.topics)
        if not found & expected:
            wrong = found - {"menselijk_contact"} if "out_of_scope" in expected else found
            verdict.confidently_wrong = bool(wrong) and not verdict.clarification
            fail(f"about {sorted(found) or 'nothing known'}, expected {sorted(expected)}"
                 + (" (confidently wrong)" if verdict.confidently_wrong else ""))
    return verdict
