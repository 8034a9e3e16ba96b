"""compress_folder: MLE-bench's flat, deflated layout, with bytes that do not depend on file times."""

import os
import zipfile

from pytest_mlebench.archives import compress_folder


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
