"""Walking a YAML document as data, for the checks that look at every text of gemeente.yml,
the content file or the domain, wherever it sits."""
from __future__ import annotations

from typing import Any, Iterator, Tuple


def walk(node: Any, path: str = "") -> Iterator[Tuple[str, str, Any]]:
    """(path, key, value) of every value below ``node``: ``producten.vog.tarieven[0]``."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}" if path else str(key)
            yield here, str(key), value
            yield from walk(value, here)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield f"{path}[{index}]", "", value
            yield from walk(value, f"{path}[{index}]")


def strings(node: Any) -> Iterator[Tuple[str, str]]:
    """(path, text) of every string below ``node`` (``node`` itself when it is one)."""
    if isinstance(node, str):
        yield "", node
    for path, _key, value in walk(node):
        if isinstance(value, str):
            yield path, value
