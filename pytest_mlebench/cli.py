"""The `mlebench` console script: one function per subcommand, each registered in `COMMANDS`.

Only argument parsing and printing live here; registry, prepare, grade and leaderboard do the work.
A user's mistake (a bad argument, any `MlebenchError`) ends as one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path

from pytest_mlebench.errors import ConfigError, MlebenchError, PrerequisiteError
from pytest_mlebench.layout import DataLayout, default_data_dir
from pytest_mlebench.registry import SPLITS, Competition, Registry

EXIT_ERROR = 2


class UsageError(Exception):
    """A bad command line, reported in one line like every other user mistake."""


class Parser(argparse.ArgumentParser):
    """argparse, but an error raises instead of printing the usage block and exiting."""

    def error(self, message: str):  # type: ignore[override]
        raise UsageError(f"{message} (see `{self.prog} --help`)")


@dataclasses.dataclass(frozen=True)
class Subcommand:
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


COMMANDS: dict[str, Subcommand] = {}


def subcommand(name: str, help: str, add_arguments: Callable[[argparse.ArgumentParser], None]):
    """Register the decorated `run(args) -> exit status` as `mlebench NAME`."""

    def register(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        COMMANDS[name] = Subcommand(help, add_arguments, run)
        return run

    return register


def _data_dir_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir", type=Path, default=None,
        help="prepared data (default: $MLEBENCH_DATA_DIR, else MLE-bench's own <user cache>/mle-bench/data)",
    )


def _data_dir(args: argparse.Namespace) -> Path:
    return args.data_dir if args.data_dir is not None else default_data_dir()


# --- list ---------------------------------------------------------------------------------------


def _list_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--split", choices=[*SPLITS, "lite"], help="only this complexity split (lite = low)")
    parser.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    _data_dir_argument(parser)


@subcommand("list", "list the competitions, optionally of one split", _list_arguments)
def run_list(args: argparse.Namespace) -> int:
    competitions = Registry().select(split=args.split)
    data_dir = _data_dir(args)
    if args.json:
        print(json.dumps([_listing(c) | {"data": data_state(c, data_dir)} for c in competitions], indent=2))
        return 0
    width = max((len(c.id) for c in competitions), default=2)
    print(f"{'id':{width}}  {'split':8}  {'category':26}  {'metric (better)':42}  medals  data")
    for c in competitions:
        metric = f"{c.metric} ({'higher' if c.higher_is_better else 'lower'})"
        print(f"{c.id:{width}}  {c.split:8}  {c.category:26}  {metric:42}  {'yes' if c.awards_medals else 'no ':6}  "
              f"{data_state(c, data_dir)}")
    print(f"{len(competitions)} competition(s)")
    return 0


def data_state(competition: Competition, data_dir: Path) -> str:
    """'prepared', 'raw' (downloaded, not prepared) or 'absent' in the data folder."""
    layout = DataLayout(data_dir, competition.id)
    if layout.is_prepared():
        return "prepared"
    if layout.zip.is_file() or (layout.raw.is_dir() and any(layout.raw.iterdir())):
        return "raw"
    return "absent"


def _listing(c: Competition) -> dict:
    return {
        "id": c.id, "name": c.name, "split": c.split, "category": c.category, "metric": c.metric,
        "higher_is_better": c.higher_is_better, "awards_medals": c.awards_medals,
        "competition_type": c.competition_type, "year": c.year,
    }


# --- info ---------------------------------------------------------------------------------------


def _info_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("competition", metavar="ID", help="a competition id")
    _data_dir_argument(parser)
    parser.add_argument("--json", action="store_true", help="print JSON instead of lines")


@subcommand("info", "a competition's metric, data sizes, parity, disk needed, medal thresholds, known issues",
            _info_arguments)
def run_info(args: argparse.Namespace) -> int:
    from pytest_mlebench.info import competition_info, format_info

    info = competition_info(Registry().get(args.competition), _data_dir(args))
    if args.json:
        facts = dataclasses.asdict(info)
        facts["competition"] = _listing(info.competition) | {
            "known_issues": [dataclasses.asdict(i) for i in info.competition.known_issues]}
        print(json.dumps(facts, indent=2, default=str))
    else:
        print("\n".join(format_info(info)))
    return 0


# --- prepare ------------------------------------------------------------------------------------


def _prepare_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("-c", "--competition", action="append", metavar="ID", help="a competition id (repeatable)")
    which.add_argument("--split", choices=SPLITS, help="every competition of a complexity split")
    which.add_argument("--lite", action="store_true", help="the low-complexity split (MLE-bench Lite)")
    which.add_argument("--all", action="store_true", help="every competition")
    _data_dir_argument(parser)
    parser.add_argument("--force", action="store_true", help="prepare again even where prepared data exists")
    parser.add_argument("--no-download", action="store_true",
                        help="never use the network (Kaggle, the leaderboard host); raw files must already be in <data-dir>/<id>/raw/")
    parser.add_argument("--check", action="store_true",
                        help="only ask Kaggle whether this account may download each competition (rules accepted); "
                             "download and prepare nothing; exit 2 if any may not")
    parser.add_argument("--jobs", type=_positive_int, default=os.cpu_count() or 1, metavar="N",
                        help="files placed at once while preparing (default: the CPU count)")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"takes a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"takes a number of 1 or more, got {value}")
    return value


@subcommand("prepare", "download, check and split competition data into MLE-bench's layout", _prepare_arguments)
def run_prepare(args: argparse.Namespace) -> int:
    from pytest_mlebench.data.files import placing_jobs
    from pytest_mlebench.prepare_progress import PrepareProgress

    registry = Registry()
    if args.competition:
        competitions = [registry.get(cid) for cid in args.competition]
    elif args.all:
        competitions = registry.all()
    else:
        competitions = registry.select(split="low" if args.lite else args.split)
    data_dir = _data_dir(args)
    if args.check and args.no_download:
        raise UsageError("--check asks Kaggle, which --no-download forbids; drop one of them")
    blocked: dict[str, str] = {}
    sizes: dict[str, int | None] = {}
    if args.check or (len(competitions) > 1 and not args.no_download):
        # Every multi-competition prepare starts here: nothing is downloaded before the user saw the whole list.
        preflight = _preflight(competitions, data_dir, raise_errors=args.check)
        if args.check:
            return EXIT_ERROR if preflight is None or preflight.blocked else 0
        if preflight is not None:
            blocked = {cid: _blocked_reason(access) for cid, access in preflight.blocked.items()}
            sizes = {cid: access.size for cid, access in preflight.access.items()}
    rows: list[tuple[str, str, str]] = []
    with PrepareProgress() as progress, placing_jobs(args.jobs):
        for competition in competitions:
            if competition.id in blocked:
                rows.append((competition.id, "skipped", blocked[competition.id]))
                continue
            bar = progress.bar(competition.id, sizes.get(competition.id))
            rows.append(_prepare_one(competition, data_dir, args, bar))
    print("\n".join(format_prepare_table(rows)))
    failed = [cid for cid, status, _ in rows if status == "failed"]
    if failed:
        print(f"mlebench prepare: {len(failed)} of {len(competitions)} failed: {', '.join(failed)}", file=sys.stderr)
        return EXIT_ERROR
    return 0


def _preflight(competitions: list[Competition], data_dir: Path, raise_errors: bool):
    """Print Kaggle's answer for every competition that needs a download; None where Kaggle could not be asked."""
    from pytest_mlebench.data.download import check_download_access
    from pytest_mlebench.data.preflight import format_preflight, run_preflight

    try:
        preflight = run_preflight(competitions, data_dir, check_download_access)
    except MlebenchError as exc:
        if raise_errors:
            raise
        print(f"mlebench prepare: could not ask Kaggle before downloading: {_one_line(exc)}", file=sys.stderr)
        return None
    print("\n".join(format_preflight(preflight, competitions)))
    return preflight


