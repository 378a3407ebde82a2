"""The console's pages and what they need from the API without a browser: the pages are
served to anyone (they hold no data) with a policy that allows only the project's own
scripts; ``GET /api/staff/me`` tells a page who is logged in."""
from __future__ import annotations

import pytest

from bot.web.staff.auth import CSRF_HEADER
from bot.web.staff.console import PAGES, STATIC_DIR, page_html
from tests.support.staff import login

STATIC_FILES = ["console.css", "api.js", "shell.js", "messages.js", "console.js", "afspraken.js", "content.css",
                "content.js", "time.js", "alerts.js", "ticker.js"]


@pytest.mark.parametrize("path", sorted(PAGES))
def test_a_page_is_served_with_a_strict_content_security_policy(gateway, path):
    answer = gateway.get(path)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in answer.text and "style=" not in answer.text  # nothing inline for the policy to block
    assert '<html lang="nl" data-tijdzone="Europe/Amsterdam">' in answer.text  # times in the municipality's zone


@pytest.mark.parametrize("path", sorted(PAGES))
def test_every_page_gets_the_shared_header_and_log_in_once(gateway, path):
    """Written once in templates/kcc/, put in by the server: a page cannot drift from the others."""
    page = gateway.get(path).text
    assert page == page_html(PAGES[path]) and "<!-- include" not in page
    for shared in ('class="topbar"', 'id="nav-links"', 'id="logout"', 'id="login-form"', 'id="username"',
                   'id="password"', 'id="login-error"', 'class="skip-link"'):
        assert page.count(shared) == 1, f"{path}: {shared}"
    assert page.count('id="app"') == 1 and page.count('id="no-access-title"') == 1
    assert '<script type="module" src="/static/kcc/' in page and '<link rel="stylesheet" href="/static/kcc/console.css">' in page


def test_the_content_page_uses_the_consoles_scripts_not_its_own_log_in():
    script = (STATIC_DIR / "content.js").read_text(encoding="utf-8")
    assert 'from "./api.js"' in script and 'from "./shell.js"' in script
    assert "fetch(" not in script and "/api/staff/login" not in script and "Storage" not in script


@pytest.mark.parametrize("name", STATIC_FILES)
def test_the_static_files_are_served(gateway, name):
    answer = gateway.get(f"/static/kcc/{name}")
    assert answer.status_code == 200 and answer.content == (STATIC_DIR / name).read_bytes()
    kind = "text/css" if name.endswith(".css") else "javascript"
    assert kind in answer.headers["content-type"]


def test_the_scripts_never_put_data_into_html():
    """Every text goes in with textContent; innerHTML and friends would let a resident's text run."""
    scripts = sorted(STATIC_DIR.glob("*.js"))
    assert scripts, f"no scripts in {STATIC_DIR}"
    for script in scripts:
        source = script.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in source, f"{script.name} uses {sink}"


@pytest.mark.parametrize("path", ["/static/kcc/nothing.js", "/static/kcc/%2e%2e/%2e%2e/app.py", "/static/kcc/..%2f..%2fapp.py",
                                  "/kcc/nothing"])
def test_unknown_files_are_a_json_404(gateway, path):
    answer = gateway.get(path)
    assert answer.status_code == 404 and answer.json()["error"] == "not_found"


def test_me_names_the_logged_in_employee_and_roles(gateway, staff):
    answer = gateway.get("/api/staff/me", headers=staff.headers("agency"))
    assert answer.status_code == 200
    me = answer.json()
    assert isinstance(me.pop("session_id"), str)
    assert me == {"username": "agency", "display_name": "Agency", "roles": ["agency:uwv"]}
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


@pytest.mark.parametrize("name", sorted(set(PAGES.values())))
def test_the_page_templates_are_not_served_raw(gateway, name):
    """The pages are Jinja2 templates now: only their rendered form is served."""
    assert gateway.get(f"/static/kcc/{name}").status_code == 404
    assert "{%" not in page_html(name) and "{{" not in page_html(name)
