"""The KCC console in a real browser against the real gateway: log-in, the queue, taking a
chat, talking with the resident, handing back, closing, the bot's health banner, call-back
requests marked done, the appointments page for an agency employee (only their agency's and
their pilot locations, with the masked chat) and for the KCC (every location, the coming days
grouped per day, agencies by name), log-out; axe-core finds no WCAG 2.1 AA fault on the log-in,
queue, chat and appointments views.

Everything the pages show is real: call-back requests are stored as the chat stores them
(bot.handover.callback), appointments are booked as the chat books them (bot.agencies.booking, with the
resident's chat through the gateway attached and masked), and the pages read them through the
gateway's own APIs. The browser intercepts requests only to make the network fail.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

import httpx
import pytest
from playwright.sync_api import expect
from sqlalchemy import delete

from bot.agencies.booking import AgencyBooking
from bot.agencies.scheduler import AgencyScheduler
from bot.appointments.database import DatabaseScheduler
from bot.appointments.service import BookingService
from bot.appointments.sync import sync_from_config
from bot.config.content import get_content
from bot.config.gemeente import get_gemeente
from bot.conversations import transcript
from bot.conversations.types import Status
from bot.core.clock import TIMEZONE
from bot.db.models import CallbackRequestRow, StaffSessionRow
from bot.handover import callback
from bot.notify.mailer import MailSettings
from tests.support.booking import NOW
from tests.support.browser import axe_violations
from tests.support.resident import CALENDAR
from tests.support.staff import PASSWORD, code, db, make_account, request_person

SCRIPT = "<script>alert(1)</script>"
WAIT_MS = 10_000


@pytest.fixture
def watched(page):
    """The page, with every dialog and script error it raises recorded (and dialogs dismissed)."""
    dialogs, errors = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.dialogs, page.errors = dialogs, errors
    return page


def log_in(page, base, username, password=PASSWORD, path="/kcc"):
    page.goto(base + path)
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_label("Code uit de authenticator-app").fill(code())
    page.get_by_role("button", name="Inloggen").click()


def resident_waiting(base, topic="paspoort_id_aanvragen"):
    """A resident who talked to the bot and asked for a person, as the Rasa action does it."""
    made = httpx.post(f"{base}/api/conversations", json={}).json()
    headers = {"Authorization": f"Bearer {made['token']}"}
    said = httpx.post(f"{base}/api/conversations/{made['conversation_id']}/messages",
                      json={"text": "Ik wil een mens spreken"}, headers=headers)
    assert said.status_code == 200
    request_person(made["conversation_id"], topic)
    return made["conversation_id"], headers


def fetch_status(page, path):
    """The status code of a GET the page itself makes, with its cookie."""
    return page.evaluate("async (path) => (await fetch(path, {credentials: 'same-origin'})).status", path)


def conversation_status(conversation_id):
    with db().begin() as session:
        return transcript.status_of(session, conversation_id)


# Log-in

def test_a_wrong_password_gives_a_clear_error_and_shows_nothing_else(live_gateway, watched):
    make_account("kees", ["kcc"])
    log_in(watched, live_gateway.url, "kees", "wrong password")
    error = watched.locator("#login-error")
    error.wait_for()
    assert error.inner_text() == "Gebruikersnaam of wachtwoord klopt niet."
    assert watched.locator("#app").is_hidden() and watched.locator("#account").is_hidden()
    assert watched.get_by_label("Wachtwoord").input_value() == ""
    assert watched.get_by_label("Wachtwoord").get_attribute("aria-invalid") == "true"
    assert watched.evaluate("document.activeElement.id") == "password"
    assert fetch_status(watched, "/api/kcc/handovers") == 401
    assert axe_violations(watched) == []
    assert watched.errors == []


# The whole takeover

def test_a_waiting_resident_is_taken_over_answered_handed_back_and_closed(live_gateway, watched):
    base = live_gateway.url
    make_account("kees", ["kcc"], name="Kees")
    conversation_id, resident = resident_waiting(base)
    log_in(watched, base, "kees")

    queue = watched.locator("#queue")
    queue.locator(".item__title", has_text="Paspoort of ID-kaart aanvragen").wait_for(timeout=WAIT_MS)
    assert re.fullmatch(r"Wacht \d+ s", queue.locator(".item__detail").inner_text())
    assert watched.locator("#queue-summary").inner_text() == "1 inwoner wacht."
    assert axe_violations(watched) == []

    queue.get_by_role("button", name=re.compile("^Overnemen")).click()
    watched.locator("#reply-form").wait_for()
    assert watched.locator("#conversation-state").inner_text() == "U voert dit gesprek."
    assert conversation_status(conversation_id) is Status.TAKEN
    log = watched.locator("#transcript")
    assert "Ik wil een mens spreken" in log.inner_text()  # the whole transcript, from before the takeover
    watched.locator("#mine .item__title", has_text="Paspoort of ID-kaart aanvragen").wait_for()
    assert re.fullmatch(r"Overgenomen om \d\d:\d\d", watched.locator("#mine .item__detail").inner_text())

    sent = httpx.post(f"{base}/api/conversations/{conversation_id}/messages", json={"text": SCRIPT}, headers=resident)
    assert sent.status_code == 200 and sent.json() == {"messages": [], "locale": "nl"}
    log.locator(".message--resident .message__text", has_text=SCRIPT).wait_for(timeout=WAIT_MS)
    assert log.locator("script").count() == 0

    watched.get_by_label("Uw bericht aan de inwoner").fill("Goedemiddag, ik help u verder.")
    watched.get_by_role("button", name="Versturen").click()
    log.locator(".message--agent", has_text="Goedemiddag, ik help u verder.").wait_for()
    assert "Medewerker Kees" in log.locator(".message--agent").inner_text()
    seen_by_resident = httpx.get(f"{base}/api/conversations/{conversation_id}/messages", headers=resident).json()
    assert [m["text"] for m in seen_by_resident["messages"] if m["sender"] == "agent"] == ["Goedemiddag, ik help u verder."]
    assert axe_violations(watched) == []

    watched.get_by_role("button", name="Teruggeven aan de assistent").click()
    watched.get_by_text("De assistent voert dit gesprek.").wait_for()
    assert conversation_status(conversation_id) is Status.BOT
    assert watched.locator("#reply-form").is_hidden()

    watched.locator("#take").click()  # the bot has it again; take it once more, and close it
    watched.locator("#release-form").wait_for()
    watched.get_by_role("button", name="Afsluiten").click()
    assert watched.locator("#conversation-error").inner_text() == "Schrijf een korte samenvatting voordat u afsluit."
    assert conversation_status(conversation_id) is Status.TAKEN
    watched.get_by_label("Korte samenvatting").fill("Paspoort: uitgelegd welke documenten nodig zijn.")
    watched.get_by_role("button", name="Afsluiten").click()
    watched.get_by_text("Gesloten. Samenvatting: Paspoort: uitgelegd welke documenten nodig zijn.").wait_for()
    assert conversation_status(conversation_id) is Status.CLOSED
    assert watched.locator("#queue .item").count() == 0 and watched.locator("#mine .item").count() == 0

    assert watched.dialogs == [] and watched.errors == []


def test_a_resident_message_that_arrives_while_the_employee_replies_is_not_skipped(live_gateway, watched):
    """The reply comes back (with a higher seq) before the poll has fetched the resident's
    message; the poll must still show that message, above the reply."""
    base = live_gateway.url
    make_account("kees", ["kcc"])
    conversation_id, resident = resident_waiting(base)
    log_in(watched, base, "kees")
    watched.locator("#queue").get_by_role("button", name=re.compile("^Overnemen")).click()
    watched.locator("#reply-form").wait_for()
    watched.route(re.compile(r".*/transcript$"), lambda route: route.abort())  # the poll falls behind
    httpx.post(f"{base}/api/conversations/{conversation_id}/messages", json={"text": "Bent u daar?"}, headers=resident)
    watched.get_by_label("Uw bericht aan de inwoner").fill("Ja, ik ben er.")
    watched.get_by_role("button", name="Versturen").click()
    watched.locator(".message--agent", has_text="Ja, ik ben er.").wait_for()
    watched.unroute(re.compile(r".*/transcript$"))
    watched.locator(".message--resident", has_text="Bent u daar?").wait_for(timeout=WAIT_MS)
    texts = watched.locator("#transcript .message__text").all_inner_texts()
    assert texts.index("Bent u daar?") == texts.index("Ja, ik ben er.") - 1


def test_the_transcript_names_a_calendar_file_the_bot_sent(live_gateway, watched):
    base = live_gateway.url
    make_account("kees", ["kcc"])
    live_gateway.rasa.attachment = CALENDAR
    conversation_id, _resident = resident_waiting(base)
    log_in(watched, base, "kees")
    watched.locator("#queue").get_by_role("button", name=re.compile("^Overnemen")).click()
    watched.locator("#transcript .message__attachment", has_text="Bijlage: afspraak.ics").wait_for(timeout=WAIT_MS)
    assert "BEGIN:VCALENDAR" not in watched.locator("#transcript").inner_text()
    assert axe_violations(watched) == [] and watched.errors == []


def test_a_conversation_the_resident_deletes_disappears_from_the_view(live_gateway, watched):
    base = live_gateway.url
    make_account("kees", ["kcc"])
    conversation_id, resident = resident_waiting(base)
    log_in(watched, base, "kees")
    watched.locator("#queue").get_by_role("button", name=re.compile("^Overnemen")).click()
    watched.locator("#reply-form").wait_for()
    assert httpx.delete(f"{base}/api/conversations/{conversation_id}", headers=resident).status_code == 204
    watched.locator("#conversation-error").get_by_text("Dit gesprek bestaat niet meer.").wait_for(timeout=WAIT_MS)
    assert watched.locator("#reply-form").is_hidden() and watched.locator("#release-form").is_hidden()
    watched.locator("#mine-summary").get_by_text("U heeft geen gesprekken.").wait_for(timeout=WAIT_MS)


def test_a_chat_another_employee_took_cannot_be_answered(live_gateway, watched):
    base = live_gateway.url
    make_account("kees", ["kcc"])
    make_account("anna", ["kcc"], name="Anna")
    conversation_id, _resident = resident_waiting(base)
    log_in(watched, base, "kees")
    watched.locator("#queue").get_by_role("button", name=re.compile("^Bekijken")).click()
    watched.locator("#take").wait_for()
    anna = httpx.post(f"{base}/api/staff/login", json={"username": "anna", "password": PASSWORD, "code": code()}).json()
    taken = httpx.post(f"{base}/api/kcc/handovers/{conversation_id}/take",
                       headers={"Authorization": f"Bearer {anna['token']}"})
    assert taken.status_code == 200
    watched.get_by_text("Een collega voert dit gesprek (Anna).").wait_for(timeout=WAIT_MS)
    assert watched.locator("#take").is_hidden() and watched.locator("#reply-form").is_hidden()


# The bot's health

def test_the_banner_shows_while_the_bot_is_down(live_gateway, watched):
    make_account("kees", ["kcc"])
    log_in(watched, live_gateway.url, "kees")
    watched.locator("#queue-summary").get_by_text("Er wacht niemand.").wait_for()
    banner = watched.locator("#bot-status")
    assert banner.inner_text() == ""
    live_gateway.rasa.mode = "down"
    banner.get_by_text(re.compile("^De bot is niet bereikbaar")).wait_for(timeout=15_000)
    assert "de assistent (Rasa)" in banner.inner_text() and "actieserver" not in banner.inner_text()
    assert axe_violations(watched) == []
    live_gateway.rasa.mode = "ok"
    banner.locator("p").wait_for(state="detached", timeout=15_000)


def test_a_queue_that_cannot_be_fetched_says_so_and_recovers(live_gateway, watched):
    make_account("kees", ["kcc"])
    log_in(watched, live_gateway.url, "kees")
    summary = watched.locator("#queue-summary")
    summary.get_by_text("Er wacht niemand.").wait_for()
    watched.route(re.compile(r".*/api/kcc/handovers\?.*"), lambda route: route.abort())
    summary.get_by_text(re.compile("^De wachtrij kan nu niet worden bijgewerkt")).wait_for(timeout=WAIT_MS)
    watched.unroute(re.compile(r".*/api/kcc/handovers\?.*"))
    summary.get_by_text("Er wacht niemand.").wait_for(timeout=WAIT_MS)


# Call-back requests, made as the chat makes them (bot.handover.callback)

def leave_callback(name, phone, topic=None, preferred_time=None):
    with db().begin() as session:
        return callback.request_callback(session, name=name, phone=phone, preferred_time=preferred_time, topic=topic,
                                         conversation_id=None, at=datetime.now(timezone.utc)).id


def callback_status(callback_id):
    with db().begin() as session:
        row = session.get(CallbackRequestRow, callback_id)
        return row.status, row.handled_by


def test_open_call_back_requests_are_listed_and_marked_done(live_gateway, watched):
    kees = make_account("kees", ["kcc"])
    anna = make_account("anna", ["kcc"], name="Anna")
    fatima = leave_callback("Fatima de Vries", "06-12 34 56 78", "verhuizing_doorgeven", "morgenochtend")
    piet = leave_callback("Piet Bakker", "010 1234567")
    log_in(watched, live_gateway.url, "kees")
    panel = watched.locator("#callbacks")
    panel.locator(".item__title", has_text="Fatima de Vries").wait_for(timeout=WAIT_MS)
    assert watched.locator("#callbacks-summary").inner_text() == "2 verzoeken om terug te bellen."
    shown = panel.locator(".item", has_text="Fatima de Vries")
    assert "0612345678" in shown.inner_text() and "Verhuizing doorgeven" in shown.inner_text()
    assert "morgenochtend" in shown.inner_text()
    assert axe_violations(watched) == []

    shown.get_by_role("button", name=re.compile("^Gedaan")).click()
    watched.locator("#callbacks-summary").get_by_text("Fatima de Vries is afgehandeld. 1 verzoek om terug te bellen.").wait_for()
    assert callback_status(fatima) == ("done", kees.id)
    assert callback_status(piet) == ("open", None)

    with db().begin() as session:  # a colleague called Piet back a moment ago
        callback.mark_done(session, piet, anna.id, None, datetime.now(timezone.utc))
    panel.get_by_role("button", name=re.compile("^Gedaan")).click()
    watched.locator("#callbacks-summary").get_by_text("Een collega heeft Piet Bakker al afgehandeld.").wait_for()
    assert callback_status(piet) == ("done", anna.id)  # the colleague's record stays
    assert panel.locator(".item").count() == 0
    assert watched.dialogs == [] and watched.errors == []


def test_call_back_requests_that_cannot_be_fetched_say_so(live_gateway, watched):
    leave_callback("Fatima de Vries", "0612345678")
    watched.route(re.compile(r".*/api/kcc/callbacks.*"), lambda route: route.abort())  # the network fails
    make_account("kees", ["kcc"])
    log_in(watched, live_gateway.url, "kees")
    watched.locator("#callbacks-summary").get_by_text("Terugbelverzoeken kunnen nu niet worden getoond.").wait_for(
        timeout=WAIT_MS)
    assert watched.locator("#callbacks .item").count() == 0


# Appointments with an agency, booked as the chat books them (bot.agencies.booking), with the
# resident's chat through the gateway attached

TUESDAY = date(2026, 11, 24)


def book_for_agencies(tmp_path, conversation_id, agencies, name, contact, start, day=TUESDAY, place="gemeentehuis"):
    config, content = get_gemeente(), get_content()
    clock = lambda: NOW  # noqa: E731 - the booking's "now": the Monday before
    service = BookingService(DatabaseScheduler(db(), config=lambda: config, now=clock),
                             MailSettings(host=None, outbox=tmp_path / "outbox", sender="noreply@wilgendaal.example"),
                             config=lambda: config, content=lambda: content)
    booking = AgencyBooking(AgencyScheduler(db(), config=lambda: config, now=clock), service, lambda: config, now=clock)
    slots = {"organisatie": agencies[0], "tweede_organisatie": agencies[1] if len(agencies) > 1 else None,
             "locatie": place, "tijd": datetime.combine(day, start, TIMEZONE).isoformat(),
             "naam": name, "contact": contact, "toestemming": True, "bevestigd": True}
    return booking.book(slots, conversation_id).appointment.reference


def resident_chat(base, *texts):
    made = httpx.post(f"{base}/api/conversations", json={}).json()
    for text in texts:
        said = httpx.post(f"{base}/api/conversations/{made['conversation_id']}/messages", json={"text": text},
                          headers={"Authorization": f"Bearer {made['token']}"})
        assert said.status_code == 200
    return made["conversation_id"]


def test_an_agency_employee_sees_only_their_agencys_appointments_with_the_masked_chat(live_gateway, watched, tmp_path):
    base = live_gateway.url
    with db().begin() as session:
        sync_from_config(session, get_gemeente())
    question = "<img src=x onerror=alert(1)> mijn WW is stopgezet, mijn bsn is 111222333, bel 06-87654321"
    uwv = book_for_agencies(tmp_path, resident_chat(base, question), ["uwv"], "Jan Jansen", "jan@example.nl", time(9))
    svb = book_for_agencies(tmp_path, resident_chat(base, "mijn AOW klopt niet"), ["svb"], "Sara de Vries",
                            "0612345678", time(10, 30))
    make_account("uwv1", ["agency:uwv"])
    seen = []
    watched.on("request", lambda request: seen.append(request.url) if "/api/appointments" in request.url else None)
    log_in(watched, base, "uwv1")  # at /kcc: sent on to the appointments
    watched.wait_for_url(re.compile(r".*/kcc/afspraken$"))
    watched.locator("#list-summary").get_by_text(re.compile("^Geen afspraken op")).wait_for(timeout=WAIT_MS)  # today
    assert [link.inner_text() for link in watched.locator("#nav-links a").all()] == ["Afspraken", "Sessies"]
    config = get_gemeente()
    places = [config.locaties[code].naam for code in ("gemeentehuis", "servicepunt_de_weide")]  # where the UWV is
    assert choices(watched, "Locatie") == ["Alle locaties", *places]
    assert choices(watched, "Periode")[0] == "Vandaag"

    watched.get_by_label("Vanaf datum").fill(TUESDAY.isoformat())
    assert choices(watched, "Periode")[0] == "Alleen die dag"  # no longer today
    watched.get_by_role("button", name="Tonen").click()
    row = watched.locator("#appointments tbody tr", has_text="Jan Jansen")
    row.wait_for(timeout=WAIT_MS)
    assert watched.locator("#list-summary").inner_text() == "1 afspraak op dinsdag 24 november."
    assert "Meegestuurd" in row.inner_text() and config.locaties["gemeentehuis"].naam in row.inner_text()
    assert row.locator("td").nth(3).inner_text() == config.uitvoeringsorganisaties["uwv"].naam
    listed = watched.locator("#appointments")
    assert listed.locator("tbody tr").count() == 1 and "Sara de Vries" not in listed.inner_text()
    assert any("date=2026-11-24" in url and "days=1" in url for url in seen)
    assert axe_violations(watched) == []

    row.get_by_role("button", name=re.compile("^Bekijken")).click()
    detail = watched.locator("#detail")
    detail.get_by_role("heading", name=f"Afspraak {uwv}").wait_for()
    shown = detail.locator("#detail-transcript").inner_text()
    assert "<img src=x onerror=alert(1)> mijn WW is stopgezet, mijn bsn is [BSN], bel [TELEFOON]" in shown
    assert "111222333" not in shown and "06-87654321" not in shown
    assert detail.locator("img").count() == 0
    assert "jan@example.nl" in detail.inner_text()  # the contact address the employee needs
    assert detail.locator("dd").nth(5).inner_text() == config.uitvoeringsorganisaties["uwv"].naam
    assert axe_violations(watched) == []

    assert fetch_status(watched, f"/api/appointments/{svb}") == 404  # another agency's: as if unknown
    assert fetch_status(watched, "/api/kcc/handovers") == 403
    assert fetch_status(watched, "/api/kcc/status") == 403
    assert watched.dialogs == [] and watched.errors == []


def choices(page, label):
    """The texts of a select's options, in order."""
    return page.get_by_label(label, exact=True).locator("option").all_inner_texts()


