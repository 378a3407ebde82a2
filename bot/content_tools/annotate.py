"""Writes content owners' decisions into the training data, so that git shows each one as a
clean diff of added lines.

An example for an intent goes at the end of that intent's ``examples`` block in the
``data/nlu/<topic>.yml`` file that holds it; nothing else in the file moves or changes.
Texts are masked first (``bot.core.privacy.mask_for_training``). A text is skipped when the
training data already has it (under any intent: the same example under two intents only
confuses the model) or when it is in the held-out test file (it would then measure nothing).
The held-out file is only read, never written.

A "new topic" has no intent yet: adding one is a change to the intent contract that a
developer makes. Its examples are kept in ``nlu_inbox/nieuwe_onderwerpen.yml``, outside
``data/`` so that neither Rasa nor the model fingerprint reads it, in the same block layout,
ready to be moved into a new training file.

Files are replaced atomically (write a temporary file, then rename), one writer at a time.
"""
from __future__ import annotations

import os
import re
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

import yaml

from bot.core.privacy import mask_for_training

MAX_EXAMPLE_CHARS = 300
NEW_TOPICS_HEADER = (
    "# Voorbeelden voor onderwerpen die de assistent nog niet kent, uit de inbox van de\n"
    "# content-beheerders. Rasa leest dit bestand niet. Een ontwikkelaar maakt er een nieuwe\n"
    "# intent van (een wijziging van het intent-contract) en verplaatst de voorbeelden naar data/nlu/.\n"
    "onderwerpen:\n"
)
_write_lock = threading.Lock()
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: the files are read per request
# Rasa reads "[text](entity)", "[text]{...}" and "[text][...]" as entity annotations; a masked
# "[NAAM](" typed by a resident must stay plain text.
_ENTITY_SYNTAX = re.compile(r"\]\s*(?=[({\[])")


class AnnotationError(ValueError):
    """The decision cannot be written (unknown intent, unreadable file); nothing changed."""


@dataclass(frozen=True)
class Skipped:
    text: str
    reason: str  # duplicate, already_in:<intent>, held_out, empty


@dataclass
class WriteResult:
    path: Optional[Path]
    added: List[str] = field(default_factory=list)
    skipped: List[Skipped] = field(default_factory=list)
    outcomes: List[Tuple[str, str]] = field(default_factory=list)  # (example, "added" or why not), per text given


def example_line(text: str) -> str:
    """A resident's text as one training example: masked, on one line, no entity syntax."""
    masked = " ".join(mask_for_training(text).split())
    return _ENTITY_SYNTAX.sub("] ", masked)[:MAX_EXAMPLE_CHARS].strip()


def example_key(text: str) -> str:
    """Two examples are the same when they differ only in case and spacing."""
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class TrainingData:
    """Where the training examples live and where new topics and the held-out sets are."""
    nlu_dir: Path
    new_topics_file: Path
    held_out_file: Path
    more_held_out: Tuple[Path, ...] = ()  # other held-out files: never written, never copied from

    def held_out_files(self) -> Tuple[Path, ...]:
        return (self.held_out_file, *self.more_held_out)

    def intent_files(self) -> Dict[str, Path]:
        """Each intent and the training file that holds it (the first one, by name)."""
        found: Dict[str, Path] = {}
        for path, intent, _examples in self._entries():
            found.setdefault(intent, path)
        return found

    def known_examples(self) -> Dict[str, str]:
        """Every training example's key and its intent."""
        return _known(self._entries())

    def _entries(self) -> List[Tuple[Path, str, List[str]]]:
        return [(path, intent, examples) for path in sorted(self.nlu_dir.glob("*.yml"))
                for intent, examples in _blocks(path, "nlu", "intent", "examples")]

    def held_out(self) -> set:
        return {example_key(e) for held in self.held_out_files() if held.exists()
                for _, examples in _blocks(held, "nlu", "intent", "examples") for e in examples}

    def add_examples(self, intent: str, texts: Iterable[str]) -> WriteResult:
        """Appends the texts to the intent's examples; the held-out file is refused as a target."""
        with _write_lock:
            entries = self._entries()
            path = next((where for where, name, _ in entries if name == intent), None)
            if path is None:
                raise AnnotationError(f"no training file in {self.nlu_dir.name}/ holds the intent {intent!r}")
            if any(path.resolve() == held.resolve() for held in self.held_out_files()):
                raise AnnotationError("the held-out test file is never written")
            known, held_out = _known(entries), self.held_out()
            result = WriteResult(path)
            lines = []
            for text in texts:
                line = example_line(text)
                key = example_key(line)
                reason = _skip_reason(line, key, intent, known, held_out)
                result.outcomes.append((line or text, reason or "added"))
                if reason:
                    result.skipped.append(Skipped(line or text, reason))
                    continue
                known[key] = intent
                lines.append(line)
                result.added.append(line)
            if lines:
                _replace(path, append_to_block(path.read_text(encoding="utf-8"), "intent", intent, "examples", lines))
            return result

    def add_new_topic(self, topic: str, texts: Iterable[str]) -> WriteResult:
        """Keeps the texts under a proposed topic in the new-topics file (created when missing)."""
        with _write_lock:
            path = self.new_topics_file
            if any(path.resolve() == held.resolve() for held in self.held_out_files()):
                raise AnnotationError("the held-out test file is never written")
            current = path.read_text(encoding="utf-8") if path.exists() else NEW_TOPICS_HEADER
            kept = {example_key(e) for _, examples in _blocks(path, "onderwerpen", "onderwerp", "voorbeelden")
                    for e in examples} if path.exists() else set()
            known, held_out = self.known_examples(), self.held_out()
            result = WriteResult(path)
            lines = []
            for text in texts:
                line = example_line(text)
                key = example_key(line)
                reason = _skip_reason(line, key, None, known, held_out) or ("duplicate" if key in kept else None)
                result.outcomes.append((line or text, reason or "added"))
                if reason:
                    result.skipped.append(Skipped(line or text, reason))
                    continue
                kept.add(key)
                lines.append(line)
                result.added.append(line)
            if lines:
                path.parent.mkdir(parents=True, exist_ok=True)
                _replace(path, append_to_block(current, "onderwerp", topic, "voorbeelden", lines))
            return result


