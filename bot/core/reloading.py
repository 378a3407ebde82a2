"""Files that administrators and content owners edit while the assistant runs.

A saved edit is picked up at the next read without a restart. The cache key is the file's
modification time in nanoseconds with its size and inode: two saves within one tick of the file
system's clock still differ (a save that replaces the file, as the answer editor's does, makes
a new inode; one that rewrites it in place almost always changes the size). When an edit
breaks the file, the running assistant keeps the last good version and logs the error; at
start there is none, so the error reaches the person starting.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable, Dict, Generic, Tuple, Type, TypeVar

import yaml

logger = logging.getLogger(__name__)
T = TypeVar("T")


class ReloadingFile(Generic[T]):
    def __init__(self, load: Callable[[Path], T], error: Type[Exception], missing: str):
        self._load = load
        self._error = error
        self._missing = missing  # "{path}: ... does not exist"
        self._loaded: Dict[str, Tuple[Tuple[int, int, int], T]] = {}

    def get(self, path: Path) -> T:
        key = str(path)
        try:
            found = Path(path).stat()
        except FileNotFoundError:
            raise self._error(self._missing.format(path=path)) from None
        stamp = (found.st_mtime_ns, found.st_size, found.st_ino)
        cached = self._loaded.get(key)
        if cached and cached[0] == stamp:
            return cached[1]
        try:
            value = self._load(Path(path))
        except self._error:
            if cached is None:
                raise
            logger.exception("Keeping the last good version of %s: the edited file has errors", path)
            return cached[1]
        self._loaded[key] = (stamp, value)
        return value


def read_yaml(path: Path, error: Type[Exception], missing: str) -> Any:
    """The file's YAML; a missing file or a syntax error becomes `error` naming the file."""
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise error(missing.format(path=path)) from None
    except yaml.YAMLError as problem:
        raise error(f"{path}: not valid YAML: {problem}") from None