def test_the_kcc_sees_the_coming_days_per_day_at_every_location_with_agencies_by_name(live_gateway, watched, tmp_path):
    base = live_gateway.url
    config = get_gemeente()
    with db().begin() as session:
        sync_from_config(session, config)
    wednesday, next_thursday = TUESDAY + timedelta(days=1), TUESDAY + timedelta(days=9)
    book_for_agencies(tmp_path, resident_chat(base, "mijn WW en mijn AOW"), ["uwv", "svb"], "Jan Jansen",
                      "jan@example.nl", time(9))
    book_for_agencies(tmp_path, resident_chat(base, "een brief van de rechter"), ["juridisch_loket"], "Wim Woensdag",
                      "wim@example.nl", time(9, 45), day=wednesday)
    book_for_agencies(tmp_path, resident_chat(base, "ik ben ziek"), ["uwv"], "Lotte Later", "lotte@example.nl",
                      time(9), day=next_thursday)
    make_account("kees", ["kcc"])
    seen = []
    watched.on("request", lambda request: seen.append(request.url) if "/api/appointments" in request.url else None)
    log_in(watched, base, "kees", path="/kcc/afspraken")
    watched.locator("#list-summary").get_by_text(re.compile("^Geen afspraken op")).wait_for(timeout=WAIT_MS)
    assert choices(watched, "Locatie") == ["Alle locaties", *[place.naam for place in config.locaties.values()]]
    assert choices(watched, "Periode") == ["Vandaag", "Komende 7 dagen", "Komende 14 dagen"]

    watched.get_by_label("Vanaf datum").fill(TUESDAY.isoformat())
    watched.get_by_label("Periode").select_option("7")
    watched.get_by_role("button", name="Tonen").click()
    summary = watched.locator("#list-summary")
    summary.get_by_text("2 afspraken van dinsdag 24 november tot en met maandag 30 november.").wait_for(timeout=WAIT_MS)
    days = watched.locator("#appointments section")
    assert days.locator("h2").all_inner_texts() == ["Dinsdag 24 november (1 afspraak)", "Woensdag 25 november (1 afspraak)"]
    agencies = config.uitvoeringsorganisaties
    first, second = days.nth(0).locator("tbody tr"), days.nth(1).locator("tbody tr")
    assert "Jan Jansen" in first.inner_text() and "Wim Woensdag" in second.inner_text()
    assert first.locator("td").nth(3).inner_text() == f"{agencies['svb'].naam}, {agencies['uwv'].naam}"
    assert second.locator("td").nth(3).inner_text() == agencies["juridisch_loket"].naam
    assert "Lotte Later" not in watched.locator("#appointments").inner_text()  # 9 days on
    assert any("days=7" in url for url in seen)
    assert axe_violations(watched) == []

    watched.get_by_label("Periode").select_option("14")
    watched.get_by_role("button", name="Tonen").click()
    summary.get_by_text("3 afspraken van dinsdag 24 november tot en met maandag 7 december.").wait_for(timeout=WAIT_MS)
    assert days.locator("h2").all_inner_texts()[-1] == "Donderdag 3 december (1 afspraak)"
    assert "Lotte Later" in days.nth(2).inner_text()

    watched.get_by_label("Locatie").select_option(label=config.locaties["servicepunt_de_weide"].naam)  # nobody there
    watched.get_by_role("button", name="Tonen").click()
    summary.get_by_text(f"Geen afspraken van dinsdag 24 november tot en met maandag 7 december in "
                        f"{config.locaties['servicepunt_de_weide'].naam}.").wait_for(timeout=WAIT_MS)
    assert days.count() == 0
    assert watched.get_by_label("Locatie").input_value() == "servicepunt_de_weide"  # kept while the list is refilled
    assert axe_violations(watched) == []
    assert watched.dialogs == [] and watched.errors == []


