"""The tables. Rules that must never break are constraints here, not checks in Python.

A desk can never be booked twice for the same time: every appointment claims the 5-minute
units of its desk in ``desk_units``, whose primary key is (location, desk, unit start). Two
overlapping bookings of one desk cannot both commit, on SQLite and PostgreSQL alike.
Times are stored in UTC without a zone (portable across both databases).
"""
from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeMeta, registry, relationship

_registry = registry()


class Base(metaclass=DeclarativeMeta):
    """Every table's base, declared as a class so type checkers see it as one."""
    __abstract__ = True
    registry = _registry
    metadata = _registry.metadata
    __init__ = _registry.constructor

UNIT_MINUTES = 5


class ProductRow(Base):
    __tablename__ = "products"
    code = Column(String(40), primary_key=True)
    name = Column(String(120), nullable=False)
    duration_minutes = Column(Integer, nullable=False)
    __table_args__ = (CheckConstraint("duration_minutes > 0", name="ck_products_duration"),)


class LocationRow(Base):
    """A place residents come to; opening windows and pop-up rooster live in gemeente.yml."""
    __tablename__ = "locations"
    code = Column(String(40), primary_key=True)
    name = Column(String(120), nullable=False)
    kind = Column(String(10), nullable=False)
    address = Column(String(200), nullable=False)
    desks = Column(Integer, nullable=False)
    __table_args__ = (CheckConstraint("kind in ('balie', 'popup')", name="ck_locations_kind"),
                      CheckConstraint("desks > 0", name="ck_locations_desks"))


class LocationProductRow(Base):
    __tablename__ = "location_products"
    location_code = Column(String(40), ForeignKey("locations.code", ondelete="CASCADE"), primary_key=True)
    product_code = Column(String(40), ForeignKey("products.code", ondelete="CASCADE"), primary_key=True)


class AppointmentRow(Base):
    __tablename__ = "appointments"
    id = Column(Integer, primary_key=True, autoincrement=True)
    reference = Column(String(16), nullable=False, unique=True)
    product_code = Column(String(40), ForeignKey("products.code"), nullable=False)
    location_code = Column(String(40), ForeignKey("locations.code"), nullable=False)
    desk = Column(Integer, nullable=False)
    start_at = Column(DateTime, nullable=False)
    end_at = Column(DateTime, nullable=False)
    name = Column(String(100), nullable=False)
    email = Column(String(254))
    phone = Column(String(20))
    status = Column(String(12), nullable=False, default="booked")
    created_at = Column(DateTime, nullable=False)
    changed_at = Column(DateTime)
    cancelled_at = Column(DateTime)
    reminder_sent_at = Column(DateTime)
    # the conversation's language at booking (bot.core.language): the mails and reminders are written in it
    taal = Column(String(8), nullable=False, default="nl", server_default="nl")

    events = relationship("AppointmentEventRow", back_populates="appointment", order_by="AppointmentEventRow.id")
    __table_args__ = (
        CheckConstraint("end_at > start_at", name="ck_appointments_times"),
        CheckConstraint("status in ('booked', 'cancelled')", name="ck_appointments_status"),
        CheckConstraint("email is not null or phone is not null", name="ck_appointments_contact"),
        Index("ix_appointments_location_start", "location_code", "start_at"),
        Index("ix_appointments_start_status", "start_at", "status"),
    )


class DeskUnitRow(Base):
    """One 5-minute unit of one desk, claimed by one appointment: the no-double-booking rule.

    The unit is a whole number (minutes since 1970-01-01 UTC), so no date format can make
    two claims on the same moment look different to the primary key.
    """
    __tablename__ = "desk_units"
    location_code = Column(String(40), ForeignKey("locations.code"), primary_key=True)
    desk = Column(Integer, primary_key=True)
    unit_start = Column(Integer, primary_key=True)
    appointment_id = Column(Integer, ForeignKey("appointments.id", ondelete="CASCADE"), nullable=False)
    __table_args__ = (Index("ix_desk_units_appointment", "appointment_id"),
                      Index("ix_desk_units_location_unit", "location_code", "unit_start"))


