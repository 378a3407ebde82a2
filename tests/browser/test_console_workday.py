"""The KCC employee's working day in a real browser against the real gateway (issue 13, the
KCC findings): a new waiting chat is heard, notified and counted in the tab's title; a
call-back request links to its conversation, calls with a ``tel:`` link, takes a note and can
be undone; every topic has one Dutch name and no code name shows; a second tab is logged in
by the first; times are Amsterdam's in a browser set to UTC; the tables reflow at 200% zoom
(with a screenshot of the console at 200% in reports/screenshots/). axe-core finds no WCAG 2.1
AA fault on the views touched.

The browser's sound and notifications are replaced by recorders (an init script), as a
headless Chromium has neither speakers nor a notification centre; everything else is real.
"""
from __future__ import annotations

import re
from datetime import datetime, time, timezone

import httpx
import pytest
from playwright.sync_api import expect

from bot.appointments.sync import sync_from_config
from bot.audit import log as audit
from bot.config.content import get_content
from bot.config.gemeente import get_gemeente
from bot.core.settings import PROJECT_ROOT
from bot.db.models import CallbackRequestRow
from bot.handover import callback
from tests.browser.test_console import TUESDAY, book_for_agencies, log_in, resident_chat, resident_waiting
from tests.support.browser import axe_violations
from tests.support.staff import db, make_account

WAIT_MS = 10_000
SCREENSHOTS = PROJECT_ROOT / "reports" / "screenshots"
ZOOMED = {"width": 640, "height": 400}  # 1280 x 800 at 200% zoom
TITLE = "Chats – KCC-console"

# Records the chime's tones and the notifications instead of playing and showing them; the
# page can be made to look hidden (window.__hidden), as when the employee is in another tab.
RECORDERS = """
window.__tones = 0;
window.__notes = [];
window.__hidden = false;
class RecordingAudio {
  constructor() { this.state = "running"; this.currentTime = 0; this.destination = {}; }
  resume() { return Promise.resolve(); }
  createOscillator() {
    window.__tones += 1;
    return { type: "", frequency: {}, connect: (node) => node, start() {}, stop() {} };
  }
  createGain() {
    return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: (node) => node };
  }
}
window.AudioContext = RecordingAudio;
class RecordingNotification {
  constructor(title, options) { window.__notes.push({ title, ...options }); }
  close() {}
  static requestPermission() {
    RecordingNotification.permission = window.__answer || "granted";
    return Promise.resolve(RecordingNotification.permission);
  }
}
RecordingNotification.permission = window.localStorage.getItem("test.permission") || "default";
window.Notification = RecordingNotification;
Object.defineProperty(Document.prototype, "visibilityState",
  { get() { return window.__hidden ? "hidden" : "visible"; } });
Document.prototype.hasFocus = function hasFocus() { return !window.__hidden; };
"""


@pytest.fixture
def context(browser):
    made = browser.new_context(locale="nl-NL")
    made.add_init_script(RECORDERS)
    yield made
    made.close()


@pytest.fixture
def watched(context):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    return page


def topic_name(intent):
    return get_content().raw["terugval"]["onderwerpen"].get(intent) or get_content().raw["kcc"]["onderwerpen"][intent]


# A new chat waiting

