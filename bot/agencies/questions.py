"""Is a question for a national agency simple or complex?

Simple: the message names a subject the agency explains on its own website (WW, AOW,
studieschuld, ...: ``onderwerpen`` in gemeente.yml), and nothing in it says the resident is
stuck. Then the agency's page answers it. Complex: no known subject, a long story, or words
that say something went wrong (``spreekuur.woorden_ingewikkeld`` in the content file, which
content owners keep up to date). Then an appointment with an employee of the agency leads.
Either way the resident can ask for the appointment.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

from bot.config.content import Content
from bot.config.gemeente import GemeenteConfig, OnderwerpPagina

LONG_STORY_WORDS = 30  # a message this long is a story, not a quick question


def subject_page(config: GemeenteConfig, agency: str, text: str) -> Optional[OnderwerpPagina]:
    """The agency's own page for the subject the message names (the first that matches)."""
    found = config.uitvoeringsorganisaties.get(agency)
    if found is None:
        return None
    for page in found.onderwerpen.values():
        if _mentions(text, page.woorden):
            return page
    return None


def is_complex(content: Content, text: str) -> bool:
    words = content.raw.get("spreekuur", {}).get("woorden_ingewikkeld") or []
    return len(re.findall(r"\w+", text or "")) >= LONG_STORY_WORDS or _mentions(text, words)


def _mentions(text: str, words: Iterable[str]) -> bool:
    lowered = (text or "").lower()
    return any(re.search(rf"(?<!\w){re.escape(str(w).lower())}(?!\w)", lowered) for w in words)
