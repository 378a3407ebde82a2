"""The website chat in a real browser (Chromium through Playwright) against the real gateway
with a fake Rasa: a whole conversation by keyboard and mouse, markup shown as text, a reload,
a failing bot, a person taking over, a dropped connection, feedback, wiping, and axe-core's
WCAG 2.1 AA check at desktop, phone and 200% zoom sizes."""
from __future__ import annotations

import json
import re
import time

import pytest

from bot.config.content import render
from bot.config.facts import base_facts
from bot.conversations import feedback, transcript
from bot.conversations.types import Sender
from bot.core.settings import get_settings
from bot.db.engine import session_factory
from bot.handover import takeover as handover
from bot.staff.types import Staff
from tests.support.browser import axe_violations
from tests.support.resident import CALENDAR, ICS
from tests.support.staff import make_account, request_person

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 667}
ZOOMED = {"width": 640, "height": 400}  # 1280 x 800 at 200% zoom
REPLY = "Een paspoort kost € 84,40."
QUESTION = "Wilt u een afspraak maken?"


def db():
    return session_factory(get_settings().database_url)


def stored(conversation_id):
    with db().begin() as session:
        return transcript.messages_after(session, conversation_id, 0)


def open_demo(page, gateway, viewport=DESKTOP):
    page.set_viewport_size(viewport)
    page.goto(gateway.url + "/")
    page.locator(".gc-launcher").wait_for(state="visible")


def open_chat(page):
    page.locator(".gc-launcher").click()
    page.locator("#gc-input").wait_for(state="visible")


def say(page, text):
    page.locator("#gc-input").fill(text)
    page.keyboard.press("Enter")


def bubbles(page, sender):
    return page.locator(f".gc-log .gc-{sender} .gc-bubble")


def conversation_id(page):
    return page.evaluate("""() => {
        const key = Object.keys(localStorage).find(k => k.startsWith('gemeente-chat:'));
        const state = key && JSON.parse(localStorage.getItem(key));
        return state && state.conversation ? state.conversation.id : null;
    }""")


def focused(page):
    """What has the focus inside the chat's shadow root: its id, class and text."""
    return page.evaluate("""() => {
        const a = document.querySelector('#gemeente-chat').shadowRoot.activeElement;
        return a ? {id: a.id, cls: a.className, text: a.textContent} : null;
    }""")


def agent_says(conversation, name, text):
    """An employee takes the chat and answers, as the KCC console does through the API."""
    account = make_account(name.lower(), ["kcc"], name=name)
    staff = Staff(account.id, account.username, account.display_name, account.roles, "", "")
    with db().begin() as session:
        handover.take(session, conversation, staff)
        handover.send_agent_message(session, conversation, staff, text)


def test_a_whole_conversation_by_keyboard_and_mouse(live_gateway_shared, page):
    open_demo(page, live_gateway_shared)
    page.locator(".gc-launcher").focus()
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "gc-input"
    assert page.locator(".gc-launcher").is_hidden()
    assert "digitale assistent" in bubbles(page, "bot").first.inner_text()

    page.keyboard.type("wat kost een paspoort?")
    page.keyboard.press("Enter")
    page.get_by_text(QUESTION).wait_for()
    assert bubbles(page, "resident").all_inner_texts() == ["wat kost een paspoort?"]
    choice = page.get_by_role("button", name="Afspraak maken")
    assert choice.count() == 1

    choice.click()
    page.locator(".gc-log .gc-resident .gc-bubble", has_text="Afspraak maken").wait_for()
    page.wait_for_function("() => document.querySelector('#gemeente-chat').shadowRoot"
                           ".querySelectorAll('.gc-log .gc-bot .gc-bubble').length === 5")
    assert live_gateway_shared.rasa.requests[-1]["message"] == "/afspraak_maken"
    assert [m.text for m in stored(conversation_id(page))][2:4] == [QUESTION, "Afspraak maken"]

    page.keyboard.press("Escape")
    assert page.locator("#gc-panel").is_hidden()
    assert "gc-launcher" in focused(page)["cls"]


