"""The answer editor's API through the gateway: log-in, roles and CSRF; the texts with their
scores; the live check; saving and restoring as versions with who and when, in the audit log;
bad input refused with a 4xx that changes neither the file nor the versions; and a saved text
is what the bot answers next, through the actions, and what the chat window shows, without a
restart."""
from __future__ import annotations

import hashlib
import shutil

import pytest
from sqlalchemy import func, select

from actions.faq import ActionAnswerService, ActionAnswerTopic
from bot.audit import log as audit
from bot.config.content import get_content
from bot.content_tools.editor.rules import answers_in
from bot.core.settings import PROJECT_ROOT
from bot.db.models import AnswerVersionRow
from tests.support.actions import run, tracker
from tests.support.staff import db, login

BASE = "/api/content/answers"
KEY = "onderwerpen.paspoort_id_aanvragen.uitleg"
NEW = ("U vraagt een {product.naam} aan bij de balie in het {balie.naam}. Maak eerst een afspraak. "
       "Dan bent u snel klaar.")


@pytest.fixture(autouse=True)
def content_file(tmp_path, monkeypatch):
    """The gateway and the actions read and write a copy (set before the gateway fixture starts the app)."""
    target = tmp_path / "antwoorden.yml"
    shutil.copy(PROJECT_ROOT / "content" / "antwoorden.yml", target)
    monkeypatch.setenv("CONTENT_FILE", str(target))
    return target


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def version_rows():
    with db().begin() as session:
        return session.execute(select(func.count()).select_from(AnswerVersionRow)).scalar_one()


