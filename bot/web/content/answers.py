"""The answer editor's routes (roles content and admin): the texts of content/antwoorden.yml,
one text with its versions, the live check while typing, saving and restoring.

The work is ``bot.content_tools.editor``; these routes read the request, call it and shape
the answer. A save or restore is written to the audit log in its own transaction (who, which
text, the version, the score; never the text), and a refused one as ``refused`` with its status.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, List

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.audit import log as audit
from bot.content_tools.editor import versions
from bot.content_tools.editor.rules import MAX_CHARS, Answer, allowed_placeholders, assess, is_key, normalise
from bot.core.readability import B1_FLOOR, PROSE_MIN_WORDS
from bot.core.settings import Settings
from bot.staff.roles import CONTENT_ROLES
from bot.staff.types import Staff
from bot.web.errors import ApiError, bad_request
from bot.web.resident.bodies import only_fields, read_object
from bot.web.staff import auth as staff_auth
from bot.web.staff.audit_trail import audited, record_in

BASE = "/api/content/answers"
MAX_BASIS_CHARS = 64
_NO_STORE = {"Cache-Control": "no-store"}


class AnswersApi:
    """The answer editor's routes on one session factory; the file is the settings' CONTENT_FILE."""

    def __init__(self, sessions: "sessionmaker[Session]", settings: Settings):
        self.sessions = sessions
        self.settings = settings

    def routes(self) -> List[Route]:
        return [Route(BASE, self.index, methods=["GET"]),
                Route(BASE + "/{key:str}", self.one_or_save, methods=["GET", "PUT"]),
                Route(BASE + "/{key:str}/check", self.check, methods=["POST"]),
                Route(BASE + "/{key:str}/versions/{version:int}/restore", self.restore, methods=["POST"])]

    async def index(self, request: Request) -> JSONResponse:
        await self._staff(request)
        found = await run_in_threadpool(self._read_all)
        return JSONResponse({"answers": [_shown(answer) for answer in found], "rules": _RULES}, headers=_NO_STORE)

    async def one_or_save(self, request: Request) -> JSONResponse:
        if request.method == "PUT":
            return await self.save(request)
        await self._staff(request)
        key = _key(request)

        def read() -> Dict[str, Any]:
            answer = self._read_one(key)
            with self.sessions.begin() as session:
                found = versions.history(session, key)
            return {"answer": {**_shown(answer), "placeholders": sorted(allowed_placeholders(key, answer.text)),
                               "versions": [v.as_json(answer.text) for v in found]}, "rules": _RULES}

        return JSONResponse(await run_in_threadpool(read), headers=_NO_STORE)

    async def check(self, request: Request) -> JSONResponse:
        """What saving this text would say, without saving: the score, errors and warnings."""
        await self._staff(request)
        key = _key(request)
        text = _text(await read_object(request), {"text"})
        answer = await run_in_threadpool(self._read_one, key)
        return JSONResponse({"assessment": assess(key, normalise(text), answer.text).as_json()}, headers=_NO_STORE)

    async def save(self, request: Request) -> JSONResponse:
        staff = await self._staff(request)
        key = _key(request)
        body = await read_object(request)
        text = _text(body, {"text", "basis"})
        basis = _basis(body)
        return await self._changed(request, staff, "answer_edit", key, lambda audit_in: versions.save(
            self.sessions, self.settings.content_file, key, text, basis, staff.username, audit_in))

    async def restore(self, request: Request) -> JSONResponse:
        staff = await self._staff(request)
        key = _key(request)
        number = int(request.path_params["version"])
        body = await read_object(request)
        only_fields(body, {"basis"})
        basis = _basis(body)
        return await self._changed(request, staff, "answer_restore", key, lambda audit_in: versions.restore(
            self.sessions, self.settings.content_file, key, number, basis, staff.username, audit_in))

    async def _changed(self, request: Request, staff: Staff, action: str, key: str,
                       change: Callable[[versions.Audit], versions.Saved]) -> JSONResponse:
        """Runs a save or restore; its audit event goes into its own transaction, a refusal's
        into one of its own."""
        def audit_in(session: Session, details: Dict[str, Any]) -> None:
            record_in(session, request, staff, action, "answer", key, details=details)

        try:
            saved = await run_in_threadpool(change, audit_in)
        except versions.Refused as refused:
            await self._refused(request, staff, action, key, 422)
            return JSONResponse({"error": "invalid_answer",
                                 "detail": "The text was not saved: " + "; ".join(p.code for p in refused.assessment.errors),
                                 "assessment": refused.assessment.as_json()}, status_code=422, headers=_NO_STORE)
        except versions.Conflict as conflict:
            await self._refused(request, staff, action, key, 409)
            return JSONResponse({"error": "changed_meanwhile",
                                 "detail": "This text changed since you opened it; nothing was saved. "
                                           "(De tekst is intussen veranderd. Uw tekst is niet opgeslagen.)",
                                 "current": _shown(conflict.current)}, status_code=409, headers=_NO_STORE)
        except versions.Unchanged:
            await self._refused(request, staff, action, key, 422)
            raise ApiError(422, "unchanged", "This is already the live text; nothing was saved. "
                                             "(Dit is al de tekst die inwoners zien.)") from None
        except versions.UnknownAnswer:
            raise _unknown() from None
        except versions.Unwritable:
            await self._refused(request, staff, action, key, 503)
            raise ApiError(503, "content_unwritable", "The content file cannot be read or written on the server; "
                                                      "nothing was changed. Ask the administrator to check it.") from None
        answer = {**_shown(saved.answer), "placeholders": sorted(allowed_placeholders(key, saved.answer.text))}
        return JSONResponse({"answer": answer, "version": saved.version.as_json(saved.answer.text),
                             "assessment": saved.assessment.as_json()}, headers=_NO_STORE)

    async def _refused(self, request: Request, staff: Staff, action: str, key: str, status: int) -> None:
        await audited(self.sessions, request, staff, action, "answer", key, audit.REFUSED, {"status": status})

    def _read_all(self) -> List[Answer]:
        try:
            return versions.read_answers(self.settings.content_file)
        except versions.Unwritable:
            raise ApiError(503, "content_unreadable", "The content file cannot be read on the server.") from None

    def _read_one(self, key: str) -> Answer:
        for answer in self._read_all():
            if answer.key == key:
                return answer
        raise _unknown()

    async def _staff(self, request: Request) -> Staff:
        return await staff_auth.staff_with_role(self.sessions, request, CONTENT_ROLES)


_RULES = {"b1_floor": B1_FLOOR, "prose_min_words": PROSE_MIN_WORDS, "max_chars": MAX_CHARS}


def _shown(answer: Answer) -> Dict[str, Any]:
    return {"key": answer.key, "section": answer.section, "title": answer.title, "text": answer.text,
            "revision": answer.revision, "assessment": assess(answer.key, answer.text, answer.text).as_json()}


def _key(request: Request) -> str:
    key = request.path_params["key"]
    if not is_key(key):
        raise _unknown()
    return key


def _unknown() -> ApiError:
    return ApiError(404, "unknown_answer", "There is no text with this key in the content file.")


def _text(body: Dict[str, Any], fields: set) -> str:
    only_fields(body, fields)
    text = body.get("text")
    if not isinstance(text, str):
        raise bad_request("invalid_body", "Send {\"text\": \"...\"}.")
    if len(text) > 4 * MAX_CHARS:  # far past the limit: refused before it is measured
        raise bad_request("text_too_long", f"text may be at most {MAX_CHARS} characters.")
    return text


def _basis(body: Dict[str, Any]) -> str:
    basis = body.get("basis")
    if not isinstance(basis, str) or not basis or len(basis) > MAX_BASIS_CHARS:
        raise bad_request("invalid_basis", "Send the revision of the text you started from as \"basis\".")
    return basis
