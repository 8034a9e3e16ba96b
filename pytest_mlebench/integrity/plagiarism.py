"""The plagiarism check: every code file a run left (and code quoted in its logs) against the competition's
reference notebooks, by winnowed k-gram fingerprints of the tokenised code (copydetect, as MOSS and Dolos
do). A run's score is its highest similarity: the share of one of its files found in one notebook.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from pytest_mlebench.integrity.evidence import RunRef, SourceText, code_files, code_in_logs, log_files
from pytest_mlebench.integrity.kernels import Puller, ReferenceSet, kaggle_pull, load_references
from pytest_mlebench.results import now_iso, write_json_atomic

RESULT_FILE = "plagiarism.json"
DEFAULT_THRESHOLD = 0.6  # MLE-bench flags runs whose code is more than 60% similar to a notebook
NOISE_CHARS = 25  # copydetect's defaults: k-grams of 25 filtered characters, every one kept (window 1)
WINDOW = 1
MIN_COVERAGE = 200  # filtered characters under which a file is too short to judge (a few imports)
BOILERPLATE_SHARE = 0.5  # fingerprints in at least half the notebooks are the competition's boilerplate
MIN_REFERENCES_FOR_BOILERPLATE = 4
TOP_MATCHES = 5


def fingerprint(source: SourceText, boilerplate: Sequence[int] = ()):
    """copydetect's fingerprint of one source; its language comes from the name's suffix (Python by default,
    and for the fenced Python blocks quoted in logs, named `logs/x.log#n`)."""
    from copydetect import CodeFingerprint

    suffix = PurePosixPath(source.name).suffix.lower()
    language = None if suffix and suffix not in (".py", ".ipynb") and "#" not in source.name else "python"
    name = source.name if language is None else "source.py"
    # copydetect logs a warning for every file it cannot tokenise; those are compared as plain text.
    logging.getLogger().disabled, was = True, logging.getLogger().disabled
    try:
        return CodeFingerprint(name, NOISE_CHARS, WINDOW, boilerplate=list(boilerplate) or None,
                               language=language, fp=io.StringIO(source.text))
    finally:
        logging.getLogger().disabled = was


def boilerplate(references: ReferenceSet) -> list[int]:
    """Fingerprints shared by at least half the reference notebooks: the competition's common starter code."""
    if len(references.sources) < MIN_REFERENCES_FOR_BOILERPLATE:
        return []
    counts: dict[int, int] = {}
    for source in references.sources:
        for value in fingerprint(source).hashes:
            counts[value] = counts.get(value, 0) + 1
    floor = BOILERPLATE_SHARE * len(references.sources)
    return sorted(int(h) for h, n in counts.items() if n >= floor)


def compare_run(run: RunRef, references: ReferenceSet, threshold: float = DEFAULT_THRESHOLD) -> dict[str, Any]:
    """The run's highest similarity to any reference notebook, the file and notebook behind it, and the flag."""
    from copydetect import compare_files

    result: dict[str, Any] = {
        "check": "plagiarism", "competition_id": run.competition_id, "seed": run.seed, "threshold": threshold,
        "references_read": len(references.sources), "references_listed": references.listed,
        "references_missing": dict(references.missing), "created_at": now_iso(),
        "max_similarity": None, "match": None, "file": None, "flagged": False, "top": [], "skipped_files": [],
    }
    if not references.sources:
        result["status"] = "no reference notebooks could be read"
        return result
    common = boilerplate(references)
    refs = [(source.name, fingerprint(source, common)) for source in references.sources]
    mine = code_files(run.folder) + code_in_logs(log_files(run.folder))
    matches = []
    for source in mine:
        printed = fingerprint(source, common)
        if printed.token_coverage < MIN_COVERAGE:
            result["skipped_files"].append(source.name)
            continue
        for ref_name, ref_print in refs:
            _, (similarity, _), _ = compare_files(printed, ref_print)
            matches.append({"file": source.name, "match": ref_name, "similarity": round(float(similarity), 4)})
    matches.sort(key=lambda m: (-m["similarity"], m["file"], m["match"]))
    result["status"] = "checked" if matches else "no code long enough to compare"
    result["top"] = matches[:TOP_MATCHES]
    if matches:
        best = matches[0]
        result.update(max_similarity=best["similarity"], match=best["match"], file=best["file"],
                      flagged=best["similarity"] > threshold)
    return result


def check_plagiarism(
    runs: Sequence[RunRef],
    data_dir: Path,
    threshold: float = DEFAULT_THRESHOLD,
    pull: Puller | None = kaggle_pull,
) -> dict[str, dict[str, Any]]:
    """Compare every run with its competition's references (pulled once per competition); run key -> result,
    also written to the run's plagiarism.json."""
    by_competition: dict[str, ReferenceSet] = {}
    results = {}
    for run in runs:
        if run.competition_id not in by_competition:
            by_competition[run.competition_id] = load_references(run.competition_id, data_dir, pull=pull)
        result = compare_run(run, by_competition[run.competition_id], threshold)
        write_json_atomic(run.folder.path / RESULT_FILE, result)
        results[run.key] = result
    return results


def format_plagiarism(results: dict[str, dict[str, Any]]) -> list[str]:
    """One line per run: highest similarity, the file and the notebook behind it, and the flag."""
    lines = []
    for key, result in sorted(results.items()):
        refs = f"{result.get('references_read', 0)}/{result.get('references_listed', 0)} notebooks"
        if result.get("max_similarity") is None:
            lines.append(f"{key}: {result.get('status')} ({refs})")
            continue
        flag = "  FLAGGED" if result.get("flagged") else ""
        lines.append(f"{key}: {result['max_similarity']:.0%} {result['file']} ~ {result['match']} ({refs}){flag}")
    return lines
