"""The widget's finish as a resident notices it, in Chromium against the real gateway (fake
Rasa): a booking ends in one card with the code in view, thumbs only under answers, a compact
header, "Nieuw gesprek" after a closed chat, the focus on the newest message after a button,
the view at the newest message when the on-screen keyboard takes room, and an employee's reply
pushed within 2 s. Screenshots of the card at 390 and 1280 px go to reports/screenshots/."""
from __future__ import annotations

import time

import pytest

from bot.config.content import render
from bot.core.settings import PROJECT_ROOT
from tests.browser.test_widget import (
    DESKTOP,
    agent_says,
    bubbles,
    conversation_id,
    db,
    focused,
    open_chat,
    open_demo,
    say,
)
from tests.support.browser import axe_violations
from tests.support.resident import CALENDAR
from tests.support.staff import make_account, request_person

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = PROJECT_ROOT / "reports" / "screenshots"
CODE = "WDKM3827"
SHADOW = "document.querySelector('#gemeente-chat').shadowRoot"


def booking_replies(content):
    """What actions/booking.py sends at the end of a booking, as Rasa's REST channel splits it."""
    facts = {"afspraak.product": "Paspoort", "afspraak.locatie": "Gemeentehuis", "afspraak.adres": "Markt 1, Wilgendaal",
             "afspraak.wanneer": "dinsdag 9 december om 10:30", "afspraak.referentie": CODE}
    afspraak = content.raw["afspraak"]
    text = "\n\n".join([render(afspraak["gemaakt"], facts), "Neem uw oude paspoort mee.",
                        afspraak["mail_verstuurd"]])
    buttons = [{"title": afspraak["verzetten_knop"], "payload": "/afspraak_wijzigen"},
               {"title": afspraak["afzeggen_knop"], "payload": "/afspraak_annuleren"}]
    return [{"text": text, "buttons": buttons}, {"custom": {"kind": "confirmation"}}, {"attachment": CALENDAR}]


def in_view(page, selector):
    """Whether the element (inside the chat) is wholly inside the message log's visible part."""
    return page.evaluate(f"""(selector) => {{
        const root = {SHADOW};
        const log = root.querySelector('.gc-log').getBoundingClientRect();
        const box = root.querySelector(selector).getBoundingClientRect();
        return box.top >= log.top - 1 && box.bottom <= log.bottom + 1 && box.height > 0;
    }}""", selector)


def wait_for_bot_messages(page, count):
    page.wait_for_function(f"() => {SHADOW}.querySelectorAll('.gc-log .gc-bot').length >= {count}")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_a_booking_ends_in_one_card_with_the_code_in_view(live_gateway_shared, page, content, viewport):
    live_gateway_shared.rasa.replies = booking_replies(content)
    open_demo(page, live_gateway_shared, viewport)
    open_chat(page)
    say(page, "Ja, maak de afspraak")
    card = page.locator(".gc-log .gc-card")
    card.wait_for()
    assert page.locator(".gc-log .gc-bot").count() == 2  # the greeting and the card: one message, not five
    rows = dict(zip(card.locator("dt").all_inner_texts(), card.locator("dd").all_inner_texts()))
    assert rows["Code"] == CODE and rows["Wanneer"] == "dinsdag 9 december om 10:30"
    assert rows["Wat"] == "Paspoort" and rows["Waar"].startswith("Gemeentehuis")
    chatvenster, afspraak = content.raw["chatvenster"], content.raw["afspraak"]
    for name in (chatvenster["agenda"], afspraak["verzetten_knop"], afspraak["afzeggen_knop"]):
        assert card.get_by_role("button", name=name).count() == 1
    assert card.locator(".gc-thumb").count() == 0
    # no sender label above nothing: every bot message shows words
    assert page.evaluate(f"""() => Array.from({SHADOW}.querySelectorAll('.gc-log .gc-bot'))
        .every(m => m.querySelector('.gc-bubble'))""")
    page.wait_for_timeout(300)
    assert in_view(page, ".gc-card dl"), "the code is scrolled out of view"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"widget-booking-card-{viewport['width']}.png"))
    assert axe_violations(page) == []