def test_appointments_that_cannot_be_fetched_say_so(live_gateway, watched):
    watched.route(re.compile(r".*/api/appointments.*"), lambda route: route.abort())  # the network fails
    make_account("uwv1", ["agency:uwv"])
    log_in(watched, live_gateway.url, "uwv1", path="/kcc/afspraken")
    problem = watched.locator("#list-error")
    problem.get_by_text("De afspraken kunnen nu niet worden getoond. Probeer het zo opnieuw.").wait_for(timeout=WAIT_MS)


def test_a_content_owner_is_pointed_to_the_content_pages(live_gateway, watched):
    make_account("ilse", ["content"])
    log_in(watched, live_gateway.url, "ilse")
    watched.get_by_role("heading", name="Geen toegang tot de chats").wait_for()
    assert watched.get_by_role("link", name="Inhoud", exact=True).get_attribute("href") == "/kcc/content"
    assert watched.locator("#app").is_hidden()


# Log-out, and the session surviving a reload

def test_a_reload_keeps_the_session_and_log_out_ends_it(live_gateway, watched):
    make_account("kees", ["kcc"], name="Kees")
    log_in(watched, live_gateway.url, "kees")
    watched.locator("#who").get_by_text("Kees").wait_for()
    watched.reload()
    watched.locator("#queue-summary").get_by_text("Er wacht niemand.").wait_for()
    watched.get_by_role("button", name="Uitloggen").click()
    watched.get_by_text("U bent uitgelogd.").wait_for()
    assert watched.locator("#app").is_hidden()
    assert fetch_status(watched, "/api/staff/me") == 401
    assert fetch_status(watched, "/api/kcc/handovers") == 401



