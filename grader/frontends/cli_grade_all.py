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

Rerunning into the same ``--out`` resumes: a student whose recorded row is current (same
files, same kit, same options; :mod:`grader.frontends.class_state`) is not graded again,
and ``--fresh`` grades everyone again.  Ctrl-C (SIGINT, or SIGTERM from a scheduler)
stops the pool at once, writes ``OUT/gradebook-incomplete.csv`` with the rows done, leaves
``OUT/INCOMPLETE`` and exits 130 (143 for SIGTERM).  ``--shard INDEX/COUNT`` grades part
of the class, and ``merge`` (:mod:`grader.frontends.merge`) combines the shards.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import multiprocessing.util
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.define.i18n import Text, default_lang
from grader.frontends import class_state
from grader.frontends.cli_grade import (
    add_junit_hidden_argument,
    add_limit_arguments,
    expected_modules,
    forget_keyboard_interrupt,
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
    # Taken from the record of an earlier run into the same folder, not graded now.
    reused: bool = field(default=False, compare=False)


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
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="grade every submission again (by default a rerun into the same OUT grades "
        "only the submissions that are new or changed since, or whose kit or options changed)",
    )
    parser.add_argument(
        "--shard",
        metavar="INDEX/COUNT",
        default=None,
        help="grade only shard INDEX (0 to COUNT-1) of COUNT: every COUNT-th student in "
        "name order; either part may name an environment variable "
        "(JOB_COMPLETION_INDEX/4, SLURM_ARRAY_TASK_ID/4); combine the shards' OUT folders "
        "with the merge command",
    )
    add_limit_arguments(parser)
    add_junit_hidden_argument(parser)


def _init_pool_process(started: Any, parent: int) -> None:
    # Ctrl-C reaches the whole process group: the main process alone decides what it
    # means (grade_all stops the pool), so a pool process must not die of it mid-student.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _watch_parent(parent)
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


def _watch_parent(parent: int) -> None:
    """End this pool process, and the workers it started, soon after the main process
    is gone (``kill -9``, a crash): nothing else would.  A pool process waits for work on
    a queue whose writing end it holds itself (forked), so it never sees end-of-file, and
    a worker runs in a session of its own, out of reach of its group's signals."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        kill_tree(os.getpid(), include_root=False)
        os._exit(1)

    threading.Thread(target=watch, name="dlkit-parent-watch", daemon=True).start()


def _descendants(pid: int) -> list[int]:
    """The processes started by ``pid`` and by those, found in /proc (Linux; elsewhere
    none are found).  Workers run in sessions of their own, so signalling a process
    group would miss them."""
    children: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_tree(pid: int, include_root: bool = True) -> None:
    """SIGKILL ``pid`` (unless not ``include_root``) and every process it started."""
    for target in ([pid] if include_root else []) + _descendants(pid):
        try:
            os.kill(target, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


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


class GradingInterrupted(KeyboardInterrupt):
    """grade_all stopped on SIGINT or SIGTERM; the rows done so far are written to
    ``OUT/gradebook-incomplete.csv`` and recorded for the rerun."""

    def __init__(self, signum: int, done: int, total: int, partial: Path) -> None:
        super().__init__(f"interrupted by signal {signum}: {done} of {total} graded")
        self.signum, self.done, self.total, self.partial = signum, done, total, partial


class _Stop:
    """The signal that asked grade_all to stop (0: none yet).  The handler only sets it;
    the main loop looks at it between waits, so no exception is raised in the middle of
    the pool's bookkeeping or of writing a file."""

    signum = 0

    @classmethod
    def handler(cls, signum: int, frame: Any) -> None:
        cls.signum = signum


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _catch_stop_signals() -> dict[int, Any]:
    """Let SIGINT and SIGTERM set :class:`_Stop` (only the main thread may set handlers);
    return the handlers to restore."""
    _Stop.signum = 0
    if threading.current_thread() is not threading.main_thread():
        return {}
    return {sig: signal.signal(sig, _Stop.handler) for sig in STOP_SIGNALS}


