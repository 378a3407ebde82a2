"""The English texts (content/antwoorden.en.yml) beside the Dutch ones: they parse merged over
the Dutch, keep the Dutch text's placeholders, leave no resident-facing Dutch text untranslated,
and translate the texts of gemeente.yml that residents read (``feiten``)."""
from __future__ import annotations

import copy
from datetime import date
from typing import Any, Dict, Iterator, List, Set, Tuple

import pytest
import yaml

from bot.config.content import PLACEHOLDER, english_path, get_content, merged, parse_content
from bot.config.gemeente import load_gemeente
from bot.core import language
from bot.core.settings import PROJECT_ROOT
from bot.core.yaml_tree import strings
from bot.faq.answers import Answers, Question

DUTCH_FILE = PROJECT_ROOT / "content" / "antwoorden.yml"
# Codes, not texts: the merge keeps the Dutch ones. Lists under these keys (a topic's products
# and buttons, an extra's cases), and which agency answers which intent.
CODE_LISTS = frozenset({"producten", "knoppen", "gevallen"})
CODE_PATHS = frozenset({"organisaties.intents"})
# Staff-only texts that stay Dutch: the KCC's ready-made replies.
STAFF_ONLY = frozenset({"kcc.snelle_antwoorden"})
# The English file's own section: gemeente.yml's texts in English.
FACTS_SECTION = "feiten"


def _read(path) -> Dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dutch() -> Dict[str, Any]:
    return _read(DUTCH_FILE)


@pytest.fixture(scope="module")
def english() -> Dict[str, Any]:
    return _read(english_path(DUTCH_FILE))


def texts(node: Any, path: str = "") -> Iterator[Tuple[str, Any]]:
    """(path, leaf) of every text and every list of words below ``node``, codes left out."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}" if path else str(key)
            if (isinstance(value, list) and key in CODE_LISTS) or here in CODE_PATHS:
                continue
            if isinstance(value, (str, list)):
                yield here, value
            else:
                yield from texts(value, here)


def missing_translations(dutch: Dict[str, Any], english: Dict[str, Any]) -> List[str]:
    """The Dutch texts (and word lists) without an English one at the same key."""
    english_texts = dict(texts(english))
    return [path for path, value in texts(dutch)
            if not any(path == staff or path.startswith(f"{staff}.") for staff in STAFF_ONLY)
            and not isinstance(english_texts.get(path), type(value))]


def placeholder_problems(dutch: Dict[str, Any], english: Dict[str, Any]) -> List[str]:
    """English texts whose placeholders differ from the Dutch text's at the same key, and English
    keys the Dutch file does not have (a typo would never be shown)."""
    dutch_texts = dict(texts(dutch))
    problems = []
    for path, value in texts({k: v for k, v in english.items() if k != FACTS_SECTION}):
        if path not in dutch_texts:
            problems.append(f"{path}: no Dutch text at this key")
        elif isinstance(value, str):
            ours: Set[str] = set(PLACEHOLDER.findall(value))
            theirs = set(PLACEHOLDER.findall(str(dutch_texts[path])))
            if ours != theirs:
                problems.append(f"{path}: placeholders {sorted(ours)}, the Dutch text has {sorted(theirs)}")
    return problems


def test_the_english_texts_parse_merged_over_the_dutch(dutch, english):
    content = parse_content(merged(dutch, english), "antwoorden.en.yml")
    assert content.text("gesprek", "bedankt") == english["gesprek"]["bedankt"]
    assert content.topics["paspoort_id_aanvragen"].products == tuple(dutch["onderwerpen"]["paspoort_id_aanvragen"]["producten"])
    words = content.topics["reisdocument_kwijt"].extras["buitenland"].words
    assert "abroad" in words and "buitenland" in words  # English trigger words beside the Dutch


def test_every_english_text_keeps_the_placeholders_of_the_dutch_one(dutch, english):
    assert placeholder_problems(dutch, english) == []


def test_a_changed_placeholder_or_a_misspelt_key_is_found(dutch, english):
    broken = copy.deepcopy(english)
    broken["gesprek"]["bedankt"] = "Thanks, {gemeente.telefoon}!"
    broken["gesprek"]["thanks"] = "Thanks!"
    assert placeholder_problems(dutch, broken) == [
        "gesprek.bedankt: placeholders ['gemeente.telefoon'], the Dutch text has []",
        "gesprek.thanks: no Dutch text at this key"]


def test_every_dutch_text_has_an_english_one_except_staff_only_texts(dutch, english):
    assert missing_translations(dutch, english) == []


def test_a_missing_translation_is_found(dutch, english):
    broken = copy.deepcopy(english)
    del broken["afspraak"]["vraag_dag"]
    del broken["onderwerpen"]["reisdocument_kwijt"]["buitenland"]["woorden"]
    assert missing_translations(dutch, broken) == ["onderwerpen.reisdocument_kwijt.buitenland.woorden",
                                                   "afspraak.vraag_dag"]


def _with_article(agency: Dict[str, Any]) -> str:
    return f"{agency.get('lidwoord', 'het')} {agency['naam']}".strip()  # "het UWV", as Uitvoeringsorganisatie.met_lidwoord


def _gemeente_texts(raw: Dict[str, Any]) -> List[str]:
    """The texts of gemeente.yml that reach a resident and are no proper name."""
    found = []
    for product in raw["producten"].values():
        found += [product["naam"], product.get("levertijd")] + [t["voor"] for t in product.get("tarieven", [])]
    for place in raw["locaties"].values():
        found += [place.get("omschrijving"), place["adres"] if "(" in place["adres"] else None]  # a note in brackets
    for subject in raw["wegwijzer"].values():
        found += [subject["naam"], subject["uitleg"]]
    for agency in raw["uitvoeringsorganisaties"].values():
        found += [agency["volledige_naam"], _with_article(agency) if agency.get("lidwoord", "het") else None]
        found += [page["naam"] for page in agency.get("onderwerpen", {}).values()]
    found += [org["naam"] for org in raw["levensgebeurtenissen"]["organisaties"].values()]
    found.append(raw["spreekuur"]["naam"])
    return [text for text in found if text]


def test_the_facts_translate_gemeente_yml_texts_that_residents_read(english):
    raw = _read(PROJECT_ROOT / "gemeente.yml")
    facts = english[FACTS_SECTION]
    in_gemeente = {text for _path, text in strings(raw)} | {_with_article(a) for a in raw["uitvoeringsorganisaties"].values()}
    assert sorted(key for key in facts if key not in in_gemeente) == []  # each key is a text of gemeente.yml
    assert sorted(text for text in _gemeente_texts(raw) if text not in facts) == []


def test_an_english_conversation_is_answered_in_english():
    config = load_gemeente(PROJECT_ROOT / "gemeente.yml")
    with language.using(language.ENGLISH):
        content = get_content(DUTCH_FILE)
        replies = Answers(content, config, on=date(2026, 12, 8)).reply_to(
            Question("paspoort_id_aanvragen", "how much is a passport for my son", document="paspoort",
                     aspects=("kosten",)))
    text = "\n".join(reply.text for reply in replies)
    assert "What does it cost?" in text and "Your child comes to the desk too." in text
    assert "under 18 (valid for 5 years)" in text  # a fee label of gemeente.yml, through feiten
    assert "More about passport" in [button.title for reply in replies for button in reply.buttons]