def test_an_ended_session_brings_back_the_log_in(live_gateway, watched):
    make_account("kees", ["kcc"])
    log_in(watched, live_gateway.url, "kees")
    watched.locator("#queue-summary").get_by_text("Er wacht niemand.").wait_for()
    with db().begin() as session:  # an administrator ends every session, or it expires
        session.execute(delete(StaffSessionRow))
    watched.locator("#login-error").get_by_text("Uw sessie is verlopen. Log opnieuw in.").wait_for(timeout=WAIT_MS)
    assert watched.locator("#app").is_hidden()
    assert watched.evaluate("document.activeElement.id") == "username"


# The sessions page

def test_an_employee_sees_and_ends_their_own_sessions_and_an_administrator_anyones(live_gateway, watched):
    base = live_gateway.url
    make_account("kees", ["kcc"], name="Kees")
    make_account("beheer", ["admin"], name="Beheerder")
    other = httpx.post(f"{base}/api/staff/login", headers={"User-Agent": "Mozilla/5.0 (iPhone) Safari/605.1"},
                       json={"username": "kees", "password": PASSWORD, "code": code()}).json()
    log_in(watched, base, "kees", path="/kcc/sessies")
    watched.get_by_role("heading", name="Sessies").wait_for()
    rows = watched.locator("#sessions-rows tr")
    expect(rows).to_have_count(2)
    expect(watched.locator("#sessions-rows")).to_contain_text("(dit apparaat)")
    expect(watched.locator("#sessions-rows")).to_contain_text("Safari op iPhone")
    menu = watched.get_by_role("navigation", name="Onderdelen van de console")
    assert menu.get_by_role("link", name="Sessies").get_attribute("aria-current") == "page"
    assert axe_violations(watched) == []

    rows.filter(has_text="Safari op iPhone").get_by_role("button", name=re.compile("^Afmelden")).click()
    expect(rows).to_have_count(1)
    expect(watched.locator("#sessions-summary")).to_have_text("De sessie is afgemeld.")
    assert httpx.get(f"{base}/api/staff/me", headers={"Authorization": f"Bearer {other['token']}"}).status_code == 401

    watched.get_by_role("button", name="Afmelden op dit apparaat").click()  # this device: the log-in again
    watched.get_by_role("button", name="Inloggen").wait_for()
    assert fetch_status(watched, "/api/staff/me") == 401

    kees = httpx.post(f"{base}/api/staff/login", json={"username": "kees", "password": PASSWORD, "code": code()}).json()
    log_in(watched, base, "beheer", path="/kcc/sessies")  # an administrator sees everyone's sessions
    expect(watched.locator("#sessions-who")).to_be_visible()
    expect(rows).to_have_count(2)
    rows.filter(has_text="kees").get_by_role("button", name=re.compile("^Afmelden")).click()
    expect(rows).to_have_count(1)
    assert httpx.get(f"{base}/api/staff/me", headers={"Authorization": f"Bearer {kees['token']}"}).status_code == 401
    assert axe_violations(watched) == [] and watched.errors == []
