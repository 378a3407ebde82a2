"""The OpenAPI description of the retrain routes (bot/web/content/retrain.py), merged into the
gateway's document by ``bot.web.openapi``."""
from __future__ import annotations

from typing import Any, Dict, List

from bot.web.content.retrain import MAX_REASON_CHARS
from bot.web.staff.auth import CSRF_HEADER


def _ref(name: str) -> Dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: Dict[str, Any], description: str) -> Dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERROR = _json(_ref("Error"), "An error: a code and a sentence")
_STAFF: List[Dict[str, List[str]]] = [{"bearer": []}, {"cookie": []}]  # scheme -> scopes
_CSRF = {"name": CSRF_HEADER, "in": "header", "required": False, "schema": {"type": "string"},
         "description": "the csrf_token of the log-in; required when the session cookie authenticates"}
_RUN_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
_ROLES = {"401": _json(_ref("Error"), "Not logged in (error unauthenticated)"),
          "403": _json(_ref("Error"), "Only content owners and administrators (forbidden), or the CSRF header "
                                      "is missing or wrong with the cookie (csrf)")}
_BUSY = _json(_ref("Error"), "A retrain is going (retrain_running), or the change is not possible "
                             "(not_refused, nothing_to_roll_back); nothing changed")
_RUN = _json({"type": "object", "required": ["run"], "properties": {"run": _ref("Run")}}, "The run")
_TIME = {"type": "string", "format": "date-time"}
_MAYBE_TIME = {**_TIME, "nullable": True}
_REASON = {"type": "string", "minLength": 1, "maxLength": MAX_REASON_CHARS,
           "description": "why the new model should go live although the gate refused it (logged)"}

RETRAIN_SCHEMAS: Dict[str, Any] = {
    "Run": {
        "type": "object",
        "required": ["id", "status", "started_at", "finished_at", "progress", "summary", "override_by",
                     "override_reason"],
        "properties": {
            "id": {"type": "integer"},
            "status": {"type": "string",
                       "enum": ["queued", "running", "passed", "refused", "deployed", "failed", "rolled_back"],
                       "description": "passed: nothing changed since the live model; refused: the gate kept the "
                                      "live model; rolled_back: this run's model was replaced by the one before"},
            "started_by": {"type": "string"}, "started_at": _TIME, "finished_at": _MAYBE_TIME,
            "progress": {"type": "array", "items": {"type": "string"},
                         "description": "one line per step, with its time and duration"},
            "summary": {"type": "object", "description": "held-out and cross-validated figures of both models "
                                                        "(per intent too), the gate's checks, changed messages"},
            "candidate_model": {"type": "string", "nullable": True},
            "live_model_before": {"type": "string", "nullable": True},
            "has_report": {"type": "boolean"},
            "report_url": {"type": "string", "nullable": True},
            "override_by": {"type": "string", "nullable": True},
            "override_reason": {"type": "string", "nullable": True},
            "override_at": _MAYBE_TIME,
        },
    },
    "RollbackState": {"type": "object", "required": ["possible", "to"], "properties": {
        "possible": {"type": "boolean", "description": "an earlier model is kept on disk to go back to"},
        "to": {"type": "string", "nullable": True, "description": "the model a rollback would make live"}}},
    "RetrainDuration": {"type": "object", "required": ["seconds", "measured", "run_id"], "properties": {
        "seconds": {"type": "integer", "minimum": 1},
        "measured": {"type": "boolean", "description": "true: how long the last run that trained took; false: the "
                                                       "configured estimate (RETRAIN_ESTIMATE_S), before any run"},
        "run_id": {"type": "integer", "nullable": True, "description": "the run measured"}}},
    "StartRetrain": {"type": "object", "additionalProperties": False,
                     "properties": {"override": {"type": "boolean", "default": False,
                                                 "description": "make the new model live even if worse"},
                                    "reason": {**_REASON, "description": "required with override: true"}}},
    "Override": {"type": "object", "required": ["reason"], "additionalProperties": False,
                 "properties": {"reason": _REASON}},
}

RETRAIN_PATHS: Dict[str, Any] = {
    "/api/content/retrain": {
        "get": {"summary": "Retrain runs, latest first (content owners and administrators)", "security": _STAFF,
                "responses": {"200": _json({"type": "object", "required": ["runs", "rollback", "duration"],
                                            "properties": {"runs": {"type": "array", "items": _ref("Run")},
                                                           "rollback": _ref("RollbackState"),
                                                           "duration": _ref("RetrainDuration")}},
                                           "The runs, whether a rollback is possible, how long a retrain "
                                           "takes"), **_ROLES}},
        "post": {"summary": "Start a retrain: validate, train, compare with the live model, deploy if not worse",
                 "security": _STAFF, "parameters": [_CSRF],
                 "requestBody": {"required": False,
                                 "content": {"application/json": {"schema": _ref("StartRetrain")}}},
                 "responses": {"202": {**_RUN, "description": "Queued; follow it with GET .../retrain/{id}"},
                               "400": _ERROR, **_ROLES, "409": _BUSY, "413": _ERROR,
                               "503": _json(_ref("Error"), "The retrain process could not start")}},
    },
    "/api/content/retrain/{id}": {
        "parameters": [_RUN_ID],
        "get": {"summary": "One run with its progress lines", "security": _STAFF,
                "responses": {"200": _RUN, **_ROLES, "404": _ERROR}},
    },
    "/api/content/retrain/{id}/deploy": {
        "parameters": [_RUN_ID, _CSRF],
        "post": {"summary": "Make the refused model of this run live anyway, with a reason (logged)",
                 "security": _STAFF,
                 "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("Override")}}},
                 "responses": {"200": _RUN, "400": _ERROR, **_ROLES, "404": _ERROR, "409": _BUSY}},
    },
    "/api/content/retrain/{id}/report": {
        "parameters": [_RUN_ID],
        "get": {"summary": "The comparison report (HTML): F1 per intent before and after, confusion matrices, "
                           "the held-out messages whose intent changed",
                "security": _STAFF,
                "responses": {"200": {"description": "The report", "content": {"text/html": {}}}, **_ROLES,
                              "404": _ERROR}},
    },
    "/api/content/rollback": {
        "parameters": [_CSRF],
        "post": {"summary": "Make the previous model live again (loaded into the running Rasa)", "security": _STAFF,
                 "responses": {"200": {**_RUN, "description": "The run whose model was rolled back"}, **_ROLES,
                               "409": _BUSY}},
    },
}
