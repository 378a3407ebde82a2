"""Words as the wegwijzer compares them: folded, lemmatised with the Dutch lookup table that the
project's spaCy pipeline uses (spacy-lookups-data, so "opgehaald" is "ophalen"), then stemmed
(Snowball's Dutch stemmer, so "bomen" and "boom", "kappen" and "kap" meet). Messages and the
words of gemeente.yml go through the same steps, so a mistake in one is made in both.
"""
from __future__ import annotations

import gzip
import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List

logger = logging.getLogger(__name__)

_TOKEN = re.compile(r"[a-z0-9]+")
_EMAIL = re.compile(r"\S+@\S+")
# Words that carry no subject: left out of examples and of the words' groups.
STOPWORDS = frozenset("""
aan al alle als alsjeblieft andere bij ben bent dan dat de deze die dit doe doen door dus een eens en er
ff foor gaan gaat graag had heb hebben heeft hem het hier hij hoe hoeveel hoor ik in is ja je jij jullie kan
kun kunnen kunt maar me meer met mij mijn mn moet moeten mag mogen na naar niet nog nu of om onder ons onze
ook op over per s te toch tot u uit uw van vanaf voor waar wanneer wat we wel welk welke wie wij wil willen
word worden wordt zal ze zelf zich zijn zo zou zoals
""".split())


def fold(text: str) -> str:
    """Lower case without accents ("geïnd" is "geind")."""
    if text.isascii():  # most words: nothing to decompose (and the lemma table has 450,000)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _fold_char(ch: str) -> str:
    folded = fold(ch)
    return folded if len(folded) == 1 else ch.lower()[:1] or " "


@dataclass(frozen=True)
class Token:
    text: str  # folded
    stem: str
    start: int  # character offsets in the original text
    end: int


def tokens(text: str) -> List[Token]:
    """The words of ``text`` with their stems and places; e-mail addresses are left out (a
    resident's address says nothing about a subject)."""
    folded = "".join(_fold_char(c) for c in text or "")  # one character each, so offsets hold
    folded = _EMAIL.sub(lambda m: " " * len(m.group(0)), folded)
    return [Token(m.group(0), stem(m.group(0)), m.start(), m.end()) for m in _TOKEN.finditer(folded)]


@lru_cache(maxsize=1)
def _lemmas() -> Dict[str, str]:
    """The Dutch lemma lookup table of spacy-lookups-data (the one build/spacy-nl uses); empty
    when the package is missing, so matching still works on stems alone."""
    try:
        from importlib.resources import files

        import spacy_lookups_data

        data = files(spacy_lookups_data).joinpath("data").joinpath("nl_lemma_lookup.json.gz").read_bytes()
        return {fold(k): fold(v) for k, v in json.loads(gzip.decompress(data)).items() if " " not in k}
    except (ImportError, OSError, ValueError):  # pragma: no cover - the package is pinned
        logger.warning("No Dutch lemma table; the wegwijzer compares stems only")
        return {}


@lru_cache(maxsize=1)
def _lexicon() -> frozenset:
    table = _lemmas()
    return frozenset(table) | frozenset(table.values())


def is_dutch_word(word: str) -> bool:
    """Whether the lemma table knows ``word`` (as a form or a lemma): then it is no typo ("tegen"
    is not a misspelt "tegel")."""
    return fold(word) in _lexicon() or fold(word) in STOPWORDS


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    """The lemma's stem, without a doubled final consonant ("kappen" -> "kap")."""
    word = fold(word)
    lemma = _lemmas().get(word, word)
    stemmed = dutch_stem(lemma)
    if len(stemmed) > 3 and stemmed[-1] == stemmed[-2] and stemmed[-1] not in _VOWELS:
        stemmed = stemmed[:-1]
    return stemmed


# -- Snowball's Dutch stemmer (snowballstem.org, the original algorithm) -----------------------
_VOWELS = frozenset("aeiouyè")


