"""The shared secrets: the setting wins; otherwise one random secret per purpose is made once
in a file only its owner can read, and every process (also several at the same moment) reads
the same one; the settings never show them."""
from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from bot.core import secrets
from bot.core.settings import get_settings


def test_a_secret_is_made_once_private_and_random(tmp_path):
    first = secrets.shared_secret("", tmp_path / "var" / "een.secret")
    assert len(first) >= 32
    assert secrets.shared_secret("", tmp_path / "var" / "een.secret") == first
    assert oct((tmp_path / "var" / "een.secret").stat().st_mode & 0o777) == "0o600"
    assert secrets.shared_secret("", tmp_path / "var" / "ander.secret") != first
    assert [p.name for p in (tmp_path / "var").iterdir()] and all(not p.name.startswith(".")
                                                                  for p in (tmp_path / "var").iterdir())


def test_the_setting_wins_and_no_file_is_made(tmp_path):
    assert secrets.shared_secret("uit-de-omgeving", tmp_path / "een.secret") == "uit-de-omgeving"
    assert not (tmp_path / "een.secret").exists()


def _make(file: str, results) -> None:
    results.put(secrets.shared_secret("", Path(file)))


def test_processes_that_make_it_at_the_same_moment_agree(tmp_path):
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [context.Process(target=_make, args=(str(tmp_path / "samen.secret"), results)) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    found = {results.get(timeout=5) for _ in workers}
    assert found == {(tmp_path / "samen.secret").read_text().strip()}
    assert [p.name for p in tmp_path.iterdir()] == ["samen.secret"]  # no drafts left behind


def test_each_purpose_has_its_own_setting_and_file(monkeypatch, tmp_path):
    for name in ("RASA_API_TOKEN", "RASA_CHANNEL_SECRET", "ACTIONS_SECRET"):
        monkeypatch.setenv(name, f"waarde-van-{name}")
    get_settings.cache_clear()
    try:
        settings = get_settings()
        assert secrets.api_token(settings, tmp_path / "a") == "waarde-van-RASA_API_TOKEN"
        assert secrets.channel_secret(settings, tmp_path / "b") == "waarde-van-RASA_CHANNEL_SECRET"
        assert secrets.actions_secret(settings, tmp_path / "c") == "waarde-van-ACTIONS_SECRET"
        assert "waarde-van" not in repr(settings)
    finally:
        get_settings.cache_clear()


@pytest.mark.parametrize("given, expected, same", [("abc", "abc", True), ("abd", "abc", False), ("", "abc", False),
                                                   ("", "", False), ("abc ", "abc", False), ("é", "é", True)])
def test_secrets_are_compared_exactly_and_an_empty_one_never_matches(given, expected, same):
    assert secrets.same_secret(given, expected) is same
