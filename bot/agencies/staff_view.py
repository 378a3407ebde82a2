"""The appointments as staff see them: KCC employees and administrators every one, an agency
employee (``agency:<code>``) only those that carry their agency, so another agency's
appointment looks exactly like one that does not exist. The transcript shown is the masked
copy the resident agreed to share.

The list also names the places an employee can choose from (all of gemeente.yml's locations
for the KCC, the pilot locations of their agency for an agency employee) and the agencies by
their names, so a console page needs nothing else.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Callable, Dict, FrozenSet, List, Optional, Tuple, cast

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from bot.agencies.locations import locations_with
from bot.agencies.shared_transcript import AttachedTranscript, appointments_with_conversation, attached
from bot.config.gemeente import GemeenteConfig
from bot.core.clock import TIMEZONE, iso_utc
from bot.db.models import AppointmentAgencyRow, AppointmentRow, AppointmentTranscriptRow, LocationRow, ProductRow
from bot.staff.roles import ADMIN, KCC, agency_codes

ALL = None  # the scope of KCC employees and administrators
Scope = Optional[FrozenSet[str]]


class NotAllowed(Exception):
    """The employee has no role that sees appointments."""


def scope_of(roles: FrozenSet[str]) -> Scope:
    """ALL for the KCC and administrators, the agency codes of an agency employee."""
    if roles & {KCC, ADMIN}:
        return ALL
    codes = agency_codes(roles)
    if not codes:
        raise NotAllowed()
    return codes


def period(day: date, days: int) -> Tuple[datetime, datetime]:
    """The stored (naive UTC) start and end of ``days`` local days from ``day``; OverflowError
    for days at the edge of the calendar, which Python cannot turn into UTC."""
    start = datetime.combine(day, time.min, tzinfo=TIMEZONE)
    end = datetime.combine(day + timedelta(days=days), time.min, tzinfo=TIMEZONE)
    return _stored(start), _stored(end)


def is_location(session: Session, code: str) -> bool:
    return session.get(LocationRow, code) is not None


def appointments(session: Session, config: GemeenteConfig, start: datetime, end: datetime,
                 location: Optional[str], scope: Scope) -> Dict[str, Any]:
    """The period's appointments in this scope, earliest first, and the places to choose from."""
    rows = session.execute(_period_query(start, end, location, scope)).all()
    agencies = _agencies(session, [row.AppointmentRow.id for row in rows])
    with_transcript = _with_transcript(session, [row.AppointmentRow.id for row in rows])
    return {"appointments": [_summary(row, agencies, with_transcript, config) for row in rows],
            "locations": location_choices(config, scope)}


def appointment(session: Session, config: Callable[[], GemeenteConfig], reference: str,
                scope: Scope) -> Optional[Dict[str, Any]]:
    """One appointment with its contact details and shared transcript; None when there is none
    with this reference in this scope (``config`` is read only for one that is shown)."""
    row = session.execute(_base_query().where(AppointmentRow.reference == reference)).first()
    agencies = _agencies(session, [row.AppointmentRow.id]) if row else {}
    if row is None or not _visible(agencies.get(row.AppointmentRow.id, []), scope):
        return None
    shared = attached(session, row.AppointmentRow.id)
    shown = _summary(row, agencies, {row.AppointmentRow.id} if shared else set(), config())
    shown.update(email=row.AppointmentRow.email, phone=row.AppointmentRow.phone, transcript=None)
    if shared:
        shown["transcript"] = {"consent_at": iso_utc(shared.consent_at),
                               "conversation_id": shared.conversation_id, "messages": shared.messages}
    return shown


def location_choices(config: GemeenteConfig, scope: Scope) -> List[Dict[str, str]]:
    """The places an employee can pick: every location for ALL, else the pilot locations
    where one of their agencies holds appointments (in gemeente.yml's order)."""
    codes = list(config.locaties) if scope is ALL else locations_with(config, scope)
    return [{"code": code, "name": config.locaties[code].naam} for code in codes]


def agency_name(config: GemeenteConfig, code: str) -> str:
    """The agency's name from gemeente.yml; its code when it was removed there since booking."""
    agency = config.uitvoeringsorganisaties.get(code)
    return agency.naam if agency else code


def agency_transcript(session: Session, codes: FrozenSet[str], conversation_id: str) -> Optional[Dict[str, Any]]:
    """The shared copy of a conversation for an agency employee: only when it is attached to
    an appointment of their agency (the newest such copy); None otherwise."""
    ids = appointments_with_conversation(session, conversation_id)
    agencies = _agencies(session, ids)
    mine = [i for i in ids if _visible(agencies.get(i, []), codes)]
    if not mine:
        return None
    rows = session.execute(select(AppointmentRow.id, AppointmentRow.reference, AppointmentTranscriptRow.attached_at)
                           .join(AppointmentTranscriptRow, AppointmentTranscriptRow.appointment_id == AppointmentRow.id)
                           .where(AppointmentRow.id.in_(mine)).order_by(AppointmentTranscriptRow.attached_at)).all()
    # cast: the join above found this appointment's transcript row, in the same session
    newest = cast(AttachedTranscript, attached(session, rows[-1].id))
    return {"conversation_id": conversation_id, "appointments": [row.reference for row in rows],
            "consent_at": iso_utc(newest.consent_at), "messages": newest.messages}


def _base_query():
    return (select(AppointmentRow, ProductRow.name.label("product_name"), LocationRow.name.label("location_name"))
            .join(ProductRow, ProductRow.code == AppointmentRow.product_code)
            .join(LocationRow, LocationRow.code == AppointmentRow.location_code))


def _period_query(start: datetime, end: datetime, location: Optional[str], scope: Scope):
    query = _base_query().where(AppointmentRow.start_at >= start, AppointmentRow.start_at < end)
    if location is not None:
        query = query.where(AppointmentRow.location_code == location)
    if scope is not ALL:
        query = query.where(exists().where(AppointmentAgencyRow.appointment_id == AppointmentRow.id,
                                           AppointmentAgencyRow.agency_code.in_(sorted(scope))))
    return query.order_by(AppointmentRow.start_at, AppointmentRow.reference)


def _stored(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _agencies(session: Session, ids: List[int]) -> Dict[int, List[str]]:
    found: Dict[int, List[str]] = {}
    if ids:
        for appointment_id, code in session.execute(
                select(AppointmentAgencyRow.appointment_id, AppointmentAgencyRow.agency_code)
                .where(AppointmentAgencyRow.appointment_id.in_(ids)).order_by(AppointmentAgencyRow.agency_code)):
            found.setdefault(appointment_id, []).append(code)
    return found


def _with_transcript(session: Session, ids: List[int]) -> set:
    if not ids:
        return set()
    return set(session.execute(select(AppointmentTranscriptRow.appointment_id)
                               .where(AppointmentTranscriptRow.appointment_id.in_(ids))).scalars())


def _visible(agencies: List[str], scope: Scope) -> bool:
    return scope is ALL or bool(set(agencies) & scope)


def _summary(row, agencies: Dict[int, List[str]], with_transcript: set, config: GemeenteConfig) -> Dict[str, Any]:
    appointment = row.AppointmentRow
    codes = agencies.get(appointment.id, [])
    return {"reference": appointment.reference, "product": appointment.product_code,
            "product_name": row.product_name, "location": appointment.location_code,
            "location_name": row.location_name, "start": iso_utc(appointment.start_at),
            "end": iso_utc(appointment.end_at), "status": appointment.status,
            "agencies": codes, "agency_names": [agency_name(config, code) for code in codes],
            "has_transcript": appointment.id in with_transcript,
            "name": appointment.name}
