"""The content owners' retrain API: roles, starting a run (one at a time), its progress,
the report, an override with a reason (logged), and a rollback. The background process is
replaced by a recorder here (test_retrain_pipeline runs the real pipeline), and Rasa's HTTP
API by a fake one."""
from __future__ import annotations

import pytest

from bot.audit import log as audit
from bot.retraining import live, runs
from bot.web.openapi import OPENAPI
from tests.support.retrain import model
from tests.support.staff import db, login


def test_a_content_owner_starts_a_retrain_and_a_second_one_is_refused_while_it_runs(api):
    started = api.post("/api/content/retrain", json={"override": False})
    assert started.status_code == 202
    run = started.json()["run"]
    assert (run["status"], run["started_by"], run["progress"]) == ("queued", "content", [])
    assert run["started_at"].endswith("+00:00") and run["finished_at"] is None
    assert api.launched == [run["id"]]

    second = api.post("/api/content/retrain", who="admin", json={})
    assert second.status_code == 409 and second.json()["error"] == "retrain_running"
    assert api.launched == [run["id"]]

    api.finish(run["id"], "refused")
    assert api.post("/api/content/retrain", json={}).status_code == 202


def test_progress_lines_are_shown_while_the_run_goes_on(api):
    run_id = api.post("/api/content/retrain").json()["run"]["id"]
    with api.sessions.begin() as session:
        runs.add_progress(session, run_id, "01:00:00 step 1/7 validate: checking the training data", status="running")
        runs.add_progress(session, run_id, "01:00:04 step 1/7 validate: done in 4 s")
    shown = api.get(f"/api/content/retrain/{run_id}").json()["run"]
    assert shown["status"] == "running"
    assert shown["progress"] == ["01:00:00 step 1/7 validate: checking the training data",
                                 "01:00:04 step 1/7 validate: done in 4 s"]
    listed = api.get("/api/content/retrain").json()["runs"]
    assert [r["id"] for r in listed] == [run_id]


@pytest.mark.parametrize("who, status", [("kcc", 403), ("agency", 403)])
def test_other_roles_may_not_retrain_deploy_or_roll_back(api, who, status):
    assert api.post("/api/content/retrain", who=who, json={}).status_code == status
    assert api.get("/api/content/retrain", who=who).status_code == status
    assert api.post("/api/content/retrain/1/deploy", who=who, json={"reason": "x"}).status_code == status
    assert api.post("/api/content/rollback", who=who).status_code == status
    assert api.get("/api/content/retrain/1/report", who=who).status_code == status
    assert api.launched == []


def test_without_a_log_in_or_without_the_csrf_token_nothing_starts(api):
    assert api.client.post("/api/content/retrain", json={}).status_code == 401
    assert api.client.get("/api/content/retrain").status_code == 401
    assert api.client.post("/api/content/rollback").status_code == 401
    login(api.client, "content")  # the session cookie alone is not enough for a POST
    refused = api.client.post("/api/content/retrain", json={})
    assert (refused.status_code, refused.json()["error"]) == (403, "csrf")
    assert api.client.get("/api/content/retrain").status_code == 200  # reading with the cookie is fine
    api.client.cookies.clear()
    assert api.launched == []


@pytest.mark.parametrize("body, code", [
    ({"override": "yes"}, "invalid_override"),
    ({"override": True}, "invalid_reason"),
    ({"override": True, "reason": "   "}, "invalid_reason"),
    ({"override": True, "reason": "x" * 501}, "invalid_reason"),
    ({"override": False, "reason": "waarom"}, "invalid_reason"),
    ({"force": True}, "unknown_field"),
    ([], "invalid_body"),
])
def test_a_bad_start_body_is_refused_and_starts_nothing(api, body, code):
    answer = api.post("/api/content/retrain", json=body)
    assert (answer.status_code, answer.json()["error"]) == (400, code)
    assert api.launched == []
    assert api.get("/api/content/retrain").json()["runs"] == []