def test_move_on_the_card_sends_its_payload(live_gateway_shared, page, content):
    live_gateway_shared.rasa.replies = booking_replies(content)
    open_demo(page, live_gateway_shared)
    open_chat(page)
    say(page, "Ja, maak de afspraak")
    page.locator(".gc-log .gc-card").get_by_role("button", name=content.raw["afspraak"]["verzetten_knop"]).click()
    page.locator(".gc-log .gc-resident .gc-bubble", has_text=content.raw["afspraak"]["verzetten_knop"]).wait_for()
    deadline = time.monotonic() + 5
    while live_gateway_shared.rasa.requests[-1]["message"] != "/afspraak_wijzigen":
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_thumbs_only_under_answers_not_under_a_forms_question(live_gateway_shared, page):
    rasa = live_gateway_shared.rasa
    open_demo(page, live_gateway_shared)
    open_chat(page)
    rasa.replies = [{"text": "Dat lijkt geen naam."}, {"text": "Wat is uw naam?"}, {"custom": {"kind": "question"}}]
    say(page, "ik wil een afspraak")
    page.get_by_text("Wat is uw naam?").wait_for()
    rasa.replies = [{"text": "Een paspoort kost € 84,40."}]
    say(page, "wat kost een paspoort")
    page.get_by_text("Een paspoort kost € 84,40.").wait_for()
    assert page.locator(".gc-log .gc-bot", has_text="Wat is uw naam?").locator(".gc-thumb").count() == 0
    assert page.locator(".gc-log .gc-bot", has_text="Dat lijkt geen naam.").locator(".gc-thumb").count() == 0
    assert page.locator(".gc-log .gc-bot", has_text="Een paspoort kost").locator(".gc-thumb").count() == 2
    page.reload()  # the history keeps the kind
    page.get_by_text("Een paspoort kost € 84,40.").wait_for()
    assert page.locator(".gc-log .gc-bot", has_text="Wat is uw naam?").locator(".gc-thumb").count() == 0
    assert page.locator(".gc-log .gc-thumb").count() == 2


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_the_header_is_compact_with_the_title_on_one_line(live_gateway_shared, page, viewport):
    open_demo(page, live_gateway_shared, viewport)
    open_chat(page)
    sizes = page.evaluate(f"""() => {{
        const root = {SHADOW};
        const title = root.querySelector('.gc-title');
        return {{header: root.querySelector('.gc-header').getBoundingClientRect().height,
                 title: title.getBoundingClientRect().height,
                 line: parseFloat(getComputedStyle(title).lineHeight),
                 panel: root.querySelector('.gc-panel').getBoundingClientRect().height}};
    }}""")
    assert sizes["title"] < sizes["line"] * 1.5, sizes  # one line
    assert sizes["header"] <= 80, sizes
    assert page.get_by_role("button", name="Gesprek wissen").is_visible()


def test_after_a_closed_chat_a_new_conversation_button_starts_afresh(live_gateway_shared, page, content):
    from bot.handover import takeover as handover
    from bot.staff.types import Staff

    open_demo(page, live_gateway_shared)
    open_chat(page)
    say(page, "paspoort")
    page.get_by_text("Wilt u een afspraak maken?").wait_for()
    closed = conversation_id(page)
    request_person(closed)
    say(page, "mag ik een mens?")
    page.locator(".gc-log .gc-resident", has_text="mag ik een mens?").wait_for()
    account = make_account("joop", ["kcc"], name="Joop")
    staff = Staff(account.id, account.username, account.display_name, account.roles, "", "")
    with db().begin() as session:
        handover.take(session, closed, staff)
        handover.release(session, closed, staff, close=True, summary="klaar")
    button = page.get_by_role("button", name=content.raw["chatvenster"]["nieuw_gesprek"])
    button.wait_for(timeout=15_000)  # the close reaches the window by its next poll or push; CI shares 2 cores
    button.focus()
    page.keyboard.press("Enter")
    assert conversation_id(page) is None
    assert focused(page)["id"] == "gc-input"
    assert bubbles(page, "resident").count() == 0 and button.count() == 0


