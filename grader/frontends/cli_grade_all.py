"""``python -m grader grade-all SUBMISSIONS --out DIR [--jobs N]``: grade a whole class.

SUBMISSIONS holds one folder per student.  A pool of grading processes (default: one
per core) each imports PyTorch once and grades many submissions, so the inputs and
PyTorch's answers are computed once per process.  Each grading process, with the worker
processes it starts, is kept on one core of its own (see :func:`_pin_to_one_cpu`).
Writes ``DIR/results/<student>.json`` (Gradescope's format), ``DIR/gradebook.csv``
(student, points per function, total, error), ``DIR/report.html`` (the class at a
glance, :mod:`grader.frontends.class_report`) with ``DIR/feedback/<student>.html``, and
with ``--junit`` JUnit XML (:mod:`grader.frontends.junit`).  A submission that breaks its
worker, or even the grading process, costs only its own row: the student is recorded
with an error and 0.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import multiprocessing.util
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.define.i18n import Text, default_lang
from grader.frontends.cli_grade import (
    add_junit_hidden_argument,
    add_limit_arguments,
    expected_modules,
    limits_from,
    modules_in,
)


@dataclass
class Row:
    """One student's line of the gradebook."""

    student: str
    functions: dict[str, float] = field(default_factory=dict)
    total: float = 0
    max_score: float = 0
    # The grader could not grade this student at all (the row's points are 0).
    error: str = ""
    # What of the submission could not be graded (grader.engine.grading.Problem).
    problems: list[Any] = field(default_factory=list)
    # Points possible per function (for the report's distributions).
    function_max: dict[str, float] = field(default_factory=dict)
    # One entry per failed test recognised as a catalogued mistake:
    # {"function", "test", "mistake", "feedback"}.
    mistakes: list[dict[str, str]] = field(default_factory=list)
    # PyTorch's answers the pool process computed for this student (grader.define.oracle), for
    # the main process to save once at the end.
    references: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class Job:
    student: str
    submission: str
    results: str
    lang: str
    sandbox: str
    limits: Any  # grader.isolation.sandbox.Limits
    # Exists while a pool process grades this job: after a pool breaks, it tells the
    # jobs that were being graded (suspects) from those still waiting (innocent).
    marker: str
    # Where this student's JUnit XML goes ("" for none), and whether hidden tests are
    # named in it (grader.frontends.junit).
    junit: str = ""
    reveal_hidden: bool = False
    # This student's feedback page, linked from report.html ("" for none).
    feedback: str = ""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("submissions", type=Path, help="folder with one subfolder per student")
    parser.add_argument("--out", type=Path, required=True, help="where results and gradebook go")
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="grading processes (default: the number of cores)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument(
        "--junit",
        action="store_true",
        help="also write JUnit XML: OUT/junit/<student>.xml and the whole class in OUT/junit.xml",
    )
    add_limit_arguments(parser)
    add_junit_hidden_argument(parser)


def _init_pool_process(started: Any) -> None:
    with started.get_lock():
        index = started.value
        started.value += 1
    _pin_to_one_cpu(index)
    # Import the topics (and PyTorch, when its answers are not on disk) once per pool
    # process, before the first student.  A forked process has them already.
    import grader.engine.grading  # noqa: F401
    from grader.define import oracle

    # Answers the main process holds to be saved are its own to save; this process
    # hands over only what it computes (grade_one).
    oracle.mark_saved()
    # A forked process ends without running atexit: its sandboxes and private copies of
    # the worker code are removed as multiprocessing ends it (in either start method).
    multiprocessing.util.Finalize(None, _at_pool_process_exit, exitpriority=0)


def _at_pool_process_exit() -> None:
    from grader.isolation import fork_client, sandbox

    fork_client.shutdown_all()
    sandbox.remove_private_code_dirs()


def _start_method() -> str:
    """How pool processes start: forked from this process where that is safe, so each
    starts with the kit imported and the examples and answers already loaded (a spawned
    one spent 0.9 s of CPU on that before its first student).  Fork needs Linux (macOS
    system libraries are not fork-safe) and no PyTorch in this process (its thread
    pools do not survive a fork); this process starts no threads before the pool has
    started its processes."""
    if sys.platform.startswith("linux") and "torch" not in sys.modules:
        return "fork"
    return "spawn"