def test_a_start_with_an_override_records_the_reason(api):
    run = api.post("/api/content/retrain", json={"override": True, "reason": "Nieuwe campagne"}).json()["run"]
    assert run["override_reason"] == "Nieuwe campagne" and run["override_by"] is None  # set when it deploys


def test_an_override_of_a_refused_model_makes_it_live_and_logs_who_and_why(api):
    old, candidate = model(api.settings.models_dir, "old"), model(api.settings.models_dir, "candidate")
    live.make_live(api.settings.models_dir, old)
    run_id = api.post("/api/content/retrain").json()["run"]["id"]
    api.finish(run_id, "refused", candidate.name)

    without_reason = api.post(f"/api/content/retrain/{run_id}/deploy", json={})
    assert (without_reason.status_code, without_reason.json()["error"]) == (400, "invalid_reason")
    assert live.read(api.settings.models_dir).model == old.name

    answer = api.post(f"/api/content/retrain/{run_id}/deploy", json={"reason": "Nodig voor de nieuwe intent"})
    assert answer.status_code == 200
    run = answer.json()["run"]
    assert (run["status"], run["override_by"], run["override_reason"]) == ("deployed", "content",
                                                                           "Nodig voor de nieuwe intent")
    assert run["override_at"].endswith("+00:00")
    assert live.read(api.settings.models_dir).model == candidate.name
    assert api.rasa.loaded == str(candidate.resolve())

    again = api.post(f"/api/content/retrain/{run_id}/deploy", json={"reason": "nog eens"})
    assert (again.status_code, again.json()["error"]) == (409, "not_refused")
    with db().begin() as session:
        found = [(e.actor, e.action, e.object_id, e.result) for e in reversed(audit.search(session, action="override"))]
    assert found == [("content", "override", str(run_id), "ok"), ("content", "override", str(run_id), "refused")]


def test_an_unknown_run_is_404(api):
    assert api.get("/api/content/retrain/999").status_code == 404
    assert api.post("/api/content/retrain/999/deploy", json={"reason": "x"}).json()["error"] == "not_found"
    assert api.get("/api/content/retrain/999/report").status_code == 404
    assert api.get("/api/content/retrain/abc").status_code == 404


def test_a_rollback_restores_the_previous_model_and_is_refused_while_a_run_goes_on(api):
    old, new = model(api.settings.models_dir, "old"), model(api.settings.models_dir, "new")
    live.make_live(api.settings.models_dir, old)
    live.make_live(api.settings.models_dir, new)
    run_id = api.post("/api/content/retrain").json()["run"]["id"]
    busy = api.post("/api/content/rollback", who="admin")
    assert (busy.status_code, busy.json()["error"]) == (409, "retrain_running")
    assert live.read(api.settings.models_dir).model == new.name

    api.finish(run_id, "refused")
    answer = api.post("/api/content/rollback", who="admin")
    assert answer.status_code == 200
    run = answer.json()["run"]
    assert run["status"] == "rolled_back" and run["summary"]["rollback"]["restored"] == old.name
    assert live.read(api.settings.models_dir).model == old.name and api.rasa.loaded == str(old.resolve())
    nothing = api.post("/api/content/rollback", who="admin")
    assert (nothing.status_code, nothing.json()["error"]) == (409, "nothing_to_roll_back")
    with db().begin() as session:
        found = [(e.actor, e.action, e.result) for e in reversed(audit.search(session)) if e.action != "login"]
    assert found == [("content", "retrain", "ok"), ("admin", "rollback", "refused"), ("admin", "rollback", "ok"),
                     ("admin", "rollback", "refused")]


