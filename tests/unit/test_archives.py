"""compress_folder and tar_folder: MLE-bench's layouts, with bytes that do not depend on file times."""

import os
import tarfile
import zipfile

from pytest_mlebench.archives import compress_folder, tar_folder


def test_flat_sorted_deflated_entries_with_fixed_time(tmp_path):
    folder = tmp_path / "images"
    (folder / "sub").mkdir(parents=True)
    (folder / "b.jpg").write_bytes(b"bbbb")
    (folder / "a.jpg").write_bytes(b"aaaa" * 100)
    (folder / "sub" / "c.jpg").write_bytes(b"c")
    compress_folder(folder, tmp_path / "images.zip")
    with zipfile.ZipFile(tmp_path / "images.zip") as archive:
        assert archive.namelist() == ["a.jpg", "b.jpg", "sub/c.jpg"]
        assert archive.read("a.jpg") == b"aaaa" * 100
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_same_bytes_whatever_the_file_times(tmp_path):
    folder = tmp_path / "images"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(b"a")
    compress_folder(folder, tmp_path / "one.zip")
    os.utime(folder / "a.jpg", (1_000_000_000, 1_000_000_000))
    compress_folder(folder, tmp_path / "two.zip")
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()


def test_tar_folder_is_a_plain_sorted_tar_without_a_top_folder(tmp_path):
    folder = tmp_path / "test2019"
    (folder / "Plants" / "400").mkdir(parents=True)
    (folder / "b.jpg").write_bytes(b"bbbb")
    (folder / "Plants" / "400" / "a.jpg").write_bytes(b"aaaa" * 100)
    tar_folder(folder, tmp_path / "test2019.tar.gz")
    assert (tmp_path / "test2019.tar.gz").read_bytes()[:2] != b"\x1f\x8b"  # no gzip despite the name
    with tarfile.open(tmp_path / "test2019.tar.gz", "r:") as archive:
        assert archive.getnames() == ["Plants/400/a.jpg", "b.jpg"]
        assert archive.extractfile("Plants/400/a.jpg").read() == b"aaaa" * 100
        assert {(m.mtime, m.uid, m.mode) for m in archive.getmembers()} == {(0, 0, 0o644)}
    first = (tmp_path / "test2019.tar.gz").read_bytes()
    os.utime(folder / "b.jpg", (1_000_000_000, 1_000_000_000))
    tar_folder(folder, tmp_path / "again.tar")
    assert (tmp_path / "again.tar").read_bytes() == first