def test_after_a_button_the_focus_goes_to_the_newest_message_in_view(live_gateway_shared, page):
    open_demo(page, live_gateway_shared, PHONE)
    open_chat(page)
    for text in ("paspoort", "id-kaart", "rijbewijs"):
        say(page, text)
        page.locator(".gc-log .gc-resident .gc-bubble", has_text=text).wait_for()
        page.wait_for_function(f"() => !{SHADOW}.querySelector('.gc-pending')")
    wait_for_bot_messages(page, 7)
    live_gateway_shared.rasa.replies = [{"text": "Voor welk product wilt u een afspraak?"}]
    choice = page.locator(".gc-log .gc-bot").nth(2).get_by_role("button", name="Afspraak maken")
    choice.focus()
    page.keyboard.press("Enter")
    page.get_by_text("Voor welk product wilt u een afspraak?").wait_for()
    page.wait_for_function(f"() => {SHADOW}.activeElement && {SHADOW}.activeElement.classList.contains('gc-msg')")
    assert "Voor welk product" in focused(page)["text"]
    assert in_view(page, ".gc-log .gc-msg:last-of-type")


def test_with_the_keyboard_open_the_view_stays_at_the_newest_message(live_gateway_shared, page):
    open_demo(page, live_gateway_shared, PHONE)
    open_chat(page)
    for text in ("paspoort", "id-kaart", "rijbewijs", "verhuizen"):
        say(page, text)
        page.locator(".gc-log .gc-resident .gc-bubble", has_text=text).wait_for()
        page.wait_for_function(f"() => !{SHADOW}.querySelector('.gc-pending')")
    wait_for_bot_messages(page, 9)
    page.wait_for_timeout(200)
    assert in_view(page, ".gc-log .gc-msg:last-of-type")
    page.locator("#gc-input").focus()
    page.set_viewport_size({"width": 390, "height": 430})  # the on-screen keyboard takes half the screen
    page.wait_for_timeout(300)
    assert in_view(page, ".gc-log .gc-msg:last-of-type"), "the newest message went out of view"
    assert page.locator("#gc-input").is_visible()


def _taken_chat(page, gateway):
    open_demo(page, gateway)
    open_chat(page)
    say(page, "paspoort")
    page.get_by_text("Wilt u een afspraak maken?").wait_for()
    conversation = conversation_id(page)
    request_person(conversation)
    say(page, "mag ik een mens?")
    page.locator(".gc-log .gc-resident", has_text="mag ik een mens?").wait_for()
    return conversation


def test_an_employees_reply_is_pushed_even_when_polling_brings_nothing(live_gateway_shared, page):
    conversation = _taken_chat(page, live_gateway_shared)
    page.wait_for_timeout(500)
    # From now on polling sees no news: only the push channel can bring the reply.
    page.route("**/messages?after=*", lambda route: route.fulfill(
        status=200, content_type="application/json", body='{"messages": [], "status": "taken"}')
        if route.request.method == "GET" else route.continue_())
    agent_says(conversation, "Sanne", "Goedemiddag, ik ben Sanne.")
    started = time.monotonic()
    page.locator(".gc-log .gc-agent .gc-bubble", has_text="Goedemiddag, ik ben Sanne.").wait_for(timeout=4000)
    assert time.monotonic() - started < 2.0


def test_an_employees_replies_appear_within_two_seconds(live_gateway_shared, page):
    from bot.handover import takeover as handover
    from bot.staff.types import Staff

    conversation = _taken_chat(page, live_gateway_shared)
    account = make_account("ruud", ["kcc"], name="Ruud")
    staff = Staff(account.id, account.username, account.display_name, account.roles, "", "")
    with db().begin() as session:
        handover.take(session, conversation, staff)
    for delay_ms, text in ((0, "Ik kijk even mee."), (700, "Een moment."), (1300, "Uw paspoort ligt klaar.")):
        page.wait_for_timeout(delay_ms)
        with db().begin() as session:
            handover.send_agent_message(session, conversation, staff, text)
        started = time.monotonic()
        page.locator(".gc-log .gc-agent .gc-bubble", has_text=text).wait_for(timeout=4000)
        assert time.monotonic() - started < 2.0, text
