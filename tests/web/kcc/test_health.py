"""``GET /api/kcc/status``: Rasa and the action server up, down, broken or too slow; only
KCC employees and administrators may ask."""
from __future__ import annotations

import time

import pytest

STATUS = "/api/kcc/status"


def status(gateway, staff, who="kcc"):
    answer = gateway.get(STATUS, headers=staff.headers(who))
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_both_up(gateway, staff):
    found = status(gateway, staff)
    assert (found["rasa"], found["actions"]) == ("up", "up")
    assert found["checked_at"].endswith("+00:00")


@pytest.mark.parametrize("mode", ["down", "error", "slow"])
def test_rasa_down_broken_or_slow_is_down(gateway, staff, fake_rasa, mode):
    fake_rasa.mode = mode
    started = time.monotonic()
    found = status(gateway, staff, who="admin")
    assert (found["rasa"], found["actions"]) == ("down", "up")
    assert time.monotonic() - started < 2.5  # the fake sleeps 3 s when slow; the check gives up first


@pytest.mark.parametrize("mode", ["down", "error", "slow"])
def test_action_server_down_broken_or_slow_is_down(gateway, staff, fake_rasa, mode):
    fake_rasa.actions_mode = mode
    found = status(gateway, staff)
    assert (found["rasa"], found["actions"]) == ("up", "down")


@pytest.mark.parametrize("who", ["content", "agency"])
def test_other_roles_are_refused(gateway, staff, who):
    answer = gateway.get(STATUS, headers=staff.headers(who))
    assert answer.status_code == 403 and answer.json()["error"] == "forbidden"


def test_strangers_are_refused(gateway):
    answer = gateway.get(STATUS)
    assert answer.status_code == 401 and answer.json()["error"] == "unauthenticated"


def test_the_status_call_is_in_the_openapi_document(gateway):
    paths = gateway.get("/openapi.json").json()["paths"]
    assert set(paths[STATUS]["get"]["responses"]) >= {"200", "401", "403"}
    assert "get" in paths["/api/staff/me"]
