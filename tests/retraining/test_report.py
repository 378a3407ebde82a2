"""The comparison report: the gate's verdict, F1 per intent before and after, the held-out
messages whose intent changed, and the confusion-matrix pictures."""
from __future__ import annotations

import re

from bot.retraining import gate, report
from bot.retraining.scoring import Prediction, score

LIVE = [Prediction("paspoort kwijt", "reisdocument_kwijt", "reisdocument_kwijt"),
        Prediction("nieuw rijbewijs", "rijbewijs_aanvragen", "rijbewijs_aanvragen"),
        Prediction("rijbewijs verlengen", "rijbewijs_aanvragen", "rijbewijs_aanvragen"),
        Prediction("id kaart <b>aanvragen</b>", "paspoort_id_aanvragen", "rijbewijs_aanvragen")]
NEW = [Prediction("paspoort kwijt", "reisdocument_kwijt", "reisdocument_kwijt"),
       Prediction("nieuw rijbewijs", "rijbewijs_aanvragen", "paspoort_id_aanvragen"),
       Prediction("rijbewijs verlengen", "rijbewijs_aanvragen", "rijbewijs_aanvragen"),
       Prediction("id kaart <b>aanvragen</b>", "paspoort_id_aanvragen", "paspoort_id_aanvragen")]


def write(tmp_path, live=LIVE, decision=None):
    decision = decision or gate.decide(score(live), score(NEW), score(live), score(NEW))
    return report.write(tmp_path / "run-4", 4, "gemeente-live.tar.gz", "gemeente-new.tar.gz", live, NEW,
                        score(live), score(NEW), decision)


def _row(page: str, table: str, first_cell: str) -> list:
    body = re.search(rf'<table id="{table}">(.*?)</table>', page, re.S).group(1)
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        if cells and cells[0] == first_cell:
            return cells
    raise AssertionError(f"no row {first_cell} in {table}")


def test_the_report_has_f1_per_intent_before_and_after(tmp_path):
    page = write(tmp_path).read_text(encoding="utf-8")
    assert _row(page, "intents", "rijbewijs_aanvragen") == ["rijbewijs_aanvragen", "2", "0.800", "0.667", "-0.133"]
    assert _row(page, "intents", "paspoort_id_aanvragen") == ["paspoort_id_aanvragen", "1", "0.000", "0.667", "+0.667"]
    assert _row(page, "intents", "reisdocument_kwijt") == ["reisdocument_kwijt", "1", "1.000", "1.000", "+0.000"]


def test_the_report_lists_the_messages_whose_intent_changed_escaped(tmp_path):
    page = write(tmp_path).read_text(encoding="utf-8")
    assert _row(page, "changes", "nieuw rijbewijs") == ["nieuw rijbewijs", "rijbewijs_aanvragen",
                                                        "rijbewijs_aanvragen", "paspoort_id_aanvragen", "worse"]
    assert _row(page, "changes", "id kaart &lt;b&gt;aanvragen&lt;/b&gt;")[-1] == "better"
    assert "<b>aanvragen</b>" not in page
    assert "Held-out messages whose intent changed (2)" in page


def test_the_report_states_the_verdict_and_the_failing_check(tmp_path):
    assert "it may go live" in write(tmp_path).read_text(encoding="utf-8")
    refusal = gate.Decision(False, (gate.Check("held-out accuracy", "x", 0.75, 0.75, True),
                                    gate.Check("F1 of rijbewijs_aanvragen", "drops at most 0.1", 0.8, 0.667, False)))
    page = write(tmp_path, decision=refusal).read_text(encoding="utf-8")
    assert "the gate refuses it" in page
    assert _row(page, "checks", "F1 of rijbewijs_aanvragen")[-1] == "FAILED"


def test_the_confusion_matrices_are_written_as_png_and_embedded(tmp_path):
    path = write(tmp_path)
    for name in ("confusion-new.png", "confusion-live.png"):
        picture = path.parent / name
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = path.read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,iVBORw0KGgo') == 2
    assert 'href="confusion-new.png"' in page
