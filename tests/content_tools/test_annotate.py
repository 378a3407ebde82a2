"""Annotation round trip on a temporary copy of data/nlu: examples land at the end of the
right intent's block, git sees only added lines, personal data is masked, duplicates and
held-out texts are skipped, the held-out file is never written, and Rasa reads the result."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.content_tools.annotate import AnnotationError, TrainingData, append_to_block
from bot.content_tools.decisions import Decision, annotate
from bot.content_tools.inbox import text_key
from bot.core.settings import PROJECT_ROOT
from bot.db.models import InboxAnnotationRow


@pytest.fixture
def training(tmp_path) -> TrainingData:
    shutil.copytree(PROJECT_ROOT / "data" / "nlu", tmp_path / "nlu")
    shutil.copy(PROJECT_ROOT / "tests" / "nlu_test.yml", tmp_path / "nlu_test.yml")
    return TrainingData(tmp_path / "nlu", tmp_path / "nlu_inbox" / "nieuwe_onderwerpen.yml", tmp_path / "nlu_test.yml")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def numstat(before: Path, after: Path):
    """(added, deleted) lines as git counts them."""
    out = subprocess.run(["git", "diff", "--no-index", "--numstat", str(before), str(after)],
                         capture_output=True, text=True).stdout.split()
    return (int(out[0]), int(out[1])) if out else (0, 0)


def rasa_examples(path: Path, intent: str):
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    data = RasaYAMLReader().read(str(path))
    return [e.get("text") for e in data.training_examples if e.get("intent") == intent]


def test_round_trip_adds_masked_examples_to_the_right_file_as_additions_only(training, seed, tmp_path):
    # geboorteaangifte is the FIRST of two intents in geboorte.yml: the block ends mid-file
    original = tmp_path / "geboorte.before.yml"
    shutil.copy(training.nlu_dir / "geboorte.yml", original)
    held_out = digest(training.held_out_file)
    others = {p.name: digest(p) for p in training.nlu_dir.glob("*.yml") if p.name != "geboorte.yml"}
    texts = ["Mijn naam is Jan de Vries, mijn dochter is vannacht geboren, bel 06-12345678",
             "baby geboren waar doe ik aangifte [bsn](123)",
             "kind erkennen",  # already an example of erkenning_kind
             "Hoeveel kost een nieuw paspoort tegenwoordig?",  # in the held-out set
             "baby geboren waar doe ik aangifte [bsn](123)"]  # twice in one request
    with seed.sessions.begin() as session:
        done = annotate(session, training, texts, Decision.INTENT, intent="geboorteaangifte", staff_id=None)
    assert done.file == str(training.nlu_dir / "geboorte.yml")
    assert done.added == ["Mijn naam is [NAAM], mijn dochter is vannacht geboren, bel [TELEFOON]",
                          "baby geboren waar doe ik aangifte [bsn] (123)"]
    assert [(s.text, s.reason) for s in done.skipped] == [
        ("kind erkennen", "already_in:erkenning_kind"),
        ("Hoeveel kost een nieuw paspoort tegenwoordig?", "held_out"),
        ("baby geboren waar doe ik aangifte [bsn] (123)", "duplicate")]

    after = training.nlu_dir / "geboorte.yml"
    assert numstat(original, after) == (2, 0)
    before_lines, after_lines = original.read_text().splitlines(), after.read_text().splitlines()
    insert_at = before_lines.index("- intent: erkenning_kind")
    assert after_lines[:insert_at] == before_lines[:insert_at]
    assert after_lines[insert_at:insert_at + 2] == ["    - " + line for line in done.added]
    assert after_lines[insert_at + 2:] == before_lines[insert_at:]
    assert rasa_examples(after, "geboorteaangifte")[-2:] == done.added
    assert len(rasa_examples(after, "erkenning_kind")) == len(rasa_examples(original, "erkenning_kind"))
    assert digest(training.held_out_file) == held_out
    assert {p.name: digest(p) for p in training.nlu_dir.glob("*.yml") if p.name != "geboorte.yml"} == others

    with seed.sessions.begin() as session:
        rows = session.query(InboxAnnotationRow).order_by(InboxAnnotationRow.id).all()
        assert [(r.decision, r.intent, r.outcome) for r in rows] == [
            ("intent", "geboorteaangifte", "added"), ("intent", "geboorteaangifte", "added"),
            ("intent", "geboorteaangifte", "already_in:erkenning_kind"), ("intent", "geboorteaangifte", "held_out"),
            ("intent", "geboorteaangifte", "duplicate")]
        assert rows[0].text_key == text_key(texts[0])
        assert "Jan" not in rows[0].text and "0612345678" not in rows[0].text.replace("-", "")


def test_a_second_annotation_of_the_same_text_changes_nothing(training, seed):
    with seed.sessions.begin() as session:
        annotate(session, training, ["verhuizen naar de overkant van de straat"], Decision.INTENT,
                 intent="verhuizing_doorgeven")
    path = training.nlu_dir / "verhuizen.yml"
    before = path.read_text()
    with seed.sessions.begin() as session:
        again = annotate(session, training, ["Verhuizen naar de  overkant van de straat"], Decision.INTENT,
                         intent="verhuizing_doorgeven")
    assert again.added == [] and [s.reason for s in again.skipped] == ["duplicate"]
    assert path.read_text() == before


def test_the_last_intent_of_a_file_gets_its_examples_at_the_end(training, tmp_path):
    original = (training.nlu_dir / "afspraken.yml").read_text()
    result = training.add_examples("afspraak_wijzigen", ["kan mijn afspraak een uurtje later"])
    text = (training.nlu_dir / "afspraken.yml").read_text()
    assert text == original + "    - kan mijn afspraak een uurtje later\n"
    assert result.added == ["kan mijn afspraak een uurtje later"]


def test_new_topics_go_to_the_review_file_outside_the_training_data(training, seed):
    with seed.sessions.begin() as session:
        first = annotate(session, training, ["wanneer wordt het grofvuil opgehaald"], Decision.NEW_TOPIC,
                         topic="Afval ophalen")
        annotate(session, training, ["hondenbelasting"], Decision.NEW_TOPIC, topic=None)
        annotate(session, training, ["oud papier container vol"], Decision.NEW_TOPIC, topic="afval ophalen")
    assert first.topic == "afval_ophalen"
    review = training.new_topics_file
    assert review.parent.name == "nlu_inbox"
    text = review.read_text()
    assert ("- onderwerp: afval_ophalen\n  voorbeelden: |\n    - wanneer wordt het grofvuil opgehaald\n"
            "    - oud papier container vol\n- onderwerp: nog_te_benoemen\n  voorbeelden: |\n"
            "    - hondenbelasting\n") in text
    assert not list(training.nlu_dir.glob("*onderwerp*"))


def test_ignore_writes_no_file_but_is_recorded(training, seed):
    before = {p.name: digest(p) for p in training.nlu_dir.glob("*.yml")}
    with seed.sessions.begin() as session:
        done = annotate(session, training, ["asdfgh"], Decision.IGNORE)
    assert done.added == [] and done.file is None
    assert {p.name: digest(p) for p in training.nlu_dir.glob("*.yml")} == before
    with seed.sessions.begin() as session:
        (row,) = session.query(InboxAnnotationRow).all()
        assert (row.decision, row.outcome) == ("ignore", "ignored")


def test_an_unknown_intent_is_refused_and_nothing_changes(training, seed):
    before = {p.name: digest(p) for p in training.nlu_dir.glob("*.yml")}
    with pytest.raises(AnnotationError):
        with seed.sessions.begin() as session:
            annotate(session, training, ["iets"], Decision.INTENT, intent="draken_temmen")
    assert {p.name: digest(p) for p in training.nlu_dir.glob("*.yml")} == before
    with seed.sessions.begin() as session:
        assert session.query(InboxAnnotationRow).count() == 0


def test_the_held_out_file_is_never_a_target(tmp_path):
    shutil.copytree(PROJECT_ROOT / "data" / "nlu", tmp_path / "nlu")
    held_out = tmp_path / "nlu" / "paspoort.yml"  # a misconfiguration: held-out file inside the training data
    data = TrainingData(tmp_path / "nlu", tmp_path / "review.yml", held_out)
    before = digest(held_out)
    with pytest.raises(AnnotationError, match="held-out"):
        data.add_examples("paspoort_id_aanvragen", ["nieuw voorbeeld"])
    assert digest(held_out) == before


def test_append_keeps_every_line_even_blank_lines_and_comments():
    document = ("version: \"3.1\"\nnlu:\n- intent: a\n  examples: |\n    - een\n\n    - twee\n# opmerking\n"
                "- intent: b\n  examples: |\n    - drie")
    changed = append_to_block(document, "intent", "a", "examples", ["vier"])
    assert changed == document.replace("    - twee\n", "    - twee\n    - vier\n")
    at_end = append_to_block(document, "intent", "b", "examples", ["vijf"])
    assert at_end == document + "\n    - vijf\n"
