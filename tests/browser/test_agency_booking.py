"""The whole escalation in a real browser against the whole stack (action server, Rasa with
the trained model, the gateway; free loopback ports, a database of its own): a resident asks
the widget a complex UWV question, makes an appointment with a UWV employee by clicking and
typing, and agrees to send the chat along; a UWV employee logs into the console, finds the
appointment on its day and reads the resident's question in the attached transcript."""
from __future__ import annotations

import re
from datetime import timezone
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from bot.core.clock import TIMEZONE
from bot.db.models import AppointmentRow
from bot.retraining.model_store import current_model
from tests.support.browser import chromium_path
from tests.support.stack import STACK_PASSWORD as PASSWORD
from tests.support.stack import whole_stack
from tests.support.staff import code

MODEL = current_model()
pytestmark = pytest.mark.skipif(MODEL is None, reason="no trained model for the current data (make test trains one)")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """Action server, Rasa and the gateway as ``make run`` starts them, with one UWV employee."""
    if not chromium_path():
        pytest.skip("no Chromium: install Debian's chromium package or set CHROMIUM_PATH")
    with whole_stack(tmp_path_factory.mktemp("escalation"), MODEL, [("uwv1", "Umar", "agency:uwv")],
                     timeout_s="10") as running:
        yield running.url, running.sessions


QUESTION = "Mijn WW-uitkering is stopgezet en ik snap niet waarom. Mijn BSN is 111222333."
NAME = "Fatima el Amrani"
WAIT_MS = 20_000
AMSTERDAM = "Europe/Amsterdam"  # where the resident and the employee are


def _choose(chat, name):
    """Clicks the newest button with this name (older messages keep theirs)."""
    button = chat.get_by_role("button", name=name, exact=True).last
    expect(button).to_be_visible(timeout=WAIT_MS)
    button.click()


def _choose_first_of_newest_message(chat, asked):
    newest = chat.locator(".gc-log .gc-msg.gc-bot", has_text=asked).last
    expect(newest).to_be_visible(timeout=WAIT_MS)
    choice = newest.locator(".gc-choice").first
    picked = choice.inner_text()
    choice.click()
    return picked


def _type(chat, asked, text):
    expect(chat.locator(".gc-log .gc-bot .gc-bubble", has_text=asked).last).to_be_visible(timeout=WAIT_MS)
    chat.locator("#gc-input").fill(text)
    chat.keyboard.press("Enter")


def _day_of(sessions, reference):
    with sessions() as session:
        start = session.execute(select(AppointmentRow.start_at)
                                .where(AppointmentRow.reference == reference)).scalar_one()
    return start.replace(tzinfo=timezone.utc).astimezone(TIMEZONE).date()


def test_a_resident_books_a_uwv_employee_who_reads_the_question_in_the_console(stack, browser):
    url, sessions = stack
    resident = browser.new_context(locale="nl-NL", timezone_id=AMSTERDAM).new_page()
    resident.goto(url + "/")
    resident.locator(".gc-launcher").click()
    resident.locator("#gc-input").fill(QUESTION)
    resident.keyboard.press("Enter")

    _choose(resident, "Afspraak met een medewerker van het UWV")
    _choose(resident, "Nee, alleen het UWV")
    _choose(resident, "Gemeentehuis Wilgendaal")
    _choose_first_of_newest_message(resident, "Welke dag past u?")
    picked = _choose_first_of_newest_message(resident, "Welke tijd past u?")
    _type(resident, "Op welke naam", NAME)
    _type(resident, "Hoe kan de medewerker u bereiken?", "fatima@example.nl")
    _choose(resident, "Ja, dat mag")
    summary = resident.locator(".gc-log .gc-bot .gc-bubble", has_text="Klopt dit?").last
    expect(summary).to_contain_text(NAME, timeout=WAIT_MS)
    _choose(resident, "Ja, maak de afspraak")
    made = resident.locator(".gc-log .gc-bot .gc-bubble", has_text="Uw afspraak is gemaakt").last
    expect(made).to_be_visible(timeout=WAIT_MS)
    reference = re.search(r"Uw code is (\w+)", made.inner_text()).group(1)
    agenda = resident.get_by_role("button", name="Zet de afspraak in uw agenda")
    expect(agenda).to_be_visible(timeout=WAIT_MS)
    with resident.expect_download() as downloading:
        agenda.click()
    assert downloading.value.suggested_filename == "afspraak.ics"
    calendar = Path(downloading.value.path()).read_text(encoding="utf-8")
    assert calendar.startswith("BEGIN:VCALENDAR") and reference in calendar
    resident.context.close()

    employee = browser.new_context(locale="nl-NL", timezone_id=AMSTERDAM).new_page()
    errors = []
    employee.on("pageerror", lambda error: errors.append(str(error)))
    employee.goto(url + "/kcc")
    employee.get_by_label("Gebruikersnaam").fill("uwv1")
    employee.get_by_label("Wachtwoord").fill(PASSWORD)
    employee.get_by_label("Code uit de authenticator-app").fill(code(sessions=sessions))
    employee.get_by_role("button", name="Inloggen").click()
    expect(employee).to_have_url(re.compile(r".*/kcc/afspraken$"), timeout=WAIT_MS)
    expect(employee.locator("#list-summary")).not_to_be_empty(timeout=WAIT_MS)  # today's list came

    employee.get_by_label("Datum").fill(_day_of(sessions, reference).isoformat())
    employee.get_by_role("button", name="Tonen").click()
    row = employee.locator("#appointments tr", has_text=NAME)
    expect(row).to_contain_text("Meegestuurd", timeout=WAIT_MS)
    assert row.locator("td").first.inner_text().startswith(f"{picked}–")  # the time the resident chose
    row.get_by_role("button", name=re.compile("^Bekijken")).click()
    detail = employee.locator("#detail")
    expect(detail.get_by_role("heading", name=f"Afspraak {reference}")).to_be_visible(timeout=WAIT_MS)
    shared = detail.locator("#detail-transcript")
    expect(shared).to_contain_text("Mijn WW-uitkering is stopgezet en ik snap niet waarom. Mijn BSN is [BSN].")
    assert "111222333" not in shared.inner_text()
    assert "fatima@example.nl" in detail.locator("#detail-facts").inner_text()
    assert errors == []
    employee.context.close()
