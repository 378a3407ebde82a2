"""Saving a text of content/antwoorden.yml from the console: checked, versioned, live at once.

A save (``save``) or a restore of an older version (``restore``) happens under a lock on the
file's folder, so two saves never interleave, in one transaction:
1. the file is read; the text must still be the one the editor started from (``basis``, its
   revision), otherwise ``Conflict`` and nothing changes;
2. the new text is checked (``rules.assess``) and so is the whole file with it
   (``parse_content``, what the assistant itself loads); a failure is ``Refused``;
3. the version is added (after the file's own text as a ``file`` version when no version
   holds it yet, so the history always starts from what was there), and the caller's audit
   event with it;
4. the file is replaced in one step (a temporary file, then a rename), so a reader sees the
   old file or the new one, never half of one. If the transaction then fails to commit, the
   old file is put back.

Every process that answers residents (the action server, the gateway) reads the file through
``bot.config.content.get_content``, which loads it again when it changed: the new text is
live at the next reply, without a restart and without retraining (only texts change, never the
lists the model's topic words come from).
"""
from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.config.content import ContentError, parse_content
from bot.content_tools.editor.rules import Answer, Assessment, Problem, answers_in, assess, is_key, normalise
from bot.core.clock import iso_utc, utcnow
from bot.core.yaml_edit import YamlEditError, load, replace_text
from bot.db.models import AnswerVersionRow

log = logging.getLogger(__name__)
FILE, EDITOR, RESTORE = "file", "editor", "restore"
_THREAD_LOCK = threading.Lock()


class UnknownAnswer(LookupError):
    """No text at this key (or no such version of it)."""


class Conflict(Exception):
    """The text changed since the editor read it; ``current`` is the text now."""

    def __init__(self, current: Answer):
        super().__init__(f"{current.key} changed since it was read")
        self.current = current


class Refused(Exception):
    """The new text breaks a rule; nothing changed. ``assessment`` says which."""

    def __init__(self, assessment: Assessment):
        super().__init__("; ".join(p.message for p in assessment.errors))
        self.assessment = assessment


class Unchanged(Exception):
    """The new text is the text already live."""


class Unwritable(Exception):
    """The content file cannot be read or written on the server; nothing changed."""


@dataclass(frozen=True)
class Version:
    version: int
    text: str
    source: str
    author: Optional[str]
    restored_from: Optional[int]
    at: datetime

    def as_json(self, live_text: Optional[str] = None) -> Dict[str, Any]:
        return {"version": self.version, "text": self.text, "source": self.source, "author": self.author,
                "restored_from": self.restored_from, "at": iso_utc(self.at),
                "live": live_text is not None and self.text == live_text}


@dataclass(frozen=True)
class Saved:
    answer: Answer
    version: Version
    assessment: Assessment


Audit = Callable[[Session, Dict[str, Any]], None]


def read_answers(content_file: Path) -> List[Answer]:
    """The editable texts as the file holds them now."""
    return answers_in(_load(_read(content_file)))


def read_answer(content_file: Path, key: str) -> Answer:
    for answer in read_answers(content_file):
        if answer.key == key:
            return answer
    raise UnknownAnswer(key)


def history(session: Session, key: str) -> List[Version]:
    """The versions of one text, newest first."""
    rows = session.execute(select(AnswerVersionRow).where(AnswerVersionRow.answer_key == key)
                           .order_by(AnswerVersionRow.version.desc())).scalars()
    return [_version(row) for row in rows]


def save(sessions: "sessionmaker[Session]", content_file: Path, key: str, text: str, basis: str, author: str,
         audit: Optional[Audit] = None, now: Optional[datetime] = None) -> Saved:
    """Makes ``text`` the live text at ``key``, as ``author``; see the module's steps."""
    return _change(sessions, content_file, key, lambda _session: normalise(text), basis, author, EDITOR, None,
                   audit, now)


def restore(sessions: "sessionmaker[Session]", content_file: Path, key: str, version: int, basis: str, author: str,
            audit: Optional[Audit] = None, now: Optional[datetime] = None) -> Saved:
    """Makes version ``version`` of ``key`` the live text again, as a new version."""
    def old_text(session: Session) -> str:
        row = session.execute(select(AnswerVersionRow).where(AnswerVersionRow.answer_key == key,
                                                             AnswerVersionRow.version == version)).scalar_one_or_none()
        if row is None:
            raise UnknownAnswer(f"{key} version {version}")
        return row.text

    return _change(sessions, content_file, key, old_text, basis, author, RESTORE, version, audit, now)


