"""A problem a feature's configuration check finds (``make check-config`` collects them):
how bad, where in which file, and what to do about it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, List, Optional, Tuple

from bot.core.readability import B1_FLOOR, PROSE_MIN_WORDS, WORDS_PER_SENTENCE_CEILING, measure

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    severity: str  # ERROR or WARNING
    where: str
    detail: str


def hard_to_read(texts: Iterable[Tuple[str, str]], source: str, language: Optional[str] = None,
                 sentence_length: bool = True) -> List[Problem]:
    """The plain-language errors of texts ``(where, text)``: below B1_FLOOR on the language's
    measure (Flesch-Douma for Dutch, Flesch reading ease for English) and, when
    ``sentence_length``, more than WORDS_PER_SENTENCE_CEILING words a sentence. Texts shorter
    than PROSE_MIN_WORDS are not measured."""
    found = []
    name = "Flesch reading ease" if language == "en" else "Flesch-Douma"
    for where, text in texts:
        score = measure(text, language)
        if score.words < PROSE_MIN_WORDS:
            continue
        if sentence_length and score.words_per_sentence > WORDS_PER_SENTENCE_CEILING:
            found.append(Problem(ERROR, f"{source}: {where}", f"{where}: {score.words_per_sentence:.0f} words a "
                                 f"sentence; plain language keeps to {WORDS_PER_SENTENCE_CEILING} at most"))
        if score.score < B1_FLOOR:
            found.append(Problem(ERROR, f"{source}: {where}", f"{where}: hard to read ({name} {score.score:.0f}, "
                                 f"plain language is {B1_FLOOR:.0f} or more): use shorter words and sentences"))
    return found