def _pin_to_one_cpu(index: int) -> None:
    """Keep this process, and the workers it will start, on one of the CPUs it may use
    (the index-th, round robin).

    A grading process and its worker take turns: one waits while the other runs, so on
    one core they lose no parallelism.  Spread over two cores, every reply wakes a
    process on another core, which on virtual machines costs more than the call it
    answers: on the 2-core VM of benchmarks/bench_grading.py a message round trip took
    110-215 us across cores and 10 us within one, and a submission's grading took about
    25% less CPU with each pair pinned.  Does nothing where CPU affinity is unsupported.
    """
    if not hasattr(os, "sched_setaffinity"):
        return
    try:
        cpus = sorted(os.sched_getaffinity(0))
        if len(cpus) > 1:
            os.sched_setaffinity(0, {cpus[index % len(cpus)]})
    except OSError:
        pass  # a restricted environment: run unpinned


def grade_one(job: Job) -> Row:
    """Grade one student (in a pool process) and write their results file."""
    from grader.define import oracle
    from grader.engine.grading import GraderError, grade_submission
    from grader.frontends.report import gradescope_results, write_json_atomic

    marker = Path(job.marker)
    marker.touch()
    for earlier in (job.junit, job.feedback):  # files of an earlier run must not stand
        if earlier:  # for this one
            Path(earlier).unlink(missing_ok=True)
    try:
        # Saving the references cache after every student re-read and rewrote the whole
        # file (0.1 s, most students); the main process saves them all once instead.
        result = grade_submission(
            job.submission,
            lang=job.lang,
            sandbox=job.sandbox,
            limits=job.limits,
            save_cache=False,
        )
        write_json_atomic(job.results, gradescope_results(result))
        if job.feedback:
            from grader.frontends.class_report import write_feedback_page

            write_feedback_page(job.feedback, result, job.student, job.lang)
        if job.junit:
            from grader.frontends.junit import write_junit

            write_junit(job.junit, result, job.student, reveal_hidden=job.reveal_hidden)
    except GraderError as exc:
        return Row(job.student, error=f"grader error: {exc}")
    except Exception as exc:  # a kit bug must not lose the row
        return Row(job.student, error=f"internal error: {type(exc).__name__}: {exc}")
    finally:
        marker.unlink(missing_ok=True)
    return Row(
        student=job.student,
        functions={name: got for name, (got, _) in result.functions.items()},
        total=result.score,
        max_score=result.max_score,
        problems=list(result.problems),
        function_max={name: most for name, (_, most) in result.functions.items()},
        mistakes=[
            {
                "function": test.functions[0],
                "test": test.name,
                "mistake": test.mistake,
                "feedback": test.output,
            }
            for test in result.tests
            if test.mistake
        ],
        references=oracle.take_fresh(),
    )