def _blocked_reason(access) -> str:
    from pytest_mlebench.data.download import RULES_URL

    if access.rules_pending:
        return f"rules not accepted ({RULES_URL.format(id=access.competition_id)})"
    return access.reason


def _prepare_one(competition: Competition, data_dir: Path, args: argparse.Namespace, bar) -> tuple[str, str, str]:
    """Prepare and audit one competition, print its parity lines; return its row of the final table."""
    from pytest_mlebench.data.prepare import default_downloader, format_parity, prepare_competition
    from pytest_mlebench.integrity.leakage import audited, format_findings

    try:
        outcome = prepare_competition(
            competition, data_dir, download=None if args.no_download else bar.watch_download(default_downloader),
            force=args.force, on_step=bar.step,
        )
        bar.step("auditing")
        outcome = audited(outcome, competition, data_dir)
    except MlebenchError as exc:
        bar.finish("failed")
        print(f"mlebench prepare: {competition.id}: {_one_line(exc)}", file=sys.stderr)
        return competition.id, "failed", _one_line(exc)
    lines = format_parity(outcome) + format_findings(outcome.leakage)
    if outcome.already_prepared:
        lines[0] += " (already prepared; --force prepares again)"
    print("\n".join(lines))
    print(f"  prepared at {outcome.prepared}")
    bar.finish("already prepared" if outcome.already_prepared else "prepared")
    if outcome.already_prepared:
        return competition.id, "skipped", "already prepared (--force prepares again)"
    return competition.id, "prepared", "" if outcome.all_match else "some files differ from MLE-bench's pins"


