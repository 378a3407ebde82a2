"""A resident asks to wipe the conversation (right to erasure, AVG)."""
from __future__ import annotations

from typing import List, Text

from rasa_sdk import Tracker

from actions._sdk import ReplyAction
from bot.core.replies import Reply
from bot.faq.answers import Answers
from bot.handover.offer import in_website_chat


class ActionExplainDeletion(ReplyAction):
    """Says what wiping means and offers the button; the website's gateway does the deleting
    when it is pressed. Outside the website chat there is no button, so it says where."""

    def name(self) -> Text:
        return "action_explain_deletion"

    def replies(self, answers: Answers, tracker: Tracker) -> List[Reply]:
        return answers.deletion(in_website_chat=in_website_chat(tracker.sender_id))