def test_markup_in_a_message_is_shown_as_text_and_never_run(live_gateway_shared, page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_demo(page, live_gateway_shared)
    open_chat(page)
    markup = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    say(page, markup)
    page.get_by_text(QUESTION).wait_for()
    assert bubbles(page, "resident").all_inner_texts() == [markup]
    assert page.locator(".gc-log script, .gc-log img").count() == 0
    page.wait_for_timeout(200)
    assert dialogs == []
    assert stored(conversation_id(page))[0].text == markup


def test_links_in_a_message_become_links_and_nothing_else_does(live_gateway_shared, page):
    open_demo(page, live_gateway_shared)
    open_chat(page)
    say(page, "hallo")
    page.get_by_text(QUESTION).wait_for()
    request_person(conversation_id(page))
    say(page, "ik wil een mens")  # the widget learns a person will answer and polls faster
    agent_says(conversation_id(page), "Anna", "Kijk op https://www.wilgendaal.example/paspoort. Mail info@wilgendaal.example "
                                     "of bel 0123 45 67 89. Niet: javascript:alert(1), NL91ABNA0417164300 of <a href='x'>dit</a>")
    message = page.locator(".gc-log .gc-agent .gc-bubble")
    message.wait_for(timeout=8000)
    links = message.locator("a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == ["https://www.wilgendaal.example/paspoort", "mailto:info@wilgendaal.example", "tel:0123456789"]
    assert links.nth(0).inner_text() == "https://www.wilgendaal.example/paspoort"
    assert "<a href='x'>dit</a>" in message.inner_text()


def test_a_calendar_file_is_offered_and_downloads_by_keyboard(live_gateway_shared, page, content, tmp_path):
    live_gateway_shared.rasa.attachment = CALENDAR
    open_demo(page, live_gateway_shared)
    open_chat(page)
    say(page, "ja, klopt")
    label = content.raw["chatvenster"]["agenda"]
    button = page.get_by_role("button", name=label)
    button.wait_for()
    assert label == "Zet de afspraak in uw agenda" and button.count() == 1
    assert bubbles(page, "bot").all_inner_texts()[1:] == [REPLY, QUESTION]  # no empty bubble for the file
    button.focus()
    with page.expect_download() as downloading:
        page.keyboard.press("Enter")
    download = downloading.value
    assert download.suggested_filename == "afspraak.ics"
    saved = tmp_path / "afspraak.ics"
    download.save_as(saved)
    assert saved.read_bytes() == ICS.encode("utf-8")
    assert axe_violations(page) == []


def test_a_calendar_file_that_cannot_be_fetched_says_so(live_gateway_shared, page, content):
    live_gateway_shared.rasa.attachment = CALENDAR
    open_demo(page, live_gateway_shared)
    open_chat(page)
    say(page, "ja, klopt")
    button = page.get_by_role("button", name=content.raw["chatvenster"]["agenda"])
    button.wait_for()
    page.route("**/attachment", lambda route: route.fulfill(status=404, content_type="application/json",
                                                              body='{"error": "not_found", "detail": "weg"}'))
    button.click()
    page.locator(".gc-notice", has_text=content.raw["chatvenster"]["agenda_fout"]).wait_for()


def test_a_person_taking_over_appears_through_polling_with_their_name(live_gateway_shared, page, content):
    open_demo(page, live_gateway_shared)
    open_chat(page)
    say(page, "paspoort")
    page.get_by_text(QUESTION).wait_for()
    conversation = conversation_id(page)
    header = page.locator("#gc-subtitle")
    assert header.inner_text() == content.raw["chatvenster"]["ondertitel"]  # the bot talks: a computer
    request_person(conversation)
    say(page, "mag ik een mens?")
    page.locator(".gc-log .gc-resident", has_text="mag ik een mens?").wait_for()
    agent_says(conversation, "Fatima", "Goedemiddag, ik help u verder.")
    notice = render(content.text("overname", "overgenomen"), {"medewerker.naam": "Fatima"})
    page.locator(".gc-log .gc-system .gc-bubble", has_text=notice).wait_for(timeout=8000)
    agent = page.locator(".gc-log .gc-agent")
    agent.wait_for()
    assert agent.locator(".gc-bubble").inner_text() == "Goedemiddag, ik help u verder."
    assert agent.locator(".gc-who").inner_text() == "Fatima van de gemeente"
    assert agent.locator(".gc-thumb").count() == 0
    # A person talks: the header names her (AI Act art. 50), no longer "een computer" alone.
    assert header.inner_text() == render(content.raw["chatvenster"]["ondertitel_medewerker"], {"medewerker.naam": "Fatima"})


def test_after_the_chat_was_closed_a_new_message_starts_a_new_conversation(live_gateway_shared, page):
    open_demo(page, live_gateway_shared)
    open_chat(page)
    say(page, "paspoort")
    page.get_by_text(QUESTION).wait_for()
    closed = conversation_id(page)
    account = make_account("kees", ["kcc"], name="Kees")
    staff = Staff(account.id, account.username, account.display_name, account.roles, "", "")
    with db().begin() as session:
        handover.take(session, closed, staff)
        handover.release(session, closed, staff, close=True, summary="klaar")
    say(page, "nog een vraag")
    deadline = time.monotonic() + 15  # the widget finds the chat closed, starts a new one, sends again
    while conversation_id(page) in (None, closed) or not stored(conversation_id(page)):
        assert time.monotonic() < deadline, "no new conversation"
        time.sleep(0.1)
    fresh = conversation_id(page)
    assert [(m.sender, m.text) for m in stored(fresh)][0] == (Sender.RESIDENT, "nog een vraag")
    assert "nog een vraag" not in [m.text for m in stored(closed)]


def test_a_reload_keeps_the_conversation_and_the_vote(live_gateway_shared, page):
    open_demo(page, live_gateway_shared)
    open_chat(page)
    say(page, "wat kost een paspoort?")
    page.get_by_text(QUESTION).wait_for()
    thumbs_down = page.locator(".gc-log .gc-bot").nth(1).get_by_role("button", name="Nee, dit hielp niet")
    thumbs_down.click()
    page.locator(".gc-notice", has_text="Dank u voor uw reactie.").wait_for()
    conversation = conversation_id(page)
    with db().begin() as session:
        assert feedback.vote_of(session, conversation, 2) is False

    page.reload()
    page.get_by_text(QUESTION).wait_for()
    assert conversation_id(page) == conversation
    assert bubbles(page, "resident").all_inner_texts() == ["wat kost een paspoort?"]
    assert bubbles(page, "bot").all_inner_texts()[1:] == [REPLY, QUESTION]
    restored = page.locator(".gc-log .gc-bot").nth(1).get_by_role("button", name="Nee, dit hielp niet")
    assert restored.get_attribute("aria-pressed") == "true"


def test_when_the_bot_is_down_the_notice_shows_and_the_message_is_kept(live_gateway_shared, page, config, content):
    live_gateway_shared.rasa.mode = "down"
    open_demo(page, live_gateway_shared)
    open_chat(page)
    say(page, "wat kost een paspoort?")
    expected = render(content.text("terugval", "storing"), base_facts(config))
    page.locator(".gc-log .gc-system .gc-bubble", has_text=expected).wait_for()
    assert page.locator(".gc-log .gc-system a").get_attribute("href") == \
        "tel:" + re.sub(r"[^0-9+]", "", config.gemeente.telefoon)
    assert [(m.sender, m.text) for m in stored(conversation_id(page))] == [
        (Sender.RESIDENT, "wat kost een paspoort?"), (Sender.SYSTEM, expected)]


def test_a_lost_answer_is_resent_and_the_message_stored_once(live_gateway_shared, page):
    """The gateway stores the message but the answer never reaches the browser; the widget
    sends it again with the same client_id."""
    lost = []

    def lose_the_first_answer(route):
        if route.request.method == "POST" and not lost:
            lost.append(json.loads(route.request.post_data))
            route.fetch()  # the gateway gets it and stores it ...
            route.abort("connectionreset")  # ... but the answer is lost on the way back
        else:
            route.continue_()

    open_demo(page, live_gateway_shared)
    page.route("**/api/conversations/*/messages", lose_the_first_answer)
    open_chat(page)
    say(page, "wat kost een paspoort?")
    page.get_by_text(QUESTION).wait_for(timeout=8000)
    messages = stored(conversation_id(page))
    assert [(m.sender, m.client_id) for m in messages] == [
        (Sender.RESIDENT, lost[0]["client_id"]), (Sender.BOT, None), (Sender.BOT, None)]
    assert len(live_gateway_shared.rasa.requests) == 1
    assert bubbles(page, "resident").count() == 1


def test_offline_the_message_waits_and_is_sent_once_when_back_online(live_gateway_shared, page):
    open_demo(page, live_gateway_shared)
    open_chat(page)
    say(page, "paspoort")
    page.get_by_text(QUESTION).wait_for()
    page.context.set_offline(True)
    say(page, "en een rijbewijs?")
    page.locator(".gc-notice-error").wait_for()
    pending = page.locator(".gc-log .gc-pending")
    assert pending.locator(".gc-bubble").inner_text() == "en een rijbewijs?"
    page.context.set_offline(False)
    pending.wait_for(state="detached", timeout=8000)
    page.wait_for_function("() => document.querySelector('#gemeente-chat').shadowRoot"
                           ".querySelectorAll('.gc-log .gc-bot .gc-bubble').length === 5")
    texts = [m.text for m in stored(conversation_id(page)) if m.sender is Sender.RESIDENT]
    assert texts == ["paspoort", "en een rijbewijs?"]
    assert page.evaluate("() => JSON.parse(localStorage.getItem(Object.keys(localStorage)[0])).outbox") == []


def test_a_message_the_gateway_refuses_is_marked_and_not_sent_again(live_gateway_shared, page):
    open_demo(page, live_gateway_shared)
    open_chat(page)
    refused = []

    def refuse(route):
        refused.append(route.request.post_data)
        route.fulfill(status=400, content_type="application/json",
                      body=json.dumps({"error": "invalid_text", "detail": "text is too long."}))

    page.route("**/api/conversations/*/messages", lambda route: refuse(route)
               if route.request.method == "POST" else route.continue_())
    say(page, "hallo")
    page.locator(".gc-log .gc-failed", has_text="Niet verstuurd").wait_for()
    page.locator(".gc-notice-error").wait_for()
    page.wait_for_timeout(1500)
    assert len(refused) == 1
    assert page.evaluate("() => JSON.parse(localStorage.getItem(Object.keys(localStorage)[0])).outbox") == []


def test_wiping_asks_first_deletes_the_conversation_and_starts_afresh(live_gateway_shared, page):
    open_demo(page, live_gateway_shared)
    open_chat(page)
    say(page, "paspoort")
    page.get_by_text(QUESTION).wait_for()
    conversation = conversation_id(page)
    page.get_by_role("button", name="Gesprek wissen").click()
    assert focused(page)["text"] == "Nee, terug"
    page.keyboard.press("Escape")  # Escape cancels the question, not the window
    assert page.locator(".gc-confirm").is_hidden() and page.locator("#gc-panel").is_visible()
    assert stored(conversation) != []

    page.get_by_role("button", name="Gesprek wissen").click()
    page.get_by_role("button", name="Ja, wissen").click()
    page.locator(".gc-notice", has_text="Uw gesprek is gewist.").wait_for()
    assert stored(conversation) == []
    assert conversation_id(page) is None
    assert bubbles(page, "resident").count() == 0 and bubbles(page, "bot").count() == 1
    say(page, "rijbewijs")
    page.get_by_text(QUESTION).wait_for()
    assert conversation_id(page) not in (None, conversation)


def test_an_answer_saying_deleted_starts_afresh(live_gateway_shared, page):
    """The gateway answers the button "/gesprek_verwijderen_bevestigd" with deleted: true."""
    open_demo(page, live_gateway_shared)
    open_chat(page)
    say(page, "paspoort")
    page.get_by_text(QUESTION).wait_for()
    page.route("**/api/conversations/*/messages", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps({"messages": [], "deleted": True}))
        if route.request.method == "POST" else route.continue_())
    say(page, "verwijder mijn gesprek")
    page.locator(".gc-notice", has_text="Uw gesprek is gewist.").wait_for()
    assert conversation_id(page) is None
    assert bubbles(page, "resident").count() == 0


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_nothing_closed_open_and_with_messages(live_gateway_shared, page, viewport):
    open_demo(page, live_gateway_shared, viewport)
    assert axe_violations(page) == []
    open_chat(page)
    assert axe_violations(page) == []
    say(page, "wat kost een paspoort?")
    page.get_by_text(QUESTION).wait_for()
    page.locator(".gc-thumb").first.click()
    page.get_by_role("button", name="Gesprek wissen").click()
    assert axe_violations(page) == []


def test_on_a_phone_the_window_fills_the_screen(live_gateway_shared, page):
    open_demo(page, live_gateway_shared, PHONE)
    open_chat(page)
    box = page.locator("#gc-panel").bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, PHONE["width"], PHONE["height"])