def format_prepare_table(rows: list[tuple[str, str, str]]) -> list[str]:
    """The closing table of `mlebench prepare`: one row per competition, prepared / skipped / failed and why."""
    width = max((len(cid) for cid, _, _ in rows), default=2)
    lines = [f"{'competition':{width}}  {'result':8}  why", f"{'-' * width}  {'-' * 8}  {'-' * 3}"]
    lines += [f"{cid:{width}}  {status:8}  {why}".rstrip() for cid, status, why in rows]
    counts = {status: sum(row[1] == status for row in rows) for status in ("prepared", "skipped", "failed")}
    lines.append(", ".join(f"{n} {status}" for status, n in counts.items()))
    return lines


# --- grade-sample and grade ---------------------------------------------------------------------


def _grade_sample_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("submission", type=Path, help="the submission CSV")
    parser.add_argument("competition_id", help="the competition it answers")
    _data_dir_argument(parser)


@subcommand("grade-sample", "grade one submission and print its report as JSON", _grade_sample_arguments)
def run_grade_sample(args: argparse.Namespace) -> int:
    from pytest_mlebench.scoring.grade import grade_submission

    competition = Registry().get(args.competition_id)
    report = grade_submission(competition, args.submission, _data_dir(args))
    print(json.dumps(report.to_dict(), indent=2))
    if report.medal_note:
        print(f"mlebench grade-sample: {report.medal_note}", file=sys.stderr)
    return 0


def _grade_arguments(parser: argparse.ArgumentParser) -> None:
    # MLE-bench spells it --submission; both are accepted.
    parser.add_argument("--submissions", "--submission", dest="submissions", type=Path, required=True,
                        metavar="FILE.jsonl", help="one JSON object a line: competition_id, submission_path")
    parser.add_argument("--output-dir", type=Path, required=True, help="where the grading report is written")
    _data_dir_argument(parser)


@subcommand("grade", "grade a JSONL of submissions into one MLE-bench grading report", _grade_arguments)
def run_grade(args: argparse.Namespace) -> int:
    from pytest_mlebench.aggregate import mlebench_run_report
    from pytest_mlebench.results import write_json_atomic
    from pytest_mlebench.scoring.grade import grade_submission
    from pytest_mlebench.scoring.leaderboard import scores_or_missing

    registry = Registry()
    entries = read_submissions(args.submissions)
    data_dir = _data_dir(args)
    boards: dict[str, tuple[list[float] | None, str | None]] = {}
    reports = []
    for competition_id, submission_path in entries:
        competition = registry.get(competition_id)
        if competition_id not in boards:
            boards[competition_id] = scores_or_missing(competition, data_dir)
        scores, note = boards[competition_id]
        report = grade_submission(competition, submission_path, data_dir, scores, medal_note=note)
        reports.append(report.to_dict())
    aggregated = mlebench_run_report(reports)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H-%M-%S-UTC")
    path = args.output_dir / f"{stamp}_grading_report.json"
    write_json_atomic(path, aggregated)
    print(
        f"graded {aggregated['total_runs']} submission(s): {aggregated['total_valid_submissions']} valid, "
        f"{aggregated['total_medals']} medal(s) ({aggregated['total_gold_medals']} gold, "
        f"{aggregated['total_silver_medals']} silver, {aggregated['total_bronze_medals']} bronze), "
        f"{aggregated['total_above_median']} above median"
    )
    unknown = sum(r["any_medal"] is None for r in reports)
    if unknown:
        print(f"medal unknown: {unknown} submission(s), leaderboard missing (see medal_note in the report)")
    print(f"report: {path}")
    return 0


