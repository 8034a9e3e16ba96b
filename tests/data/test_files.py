"""Placing raw files: hard links where possible, copies otherwise, the same bytes either way."""

import os

from pytest_mlebench.data import files
from pytest_mlebench.data.files import link_or_copy, link_or_copy_many


def test_link_shares_the_inode_and_replaces_an_existing_target(tmp_path):
    source = tmp_path / "raw" / "a.jpg"
    source.parent.mkdir()
    source.write_bytes(b"pixels")
    target = tmp_path / "public" / "train" / "a.jpg"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"old")
    link_or_copy(source, target)
    assert target.read_bytes() == b"pixels"
    assert os.stat(target).st_ino == os.stat(source).st_ino


def test_copy_when_linking_fails(tmp_path, monkeypatch):
    source = tmp_path / "a.bin"
    source.write_bytes(b"x" * 10)

    def refuse(*_):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(files.os, "link", refuse)
    link_or_copy(source, tmp_path / "out" / "a.bin")
    assert (tmp_path / "out" / "a.bin").read_bytes() == b"x" * 10
    assert os.stat(tmp_path / "out" / "a.bin").st_ino != os.stat(source).st_ino


def test_many_files_through_the_pool(tmp_path):
    pairs = []
    for n in range(200):
        source = tmp_path / "raw" / f"{n}.txt"
        source.parent.mkdir(exist_ok=True)
        source.write_text(str(n))
        pairs.append((source, tmp_path / "public" / f"d{n % 3}" / f"{n}.txt"))
    assert link_or_copy_many(pairs, workers=4) == 200
    assert all(target.read_text() == source.read_text() for source, target in pairs)


def test_links_are_made_in_order_and_copies_take_over_where_linking_stops(tmp_path, monkeypatch):
    pairs = []
    for n in range(100):
        source = tmp_path / "raw" / f"{n}.txt"
        source.parent.mkdir(exist_ok=True)
        source.write_text(str(n))
        pairs.append((source, tmp_path / "public" / f"{n}.txt"))
    pairs[0][1].parent.mkdir()
    pairs[0][1].write_text("stale")  # an existing target is replaced, not a reason to stop linking
    real_link, calls = os.link, []

    def link_until_the_60th(source, target):
        calls.append(target)
        if len(calls) > 61:  # 60 pairs plus the retry of the stale target; then another filesystem
            raise OSError(18, "Invalid cross-device link")
        real_link(source, target)

    monkeypatch.setattr(files.os, "link", link_until_the_60th)
    assert link_or_copy_many(pairs, workers=4) == 100
    assert all(target.read_text() == source.read_text() for source, target in pairs)
    inodes = [os.stat(t).st_ino == os.stat(s).st_ino for s, t in pairs]
    assert inodes == [True] * 60 + [False] * 40
