"""The gateway's website-chat routes: the demo page built from gemeente.yml, widget.js with the
texts of content/antwoorden.yml put in safely, its style sheet, and CORS for the resident API
only, for the origins in WIDGET_ORIGINS."""
from __future__ import annotations

import json
import re

import pytest

from bot.config.content import render
from bot.config.facts import base_facts
from bot.core.settings import get_settings
from bot.web.resident.widget import CONFIG_MARKER, STATIC_DIR, script_with_config

SITE = "https://www.wilgendaal.example"


def script_config(source: str) -> dict:
    found = re.search(r"var SERVER = (\{.*?\});\n", source)
    assert found, "the configuration is not in the script"
    return json.loads(found.group(1))


def test_the_demo_page_shows_the_municipality_of_gemeente_yml(client_for, gemeente_file):
    data = gemeente_file.load()
    data["gemeente"]["naam"] = "Zandhoven <b>&</b>"
    data["gemeente"]["telefoon"] = "0456 78 90 12"
    gemeente_file.save(data)
    page = client_for(GEMEENTE_CONFIG=str(gemeente_file.path)).get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<title>Gemeente Zandhoven &lt;b&gt;&amp;&lt;/b&gt;</title>" in page.text
    assert "<b>&</b>" not in page.text
    assert 'href="tel:0456789012"' in page.text and "0456 78 90 12" in page.text
    assert '<html lang="nl">' in page.text
    assert '<script src="/widget.js"' in page.text and "default-src 'self'" in page.headers["content-security-policy"]
    assert "$" not in page.text  # every placeholder of the template was filled


def test_the_script_carries_the_chat_texts_of_the_content_file(client_for, content, config):
    answer = client_for().get("/widget.js")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/javascript")
    assert answer.headers["cache-control"] == "no-cache"
    assert CONFIG_MARKER not in answer.text
    served = script_config(answer.text)
    assert served["gemeente"] == config.gemeente.naam
    assert served["texts"]["welkom"] == render(content.text("gesprek", "begroeting"), base_facts(config))
    assert served["texts"]["wissen"] == content.text("chatvenster", "wissen")
    assert served["texts"]["titel"] == "Chat met gemeente {gemeente.naam}"  # the script fills in the name
    assert served["texts"]["medewerker"] == "{medewerker.naam} van de gemeente"
    assert set(content.raw["chatvenster"]) < set(served["texts"])


def test_configuration_cannot_end_the_script_early():
    source = "var SERVER = " + CONFIG_MARKER + ";\n"
    made = script_with_config(source, {"texts": {"x": "</script><script>alert(1)</script>\u2028"}})
    assert "</script>" not in made and "<" not in made and "\u2028" not in made
    assert script_config(made)["texts"]["x"] == "</script><script>alert(1)</script>\u2028"


def test_the_shipped_script_has_its_marker_once():
    assert (STATIC_DIR / "widget.js").read_text(encoding="utf-8").count(CONFIG_MARKER) == 1


def test_the_style_sheets_are_served(client_for):
    client = client_for()
    for name in ("widget.css", "demo.css"):
        answer = client.get(f"/static/widget/{name}")
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/css")
    assert client.get("/static/widget/nothing.css").status_code == 404


def test_without_widget_origins_no_other_site_may_call_the_api(client_for):
    client = client_for()
    answer = client.post("/api/conversations", json={}, headers={"Origin": SITE})
    assert answer.status_code == 201 and "access-control-allow-origin" not in answer.headers


def test_a_listed_origin_may_call_the_resident_api_but_not_the_staff_api(client_for):
    client = client_for(WIDGET_ORIGINS=f"{SITE}, https://gemeente.example/")
    preflight = client.options("/api/conversations/abc/messages", headers={
        "Origin": SITE, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == SITE
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
    download = client.options("/api/conversations/abc/messages/4/attachment", headers={
        "Origin": SITE, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization"})
    assert download.headers["access-control-allow-origin"] == SITE  # the calendar file of an appointment
    made = client.post("/api/conversations", json={}, headers={"Origin": "https://gemeente.example"})
    assert made.headers["access-control-allow-origin"] == "https://gemeente.example"
    assert "access-control-allow-credentials" not in made.headers

    stranger = client.post("/api/conversations", json={}, headers={"Origin": "https://elders.example"})
    assert "access-control-allow-origin" not in stranger.headers
    for path in ("/api/staff/login", "/api/kcc/handovers", "/api/conversations/abc/transcript"):
        staff = client.options(path, headers={"Origin": SITE, "Access-Control-Request-Method": "POST"})
        assert "access-control-allow-origin" not in staff.headers, path


@pytest.mark.parametrize("value", ["www.gemeente.nl", "ftp://gemeente.nl", "https://gemeente.nl/pad", "*"])
def test_a_wrong_widget_origin_stops_the_start_with_its_name(monkeypatch, value):
    monkeypatch.setenv("WIDGET_ORIGINS", value)
    get_settings.cache_clear()
    try:
        with pytest.raises(SystemExit, match="WIDGET_ORIGINS"):
            get_settings()
    finally:
        get_settings.cache_clear()


def test_every_text_the_script_uses_is_checked_and_shipped(content):
    from bot.config.content import WIDGET_TEXT_KEYS, widget_text_problems

    modules = "".join(path.read_text(encoding="utf-8") for path in STATIC_DIR.glob("*.js"))
    used = set(re.findall(r"TEXTS\.([a-z_]+)", modules))
    assert used == set(WIDGET_TEXT_KEYS) | {"welkom"}
    assert widget_text_problems(content) == []


def test_check_config_names_a_missing_chat_text(tmp_path, monkeypatch):
    import yaml

    from bot.content_tools import check
    from bot.core.settings import PROJECT_ROOT

    raw = yaml.safe_load((PROJECT_ROOT / "content" / "antwoorden.yml").read_text(encoding="utf-8"))
    del raw["chatvenster"]["wissen_ja"]
    raw["chatvenster"]["gewist"] = "  "
    edited = tmp_path / "antwoorden.yml"
    edited.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("CONTENT_FILE", str(edited))
    get_settings.cache_clear()
    try:
        found = check.problems()
    finally:
        get_settings.cache_clear()
    assert "chatvenster.wissen_ja: the chat window needs this text" in found
    assert "chatvenster.gewist: the chat window needs this text" in found
