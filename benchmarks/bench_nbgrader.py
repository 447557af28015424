"""Autograde time: ``nbgrader autograde`` vs ``python -m grader grade-nbgrader``, side by side.

Usage: python benchmarks/bench_nbgrader.py [--students 4] [--topic activations ...] [--cache DIR]

Generates the course in a temporary folder, releases every assignment, hands in the
instructor's source notebook for every student (every function implemented, so every
test runs in full: the slow case for both), then, assignment by assignment, grades the
same submissions in three copies of the course:

1. ``grade-nbgrader`` once untimed for the ratio, the *first run*: with ``--cache`` unset the
   kit's disk cache (``DLKIT_CACHE_DIR``) is a new empty folder, so this run draws the
   assignment's inputs and imports PyTorch for its answers, as the first grading after
   installing or changing the kit does;
2. ``nbgrader autograde ASSIGNMENT --force``;
3. ``grade-nbgrader`` again: the cache is warm, as for every later run.

It prints, for 2 and 3, the wall-clock seconds and the CPU seconds of the command with
every process it started (this script makes itself their subreaper, so processes that
outlive their parent, such as those of a killed sandbox, are counted too), and the ratios.
On a shared machine the CPU ratio is the steadier one; the load average is printed before
and after.  The two paths give the same grades (``tests/test_nbgrader.py``).

Where the time went, before this benchmark measured CPU time (2026-12-02, the 2-core
machine shared with other work, activations, 3 students, warm cache): ``nbgrader
autograde`` 28.7 s wall (9.7 s of CPU per notebook: a kernel per notebook that imports
PyTorch and the kit and runs every test cell), ``grade-nbgrader`` 4.6 s wall, 6.3x; with
a cold cache 25 s, 1.3x.  ``grade-nbgrader`` spent 5.0 s of CPU:

* 3.0 s importing.  1.3 s of it was jsonschema importing ``rfc3987_syntax``, which
  compiles some forty Lark grammars for an ``iri`` format check no notebook schema uses:
  now skipped (``grader/frontends/jupyter_imports.py``).  nbgrader itself takes 0.7 s
  (its package imports its server extensions, SQLAlchemy, nbconvert), the kit 0.5 s
  (NumPy, Hypothesis, the topics): both remain.
* 0.4 s per student recording through nbgrader's autograde pipeline (which executes
  nothing: ``KitOutputs`` stands in for ``Execute``), now 0.2 s: ``SaveAutoGrades`` and
  ``OverwriteCells`` ran a query per cell and ``SaveAutoGrades`` a commit per cell (now
  one read and one commit per notebook), ``CheckCellMetadata`` re-validated nbgrader's
  schema before every cell and again after autograding (now once, and the repeat is
  left out), and the kit rewrote every grade ``SaveAutoGrades`` had just written (gone).
  nbgrader opening its gradebook about nine times per student, each with a new
  SQLAlchemy engine, remains.
* 0.26 s loading every topic's inputs from the disk cache, now the assignment's; with a
  cold cache every topic's were drawn (20 s), now the assignment's (7-16 s with
  PyTorch's answers).
* 0.4 s of the sandbox's start (a probe in bubblewrap, ``ldd``, the fork server), whose
  waiting now overlaps the imports; grading itself is 0.05-0.7 s per student by topic.

Not the problem: process starts (one Python per run; students are graded in one warm
process, or ``grade-all``'s pool for classes of 50 and more), PyTorch (not imported when
the cache holds its answers), notebook execution (none).

After (4 students, every assignment, load 1-2.5): ``nbgrader autograde`` 402 s wall and
349 s of CPU, ``grade-nbgrader`` 37.5 s and 33.6 s: 10.7x and 10.4x; by assignment, in CPU
time, from 7.1x (optim, whose grading is heaviest) to 14.3x (batchnorm).  With 3 students
the fixed cost of a run weighs more (load 2-2.3): activations 10.9x wall, 9.4x CPU; optim
9.2x and 8.3x.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PR_SET_CHILD_SUBREAPER = 36


@dataclass
class Cost:
    wall: float = 0.0
    cpu: float = 0.0

    def __iadd__(self, other: Cost) -> Cost:
        self.wall += other.wall
        self.cpu += other.cpu
        return self


def _become_subreaper() -> bool:
    """Adopt the orphans of every command run from here (Linux), so their CPU time is
    counted once they are reaped (:func:`_reap_orphans`)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _reap_orphans(grace: float = 5.0) -> None:
    """Wait for adopted processes still ending (a killed sandbox's), at most ``grace`` s."""
    deadline = time.monotonic() + grace
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # none left
        if pid == 0:
            if time.monotonic() > deadline:
                return
            time.sleep(0.02)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(command: list[str], cwd: Path) -> Cost:
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    _reap_orphans()
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return Cost(wall, _children_cpu() - cpu)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=4)
    parser.add_argument("--topic", action="append", help="assignment(s) to grade (default: all)")
    parser.add_argument(
        "--cache",
        type=Path,
        help="the kit's disk cache to use (default: a new empty one, so the first runs are cold)",
    )
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from grader.engine.disk_cache import CACHE_ENV
    from grader.topics import TOPIC_NAMES

    topics = args.topic or list(TOPIC_NAMES)
    py = sys.executable
    counted = "every process started" if _become_subreaper() else "reaped processes only"
    # As on an instructor's machine, Python keeps compiled modules: without that every
    # process, each of nbgrader's kernels too, compiles the kit afresh (0.4 s of CPU).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ[CACHE_ENV] = str(args.cache or Path(tmp) / "cache")
        course = Path(tmp) / "course"
        _run([py, "-m", "grader", "notebooks", str(course)], ROOT)
        _run([py, "-m", "nbgrader", "generate_assignment", "*", "--force"], course)
        for topic in topics:
            source = course / "source" / topic / f"{topic}.ipynb"
            for index in range(args.students):
                folder = course / "submitted" / f"student{index:02d}" / topic
                folder.mkdir(parents=True)
                shutil.copy(source, folder / source.name)
        first, standard, kit = (Path(tmp) / name for name in ("first", "standard", "kit"))
        for copy in (first, standard, kit):
            shutil.copytree(course, copy)

        n = args.students
        print(f"{n} students per assignment, every function implemented; load {_load()}")
        print(f"CPU: user + system time of {counted}; kit cache: {os.environ[CACHE_ENV]}")
        print(
            f"{'assignment':<15}{'first run':>10}{'nbgrader autograde':>21}"
            f"{'grade-nbgrader':>21}{'speed-up':>17}"
        )
        print(
            f"{'':<15}{'wall':>10}{'wall':>10}{'cpu':>11}{'wall':>10}{'cpu':>11}{'wall':>8}{'cpu':>9}"
        )
        totals = {"first": Cost(), "nbgrader": Cost(), "kit": Cost()}
        for topic in topics:
            grade = [py, "-m", "grader", "grade-nbgrader"]
            once = _run([*grade, str(first), topic], ROOT)
            nbg = _run([py, "-m", "nbgrader", "autograde", topic, "--force"], standard)
            ours = _run([*grade, str(kit), topic], ROOT)
            totals["first"] += once
            totals["nbgrader"] += nbg
            totals["kit"] += ours
            print(_row(topic, once, nbg, ours))
        print(_row("all", totals["first"], totals["nbgrader"], totals["kit"]))
        print(f"load after: {_load()}")


def _row(name: str, first: Cost, nbg: Cost, kit: Cost) -> str:
    return (
        f"{name:<15}{first.wall:>9.1f}s{nbg.wall:>9.1f}s{nbg.cpu:>10.1f}s"
        f"{kit.wall:>9.1f}s{kit.cpu:>10.1f}s{nbg.wall / kit.wall:>7.1f}x{nbg.cpu / kit.cpu:>8.1f}x"
    )


if __name__ == "__main__":
    main()
