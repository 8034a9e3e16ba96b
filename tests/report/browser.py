"""Headless Chromium for report tests: the rendered DOM, the console messages, and a screenshot of a page."""

from __future__ import annotations

import dataclasses
import re
import shutil
import struct
import subprocess
from pathlib import Path

CONSOLE = re.compile(r":CONSOLE[^\]]*\] (.*)")


def chromium() -> str | None:
    return next((p for n in ("chromium", "chromium-browser", "google-chrome") if (p := shutil.which(n))), None)


@dataclasses.dataclass(frozen=True)
class Rendered:
    dom: str
    console: list[str]
    screenshot: Path


def _headless(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [binary, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--hide-scrollbars",
         f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000", *args],
        capture_output=True, text=True, timeout=120,
    )


def render(page: Path, screenshot: Path, width: int = 1280, height: int = 2400) -> Rendered:
    """Open `page` twice (DOM + console, then screenshot); the console lines are what the page logged."""
    binary = chromium()
    assert binary is not None
    url = page.resolve().as_uri()
    dump = _headless(binary, screenshot.parent / "profile-dom", "--dump-dom", url)
    shot = _headless(binary, screenshot.parent / "profile-shot", f"--window-size={width},{height}",
                     f"--screenshot={screenshot}", url)
    console = [m.group(1) for line in (dump.stderr + shot.stderr).splitlines() if (m := CONSOLE.search(line))]
    if not screenshot.is_file():
        raise AssertionError(f"chromium wrote no screenshot: {shot.stderr[-2000:]}")
    return Rendered(dom=dump.stdout, console=console, screenshot=screenshot)


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk."""
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])