class AppointmentEventRow(Base):
    """The audit trail: every change to an appointment, never updated or deleted."""
    __tablename__ = "appointment_events"
    id = Column(Integer, primary_key=True, autoincrement=True)
    appointment_id = Column(Integer, ForeignKey("appointments.id", ondelete="CASCADE"), nullable=False)
    action = Column(String(20), nullable=False)
    at = Column(DateTime, nullable=False)
    details = Column(Text)
    actor = Column(String(20), nullable=False, default="resident", server_default="resident")  # resident, staff, system

    appointment = relationship("AppointmentRow", back_populates="events")
    __table_args__ = (Index("ix_appointment_events_appointment", "appointment_id"),)


class ConversationRow(Base):
    """A resident's chat through the gateway. Only a hash of its bearer token is kept, so a
    copy of the database does not let anyone write into someone's conversation."""
    __tablename__ = "conversations"
    id = Column(String(36), primary_key=True)
    token_hash = Column(String(64), nullable=False)
    status = Column(String(12), nullable=False, default="bot", server_default="bot")
    locale = Column(String(8), nullable=False, default="nl", server_default="nl")
    created_at = Column(DateTime, nullable=False)
    last_activity_at = Column(DateTime, nullable=False)
    __table_args__ = (CheckConstraint("status in ('bot', 'waiting', 'taken', 'closed')", name="ck_conversations_status"),)


class ConversationMessageRow(Base):
    """One message of a conversation, from either side, in the order the gateway stored it.

    ``seq`` numbers the messages of one conversation 1, 2, 3, ...; the unique constraint
    makes two messages with the same number impossible, and its index serves the reads by
    (conversation, seq) as well, so there is no second index on the same columns.
    """
    __tablename__ = "conversation_messages"
    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id = Column(String(36), ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False)
    seq = Column(Integer, nullable=False)
    sender = Column(String(10), nullable=False)
    text = Column(Text, nullable=False)
    buttons = Column(Text, nullable=False, default="[]", server_default="[]")  # JSON: [{"title", "payload"}]
    agent_name = Column(String(100))
    sent_at = Column(DateTime, nullable=False)
    client_id = Column(String(64))  # the widget's own id for a resident message: a resend is stored once
    attachment = Column(Text)  # JSON {filename, mime_type, content}: a file the bot sent (the .ics)
    kind = Column(String(16))  # a bot message's kind (bot.core.replies.KINDS); NULL for an answer
    __table_args__ = (
        CheckConstraint("sender in ('resident', 'bot', 'agent', 'system')", name="ck_conversation_messages_sender"),
        CheckConstraint("seq > 0", name="ck_conversation_messages_seq"),
        UniqueConstraint("conversation_id", "seq", name="uq_conversation_messages_seq"),
        Index("uq_conversation_messages_client_id", "conversation_id", "client_id", unique=True),
    )


class StaffAccountRow(Base):
    """An employee who logs in to the staff API. Only a salted hash of the password is kept;
    ``roles`` is a space-separated list (kcc, content, admin, agency:<code>)."""
    __tablename__ = "staff_accounts"
    id = Column(Integer, primary_key=True, autoincrement=True)
    username = Column(String(64), nullable=False, unique=True)
    display_name = Column(String(100), nullable=False)
    password_hash = Column(String(255), nullable=False)
    roles = Column(Text, nullable=False, default="", server_default="")
    active = Column(Boolean, nullable=False, default=True, server_default=text("true"))
    created_at = Column(DateTime, nullable=False)
    totp_secret = Column(String(64))  # base32 (RFC 6238); set at enrolment, pending until totp_enrolled_at
    totp_enrolled_at = Column(DateTime)
    totp_last_step = Column(BigInteger)  # the time step of the last code accepted: no code is accepted twice
    __table_args__ = (
        CheckConstraint("length(username) between 3 and 64", name="ck_staff_accounts_username"),
        CheckConstraint("length(display_name) > 0", name="ck_staff_accounts_display_name"),
    )


