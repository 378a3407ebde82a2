"""The facts of a signposted subject, for the referral texts of content/antwoorden.yml
(section ``wegwijzer``): its name, its sentence, its page and a phone number (the subject's own,
else the municipality's)."""
from __future__ import annotations

from typing import Dict, Optional

from bot.config.facts import fact
from bot.config.gemeente import GemeenteConfig

TEXTS = ("verwijzing", "vervolg")  # the first referral, and a follow-up on it ("en wat kost dat?")


def subject_facts(config: GemeenteConfig, key: Optional[str]) -> Optional[Dict[str, str]]:
    """The placeholders ``wegwijzer.*`` for the subject ``key`` in the conversation's language;
    None for an unknown subject."""
    topic = config.wegwijzer.get(key or "")
    if topic is None:
        return None
    return {"wegwijzer.naam": fact(topic.naam) or topic.naam, "wegwijzer.uitleg": fact(topic.uitleg) or topic.uitleg,
            "wegwijzer.link": str(topic.link),
            "wegwijzer.telefoon": topic.telefoon or config.gemeente.telefoon}
