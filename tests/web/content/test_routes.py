"""The content owners' API through the gateway: roles, CSRF, the inbox as JSON and CSV,
annotating (and refusing bad requests without changing anything), intents, check, figures,
and the console page's files."""
from __future__ import annotations

import csv
import hashlib
import io
import shutil
from datetime import timedelta

import pytest

from bot.audit import log as audit
from bot.config.content import english_path
from bot.conversations.tracker_events import tracker_store_url
from bot.core.clock import utcnow
from bot.core.settings import PROJECT_ROOT, get_settings
from tests.support.content import Seed
from tests.support.staff import db, login

GET_ENDPOINTS = ["/api/content/inbox", "/api/content/inbox.csv", "/api/content/intents", "/api/content/analytics",
                 "/api/content/check"]
ANNOTATION = {"texts": ["wanneer wordt het grofvuil opgehaald"], "decision": "new_topic"}


@pytest.fixture(autouse=True)
def training_copy(tmp_path, monkeypatch):
    """The gateway writes to a copy of data/nlu (set before the gateway fixture starts the app)."""
    shutil.copytree(PROJECT_ROOT / "data" / "nlu", tmp_path / "nlu")
    monkeypatch.setenv("TRAINING_DATA_DIR", str(tmp_path / "nlu"))
    monkeypatch.setenv("NEW_TOPICS_FILE", str(tmp_path / "review" / "nieuwe_onderwerpen.yml"))
    return tmp_path / "nlu"


@pytest.fixture
def seed(gateway):
    url = get_settings().database_url
    return Seed(url, tracker_store_url(url))


def snapshot(directory):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.glob("*.yml"))}


@pytest.mark.parametrize("path", GET_ENDPOINTS)
def test_without_log_in_is_401(gateway, path):
    assert gateway.get(path).status_code == 401


def test_annotating_without_log_in_is_401(gateway):
    assert gateway.post("/api/content/annotations", json=ANNOTATION).status_code == 401


@pytest.mark.parametrize("who", ["kcc", "agency"])
@pytest.mark.parametrize("path", GET_ENDPOINTS)
def test_other_roles_are_403(gateway, staff, who, path):
    response = gateway.get(path, headers=staff.headers(who))
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"


@pytest.mark.parametrize("who", ["kcc", "agency"])
def test_other_roles_cannot_annotate(gateway, staff, who, training_copy):
    before = snapshot(training_copy)
    response = gateway.post("/api/content/annotations", headers=staff.headers(who),
                            json={"texts": ["x y z"], "decision": "intent", "intent": "vog_aanvragen"})
    assert response.status_code == 403
    assert snapshot(training_copy) == before


@pytest.mark.parametrize("who", ["content", "admin"])
@pytest.mark.parametrize("path", GET_ENDPOINTS)
def test_content_owners_and_administrators_may(gateway, staff, who, path):
    assert gateway.get(path, headers=staff.headers(who)).status_code == 200


def test_with_the_cookie_a_post_needs_the_csrf_token(gateway, staff, training_copy):
    session = login(gateway, "content").json()
    before = snapshot(training_copy)
    refused = gateway.post("/api/content/annotations", json={"texts": ["blabla"], "decision": "ignore"})
    assert refused.status_code == 403 and refused.json()["error"] == "csrf"
    accepted = gateway.post("/api/content/annotations", json={"texts": ["blabla"], "decision": "ignore"},
                            headers={"X-CSRF-Token": session["csrf_token"]})
    assert accepted.status_code == 200
    assert snapshot(training_copy) == before