class StaffSessionRow(Base):
    """A logged-in employee. Keyed by a hash of the session token, so a copy of the database
    cannot be used to act as anyone; the CSRF token is kept as a hash for the same reason."""
    __tablename__ = "staff_sessions"
    token_hash = Column(String(64), primary_key=True)
    account_id = Column(Integer, ForeignKey("staff_accounts.id", ondelete="CASCADE"), nullable=False)
    csrf_token_hash = Column(String(64), nullable=False)
    created_at = Column(DateTime, nullable=False)
    expires_at = Column(DateTime, nullable=False)
    public_id = Column(String(22), nullable=False, unique=True)  # how the session is named in the API
    last_seen_at = Column(DateTime, nullable=False)  # for the idle timeout
    origin = Column(String(64))  # the address it logged in from
    user_agent = Column(String(200))  # the browser it logged in with, so its owner recognises it
    __table_args__ = (CheckConstraint("expires_at > created_at", name="ck_staff_sessions_times"),
                      Index("ix_staff_sessions_account", "account_id"),
                      Index("ix_staff_sessions_expires", "expires_at"))


class StaffRecoveryCodeRow(Base):
    """A one-time code that stands in for the authenticator app; kept only as a hash."""
    __tablename__ = "staff_recovery_codes"
    id = Column(Integer, primary_key=True, autoincrement=True)
    account_id = Column(Integer, ForeignKey("staff_accounts.id", ondelete="CASCADE"), nullable=False)
    code_hash = Column(String(64), nullable=False)
    used_at = Column(DateTime)
    __table_args__ = (Index("ix_staff_recovery_codes_account", "account_id"),)


class LoginFailureRow(Base):
    """One failed staff log-in, counted per account and per address (``kind``), so every
    gateway process sees the same count; rows older than the throttle window are deleted."""
    __tablename__ = "staff_login_failures"
    id = Column(Integer, primary_key=True, autoincrement=True)
    kind = Column(String(10), nullable=False)
    key = Column(String(100), nullable=False)
    at = Column(DateTime, nullable=False)
    __table_args__ = (CheckConstraint("kind in ('account', 'address')", name="ck_staff_login_failures_kind"),
                      Index("ix_staff_login_failures_key", "kind", "key", "at"))


AUDIT_RESULTS = ("ok", "refused", "failed")


class AuditEventRow(Base):
    """The audit log (BIO2 8.15): who did what to which object, with what result, from where,
    when. Append-only: a trigger refuses every update, and only the retention purge deletes.
    It never holds a message's text."""
    __tablename__ = "audit_events"
    id = Column(Integer, primary_key=True, autoincrement=True)
    at = Column(DateTime, nullable=False)
    actor_kind = Column(String(10), nullable=False)
    actor = Column(String(100), nullable=False)
    action = Column(String(40), nullable=False)
    object_type = Column(String(40))
    object_id = Column(String(100))
    result = Column(String(10), nullable=False)
    origin = Column(String(64))
    details = Column(Text)  # JSON: small facts (a status, a count), never a message's text
    __table_args__ = (
        CheckConstraint("actor_kind in ('staff', 'resident', 'system', 'unknown')", name="ck_audit_events_actor_kind"),
        CheckConstraint("result in ('ok', 'refused', 'failed')", name="ck_audit_events_result"),
        Index("ix_audit_events_at", "at"),
        Index("ix_audit_events_actor", "actor", "at"),
        Index("ix_audit_events_object", "object_type", "object_id"),
    )


HANDOVER_STATUSES = ("waiting", "taken", "released", "closed")
_OPEN_HANDOVER = text("status in ('waiting', 'taken')")