def test_a_new_waiting_chat_chimes_notifies_and_counts_in_the_title(live_gateway, watched):
    base = live_gateway.url
    make_account("kees", ["kcc"])
    resident_waiting(base, "reisdocument_kwijt")  # waiting before the page opened: no news
    log_in(watched, base, "kees")
    watched.locator("#queue-summary").get_by_text("1 inwoner wacht.").wait_for(timeout=WAIT_MS)
    expect(watched).to_have_title(f"(1) {TITLE}")
    assert watched.evaluate("window.__tones") == 0
    sound = watched.get_by_label("Geluid laten horen")
    assert sound.is_checked()

    asking = watched.get_by_role("button", name="Browsermeldingen aanzetten")
    asking.click()  # the browser asks; the employee allows
    expect(watched.locator("#alert-notify-state")).to_have_text("Browsermeldingen staan aan.")
    assert asking.is_hidden()
    assert axe_violations(watched) == []

    watched.evaluate("window.__hidden = true")  # the employee works in another tab
    resident_waiting(base, "verhuizing_doorgeven")
    expect(watched).to_have_title(f"(2) {TITLE}", timeout=WAIT_MS)
    watched.wait_for_function("window.__tones > 0 && window.__notes.length === 1")
    [note] = watched.evaluate("window.__notes")
    assert note["title"] == "Nieuw gesprek in de wachtrij"
    assert note["body"].startswith(topic_name("verhuizing_doorgeven"))

    sound.uncheck()  # switched off, and remembered after a reload
    watched.evaluate("localStorage.setItem('test.permission', 'granted')")
    watched.reload()
    watched.locator("#queue-summary").get_by_text("2 inwoners wachten.").wait_for(timeout=WAIT_MS)
    assert not watched.get_by_label("Geluid laten horen").is_checked()
    watched.evaluate("window.__hidden = true")
    resident_waiting(base, "klacht")
    expect(watched).to_have_title(f"(3) {TITLE}", timeout=WAIT_MS)
    watched.wait_for_function("window.__notes.length === 1")
    assert watched.evaluate("window.__tones") == 0  # no sound, but still the notification
    assert watched.errors == []


def test_a_refused_notification_permission_says_where_to_change_it(live_gateway, watched):
    make_account("kees", ["kcc"])
    log_in(watched, live_gateway.url, "kees")
    watched.locator("#queue-summary").get_by_text("Er wacht niemand.").wait_for(timeout=WAIT_MS)
    expect(watched).to_have_title(TITLE)
    watched.evaluate("window.__answer = 'denied'")
    watched.get_by_role("button", name="Browsermeldingen aanzetten").click()
    expect(watched.locator("#alert-notify-state")).to_have_text(
        "Browsermeldingen zijn uitgezet in de instellingen van de browser.")
    assert watched.evaluate("document.activeElement.id") == "alert-notify-state"
    assert axe_violations(watched) == []


# Call-back requests

def leave_callback_after_chat(base, name, phone, topic, *texts):
    conversation_id = resident_chat(base, *texts)
    with db().begin() as session:
        made = callback.request_callback(session, name=name, phone=phone, preferred_time="morgenochtend", topic=topic,
                                         conversation_id=conversation_id, at=datetime.now(timezone.utc))
    return made.id, conversation_id


def callback_row(callback_id):
    with db().begin() as session:
        row = session.get(CallbackRequestRow, callback_id)
        return row.status, row.note


