"""Build an MLE-bench agent folder's own Dockerfile on top of `mlebench-env`, as MLE-bench does, cached.

The build context is the folder, the build arguments MLE-bench's; the image is labelled with the hash of the
folder's files and its parent's id, so an unchanged folder is not built again. `FROM mlebench-env` is sent as a
pin tag of the exact image that hash saw (the folder on disk is not changed). It runs no agent.
"""

from __future__ import annotations

import hashlib
import io
import re
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock

from pytest_mlebench.agent_folder import BUILD_ARGS
from pytest_mlebench.errors import PrerequisiteError
from pytest_mlebench.images import BASE_IMAGE, BUILD_TIMEOUT, build_images, inputs_key
from pytest_mlebench.rootfs import INPUTS_LABEL
from pytest_mlebench.runtime import AgentSpec
from pytest_mlebench.runtime.docker import connect

_FROM = re.compile(r"^(\s*FROM\s+(?:--platform=\S+\s+)?)(mlebench-env(?::latest)?)(\s|$)", re.IGNORECASE | re.MULTILINE)


def folder_inputs(context: Path) -> bytes:
    """Every file of the build context, by relative path: what the image depends on besides its parent."""
    digest = hashlib.sha256()
    for path in sorted(p for p in context.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(context)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def _pin(base) -> str:
    """A tag naming exactly the `mlebench-env` the cache key saw: a rebuild of `mlebench-env` by another session
    while this folder builds (it moves the tag and removes the old image) cannot pull the parent away."""
    repository = BASE_IMAGE.split(":")[0]
    tag = f"pin-{base.id.split(':')[-1][:12]}"
    base.tag(repository, tag)
    return f"{repository}:{tag}"


def pinned_context(context: Path, dockerfile: Path, pinned: str) -> bytes:
    """A tar of the folder as it is, but with `FROM mlebench-env[:latest]` in its Dockerfile naming `pinned`.

    The folder on disk is not changed; every other line of the Dockerfile is kept as written.
    """
    text = _FROM.sub(lambda match: f"{match.group(1)}{pinned}{match.group(3)}", dockerfile.read_text(encoding="utf-8"))
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for path in sorted(context.rglob("*")):
            name = str(path.relative_to(context))
            if path == dockerfile:
                data = text.encode()
                info = tar.gettarinfo(str(path), arcname=name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            else:
                tar.add(str(path), arcname=name, recursive=False)
    return buffer.getvalue()


def build_folder_image(spec: AgentSpec, client=None, log: Callable[[str], None] = print) -> str:
    """`mlebench-env` (built offline where missing or stale), then the folder's Dockerfile; returns the tag.

    Raises:
        PrerequisiteError: the folder's Dockerfile does not build (one sentence with its last error line).
    """

    if spec.build_context is None or spec.dockerfile is None or spec.image is None:
        raise PrerequisiteError(f"Agent {spec.name} is not an MLE-bench agent folder; nothing to build.")
    client = client or connect(timeout=BUILD_TIMEOUT)
    build_images((), client=client, log=log)
    # xdist workers each configure the session: one builds, the others then find the label current.
    lock = Path(tempfile.gettempdir()) / f"mlebench-folder-{hashlib.sha256(spec.image.encode()).hexdigest()[:12]}.lock"
    with FileLock(str(lock)):
        return _build(client, spec, log)


def _build(client, spec: AgentSpec, log: Callable[[str], None]) -> str:
    import docker

    context, dockerfile = Path(spec.build_context), Path(spec.dockerfile)
    base = client.images.get(BASE_IMAGE)
    key = inputs_key(folder_inputs(context), {**BUILD_ARGS, "dockerfile": dockerfile.name}, base)
    try:
        existing = client.images.get(spec.image)
    except docker.errors.ImageNotFound:
        existing = None
    if existing is not None and (existing.labels or {}).get(INPUTS_LABEL) == key:
        log(f"{spec.image} is up to date")
        return spec.image
    log(f"building {spec.image} from {dockerfile} ...")
    started = time.monotonic()
    try:
        client.images.build(
            fileobj=io.BytesIO(pinned_context(context, dockerfile, _pin(base))), custom_context=True,
            dockerfile=str(dockerfile.relative_to(context)), tag=spec.image, buildargs=BUILD_ARGS,
            labels={INPUTS_LABEL: key, "mlebench.image": "agent-folder"}, rm=True, forcerm=True, pull=False,
        )
    except docker.errors.BuildError as error:
        lines = [str(chunk.get("error") or chunk.get("stream") or "").strip() for chunk in error.build_log]
        last = next((line for line in reversed(lines) if line), error.msg)
        raise PrerequisiteError(f"The agent's Dockerfile {dockerfile} does not build ({last}); fix it and run again.") from None
    except docker.errors.APIError as error:  # a Dockerfile the engine cannot parse, a missing parent image
        raise PrerequisiteError(f"The agent's Dockerfile {dockerfile} does not build ({error.explanation or error}); "
                                "fix it and run again.") from None
    if existing is not None:
        try:
            client.images.remove(existing.id)
        except docker.errors.APIError:
            pass  # still used by a container or another tag: docker keeps it
    log(f"{spec.image} built in {time.monotonic() - started:.0f} s")
    return spec.image


__all__ = ["build_folder_image", "folder_inputs"]