def test_at_200_percent_zoom_the_input_stays_reachable(live_gateway_shared, page):
    open_demo(page, live_gateway_shared, ZOOMED)
    open_chat(page)
    for _ in range(3):
        say(page, "wat kost een paspoort?")
        page.wait_for_timeout(50)
    page.wait_for_function("() => document.querySelector('#gemeente-chat').shadowRoot"
                           ".querySelectorAll('.gc-log .gc-bot .gc-bubble').length === 7")
    for target in ("#gc-input", ".gc-send", ".gc-close"):
        box = page.locator(target).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= ZOOMED["height"], target
        assert box["x"] >= 0 and box["x"] + box["width"] <= ZOOMED["width"], target
    assert axe_violations(page) == []


def test_a_light_colour_is_darkened_until_text_on_it_is_readable(live_gateway_shared, page):
    page.set_content(f'<html lang="nl"><head><title>Andere site</title></head><body><main><h1>Site</h1></main>'
                     f'<script src="{live_gateway_shared.url}/widget.js" data-kleur="#ffd200" data-positie="links"></script>'
                     f'</body></html>')
    launcher = page.locator(".gc-launcher")
    launcher.wait_for(state="visible")
    background = launcher.evaluate("node => getComputedStyle(node).backgroundColor")
    red, green, blue = (int(v) for v in re.findall(r"\d+", background)[:3])
    assert (red, green, blue) != (255, 210, 0)
    assert _contrast((red, green, blue), (255, 255, 255)) >= 4.5
    assert launcher.bounding_box()["x"] < 100  # links: on the left
    assert axe_violations(page) == []