def read_submissions(path: Path) -> list[tuple[str, Path]]:
    """(competition_id, submission_path) per line; blank and '#' or '//' comment lines are skipped."""
    if not path.is_file():
        raise PrerequisiteError(f"No submissions file at {path}.")
    entries = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        text = line.strip()
        if not text or text.startswith(("#", "//")):
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path}:{number}: not a JSON object ({exc.msg}).") from exc
        if not isinstance(record, dict):
            raise ConfigError(f"{path}:{number}: each line must be a JSON object.")
        missing = [k for k in ("competition_id", "submission_path") if not isinstance(record.get(k), str)]
        if missing:
            raise ConfigError(f"{path}:{number}: field(s) {', '.join(missing)} missing or not a string.")
        entries.append((record["competition_id"], Path(record["submission_path"])))
    return entries


# --- leaderboard --------------------------------------------------------------------------------


def _leaderboard_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("competition_id")
    _data_dir_argument(parser)


@subcommand("leaderboard", "fetch a leaderboard beside the data; print its teams, thresholds and direction",
            _leaderboard_arguments)
def run_leaderboard(args: argparse.Namespace) -> int:
    from pytest_mlebench.scoring.leaderboard import keep_beside_data, load_scores
    from pytest_mlebench.scoring.medals import medal_positions, rank_score

    competition = Registry().get(args.competition_id)
    data_dir = _data_dir(args)
    kept = keep_beside_data(competition, data_dir)
    scores = load_scores(competition, data_dir)
    medals = rank_score(None, scores, competition.is_lower_better)
    field = (
        "entries of a reference field of scikit-learn pipelines, not human teams"
        if competition.leaderboard.reference_field else "Kaggle teams"
    )
    better = "lower" if competition.is_lower_better else "higher"
    reach = "<=" if competition.is_lower_better else ">="
    unscored = sum(s != s for s in scores)  # NaN: a team without a score, counted as MLE-bench counts it
    print(f"{competition.id}: {len(scores)} {field}" + (f" ({unscored} without a score)" if unscored else ""))
    print(f"metric: {competition.metric}, {better} is better")
    print(f"medals awarded by this competition: {'yes' if competition.awards_medals else 'no'}")
    for name, threshold, rank in zip(
        ("gold", "silver", "bronze"),
        (medals.gold_threshold, medals.silver_threshold, medals.bronze_threshold),
        medal_positions(len(scores)),
        strict=True,
    ):
        print(f"  {name:7s} score {reach} {threshold:<14g} (rank {rank})")
    print(f"  median  score {'<' if competition.is_lower_better else '>':2} {medals.median_threshold:<14g} "
          "(strictly, for above median)")
    print(f"leaderboard: {kept} (sha256 verified)")
    return 0


# --- image --------------------------------------------------------------------------------------


def _image_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["build"])
    parser.add_argument("rest", nargs=argparse.REMAINDER, help="arguments of `mlebench image build --help`")


@subcommand("image", "build the Docker images of the built-in agents", _image_arguments)
def run_image(args: argparse.Namespace) -> int:
    from pytest_mlebench.images import main as build_main

    return build_main(args.rest)


# --- compare ------------------------------------------------------------------------------------


def _compare_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("group_a", help="run group A (a folder under --runs-dir)")
    parser.add_argument("group_b", help="run group B")
    parser.add_argument("--runs-dir", type=Path, default=Path("runs"), help="where run groups are (default runs/)")
    parser.add_argument("--force", action="store_true",
                        help="compare even when time limit, competition versions or hardware class differ (warns)")
    parser.add_argument("--json", type=Path, default=None, help="also write the comparison to this JSON file")


