"""The figures of a run: task success per category and overall, first-reply-right rate,
follow-up rate, failure notices, and the confidently-wrong rate."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Optional

from .loader import CATEGORIES
from .runner import DialogueResult


def _rate(good: int, total: int) -> Optional[float]:
    return round(good / total, 3) if total else None


def summarise(results: List[DialogueResult], known: Optional[Dict[str, str]] = None) -> Dict[str, Any]:
    played = [r for r in results if r.skipped is None]
    turns = [t for r in played for t in r.turns]
    firsts = [t for t in turns if t.first]
    follow_ups = [t for t in turns if t.follow_up]
    topical = [(r, t) for r in played for t in r.turns if r.dialogue.turns[t.index].topic]
    per_category = {}
    for category in CATEGORIES + tuple(sorted({r.dialogue.category for r in played} - set(CATEGORIES))):
        mine = [r for r in played if r.dialogue.category == category]
        if mine:
            per_category[category] = {"dialogues": len(mine), "passed": sum(r.passed for r in mine),
                                      "task_success": _rate(sum(r.passed for r in mine), len(mine))}
    known = known or {}
    return {
        "dialogues": len(played), "skipped": [r.dialogue.id for r in results if r.skipped],
        "passed": sum(r.passed for r in played),
        "task_success": _rate(sum(r.passed for r in played), len(played)),
        "per_category": per_category,
        "turns": len(turns),
        "first_reply_right": _rate(sum(t.verdict.ok for t in firsts), len(firsts)), "first_replies": len(firsts),
        "follow_up_right": _rate(sum(t.verdict.ok for t in follow_ups), len(follow_ups)),
        "follow_ups": len(follow_ups),
        "failure_notices": sum(t.verdict.failure_notice for t in turns),
        "confidently_wrong": _rate(sum(t.verdict.confidently_wrong for _, t in topical), len(topical)),
        "confidently_wrong_turns": sum(t.verdict.confidently_wrong for _, t in topical),
        "turns_with_topic": len(topical),
        "errors": {r.dialogue.id: r.error for r in played if r.error},
        "failed": {r.dialogue.id: _first_problem(r) for r in played if not r.passed},
        "known_failures_passing": sorted(r.dialogue.id for r in played if r.passed and r.dialogue.id in known),
        "unknown_failures": sorted(r.dialogue.id for r in played if not r.passed and r.dialogue.id not in known),
        "seconds": round(sum(r.seconds for r in played), 1),
    }


def _first_problem(result: DialogueResult) -> str:
    if result.error:
        return result.error
    for turn in result.turns:
        if not turn.verdict.ok:
            return f"turn {turn.index} ({turn.sent[:40]}): {turn.verdict.failures[0]}"
    return result.outcome_failures[0] if result.outcome_failures else ""


def _pct(value: Optional[float]) -> str:
    return "  n/a" if value is None else f"{value * 100:5.1f}%"


def print_report(summary: Dict[str, Any], verbose: bool = False) -> None:
    print(f"conversations: {summary['dialogues']} dialogues, {summary['turns']} turns "
          f"({summary['seconds']} s of conversation)")
    print("  task success per category:")
    for category, figures in summary["per_category"].items():
        print(f"    {category:<16} {figures['passed']:>3}/{figures['dialogues']:<3} {_pct(figures['task_success'])}")
    print(f"    {'overall':<16} {summary['passed']:>3}/{summary['dialogues']:<3} {_pct(summary['task_success'])}")
    print(f"  first reply right:  {_pct(summary['first_reply_right'])}  ({summary['first_replies']} first replies)")
    print(f"  follow-up right:    {_pct(summary['follow_up_right'])}  ({summary['follow_ups']} follow-ups)")
    print(f"  failure notices:    {summary['failure_notices']}")
    print(f"  confidently wrong:  {_pct(summary['confidently_wrong'])}  ({summary['confidently_wrong_turns']} of "
          f"{summary['turns_with_topic']} turns with an expected topic)")
    if summary["skipped"]:
        print(f"  skipped ({len(summary['skipped'])}, need the assistant's clock): {', '.join(summary['skipped'])}")
    if summary["errors"]:
        print(f"  errors: {summary['errors']}")
    if summary["known_failures_passing"]:
        print(f"  listed in known_failures.yml but passing now: {', '.join(summary['known_failures_passing'])}")
    if summary["unknown_failures"]:
        print(f"  failing but not in known_failures.yml: {', '.join(summary['unknown_failures'])}")
    if verbose:
        for dialogue_id, problem in summary["failed"].items():
            print(f"    {dialogue_id}: {problem}")


def write_json(summary: Dict[str, Any], results: List[DialogueResult], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    detail = [{"id": r.dialogue.id, "category": r.dialogue.category, "passed": r.passed, "skipped": r.skipped,
               "conversation_id": r.conversation_id, "error": r.error, "outcome_failures": r.outcome_failures,
               "turns": [{"sent": t.sent, "first": t.first, "follow_up": t.follow_up, "ok": t.verdict.ok,
                          "failures": t.verdict.failures, "failure_notice": t.verdict.failure_notice,
                          "confidently_wrong": t.verdict.confidently_wrong, "topics": list(t.verdict.topics),
                          "seconds": round(t.reply.seconds, 3),
                          "reply": [{"sender": m.get("sender"), "text": m.get("text"),
                                     "buttons": [b.get("title") for b in m.get("buttons") or []]}
                                    for m in t.reply.messages]} for t in r.turns]} for r in results]
    path.write_text(json.dumps({"summary": summary, "dialogues": detail}, ensure_ascii=False, indent=1),
                    encoding="utf-8")