class Progress:
    """A one-line progress bar on stderr (redrawn with \\r)."""

    def __init__(self, total: int, enabled: bool, width: int = 30) -> None:
        self.total, self.enabled, self.width = total, enabled, width
        self.done = 0
        self.started = time.monotonic()

    def advance(self, student: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        filled = self.width * self.done // max(1, self.total)
        rate = self.done / max(1e-9, time.monotonic() - self.started)
        bar = "#" * filled + "-" * (self.width - filled)
        sys.stderr.write(f"\r[{bar}] {self.done}/{self.total} {rate:4.1f}/s  {student[:30]:<30}")
        sys.stderr.flush()

    def finish(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()


def students_in(folder: Path) -> list[tuple[str, Path]]:
    return sorted(
        (p.name, p) for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")
    )


def grade_all(
    submissions: Path,
    out: Path,
    *,
    jobs: int | None = None,
    lang: str = "en",
    sandbox: str = "auto",
    limits: Any = None,
    progress: bool = True,
    junit: bool = False,
    reveal_hidden: bool = False,
) -> list[Row]:
    """Grade every student folder; write results files and the gradebook; return the rows.

    With ``junit``, also ``out/junit/<student>.xml`` (for a tool that takes one file per
    submission, such as CodeGrade, or to hand back) and ``out/junit.xml``, the whole class
    in one file (one dashboard: suites named ``<student>/<topic>``)."""
    from grader.isolation.sandbox import Limits

    limits = limits or Limits()
    results_dir = out / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    markers = Path(tempfile.mkdtemp(prefix="dlkit-grading-"))
    pending = [
        Job(
            name,
            str(path.resolve()),
            str(results_dir / f"{name}.json"),
            lang,
            sandbox,
            limits,
            str(markers / f"{index}.running"),
            str(out / "junit" / f"{name}.xml") if junit else "",
            reveal_hidden,
            str(out / "feedback" / f"{name}.html"),
        )
        for index, (name, path) in enumerate(students_in(submissions))
    ]
    rows: dict[str, Row] = {}
    bar = Progress(len(pending), progress)
    workers = max(1, jobs or os.cpu_count() or 1)
    try:
        # A pool whose process dies (a student's code killed it) fails every job not yet
        # finished.  Jobs that had not started go back in the queue; the ones being
        # graded are suspects, each graded again alone, and a suspect that breaks its
        # own pool too is recorded with an error and 0.
        while pending:
            lost = _run_pool(pending, workers, rows, bar)
            suspects = [job for job in lost if Path(job.marker).exists()]
            pending = [job for job in lost if not Path(job.marker).exists()]
            for job in suspects:
                Path(job.marker).unlink()
                if _run_pool([job], 1, rows, bar):
                    rows[job.student] = Row(
                        job.student, error="the grading process died while grading this submission"
                    )
                    bar.advance(job.student)
    finally:
        shutil.rmtree(markers, ignore_errors=True)
    bar.finish()
    from grader.engine.disk_cache import save_references

    save_references()  # what the pool processes computed (see grade_one)
    ordered = [rows[name] for name, _ in students_in(submissions)]
    write_gradebook(out / "gradebook.csv", ordered)
    from grader.frontends.class_report import write_class_report

    write_class_report(out / "report.html", ordered, lang, submissions.resolve().name)
    if junit:
        from grader.frontends.junit import combine
        from grader.frontends.report import write_text_atomic

        files = {row.student: out / "junit" / f"{row.student}.xml" for row in ordered}
        write_text_atomic(out / "junit.xml", combine(files, name=submissions.resolve().name))
    return ordered


def not_a_class(folder: Path) -> str | None:
    """Why ``folder`` is not a class folder (None when it is one): it is one student's
    submission (it holds the modules itself), or it has no student folders at all."""
    own = modules_in(folder)
    if own:
        return (
            f"{folder} looks like one student's submission (it holds {', '.join(own)}).\n"
            "`grade-all` expects a folder with one subfolder per student, each holding "
            f"{expected_modules()}.\nTo grade this submission: python -m grader grade {folder}"
        )
    if not students_in(folder):
        return (
            f"{folder} has no student folders (expected one subfolder per student, each "
            f"holding {expected_modules()})."
        )
    return None


def _run_pool(jobs: list[Job], workers: int, rows: dict[str, Row], bar: Progress) -> list[Job]:
    """Run jobs in a fresh pool; return the jobs lost to a broken pool."""
    from grader.define import oracle

    context = multiprocessing.get_context(_start_method())
    lost: list[Job] = []
    with ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)),
        mp_context=context,
        initializer=_init_pool_process,
        initargs=(context.Value("i", 0),),
    ) as pool:
        futures: dict[Future, Job] = {pool.submit(grade_one, job): job for job in jobs}
        remaining = set(futures)
        while remaining:
            done, remaining = wait(remaining, return_when=FIRST_COMPLETED)
            for future in done:
                job = futures[future]
                try:
                    row = rows[job.student] = future.result()
                    oracle.add_fresh(row.references)
                    row.references = {}
                except BrokenProcessPool:
                    lost.append(job)
                    continue
                except Exception as exc:
                    rows[job.student] = Row(job.student, error=f"{type(exc).__name__}: {exc}")
                bar.advance(job.student)
    return lost


def write_gradebook(path: Path, rows: list[Row]) -> None:
    """``gradebook.csv``: student, points per function, total, max_score and error (the
    lines of :func:`grader.frontends.report.row_errors` joined by "; ", in English for spreadsheets and scripts)."""
    from grader.frontends.report import row_errors, write_text_atomic
    from grader.topics import TOPICS

    names = [spec.name for topic in TOPICS for spec in topic.functions]
    lines: list[list[Any]] = [["student", *names, "total", "max_score", "error"]]
    for row in rows:
        lines.append(
            [row.student, *(row.functions.get(n, 0) for n in names), row.total]
            + [row.max_score, "; ".join(row_errors(row))]
        )
    write_text_atomic(path, _csv_text(lines))


def _csv_text(lines: list[list[Any]]) -> str:
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(lines)
    return buffer.getvalue()


