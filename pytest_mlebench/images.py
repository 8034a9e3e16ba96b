"""Build the agent images (`mlebench-env` and one image per built-in agent) through the docker SDK, cached.

Each image carries a label with the hash of everything it is built from (Dockerfile, copied files, build
arguments, parent image id), so a second build with nothing changed only reads labels. Where no base image
can be found or pulled, the base starts from a Debian root filesystem (`rootfs`). Nothing here runs agents.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import io
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from filelock import FileLock

from pytest_mlebench.agent_types import PROGRAMS, agent_image
from pytest_mlebench.agent_venv import IMAGE_PIP, ensure_wheelhouse
from pytest_mlebench.agents import BUILTINS
from pytest_mlebench.errors import InfraError, MlebenchError, PrerequisiteError
from pytest_mlebench.rootfs import INPUTS_LABEL, ROOTFS_IMAGE, build_rootfs_image, inputs_hash, rootfs_inputs
from pytest_mlebench.runtime.docker import AGENT_UID, connect

PACKAGE = Path(__file__).resolve().parent
DOCKERFILES = PACKAGE / "images"
SANDBOX_FILES = PACKAGE / "sandbox_files"
BASE_IMAGE = "mlebench-env:latest"
PUBLIC_BASE = "python:3.11-slim-bookworm"  # the Dockerfile's default, for machines with a registry
AGENTS = tuple(BUILTINS)
# What `mlebench-env` holds besides Python: ours, and what MLE-bench's agent folders call (MLE-bench's contract).
BASE_FILES = ("instructions.txt", "instructions_obfuscated.txt", "validate_submission.py", "validate_submission.sh",
              "conda", "validation_server.py", "entrypoint.sh")
BUILD_TIMEOUT = 3600


@dataclasses.dataclass(frozen=True)
class Recipe:
    """One image: its tag, its Dockerfile and the files copied into its build context."""

    name: str
    tag: str
    dockerfile: Path
    files: dict[str, Path]
    # More files found only when this image is built (an agent's wheels: downloading them is the costly part).
    extra_files: Callable[[], dict[str, Path]] | None = None

    def context(self) -> bytes:
        """A tar of exactly the Dockerfile and the named files, so no stray file changes the hash or the image."""
        files = {**self.files, **(self.extra_files() if self.extra_files is not None else {})}
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as tar:
            for arcname, path in [("Dockerfile", self.dockerfile), *sorted(files.items())]:
                if not path.is_file():
                    raise PrerequisiteError(f"{path} is missing; the {self.name} image cannot be built without it.")
                data = path.read_bytes()
                info = tarfile.TarInfo(arcname)
                info.size, info.mtime = len(data), 0  # fixed metadata keeps the context (and its hash) stable
                executable = arcname.endswith(".py") or path.stat().st_mode & 0o111
                info.mode = 0o755 if executable else 0o644  # COPY keeps these modes
                tar.addfile(info, io.BytesIO(data))
        return buffer.getvalue()


def recipes() -> dict[str, Recipe]:
    base_files = {name: SANDBOX_FILES / name for name in BASE_FILES}
    found = {"base": Recipe("base", BASE_IMAGE, DOCKERFILES / "base.Dockerfile", base_files, _base_wheels)}
    for name, agent in BUILTINS.items():
        found[name] = Recipe(name, agent_image(name), DOCKERFILES / f"{name}.Dockerfile",
                             {agent.program: PROGRAMS / agent.program}, agent.image_files)
    return found


def _base_wheels() -> dict[str, Path]:
    """pip, for the `agent` environment's `pip install` (downloaded once on the host; the build is offline)."""
    folder = ensure_wheelhouse("env", (IMAGE_PIP,), ())
    return {f"wheels/{path.name}": path for path in sorted(folder.glob("pip-*.whl"))}


def build_images(
    names: Iterable[str] = AGENTS,
    rebuild: bool = False,
    base_image: str | None = None,
    client=None,
    log: Callable[[str], None] = print,
) -> dict[str, str]:
    """Build `base` and the named agent images where their inputs changed; returns name -> tag.

    Args:
        names: built-in agents to build (`base` is always built first).
        rebuild: build every image and the Debian root filesystem again, ignoring the cache.
        base_image: what `base.Dockerfile` starts from. None: the public Python image if it is here or can be
            pulled, else a Debian root filesystem built with debootstrap. "debian": always the latter.
        client: a docker SDK client (default: from the environment).
        log: where progress lines go.
    """
    client = client or connect(timeout=BUILD_TIMEOUT)
    names = list(names)
    unknown = [n for n in names if n not in recipes()]
    if unknown:
        raise PrerequisiteError(f"No built-in image named {', '.join(unknown)}; choose from {', '.join(AGENTS)}.")
    # One build at a time per machine: xdist workers or two sessions would otherwise debootstrap twice.
    with FileLock(str(Path(tempfile.gettempdir()) / "mlebench-image-build.lock")):
        return _build_all(client, names, rebuild, base_image, log)


def _build_all(client, names: list[str], rebuild: bool, base_image: str | None, log: Callable[[str], None]) -> dict[str, str]:
    all_recipes = recipes()
    replaced: list[str] = []
    parent = _base_parent(client, base_image, rebuild, log, replaced)
    built = {"base": _build(client, all_recipes["base"], parent, rebuild, log, replaced,
                            offline=parent == ROOTFS_IMAGE)}
    agents = list(dict.fromkeys(n for n in names if n != "base"))
    # Agent images are independent, and most of a build step is the engine committing layers: build them at once.
    with ThreadPoolExecutor(max_workers=max(1, len(agents))) as pool:
        futures = {n: pool.submit(_build, client, all_recipes[n], BASE_IMAGE, rebuild, log, replaced, True) for n in agents}
        built.update({n: future.result() for n, future in futures.items()})
    _remove_replaced(client, replaced)
    return built


