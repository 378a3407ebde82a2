"""Assembles the chat gateway: one set of routes per audience (residents, staff, the KCC,
appointments for staff, content owners), the resident CORS middleware, the HTTP hardening
(``bot.web.hardening``: security headers, a deadline for request bodies) and the error handlers
that give every failure the contract's JSON shape. The routes themselves live with their
audience; this module only wires them to one settings object and one session factory.
"""
from __future__ import annotations

from typing import Optional

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.types import ASGIApp

from bot.config.gemeente import get_gemeente
from bot.conversations.bot_status import ServiceStatus
from bot.conversations.tracker_events import tracker_url
from bot.core.settings import Settings, get_settings
from bot.db.engine import session_factory
from bot.retraining.launcher import Launcher
from bot.web.appointments.routes import AppointmentsApi
from bot.web.content.answers import AnswersApi
from bot.web.content.retrain import RetrainApi
from bot.web.content.routes import ContentApi
from bot.web.cors import ResidentCors
from bot.web.errors import EXCEPTION_HANDLERS
from bot.web.hardening import BodyDeadline, SecurityHeaders
from bot.web.kcc.callbacks import CallbacksApi
from bot.web.kcc.handovers import KccApi
from bot.web.kcc.health import StatusApi
from bot.web.kcc.replies import ReplyAidsApi
from bot.web.openapi import openapi_routes
from bot.web.ratelimit import ResidentLimits
from bot.web.resident.routes import ResidentApi
from bot.web.resident.statements import StatementPages
from bot.web.resident.widget import WidgetPages
from bot.web.staff.audit_routes import AuditApi
from bot.web.staff.console import console_routes
from bot.web.staff.routes import StaffSessionApi


class Gateway(Starlette):
    """Starlette with ``SecurityHeaders`` outside everything, so even the answer to an
    unexpected error (made by Starlette's outermost middleware) carries them."""

    trust_forwarded_proto = False

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack(), self.trust_forwarded_proto)


def create_app(settings: Optional[Settings] = None,
               rasa_transport: Optional[httpx.AsyncBaseTransport] = None,
               limits: Optional[ResidentLimits] = None,
               retrain_launcher: Optional[Launcher] = None,
               rasa_api_transport: Optional[httpx.BaseTransport] = None) -> Starlette:
    """The gateway for these settings; ``rasa_transport`` replaces the network (to Rasa and,
    for the status check, to the action server) and ``limits`` the in-memory rate limits
    made from the settings (tests, or a shared store). ``retrain_launcher`` starts a queued
    retrain (default: its own process) and ``rasa_api_transport`` replaces the network to
    Rasa's HTTP API (loading a model)."""
    settings = settings or get_settings()
    sessions = session_factory(settings.database_url)
    resident = ResidentApi(sessions, settings, tracker_url(settings.database_url),
                           limits or ResidentLimits.from_settings(settings), rasa_transport)
    routes = [
        *resident.routes(),
        *StaffSessionApi(sessions, settings).routes(),
        *AuditApi(sessions).routes(),
        *KccApi(sessions).routes(),
        *StatusApi(sessions, ServiceStatus.from_settings(settings, rasa_transport)).routes(),
        *console_routes(),
        *ContentApi(sessions, settings).routes(),
        *AnswersApi(sessions, settings).routes(),
        *AppointmentsApi(sessions, lambda: get_gemeente(settings.gemeente_config)).routes(),
        *CallbacksApi(sessions).routes(),
        *ReplyAidsApi(sessions, settings, rasa_transport).routes(),
        *RetrainApi(sessions, settings, retrain_launcher, rasa_api_transport).routes(),
        *openapi_routes(),
        *WidgetPages(settings).routes(),
        *StatementPages(settings).routes(),
    ]
    middleware = [Middleware(ResidentCors, origins=settings.widget_origins),
                  Middleware(BodyDeadline, timeout_s=settings.read_timeout_s)]
    app = Gateway(routes=routes, middleware=middleware, exception_handlers=EXCEPTION_HANDLERS,
                  lifespan=resident.lifespan)
    app.trust_forwarded_proto = settings.trust_forwarded_proto
    return app
