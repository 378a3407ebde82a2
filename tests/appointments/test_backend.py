"""The booking interface and its registry: a second backend (an outside system, here in
memory) registered by name serves the booking conversation and the service with nothing but
the interface, reminders included; and the appointments package stays below the agencies."""
from __future__ import annotations

import ast
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Dict, List, Optional, Set

import pytest

from bot.appointments import backend as registry
from bot.appointments.backend import BookingBackend, create_backend, registered
from bot.appointments.dialogue import BookingDialogue
from bot.appointments.service import BookingService
from bot.appointments.types import (
    Appointment,
    AppointmentNotFound,
    AppointmentStatus,
    Contact,
    Location,
    Product,
    Products,
    SharedTranscript,
    Slot,
    SlotTaken,
    product_codes,
)
from bot.core.clock import TIMEZONE
from bot.nlp.vocabulary import vocabulary
from bot.notify.mailer import MailSettings

THURSDAY, FRIDAY = date(2026, 11, 26), date(2026, 11, 27)  # the town hall is open on both
TIMES = [datetime(2026, 11, 27, 10, 0, tzinfo=TIMEZONE), datetime(2026, 11, 27, 10, 15, tzinfo=TIMEZONE)]


class OutsideSystem(BookingBackend):
    """Passports at the town hall, two free times on Friday: nothing like gemeente.yml's hours."""

    def __init__(self):
        self.appointments: Dict[str, Appointment] = {}
        self.reminded: Set[str] = set()

    def products(self) -> List[Product]:
        return [Product("paspoort", "paspoort", 15)]

    def locations(self, products: Products) -> List[Location]:
        if product_codes(products) != ("paspoort",):
            return []
        return [Location("gemeentehuis", "Gemeentehuis", "balie", "Markt 1", None, (), ("paspoort",))]

    def free_days(self, products: Products, location: str, start: date, end: date) -> List[date]:
        return sorted({s.start.date() for s in self._free(location) if start <= s.start.date() <= end})

    def free_times(self, products: Products, location: str, day: date) -> List[Slot]:
        return [s for s in self._free(location) if s.start.date() == day]

    def book(self, products: Products, location: str, start: datetime, contact: Contact,
             shared: Optional[SharedTranscript] = None) -> Appointment:
        if start not in [s.start for s in self._free(location)]:
            raise SlotTaken(tuple(self._free(location)))
        reference = f"EXT{len(self.appointments) + 1}A"
        self.appointments[reference] = Appointment(
            reference, product_codes(products)[0], location, start, start + timedelta(minutes=15), contact.name,
            contact.email, contact.phone, AppointmentStatus.BOOKED, created_at=start - timedelta(days=3))
        return self.appointments[reference]

    def move(self, reference: str, start: datetime) -> Appointment:
        current = self.appointments[reference]
        self.appointments[reference] = Appointment(**{**current.__dict__, "start": start,
                                                      "end": start + timedelta(minutes=15)})
        return self.appointments[reference]

    def cancel(self, reference: str) -> Appointment:
        if reference not in self.appointments:
            raise AppointmentNotFound(reference)
        current = self.appointments.pop(reference)
        return Appointment(**{**current.__dict__, "status": AppointmentStatus.CANCELLED})

    def details(self, reference: str) -> Optional[Appointment]:
        return self.appointments.get(reference)

    def due_reminders(self, day: date) -> List[Appointment]:
        return [a for a in self.appointments.values() if a.start.date() == day and a.reference not in self.reminded]

    def mark_reminded(self, reference: str) -> None:
        self.reminded.add(reference)

    def _free(self, location: str) -> List[Slot]:
        taken = {a.start for a in self.appointments.values()}
        return [Slot(location, t, t + timedelta(minutes=15)) for t in TIMES if t not in taken]


@pytest.fixture
def outside(monkeypatch) -> BookingBackend:
    monkeypatch.setitem(registry._REGISTRY, "extern", OutsideSystem)
    return create_backend("extern")


@pytest.fixture
def service(outside, config, content, tmp_path):
    mail = MailSettings(host=None, outbox=tmp_path / "outbox", sender="noreply@wilgendaal.example")
    return BookingService(outside, mail, config=lambda: config, content=lambda: content)


def test_a_registered_backend_is_created_by_name(outside):
    assert isinstance(outside, OutsideSystem) and "extern" in registered()
    with pytest.raises(ValueError, match="extern"):
        create_backend("jcc")  # the error names the known ones


