"""The accountability pages from configuration: the privacy statement, the accessibility
statement with the latest axe result, and /.well-known/security.txt (RFC 9116)."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from bot.web.resident import statements


@pytest.fixture
def axe_file(tmp_path, monkeypatch):
    path = tmp_path / "axe.json"
    monkeypatch.setattr(statements, "AXE_REPORT", path)
    return path


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_privacy_statement_says_what_is_kept_how_long_who_sees_it_and_how_to_delete(client_for, config):
    page = client_for(TRANSCRIPT_RETENTION_DAYS="45").get("/privacy")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = _text(page.text)
    for heading in ("Wat bewaren wij?", "Hoe lang bewaren wij het?", "Wie ziet het?", "Hoe wist u het gesprek?"):
        assert heading in text
    assert "45 dagen na het laatste bericht" in text  # the retention the purge really uses
    assert "90 dagen" not in text
    assert "Gesprek wissen" in text
    privacy = config.verantwoording.privacy
    assert privacy.functionaris_gegevensbescherming in text and str(privacy.privacyverklaring) in page.text
    assert privacy.grondslag in text
    assert "het UWV" in text  # the agencies the resident may share the chat with


def test_the_privacy_statement_follows_the_retention_setting(client_for):
    assert "30 dagen na het laatste bericht" in _text(client_for(TRANSCRIPT_RETENTION_DAYS="30").get("/privacy").text)


def test_without_an_axe_result_the_accessibility_page_says_so(client_for, axe_file, config):
    page = client_for().get("/toegankelijkheid")
    assert page.status_code == 200
    text = _text(page.text)
    assert "nog geen uitslag van een automatische toets" in text
    assert "voldoet gedeeltelijk" in text and config.verantwoording.toegankelijkheid.contact in text


def test_the_accessibility_page_carries_the_latest_axe_result(client_for, axe_file):
    at = datetime(2026, 12, 6, 14, 30, tzinfo=timezone.utc)
    statements.record_axe_result(axe_file, at, "4.9.1", "WCAG 2.1 AA", "/", [], fresh=True)
    statements.record_axe_result(axe_file, at, "4.9.1", "WCAG 2.1 AA", "/privacy", ["color-contrast"], fresh=False)
    text = _text(client_for().get("/toegankelijkheid").text)
    assert "06-12-2026 15:30" in text and "4.9.1" in text and "2 keer" in text
    assert "color-contrast" in text
    statements.record_axe_result(axe_file, at, "4.9.1", "WCAG 2.1 AA", "/", [], fresh=True)  # a new run
    text = _text(client_for().get("/toegankelijkheid").text)
    assert "1 keer" in text and "Het vond geen problemen" in text


def test_a_broken_axe_file_counts_as_no_result(client_for, axe_file):
    axe_file.write_text("{not json", encoding="utf-8")
    assert "nog geen uitslag" in _text(client_for().get("/toegankelijkheid").text)


def test_security_txt_follows_rfc_9116_from_configuration(client_for, config):
    answer = client_for().get("/.well-known/security.txt")
    assert answer.status_code == 200 and answer.headers["content-type"] == "text/plain; charset=utf-8"
    fields = [line.split(": ", 1) for line in answer.text.splitlines() if line and not line.startswith("#")]
    security = config.verantwoording.beveiliging
    assert [value for name, value in fields if name == "Contact"] == security.contact
    (expires,) = [value for name, value in fields if name == "Expires"]
    assert datetime.fromisoformat(expires.replace("Z", "+00:00")).date() == security.verloopt
    assert ["Policy", str(security.beleid)] in fields
    assert {name for name, _ in fields} <= {"Contact", "Expires", "Policy", "Preferred-Languages"}


def test_without_accountability_facts_there_is_no_security_txt_and_the_pages_still_show(client_for, gemeente_file):
    data = gemeente_file.load()
    data.pop("verantwoording")
    gemeente_file.save(data)
    client = client_for(GEMEENTE_CONFIG=str(gemeente_file.path))
    assert client.get("/.well-known/security.txt").status_code == 404
    assert client.get("/privacy").status_code == 200
    assert "nog niet vastgesteld" in _text(client.get("/toegankelijkheid").text)


def test_the_demo_page_links_to_both_statements(client_for):
    page = client_for().get("/").text
    assert 'href="/privacy"' in page and 'href="/toegankelijkheid"' in page
