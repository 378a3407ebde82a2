"""The content owners' retrain routes: start a retrain, follow its progress, read its report,
make a refused model live anyway (with a reason, logged), and roll back to the model before.
The list of runs also says whether there is a model to roll back to and how long a retrain
takes (the last one's own measurement, or the configured estimate).

A retrain runs in a process of its own (``python -m bot.retraining run``), so training never
slows the gateway down; it writes its progress into the run's record, which these routes
read. Only one run at a time: a second start is a 409, and so are an override or a rollback
while a run is going. Every route needs the role ``content`` or ``admin``.
"""
from __future__ import annotations

import logging
from typing import Any, Callable, Dict, FrozenSet, List, Optional, Tuple

import httpx
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse
from starlette.routing import Route

from bot.core.settings import Settings
from bot.retraining import live, runs
from bot.retraining.launcher import Launcher, LaunchFailed, launch_in_background, report_folder, start_run
from bot.retraining.pipeline import OverrideNotAllowed, override, rollback
from bot.staff.roles import CONTENT_ROLES
from bot.staff.types import Staff
from bot.web.errors import ApiError, bad_request
from bot.web.resident.bodies import only_fields, read_object, storable
from bot.web.staff import auth as staff_auth
from bot.web.staff.audit_trail import Audited, audited_call
from bot.web.staff.bodies import no_fields