def test_a_call_back_links_to_its_chat_calls_by_tel_keeps_a_note_and_can_be_undone(live_gateway, watched):
    base = live_gateway.url
    make_account("kees", ["kcc"], name="Kees")
    fatima, _chat = leave_callback_after_chat(base, "Fatima de Vries", "06-12 34 56 78", "reisdocument_kwijt",
                                              "Mijn paspoort is gestolen op vakantie")
    log_in(watched, base, "kees")
    item = watched.locator("#callbacks .item", has_text="Fatima de Vries")
    item.wait_for(timeout=WAIT_MS)
    phone = item.get_by_role("link", name=re.compile("^0612345678"))
    assert phone.get_attribute("href") == "tel:0612345678"
    name = topic_name("reisdocument_kwijt")
    assert name in item.inner_text()

    item.get_by_role("link", name=re.compile("^Gesprek bekijken")).click()  # the same topic name in the transcript
    expect(watched.locator("#conversation-title")).to_have_text(f"Gesprek: {name}", timeout=WAIT_MS)
    watched.locator("#transcript .message--resident", has_text="Mijn paspoort is gestolen op vakantie").wait_for()
    assert axe_violations(watched) == []

    item.get_by_label(re.compile("^Notitie")).fill("Voicemail ingesproken, morgen opnieuw.")
    item.get_by_role("button", name=re.compile("^Gedaan")).click()
    done = watched.locator("#callbacks-done .item", has_text="Fatima de Vries")
    done.wait_for()
    assert "Notitie: Voicemail ingesproken, morgen opnieuw." in done.inner_text()
    expect(watched.locator("#callbacks-summary")).to_have_text("Fatima de Vries is afgehandeld. Geen open verzoeken.")
    assert callback_row(fatima) == ("done", "Voicemail ingesproken, morgen opnieuw.")
    undo = done.get_by_role("button", name=re.compile("^Ongedaan maken"))
    expect(undo).to_be_focused()
    assert axe_violations(watched) == []

    undo.click()
    watched.locator("#callbacks .item", has_text="Fatima de Vries").wait_for()
    expect(watched.locator("#callbacks-summary")).to_have_text("Fatima de Vries staat weer open. "
                                                                "1 verzoek om terug te bellen.")
    assert callback_row(fatima) == ("open", None)
    assert watched.locator("#callbacks-done-panel").is_hidden()
    expect(watched.locator("#callbacks .item textarea")).to_be_focused()
    with db().begin() as session:  # the note and the undo are in the audit log, like every staff action
        found = [(e.actor, e.action, e.object_id, e.details) for e in reversed(audit.search(session))
                 if e.action in ("callback_done", "callback_reopen")]
    assert found == [("kees", "callback_done", str(fatima), {"with_note": True}),
                     ("kees", "callback_reopen", str(fatima), {"as_admin": False})]
    assert watched.errors == []


def test_no_code_name_of_an_intent_shows_in_the_console(live_gateway, watched):
    base = live_gateway.url
    make_account("kees", ["kcc"])
    resident_waiting(base, "informeren")
    leave_callback_after_chat(base, "Piet Bakker", "0101234567", "out_of_scope", "Wanneer wordt het afval opgehaald?")
    log_in(watched, base, "kees")
    watched.locator("#callbacks .item", has_text="Piet Bakker").wait_for(timeout=WAIT_MS)
    watched.locator("#queue .item").wait_for()
    shown = watched.locator("#app").inner_text()
    assert "informeren" not in shown and "out_of_scope" not in shown and "_" not in shown
    assert topic_name("informeren") in shown and topic_name("out_of_scope") in shown
    watched.locator("#queue").get_by_role("button", name=re.compile("^Bekijken")).click()
    expect(watched.locator("#conversation-title")).to_have_text(f"Gesprek: {topic_name('informeren')}")


# One session for every tab

def test_a_second_tab_is_logged_in_and_a_log_out_ends_both(live_gateway, context, watched):
    base = live_gateway.url
    make_account("kees", ["kcc"], name="Kees")
    log_in(watched, base, "kees")
    watched.locator("#queue-summary").get_by_text("Er wacht niemand.").wait_for(timeout=WAIT_MS)

    second = context.new_page()
    second.goto(base + "/kcc/afspraken")
    second.locator("#list-summary").get_by_text(re.compile("^Geen afspraken")).wait_for(timeout=WAIT_MS)
    assert second.locator("#login").is_hidden() and second.locator("#who").inner_text() == "Kees"
    second.get_by_role("button", name="Uitloggen").click()
    second.get_by_text("U bent uitgelogd.").wait_for()

    watched.locator("#login").wait_for(timeout=WAIT_MS)  # the first tab follows at once
    assert watched.locator("#app").is_hidden()
    log_in(second, base, "kees")  # and a log-in in one tab is one in the other
    watched.locator("#queue-summary").get_by_text("Er wacht niemand.").wait_for(timeout=WAIT_MS)
    assert watched.locator("#login").is_hidden()


# Times in the municipality's zone

