"""Which model is live, a rollback to the one before, pruning that spares them, and loading
a model into the running Rasa through its HTTP API (a fake Rasa here)."""
from __future__ import annotations

import json

import httpx
import pytest

from bot.core.settings import get_settings
from bot.retraining import deploy, live, model_store
from tests.support.retrain import FAKE_RASA_TOKEN as TOKEN
from tests.support.retrain import TOKEN as SETTINGS_TOKEN
from tests.support.retrain import FakeRasaApi, model


def test_making_a_model_live_keeps_the_one_before_and_a_rollback_restores_it(tmp_path):
    first, second, third = model(tmp_path, "a"), model(tmp_path, "b"), model(tmp_path, "c")
    live.make_live(tmp_path, first)
    live.make_live(tmp_path, second, run_id=7)
    pointer = live.make_live(tmp_path, third, run_id=8)
    assert (pointer.model, pointer.previous, pointer.run_id) == (third.name, (second.name, first.name), 8)
    assert model_store.live_model(tmp_path) == third

    replaced, pointer = live.roll_back(tmp_path)
    assert (replaced, pointer.model, pointer.previous) == (third.name, second.name, (first.name,))
    assert model_store.live_model(tmp_path) == second
    live.roll_back(tmp_path)
    with pytest.raises(live.NothingToRollBack):
        live.roll_back(tmp_path)
    assert model_store.live_model(tmp_path) == first


def test_a_rollback_skips_models_no_longer_on_disk_and_refuses_without_any(tmp_path):
    with pytest.raises(live.NothingToRollBack):
        live.roll_back(tmp_path)
    first, second, third = model(tmp_path, "a"), model(tmp_path, "b"), model(tmp_path, "c")
    for path in (first, second, third):
        live.make_live(tmp_path, path)
    second.unlink()
    assert live.roll_back(tmp_path)[1].model == first.name


def test_only_a_model_in_the_models_folder_can_be_made_live(tmp_path):
    (tmp_path / "models").mkdir()
    elsewhere = model(tmp_path, "x")
    with pytest.raises(FileNotFoundError):
        live.make_live(tmp_path / "models", elsewhere)
    assert live.read(tmp_path / "models") is None


def test_pruning_keeps_the_live_model_the_ones_a_rollback_needs_and_the_newest_refused(tmp_path):
    old_live = model(tmp_path, "live", age_s=5000)
    older = model(tmp_path, "previous", age_s=6000)
    live.make_live(tmp_path, older)
    live.make_live(tmp_path, old_live)
    refused = [model(tmp_path, f"refused{i}", age_s=100 * (5 - i)) for i in range(4)]
    model_store.keep_inputs(refused[0], tmp_path)  # its copy of the inputs goes with it
    newest = model(tmp_path, "new")
    model_store.prune(tmp_path, keep=newest)
    left = sorted(p.name for p in tmp_path.glob("gemeente-*.tar.gz"))
    # the two newest refused models wait for a possible override; older ones go, with their inputs
    assert left == sorted([old_live.name, older.name, newest.name, refused[3].name, refused[2].name])
    assert not model_store.inputs_of(refused[0]).exists()


def test_the_first_model_on_a_fresh_install_becomes_live(tmp_path, monkeypatch):
    monkeypatch.setattr(model_store, "model_path", lambda *a, **k: tmp_path / "gemeente-fresh.tar.gz")
    monkeypatch.setattr(model_store, "train", lambda target, root=None: target.write_bytes(b"m") and target)
    monkeypatch.setattr(model_store, "fingerprint", lambda *a, **k: "fresh")
    monkeypatch.setattr(model_store, "keep_inputs", lambda *a: None)
    assert model_store.ensure() == tmp_path / "gemeente-fresh.tar.gz"
    assert live.read(tmp_path).model == "gemeente-fresh.tar.gz"
    # later data changes train a model for the tests, but do not make it live
    monkeypatch.setattr(model_store, "model_path", lambda *a, **k: tmp_path / "gemeente-changed.tar.gz")
    model_store.ensure()
    assert live.read(tmp_path).model == "gemeente-fresh.tar.gz"
    assert model_store.live_model(tmp_path) == tmp_path / "gemeente-fresh.tar.gz"
    # a live model whose file was deleted is replaced, or nothing could start
    (tmp_path / "gemeente-fresh.tar.gz").unlink()
    model_store.ensure()
    assert live.read(tmp_path).model == "gemeente-changed.tar.gz"


def test_hot_loading_puts_the_new_model_path_with_the_token_and_checks_it_loaded(tmp_path):
    rasa = FakeRasaApi()
    new = model(tmp_path, "new")
    result = deploy.hot_load(new, "http://rasa.test:5005", TOKEN, transport=httpx.MockTransport(rasa))
    assert result.loaded, result.message
    put = rasa.calls[0]
    assert (put.method, put.url.path, put.url.params["token"]) == ("PUT", "/model", TOKEN)
    assert json.loads(put.content) == {"model_file": str(new.resolve())}
    assert rasa.loaded == str(new.resolve())


def test_a_wrong_token_is_reported_and_changes_nothing_in_rasa(tmp_path):
    rasa = FakeRasaApi()
    result = deploy.hot_load(model(tmp_path, "new"), "http://rasa.test:5005", "wrong", httpx.MockTransport(rasa))
    assert not result.loaded and "token" in result.message
    assert rasa.loaded == "models/old.tar.gz"


def test_when_rasa_is_not_running_the_model_is_picked_up_at_the_next_start(tmp_path):
    def refuse(request):
        raise httpx.ConnectError("connection refused", request=request)

    result = deploy.hot_load(model(tmp_path, "new"), "http://rasa.test:5005", TOKEN, httpx.MockTransport(refuse))
    assert not result.loaded and "next start" in result.message


def test_deploy_and_rollback_move_the_pointer_and_load_the_model_into_rasa(retrain_env):
    settings, _ = retrain_env
    rasa = FakeRasaApi(token=SETTINGS_TOKEN)
    old, new = model(settings.models_dir, "old"), model(settings.models_dir, "new")
    live.make_live(settings.models_dir, old)
    pointer, loaded = deploy.deploy(new, settings, run_id=3, transport=httpx.MockTransport(rasa))
    assert loaded.loaded and pointer.model == new.name and rasa.loaded == str(new.resolve())
    replaced, pointer, loaded = deploy.rollback(settings, transport=httpx.MockTransport(rasa))
    assert (replaced, pointer.model) == (new.name, old.name)
    assert loaded.loaded and rasa.loaded == str(old.resolve())


def test_the_api_token_is_made_once_and_kept_private(retrain_env, tmp_path, monkeypatch):
    monkeypatch.setenv("RASA_API_TOKEN", "")
    get_settings.cache_clear()
    settings = get_settings()
    token_file = tmp_path / "var" / "rasa-api.token"
    token = deploy.api_token(settings, token_file)
    assert len(token) >= 32 and deploy.api_token(settings, token_file) == token
    assert oct(token_file.stat().st_mode & 0o777) == "0o600"
    monkeypatch.setenv("RASA_API_TOKEN", "from-settings")
    get_settings.cache_clear()
    assert deploy.api_token(get_settings(), token_file) == "from-settings"
    assert "from-settings" not in repr(get_settings())


def test_hot_loading_never_writes_the_token_to_a_log(tmp_path, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    deploy.hot_load(model(tmp_path, "new"), "http://rasa.test:5005", TOKEN, transport=httpx.MockTransport(FakeRasaApi()))
    assert TOKEN not in caplog.text
    assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING
