"""What a KCC employee can put into a chat besides their own words: the ready-made replies that
content owners keep (``kcc.snelle_antwoorden`` in content/antwoorden.yml), and an answer
suggestion: the bot's own answer (bot.faq.answers) to the resident's last question, which
the employee reads and changes before sending. Nothing here is sent by itself.

The suggestion answers what Rasa's model reads in that question (when it is sure enough and
the topic has an answer), else the conversation's topic (what the queue shows); topics
without an informative answer (greetings, a request for a person, the booking forms) get none.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from bot.config.content import Content, ContentError, render
from bot.config.facts import base_facts
from bot.config.gemeente import GemeenteConfig
from bot.faq.answers import SERVICE_INTENTS, Answers, Question
from bot.nlp.vocabulary import canonical_entities

MIN_CONFIDENCE = 0.6  # below this the model is unsure (the content owners' inbox uses the same)
LAST_MESSAGE, TOPIC = "last_message", "topic"


@dataclass(frozen=True)
class Suggestion:
    text: str
    topic: str
    based_on: str  # LAST_MESSAGE or TOPIC


def canned_replies(content: Content, config: GemeenteConfig) -> List[Dict[str, str]]:
    """The ready-made replies with the municipality's facts filled in, in the file's order;
    one whose facts are all missing is left out."""
    facts = base_facts(config)
    found = []
    for reply in content.raw["kcc"].get("snelle_antwoorden") or []:
        text = render(reply["tekst"], facts)
        if text:
            found.append({"title": reply["titel"], "text": text})
    return found


def answerable(content: Content, intent: Optional[str]) -> bool:
    """Whether the bot has an informative answer for this topic."""
    return bool(intent) and (intent in content.topics or content.agency_for_intent(str(intent)) is not None
                             or intent in SERVICE_INTENTS)


def suggest(content: Content, config: GemeenteConfig, question: str, parsed: Optional[Dict[str, Any]],
            topic: Optional[str]) -> Optional[Suggestion]:
    """The bot's answer to ``question`` as Rasa parsed it, else to the conversation's ``topic``."""
    parsed = parsed or {}
    intent = (parsed.get("intent") or {}).get("name")
    confidence = (parsed.get("intent") or {}).get("confidence") or 0
    if answerable(content, intent) and confidence >= MIN_CONFIDENCE:
        entities = canonical_entities(parsed.get("entities") or [])
        documents = entities.get("document", [])
        asked = Question(intent=str(intent), text=question, document=documents[0] if documents else None,
                         aspects=tuple(entities.get("aspect", [])),
                         entities={name: values[0] for name, values in entities.items()})
        text = _answer(content, config, asked)
        if text:
            return Suggestion(text, str(intent), LAST_MESSAGE)
    if answerable(content, topic):
        text = _answer(content, config, Question(intent=str(topic), text=question))
        if text:
            return Suggestion(text, str(topic), TOPIC)
    return None


def _answer(content: Content, config: GemeenteConfig, question: Question) -> str:
    try:
        replies = Answers(content, config).reply_to(question)
    except (ContentError, KeyError):
        return ""
    return "\n\n".join(reply.text for reply in replies if reply.text).strip()