def test_the_report_is_served_as_html_with_its_pictures(api):
    run_id = api.post("/api/content/retrain").json()["run"]["id"]
    assert api.get(f"/api/content/retrain/{run_id}/report").json()["error"] == "no_report"
    folder = api.settings.reports_dir / "retrain" / f"run-{run_id}"
    folder.mkdir(parents=True)
    (folder / "report.html").write_text("<html><body><h1>Retrain run</h1></body></html>", encoding="utf-8")
    (folder / "confusion-new.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    with api.sessions.begin() as session:
        runs.finish(session, run_id, "refused", {}, report_path=str(folder / "report.html"))
    page = api.get(f"/api/content/retrain/{run_id}/report")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert "<h1>Retrain run</h1>" in page.text
    assert api.get(f"/api/content/retrain/{run_id}").json()["run"]["report_url"] == f"/api/content/retrain/{run_id}/report"
    picture = api.get(f"/api/content/retrain/{run_id}/confusion-new.png")
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/png"
    assert api.get(f"/api/content/retrain/{run_id}/log.txt").status_code == 404


def test_the_retrain_routes_are_in_the_openapi_document():
    paths = OPENAPI["paths"]
    assert set(paths["/api/content/retrain"]) == {"get", "post"}
    for path in ("/api/content/retrain/{id}", "/api/content/retrain/{id}/report"):
        assert "get" in paths[path]
    assert "post" in paths["/api/content/retrain/{id}/deploy"] and "post" in paths["/api/content/rollback"]
    assert "Run" in OPENAPI["components"]["schemas"]


@pytest.mark.parametrize("path", ["/api/content/retrain/99999999999999999999999",
                                  "/api/content/retrain/99999999999999999999999/report",
                                  "/api/content/retrain/2147483648/confusion.png"])
def test_an_id_too_large_for_the_database_is_not_found(api, path):
    answer = api.get(path)
    assert answer.status_code == 404 and answer.json()["error"] == "not_found"


def test_the_rollback_is_offered_only_when_an_earlier_model_is_kept(api):
    state = api.get("/api/content/retrain").json()
    assert state["rollback"] == {"possible": False, "to": None}  # a fresh install: nothing made live yet
    old = model(api.settings.models_dir, "old")
    live.make_live(api.settings.models_dir, old)
    assert api.get("/api/content/retrain").json()["rollback"] == {"possible": False, "to": None}
    new = model(api.settings.models_dir, "new")
    live.make_live(api.settings.models_dir, new)
    assert api.get("/api/content/retrain").json()["rollback"] == {"possible": True, "to": old.name}
    old.unlink()  # pruned or deleted by hand: nothing left to go back to
    assert api.get("/api/content/retrain").json()["rollback"] == {"possible": False, "to": None}


def test_how_long_a_retrain_takes_is_the_last_ones_measurement_or_the_configured_estimate(api, monkeypatch):
    assert api.get("/api/content/retrain").json()["duration"] == {"seconds": 120, "measured": False, "run_id": None}
    failed = api.post("/api/content/retrain").json()["run"]["id"]
    api.finish(failed, "failed")  # failed early: says nothing about a whole retrain
    assert api.get("/api/content/retrain").json()["duration"]["measured"] is False
    trained = api.post("/api/content/retrain").json()["run"]["id"]
    with api.sessions.begin() as session:
        runs.finish(session, trained, "deployed", {"seconds": 83.4})
    assert api.get("/api/content/retrain").json()["duration"] == {"seconds": 83, "measured": True, "run_id": trained}
    unchanged = api.post("/api/content/retrain").json()["run"]["id"]
    with api.sessions.begin() as session:
        runs.finish(session, unchanged, "passed", {"seconds": 9, "unchanged": True})
    assert api.get("/api/content/retrain").json()["duration"]["run_id"] == trained


def test_the_estimate_comes_from_the_configuration(monkeypatch):
    from bot.core.settings import get_settings
    monkeypatch.setenv("RETRAIN_ESTIMATE_S", "300")
    get_settings.cache_clear()
    try:
        assert get_settings().retrain_estimate_s == 300
        monkeypatch.setenv("RETRAIN_ESTIMATE_S", "0")
        get_settings.cache_clear()
        with pytest.raises(SystemExit):
            get_settings()
    finally:
        get_settings.cache_clear()
