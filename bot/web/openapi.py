"""The OpenAPI 3 document served at ``GET /openapi.json``, written by hand so that it says
exactly what the contract says. Each audience describes its own routes beside them; this
module only merges those parts."""
from __future__ import annotations

from typing import Any, Dict, List

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.web.appointments.openapi import APPOINTMENT_PATHS, APPOINTMENT_SCHEMAS
from bot.web.content.answers_openapi import ANSWER_PATHS, ANSWER_SCHEMAS
from bot.web.content.openapi import CONTENT_PATHS, CONTENT_SCHEMAS
from bot.web.content.retrain_openapi import RETRAIN_PATHS, RETRAIN_SCHEMAS
from bot.web.kcc.openapi import KCC_PATHS, KCC_SCHEMAS
from bot.web.openapi_common import COMMON_SCHEMAS, json_body, ref
from bot.web.resident.openapi import RESIDENT_PATHS, RESIDENT_SCHEMAS
from bot.web.staff.openapi import SECURITY_SCHEMES, STAFF_PATHS, STAFF_SCHEMAS

_OWN_PATHS: Dict[str, Any] = {
    "/openapi.json": {
        "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3 document"}}},
    },
}


def _merged(*parts: Dict[str, Any]) -> Dict[str, Any]:
    """One dict of all parts; a name described twice is a mistake, not an override."""
    merged: Dict[str, Any] = {}
    for part in parts:
        twice = merged.keys() & part.keys()
        if twice:
            raise ValueError(f"described twice in the OpenAPI document: {sorted(twice)}")
        merged.update(part)
    return merged


# bot.web.hardening.BodyDeadline: a body not sent in full within the read timeout.
_TIMED_OUT = json_body(ref("Error"), "The request's body did not arrive within the read timeout "
                                     "(error request_timeout); the connection is closed")


def _with_read_timeout(paths: Dict[str, Any]) -> Dict[str, Any]:
    """Every operation that reads a body can answer 408."""
    for item in paths.values():
        for operation in item.values():
            if isinstance(operation, dict) and "requestBody" in operation:
                operation["responses"].setdefault("408", _TIMED_OUT)
    return paths


OPENAPI: Dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Gemeente-assistent chat gateway", "version": "1.0.0",
             "description": "Residents chat with the municipality's assistant, or with a person who took over; "
                            "staff log in to take chats over."},
    "paths": _with_read_timeout(_merged(RESIDENT_PATHS, STAFF_PATHS, KCC_PATHS, APPOINTMENT_PATHS, CONTENT_PATHS,
                                        ANSWER_PATHS, RETRAIN_PATHS, _OWN_PATHS)),
    "components": {
        "schemas": _merged(COMMON_SCHEMAS, RESIDENT_SCHEMAS, STAFF_SCHEMAS, KCC_SCHEMAS, APPOINTMENT_SCHEMAS,
                           CONTENT_SCHEMAS, ANSWER_SCHEMAS, RETRAIN_SCHEMAS),
        "securitySchemes": SECURITY_SCHEMES,
    },
}


async def _serve(_request: Request) -> JSONResponse:
    return JSONResponse(OPENAPI)


def openapi_routes() -> List[Route]:
    return [Route("/openapi.json", _serve, methods=["GET"])]
