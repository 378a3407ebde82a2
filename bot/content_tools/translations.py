"""What ``make check-config`` says about the English texts (``content/antwoorden.en.yml``): every
text a resident can read that has no English form, and English prose that is not plain language.

Which texts need one:
- every text of content/antwoorden.yml at its key path, except the staff-only ones
  (``STAFF_ONLY``: the KCC console is always Dutch) and what is structure rather than text (lists
  such as ``producten``, ``woorden`` and ``knoppen``, and ``organisaties.intents``);
- every text of gemeente.yml that reaches a resident (``bot.config.facts.resident_texts``), in the
  English file's ``feiten``.

How bad it is: a missing translation is a warning, not an error. The assistant still answers (the
Dutch text stands in, ``bot.config.content.merged``), as with a product without fees; an error
would stop ``make check-config`` each time a content owner adds or edits a Dutch text in the
answer editor, before a translator has seen it. Without an English file at all, that is one warning
(English residents are answered in Dutch), not one per text. The shipped files must have no
warnings at all (tests/content_tools/test_check.py), so the shipped English is complete.

An English text below the plain-language bar (Flesch reading ease ``B1_FLOOR``, as
bot/core/readability.py measures English) is an error where the Dutch one would be: the life
events' texts and the wegwijzer's sentences.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional

from bot.config.content import ContentError, english_path, merged, parse_content
from bot.config.facts import resident_texts
from bot.config.gemeente import GemeenteConfig
from bot.config.problems import ERROR, WARNING, Problem, hard_to_read
from bot.core import language
from bot.core.reloading import read_yaml
from bot.life_events.checklist import SECTION as LIFE_EVENTS

# Sections of the content file that only staff read.
STAFF_ONLY = ("kcc",)
# Mappings of the content file whose values are codes, not texts.
STRUCTURE = ("organisaties.intents",)
FACTS = "feiten"


def text_paths(raw: Any, path: str = "") -> Dict[str, str]:
    """The texts of a content file by key path (``onderwerpen.paspoort_id_aanvragen.uitleg``):
    strings in mappings, leaving out lists, the staff-only sections and the structure."""
    found: Dict[str, str] = {}
    if not isinstance(raw, dict):
        return found
    for key, value in raw.items():
        here = f"{path}.{key}" if path else str(key)
        if here in STAFF_ONLY or here in STRUCTURE or here == FACTS:
            continue
        if isinstance(value, str):
            found[here] = value
        elif isinstance(value, dict):
            found.update(text_paths(value, here))
    return found


def untranslated_texts(dutch: Any, english: Any) -> List[str]:
    """The key paths of the Dutch content's texts that the English content lacks, in file order."""
    have = text_paths(english)
    return [path for path, text in text_paths(dutch).items() if not str(have.get(path) or "").strip() and text.strip()]


def untranslated_facts(config: GemeenteConfig, english: Any) -> List[str]:
    """The paths in gemeente.yml of the resident texts the English ``feiten`` do not translate."""
    facts = (english or {}).get(FACTS) if isinstance(english, dict) else None
    facts = facts if isinstance(facts, dict) else {}
    seen = set()
    missing = []
    for path, text in resident_texts(config):
        if not str(facts.get(text) or "").strip() and text not in seen:
            missing.append(path)
        seen.add(text)
    return missing


def read_english(content_file: Path) -> Optional[Any]:
    """The English content's data; None when there is no English file."""
    path = english_path(content_file)
    if not path.exists():
        return None
    return read_yaml(path, ContentError, "{path}: the English content file does not exist") or {}


def problems(config: GemeenteConfig, dutch: Any, content_file: Path) -> List[Problem]:
    """Every missing translation and every English text that is not plain language."""
    source = english_path(content_file).name
    try:
        english = read_english(content_file)
    except ContentError as error:
        return [Problem(ERROR, source, str(error))]
    if english is None:
        return [Problem(WARNING, source, f"{source} does not exist: residents who write English are answered "
                                         "in Dutch")]
    if not isinstance(english, dict):
        return [Problem(ERROR, source, f"{source}: expected sections such as onderwerpen and feiten")]
    try:  # what the assistant does with it (bot.config.content.get_content): a file it refuses is Dutch
        parse_content(merged(dutch, english), source)
    except ContentError as error:
        return [Problem(ERROR, source, f"{error} (English residents are answered in Dutch until it is fixed)")]
    found = [Problem(WARNING, f"{source}: {path}", f"{path}: no English text in {source} (English residents read "
                                                   "the Dutch one)") for path in untranslated_texts(dutch, english)]
    found += [Problem(WARNING, f"{source}: {FACTS}", f"gemeente.yml {path}: no English text in {source} {FACTS} "
                                                     "(English residents read the Dutch one)")
              for path in untranslated_facts(config, english)]
    found += plain_language(config, english, source)
    return found


def plain_language(config: GemeenteConfig, english: Dict[str, Any], source: str) -> List[Problem]:
    """The English counterpart of the Dutch plain-language checks of ``make check-config``: the
    life events' texts (bot/life_events/check.py: Flesch reading ease instead of Flesch-Douma, and
    at most 15 words a sentence on average) and the wegwijzer's sentences (bot/wegwijzer/check.py:
    Flesch reading ease, which weighs the sentence's length; the Dutch rule of one sentence of at
    most 15 words is the referral's form, and an English one may take two sentences or a word
    more). The answers as a whole are measured in tests/core/test_readability.py, in both languages."""
    texts = [(path, text) for path, text in text_paths(english).items() if path.startswith(f"{LIFE_EVENTS}.")]
    given = english.get(FACTS)
    facts: Dict[str, Any] = given if isinstance(given, dict) else {}
    texts += [(f"{FACTS}: {topic.uitleg}", str(facts[topic.uitleg])) for topic in config.wegwijzer.values()
              if isinstance(facts.get(topic.uitleg), str)]
    life_events = [(path, text) for path, text in texts if path.startswith(f"{LIFE_EVENTS}.")]
    others = [(path, text) for path, text in texts if not path.startswith(f"{LIFE_EVENTS}.")]
    return (hard_to_read(life_events, source, language.ENGLISH)
            + hard_to_read(others, source, language.ENGLISH, sentence_length=False))
