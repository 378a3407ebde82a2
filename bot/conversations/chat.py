"""The resident's side of a conversation: the token decides who may read or write it, a resent
message is stored once, and the bot's answer is stored only while the bot still has the chat.

Each function works in the caller's transaction; the web layer opens one per step, so no
transaction stays open while Rasa thinks.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable, List, Optional, Sequence, Tuple

from sqlalchemy.orm import Session

from bot.config.content import get_content, render
from bot.config.facts import base_facts
from bot.config.gemeente import get_gemeente
from bot.conversations import feedback, transcript
from bot.conversations.retention import delete_conversations
from bot.conversations.types import BotMessage, FileAttachment, Message, Page, Sender, Status
from bot.core import language
from bot.core.settings import Settings
from bot.db.models import ConversationRow

log = logging.getLogger(__name__)
MAX_SEQ = 2 ** 31 - 1  # the database's integer: a larger number names no message
# Shown when even the content file or gemeente.yml cannot be read.
PLAIN_FAILURE_NOTICE = "Er ging iets mis. Probeer het zo opnieuw. (Something went wrong. Please try again.)"


class ConversationNotFound(Exception):
    """An unknown conversation and a wrong or missing token: callers give both the same answer."""


class ConversationClosed(Exception):
    """The conversation was closed; the resident has to start a new one."""


class NoFile(Exception):
    """The message has no file, or there is no such message."""


@dataclass(frozen=True)
class ResidentMessage:
    """A resident's message: typed text, or the payload of a button they pressed; with the
    widget's ``client_id`` when it sent one."""
    text: Optional[str] = None
    payload: Optional[str] = None
    client_id: Optional[str] = None

    @property
    def for_bot(self) -> str:
        return self.text if self.text is not None else str(self.payload)


@dataclass(frozen=True)
class Stored:
    """Who answers a stored resident message and in which language (``bot.core.language``);
    for a resend, the answer stored the first time. ``switched_to`` is set when the message
    only asked for a language ("English please"): the gateway answers that itself."""
    status: Status
    earlier_replies: Optional[List[Message]] = None
    language: str = language.DEFAULT
    switched_to: Optional[str] = None


def start(session: Session, locale: Optional[str]) -> Tuple[str, str, str]:
    """A new conversation's id, its token (shown only here) and its language: the locale asked
    for when it is one the assistant speaks ("en-GB" is English), else Dutch."""
    chosen = language.supported(locale)
    conversation_id, token = transcript.create_conversation(session, chosen)
    return conversation_id, token, chosen


def store_resident_message(session: Session, conversation_id: str, token: Optional[str], message: ResidentMessage,
                           admit: Callable[[str], None]) -> Stored:
    """Stores the message and says who answers it; refuses strangers and closed chats. A
    message whose client id is already stored is not stored again. ``admit`` is called just
    before a new message is stored (the conversation's rate limit) and raises to refuse it.

    Typed text decides the conversation's language (``language.language_for``: a switch
    request, or text clearly written in the other language); a button's payload and a short
    answer ("ok", "10:00") keep it. The language is stored in the same transaction."""
    conversation = _authenticated(session, conversation_id, token)
    status = Status(conversation.status)
    earlier = transcript.by_client_id(session, conversation_id, message.client_id) if message.client_id else None
    if earlier is not None:
        return Stored(status, transcript.replies_to(session, conversation_id, earlier.seq), language_of(conversation))
    if status is Status.CLOSED:
        raise ConversationClosed(conversation_id)
    admit(conversation_id)
    text = message.text
    switched_to = None
    if text is None:
        text = transcript.button_title(session, conversation_id, str(message.payload)) or message.payload
    else:
        switched_to = language.switch_request(text)
        conversation.locale = language.language_for(text, conversation.locale)
    try:
        stored = transcript.append(session, conversation_id, Sender.RESIDENT, str(text), client_id=message.client_id)
    except transcript.DuplicateMessage as duplicate:  # the same message arrived twice at once
        return Stored(status, transcript.replies_to(session, conversation_id, duplicate.seq), language_of(conversation))
    if switched_to is not None and transcript.answers_form_question(session, conversation_id, stored.seq):
        switched_to = None  # in a form, Rasa confirms the switch and asks the form's question again in the new language
    return Stored(status, language=language_of(conversation), switched_to=switched_to)


def language_of(conversation: ConversationRow) -> str:
    """The conversation's language; a locale stored before there was a choice ("nl-NL") is read as its language."""
    return language.supported(conversation.locale)


def store_answer(session: Session, conversation_id: str, sender: Sender,
                 replies: Sequence[BotMessage]) -> List[Message]:
    """Stores the bot's answer, unless a person took the chat over (or it was closed) while
    the bot was busy. A chat that just started waiting for a person keeps the answer that
    says so."""
    if transcript.status_of(session, conversation_id) not in (Status.BOT, Status.WAITING):
        return []
    return transcript.append_answer(session, conversation_id, sender, replies)


def read(session: Session, conversation_id: str, token: Optional[str], after: int) -> Page:
    """The messages after ``after``, who answers now and the conversation's language."""
    conversation = _authenticated(session, conversation_id, token)
    return Page(transcript.messages_after(session, conversation_id, after), Status(conversation.status),
                language_of(conversation))


def attachment(session: Session, conversation_id: str, token: Optional[str], seq: int) -> FileAttachment:
    _authenticated(session, conversation_id, token)
    found = transcript.attachment_of(session, conversation_id, seq) if seq <= MAX_SEQ else None
    if found is None:
        raise NoFile(seq)
    return found


def delete(session: Session, conversation_id: str, token: Optional[str], tracker_url: str) -> None:
    """The resident's right to erasure: the conversation, its messages, handovers and Rasa's
    events, at once."""
    _authenticated(session, conversation_id, token)
    delete_conversations(session, tracker_url, [conversation_id])


def record_vote(session: Session, conversation_id: str, token: Optional[str], seq: int, helpful: bool) -> None:
    """A thumbs up or down; ``feedback.NoSuchMessage`` and ``feedback.NotABotMessage`` refuse it."""
    _authenticated(session, conversation_id, token)
    feedback.record(session, conversation_id, seq, helpful)


def failure_notice(settings: Settings, in_language: Optional[str] = None) -> str:
    """The content's `terugval.storing` text in the conversation's language; a plain sentence if
    even that cannot be made, because telling the resident about one failure must not fail too."""
    try:
        return _gateway_text(settings, in_language, "terugval", "storing") or PLAIN_FAILURE_NOTICE
    except Exception as problem:  # noqa: BLE001 - any failure here gets the plain notice
        log.error("the failure notice could not be built: %s", problem)
        return PLAIN_FAILURE_NOTICE


def switch_reply(settings: Settings, new_language: str) -> str:
    """The gateway's own answer to "English please" or "Nederlands graag", in the new language:
    the content's ``taal.engels`` or ``taal.nederlands``."""
    key = language.SWITCH_KEYS[language.supported(new_language)]
    return _gateway_text(settings, new_language, "taal", key)




def _gateway_text(settings: Settings, in_language: Optional[str], *keys: str) -> str:
    """A text of the content in ``in_language``, with the municipality's facts filled in."""
    with language.using(in_language):
        template = get_content(settings.content_file).text(*keys)
        return render(template, base_facts(get_gemeente(settings.gemeente_config)))


def _authenticated(session: Session, conversation_id: str, token: Optional[str]) -> ConversationRow:
    conversation = transcript.authenticate(session, conversation_id, token) if token else None
    if conversation is None:
        raise ConversationNotFound(conversation_id)
    return conversation