def _is_vowel(ch: str) -> bool:
    return ch in _VOWELS


def _regions(word: str) -> tuple:
    """R1 and R2 as offsets; R1 leaves at least 3 letters before it."""
    def after_vc(start: int) -> int:
        for i in range(start + 1, len(word)):
            if not _is_vowel(word[i]) and _is_vowel(word[i - 1]):
                return i + 1
        return len(word)
    r1 = max(after_vc(0), 3)
    r2 = after_vc(r1) if r1 < len(word) else len(word)
    return r1, r2


def _undouble(word: str) -> str:
    return word[:-1] if word.endswith(("kk", "dd", "tt")) else word


def _valid_en(word: str, at: int) -> bool:
    return at > 0 and not _is_vowel(word[at - 1]) and not word[:at].endswith("gem")


def dutch_stem(word: str) -> str:
    if len(word) < 3 or not word.isalpha():
        return word
    # i and y between vowels (and y at the start or after a vowel) act as consonants: upper case
    chars = list(word)
    if chars[0] == "y":
        chars[0] = "Y"
    for i in range(1, len(chars)):
        if chars[i] == "y" and _is_vowel(chars[i - 1]):
            chars[i] = "Y"
        elif chars[i] == "i" and _is_vowel(chars[i - 1]) and i + 1 < len(chars) and _is_vowel(chars[i + 1]):
            chars[i] = "I"
    word = "".join(chars)
    r1, r2 = _regions(word)

    # step 1
    if word.endswith("heden") and len(word) - 5 >= r1:
        word = word[:-5] + "heid"
    elif word.endswith("ene") and len(word) - 3 >= r1 and _valid_en(word, len(word) - 3):
        word = _undouble(word[:-3])
    elif word.endswith("en") and len(word) - 2 >= r1 and _valid_en(word, len(word) - 2):
        word = _undouble(word[:-2])
    elif word.endswith("se") and len(word) - 2 >= r1 and len(word) > 2 and not _is_vowel(word[-3]) and word[-3] != "j":
        word = word[:-2]
    elif word.endswith("s") and len(word) - 1 >= r1 and not _is_vowel(word[-2]) and word[-2] != "j":
        word = word[:-1]
    # step 2
    e_removed = False
    if word.endswith("e") and len(word) - 1 >= r1 and len(word) > 1 and not _is_vowel(word[-2]):
        word = _undouble(word[:-1])
        e_removed = True
    # step 3a
    if word.endswith("heid") and len(word) - 4 >= r2 and not word[:-4].endswith("c"):
        word = word[:-4]
        if word.endswith("en") and len(word) - 2 >= r1 and _valid_en(word, len(word) - 2):
            word = _undouble(word[:-2])
    # step 3b
    if word.endswith(("end", "ing")) and len(word) - 3 >= r2:
        word = word[:-3]
        if word.endswith("ig") and len(word) - 2 >= r2 and not word[:-2].endswith("e"):
            word = word[:-2]
        else:
            word = _undouble(word)
    elif word.endswith("ig") and len(word) - 2 >= r2 and not word[:-2].endswith("e"):
        word = word[:-2]
    elif word.endswith("lijk") and len(word) - 4 >= r2:
        word = word[:-4]
        if word.endswith("e") and len(word) - 1 >= r1 and len(word) > 1 and not _is_vowel(word[-2]):
            word = _undouble(word[:-1])
    elif word.endswith("baar") and len(word) - 4 >= r2:
        word = word[:-4]
    elif word.endswith("bar") and len(word) - 3 >= r2 and e_removed:
        word = word[:-3]
    # step 4: undouble a vowel before a final consonant ("boom" -> "bom", "maan" -> "man")
    if len(word) >= 4:
        c, v1, v2, d = word[-4], word[-3], word[-2], word[-1]
        if (not _is_vowel(c) and v1 == v2 and v1 in "aeou" and not _is_vowel(d) and d != "I"):
            word = word[:-2] + d
    return word.lower()