def _restore_signals(previous: dict[int, Any]) -> None:
    for sig, handler in previous.items():
        signal.signal(sig, handler)


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
    shard: tuple[int, int] | None = None,
    fresh: bool = False,
) -> list[Row]:
    """Grade every student folder (or a shard's share of them); write results files and
    the gradebook; return the rows.

    Students recorded in ``out`` by an earlier run under the same key (files, kit,
    options: :mod:`grader.frontends.class_state`) are not graded again unless ``fresh``;
    their rows are marked ``reused``.  On SIGINT or SIGTERM the pool is stopped, the rows
    done so far go to ``out/gradebook-incomplete.csv`` and :class:`GradingInterrupted`
    is raised.

    With ``junit``, also ``out/junit/<student>.xml`` (for a tool that takes one file per
    submission, such as CodeGrade, or to hand back) and ``out/junit.xml``, the whole class
    in one file (one dashboard: suites named ``<student>/<topic>``)."""
    from grader.isolation.sandbox import Limits, isolation_mode

    limits = limits or Limits()
    index, count = shard or (0, 1)
    everyone = students_in(submissions)
    mine = class_state.shard_part(everyone, index, count)
    kit = class_state.kit_fingerprint()
    options = class_state.grading_options(
        lang=lang,
        isolation=isolation_mode(sandbox),
        limits=limits,
        junit=junit,
        reveal_hidden=reveal_hidden,
    )
    class_name = submissions.resolve().name
    manifest = {
        "format": class_state.FORMAT,
        "kit": kit,
        "options": options,
        "class": class_name,
        "students": [name for name, _ in everyone],
        "shard": [index, count],
    }
    class_state.begin(out, manifest)
    keys = {
        name: class_state.record_key(kit, options, class_state.submission_digest(path))
        for name, path in mine
    }
    rows: dict[str, Row] = {}
    if not fresh:
        for name, data in class_state.current_rows(out, keys).items():
            rows[name] = _row_from_record(name, data)
    results_dir = out / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    markers = Path(tempfile.mkdtemp(prefix="dlkit-grading-"))
    pending = []
    for position, (name, path) in enumerate(mine):
        if name in rows:
            continue
        job = Job(
            name,
            str(path.resolve()),
            str(results_dir / f"{name}.json"),
            lang,
            sandbox,
            limits,
            str(markers / f"{position}.running"),
            str(out / "junit" / f"{name}.xml") if junit else "",
            reveal_hidden,
            str(out / "feedback" / f"{name}.html"),
        )
        # What an earlier run wrote for this student must not stand for this one (a
        # student the grader cannot grade at all gets no results file).
        for earlier in (class_state.record_path(out, name), job.results, job.junit, job.feedback):
            if earlier:
                Path(earlier).unlink(missing_ok=True)
        pending.append(job)

    def record(job: Job, row: Row) -> None:
        # Rows with an error too, for merge; a rerun grades those again (class_state).
        data = _row_record(row)
        class_state.write_record(out, job.student, keys[job.student], kit, options, data)

    bar = Progress(len(pending), progress)
    workers = max(1, jobs or os.cpu_count() or 1)
    previous = _catch_stop_signals()
    try:
        # A pool whose process dies (a student's code killed it) fails every job not yet
        # finished.  Jobs that had not started go back in the queue; the ones being
        # graded are suspects, each graded again alone, and a suspect that breaks its
        # own pool too is recorded with an error and 0.
        while pending and not _Stop.signum:
            lost = _run_pool(pending, workers, rows, bar, record)
            suspects = [job for job in lost if Path(job.marker).exists()]
            pending = [job for job in lost if not Path(job.marker).exists()]
            for job in suspects:
                Path(job.marker).unlink()
                if _Stop.signum:
                    break
                if _run_pool([job], 1, rows, bar, record) and not _Stop.signum:
                    rows[job.student] = Row(
                        job.student, error="the grading process died while grading this submission"
                    )
                    record(job, rows[job.student])
                    bar.advance(job.student)
        stopped = _Stop.signum
    finally:
        _restore_signals(previous)
        shutil.rmtree(markers, ignore_errors=True)
    bar.finish()
    from grader.engine.disk_cache import save_references

    save_references()  # what the pool processes computed (see grade_one)
    if stopped:
        done = [rows[name] for name, _ in mine if name in rows]
        partial = out / class_state.PARTIAL_GRADEBOOK
        write_gradebook(partial, done)
        raise GradingInterrupted(stopped, len(done), len(mine), partial)
    ordered = [rows[name] for name, _ in mine]
    write_class_outputs(out, ordered, lang, class_name, junit)
    class_state.finish(out, manifest)
    return ordered