@subcommand("compare", "agent A vs agent B: medal-rate difference, paired SE, bootstrap CI, pass@k", _compare_arguments)
def run_compare(args: argparse.Namespace) -> int:
    from pytest_mlebench.compare import compare_groups, format_comparison, load_group
    from pytest_mlebench.results import write_json_atomic

    result = compare_groups(args.group_a, load_group(args.runs_dir, args.group_a),
                            args.group_b, load_group(args.runs_dir, args.group_b), force=args.force)
    print(format_comparison(result), end="")
    if args.json is not None:
        write_json_atomic(args.json, result.to_dict())
    return 0


# --- integrity checks ---------------------------------------------------------------------------


def _group_runs(args: argparse.Namespace) -> list:
    from pytest_mlebench.integrity.evidence import group_runs

    runs = group_runs(args.runs_dir, args.run_group)
    if not runs:
        raise UsageError(f"no runs in {args.runs_dir / args.run_group} (expected <competition>/seed<k>/ folders)")
    return runs


def _check_rules_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run_group", help="run group (a folder under --runs-dir)")
    parser.add_argument("--runs-dir", type=Path, default=Path("runs"), help="where run groups are (default runs/)")
    parser.add_argument("--model", default=None, help="review model (default $MLEBENCH_RULES_MODEL, else gpt-4o-mini)")
    parser.add_argument("--context", type=int, default=None, help="the model's context in tokens (default 128000)")
    parser.add_argument("--questions", type=Path, default=None, help="questions YAML (default: the package's)")
    parser.add_argument("--redo", action="store_true", help="review again runs that have a complete rules.json")


@subcommand("check-rules", "LLM review of a run group's logs and code for rule violations; exit 1 if any run is "
            "flagged (endpoint: $OPENAI_BASE_URL, $OPENAI_API_KEY)", _check_rules_arguments)
def run_check_rules(args: argparse.Namespace) -> int:
    import os

    from pytest_mlebench.integrity import rules
    from pytest_mlebench.integrity.endpoint import ChatEndpoint

    endpoint = ChatEndpoint.from_env(args.model or os.environ.get("MLEBENCH_RULES_MODEL"))
    results = rules.check_rules(_group_runs(args), endpoint, rules.load_questions(args.questions),
                                args.context or rules.DEFAULT_CONTEXT_TOKENS, redo=args.redo)
    print("\n".join(rules.format_rules(results)))
    return 1 if any(r.get("flagged") for r in results.values()) else 0


def _check_plagiarism_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run_group", help="run group (a folder under --runs-dir)")
    parser.add_argument("--runs-dir", type=Path, default=Path("runs"), help="where run groups are (default runs/)")
    _data_dir_argument(parser)
    parser.add_argument("--threshold", type=float, default=None, help="flag similarity above this share (default 0.6)")
    parser.add_argument("--offline", action="store_true", help="use only reference notebooks already cached")


@subcommand("check-plagiarism", "compare a run group's code with each competition's top public notebooks "
            "(pulled once with Kaggle credentials); exit 1 if any run is flagged", _check_plagiarism_arguments)
def run_check_plagiarism(args: argparse.Namespace) -> int:
    from pytest_mlebench.integrity.kernels import kaggle_pull
    from pytest_mlebench.integrity.plagiarism import DEFAULT_THRESHOLD, check_plagiarism, format_plagiarism

    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    if not 0 < threshold <= 1:
        raise UsageError(f"--threshold takes a share in (0, 1], got {threshold}")
    results = check_plagiarism(_group_runs(args), _data_dir(args), threshold, None if args.offline else kaggle_pull)
    print("\n".join(format_plagiarism(results)))
    return 1 if any(r.get("flagged") for r in results.values()) else 0


# --- entry point --------------------------------------------------------------------------------


def build_parser() -> Parser:
    parser = Parser(prog="mlebench", description="MLE-bench competitions outside pytest: data, grading, leaderboards.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, command in COMMANDS.items():
        sub = commands.add_parser(name, help=command.help, description=command.help)
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; return its exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        return args.run(args)
    except UsageError as exc:
        print(f"mlebench: error: {_one_line(exc)}", file=sys.stderr)
    except MlebenchError as exc:
        print(f"mlebench: error: {_one_line(exc)}", file=sys.stderr)
    except KeyboardInterrupt:
        print("mlebench: interrupted", file=sys.stderr)
        return 130
    return EXIT_ERROR


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


if __name__ == "__main__":
    sys.exit(main())
