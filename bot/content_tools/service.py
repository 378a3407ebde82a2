"""The content owners' work as the web console asks for it: what the assistant missed, the
figures, the intents to choose from, and annotating, which waits while a retrain reads the
training data (a model must match its data)."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from sqlalchemy.orm import Session, sessionmaker

from bot.config.content import ContentError, get_content, topic_names
from bot.config.facts import today
from bot.content_tools import analytics, inbox
from bot.content_tools.annotate import TrainingData
from bot.content_tools.decisions import Annotation, Decision, annotate
from bot.content_tools.tracker import collected_names, read_events
from bot.core.clock import TIMEZONE, utcnow
from bot.core.settings import PROJECT_ROOT, Settings
from bot.retraining import runs
from bot.retraining.evaluation import HELDOUT_FILE, REALISTIC_FILES


class RetrainRunning(Exception):
    """A retrain run is reading the training data; examples wait until it has finished."""

    def __init__(self, run_id: int):
        super().__init__(run_id)
        self.run_id = run_id


def training_data_from(settings: Settings) -> TrainingData:
    return TrainingData(settings.training_data_dir, settings.new_topics_file, HELDOUT_FILE,
                        more_held_out=REALISTIC_FILES)


def misses(sessions: "sessionmaker[Session]", tracker_url: str, days: int, below: float) -> Tuple[list, bool]:
    """The inbox's groups of the last ``days``, and whether Rasa's events could be read."""
    since = utcnow() - timedelta(days=days)
    read = read_events(tracker_url, since)
    names = collected_names(tracker_url, since)
    with sessions.begin() as session:
        return inbox.inbox(session, read.events, since, below, names), read.available


def figures(sessions: "sessionmaker[Session]", tracker_url: str, days: int) -> Dict[str, Any]:
    """The analytics of the last ``days`` local days."""
    period = analytics.Period.last_days(days, today(), TIMEZONE)
    read = read_events(tracker_url, period.start_utc)
    with sessions.begin() as session:
        return analytics.analytics(session, period, read.events, read.available)


def intents(training: TrainingData, content_file: Path) -> List[Dict[str, Optional[str]]]:
    """Every intent of the training data with its Dutch title and file, by name; raises
    AnnotationError when the training data cannot be read."""
    files = training.intent_files()
    titles = _intent_titles(content_file)
    return [{"name": name, "title": titles.get(name), "file": _relative(path)} for name, path in sorted(files.items())]


def annotate_misses(session: Session, training: TrainingData, texts: Sequence[str], decision: Decision,
                    intent: Optional[str], topic: Optional[str], account_id: int) -> Annotation:
    """Writes the decision; RetrainRunning for new examples of an intent while a run reads them."""
    running = runs.active(session) if decision is Decision.INTENT else None
    if running is not None:
        raise RetrainRunning(running.id)
    return annotate(session, training, texts, decision, intent, topic, account_id)


def _intent_titles(content_file: Path) -> Dict[str, str]:
    """Every topic's Dutch name (bot.config.content.topic_names), so content owners see words,
    not code names."""
    try:
        titles = topic_names(get_content(content_file))
    except ContentError:
        return {}
    return {str(k): str(v) for k, v in titles.items()}


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return path.name
