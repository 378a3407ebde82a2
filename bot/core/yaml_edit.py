"""Changing one text in a YAML file that people also edit by hand, keeping everything else:
its comments, its order, the style of the other texts, even its blank lines.

Only the characters of the one scalar change. The new text is written in the style the old
one had where that can hold it (a folded ``>-`` text stays folded, a ``|-`` block stays a
block), otherwise double-quoted. Each way is checked by reading the result back: the new file
must hold exactly the old data with that one text replaced, or the next way is tried; the
last one, PyYAML's own double-quoted scalar, always holds.
"""
from __future__ import annotations

from typing import Any, Iterator, List, Optional, Sequence, Tuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

FOLD_WIDTH = 100
# libyaml's parser when PyYAML has it: the same nodes and marks, ten times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlEditError(ValueError):
    """The path names no text in the file, or the file cannot be read as YAML."""


def replace_text(source: str, path: Sequence[str], text: str) -> str:
    """``source`` with the text at ``path`` (mapping keys from the top) replaced by ``text``."""
    try:
        root = yaml.compose(source, Loader=_LOADER)
        before = load(source)
    except yaml.YAMLError as problem:
        raise YamlEditError(f"not valid YAML: {problem}") from None
    key, node = _find(root, path)
    expected = _with_value(before, path, text)
    start, end = node.start_mark.index, node.end_mark.index
    old = source[start:end]
    tail = old[len(old.rstrip(" \n")):] if node.style in ("|", ">") else ""
    indent = " " * (key.start_mark.column + 2)
    for written in _candidates(text, node.style, indent, tail):
        changed = source[:start] + written + source[end:]
        try:
            if load(changed) == expected:
                return changed
        except yaml.YAMLError:
            continue
    raise YamlEditError(f"{'.'.join(path)}: the text cannot be written")  # the last candidate always holds


def load(source: str) -> Any:
    """The data of a YAML text (safe: plain data only)."""
    return yaml.load(source, Loader=_LOADER)  # noqa: S506 - a safe loader


def _find(root: Optional[Node], path: Sequence[str]) -> Tuple[Node, ScalarNode]:
    if not path:
        raise YamlEditError("an empty path names no text")
    node: Optional[Node] = root
    key: Optional[Node] = None
    for part in path:
        if not isinstance(node, MappingNode):
            raise YamlEditError(f"{'.'.join(path)}: {part} is not inside a mapping")
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == part:
                key, node = key_node, value_node
                break
        else:
            raise YamlEditError(f"{'.'.join(path)}: there is no {part}")
    if not isinstance(node, ScalarNode) or node.tag != "tag:yaml.org,2002:str" or key is None:
        raise YamlEditError(f"{'.'.join(path)} is not a text")
    return key, node


def _with_value(data: Any, path: Sequence[str], text: str) -> Any:
    if not path:
        return text
    copy = dict(data)
    copy[path[0]] = _with_value(data[path[0]], path[1:], text)
    return copy


def _candidates(text: str, style: Any, indent: str, tail: str) -> Iterator[str]:
    lines = text.split("\n")
    if style == ">" and len(lines) == 1:
        yield ">-\n" + "\n".join(indent + line for line in _folded(text, FOLD_WIDTH - len(indent))) + tail
    if style in ("|", ">"):
        yield "|-\n" + "\n".join(indent + line if line else "" for line in lines) + tail
    yield yaml.safe_dump(text, default_style='"', allow_unicode=True, width=2 ** 31 - 1).rstrip("\n") + tail


def _folded(text: str, width: int) -> List[str]:
    """A one-line text cut into lines at single spaces (a folded scalar joins them with a space)."""
    lines: List[str] = []
    line = ""
    for word in text.split(" "):
        if line and word and len(line) + 1 + len(word) > width and not line.endswith(" "):
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line or not word else word
    lines.append(line)
    return lines
