"""Which folders of an agent image hold scikit-learn's bundled datasets, found once per image.

The practice competitions are built from those datasets, so the docker runtime hides each such folder under an
empty read-only tmpfs. A probe container lists them; it never sees the run's data and has no network.
"""

from __future__ import annotations

import threading
from posixpath import normpath

# Under sklearn/datasets: the bundled tables (data), their descriptions (descr) and the sample images.
DATASET_FOLDERS = ("data", "descr", "images")
PROBE_TIMEOUT = 120
_PATTERNS = " -o ".join(f"-path '*/sklearn/datasets/{name}'" for name in DATASET_FOLDERS)
# Every install in the image (system packages, venvs, user sites), not only the default Python's.
PROBE_SCRIPT = f"find / -xdev \\( -path /proc -o -path /sys -o -path /dev \\) -prune -o -type d \\( {_PATTERNS} \\) -print"

_cache: dict[str, tuple[str, ...]] = {}
_lock = threading.Lock()


def dataset_folders(client, image: str, labels: dict[str, str]) -> tuple[str, ...]:
    """The absolute sklearn dataset folders in `image` (cached by image id); () where the image has none."""
    image_id = client.images.get(image).id
    with _lock:
        if image_id not in _cache:
            _cache[image_id] = _probe(client, image_id, labels)
        return _cache[image_id]


def _probe(client, image_id: str, labels: dict[str, str]) -> tuple[str, ...]:
    import docker

    try:
        # As root without capabilities: it reads what the image's owner can, changes nothing, reaches nothing.
        output = client.containers.run(
            image_id, ["sh", "-c", f"{PROBE_SCRIPT} 2>/dev/null; true"], entrypoint=[], user="0:0", remove=True,
            network_mode="none", cap_drop=["ALL"], security_opt=["no-new-privileges"], pids_limit=64,
            mem_limit="256m", labels=labels, stdout=True, stderr=False,
        )
    except docker.errors.APIError as error:
        if "executable file not found" in str(error) or "no such file" in str(error).lower():
            return ()  # no shell, hence no Python that could load the datasets either
        raise
    folders = {normpath(line.strip()) for line in output.decode(errors="replace").splitlines()}
    return tuple(sorted(f for f in folders if f.startswith("/") and f.rsplit("/", 1)[-1] in DATASET_FOLDERS))
