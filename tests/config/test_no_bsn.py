"""The assistant never asks for a BSN (brief: "never a BSN in chat"). Every text a resident
can see (content/antwoorden.yml, and any response in domain.yml) is scanned for a sentence
that asks for one, and no form has a slot for it."""
from __future__ import annotations

import re

import pytest
import yaml

from bot.core.settings import PROJECT_ROOT
from bot.core.yaml_tree import strings

_BSN = re.compile(r"\b(?:bsn|burger ?service ?nummer|sofi-?nummer|citizen service number)\b", re.IGNORECASE)
_ASKS = re.compile(r"\b(?:typ|tik|geef|stuur|noem|vul|vermeld|deel|wat is|mag ik|wilt u|kunt u|heeft u|"
                   r"nodig|graag)\b", re.IGNORECASE)
_NOT = re.compile(r"\b(?:niet|nooit|geen)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def asks_for_bsn(text: str) -> bool:
    """A sentence that names the BSN and is a question or a request, without a "niet"."""
    for sentence in _SENTENCE.findall(text):
        if _BSN.search(sentence) and (sentence.strip().endswith("?") or _ASKS.search(sentence)) \
                and not _NOT.search(sentence):
            return True
    return False



@pytest.mark.parametrize("text", ["Wat is uw BSN?", "Typ uw burgerservicenummer.", "Uw bsn graag.",
                                  "Geef uw BSN en uw geboortedatum door.", "Mag ik uw sofinummer"])
def test_the_scan_finds_a_question_for_a_bsn(text):
    assert asks_for_bsn(text)


@pytest.mark.parametrize("text", ["Dit lijkt een burgerservicenummer (BSN). Dat nummer heb ik niet nodig.",
                                  "Stuur nooit uw BSN in de chat.", "Wat is uw telefoonnummer?"])
def test_the_scan_lets_a_warning_pass(text):
    assert not asks_for_bsn(text)


def test_no_content_text_asks_for_a_bsn():
    content = yaml.safe_load((PROJECT_ROOT / "content" / "antwoorden.yml").read_text(encoding="utf-8"))
    asking = [path for path, text in strings(content) if asks_for_bsn(text)]
    assert asking == []
    assert any(_BSN.search(text) for _path, text in strings(content))  # the scan saw the warnings


def test_no_domain_response_or_form_asks_for_a_bsn():
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert [path for path, text in strings(domain.get("responses") or {}) if asks_for_bsn(text)] == []
    slots = [slot for form in (domain.get("forms") or {}).values() for slot in form.get("required_slots", [])]
    assert slots and not [slot for slot in slots + list(domain.get("slots") or {}) if _BSN.search(slot.replace("_", " "))]