def run(args: argparse.Namespace) -> int:
    if not args.submissions.is_dir():
        print(f"grader error: {args.submissions} is not a folder", file=sys.stderr)
        return 2
    wrong = not_a_class(args.submissions)
    if wrong is not None:
        print(f"grader error: {wrong}", file=sys.stderr)
        return 2
    # Problems of the grader itself stop here, before any student is graded.
    from grader.engine.grading import check_properties, prepare_examples
    from grader.isolation.sandbox import isolation_mode

    try:
        isolation_mode(args.sandbox)
        check_properties()
        # Drawn here once, into the disk cache every pool process then reads: Hypothesis
        # also draws constants from the modules a process has loaded, so processes that
        # drew on their own could disagree on inputs.
        prepare_examples()
    except Exception as exc:
        print(f"grader error: {exc}", file=sys.stderr)
        return 2
    started = time.monotonic()
    rows = grade_all(
        args.submissions,
        args.out,
        jobs=args.jobs,
        lang=args.lang or default_lang(),
        sandbox=args.sandbox,
        limits=limits_from(args),
        progress=not args.quiet,
        junit=args.junit,
        reveal_hidden=args.junit_reveal_hidden,
    )
    elapsed = time.monotonic() - started
    print(class_summary(rows, args.lang or default_lang(), elapsed, args.out))
    print(SUMMARY["report"].get(args.lang or default_lang(), path=args.out / "report.html"))
    return 0


SUMMARY = {
    "graded": Text(
        "graded {count} submissions in {seconds:.1f} s ({rate:.2f}/s); gradebook: {gradebook}",
        "제출물 {count}개 채점 완료: {seconds:.1f}초 (초당 {rate:.2f}개), 성적표: {gradebook}",
    ),
    "errors": Text(
        "{count} of {total} submissions could not be graded in full:",
        "제출물 {total}개 중 {count}개는 전부 채점하지 못했습니다:",
    ),
    "no_errors": Text(
        "Every submission was graded in full (no missing or broken modules, no timeouts).",
        "모든 제출물을 빠짐없이 채점했습니다 (빠진 모듈, 깨진 모듈, 시간 초과 없음).",
    ),
    "scores": Text(
        "Scores (of {most}): min {low}, median {median}, mean {mean}, max {high}",
        "점수 ({most}점 만점): 최저 {low}, 중앙값 {median}, 평균 {mean}, 최고 {high}",
    ),
    "report": Text("report: {path}", "학급 보고서: {path}"),
}
BAR_WIDTH = 30


def class_summary(rows: list[Row], lang: str, elapsed: float, out: Path) -> str:
    """What ``grade-all`` prints at the end: the count and speed, every student whose
    submission could not be graded in full and why, and the score distribution."""
    import statistics

    from grader.frontends.report import row_errors, score_bins

    lines = [
        SUMMARY["graded"].get(
            lang,
            count=len(rows),
            seconds=elapsed,
            rate=len(rows) / max(elapsed, 1e-9),
            gradebook=out / "gradebook.csv",
        )
    ]
    troubled = [(row.student, row_errors(row, lang)) for row in rows if row_errors(row, lang)]
    if troubled:
        lines.append(SUMMARY["errors"].get(lang, count=len(troubled), total=len(rows)))
        width = max(len(name) for name, _ in troubled)
        for name, errors in troubled:
            lines.append(f"  {name:<{width}}  {'; '.join(errors)}")
    else:
        lines.append(SUMMARY["no_errors"].get(lang))
    most = max((row.max_score for row in rows), default=0)
    totals = [row.total for row in rows]
    if totals and most > 0:
        lines.append(
            SUMMARY["scores"].get(
                lang,
                most=f"{most:g}",
                low=f"{min(totals):g}",
                median=f"{statistics.median(totals):g}",
                mean=f"{statistics.fmean(totals):.1f}",
                high=f"{max(totals):g}",
            )
        )
        counts = score_bins(totals, most)
        peak = max(counts)
        for index, count in enumerate(counts):
            low, high = index * 100 // len(counts), (index + 1) * 100 // len(counts)
            bracket = "]" if index == len(counts) - 1 else ")"
            bar = "█" * round(BAR_WIDTH * count / peak) if count else ""
            lines.append(f"  [{low:>3}%, {high:>3}%{bracket} {bar} {count}".rstrip())
    return "\n".join(lines)
