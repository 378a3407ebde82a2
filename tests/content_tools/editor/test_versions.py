"""Saving texts of the content file: the file changes in that one place, each save is a
version with who and when (after the file's own text), the assistant reads the new text at
once, and whatever is refused changes neither the file nor the versions. On SQLite and, when
it runs, PostgreSQL."""
from __future__ import annotations

import hashlib
import shutil
import threading

import pytest
from sqlalchemy import event, func, select

from bot.config.content import get_content
from bot.content_tools.editor import versions
from bot.content_tools.editor.rules import revision
from bot.core.settings import PROJECT_ROOT
from bot.db.engine import session_factory
from bot.db.migrate import upgrade
from bot.db.models import AnswerVersionRow

KEY = "gesprek.bedankt"
NEW = "Graag gedaan! Heeft u nog een andere vraag? Stel hem dan gerust hier."


@pytest.fixture
def content_file(tmp_path):
    target = tmp_path / "antwoorden.yml"
    shutil.copy(PROJECT_ROOT / "content" / "antwoorden.yml", target)
    return target


@pytest.fixture
def db(database_url):
    upgrade(database_url)
    return session_factory(database_url)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(db):
    with db.begin() as session:
        return session.execute(select(func.count()).select_from(AnswerVersionRow)).scalar_one()


def live(content_file, key=KEY):
    return versions.read_answer(content_file, key)


def test_a_save_changes_the_file_in_one_place_and_keeps_the_old_text_as_version_one(db, content_file):
    before = content_file.read_text(encoding="utf-8")
    old = live(content_file)
    saved = versions.save(db, content_file, KEY, NEW, old.revision, "redacteur")
    assert saved.version.version == 2 and saved.version.author == "redacteur" and saved.version.source == "editor"
    changed = [(b, a) for b, a in zip(before.splitlines(), content_file.read_text(encoding="utf-8").splitlines())
               if b != a]
    assert changed == [(f'  bedankt: "{old.text}"', f'  bedankt: "{NEW}"')]
    with db.begin() as session:
        found = versions.history(session, KEY)
    assert [(v.version, v.source, v.author, v.text) for v in found] == [
        (2, "editor", "redacteur", NEW), (1, "file", None, old.text)]
    assert found[0].at is not None and found[0].as_json(NEW)["live"] is True


def test_the_assistant_reads_the_saved_text_at_once(db, content_file):
    assert get_content(content_file).text("gesprek", "bedankt") != NEW  # read, and so cached, before the save
    versions.save(db, content_file, KEY, NEW, live(content_file).revision, "redacteur")
    assert get_content(content_file).text("gesprek", "bedankt") == NEW
    second = "Graag gedaan! Heeft u nog een vraag? Stel die gerust."
    versions.save(db, content_file, KEY, second, revision(NEW), "redacteur")  # the same second, the same size
    assert get_content(content_file).text("gesprek", "bedankt") == second


def test_a_save_from_an_old_revision_is_a_conflict_and_changes_nothing(db, content_file):
    before = digest(content_file)
    with pytest.raises(versions.Conflict) as conflict:
        versions.save(db, content_file, KEY, NEW, revision("an older text"), "redacteur")
    assert conflict.value.current.text == live(content_file).text
    assert digest(content_file) == before and rows(db) == 0


@pytest.mark.parametrize("text", ["", "Bel {gemeente.telfoon}.", "Ja. " * 300,
                                  "Teneinde een aanvraag tot verstrekking van een nationaal reisdocument te "
                                  "effectueren, dient de belanghebbende persoonlijk te verschijnen."])
def test_a_refused_text_changes_nothing(db, content_file, text):
    before = digest(content_file)
    with pytest.raises(versions.Refused) as refused:
        versions.save(db, content_file, KEY, text, live(content_file).revision, "redacteur")
    assert refused.value.assessment.errors
    assert digest(content_file) == before and rows(db) == 0


def test_the_live_text_again_is_unchanged_and_an_unknown_key_is_unknown(db, content_file):
    old = live(content_file)
    with pytest.raises(versions.Unchanged):
        versions.save(db, content_file, KEY, old.text + "  \n", old.revision, "redacteur")
    for key in ("gesprek.bestaat_niet", "organisaties.intents.vraag_uwv", "onderwerpen.emigratie.producten", "../x"):
        with pytest.raises(versions.UnknownAnswer):
            versions.save(db, content_file, key, NEW, old.revision, "redacteur")
    assert rows(db) == 0


def test_restore_puts_an_old_version_back_as_a_new_one(db, content_file):
    old = live(content_file)
    versions.save(db, content_file, KEY, NEW, old.revision, "redacteur")
    restored = versions.restore(db, content_file, KEY, 1, revision(NEW), "beheerder")
    assert (restored.version.version, restored.version.source, restored.version.restored_from,
            restored.version.author) == (3, "restore", 1, "beheerder")
    assert live(content_file).text == old.text == get_content(content_file).text("gesprek", "bedankt")
    with pytest.raises(versions.UnknownAnswer):
        versions.restore(db, content_file, KEY, 9, live(content_file).revision, "beheerder")


def test_an_edit_by_hand_between_saves_becomes_a_version_of_its_own(db, content_file):
    versions.save(db, content_file, KEY, NEW, live(content_file).revision, "redacteur")
    by_hand = "Graag gedaan! Nog een vraag? Stel hem gerust aan mij."
    content_file.write_text(content_file.read_text(encoding="utf-8").replace(NEW, by_hand), encoding="utf-8")
    versions.save(db, content_file, KEY, NEW + " Tot ziens.", revision(by_hand), "redacteur")
    with db.begin() as session:
        assert [(v.version, v.source, v.text) for v in versions.history(session, KEY)][:2] == [
            (4, "editor", NEW + " Tot ziens."), (3, "file", by_hand)]


def test_the_audit_event_is_written_in_the_same_transaction(db, content_file):
    before = digest(content_file)

    def failing_audit(session, details):
        assert details["version"] == 2 and details["chars"] == len(NEW)
        raise RuntimeError("the audit log is not writable")

    with pytest.raises(RuntimeError):
        versions.save(db, content_file, KEY, NEW, live(content_file).revision, "redacteur", audit=failing_audit)
    assert digest(content_file) == before and rows(db) == 0


def test_a_failed_commit_puts_the_old_file_back(db, content_file):
    before = digest(content_file)

    def fail(_session):
        raise RuntimeError("the database went away at the commit")

    event.listen(db, "before_commit", fail)
    try:
        with pytest.raises(RuntimeError):
            versions.save(db, content_file, KEY, NEW, live(content_file).revision, "redacteur")
    finally:
        event.remove(db, "before_commit", fail)
    assert digest(content_file) == before and rows(db) == 0


def test_two_saves_from_the_same_text_at_once_one_wins_and_the_other_conflicts(db, content_file):
    basis = live(content_file).revision
    outcomes = []

    def save(text):
        try:
            versions.save(db, content_file, KEY, text, basis, "redacteur")
            outcomes.append("saved")
        except versions.Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(text,)) for text in (NEW, NEW + " Tot ziens.")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"] and rows(db) == 2