def test_times_are_amsterdams_in_a_browser_set_to_utc(live_gateway, browser, tmp_path):
    base = live_gateway.url
    with db().begin() as session:
        sync_from_config(session, get_gemeente())
    book_for_agencies(tmp_path, resident_chat(base, "mijn WW is gestopt"), ["uwv"], "Jan Jansen", "jan@example.nl",
                      time(10, 30))  # 10:30 in Wilgendaal: 09:30 UTC
    with db().begin() as session:  # 10:00 UTC on a November day is 11:00 in Amsterdam
        callback.request_callback(session, name="Fatima de Vries", phone="0612345678", preferred_time=None,
                                  topic=None, conversation_id=None, at=datetime(2026, 11, 27, 10, 0, tzinfo=timezone.utc))
    make_account("kees", ["kcc"])
    context = browser.new_context(locale="nl-NL", timezone_id="UTC")
    try:
        page = context.new_page()
        log_in(page, base, "kees")
        item = page.locator("#callbacks .item", has_text="Fatima de Vries")
        item.wait_for(timeout=WAIT_MS)
        assert "27 nov, 11:00" in item.inner_text() and "10:00" not in item.inner_text()

        page.goto(base + "/kcc/afspraken")
        page.get_by_label("Vanaf datum").fill(TUESDAY.isoformat())
        page.get_by_role("button", name="Tonen").click()
        row = page.locator("#appointments tbody tr", has_text="Jan Jansen")
        row.wait_for(timeout=WAIT_MS)
        assert row.locator("td").first.inner_text().startswith("10:30")
        assert page.locator("#appointments h2").all_inner_texts() == ["Dinsdag 24 november (1 afspraak)"]
        row.get_by_role("button", name=re.compile("^Bekijken")).click()
        expect(page.locator("#detail-facts")).to_contain_text("24-11-2026 10:30")
    finally:
        context.close()


# 200% zoom

def no_sideways_scrolling(page):
    """Nothing wider than the window: not the page, not a table, not a table's wrapper."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll('table, .table-wrap, .panel')]
            .filter((e) => e.offsetParent !== null)
            .filter((e) => e.getBoundingClientRect().right > width + 1 || e.scrollWidth > e.clientWidth + 1);
        return document.documentElement.scrollWidth <= width && wide.length === 0;
    }""")


def test_the_console_reflows_at_200_percent(live_gateway, browser, tmp_path):
    base = live_gateway.url
    with db().begin() as session:
        sync_from_config(session, get_gemeente())
    for start, name in ((time(9), "Jan Jansen"), (time(10, 30), "Sara de Vries-van den Berg")):
        book_for_agencies(tmp_path, resident_chat(base, "een vraag voor het UWV"), ["uwv", "svb"], name,
                          "iemand.met.een.lang.adres@voorbeeld-gemeente.example", start)
    resident_waiting(base, "reisdocument_kwijt")
    leave_callback_after_chat(base, "Fatima de Vries", "0612345678", "reisdocument_kwijt", "paspoort kwijt")
    make_account("beheer", ["admin"], name="Beheerder")
    context = browser.new_context(locale="nl-NL", viewport=ZOOMED, device_scale_factor=2)
    context.add_init_script(RECORDERS)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        page = context.new_page()
        log_in(page, base, "beheer")
        page.locator("#callbacks .item", has_text="Fatima de Vries").wait_for(timeout=WAIT_MS)
        page.locator("#queue .item").wait_for()
        assert no_sideways_scrolling(page)
        assert axe_violations(page) == []
        page.screenshot(path=str(SCREENSHOTS / "kcc-console-200.png"), full_page=True)
        page.locator("#queue").get_by_role("button", name=re.compile("^Overnemen")).click()
        page.locator("#reply-form").wait_for(timeout=WAIT_MS)  # the chat with the reply's help beside it
        assert no_sideways_scrolling(page)
        assert axe_violations(page) == []
        page.screenshot(path=str(SCREENSHOTS / "kcc-chat-200.png"), full_page=True)

        page.goto(base + "/kcc/afspraken")
        page.get_by_label("Vanaf datum").fill(TUESDAY.isoformat())
        page.get_by_label("Periode").select_option("7")
        page.get_by_role("button", name="Tonen").click()
        page.locator("#appointments tbody tr", has_text="Sara de Vries-van den Berg").wait_for(timeout=WAIT_MS)
        assert no_sideways_scrolling(page)
        cell = page.locator("#appointments tbody tr").first.locator("td").nth(4)
        assert cell.get_attribute("data-label") == "Locatie"  # each stacked cell says its column
        assert axe_violations(page) == []
        page.screenshot(path=str(SCREENSHOTS / "kcc-afspraken-200.png"), full_page=True)

        for path, ready in (("/kcc/sessies", "#sessions-rows tr"), ("/kcc/audit", "#audit-rows tr")):
            page.goto(base + path)
            page.locator(ready).first.wait_for(timeout=WAIT_MS)
            assert no_sideways_scrolling(page), path
            assert axe_violations(page) == [], path
    finally:
        context.close()