MAX_REASON_CHARS = 500
PICTURES = ("confusion-new.png", "confusion-live.png")
# The report is our own HTML with inline styles and embedded pictures; nothing else may load.
_REPORT_HEADERS = {"Content-Security-Policy": "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'",
                   "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}
log = logging.getLogger(__name__)


class RetrainApi:
    """The retrain routes on one session factory; ``launcher`` starts a queued run."""

    def __init__(self, sessions: "sessionmaker[Session]", settings: Settings, launcher: Optional[Launcher] = None,
                 rasa_transport: Optional[httpx.BaseTransport] = None):
        self.sessions = sessions
        self.settings = settings
        self.launcher = launcher or launch_in_background
        self.rasa_transport = rasa_transport

    def routes(self) -> List[Route]:
        base = "/api/content/retrain"
        return [Route(base, self.list_or_start, methods=["GET", "POST"]),
                Route(base + "/{id:int}", self.one, methods=["GET"]),
                Route(base + "/{id:int}/deploy", self.deploy, methods=["POST"]),
                Route(base + "/{id:int}/report", self.report, methods=["GET"]),
                Route(base + "/{id:int}/{picture:str}", self.picture, methods=["GET"]),
                Route("/api/content/rollback", self.rollback, methods=["POST"])]

    async def list_or_start(self, request: Request) -> JSONResponse:
        """GET: the runs, latest first; POST: start one (202, it goes on in the background)."""
        if request.method == "GET":
            await self._staff(request)
            found, measured = await self._read(lambda session: (runs.latest(session), runs.last_duration(session)))
            target = await run_in_threadpool(live.rollback_target, self.settings.models_dir)
            return JSONResponse({"runs": [self._shown(run) for run in found],
                                 "rollback": {"possible": target is not None, "to": target},
                                 "duration": self._duration(measured)})
        staff = await self._staff(request)
        reason = _start_body(await read_object(request, empty_means_object=True))
        what = Audited(request, staff, "retrain", "retrain_run", None, {"override": reason is not None})
        run = await audited_call(self.sessions, what, lambda: self._start(staff, reason))
        return JSONResponse({"run": self._shown(run)}, status_code=202)

    async def one(self, request: Request) -> JSONResponse:
        await self._staff(request)
        run_id = _run_id(request)
        return JSONResponse({"run": self._shown(await self._read(lambda session: runs.get(session, run_id)))})

    async def deploy(self, request: Request) -> JSONResponse:
        """A refused model made live by a content owner: the reason is required and logged."""
        staff = await self._staff(request)
        reason = _reason(await read_object(request))
        run_id = _run_id(request)

        def work() -> runs.Run:
            self._refuse_while_running()
            try:
                return override(self.settings, self.sessions, run_id, staff.username, reason, self.rasa_transport)
            except OverrideNotAllowed as refused:
                raise ApiError(409, "not_refused", str(refused)) from None

        what = Audited(request, staff, "override", "retrain_run", run_id)
        run = await audited_call(self.sessions, what, lambda: self._not_found_as_404(work))
        log.info("retrain run %s: refused model made live by %s: %s", run_id, staff.username, reason)
        return JSONResponse({"run": self._shown(run)})

    async def rollback(self, request: Request) -> JSONResponse:
        staff = await self._staff(request)
        no_fields(await read_object(request, empty_means_object=True))

        def work() -> runs.Run:
            self._refuse_while_running()
            try:
                return rollback(self.settings, self.sessions, staff.username, self.rasa_transport)
            except live.NothingToRollBack as nothing:
                raise ApiError(409, "nothing_to_roll_back", str(nothing)) from None

        what = Audited(request, staff, "rollback", "model", None)
        return JSONResponse({"run": self._shown(await audited_call(self.sessions, what, work))})

    async def report(self, request: Request) -> HTMLResponse:
        await self._staff(request)
        run = await self._read(lambda session: runs.get(session, _run_id(request)))
        path = self._report_folder(run) / "report.html" if run.report_path else None
        if path is None or not path.exists():
            raise ApiError(404, "no_report", "This run has no report (yet): it failed before comparing, "
                                             "or it is still going.")
        return HTMLResponse(path.read_text(encoding="utf-8"), headers=_REPORT_HEADERS)

    async def picture(self, request: Request) -> FileResponse:
        """The confusion-matrix pictures the report links to; nothing else from the folder."""
        await self._staff(request)
        name = request.path_params["picture"]
        if name not in PICTURES:
            raise ApiError(404, "not_found", "There is nothing at this address.")
        run = await self._read(lambda session: runs.get(session, _run_id(request)))
        path = self._report_folder(run) / name
        if not run.report_path or not path.exists():
            raise ApiError(404, "no_report", "This run has no such picture.")
        return FileResponse(path, media_type="image/png", headers={"Cache-Control": "no-store"})

    def _start(self, staff: Staff, reason: Optional[str]) -> runs.Run:
        try:
            return start_run(self.sessions, self.settings, self.launcher, staff.username, reason)
        except runs.RunActive as active:
            which = f"Run {active.run_id} is" if active.run_id else "Another run is"
            raise ApiError(409, "retrain_running", f"{which} still going; wait until it has finished.") from None
        except LaunchFailed:
            raise ApiError(503, "retrain_unavailable", "The retrain could not be started on the server.") from None

    def _refuse_while_running(self) -> None:
        with self.sessions.begin() as session:
            active = runs.active(session)
        if active is not None:
            raise ApiError(409, "retrain_running", f"Run {active.id} is still going; wait until it has finished.")

    def _report_folder(self, run: runs.Run):
        return report_folder(self.settings, run.id)

    def _duration(self, measured: Optional[Tuple[int, float]]) -> Dict[str, Any]:
        """How long a retrain takes: as long as the last one that trained did, or, before
        any, the estimate of the configuration (RETRAIN_ESTIMATE_S)."""
        if measured is None:
            return {"seconds": self.settings.retrain_estimate_s, "measured": False, "run_id": None}
        run_id, seconds = measured
        return {"seconds": round(seconds), "measured": True, "run_id": run_id}

    def _shown(self, run: runs.Run) -> Dict[str, Any]:
        shown = run.as_json()
        shown["report_url"] = f"/api/content/retrain/{run.id}/report" if run.report_path else None
        return shown

    async def _staff(self, request: Request) -> Staff:
        return await staff_auth.staff_with_role(self.sessions, request, CONTENT_ROLES)

    async def _read(self, work: Callable[[Session], Any]) -> Any:
        def run() -> Any:
            with self.sessions.begin() as session:
                return work(session)

        return await run_in_threadpool(self._not_found_as_404, run)

    @staticmethod
    def _not_found_as_404(work: Callable[[], Any]) -> Any:
        try:
            return work()
        except runs.RunNotFound:
            raise ApiError(404, "not_found", "There is no retrain run with this id.") from None


def _start_body(body: Dict[str, Any]) -> Optional[str]:
    """``{}`` or ``{"override": false}``; ``{"override": true, "reason": "..."}`` makes the new
    model live even when the gate refuses it. Returns the override's reason, if any."""
    only_fields(body, {"override", "reason"})
    wanted = body.get("override", False)
    if not isinstance(wanted, bool):
        raise bad_request("invalid_override", "override must be true or false.")
    if not wanted:
        if "reason" in body:
            raise bad_request("invalid_reason", "A reason belongs to an override: send \"override\": true with it.")
        return None
    return _reason(body, allowed=frozenset({"override", "reason"}))


def _reason(body: Dict[str, Any], allowed: FrozenSet[str] = frozenset({"reason"})) -> str:
    """``{"reason": str}``: why a content owner overrides the gate, 1 to 500 characters."""
    only_fields(body, set(allowed))
    reason = body.get("reason")
    if not isinstance(reason, str):
        raise bad_request("invalid_reason", "Send {\"reason\": \"...\"}: why the new model should go live anyway.")
    reason = storable(reason, "reason").strip()
    if not reason or len(reason) > MAX_REASON_CHARS:
        raise bad_request("invalid_reason", f"The reason must be 1 to {MAX_REASON_CHARS} characters.")
    return reason


_MAX_RUN_ID = 2 ** 31 - 1  # the database's integer; a larger id names no run


def _run_id(request: Request) -> int:
    run_id = request.path_params["id"]
    if run_id > _MAX_RUN_ID:
        raise ApiError(404, "not_found", "There is no retrain run with this id.")
    return run_id
