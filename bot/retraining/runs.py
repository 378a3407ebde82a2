"""The record of every retrain: who started it, its progress lines, its figures and outcome.

The console reads runs from here while ``make retrain`` or the gateway's background process
writes them, so each change is its own short transaction. Only one run may be active at a
time (the table's ``active_slot``); a run whose process died stops counting as active when it
has not reported for ``STALE_AFTER``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Dict, List, Optional, Tuple

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core.clock import iso_utc, utcnow
from bot.db.models import RetrainRunRow

STALE_AFTER = timedelta(minutes=30)
ACTIVE = ("queued", "running")
MAX_PROGRESS_LINES = 200


class RunActive(Exception):
    """Another retrain is queued or running."""

    def __init__(self, run_id: Optional[int]):
        super().__init__(f"retrain run {run_id} is still active")
        self.run_id = run_id


class RunNotFound(Exception):
    pass


@dataclass(frozen=True)
class Run:
    """A run as the API shows it."""
    id: int
    status: str
    started_by: str
    started_at: datetime
    finished_at: Optional[datetime]
    progress: List[str]
    summary: Dict[str, Any]
    candidate_model: Optional[str]
    live_model_before: Optional[str]
    report_path: Optional[str]
    override_requested: bool
    override_by: Optional[str]
    override_reason: Optional[str]
    override_at: Optional[datetime]

    def as_json(self) -> Dict[str, Any]:
        return {"id": self.id, "status": self.status, "started_by": self.started_by,
                "started_at": iso_utc(self.started_at), "finished_at": iso_utc(self.finished_at),
                "progress": list(self.progress), "summary": self.summary,
                "candidate_model": self.candidate_model, "live_model_before": self.live_model_before,
                "has_report": bool(self.report_path),
                "override_by": self.override_by, "override_reason": self.override_reason,
                "override_at": iso_utc(self.override_at)}


def start(session: Session, started_by: str, override_reason: Optional[str] = None) -> Run:
    """A new queued run; ``RunActive`` when another one is active. ``override_reason`` makes
    the run deploy even a model the gate refuses (recorded as an override by the starter)."""
    _expire_stale(session)
    active = session.execute(select(RetrainRunRow.id).where(RetrainRunRow.active_slot == 1)).scalar()
    if active is not None:
        raise RunActive(active)
    now = utcnow()
    row = RetrainRunRow(status="queued", started_by=started_by[:100], started_at=now, updated_at=now,
                        progress="[]", summary="{}", active_slot=1, override_requested=override_reason is not None,
                        override_reason=override_reason)
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        raise RunActive(None) from None  # another run started at the same moment
    return _run(row)


def get(session: Session, run_id: int) -> Run:
    return _run(_row(session, run_id))


def latest(session: Session, limit: int = 50) -> List[Run]:
    rows = session.execute(select(RetrainRunRow).order_by(RetrainRunRow.id.desc()).limit(limit)).scalars()
    return [_run(row) for row in rows]


# The runs that trained and compared: a run that failed, found nothing changed, or only
# records a rollback says nothing about how long a retrain takes.
_MEASURED = ("deployed", "refused", "rolled_back")


def last_duration(session: Session, look_back: int = 20) -> Optional[Tuple[int, float]]:
    """(run id, seconds) of the newest run that trained and compared both models, from its
    own measurement (``summary.seconds``); None when no such run finished yet."""
    rows = session.execute(select(RetrainRunRow.id, RetrainRunRow.summary)
                           .where(RetrainRunRow.status.in_(_MEASURED), RetrainRunRow.finished_at.is_not(None))
                           .order_by(RetrainRunRow.id.desc()).limit(look_back)).all()
    for run_id, raw in rows:
        try:
            summary = json.loads(raw or "{}")
        except ValueError:
            continue
        seconds = summary.get("seconds") if isinstance(summary, dict) else None
        if isinstance(seconds, (int, float)) and seconds > 0 and not summary.get("unchanged"):
            return run_id, float(seconds)
    return None


def active(session: Session) -> Optional[Run]:
    _expire_stale(session)
    row = session.execute(select(RetrainRunRow).where(RetrainRunRow.active_slot == 1)).scalar()
    return None if row is None else _run(row)


def add_progress(session: Session, run_id: int, line: str, status: Optional[str] = None) -> None:
    row = _row(session, run_id, for_update=True)  # no line lost to a concurrent append (PostgreSQL)
    lines = json.loads(row.progress)
    lines.append(line)
    row.progress = json.dumps(lines[-MAX_PROGRESS_LINES:], ensure_ascii=False)
    row.updated_at = utcnow()
    if status is not None:
        row.status = status


def set_models(session: Session, run_id: int, candidate: Optional[str], live_before: Optional[str]) -> None:
    row = _row(session, run_id)
    row.candidate_model, row.live_model_before = candidate, live_before


def finish(session: Session, run_id: int, status: str, summary: Dict[str, Any],
           report_path: Optional[str] = None) -> Run:
    """Ends the run (deployed, refused, passed or failed) and frees the slot for the next."""
    row = _row(session, run_id)
    now = utcnow()
    row.status, row.summary, row.finished_at, row.updated_at = status, json.dumps(summary), now, now
    row.report_path = report_path or row.report_path
    row.active_slot = None
    if status == "deployed" and row.override_requested and row.override_by is None and summary.get("overridden"):
        row.override_by, row.override_at = row.started_by, now
    return _run(row)


def record_override(session: Session, run_id: int, by: str, reason: str) -> Run:
    """A content owner made the refused model of this run live: who, when and why."""
    row = _row(session, run_id)
    now = utcnow()
    row.status, row.override_by, row.override_reason, row.override_at = "deployed", by[:100], reason, now
    row.updated_at = now
    summary = json.loads(row.summary)
    summary["overridden"] = True
    row.summary = json.dumps(summary)
    return _run(row)


def record_rollback(session: Session, replaced_model: str, restored_model: str, by: str,
                    hot_load_message: str) -> Run:
    """Marks the run that made ``replaced_model`` live as rolled back (or, for a model no run
    made live, records the rollback as a run of its own)."""
    now = utcnow()
    row = session.execute(select(RetrainRunRow)
                          .where(RetrainRunRow.candidate_model == replaced_model, RetrainRunRow.status == "deployed")
                          .order_by(RetrainRunRow.id.desc()).limit(1)).scalar()
    if row is None:
        row = RetrainRunRow(started_by=by[:100], started_at=now, progress="[]", summary="{}",
                            candidate_model=replaced_model, finished_at=now)
        session.add(row)
    summary = json.loads(row.summary or "{}")
    summary["rollback"] = {"by": by, "at": iso_utc(now), "restored": restored_model, "hot_load": hot_load_message}
    row.status, row.summary, row.updated_at = "rolled_back", json.dumps(summary), now
    session.flush()
    return _run(row)


def _expire_stale(session: Session) -> None:
    """A run whose process died would block every later one: it fails after STALE_AFTER."""
    session.execute(update(RetrainRunRow)
                    .where(RetrainRunRow.active_slot == 1, RetrainRunRow.updated_at < utcnow() - STALE_AFTER)
                    .values(status="failed", active_slot=None, finished_at=utcnow())
                    .execution_options(synchronize_session=False))


def _row(session: Session, run_id: int, for_update: bool = False) -> RetrainRunRow:
    row = session.get(RetrainRunRow, run_id, with_for_update=for_update or None)
    if row is None:
        raise RunNotFound(run_id)
    return row


def _run(row: RetrainRunRow) -> Run:
    return Run(id=row.id, status=row.status, started_by=row.started_by, started_at=row.started_at,
               finished_at=row.finished_at, progress=json.loads(row.progress or "[]"),
               summary=json.loads(row.summary or "{}"), candidate_model=row.candidate_model,
               live_model_before=row.live_model_before, report_path=row.report_path,
               override_requested=bool(row.override_requested), override_by=row.override_by,
               override_reason=row.override_reason, override_at=row.override_at)
