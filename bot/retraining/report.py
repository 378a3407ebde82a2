"""The comparison report of a retrain, as one HTML page a content owner can read.

It shows the gate's checks, the F1 of every intent before and after, the confusion matrix
of both models on the held-out file (PNG files beside the page, and embedded so the page
can be opened or served on its own), and the held-out messages whose intent changed.
"""
from __future__ import annotations

import base64
from html import escape
from pathlib import Path
from typing import List, Optional, Sequence

from bot.retraining.gate import MAX_INTENT_DROP, Decision
from bot.retraining.scoring import Change, Prediction, Scores, changes, confusion, score

REPORT_FILE = "report.html"


def write(target: Path, run_id: int, live_model: Optional[str], new_model: str,
          live_heldout: Optional[Sequence[Prediction]], new_heldout: Sequence[Prediction],
          live_cv: Optional[Scores], new_cv: Scores, decision: Decision) -> Path:
    """Writes report.html and the confusion-matrix pictures into ``target``; returns the page."""
    target.mkdir(parents=True, exist_ok=True)
    new_scores = score(new_heldout)
    live_scores = score(live_heldout) if live_heldout else None
    labels = sorted({p.expected for p in new_heldout} | {p.predicted for p in new_heldout}
                    | {p.predicted for p in (live_heldout or [])})
    pictures = []
    for name, title, found in (("confusion-new.png", f"New model ({new_model})", new_heldout),
                               ("confusion-live.png", f"Live model ({live_model})", live_heldout)):
        if found:
            confusion_png(found, labels, title, target / name)
            pictures.append((name, title))
    changed = changes(live_heldout, new_heldout) if live_heldout else []
    page = _page(run_id, live_model, new_model, live_scores, new_scores, live_cv, new_cv, decision, changed,
                 [(name, title, target / name) for name, title in pictures])
    path = target / REPORT_FILE
    path.write_text(page, encoding="utf-8")
    return path


def confusion_png(predictions: Sequence[Prediction], labels: List[str], title: str, path: Path) -> Path:
    """Rows are the intended intents, columns what the model said; the diagonal is right."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels, matrix = confusion(predictions, labels)
    size = max(6.0, 0.28 * len(labels) + 2)
    figure, axes = plt.subplots(figsize=(size, size))
    axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(len(labels)))
    axes.set_yticks(range(len(labels)))
    axes.set_xticklabels(labels, rotation=90, fontsize=7)
    axes.set_yticklabels(labels, fontsize=7)
    axes.set_xlabel("predicted intent")
    axes.set_ylabel("intended intent")
    axes.set_title(title, fontsize=9)
    for row, counts in enumerate(matrix):
        for column, count in enumerate(counts):
            if count and row != column:
                axes.text(column, row, str(count), ha="center", va="center", fontsize=6, color="darkred")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def _page(run_id, live_model, new_model, live_scores, new_scores, live_cv, new_cv, decision: Decision,
          changed: List[Change], pictures) -> str:
    verdict = ("The new model is not worse: it may go live." if decision.deploy else
               "The new model is worse: the gate refuses it. The live model stays.")
    parts = [
        "<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Retrain run {run_id}: comparison</title>",
        "<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#1b1b1b}"
        "table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left}"
        "td.num{text-align:right;font-variant-numeric:tabular-nums}.worse{background:#fde2e1}.better{background:#e3f4e1}"
        "img{max-width:100%;height:auto}</style></head><body>",
        f"<h1>Retrain run {run_id}</h1>",
        f"<p>Live model: <code>{escape(str(live_model))}</code>. New model: <code>{escape(new_model)}</code>.</p>",
        f'<p id="verdict"><strong>{escape(verdict)}</strong></p>',
        "<h2>The gate's checks</h2>", _checks_table(decision),
        "<h2>Overall figures</h2>",
        '<table id="figures"><tr><th>figure</th><th>live</th><th>new</th></tr>',
        _figure_row(f"held-out accuracy ({new_scores.count} messages)", live_scores and live_scores.accuracy,
                    new_scores.accuracy),
        _figure_row("held-out macro-F1", live_scores and live_scores.macro_f1, new_scores.macro_f1),
        _figure_row(f"cross-validated macro-F1 ({new_cv.count} examples)", live_cv and live_cv.macro_f1,
                    new_cv.macro_f1),
        _figure_row("cross-validated accuracy", live_cv and live_cv.accuracy, new_cv.accuracy),
        "</table>",
        "<h2>F1 per intent on the held-out file</h2>", _intent_table(live_scores, new_scores),
        f"<h2>Held-out messages whose intent changed ({len(changed)})</h2>", _changes_table(changed),
        "<h2>Confusion matrices on the held-out file</h2>",
    ]
    for name, title, path in pictures:
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
        parts.append(f'<figure><img src="data:image/png;base64,{encoded}" alt="Confusion matrix: {escape(title)}">'
                     f'<figcaption>{escape(title)} (<a href="{escape(name)}">{escape(name)}</a>)</figcaption></figure>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _checks_table(decision: Decision) -> str:
    if not decision.checks:
        return "<p>There was no live model to compare with.</p>"
    rows = ['<table id="checks"><tr><th>check</th><th>rule</th><th>live</th><th>new</th><th>result</th></tr>']
    for check in decision.checks:
        if check.name.startswith("F1 of ") and check.passed:
            continue  # every intent is in the table below; only the failing ones are listed here
        rows.append(f'<tr class="{"" if check.passed else "worse"}"><td>{escape(check.name)}</td>'
                    f"<td>{escape(check.rule)}</td><td class=num>{_number(check.live)}</td>"
                    f"<td class=num>{_number(check.candidate)}</td><td>{'passed' if check.passed else 'FAILED'}</td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


def _figure_row(name: str, live_value: Optional[float], new_value: float) -> str:
    return f"<tr><td>{escape(name)}</td><td class=num>{_number(live_value)}</td><td class=num>{_number(new_value)}</td></tr>"


def _intent_table(live_scores: Optional[Scores], new_scores: Scores) -> str:
    rows = ['<table id="intents"><tr><th>intent</th><th>messages</th><th>F1 before</th><th>F1 after</th>'
            "<th>change</th></tr>"]
    for intent in sorted(new_scores.f1):
        after = new_scores.f1[intent]
        before = live_scores.f1.get(intent) if live_scores else None
        delta = None if before is None else after - before
        style = "" if delta is None or abs(delta) < 1e-9 else ("worse" if delta < -MAX_INTENT_DROP else
                                                               "better" if delta > 0 else "")
        rows.append(f'<tr class="{style}"><td>{escape(intent)}</td><td class=num>{new_scores.support[intent]}</td>'
                    f"<td class=num>{_number(before)}</td><td class=num>{_number(after)}</td>"
                    f"<td class=num>{'' if delta is None else f'{delta:+.3f}'}</td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


def _changes_table(changed: List[Change]) -> str:
    if not changed:
        return "<p>None: both models give every held-out message the same intent.</p>"
    rows = ['<table id="changes"><tr><th>message</th><th>intended</th><th>live said</th><th>new says</th>'
            "<th>verdict</th></tr>"]
    for change in sorted(changed, key=lambda c: ({"worse": 0, "different": 1, "better": 2}[c.verdict], c.expected)):
        rows.append(f'<tr class="{change.verdict}"><td>{escape(change.text)}</td><td>{escape(change.expected)}</td>'
                    f"<td>{escape(change.before)}</td><td>{escape(change.after)}</td><td>{change.verdict}</td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


def _number(value: Optional[float]) -> str:
    return "n/a" if value is None else f"{value:.3f}"
