"""``make algoritmeregister``: the register entry from configuration and the latest
quality-gate figures (purpose, human oversight, data, retention, model, measured accuracy)."""
from __future__ import annotations

import json

from bot.config.gemeente import load_gemeente
from bot.core.settings import get_settings
from bot.retraining import algoritmeregister
from bot.retraining.algoritmeregister import MISSING, as_markdown, entry, main, write


def _report(folder, accuracy, f1):
    folder.mkdir(parents=True)
    (folder / "intent_report.json").write_text(json.dumps({"accuracy": accuracy, "macro avg": {"f1-score": f1}}))


def test_the_entry_takes_its_facts_from_configuration_settings_and_the_latest_figures(tmp_path, monkeypatch,
                                                                                       gemeente_file):
    monkeypatch.setenv("TRANSCRIPT_RETENTION_DAYS", "60")
    get_settings.cache_clear()
    try:
        settings = get_settings()
        _report(tmp_path / "nlu-heldout", 0.9512, 0.9433)
        _report(tmp_path / "nlu-realistic", 0.81, 0.78)
        config = load_gemeente(gemeente_file.path)
        found = entry(config, settings, reports=tmp_path, model=tmp_path / "gemeente-abc.tar.gz")
    finally:
        get_settings.cache_clear()
    assert found["organisatie"] == f"Gemeente {config.gemeente.naam}"
    assert found["afdeling"] == config.verantwoording.algoritme.eigenaar
    assert found["contact"] == config.verantwoording.algoritme.contact
    assert found["wettelijke_grondslag"] == config.verantwoording.privacy.grondslag
    assert "60 dagen" in found["bewaartermijn"]
    assert found["model"]["live"] == "gemeente-abc.tar.gz"
    assert "bot.nlp.intent_classifier.LinearIntentClassifier" in found["model"]["pijplijn"]
    measured = found["gemeten_kwaliteit"]
    assert measured["testset"]["nauwkeurigheid"] == 0.951 and measured["testset"]["macro_f1"] == 0.943
    assert measured["realistische_berichten"]["nauwkeurigheid"] == 0.81
    assert measured["kruisvalidatie"]["status"] == MISSING  # never measured: said so, not made up
    assert any("medewerker" in line for line in found["menselijke_tussenkomst"])
    text = as_markdown(found)
    for heading in ("## Doel", "## Menselijke tussenkomst", "## Gegevens", "## Bewaartermijn", "## Model",
                    "## Gemeten kwaliteit"):
        assert heading in text
    assert "nauwkeurigheid 0.951" in text and "kruisvalidatie: niet gemeten (make nlu-gate)" in text


def test_make_algoritmeregister_writes_json_and_markdown(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(algoritmeregister, "REPORTS", tmp_path / "none")
    assert main(["--out", str(tmp_path / "out")]) == 0
    data = json.loads((tmp_path / "out" / "algoritmeregister.json").read_text(encoding="utf-8"))
    assert data["naam"].startswith("Digitale assistent") and (tmp_path / "out" / "algoritmeregister.md").exists()
    assert "wrote" in capsys.readouterr().out


def test_without_accountability_facts_the_entry_says_what_is_missing(tmp_path, gemeente_file):
    data = gemeente_file.load()
    data.pop("verantwoording")
    gemeente_file.save(data)
    found = entry(load_gemeente(gemeente_file.path), get_settings(), reports=tmp_path)
    assert found["afdeling"] == MISSING and found["wettelijke_grondslag"] == MISSING
    paths = write(found, tmp_path / "out")
    assert [p.name for p in paths] == ["algoritmeregister.json", "algoritmeregister.md"]
