"""A file edited while the assistant runs is read again at the next use: also when the edit
came within the same tick of the file system's clock (the same modification time), as two
saves of the answer editor in one second can."""
from __future__ import annotations

import os

from bot.core.reloading import ReloadingFile


class Broken(Exception):
    pass


def _reader(log):
    def load(path):
        log.append(path)
        return path.read_text(encoding="utf-8")

    return ReloadingFile(load, Broken, "{path}: missing")


def test_an_unchanged_file_is_read_once(tmp_path):
    path, reads = tmp_path / "a.txt", []
    path.write_text("een", encoding="utf-8")
    reader = _reader(reads)
    assert reader.get(path) == reader.get(path) == "een" and len(reads) == 1


def test_a_file_replaced_with_the_same_time_and_size_is_read_again(tmp_path):
    path, reads = tmp_path / "a.txt", []
    path.write_text("een", encoding="utf-8")
    os.utime(path, ns=(10**18, 10**18))
    reader = _reader(reads)
    assert reader.get(path) == "een"
    other = tmp_path / "b.txt"
    other.write_text("twe", encoding="utf-8")  # the same size
    os.utime(other, ns=(10**18, 10**18))  # and the same modification time
    os.replace(other, path)  # a new inode, as the answer editor's save makes
    assert reader.get(path) == "twe"


def test_a_file_rewritten_in_place_in_the_same_tick_is_read_again_when_its_size_changed(tmp_path):
    path, reads = tmp_path / "a.txt", []
    path.write_text("een", encoding="utf-8")
    os.utime(path, ns=(10**18, 10**18))
    reader = _reader(reads)
    assert reader.get(path) == "een"
    path.write_text("eenmaal", encoding="utf-8")
    os.utime(path, ns=(10**18, 10**18))
    assert reader.get(path) == "eenmaal"
