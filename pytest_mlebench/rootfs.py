"""A Debian root filesystem as a Docker image, for machines that cannot pull a base image from a registry.

It reads the mirror and suite from the machine's own apt sources (never a hard-coded host), runs
`debootstrap --variant=minbase` with Python and the scientific packages, and imports the tree.
It does not build the agent environment on top; `images` does.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from pytest_mlebench.errors import InfraError, PrerequisiteError

ROOTFS_IMAGE = "mlebench-rootfs:latest"
INPUTS_LABEL = "mlebench.inputs"
# python-is-python3: MLE-bench's agents call `python`, which Debian only provides through this package.
PACKAGES = ("python3", "python3-numpy", "python3-pandas", "python3-sklearn", "python-is-python3", "ca-certificates")
# Bump when the recipe below changes in a way the inputs do not show, so cached images are rebuilt.
RECIPE_VERSION = "1"
APT_DIR = Path("/etc/apt")


@dataclasses.dataclass(frozen=True)
class AptSource:
    """One `deb` line or deb822 stanza reduced to what debootstrap needs."""

    uri: str
    suites: tuple[str, ...]
    components: tuple[str, ...]
    keyring: str | None = None


def _parse_one_line(line: str) -> AptSource | None:
    """`deb [signed-by=/k.gpg arch=amd64] http://host/debian bookworm main` -> AptSource."""
    line = line.split("#", 1)[0].strip()
    if not line.startswith("deb "):
        return None
    rest = line[4:].strip()
    keyring = None
    if rest.startswith("["):
        options, _, rest = rest[1:].partition("]")
        for option in options.split():
            key, _, value = option.partition("=")
            if key == "signed-by":
                keyring = value
    fields = rest.split()
    if len(fields) < 2:
        return None
    return AptSource(fields[0], (fields[1],), tuple(fields[2:]), keyring)


def _parse_deb822(text: str) -> list[AptSource]:
    """Stanzas of a `.sources` file; disabled stanzas and non-`deb` types are left out."""
    sources = []
    for stanza in text.split("\n\n"):
        fields: dict[str, str] = {}
        key = None
        for raw in stanza.splitlines():
            if raw.startswith("#") or not raw.strip():
                continue
            if raw[0] in " \t" and key:  # continuation line (a multi-line Signed-By key block)
                fields[key] += "\n" + raw.strip()
                continue
            key, _, value = raw.partition(":")
            key = key.strip().lower()
            fields[key] = value.strip()
        if "deb" not in fields.get("types", "").split() or fields.get("enabled", "yes").lower() == "no":
            continue
        keyring = fields.get("signed-by")
        keyring = keyring if keyring and "\n" not in keyring and keyring.startswith("/") else None
        for uri in fields.get("uris", "").split():
            sources.append(
                AptSource(uri, tuple(fields.get("suites", "").split()), tuple(fields.get("components", "").split()), keyring)
            )
    return sources


def read_apt_sources(apt_dir: Path = APT_DIR) -> list[AptSource]:
    """Every enabled `deb` source: sources.list, then sources.list.d/*.list and *.sources in name order."""
    sources: list[AptSource] = []
    main_list = apt_dir / "sources.list"
    if main_list.is_file():
        sources += [s for s in map(_parse_one_line, main_list.read_text().splitlines()) if s]
    extra = apt_dir / "sources.list.d"
    for path in sorted(extra.glob("*")) if extra.is_dir() else ():
        if path.suffix == ".list":
            sources += [s for s in map(_parse_one_line, path.read_text().splitlines()) if s]
        elif path.suffix == ".sources":
            sources += _parse_deb822(path.read_text())
    return sources


def host_codename(os_release: Path = Path("/etc/os-release")) -> str | None:
    """VERSION_CODENAME of this machine, e.g. 'bookworm'."""
    if not os_release.is_file():
        return None
    for line in os_release.read_text().splitlines():
        key, _, value = line.partition("=")
        if key == "VERSION_CODENAME" and value.strip('"'):
            return value.strip('"')
    return None


def choose_mirror(sources: Iterable[AptSource], codename: str | None) -> tuple[str, str, str | None]:
    """(mirror, suite, keyring): the first source carrying this machine's release suite.

    Without a codename, the first source whose suite is a bare release name (no `-updates`, `-security`)
    and that has a `main` component: third-party repositories rarely publish `main` under a bare name.
    """
    sources = list(sources)
    for source in sources:
        if codename and codename in source.suites:
            return source.uri.rstrip("/"), codename, source.keyring
    for source in sources:
        for suite in source.suites:
            if "-" not in suite and "/" not in suite and "main" in source.components:
                return source.uri.rstrip("/"), suite, source.keyring
    raise PrerequisiteError(
        "No Debian or Ubuntu release source found in /etc/apt/sources.list(.d); "
        "set MLEBENCH_DEBIAN_MIRROR and MLEBENCH_DEBIAN_SUITE, or pass --build-arg BASE_IMAGE with a registry."
    )


def rootfs_inputs() -> dict[str, str]:
    """What the root filesystem depends on; its hash is the image's cache key."""
    mirror = os.environ.get("MLEBENCH_DEBIAN_MIRROR")
    suite = os.environ.get("MLEBENCH_DEBIAN_SUITE")
    keyring = None
    if not (mirror and suite):
        found_mirror, found_suite, keyring = choose_mirror(read_apt_sources(), host_codename())
        mirror, suite = mirror or found_mirror, suite or found_suite
    return {
        "mirror": mirror,
        "suite": suite,
        "keyring": keyring or "",
        "arch": _architecture(),
        "packages": ",".join(PACKAGES),
        "recipe": RECIPE_VERSION,
    }


def inputs_hash(inputs: dict[str, str]) -> str:
    blob = "\n".join(f"{k}={inputs[k]}" for k in sorted(inputs))
    return hashlib.sha256(blob.encode()).hexdigest()


def _architecture() -> str:
    try:
        return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return {"x86_64": "amd64", "aarch64": "arm64"}.get(os.uname().machine, os.uname().machine)


def build_rootfs_image(client, inputs: dict[str, str]) -> str:
    """debootstrap into a temporary folder, trim it, and `docker import` it as ROOTFS_IMAGE; returns the image id."""
    if shutil.which("debootstrap") is None:
        raise PrerequisiteError("debootstrap is not installed; install it (apt-get install debootstrap) to build images offline.")
    if os.geteuid() != 0:
        raise PrerequisiteError("Building the base image with debootstrap needs root; run `mlebench image build` as root.")
    workdir = Path(tempfile.mkdtemp(prefix="mlebench-rootfs-", dir="/var/tmp"))
    target = workdir / "rootfs"
    log = workdir / "debootstrap.log"
    command = [
        "debootstrap", "--variant=minbase", f"--arch={inputs['arch']}", "--components=main",
        f"--include={inputs['packages']}",
    ]
    if inputs["keyring"]:
        command.append(f"--keyring={inputs['keyring']}")
    command += [inputs["suite"], str(target), inputs["mirror"]]
    try:
        with open(log, "w") as handle:
            done = subprocess.run(command, stdout=handle, stderr=subprocess.STDOUT)
        if done.returncode != 0:
            tail = "".join(Path(log).read_text().splitlines(keepends=True)[-15:])
            raise InfraError(f"debootstrap from {inputs['mirror']} ({inputs['suite']}) failed; see {log}:\n{tail}")
        _trim(target)
        image_id = _import(client, target, inputs)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)  # the log stays, for the error message to point at
        raise
    shutil.rmtree(workdir, ignore_errors=True)
    return image_id


def _trim(target: Path) -> None:
    """Drop package caches and docs the agents never read (a third of the tree)."""
    for pattern in ("var/cache/apt/archives/*.deb", "var/lib/apt/lists/*_*", "usr/share/doc/*", "usr/share/man/*",
                    "usr/share/info/*", "var/log/*.log"):
        for path in target.glob(pattern):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def _import(client, target: Path, inputs: dict[str, str]) -> str:
    """Stream `tar` of the tree into the engine's import endpoint, labelled with the inputs' hash."""
    repository, tag = ROOTFS_IMAGE.split(":")
    changes = [
        f"LABEL {INPUTS_LABEL}={inputs_hash(inputs)}",
        f"LABEL mlebench.debian_suite={inputs['suite']}",
        "ENV LANG=C.UTF-8",
        'CMD ["/bin/bash"]',
    ]
    tar = subprocess.Popen(["tar", "--numeric-owner", "-C", str(target), "-cf", "-", "."], stdout=subprocess.PIPE)
    try:
        client.api.import_image(src=tar.stdout, repository=repository, tag=tag, changes=changes, stream_src=True)
    finally:
        tar.stdout.close()
        if tar.wait() != 0:
            raise InfraError(f"tar of the root filesystem at {target} failed with exit code {tar.returncode}.")
    return client.images.get(ROOTFS_IMAGE).id
