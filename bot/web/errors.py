"""Errors as the API contract shapes them: ``{"error": code, "detail": sentence}``.

Routes raise ``ApiError``; the handlers below turn it, Starlette's own HTTP errors (unknown
path, wrong method) and anything unexpected into that JSON, so a client never sees a stack
trace.
"""
from __future__ import annotations

import logging
from typing import Dict, Optional

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

log = logging.getLogger(__name__)

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
          429: "rate_limited"}


class ApiError(Exception):
    """A client's mistake (4xx) with a code a program can test and a sentence a person reads."""

    def __init__(self, status: int, code: str, detail: str, headers: Optional[Dict[str, str]] = None):
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers or {}


def bad_request(code: str, detail: str) -> ApiError:
    return ApiError(400, code, detail)


def not_found() -> ApiError:
    """The same answer for an unknown conversation and a wrong or missing token."""
    return ApiError(404, "not_found", "Conversation not found, or the token does not belong to it.")


def error_response(status: int, code: str, detail: str, headers=None) -> JSONResponse:
    return JSONResponse({"error": code, "detail": detail}, status_code=status, headers=headers)


async def _api_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ApiError)
    return error_response(error.status, error.code, error.detail, headers=error.headers or None)


async def _http_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    code = _CODES.get(error.status_code, "http_error")
    detail = {404: "There is nothing at this address.",
              405: "This address does not accept this method."}.get(error.status_code, str(error.detail))
    return error_response(error.status_code, code, detail, headers=dict(error.headers or {}))


async def _unexpected(_request: Request, error: Exception) -> JSONResponse:
    log.error("unexpected error: %s", type(error).__name__)
    return error_response(500, "internal_error", "Something went wrong on our side. Please try again later.")


EXCEPTION_HANDLERS = {ApiError: _api_error, HTTPException: _http_error, Exception: _unexpected}
