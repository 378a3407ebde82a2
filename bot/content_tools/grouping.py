"""Groups messages that say nearly the same thing, so a content owner decides once for
"wat kost een paspoort?", "Wat kost een paspoort" and "wat kost n paspoort".

Deterministic on purpose (the same inbox twice gives the same groups): texts are
normalised (lower case, no accents, punctuation or numbers), compared by the Jaccard
similarity of their character trigrams, and put in the first group whose leading text is
similar enough, most frequent texts first.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Dict, FrozenSet, Generic, Iterable, List, Optional, Sequence, Set, TypeVar

SIMILAR_ENOUGH = 0.5
_NOT_LETTERS = re.compile(r"[^a-z\s]+")
_SPACES = re.compile(r"\s+")

Item = TypeVar("Item")


def normalise(text: str) -> str:
    """Lower case, accents removed, punctuation and digits gone, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", _NOT_LETTERS.sub(" ", plain)).strip()


def trigrams(normalised: str) -> FrozenSet[str]:
    """The character trigrams of each word, padded so short words and word starts count."""
    grams: Set[str] = set()
    for word in normalised.split():
        padded = f" {word} "
        grams.update(padded[i:i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the trigrams of two texts (after ``normalise``), 0.0 to 1.0."""
    return _jaccard(trigrams(normalise(a)), trigrams(normalise(b)))


@dataclass
class Group(Generic[Item]):
    """Items whose texts are alike; ``leader`` is the normalised text the group is compared by."""
    leader: str
    items: List[Item] = field(default_factory=list)


def group_by_similarity(items: Iterable[Item], text_of: Callable[[Item], str],
                        threshold: float = SIMILAR_ENOUGH) -> List[Group[Item]]:
    """Groups the items, largest group first. Texts that normalise alike always share a
    group; otherwise a text joins the first group (in order of creation) whose leader's
    trigrams are at least ``threshold`` similar, else it starts a group. The most frequent
    texts come first, so they lead."""
    by_text: Dict[str, List[Item]] = {}
    for item in items:
        by_text.setdefault(normalise(text_of(item)), []).append(item)
    ordered: Sequence[str] = sorted(by_text, key=lambda text: (-len(by_text[text]), text))
    groups: List[Group[Item]] = []
    sizes: List[int] = []  # trigram count of each group's leader
    leaders_with: Dict[str, List[int]] = {}  # trigram -> groups whose leader has it
    for text in ordered:
        grams = trigrams(text)
        home = _first_similar_group(grams, sizes, leaders_with, threshold)
        if home is None:
            home = len(groups)
            groups.append(Group(text))
            sizes.append(len(grams))
            for gram in grams:
                leaders_with.setdefault(gram, []).append(home)
        groups[home].items.extend(by_text[text])
    return sorted(groups, key=lambda group: (-len(group.items), group.leader))


def _first_similar_group(grams: FrozenSet[str], sizes: List[int], leaders_with: Dict[str, List[int]],
                         threshold: float) -> Optional[int]:
    """The earliest group whose leader is similar enough; only groups sharing a trigram are
    counted (an inverted index), which keeps thousands of texts fast."""
    if not grams:
        return next((index for index, size in enumerate(sizes) if size == 0), None)
    shared: Counter = Counter()
    for gram in grams:
        shared.update(leaders_with.get(gram, ()))
    similar = [index for index, common in shared.items()
               if common / (len(grams) + sizes[index] - common) >= threshold]
    return min(similar) if similar else None


def _jaccard(first: FrozenSet[str], second: FrozenSet[str]) -> float:
    if not first and not second:
        return 1.0
    return len(first & second) / len(first | second)
