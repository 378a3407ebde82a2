"""The staff's appointments part of the OpenAPI document (bot/web/appointments/routes.py)."""
from __future__ import annotations

from typing import Any, Dict

from bot.web.openapi_common import STAFF_ERRORS, STAFF_SECURITY, TIME, json_body, ref

APPOINTMENT_SCHEMAS: Dict[str, Any] = {
    "AppointmentSummary": {
        "type": "object",
        "required": ["reference", "product", "product_name", "location", "location_name", "start", "end", "status",
                     "agencies", "agency_names", "has_transcript", "name"],
        "properties": {
            "reference": {"type": "string"}, "product": {"type": "string"}, "product_name": {"type": "string"},
            "location": {"type": "string"}, "location_name": {"type": "string"}, "start": TIME, "end": TIME,
            "status": {"type": "string", "enum": ["booked", "cancelled"]},
            "agencies": {"type": "array", "items": {"type": "string"},
                         "description": "codes of the agencies whose employees join (uitvoeringsorganisaties)"},
            "agency_names": {"type": "array", "items": {"type": "string"},
                             "description": "their names in gemeente.yml, in the order of agencies (the code for an "
                                            "agency no longer configured)"},
            "has_transcript": {"type": "boolean"}, "name": {"type": "string"},
        },
    },
    "LocationChoice": {"type": "object", "required": ["code", "name"],
                       "properties": {"code": {"type": "string"}, "name": {"type": "string"}}},
    "Appointments": {"type": "object", "required": ["appointments", "locations"],
                     "properties": {"appointments": {"type": "array", "items": ref("AppointmentSummary")},
                                    "locations": {"type": "array", "items": ref("LocationChoice"),
                                                  "description": "the places this employee can choose, in "
                                                                 "gemeente.yml's order: every location for the KCC "
                                                                 "and administrators, the pilot locations where "
                                                                 "their agency is for an agency employee"}}},
    "SharedTranscript": {
        "type": "object", "required": ["consent_at", "conversation_id", "messages"],
        "description": "The chat the resident agreed to share, masked (BSN, IBAN, phone numbers, e-mail "
                       "addresses other than the resident's contact address and the municipality's)",
        "properties": {"consent_at": TIME, "conversation_id": {"type": "string", "nullable": True},
                       "messages": {"type": "array", "items": ref("Message")}},
    },
    "AppointmentDetail": {"type": "object", "required": ["appointment"], "properties": {"appointment": {"allOf": [
        ref("AppointmentSummary"),
        {"type": "object", "required": ["email", "phone", "transcript"],
         "properties": {"email": {"type": "string", "nullable": True}, "phone": {"type": "string", "nullable": True},
                        "transcript": {"allOf": [ref("SharedTranscript")], "nullable": True}}}]}}},
}
_SCOPED = "KCC and administrators: all; an agency employee (agency:<code>): only appointments carrying its agency"

APPOINTMENT_PATHS: Dict[str, Any] = {
    "/api/appointments": {
        "get": {
            "summary": f"The appointments of one day or of a few days, earliest first ({_SCOPED})",
            "security": STAFF_SECURITY,
            "parameters": [
                {"name": "date", "in": "query", "required": False, "schema": {"type": "string", "format": "date"},
                 "description": "YYYY-MM-DD (Europe/Amsterdam); default today"},
                {"name": "days", "in": "query", "required": False,
                 "schema": {"type": "integer", "minimum": 1, "maximum": 31, "default": 1},
                 "description": "how many days from date on (1: that day only)"},
                {"name": "location", "in": "query", "required": False, "schema": {"type": "string"},
                 "description": "a location code of gemeente.yml"}],
            "responses": {"200": json_body(ref("Appointments"), "The period's appointments and the places to "
                                                                 "choose from"), **STAFF_ERRORS,
                          "422": json_body(ref("Error"), "A bad date (invalid_date), a number of days outside "
                                                          "1-31 (invalid_days) or an unknown location "
                                                          "(unknown_location)")},
        },
    },
    "/api/appointments/{reference}": {
        "parameters": [{"name": "reference", "in": "path", "required": True, "schema": {"type": "string"}}],
        "get": {
            "summary": f"One appointment with contact details and the shared transcript ({_SCOPED})",
            "security": STAFF_SECURITY,
            "responses": {"200": json_body(ref("AppointmentDetail"), "The appointment"), **STAFF_ERRORS,
                          "404": json_body(ref("Error"), "No such appointment, or one of another agency "
                                                          "(the same answer)")},
        },
    },
}