class HandoverRow(Base):
    """One request for a person in a conversation, from waiting to released or closed.

    A conversation may be handed over several times, but at most one handover is open
    (waiting or taken) at a time: a partial unique index, on SQLite and PostgreSQL alike.
    """
    __tablename__ = "handovers"
    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id = Column(String(36), ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False)
    status = Column(String(10), nullable=False)
    topic = Column(String(100))
    requested_at = Column(DateTime, nullable=False)
    taken_at = Column(DateTime)
    taken_by = Column(Integer, ForeignKey("staff_accounts.id", ondelete="SET NULL"))
    released_at = Column(DateTime)
    closed_at = Column(DateTime)
    summary = Column(Text)
    __table_args__ = (
        CheckConstraint("status in ('waiting', 'taken', 'released', 'closed')", name="ck_handovers_status"),
        CheckConstraint("status != 'taken' or (taken_at is not null and taken_by is not null)",
                        name="ck_handovers_taken"),
        CheckConstraint("status != 'released' or released_at is not null", name="ck_handovers_released"),
        CheckConstraint("status != 'closed' or closed_at is not null", name="ck_handovers_closed"),
        Index("uq_handovers_open", "conversation_id", unique=True,
              sqlite_where=_OPEN_HANDOVER, postgresql_where=_OPEN_HANDOVER),
        Index("ix_handovers_conversation", "conversation_id"),
        Index("ix_handovers_status_requested", "status", "requested_at"),
    )


class MessageFeedbackRow(Base):
    """A resident's thumbs up or down under one of the bot's answers; one per answer."""
    __tablename__ = "message_feedback"
    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id = Column(String(36), ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False)
    seq = Column(Integer, nullable=False)
    helpful = Column(Boolean, nullable=False)
    created_at = Column(DateTime, nullable=False)
    __table_args__ = (UniqueConstraint("conversation_id", "seq", name="uq_message_feedback_message"),)


class CallbackRequestRow(Base):
    """A resident who asked to be called back when nobody was there to chat. It outlives the
    conversation (the KCC still has to call), so the link is set to null when that is purged."""
    __tablename__ = "callback_requests"
    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id = Column(String(36), ForeignKey("conversations.id", ondelete="SET NULL"))
    name = Column(String(100), nullable=False)
    phone = Column(String(20), nullable=False)
    topic = Column(String(100))
    preferred_time = Column(String(100))
    status = Column(String(10), nullable=False, default="open", server_default="open")
    requested_at = Column(DateTime, nullable=False)
    handled_at = Column(DateTime)
    handled_by = Column(Integer, ForeignKey("staff_accounts.id", ondelete="SET NULL"))
    note = Column(Text)
    __table_args__ = (
        CheckConstraint("status in ('open', 'done')", name="ck_callback_requests_status"),
        CheckConstraint("status != 'done' or handled_at is not null", name="ck_callback_requests_done"),
        Index("ix_callback_requests_status_requested", "status", "requested_at"),
    )


class AppointmentAgencyRow(Base):
    """A national agency whose employee joins an appointment; one appointment may carry two,
    so a colleague can join on the spot."""
    __tablename__ = "appointment_agencies"
    appointment_id = Column(Integer, ForeignKey("appointments.id", ondelete="CASCADE"), primary_key=True)
    agency_code = Column(String(40), primary_key=True)
    __table_args__ = (Index("ix_appointment_agencies_agency", "agency_code"),)


class AppointmentTranscriptRow(Base):
    """The chat, masked, that a resident agreed to share with the agency employee. A copy, not a
    link: it stays with the appointment when the conversation itself is purged or deleted."""
    __tablename__ = "appointment_transcripts"
    appointment_id = Column(Integer, ForeignKey("appointments.id", ondelete="CASCADE"), primary_key=True)
    conversation_id = Column(String(36))
    consent_at = Column(DateTime, nullable=False)
    messages = Column(Text, nullable=False)  # JSON: the API's Message objects, masked
    attached_at = Column(DateTime, nullable=False)


INBOX_DECISIONS = ("intent", "new_topic", "ignore")


