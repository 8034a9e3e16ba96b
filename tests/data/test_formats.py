"""data.formats: each format family round-trips through its library; TFRecords are CRC-checked and
interchangeable with the independent `tfrecord` package; DICOM pixels round-trip through pydicom."""

from __future__ import annotations

import datetime
import io
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import py7zr
import pydicom
import pytest

from pytest_mlebench.data.formats import archives, audio, dicom, tables, tfrecord
from pytest_mlebench.testing.builders import dicom_bytes, noise_image, tfrecord_bytes

EXAMPLES = [
    {"image_name": [b"ISIC_0000001"], "target": [1], "scores": [0.5, -2.25], "ids": [3, -4, 2**40]},
    {"image_name": [b"ISIC_0000002"], "target": [0], "scores": [1.0], "ids": [0]},
]


# --- TFRecord -------------------------------------------------------------------------------------


def test_masked_crc32c_of_the_rfc_3720_check_value():
    # CRC-32C("123456789") = 0xE3069283; TFRecord's mask rotates right by 15 and adds 0xa282ead8.
    crc = 0xE3069283
    assert tfrecord.masked_crc32c(b"123456789") == (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def test_tfrecord_examples_round_trip(tmp_path):
    tfrecord.write_examples(tmp_path / "a.tfrec", EXAMPLES)
    assert list(tfrecord.read_examples(tmp_path / "a.tfrec")) == EXAMPLES


def test_tfrecord_keeps_the_feature_order_of_the_writer():
    # Kaggle's shards (and the siim conformance data) list image before image_name; no sorting by the runtime.
    record = tfrecord.serialize_example({"image_name": [b"n"], "image": [b"i"], "target": [1]})
    assert record.index(b"image_name") < record.index(b"\x05image") < record.index(b"target")
    assert list(tfrecord.parse_example(record)) == ["image_name", "image", "target"]


@pytest.mark.parametrize("where", ["length", "payload"])
def test_tfrecord_reader_rejects_a_corrupted_crc(tmp_path, where):
    data = bytearray(tfrecord_bytes(EXAMPLES))
    data[{"length": 0, "payload": 20}[where]] ^= 1
    (tmp_path / "bad.tfrec").write_bytes(bytes(data))
    with pytest.raises(tfrecord.TFRecordError, match=f"Corrupt TFRecord {where}"):
        list(tfrecord.read_examples(tmp_path / "bad.tfrec"))


def test_tfrecord_reader_rejects_a_truncated_file_and_a_record_that_is_no_example(tmp_path):
    data = tfrecord_bytes(EXAMPLES)
    with pytest.raises(tfrecord.TFRecordError, match="Truncated"):
        list(tfrecord.read_examples(io.BytesIO(data[:-3])))
    with pytest.raises(tfrecord.TFRecordError, match="not a tf.train.Example"):
        tfrecord.parse_example(b"\x0a\xff")


def test_tfrecord_refuses_mixed_feature_values():
    with pytest.raises(ValueError, match="'x'"):
        tfrecord.serialize_example({"x": [b"a", 1]})


def test_our_tfrecords_are_read_by_the_tfrecord_package(tmp_path):
    reader = pytest.importorskip("tfrecord.reader")
    tfrecord.write_examples(tmp_path / "ours.tfrec", EXAMPLES)
    theirs = list(reader.tfrecord_loader(str(tmp_path / "ours.tfrec"), None))
    assert [bytes(row["image_name"]) for row in theirs] == [b"ISIC_0000001", b"ISIC_0000002"]
    assert [row["ids"].tolist() for row in theirs] == [[3, -4, 2**40], [0]]
    assert [row["scores"].tolist() for row in theirs] == [[0.5, -2.25], [1.0]]


def test_the_tfrecord_package_s_files_are_read_by_ours(tmp_path):
    writer = pytest.importorskip("tfrecord.writer")
    out = writer.TFRecordWriter(str(tmp_path / "theirs.tfrec"))
    for example in EXAMPLES:
        out.write({
            "image_name": (example["image_name"][0], "byte"),
            "target": (example["target"], "int"),
            "scores": (example["scores"], "float"),
            "ids": (example["ids"], "int"),
        })
    out.close()
    assert list(tfrecord.read_examples(tmp_path / "theirs.tfrec")) == [
        {key: example[key] for key in ("image_name", "target", "scores", "ids")} for example in EXAMPLES
    ]


# --- DICOM ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pixels",
    [
        np.arange(16, dtype=np.uint8).reshape(4, 4),
        np.arange(60, dtype=np.uint8).reshape(4, 5, 3),
        (np.arange(12, dtype=np.uint16) * 5000).reshape(3, 4),
    ],
    ids=["grey8", "rgb8", "grey16"],
)
def test_dicom_pixels_round_trip_through_pydicom(tmp_path, pixels):
    dicom.write_dicom(tmp_path / "a.dcm", pixels, sop_instance_uid="1.2.3.4", attributes={"PatientName": "ISIC_1"})
    assert np.array_equal(dicom.read_pixels(tmp_path / "a.dcm"), pixels)
    dataset = pydicom.dcmread(tmp_path / "a.dcm")
    assert dataset.PatientName == "ISIC_1" and dataset.SOPInstanceUID == "1.2.3.4"
    assert np.array_equal(dataset.pixel_array, pixels)


