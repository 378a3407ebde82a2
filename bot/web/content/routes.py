"""The content owners' routes (roles content and admin): the inbox of what the assistant
missed (JSON and CSV), annotating it into the training data, the content check, the
figures, and the console page that shows them (/kcc/content).

Annotations are written where the settings say (``TRAINING_DATA_DIR``, default data/nlu, which
``make retrain`` trains from; ``NEW_TOPICS_FILE``); tests point them at a copy. The held-out
test file is only ever read.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, TypeVar

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.content_tools import check, inbox, service
from bot.content_tools.annotate import AnnotationError, TrainingData
from bot.content_tools.decisions import Decision
from bot.conversations.tracker_events import tracker_url
from bot.core.clock import iso_utc, utcnow
from bot.core.settings import Settings
from bot.staff.roles import CONTENT_ROLES
from bot.staff.types import Staff
from bot.web.content.bodies import annotation_request, confidence_param, days_param, page_param
from bot.web.errors import ApiError
from bot.web.resident.bodies import read_object
from bot.web.staff import auth as staff_auth
from bot.web.staff.audit_trail import audited, record_in

log = logging.getLogger(__name__)
_NO_STORE = {"Cache-Control": "no-store"}
Result = TypeVar("Result")


class ContentApi:
    """The content routes, on one session factory."""

    def __init__(self, sessions: "sessionmaker[Session]", settings: Settings,
                 training: Optional[TrainingData] = None):
        self.sessions = sessions
        self.settings = settings
        self.tracker_url = tracker_url(settings.database_url)
        self.training = training or service.training_data_from(settings)

    def routes(self) -> List[Route]:
        base = "/api/content"
        return [Route(base + "/inbox", self.inbox, methods=["GET"]),
                Route(base + "/inbox.csv", self.inbox_csv, methods=["GET"]),
                Route(base + "/annotations", self.annotate, methods=["POST"]),
                Route(base + "/intents", self.intents, methods=["GET"]),
                Route(base + "/analytics", self.analytics, methods=["GET"]),
                Route(base + "/check", self.check, methods=["GET"])]

    async def inbox(self, request: Request) -> JSONResponse:
        """The groups, largest first; ``offset`` and ``limit`` give one page of them, so the
        console shows a few at a time ("Meer tonen") instead of one endless page."""
        staff = await self._staff(request)
        days, below = days_param(request), confidence_param(request, inbox.LOW_CONFIDENCE)
        page = page_param(request)
        groups, available = await run_in_threadpool(service.misses, self.sessions, self.tracker_url, days, below)
        shown = groups[page.offset:] if page.limit is None else groups[page.offset:page.offset + page.limit]
        end = page.offset + len(shown)
        await audited(self.sessions, request, staff, "inbox_view", "inbox", None,
                      details={"days": days, "groups": len(groups)})
        return JSONResponse({"days": days, "below": below, "tracker_available": available,
                             "total": sum(len(g.misses) for g in groups), "group_count": len(groups),
                             "offset": page.offset, "next_offset": end if end < len(groups) else None,
                             "groups": [g.as_json() for g in shown]}, headers=_NO_STORE)

    async def inbox_csv(self, request: Request) -> Response:
        staff = await self._staff(request)
        days, below = days_param(request), confidence_param(request, inbox.LOW_CONFIDENCE)
        groups, _available = await run_in_threadpool(service.misses, self.sessions, self.tracker_url, days, below)
        await audited(self.sessions, request, staff, "inbox_export", "inbox", None,
                      details={"days": days, "groups": len(groups)})
        name = f"inbox-{utcnow():%Y-%m-%d}.csv"
        # a byte-order mark, so a spreadsheet opens the accents as UTF-8
        return Response("\ufeff" + inbox.as_csv(groups), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"', **_NO_STORE})

    async def annotate(self, request: Request) -> JSONResponse:
        staff = await self._staff(request)
        wanted = annotation_request(await read_object(request))
        if wanted.decision is Decision.INTENT:
            known = await run_in_threadpool(self._intent_files)
            if wanted.intent not in known:
                raise ApiError(422, "unknown_intent", f"There is no intent {wanted.intent!r} in the training data.")

        def work(session: Session) -> Dict[str, Any]:
            try:
                done = service.annotate_misses(session, self.training, wanted.texts, wanted.decision, wanted.intent,
                                               wanted.topic, staff.account_id)
            except service.RetrainRunning as running:  # it reads the training files: a model must match its data
                raise ApiError(409, "retrain_running", f"Retrain run {running.run_id} is reading the training data; "
                                                       "add examples when it has finished.") from None
            # the decision and the counts, never the annotated texts
            record_in(session, request, staff, "annotate", "intent" if wanted.intent else "inbox", wanted.intent,
                      details={"decision": wanted.decision.value, "messages": len(wanted.texts),
                               "added": done.added if isinstance(done.added, int) else len(done.added or [])})
            return {"annotation": done.as_json()}

        return JSONResponse(await self._in_transaction(work))

    async def intents(self, request: Request) -> JSONResponse:
        await self._staff(request)
        found = await run_in_threadpool(self._readable, service.intents, self.training, self.settings.content_file)
        return JSONResponse({"intents": found})

    async def analytics(self, request: Request) -> JSONResponse:
        await self._staff(request)
        days = days_param(request)
        found = await run_in_threadpool(service.figures, self.sessions, self.tracker_url, days)
        return JSONResponse(found, headers=_NO_STORE)

    async def check(self, request: Request) -> JSONResponse:
        await self._staff(request)
        found = await run_in_threadpool(check.report, self.settings.gemeente_config, self.settings.content_file)
        errors = sum(1 for f in found if f.severity == check.ERROR)
        return JSONResponse({"ok": errors == 0, "errors": errors, "warnings": len(found) - errors,
                             "checked_at": iso_utc(utcnow()), "findings": [f.as_json() for f in found]},
                            headers=_NO_STORE)

    def _intent_files(self) -> Dict[str, Path]:
        return self._readable(self.training.intent_files)

    @staticmethod
    def _readable(read: Callable[..., Result], *args: Any) -> Result:
        """Reads the training data; a file that cannot be read is the server's 422, not a crash."""
        try:
            return read(*args)
        except AnnotationError as problem:
            raise ApiError(422, "training_data_unreadable", str(problem)) from None

    async def _staff(self, request: Request) -> Staff:
        return await staff_auth.staff_with_role(self.sessions, request, CONTENT_ROLES)

    async def _in_transaction(self, work: Callable[[Session], Result]) -> Result:
        def run() -> Result:
            try:
                with self.sessions.begin() as session:
                    return work(session)
            except AnnotationError as problem:
                raise ApiError(422, "cannot_annotate", str(problem)) from None
            except OSError as problem:  # the server's files, not the request: say so, change nothing
                log.error("annotation not written: %s", problem)
                raise ApiError(503, "training_data_unwritable",
                               "The training data cannot be written on the server; nothing was changed. "
                               "Ask the administrator to check the file permissions.") from None

        return await run_in_threadpool(run)

