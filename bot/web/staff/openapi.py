"""The staff's part of the OpenAPI document: log-in, log-out and who is logged in
(bot/web/staff/routes.py), and the two ways a staff call authenticates."""
from __future__ import annotations

from typing import Any, Dict

from bot.web.openapi_common import CSRF, ERROR, STAFF_ERRORS, STAFF_SECURITY, TIME, json_body, ref
from bot.web.staff.auth import CSRF_HEADER, SESSION_COOKIE

STAFF_SCHEMAS: Dict[str, Any] = {
    "Login": {"type": "object", "required": ["username", "password"], "additionalProperties": False,
              "properties": {"username": {"type": "string"}, "password": {"type": "string", "format": "password"}}},
    "Session": {
        "type": "object", "required": ["token", "csrf_token", "roles", "display_name"],
        "properties": {
            "token": {"type": "string", "description": f"send as Authorization: Bearer; also set as the "
                                                       f"HttpOnly cookie {SESSION_COOKIE}"},
            "csrf_token": {"type": "string", "description": f"send in {CSRF_HEADER} with every POST that the "
                                                            f"cookie authenticates"},
            "roles": {"type": "array", "items": {"type": "string"},
                      "description": "kcc, content, admin, agency:<code>"},
            "display_name": {"type": "string"}, "username": {"type": "string"}, "expires_at": TIME,
        },
    },
    "StaffMe": {"type": "object", "required": ["username", "display_name", "roles"],
                "properties": {"username": {"type": "string"}, "display_name": {"type": "string"},
                               "roles": {"type": "array", "items": {"type": "string"}}}},
}

STAFF_PATHS: Dict[str, Any] = {
    "/api/staff/login": {
        "post": {
            "summary": "Log in; the answer holds the tokens, and the session is also set as a cookie",
            "requestBody": {"required": True, "content": {"application/json": {"schema": ref("Login")}}},
            "responses": {"200": json_body(ref("Session"), "Logged in"), "400": ERROR,
                          "401": json_body(ref("Error"), "Wrong username or password, or an inactive account "
                                                          "(error invalid_login; always the same answer)"),
                          "413": ERROR, "415": ERROR},
        },
    },
    "/api/staff/logout": {
        "post": {
            "summary": "End this session and clear the cookie",
            "security": STAFF_SECURITY, "parameters": [CSRF],
            "responses": {"200": {"description": "Logged out"}, **STAFF_ERRORS},
        },
    },
    "/api/staff/me": {
        "get": {
            "summary": "Who this session belongs to, and the account's roles",
            "security": STAFF_SECURITY,
            "responses": {"200": json_body(ref("StaffMe"), "The logged-in employee"),
                          "401": STAFF_ERRORS["401"]},
        },
    },
}

SECURITY_SCHEMES: Dict[str, Any] = {"bearer": {"type": "http", "scheme": "bearer"},
                                    "cookie": {"type": "apiKey", "in": "cookie", "name": SESSION_COOKIE}}
