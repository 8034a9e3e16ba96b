"""Per-item overhead of the docker runtime: container create, start, wait and remove of a no-op agent.

Run: `python benchmarks/overhead_docker.py [--repeat 10]` on a machine with a Docker engine (images are
built first, cached). Prints the median and worst time of each phase and of a whole `DockerRuntime.run`;
exits 1 when the median item overhead is over the 2 s goal.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pytest_mlebench.images import build_images
from pytest_mlebench.runtime import AgentSpec, RunSpec
from pytest_mlebench.runtime.docker import LABEL_OWNER, OWNER, DockerRuntime, connect

GOAL_S = 2.0


def phases(client, image: str, repeat: int) -> dict[str, list[float]]:
    """Seconds of each lifecycle call for a container whose command does nothing."""
    times: dict[str, list[float]] = {"create": [], "start": [], "wait": [], "remove": []}
    for _ in range(repeat):
        marks = [time.perf_counter()]
        container = client.containers.create(image, ["true"], network_mode="none", init=True,
                                              labels={LABEL_OWNER: OWNER})
        marks.append(time.perf_counter())
        container.start()
        marks.append(time.perf_counter())
        container.wait()
        marks.append(time.perf_counter())
        container.remove(force=True)
        marks.append(time.perf_counter())
        for name, begin, end in zip(times, marks, marks[1:], strict=False):
            times[name].append(end - begin)
    return times


def whole_runs(image: str, repeat: int) -> list[float]:
    """Seconds of `DockerRuntime.run` for an agent that exits at once (python3 reading an empty stdin)."""
    runtime = DockerRuntime(session_label="benchmark-overhead")
    seconds = []
    with tempfile.TemporaryDirectory(prefix="mlebench-overhead-") as tmp:
        public = Path(tmp) / "public"
        public.mkdir()
        (public / "description.md").write_text("no-op\n")
        for index in range(repeat):
            spec = RunSpec(
                competition_id="overhead", seed=index, agent=AgentSpec(name="noop", image=image), public_dir=public,
                run_dir=Path(tmp) / f"run{index}", time_limit=60, instructions=public / "description.md",
                description=public / "description.md",
            )
            started = time.perf_counter()
            result = runtime.run(spec)
            seconds.append(time.perf_counter() - started)
            if result.exit_code != 0:
                raise SystemExit(f"the no-op agent failed: {result}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)
    client = connect()
    image = build_images((), client=connect(timeout=3600), log=lambda line: None)["base"]
    rows = dict(phases(client, image, args.repeat))
    rows["lifecycle total"] = [sum(parts) for parts in zip(*rows.values(), strict=True)]
    rows["DockerRuntime.run"] = whole_runs(image, args.repeat)
    print(f"docker runtime overhead per item, {args.repeat} runs of a no-op container ({image})")
    print(f"{'phase':20s} {'median s':>9s} {'max s':>9s}")
    for name, values in rows.items():
        print(f"{name:20s} {statistics.median(values):9.3f} {max(values):9.3f}")
    median = statistics.median(rows["DockerRuntime.run"])
    verdict = "within" if median < GOAL_S else "OVER"
    print(f"median item overhead {median:.3f} s: {verdict} the {GOAL_S:.0f} s goal")
    return 0 if median < GOAL_S else 1


if __name__ == "__main__":
    sys.exit(main())