def write_class_outputs(
    out: Path, rows: list[Row], lang: str, class_name: str, junit: bool
) -> None:
    """The files about the whole class (or shard): gradebook.csv, report.html and, with
    ``junit``, junit.xml from the students' files.  ``merge`` writes the same from the
    shards' rows, which is why a merged class equals one graded in one run."""
    write_gradebook(out / "gradebook.csv", rows)
    from grader.frontends.class_report import write_class_report

    write_class_report(out / "report.html", rows, lang, class_name)
    if junit:
        from grader.frontends.junit import combine
        from grader.frontends.report import write_text_atomic

        files = {row.student: out / "junit" / f"{row.student}.xml" for row in rows}
        write_text_atomic(out / "junit.xml", combine(files, name=class_name))


def _row_record(row: Row) -> dict[str, Any]:
    """What of a row is kept in its record: everything the gradebook and the report use."""
    from dataclasses import asdict

    return {
        "functions": row.functions,
        "total": row.total,
        "max_score": row.max_score,
        "error": row.error,
        "problems": [asdict(problem) for problem in row.problems],
        "function_max": row.function_max,
        "mistakes": row.mistakes,
    }


def _row_from_record(student: str, data: dict[str, Any]) -> Row:
    from grader.engine.grading import Problem

    return Row(
        student=student,
        functions=dict(data["functions"]),
        total=data["total"],
        max_score=data["max_score"],
        error=data["error"],
        problems=[Problem(**problem) for problem in data["problems"]],
        function_max=dict(data["function_max"]),
        mistakes=list(data["mistakes"]),
        reused=True,
    )


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


def _run_pool(
    jobs: list[Job],
    workers: int,
    rows: dict[str, Row],
    bar: Progress,
    record: Callable[[Job, Row], None] | None = None,
) -> list[Job]:
    """Run jobs in a fresh pool; return the jobs lost to a broken pool.  ``record(job,
    row)`` is called for each row as it arrives.  When :class:`_Stop` is set, the pool's
    processes and their workers are killed at once and the jobs not done are dropped."""
    from grader.define import oracle

    context = multiprocessing.get_context(_start_method())
    lost: list[Job] = []
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)),
        mp_context=context,
        initializer=_init_pool_process,
        initargs=(context.Value("i", 0), os.getpid()),
    )
    try:
        futures: dict[Future, Job] = {pool.submit(grade_one, job): job for job in jobs}
        remaining = set(futures)
        while remaining and not _Stop.signum:
            # A short timeout, so that a stop signal is seen within a fraction of a second.
            done, remaining = wait(remaining, timeout=0.2, return_when=FIRST_COMPLETED)
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
                    row = rows[job.student] = Row(job.student, error=f"{type(exc).__name__}: {exc}")
                if record is not None:
                    record(job, row)
                bar.advance(job.student)
    finally:
        if _Stop.signum:
            _kill_pool(pool)
            lost = []
        pool.shutdown(wait=True, cancel_futures=True)
    return lost


def _kill_pool(pool: ProcessPoolExecutor) -> None:
    """SIGKILL the pool's processes and every worker they started: what they were grading
    is dropped (and graded by the next run), and waiting for it could take minutes."""
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        if process.pid is not None:
            kill_tree(process.pid)


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
    lang = args.lang or default_lang()
    try:
        return _run(args, lang)
    except GradingInterrupted as stop:
        forget_keyboard_interrupt()
        print(
            SUMMARY["interrupted"].get(
                lang,
                done=stop.done,
                total=stop.total,
                left=stop.total - stop.done,
                partial=stop.partial,
                marker=stop.partial.parent / class_state.INCOMPLETE,
            ),
            file=sys.stderr,
        )
        return 128 + stop.signum
    except KeyboardInterrupt:  # before the pool started, or while the outputs were written
        forget_keyboard_interrupt()
        print(SUMMARY["interrupted_early"].get(lang, out=args.out), file=sys.stderr)
        return 130


def _run(args: argparse.Namespace, lang: str) -> int:
    if not args.submissions.is_dir():
        print(f"grader error: {args.submissions} is not a folder", file=sys.stderr)
        return 2
    from grader.isolation.sandbox import probe_in_background

    # Probed while the topics are imported and the inputs loaded.
    return _checked_run(args, lang, probe_in_background(args.sandbox))