def append_to_block(document: str, entry_key: str, name: str, block_key: str, lines: List[str]) -> str:
    """The document with ``lines`` added as ``- line`` at the end of the literal block
    ``block_key`` of the list entry ``- entry_key: name``; a new entry at the end when
    there is none. Every existing line stays as it was, where it was."""
    rows = document.splitlines(keepends=True)
    entry = _find_entry(rows, entry_key, name)
    if entry is None:
        if rows and not rows[-1].endswith("\n"):
            rows[-1] += "\n"
        rows += [f"- {entry_key}: {name}\n", f"  {block_key}: |\n"] + [f"    - {line}\n" for line in lines]
        return "".join(rows)
    start = _find_block(rows, entry, block_key)
    indent = _block_indent(rows, start)
    last = start
    for index in range(start + 1, len(rows)):
        row = rows[index]
        if not row.strip():
            continue
        if len(row) - len(row.lstrip(" ")) < len(indent):
            break
        last = index
    if not rows[last].endswith("\n"):
        rows[last] += "\n"
    rows[last + 1:last + 1] = [f"{indent}- {line}\n" for line in lines]
    return "".join(rows)


def _find_entry(rows: List[str], entry_key: str, name: str) -> Optional[int]:
    pattern = re.compile(rf"^- {re.escape(entry_key)}:\s*[\"']?{re.escape(name)}[\"']?\s*$")
    return next((i for i, row in enumerate(rows) if pattern.match(row.rstrip("\n"))), None)


def _find_block(rows: List[str], entry: int, block_key: str) -> int:
    pattern = re.compile(rf"^\s+{re.escape(block_key)}:\s*\|[-+]?\s*$")
    for index in range(entry + 1, len(rows)):
        if rows[index].startswith("- "):
            break
        if pattern.match(rows[index].rstrip("\n")):
            return index
    raise AnnotationError(f"the entry {rows[entry].strip()!r} has no '{block_key}: |' block")


def _block_indent(rows: List[str], start: int) -> str:
    for row in rows[start + 1:]:
        if row.strip():
            indent = row[:len(row) - len(row.lstrip(" "))]
            if len(indent) > len(rows[start]) - len(rows[start].lstrip(" ")):
                return indent
            break
    return " " * (len(rows[start]) - len(rows[start].lstrip(" ")) + 2)


def _blocks(path: Path, list_key: str, entry_key: str, block_key: str) -> List[Tuple[str, List[str]]]:
    """(name, examples) of each entry of a Rasa-style file; [] for a missing file."""
    if not path.exists():
        return []
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
    except yaml.YAMLError as problem:
        raise AnnotationError(f"{path.name} is not valid YAML: {problem}") from None
    found = []
    for entry in data.get(list_key) or [] if isinstance(data, dict) else []:
        if isinstance(entry, dict) and entry.get(entry_key) and isinstance(entry.get(block_key), str):
            rows = (row.strip() for row in entry[block_key].splitlines())
            examples = [row[2:].strip() for row in rows if row.startswith("- ")]
            found.append((str(entry[entry_key]), examples))
    return found


def _known(entries: Iterable[Tuple[Path, str, List[str]]]) -> Dict[str, str]:
    known: Dict[str, str] = {}
    for _path, intent, examples in entries:
        for example in examples:
            known.setdefault(example_key(example), intent)
    return known


def _skip_reason(line: str, key: str, intent: Optional[str], known: Dict[str, str], held_out: set) -> Optional[str]:
    if not key:
        return "empty"
    if key in held_out:
        return "held_out"
    if key in known:
        return "duplicate" if known[key] == intent else f"already_in:{known[key]}"
    return None


def _replace(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