def test_reduced_motion_stops_the_typing_animation(live_gateway_shared, page):
    page.emulate_media(reduced_motion="reduce")
    open_demo(page, live_gateway_shared)
    animation = page.locator(".gc-dots span").first.evaluate("node => getComputedStyle(node).animationName")
    assert animation == "none"


def test_the_demo_page_takes_its_facts_from_gemeente_yml(live_gateway_shared, page, config):
    open_demo(page, live_gateway_shared)
    assert page.title() == f"Gemeente {config.gemeente.naam}"
    assert page.locator("html").get_attribute("lang") == "nl"
    assert config.balie.naam in page.locator("main").inner_text()
    assert config.gemeente.telefoon in page.locator("main").inner_text()
    title = page.locator(".gc-title").inner_text()
    assert title.endswith(config.gemeente.naam)


def _contrast(first, second):
    def luminance(rgb):
        channels = [v / 255 for v in rgb]
        channels = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_full_screen_the_tab_key_stays_inside_the_window(live_gateway_shared, page):
    open_demo(page, live_gateway_shared, PHONE)
    open_chat(page)
    assert page.locator("#gc-panel").get_attribute("aria-modal") == "true"
    seen = set()
    for _ in range(8):
        page.keyboard.press("Tab")
        now = focused(page)
        assert now is not None, "the focus left the chat window"
        seen.add(now["id"] or now["text"])
    assert "gc-input" in seen and "Gesprek wissen" in seen