def test_dicom_is_a_valid_part_10_file_whatever_the_pydicom_version():
    data = dicom_bytes(np.zeros((2, 2), dtype=np.uint8), "1.2.3")
    assert data[:128] == b"\0" * 128 and data[128:132] == b"DICM"
    meta = dicom.read_dicom(io.BytesIO(data), pixels=False).file_meta
    # Type 1 elements of the file meta (PS3.10 table 7.1-1), the implementation ours rather than pydicom's.
    assert meta.ImplementationClassUID == dicom.IMPLEMENTATION_CLASS_UID
    assert meta.ImplementationVersionName == dicom.IMPLEMENTATION_VERSION_NAME
    assert meta.MediaStorageSOPInstanceUID == "1.2.3" and meta.FileMetaInformationGroupLength > 0


def test_dicom_refuses_pixels_it_cannot_encode(tmp_path):
    with pytest.raises(ValueError, match="uint8/uint16"):
        dicom.write_dicom(tmp_path / "a.dcm", np.zeros((2, 2), dtype=np.float32), sop_instance_uid="1.2")


# --- archives -------------------------------------------------------------------------------------

MEMBERS = {"train/a.txt": b"alpha", "train/b/c.bin": bytes(range(256)), "labels.csv": b"id,y\n1,0\n"}


@pytest.mark.parametrize("suffix", [".zip", ".7z"])
@pytest.mark.parametrize("compress", [True, False])
def test_archives_round_trip(tmp_path, suffix, compress):
    archive = tmp_path / f"a{suffix}"
    archives.write_archive(archive, MEMBERS, compress=compress)
    assert [m for m in archives.list_members(archive) if m in MEMBERS] == list(MEMBERS)
    files = archives.extract(archive, tmp_path / "out")
    assert {p.relative_to(tmp_path / "out").as_posix(): p.read_bytes() for p in files} == MEMBERS


@pytest.mark.parametrize("suffix", [".zip", ".7z"])
def test_folder_archives_round_trip(tmp_path, suffix):
    for name, data in MEMBERS.items():
        (tmp_path / "src" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "src" / name).write_bytes(data)
    archives.write_folder_archive(tmp_path / "src", tmp_path / f"a{suffix}")
    files = archives.extract(tmp_path / f"a{suffix}", tmp_path / "out")
    assert {p.relative_to(tmp_path / "out").as_posix(): p.read_bytes() for p in files} == MEMBERS


def test_zip_bytes_do_not_depend_on_when_they_are_written(tmp_path):
    archives.write_archive(tmp_path / "a.zip", MEMBERS)
    with zipfile.ZipFile(tmp_path / "a.zip") as handle:
        assert {info.date_time for info in handle.infolist()} == {(1980, 1, 1, 0, 0, 0)}


@pytest.mark.parametrize("suffix", [".zip", ".7z"])
def test_archive_bytes_do_not_depend_on_when_they_are_written(tmp_path, monkeypatch, suffix):
    archives.write_archive(tmp_path / f"a{suffix}", MEMBERS)
    clock = time.time()
    monkeypatch.setattr(time, "time", lambda: clock + 86_400)  # py7zr stamps entries with time.time()
    archives.write_archive(tmp_path / f"b{suffix}", MEMBERS)
    assert (tmp_path / f"a{suffix}").read_bytes() == (tmp_path / f"b{suffix}").read_bytes()


@pytest.mark.parametrize("suffix", [".zip", ".7z"])
def test_file_archives_equal_in_memory_ones(tmp_path, suffix):
    paths = {}
    for index, (name, data) in enumerate(MEMBERS.items()):
        paths[name] = tmp_path / f"f{index}"
        paths[name].write_bytes(data)
    archives.write_file_archive(tmp_path / f"a{suffix}", paths)