def _change(sessions: "sessionmaker[Session]", content_file: Path, key: str, new_text: Callable[[Session], str],
            basis: str, author: str, source: str, restored_from: Optional[int], audit: Optional[Audit],
            now: Optional[datetime]) -> Saved:
    if not is_key(key):
        raise UnknownAnswer(key)
    content_file = Path(content_file)
    with _locked(content_file.parent):
        source_text = _read(content_file)
        current = next((a for a in answers_in(_load(source_text)) if a.key == key), None)
        if current is None:
            raise UnknownAnswer(key)
        written = False
        try:
            with sessions.begin() as session:
                text = new_text(session)
                if current.revision != basis:
                    raise Conflict(current)
                if text == current.text:
                    raise Unchanged(key)
                assessment = assess(key, text, current.text)
                if assessment.errors:
                    raise Refused(assessment)
                changed = _changed_file(source_text, key, text, assessment)
                version = _add_versions(session, key, current.text, text, source, author, restored_from,
                                        now or utcnow())
                if audit is not None:
                    audit(session, {"version": version.version, "score": round(assessment.score, 1),
                                    "chars": len(text)})
                session.flush()
                _replace(content_file, changed)
                written = True
        except BaseException:
            if written:  # the version did not commit: the file goes back to what it was
                _replace(content_file, source_text)
            raise
    return Saved(Answer(key, current.section, current.title, text), version, assessment)


def _changed_file(source_text: str, key: str, text: str, assessment: Assessment) -> str:
    try:
        changed = replace_text(source_text, key.split("."), text)
        parse_content(load(changed))
    except (YamlEditError, ContentError) as problem:
        raise Refused(Assessment(assessment.score, assessment.words, assessment.sentences, assessment.prose,
                                 assessment.placeholders,
                                 (Problem("invalid_content", f"Met deze tekst klopt het bestand niet meer: {problem}"),),
                                 assessment.warnings)) from None
    return changed


def _add_versions(session: Session, key: str, live_text: str, text: str, source: str, author: str,
                  restored_from: Optional[int], now: datetime) -> Version:
    latest = session.execute(select(AnswerVersionRow).where(AnswerVersionRow.answer_key == key)
                             .order_by(AnswerVersionRow.version.desc()).limit(1)).scalar_one_or_none()
    number = latest.version if latest else 0
    if latest is None or latest.text != live_text:
        number += 1
        session.add(AnswerVersionRow(answer_key=key, version=number, text=live_text, source=FILE, author=None,
                                     created_at=now))
    row = AnswerVersionRow(answer_key=key, version=number + 1, text=text, source=source, author=author,
                           restored_from=restored_from, created_at=now)
    session.add(row)
    return _version(row)


def _version(row: AnswerVersionRow) -> Version:
    return Version(row.version, row.text, row.source, row.author, row.restored_from, row.created_at)


def _read(content_file: Path) -> str:
    try:
        return Path(content_file).read_text(encoding="utf-8")
    except OSError as problem:
        log.error("content file not readable: %s", problem)
        raise Unwritable(str(problem)) from None


def _load(source_text: str) -> Any:
    try:
        return load(source_text)
    except yaml.YAMLError as problem:
        raise Unwritable(f"the content file is not valid YAML: {problem}") from None


def _replace(content_file: Path, text: str) -> None:
    """Writes the whole file as one step: a reader never sees half of it."""
    try:
        mode = content_file.stat().st_mode & 0o777
        handle, temporary = tempfile.mkstemp(prefix=f".{content_file.name}.", suffix=".tmp", dir=content_file.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, mode)
            os.replace(temporary, content_file)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError as problem:
        log.error("content file not written: %s", problem)
        raise Unwritable(str(problem)) from None


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One save at a time: across threads, and across processes on the folder's lock."""
    with _THREAD_LOCK:
        handle = os.open(folder, os.O_RDONLY)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield
        finally:
            os.close(handle)