def _base_parent(client, base_image: str | None, rebuild: bool, log: Callable[[str], None], replaced: list[str]) -> str:
    """The image `base.Dockerfile` builds FROM, making the Debian root filesystem when nothing else is at hand."""
    if base_image not in (None, "debian"):
        return base_image
    if base_image is None:
        if _exists(client, PUBLIC_BASE):
            return PUBLIC_BASE
        if not rebuild and _rootfs_current(client):
            return ROOTFS_IMAGE
        try:
            repository, tag = PUBLIC_BASE.split(":")
            client.images.pull(repository, tag=tag)
            log(f"pulled {PUBLIC_BASE}")
            return PUBLIC_BASE
        except Exception as error:  # docker.errors.APIError and friends: no registry, fall back to Debian
            log(f"cannot pull {PUBLIC_BASE} ({type(error).__name__}); building a Debian root filesystem instead")
    if rebuild or not _rootfs_current(client):
        inputs = rootfs_inputs()
        log(f"debootstrap {inputs['suite']} from {inputs['mirror']} (a few minutes) ...")
        started = time.monotonic()
        _note_replaced(client, ROOTFS_IMAGE, replaced)
        build_rootfs_image(client, inputs)
        log(f"{ROOTFS_IMAGE} imported in {time.monotonic() - started:.0f} s")
    return ROOTFS_IMAGE


def _rootfs_current(client) -> bool:
    image = _get(client, ROOTFS_IMAGE)
    if image is None:
        return False
    try:
        return (image.labels or {}).get(INPUTS_LABEL) == inputs_hash(rootfs_inputs())
    except PrerequisiteError:  # no apt sources on this host: a pulled base may still do
        return False


def inputs_key(context: bytes, buildargs: dict[str, str], parent_image) -> str:
    """The cache key of one image: its build context, its build arguments and its parent's id."""
    digest = hashlib.sha256(context)
    digest.update(repr(sorted(buildargs.items())).encode())
    digest.update((parent_image.id if parent_image is not None else buildargs.get("BASE_IMAGE", "")).encode())
    return digest.hexdigest()


def _build(
    client, recipe: Recipe, parent: str, rebuild: bool, log: Callable[[str], None], replaced: list[str], offline: bool
) -> str:
    """Build one recipe FROM `parent` unless an image with the same inputs' hash already exists."""
    import docker

    context = recipe.context()
    buildargs = {"BASE_IMAGE": parent, "AGENT_UID": str(AGENT_UID)}
    key = inputs_key(context, buildargs, _get(client, parent))
    existing = _get(client, recipe.tag)
    if not rebuild and existing is not None and (existing.labels or {}).get(INPUTS_LABEL) == key:
        log(f"{recipe.tag} is up to date")
        return recipe.tag
    log(f"building {recipe.tag} from {parent} ...")
    _note_replaced(client, recipe.tag, replaced)
    started = time.monotonic()
    try:
        client.images.build(
            fileobj=io.BytesIO(context), custom_context=True, tag=recipe.tag, buildargs=buildargs,
            labels={INPUTS_LABEL: key, "mlebench.image": recipe.name}, rm=True, forcerm=True,
            nocache=rebuild, network_mode="none" if offline else None, pull=False,
        )
    except docker.errors.BuildError as error:
        tail = "".join(str(chunk.get("stream") or chunk.get("error") or "") for chunk in list(error.build_log)[-20:])
        raise InfraError(f"docker build of {recipe.tag} failed: {error.msg}\n{tail}") from None
    log(f"{recipe.tag} built in {time.monotonic() - started:.0f} s")
    return recipe.tag


def _note_replaced(client, tag: str, replaced: list[str]) -> None:
    image = _get(client, tag)
    if image is not None:
        replaced.append(image.id)


def _remove_replaced(client, replaced: list[str]) -> None:
    """Drop the images a build untagged, children first, so rebuilds do not pile up gigabytes of layers."""
    import docker

    for image_id in reversed(replaced):
        try:
            if client.images.get(image_id).tags:
                continue  # the build gave the tag back to the same image
            client.images.remove(image_id)
        except docker.errors.APIError:
            pass  # still tagged elsewhere or used by a container: it stays, as docker would keep it


def _get(client, reference: str):
    import docker

    try:
        return client.images.get(reference)
    except docker.errors.ImageNotFound:
        return None


def _exists(client, reference: str) -> bool:
    return _get(client, reference) is not None


def main(argv: list[str] | None = None) -> int:
    """`mlebench image build [NAME ...] [--rebuild] [--base-image IMAGE]`."""
    parser = argparse.ArgumentParser(prog="mlebench image build", description=main.__doc__)
    parser.add_argument("names", nargs="*", default=list(AGENTS), help=f"agents to build (default: {' '.join(AGENTS)})")
    parser.add_argument("--rebuild", action="store_true", help="ignore the cache and build everything again")
    parser.add_argument("--base-image", default=None,
                        help=f"image the environment starts from (default: {PUBLIC_BASE} if it can be had, "
                             "else a Debian root filesystem; 'debian' forces the latter)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        built = build_images(args.names, rebuild=args.rebuild, base_image=args.base_image)
    except MlebenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for name, tag in built.items():
        print(f"{name:10s} {tag}")
    print(f"done in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
