"""Reading the mirror and suite for debootstrap from apt sources, in both of apt's formats."""

from __future__ import annotations

import pytest

from pytest_mlebench.errors import PrerequisiteError
from pytest_mlebench.rootfs import AptSource, choose_mirror, host_codename, inputs_hash, read_apt_sources

DEB822 = """\
Types: deb deb-src
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://mirror.example/debian
Suites: bookworm bookworm-updates
Components: main contrib
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://mirror.example/debian-security
Suites: bookworm-security
Components: main

Types: deb
Enabled: no
URIs: http://disabled.example/debian
Suites: bookworm
Components: main
"""


@pytest.fixture
def apt_dir(tmp_path):
    (tmp_path / "sources.list.d").mkdir()
    return tmp_path


def test_deb822_stanzas_keep_enabled_deb_sources_with_their_keyring(apt_dir):
    (apt_dir / "sources.list.d" / "debian.sources").write_text(DEB822)
    assert read_apt_sources(apt_dir) == [
        AptSource("http://mirror.example/debian", ("bookworm", "bookworm-updates"), ("main", "contrib"),
                  "/usr/share/keyrings/debian-archive-keyring.gpg"),
        AptSource("http://mirror.example/debian-security", ("bookworm-security",), ("main",), None),
    ]


def test_one_line_sources_with_options_and_comments(apt_dir):
    (apt_dir / "sources.list").write_text(
        "# deb http://commented.example/debian bookworm main\n"
        "deb-src http://src.example/debian bookworm main\n"
        "deb [arch=amd64 signed-by=/k.gpg] http://archive.example/ubuntu jammy main universe  # trailing\n"
    )
    (apt_dir / "sources.list.d" / "extra.list").write_text("deb https://packages.example/apt cloud-sdk main\n")
    (apt_dir / "sources.list.d" / "off.list.disabled").write_text("deb http://off.example/debian bookworm main\n")
    assert read_apt_sources(apt_dir) == [
        AptSource("http://archive.example/ubuntu", ("jammy",), ("main", "universe"), "/k.gpg"),
        AptSource("https://packages.example/apt", ("cloud-sdk",), ("main",), None),
    ]


def test_the_mirror_is_the_source_of_this_machines_release():
    sources = [
        AptSource("https://packages.example/apt", ("cloud-sdk-bookworm",), ("main",)),
        AptSource("http://mirror.example/debian-security", ("bookworm-security",), ("main",)),
        AptSource("http://mirror.example/debian/", ("bookworm", "bookworm-updates"), ("main",), "/k.gpg"),
    ]
    assert choose_mirror(sources, "bookworm") == ("http://mirror.example/debian", "bookworm", "/k.gpg")
    # Without a codename: the first bare release name that has a main component.
    assert choose_mirror(sources, None) == ("http://mirror.example/debian", "bookworm", "/k.gpg")
    with pytest.raises(PrerequisiteError, match="MLEBENCH_DEBIAN_MIRROR"):
        choose_mirror(sources[:2], None)


def test_codename_from_os_release(tmp_path):
    release = tmp_path / "os-release"
    release.write_text('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nVERSION_CODENAME=bookworm\n')
    assert host_codename(release) == "bookworm"
    assert host_codename(tmp_path / "missing") is None


def test_the_cache_key_changes_with_any_input():
    inputs = {"mirror": "http://m/debian", "suite": "bookworm", "packages": "python3"}
    assert inputs_hash(inputs) == inputs_hash(dict(reversed(list(inputs.items()))))
    assert inputs_hash(inputs) != inputs_hash({**inputs, "suite": "trixie"})