def test_a_waiting_message_survives_its_conversation_being_deleted_meanwhile(live_gateway_shared, page):
    import httpx

    open_demo(page, live_gateway_shared)
    open_chat(page)
    say(page, "paspoort")
    page.get_by_text(QUESTION).wait_for()
    old = conversation_id(page)
    token = page.evaluate("() => JSON.parse(localStorage.getItem(Object.keys(localStorage)[0])).conversation.token")
    page.route("**/api/conversations/*/messages", lambda route: route.abort()
               if route.request.method == "POST" else route.continue_())
    say(page, "en een rijbewijs?")
    page.locator(".gc-log .gc-pending").wait_for()
    deleted = httpx.delete(f"{live_gateway_shared.url}/api/conversations/{old}",
                           headers={"Authorization": f"Bearer {token}"})
    assert deleted.status_code == 204  # say, the retention purge, while the message waits
    with page.expect_response(lambda r: r.request.method == "GET" and "/messages" in r.url and r.status == 404):
        page.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")  # the tab comes back: a poll
    page.unroute("**/api/conversations/*/messages")
    page.evaluate("() => window.dispatchEvent(new Event('online'))")  # the connection is back
    deadline = time.monotonic() + 20
    while conversation_id(page) in (None, old) or not stored(conversation_id(page)):
        assert time.monotonic() < deadline, "the waiting message was not sent to a new conversation"
        time.sleep(0.1)
    texts = [m.text for m in stored(conversation_id(page)) if m.sender is Sender.RESIDENT]
    assert texts == ["en een rijbewijs?"]