def test_a_second_backend_serves_the_booking_dialogue(outside, config, content, clock):
    flow = BookingDialogue(outside, config, content, vocabulary(), now=clock)
    slots = {"product": "paspoort", "locatie": "gemeentehuis"}
    assert flow.validate_product("paspoort", slots).slots == {"product": "paspoort"}
    assert flow.validate_product("rijbewijs", slots).slots == {"product": None}  # not in that system
    full = flow.validate_dag(THURSDAY.isoformat(), {**slots, "dag": THURSDAY.isoformat()})
    assert full.slots == {"dag": None, "tijd": None}
    assert [b.title for b in full.replies[0].buttons] == ["vrijdag 27 november"]  # the backend's day
    assert flow.validate_dag(FRIDAY.isoformat(), slots).slots == {"dag": FRIDAY.isoformat()}
    day = {**slots, "dag": FRIDAY.isoformat()}
    assert flow.validate_tijd(TIMES[1].isoformat(), day).slots["tijd"] == TIMES[1].isoformat()
    refused = flow.validate_tijd(TIMES[0].replace(hour=11).isoformat(), day)  # open, but not free there
    assert refused.slots == {"tijd": None}
    assert [b.title for b in refused.replies[0].buttons][:2] == ["10:00", "10:15"]


def test_a_second_backend_books_mails_and_reminds_through_the_service(service, outside, tmp_path):
    booked = service.book("paspoort", "gemeentehuis", TIMES[0], "Jan de Vries", "jan@example.nl")
    assert booked.mail_sent and outside.details(booked.appointment.reference) == booked.appointment
    assert len(list((tmp_path / "outbox").iterdir())) == 1
    assert service.send_reminders(FRIDAY) == 1 and outside.reminded == {booked.appointment.reference}
    assert service.send_reminders(FRIDAY) == 0  # at most once
    with pytest.raises(SlotTaken) as taken:
        service.book("paspoort", "gemeentehuis", TIMES[0], "Piet", "piet@example.nl")
    assert [a.start for a in taken.value.alternatives] == [TIMES[1]]


def test_reminders_are_part_of_the_interface():
    class WithoutReminders(BookingBackend):
        products = locations = free_days = free_times = book = move = cancel = details = None  # type: ignore

    with pytest.raises(TypeError, match="due_reminders"):
        WithoutReminders()  # type: ignore[abstract]


@pytest.mark.parametrize("given, codes", [("paspoort", ("paspoort",)), (["uwv", "svb"], ("uwv", "svb")),
                                          (("uwv",), ("uwv",)), ([], ())])
def test_one_product_code_or_several(given, codes):
    assert product_codes(given) == codes


def _imports(path: Path):
    """(module imported, whether inside a function) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nested = {id(node) for func in ast.walk(tree) if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef))
              for node in ast.walk(func)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module, id(node) in nested
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, id(node) in nested


ROOT = Path(__file__).resolve().parents[2]
BOOKING_MODULES = ["bot/appointments/backend.py", "bot/appointments/database.py", "bot/appointments/types.py",
                   "bot/appointments/service.py", "bot/appointments/reminders.py", "bot/agencies/scheduler.py",
                   "bot/agencies/booking.py"]


@pytest.mark.parametrize("path", sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "bot/appointments").glob("*.py")))
def test_appointments_never_import_the_agencies_layer_above(path):
    for module, _ in _imports(ROOT / path):
        assert not module.startswith("bot.agencies"), f"{path} imports {module}"


@pytest.mark.parametrize("path", BOOKING_MODULES)
def test_no_import_of_the_project_hides_in_a_function(path):
    for module, in_function in _imports(ROOT / path):
        assert not (in_function and module.startswith("bot.")), f"{path} imports {module} inside a function"


@pytest.fixture
def empty_registry(monkeypatch):
    """An empty registry for the test, so the real one stays as it is."""
    monkeypatch.setattr(registry, "_REGISTRY", {})
    return registry._REGISTRY


def test_an_unknown_backend_is_refused_with_the_known_names(empty_registry):
    registry.register("database", OutsideSystem)
    registry.register("demo", OutsideSystem)
    with pytest.raises(ValueError, match=r"BOOKING_BACKEND='jcc' is unknown \(known: database, demo\)"):
        create_backend("jcc")


def test_without_any_backend_the_refusal_says_none(empty_registry):
    with pytest.raises(ValueError, match=r"\(known: none\)"):
        create_backend("database")