def test_inbox_json_and_csv(gateway, staff, seed):
    now = utcnow()
    for number in range(3):
        seed.user(f"c{number}", "wanneer wordt het grofvuil opgehaald?", "nlu_fallback", 0.3,
                  now - timedelta(hours=number))
    seed.user("c9", "mijn naam is Jan Smit en ik wil mijn hond aanmelden", "out_of_scope", 0.4, now)
    shown = gateway.get("/api/content/inbox?days=7", headers=staff.headers("content")).json()
    assert shown["tracker_available"] is True and shown["total"] == 4 and shown["days"] == 7
    assert [(g["text"], g["count"]) for g in shown["groups"]] == [
        ("wanneer wordt het grofvuil opgehaald?", 3), ("mijn naam is [NAAM] en ik wil mijn hond aanmelden", 1)]
    assert shown["groups"][1]["reasons"]["low_confidence"] == 1

    exported = gateway.get("/api/content/inbox.csv?days=7", headers=staff.headers("content"))
    assert exported.headers["content-type"] == "text/csv; charset=utf-8"
    assert exported.headers["content-disposition"].startswith('attachment; filename="inbox-')
    rows = list(csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff"))))
    assert [(r["tekst"], r["aantal"]) for r in rows] == [("wanneer wordt het grofvuil opgehaald?", "3"),
                                                         ("mijn naam is [NAAM] en ik wil mijn hond aanmelden", "1")]


def test_annotating_writes_the_example_and_the_group_leaves_the_inbox(gateway, staff, seed, training_copy):
    seed.user("c1", "Ik ben mijn rijbewijs verloren bij het zwembad", "nlu_fallback", 0.3,
              utcnow() - timedelta(hours=1))
    headers = staff.headers("content")
    (group,) = gateway.get("/api/content/inbox", headers=headers).json()["groups"]
    response = gateway.post("/api/content/annotations", headers=headers,
                            json={"texts": [e["text"] for e in group["examples"]], "decision": "intent",
                                  "intent": "reisdocument_kwijt"})
    assert response.status_code == 200
    done = response.json()["annotation"]
    assert done["added"] == ["Ik ben mijn rijbewijs verloren bij het zwembad"]
    assert done["file"].endswith("reisdocument_kwijt.yml")
    assert (training_copy / "reisdocument_kwijt.yml").read_text().endswith(
        "    - Ik ben mijn rijbewijs verloren bij het zwembad\n")
    assert gateway.get("/api/content/inbox", headers=headers).json()["groups"] == []
    with db().begin() as session:  # the decision is in the audit log, never the annotated text
        [event] = audit.search(session, action="annotate")
    assert (event.actor, event.object_id, event.details) == (
        "content", "reisdocument_kwijt", {"added": 1, "decision": "intent", "messages": 1})


def test_an_unknown_intent_is_422_and_changes_nothing(gateway, staff, training_copy):
    before = snapshot(training_copy)
    response = gateway.post("/api/content/annotations", headers=staff.headers("content"),
                            json={"texts": ["iets"], "decision": "intent", "intent": "draken_temmen"})
    assert response.status_code == 422 and response.json()["error"] == "unknown_intent"
    assert snapshot(training_copy) == before


@pytest.mark.parametrize("body, code", [
    ({"texts": "grofvuil", "decision": "ignore"}, "invalid_texts"),
    ({"texts": [], "decision": "ignore"}, "invalid_texts"),
    ({"texts": ["x"] * 51, "decision": "ignore"}, "invalid_texts"),
    ({"texts": [3], "decision": "ignore"}, "invalid_texts"),
    ({"texts": ["   "], "decision": "ignore"}, "invalid_texts"),
    ({"texts": ["a" * 501], "decision": "ignore"}, "invalid_texts"),
    ({"texts": ["nul\u0000byte"], "decision": "ignore"}, "invalid_texts"),
    ({"texts": ["x"], "decision": "weggooien"}, "invalid_decision"),
    ({"texts": ["x"]}, "invalid_decision"),
    ({"texts": ["x"], "decision": "intent"}, "invalid_intent"),
    ({"texts": ["x"], "decision": "ignore", "intent": "vog_aanvragen"}, "invalid_intent"),
    ({"texts": ["x"], "decision": "intent", "intent": "vog_aanvragen", "topic": "vog"}, "invalid_topic"),
    ({"texts": ["x"], "decision": "new_topic", "topic": "a" * 61}, "invalid_topic"),
    ({"texts": ["x"], "decision": "ignore", "extra": 1}, "unknown_field"),
    ([], "invalid_body"),
])
def test_bad_annotation_requests_are_400_and_change_nothing(gateway, staff, training_copy, body, code):
    before = snapshot(training_copy)
    response = gateway.post("/api/content/annotations", headers=staff.headers("content"), json=body)
    assert response.status_code == 400
    assert response.json()["error"] == code
    assert snapshot(training_copy) == before


@pytest.mark.parametrize("query", ["days=0", "days=367", "days=abc", "days=-1", "below=1.5", "below=x", "below=0"])
def test_bad_query_parameters_are_400(gateway, staff, query):
    for path in ("/api/content/inbox", "/api/content/inbox.csv", "/api/content/analytics"):
        if "below" in query and "analytics" in path:
            continue
        response = gateway.get(f"{path}?{query}", headers=staff.headers("content"))
        assert response.status_code == 400, path


def test_intents_have_titles_and_files(gateway, staff):
    shown = gateway.get("/api/content/intents", headers=staff.headers("content")).json()["intents"]
    intents = {i["name"]: i for i in shown}
    assert intents["paspoort_id_aanvragen"]["title"] == "Paspoort of ID-kaart aanvragen"
    assert intents["paspoort_id_aanvragen"]["file"] == "paspoort.yml"
    assert "nlu_fallback" not in intents
    # every intent has a Dutch name, the conversational ones too: no code name in the console
    assert intents["informeren"]["title"] == "Antwoord op een vraag van de assistent"
    assert intents["out_of_scope"]["title"] == "Andere gemeentezaak (niet burgerzaken)"
    assert all(i["title"] for i in shown)


@pytest.fixture
def product_without_fees(gemeente_file, monkeypatch):
    """gemeente.yml with one product's fees taken out; requested before the gateway is made."""
    data = gemeente_file.load()
    data["producten"]["vog"].pop("tarieven")
    gemeente_file.save(data)
    monkeypatch.setenv("GEMEENTE_CONFIG", str(gemeente_file.path))


# Without the English content beside the shipped Dutch, that is the one warning (bot/content_tools/translations.py).
NO_ENGLISH = 0 if english_path(PROJECT_ROOT / "content" / "antwoorden.yml").exists() else 1


def test_the_shipped_files_check_clean(gateway, staff):
    shown = gateway.get("/api/content/check", headers=staff.headers("content")).json()
    assert (shown["ok"], shown["errors"], shown["warnings"]) == (True, 0, NO_ENGLISH)
    assert [f["kind"] for f in shown["findings"]] == ["translation"] * NO_ENGLISH


def test_check_reports_as_data(product_without_fees, gateway, staff):
    shown = gateway.get("/api/content/check", headers=staff.headers("content")).json()
    assert shown["ok"] is True and shown["errors"] == 0 and shown["warnings"] == 1 + NO_ENGLISH
    assert shown["findings"][0]["kind"] == "missing_fee"
    assert set(shown["findings"][0]) == {"kind", "severity", "where", "detail"}


def test_analytics_counts_todays_conversations(gateway, staff, seed):
    seed.conversation(utcnow() - timedelta(minutes=5), [("resident", "hallo")])
    shown = gateway.get("/api/content/analytics?days=7", headers=staff.headers("admin")).json()
    assert shown["conversations"] == 1 and len(shown["per_day"]) == 7
    assert shown["per_day"][-1]["conversations"] == 1


def test_the_console_page_and_its_script_are_served(gateway):
    page = gateway.get("/kcc/content")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/static/kcc/content.js"></script>' in page.text
    assert '<link rel="stylesheet" href="/static/kcc/console.css">' in page.text  # the console's shared look
    script = gateway.get("/static/kcc/content.js")
    assert script.status_code == 200 and "/api/content/annotations" in script.text


def test_a_training_file_that_cannot_be_written_is_503_and_nothing_is_recorded(gateway, staff, seed, monkeypatch,
                                                                                training_copy):
    from bot.content_tools import annotate as writer
    from bot.db.models import InboxAnnotationRow

    def refuse(path, text):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(writer, "_replace", refuse)
    before = snapshot(training_copy)
    response = gateway.post("/api/content/annotations", headers=staff.headers("content"),
                            json={"texts": ["paspoort kwijt in de trein"], "decision": "intent",
                                  "intent": "reisdocument_kwijt"})
    assert response.status_code == 503
    assert response.json()["error"] == "training_data_unwritable"
    assert snapshot(training_copy) == before
    with seed.sessions.begin() as session:
        assert session.query(InboxAnnotationRow).count() == 0


def test_every_content_endpoint_is_in_the_openapi_document(gateway):
    document = gateway.get("/openapi.json").json()
    for path in GET_ENDPOINTS + ["/api/content/annotations"]:
        assert path in document["paths"], path
    refs = {value for value in _refs(document["paths"])}
    assert refs <= {f"#/components/schemas/{name}" for name in document["components"]["schemas"]}


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_while_a_retrain_reads_the_training_data_an_example_waits(gateway, staff, training_copy):
    from bot.retraining import runs
    from tests.support.staff import db

    before = snapshot(training_copy)
    with db().begin() as session:
        run = runs.start(session, "redacteur")
    body = {"texts": ["ik ben mijn rijbewijs verloren bij het zwembad"], "decision": "intent",
            "intent": "reisdocument_kwijt"}
    refused = gateway.post("/api/content/annotations", headers=staff.headers("content"), json=body)
    assert refused.status_code == 409 and refused.json()["error"] == "retrain_running"
    assert snapshot(training_copy) == before
    ignored = gateway.post("/api/content/annotations", headers=staff.headers("content"),
                           json={"texts": ["iets anders"], "decision": "ignore"})
    assert ignored.status_code == 200  # ignoring writes no training data
    with db().begin() as session:
        runs.finish(session, run.id, "passed", {})
    assert gateway.post("/api/content/annotations", headers=staff.headers("content"), json=body).status_code == 200


def test_inbox_views_and_exports_are_in_the_audit_log(gateway, staff, seed):
    seed.user("c1", "wanneer wordt het grofvuil opgehaald?", "nlu_fallback", 0.3, utcnow())
    gateway.get("/api/content/inbox?days=7", headers=staff.headers("content"))
    gateway.get("/api/content/inbox.csv?days=7", headers=staff.headers("admin"))
    with db().begin() as session:
        found = [(e.actor, e.action, e.details) for e in reversed(audit.search(session, object_type="inbox"))]
    assert found == [("content", "inbox_view", {"days": 7, "groups": 1}),
                     ("admin", "inbox_export", {"days": 7, "groups": 1})]


def test_the_inbox_comes_in_pages_with_where_the_next_one_starts(gateway, staff, seed):
    now = utcnow()
    words = ["grofvuil", "hondenpenning", "kerstboom", "bladkorf", "stoeptegel", "lantaarnpaal", "speeltuin",
             "zwerfkat", "fietswrak", "snoeiafval", "boomwortel", "geluidsoverlast"]
    for number, word in enumerate(words):
        for repeat in range(len(words) - number):  # group sizes 12, 11, ... 1: a fixed order
            seed.user(f"c{number}-{repeat}", f"wat doe ik met {word}", "nlu_fallback", 0.3, now - timedelta(hours=1))
    headers = staff.headers("content")
    first = gateway.get("/api/content/inbox?limit=5", headers=headers).json()
    assert [g["text"] for g in first["groups"]] == [f"wat doe ik met {w}" for w in words[:5]]
    assert (first["group_count"], first["offset"], first["next_offset"], first["total"]) == (12, 0, 5, 78)
    last = gateway.get("/api/content/inbox?limit=5&offset=10", headers=headers).json()
    assert [g["text"] for g in last["groups"]] == [f"wat doe ik met {w}" for w in words[10:]]
    assert last["next_offset"] is None
    everything = gateway.get("/api/content/inbox", headers=headers).json()
    assert len(everything["groups"]) == 12 and everything["next_offset"] is None


@pytest.mark.parametrize("query", ["limit=0", "limit=201", "limit=x", "offset=-1", "offset=1000001", "offset=1.5"])
def test_a_bad_page_is_400(gateway, staff, query):
    answer = gateway.get(f"/api/content/inbox?{query}", headers=staff.headers("content"))
    assert answer.status_code == 400 and answer.json()["error"] in ("invalid_limit", "invalid_offset")


def test_the_inbox_api_leaves_form_answers_out_and_takes_out_of_scope_in(gateway, staff, seed):
    now = utcnow() - timedelta(hours=1)
    seed.form_turn("c1", "afspraak_form", "dag", "maandagochtend", now)
    seed.user("c2", "hondenbelasting", "out_of_scope", 0.96, now)
    shown = gateway.get("/api/content/inbox", headers=staff.headers("content")).json()
    assert [(g["text"], g["reasons"]["out_of_scope"], g["suggested_intent"]) for g in shown["groups"]] == [
        ("hondenbelasting", 1, None)]
