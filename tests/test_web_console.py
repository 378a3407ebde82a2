"""The console's pages and what they need from the API without a browser: the pages are
served to anyone (they hold no data) with a policy that allows only the project's own
scripts; ``GET /api/staff/me`` tells a page who is logged in."""
from __future__ import annotations

import pytest

from bot.web.console_routes import PAGES, STATIC_DIR
from bot.web.staff_auth import CSRF_HEADER
from tests.staff_fixtures import login

STATIC_FILES = ["console.css", "api.js", "shell.js", "messages.js", "console.js", "afspraken.js"]


@pytest.mark.parametrize("path", sorted(PAGES))
def test_a_page_is_served_with_a_strict_content_security_policy(gateway, path):
    answer = gateway.get(path)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in answer.text and "style=" not in answer.text  # nothing inline for the policy to block
    assert '<html lang="nl">' in answer.text


@pytest.mark.parametrize("name", STATIC_FILES)
def test_the_static_files_are_served(gateway, name):
    answer = gateway.get(f"/static/kcc/{name}")
    assert answer.status_code == 200 and answer.content == (STATIC_DIR / name).read_bytes()
    kind = "text/css" if name.endswith(".css") else "javascript"
    assert kind in answer.headers["content-type"]


def test_the_scripts_never_put_data_into_html():
    """Every text goes in with textContent; innerHTML and friends would let a resident's text run."""
    for script in STATIC_DIR.glob("*.js"):
        source = script.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in source, f"{script.name} uses {sink}"


@pytest.mark.parametrize("path", ["/static/kcc/nothing.js", "/static/kcc/%2e%2e/%2e%2e/app.py", "/static/kcc/..%2f..%2fapp.py", "/kcc/nothing"])
def test_unknown_files_are_a_json_404(gateway, path):
    answer = gateway.get(path)
    assert answer.status_code == 404 and answer.json()["error"] == "not_found"


def test_me_names_the_logged_in_employee_and_roles(gateway, staff):
    answer = gateway.get("/api/staff/me", headers=staff.headers("agency"))
    assert answer.status_code == 200
    assert answer.json() == {"username": "agency", "display_name": "Agency", "roles": ["agency:uwv"]}
    assert answer.headers["cache-control"] == "no-store"


def test_me_works_with_the_cookie_and_without_csrf_as_it_changes_nothing(gateway, staff):
    assert login(gateway, "kcc").status_code == 200  # the client keeps the cookie
    answer = gateway.get("/api/staff/me")
    assert answer.status_code == 200 and answer.json()["roles"] == ["kcc"]
    assert CSRF_HEADER not in answer.request.headers


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nonsense"}])
def test_me_without_a_session_is_401(gateway, headers):
    answer = gateway.get("/api/staff/me", headers=headers)
    assert answer.status_code == 401 and answer.json()["error"] == "unauthenticated"