# Help with a reply

@pytest.fixture
def rasa_api_token(monkeypatch):
    """Rasa's API token for the suggestion's parse; set before the gateway starts."""
    monkeypatch.setenv("RASA_API_TOKEN", "geheim-token")


def test_a_ready_made_reply_and_the_answer_suggestion_fill_the_field_to_edit_before_sending(
        rasa_api_token, live_gateway, watched):
    base = live_gateway.url
    make_account("kees", ["kcc"], name="Kees")
    conversation_id, resident = resident_waiting(base, "menselijk_contact")
    log_in(watched, base, "kees")
    watched.locator("#queue").get_by_role("button", name=re.compile("^Overnemen")).click()
    field = watched.get_by_label("Uw bericht aan de inwoner")
    expect(field).to_be_focused(timeout=WAIT_MS)

    kept = get_content().raw["kcc"]["snelle_antwoorden"]
    watched.get_by_label("Snel antwoord").select_option(label="Even geduld")
    watched.get_by_role("button", name="Invoegen").click()
    expect(field).to_have_value(next(r["tekst"] for r in kept if r["titel"] == "Even geduld"))
    expect(field).to_be_focused()
    watched.get_by_role("button", name="Versturen").click()
    watched.locator(".message--agent", has_text="Een moment alstublieft").wait_for()

    said = httpx.post(f"{base}/api/conversations/{conversation_id}/messages",
                      json={"text": "Wat kost een paspoort eigenlijk?"}, headers=resident)
    assert said.status_code == 200
    watched.locator(".message--resident", has_text="Wat kost een paspoort eigenlijk?").wait_for(timeout=WAIT_MS)
    live_gateway.rasa.parsed = {"text": "", "intent": {"name": "paspoort_id_aanvragen", "confidence": 0.93},
                                "entities": [{"entity": "document", "value": "paspoort"},
                                             {"entity": "aspect", "value": "kosten"}]}
    watched.get_by_role("button", name="Antwoordvoorstel").click()
    expect(field).to_have_value(re.compile(r"^Wat kost het\?"), timeout=WAIT_MS)
    expect(watched.locator("#suggest-note")).to_contain_text("Paspoort of ID-kaart aanvragen")
    assert live_gateway.rasa.parses == [("Wat kost een paspoort eigenlijk?", "geheim-token")]
    assert axe_violations(watched) == []

    suggested = field.input_value()
    field.fill("Goed dat u het vraagt. " + suggested)  # the employee changes it, then sends
    watched.get_by_role("button", name="Versturen").click()
    watched.locator(".message--agent", has_text="Goed dat u het vraagt.").wait_for()
    seen = httpx.get(f"{base}/api/conversations/{conversation_id}/messages", headers=resident).json()["messages"]
    assert [m["text"] for m in seen if m["sender"] == "agent"][-1].startswith("Goed dat u het vraagt. Wat kost het?")
    assert watched.errors == []