class InboxAnnotationRow(Base):
    """A content owner's decision on a message the assistant missed: the intent it belongs
    to (the example went into the training data), a new topic (kept for review), or ignore.

    ``text_key`` is the normalised, masked text: an inbox occurrence with that key leaves the
    inbox (for "ignore" always, otherwise when it happened before the annotation). The
    masked text itself is kept so the decision can be read back without the conversation,
    which retention deletes.
    """
    __tablename__ = "inbox_annotations"
    id = Column(Integer, primary_key=True, autoincrement=True)
    text_key = Column(String(500), nullable=False)
    text = Column(Text, nullable=False)
    decision = Column(String(10), nullable=False)
    intent = Column(String(100))
    topic = Column(String(100))
    outcome = Column(String(40), nullable=False)  # added, or why not (duplicate, held_out, ...)
    written_to = Column(String(200))
    annotated_by = Column(Integer, ForeignKey("staff_accounts.id", ondelete="SET NULL"))
    annotated_at = Column(DateTime, nullable=False)
    __table_args__ = (
        CheckConstraint("decision in ('intent', 'new_topic', 'ignore')", name="ck_inbox_annotations_decision"),
        CheckConstraint("decision != 'intent' or intent is not null", name="ck_inbox_annotations_intent"),
        Index("ix_inbox_annotations_key", "text_key", "annotated_at"),
    )


RETRAIN_STATUSES = ("queued", "running", "passed", "refused", "deployed", "failed", "rolled_back")


class RetrainRunRow(Base):
    """One retrain (from ``make retrain`` or the console), its progress and its outcome.

    ``active_slot`` is 1 while the run is queued or running and NULL after: the unique
    constraint lets only one run be active at a time, on SQLite and PostgreSQL alike (NULLs
    do not collide). An override records who made a refused model live, when and why.
    """
    __tablename__ = "retrain_runs"
    id = Column(Integer, primary_key=True, autoincrement=True)
    status = Column(String(12), nullable=False)
    started_by = Column(String(100), nullable=False)
    started_at = Column(DateTime, nullable=False)
    updated_at = Column(DateTime, nullable=False)
    finished_at = Column(DateTime)
    progress = Column(Text, nullable=False, default="[]", server_default="[]")  # JSON: [str]
    summary = Column(Text, nullable=False, default="{}", server_default="{}")  # JSON: figures and decision
    candidate_model = Column(String(100))
    live_model_before = Column(String(100))
    report_path = Column(Text)
    override_requested = Column(Boolean, nullable=False, default=False, server_default=text("false"))
    override_by = Column(String(100))
    override_reason = Column(Text)
    override_at = Column(DateTime)
    active_slot = Column(Integer, unique=True)
    __table_args__ = (
        CheckConstraint("status in ('queued', 'running', 'passed', 'refused', 'deployed', 'failed', 'rolled_back')",
                        name="ck_retrain_runs_status"),
        CheckConstraint("active_slot is null or active_slot = 1", name="ck_retrain_runs_active_slot"),
        CheckConstraint("override_by is null or override_reason is not null", name="ck_retrain_runs_override"),
        Index("ix_retrain_runs_started", "started_at"),
    )


ANSWER_VERSION_SOURCES = ("file", "editor", "restore")


class AnswerVersionRow(Base):
    """One version of one text of content/antwoorden.yml, as the answer editor saved it.

    ``answer_key`` is the text's path in the file (``gesprek.begroeting``); ``version`` counts
    1, 2, 3, ... per text, unique with it, so two saves of one text cannot both take a number.
    ``source``: ``editor`` (saved by ``author``), ``restore`` (``author`` put back version
    ``restored_from``), or ``file`` (the text the file held before a save, when no version had
    it yet: the original, or an edit by hand; no author).
    """
    __tablename__ = "answer_versions"
    id = Column(Integer, primary_key=True, autoincrement=True)
    answer_key = Column(String(200), nullable=False)
    version = Column(Integer, nullable=False)
    text = Column(Text, nullable=False)
    source = Column(String(10), nullable=False)
    author = Column(String(100))
    restored_from = Column(Integer)
    created_at = Column(DateTime, nullable=False)
    __table_args__ = (
        UniqueConstraint("answer_key", "version", name="uq_answer_versions_key_version"),
        CheckConstraint("source in ('file', 'editor', 'restore')", name="ck_answer_versions_source"),
        CheckConstraint("source = 'file' or author is not null", name="ck_answer_versions_author"),
        CheckConstraint("(source = 'restore') = (restored_from is not null)", name="ck_answer_versions_restored"),
        CheckConstraint("version > 0", name="ck_answer_versions_version"),
    )