def _checked_run(args: argparse.Namespace, lang: str, probe: threading.Thread) -> int:
    wrong = not_a_class(args.submissions)
    if wrong is not None:
        print(f"grader error: {wrong}", file=sys.stderr)
        return 2
    shard = None
    if args.shard is not None:
        try:
            shard = class_state.parse_shard(args.shard)
        except class_state.ShardError as exc:
            print(f"grader error: {exc.message(lang)}", file=sys.stderr)
            return 2
    if args.out.exists() and not args.out.is_dir():
        print(f"grader error: --out {args.out} exists and is not a folder", file=sys.stderr)
        return 2
    # Problems of the grader itself stop here, before any student is graded.
    from grader.engine.grading import check_properties, prepare_examples
    from grader.isolation.sandbox import isolation_mode

    try:
        probe.join()  # before anything forks: no thread of ours may run then
        isolation_mode(args.sandbox)
        check_properties()
        # Drawn here once, into the disk cache every pool process then reads: Hypothesis
        # also draws constants from the modules a process has loaded, so processes that
        # drew on their own could disagree on inputs.
        prepare_examples()
    except Exception as exc:
        print(f"grader error: {exc}", file=sys.stderr)
        return 2
    if shard is not None:
        total = len(students_in(args.submissions))
        mine = len(class_state.shard_part(list(range(total)), *shard))
        print(
            SUMMARY["shard"].get(lang, index=shard[0], count=shard[1], mine=mine, total=total),
            file=sys.stderr,
        )
    started = time.monotonic()
    rows = grade_all(
        args.submissions,
        args.out,
        jobs=args.jobs,
        lang=lang,
        sandbox=args.sandbox,
        limits=limits_from(args),
        progress=not args.quiet,
        junit=args.junit,
        reveal_hidden=args.junit_reveal_hidden,
        shard=shard,
        fresh=args.fresh,
    )
    elapsed = time.monotonic() - started
    print(class_summary(rows, lang, elapsed, args.out))
    print(SUMMARY["report"].get(lang, path=args.out / "report.html"))
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
    "reused": Text(
        "{count} other submissions were graded by an earlier run into {out} and had not "
        "changed (same files, kit and options), so they were not graded again (--fresh "
        "grades them again)",
        "다른 제출물 {count}개는 이전 실행에서 {out}에 채점해 둔 뒤로 파일, 키트, 옵션이 그대로여서 "
        "다시 채점하지 않았습니다 (모두 다시 채점하려면 --fresh를 붙이십시오)",
    ),
    "shard": Text(
        "shard {index}/{count}: grading {mine} of the class's {total} submissions",
        "샤드 {index}/{count}: 학급 제출물 {total}개 중 {mine}개를 채점합니다",
    ),
    "interrupted": Text(
        "interrupted: {done} of {total} submissions are graded; their rows are in {partial} "
        "and {marker} marks the folder as incomplete. Run the same command again to grade "
        "the other {left}.",
        "중단했습니다: 제출물 {total}개 중 {done}개를 채점했고, 그 성적은 {partial}에 있습니다. "
        "{marker} 파일은 이 폴더가 아직 미완성이라는 표시입니다. 같은 명령을 다시 실행하면 "
        "나머지 {left}개를 채점합니다.",
    ),
    "interrupted_early": Text(
        "interrupted before grading was done; run the same command again to go on "
        "(what was graded into {out} is kept)",
        "채점을 마치기 전에 중단했습니다. 같은 명령을 다시 실행하면 이어서 채점합니다 "
        "({out}에 채점해 둔 결과는 그대로 씁니다)",
    ),
}
BAR_WIDTH = 30


def class_summary(rows: list[Row], lang: str, elapsed: float, out: Path) -> str:
    """What ``grade-all`` prints at the end: the count and speed (of the submissions
    graded in this run; those taken from an earlier run are counted apart), every student whose
    submission could not be graded in full and why, and the score distribution."""
    import statistics

    from grader.frontends.report import row_errors, score_bins

    reused = sum(row.reused for row in rows)
    graded = len(rows) - reused
    lines = [
        SUMMARY["graded"].get(
            lang,
            count=graded,
            seconds=elapsed,
            rate=graded / max(elapsed, 1e-9),
            gradebook=out / "gradebook.csv",
        )
    ]
    if reused:
        lines.append(SUMMARY["reused"].get(lang, count=reused, out=out))
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