def one(gateway, headers, key=KEY):
    response = gateway.get(f"{BASE}/{key}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["answer"]


CALLS = [("get", BASE, None), ("get", f"{BASE}/{KEY}", None), ("put", f"{BASE}/{KEY}", {"text": NEW, "basis": "x"}),
         ("post", f"{BASE}/{KEY}/check", {"text": NEW}), ("post", f"{BASE}/{KEY}/versions/1/restore", {"basis": "x"})]


@pytest.mark.parametrize("method, path, body", CALLS)
def test_without_log_in_is_401(gateway, method, path, body, content_file):
    before = digest(content_file)
    assert gateway.request(method.upper(), path, json=body).status_code == 401
    assert digest(content_file) == before


@pytest.mark.parametrize("who", ["kcc", "agency"])
@pytest.mark.parametrize("method, path, body", CALLS)
def test_other_roles_are_403(gateway, staff, who, method, path, body, content_file):
    before = digest(content_file)
    response = gateway.request(method.upper(), path, json=body, headers=staff.headers(who))
    assert response.status_code == 403 and response.json()["error"] == "forbidden"
    assert digest(content_file) == before


@pytest.mark.parametrize("who", ["content", "admin"])
def test_content_owners_and_administrators_see_every_text_with_its_score(gateway, staff, who):
    data = gateway.get(BASE, headers=staff.headers(who)).json()
    assert data["rules"] == {"b1_floor": 60.0, "prose_min_words": 8, "max_chars": 1000}
    found = {a["key"]: a for a in data["answers"]}
    assert len(found) == len(answers_in(get_content().raw))
    assert found[KEY]["title"] == "Paspoort of ID-kaart aanvragen › uitleg"
    assert found[KEY]["assessment"]["prose"] is True and found[KEY]["assessment"]["errors"] == []
    answer = one(gateway, staff.headers(who))
    assert "product.kosten" in answer["placeholders"] and "afspraak.referentie" not in answer["placeholders"]
    assert answer["versions"] == []


def test_the_check_scores_while_typing_and_flags_placeholders_without_saving(gateway, staff, content_file):
    before = digest(content_file)
    headers = staff.headers("content")
    good = gateway.post(f"{BASE}/{KEY}/check", json={"text": NEW}, headers=headers).json()["assessment"]
    assert good["b1"] is True and good["errors"] == [] and good["placeholders"] == ["product.naam", "balie.naam"]
    bad = gateway.post(f"{BASE}/{KEY}/check", json={"text": "Bel {gemeente.telfoon}. Kom langs."},
                       headers=headers).json()["assessment"]
    assert [e["code"] for e in bad["errors"]] == ["unknown_placeholder"]
    assert [w["code"] for w in bad["warnings"]] == ["missing_placeholder"]
    assert digest(content_file) == before and version_rows() == 0


def test_a_save_is_a_version_with_who_and_when_and_an_audit_event(gateway, staff, content_file):
    headers = staff.headers("content")
    before = one(gateway, headers)
    response = gateway.put(f"{BASE}/{KEY}", json={"text": NEW, "basis": before["revision"]}, headers=headers)
    assert response.status_code == 200, response.text
    saved = response.json()
    assert saved["version"]["version"] == 2 and saved["version"]["author"] == "content"
    assert saved["answer"]["text"] == NEW and saved["answer"]["revision"] != before["revision"]
    assert "{product.naam} aan bij de balie in het {balie.naam}. Maak eerst een afspraak." in content_file.read_text()
    shown = one(gateway, headers)
    assert [(v["version"], v["source"], v["author"], v["live"]) for v in shown["versions"]] == [
        (2, "editor", "content", True), (1, "file", None, False)]
    assert shown["versions"][0]["at"].endswith("+00:00")
    with db().begin() as session:
        (event,) = audit.search(session, action="answer_edit")
    assert (event.actor, event.object_type, event.object_id, event.result) == ("content", "answer", KEY, "ok")
    assert event.details["version"] == 2 and "text" not in event.details


def test_a_saved_answer_is_the_bots_next_reply_through_the_action_without_a_restart(gateway, staff):
    """The action server's code path (actions/faq.py -> bot.faq.answers -> get_content) before
    and after a save through the gateway: the same process, its cache warm, no reload called."""
    asked = tracker("ik wil een paspoort aanvragen", intent="paspoort_id_aanvragen",
                    entities=[{"entity": "document", "value": "paspoort"}])
    _, before = run(ActionAnswerTopic(), asked)
    assert "U komt zelf langs." in before[0]["text"]
    headers = staff.headers("content")
    saved = gateway.put(f"{BASE}/{KEY}", json={"text": NEW, "basis": one(gateway, headers)["revision"]},
                        headers=headers)
    assert saved.status_code == 200, saved.text
    _, after = run(ActionAnswerTopic(), asked)
    assert after[0]["text"] == ("U vraagt een paspoort aan bij de balie in het Gemeentehuis Wilgendaal. "
                                "Maak eerst een afspraak. Dan bent u snel klaar.")

    _, hours = run(ActionAnswerService(), tracker("wanneer zijn jullie open", intent="openingstijden"))
    key = "afspraken.openingstijden"
    text = "Het {balie.naam} is open op deze tijden:\n{balie.openingstijden}\nMaak gerust een afspraak."
    assert gateway.put(f"{BASE}/{key}", json={"text": text, "basis": one(gateway, headers, key)["revision"]},
                       headers=headers).status_code == 200
    _, changed = run(ActionAnswerService(), tracker("wanneer zijn jullie open", intent="openingstijden"))
    assert changed[0]["text"] != hours[0]["text"] and changed[0]["text"].endswith("Maak gerust een afspraak.")


def test_a_saved_chat_window_text_is_in_the_next_widget_script(gateway, staff):
    headers = staff.headers("content")
    key = "chatvenster.versturen"
    assert '"Versturen"' in gateway.get("/widget.js").text
    assert gateway.put(f"{BASE}/{key}", json={"text": "Verstuur", "basis": one(gateway, headers, key)["revision"]},
                       headers=headers).status_code == 200
    assert '"Verstuur"' in gateway.get("/widget.js").text


def test_restore_makes_an_old_version_live_as_a_new_version(gateway, staff, content_file):
    headers = staff.headers("content")
    original = one(gateway, headers)
    saved = gateway.put(f"{BASE}/{KEY}", json={"text": NEW, "basis": original["revision"]}, headers=headers).json()
    response = gateway.post(f"{BASE}/{KEY}/versions/1/restore", json={"basis": saved["answer"]["revision"]},
                            headers=staff.headers("admin"))
    assert response.status_code == 200, response.text
    assert (response.json()["version"]["version"], response.json()["version"]["restored_from"]) == (3, 1)
    assert one(gateway, headers)["text"] == original["text"]
    with db().begin() as session:
        assert [e.actor for e in audit.search(session, action="answer_restore")] == ["admin"]
    missing = gateway.post(f"{BASE}/{KEY}/versions/7/restore", json={"basis": one(gateway, headers)["revision"]},
                           headers=headers)
    assert missing.status_code == 404


def test_with_the_cookie_a_save_needs_the_csrf_token(gateway, staff, content_file):
    session = login(gateway, "content").json()
    basis = gateway.get(f"{BASE}/{KEY}").json()["answer"]["revision"]
    before = digest(content_file)
    refused = gateway.put(f"{BASE}/{KEY}", json={"text": NEW, "basis": basis})
    assert refused.status_code == 403 and refused.json()["error"] == "csrf"
    refused = gateway.post(f"{BASE}/{KEY}/check", json={"text": NEW})
    assert refused.status_code == 403 and refused.json()["error"] == "csrf"
    assert digest(content_file) == before and version_rows() == 0
    accepted = gateway.put(f"{BASE}/{KEY}", json={"text": NEW, "basis": basis},
                           headers={"X-CSRF-Token": session["csrf_token"]})
    assert accepted.status_code == 200


@pytest.mark.parametrize("text, code", [
    ("", "empty"), ("Bel {gemeente.telfoon} voor een afspraak.", "unknown_placeholder"),
    ("Uw code is {afspraak.referentie}.", "unknown_placeholder"), ("Neem {product.naam mee.", "loose_brace"),
    ("Ja. " * 260, "too_long"),
    ("Teneinde een aanvraag tot verstrekking van een nationaal reisdocument te effectueren, dient de "
     "belanghebbende persoonlijk te verschijnen.", "below_b1"),
])
def test_a_text_that_breaks_a_rule_is_422_with_the_reason_and_changes_nothing(gateway, staff, content_file, text,
                                                                               code):
    headers = staff.headers("content")
    basis = one(gateway, headers)["revision"]
    before = digest(content_file)
    response = gateway.put(f"{BASE}/{KEY}", json={"text": text, "basis": basis}, headers=headers)
    assert response.status_code == 422 and response.json()["error"] == "invalid_answer"
    assert code in [e["code"] for e in response.json()["assessment"]["errors"]]
    assert digest(content_file) == before and version_rows() == 0
    with db().begin() as session:
        (event,) = audit.search(session, action="answer_edit")
    assert event.result == "refused" and event.details == {"status": 422}


@pytest.mark.parametrize("body, status, error", [
    ({"text": NEW}, 400, "invalid_basis"), ({"text": NEW, "basis": ""}, 400, "invalid_basis"),
    ({"basis": "x"}, 400, "invalid_body"), ({"text": 5, "basis": "x"}, 400, "invalid_body"),
    ({"text": NEW, "basis": "x", "extra": 1}, 400, None), ({"text": "x" * 5000, "basis": "x"}, 400, "text_too_long"),
    ({"text": NEW, "basis": "0000000000000000"}, 409, "changed_meanwhile"),
])
def test_bad_requests_are_4xx_and_change_nothing(gateway, staff, content_file, body, status, error):
    before = digest(content_file)
    response = gateway.put(f"{BASE}/{KEY}", json=body, headers=staff.headers("content"))
    assert response.status_code == status, response.text
    assert error is None or response.json()["error"] == error
    assert digest(content_file) == before and version_rows() == 0


def test_not_json_unknown_keys_and_the_live_text_again_change_nothing(gateway, staff, content_file):
    headers = staff.headers("content")
    before = digest(content_file)
    assert gateway.put(f"{BASE}/{KEY}", content=b"{", headers=headers).status_code == 400
    for key in ("gesprek.bestaat_niet", "organisaties.intents.vraag_uwv", "onderwerpen.emigratie.producten",
                "GESPREK.bedankt"):
        assert gateway.get(f"{BASE}/{key}", headers=headers).status_code == 404
        assert gateway.put(f"{BASE}/{key}", json={"text": NEW, "basis": "x"}, headers=headers).status_code == 404
    current = one(gateway, headers)
    same = gateway.put(f"{BASE}/{KEY}", json={"text": current["text"], "basis": current["revision"]}, headers=headers)
    assert same.status_code == 422 and same.json()["error"] == "unchanged"
    assert digest(content_file) == before and version_rows() == 0


def test_the_console_page_and_its_files_are_served(gateway):
    page = gateway.get("/kcc/antwoorden")
    assert page.status_code == 200 and 'src="/static/kcc/antwoorden.js"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert gateway.get("/static/kcc/antwoorden.js").status_code == 200
    assert gateway.get("/static/kcc/antwoorden.css").status_code == 200
    assert 'href="/kcc/antwoorden"' in gateway.get("/kcc/content").text