def test_7z_bytes_do_not_depend_on_when_they_are_written(tmp_path):
    archives.write_archive(tmp_path / "a.7z", MEMBERS)
    with py7zr.SevenZipFile(tmp_path / "a.7z") as handle:
        assert {info.creationtime for info in handle.list()} == {datetime.datetime(1980, 1, 1, tzinfo=datetime.timezone.utc)}
    time.sleep(1.1)
    archives.write_archive(tmp_path / "b.7z", MEMBERS)
    assert (tmp_path / "a.7z").read_bytes() == (tmp_path / "b.7z").read_bytes()


def test_extract_refuses_a_member_outside_the_folder_before_writing(tmp_path):
    with zipfile.ZipFile(tmp_path / "evil.zip", "w") as handle:
        handle.writestr("ok.txt", b"fine")
        handle.writestr("../escaped.txt", b"gotcha")
    with pytest.raises(archives.ArchiveError, match="outside"):
        archives.extract(tmp_path / "evil.zip", tmp_path / "out")
    assert not (tmp_path / "escaped.txt").exists() and not (tmp_path / "out" / "ok.txt").exists()


def test_unreadable_and_unknown_archives_are_archive_errors(tmp_path):
    (tmp_path / "bad.zip").write_bytes(b"not a zip")
    (tmp_path / "bad.7z").write_bytes(b"not a 7z")
    for name in ("bad.zip", "bad.7z"):
        with pytest.raises(archives.ArchiveError, match="not a readable archive"):
            archives.list_members(tmp_path / name)
    with pytest.raises(archives.ArchiveError, match="unsupported"):
        archives.list_members(tmp_path / "a.rar")


# --- tables and audio -----------------------------------------------------------------------------


def test_parquet_round_trip(tmp_path):
    frame = pd.DataFrame({"id": [3, 1, 2], "name": ["a", "b", None], "score": [0.5, np.nan, -1.0]}, index=[7, 8, 9])
    tables.write_parquet(frame, tmp_path / "t.parquet")
    pd.testing.assert_frame_equal(tables.read_parquet(tmp_path / "t.parquet"), frame.reset_index(drop=True))
    assert list(tables.read_parquet(tmp_path / "t.parquet", columns=["score"]).columns) == ["score"]


@pytest.mark.parametrize("suffix", [".wav", ".flac", ".aif"])
def test_audio_round_trip(tmp_path, suffix):
    samples = np.array([[0, -1], [1000, 32767], [-32768, 5]], dtype=np.int16)
    audio.write_audio(tmp_path / f"a{suffix}", samples, 2000)
    read, rate = audio.read_audio(tmp_path / f"a{suffix}", dtype="int16")
    assert rate == 2000 and np.array_equal(read, samples)


# --- builders -------------------------------------------------------------------------------------


@pytest.mark.parametrize("image_format", ["PNG", "TIFF", "BMP"])
def test_noise_images_hold_the_generator_s_pixels(image_format):
    from PIL import Image

    data = noise_image(np.random.default_rng(3), (5, 4, 3), image_format)
    expected = np.random.default_rng(3).integers(0, 256, size=(5, 4, 3), dtype=np.uint8)
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(data))), expected)


def test_builders_write_files_the_readers_read(tmp_path: Path):
    pixels = np.arange(9, dtype=np.uint8).reshape(3, 3)
    assert np.array_equal(dicom.read_pixels(io.BytesIO(dicom_bytes(pixels, "1.2.3"))), pixels)
    assert list(tfrecord.read_examples(io.BytesIO(tfrecord_bytes(EXAMPLES)))) == EXAMPLES


@pytest.mark.parametrize("unzip", [True, False], ids=["unzip", "zipfile"])
def test_zip_extraction_gives_the_same_files_with_or_without_unzip(tmp_path, monkeypatch, unzip):
    members = {"train.csv": b"id,label\n1,0\n", "train/a b.jpg": noise_image(np.random.default_rng(0), (4, 4, 3), "JPEG"),
               "nested/deeper/x.bin": bytes(range(256)) * 3}
    archive = tmp_path / "raw.zip"
    archives.write_archive(archive, members)
    if unzip:
        if archives.shutil.which("unzip") is None:
            pytest.skip("Info-ZIP unzip is not installed")
    else:
        monkeypatch.setattr(archives.shutil, "which", lambda name: None)
    extracted = archives.extract(archive, tmp_path / "out")
    assert {p.relative_to(tmp_path / "out").as_posix(): p.read_bytes() for p in extracted} == members
