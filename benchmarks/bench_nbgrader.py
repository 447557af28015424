"""Autograde time per student: ``nbgrader autograde`` vs ``python -m grader grade-nbgrader``.

Usage: python benchmarks/bench_nbgrader.py [--students 4] [--topic activations ...]

Generates the course in a temporary folder, releases the chosen assignments, hands in
the instructor's source notebook for every student (every function implemented, so
every test runs in full: the slow case), then grades the same submissions both ways in
two copies of the course, one after the other, and prints seconds per student side by
side.  The two paths give the same grades (``tests/test_nbgrader.py``); this measures
what each costs.  ``nbgrader autograde`` starts one kernel per notebook, imports PyTorch
in it and draws every input again; ``grade-nbgrader`` grades all students in a few
grader processes (one per core) that draw the inputs and compute PyTorch's answers once,
then lets nbgrader record the grades without executing anything.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(command: list[str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return elapsed, done.stdout + done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=4)
    parser.add_argument("--topic", action="append", help="assignment(s) to grade (default: all)")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from grader.topics import TOPIC_NAMES

    topics = args.topic or list(TOPIC_NAMES)
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp) / "course"
        _run([py, "-m", "grader", "notebooks", str(course)], ROOT)
        _run([py, "-m", "nbgrader", "generate_assignment", "*", "--force"], course)
        for topic in topics:
            source = course / "source" / topic / f"{topic}.ipynb"
            for index in range(args.students):
                folder = course / "submitted" / f"student{index:02d}" / topic
                folder.mkdir(parents=True)
                shutil.copy(source, folder / source.name)
        standard, kit = Path(tmp) / "standard", Path(tmp) / "kit"
        shutil.copytree(course, standard)
        shutil.copytree(course, kit)

        print(f"{args.students} students per assignment, every function implemented")
        print(
            f"{'assignment':<16}{'nbgrader autograde':>22}{'grade-nbgrader':>18}"
            f"{'(kit grading only)':>21}{'speed-up':>10}"
        )
        totals = [0.0, 0.0]
        for topic in topics:
            nbg, _ = _run([py, "-m", "nbgrader", "autograde", topic, "--force"], standard)
            kit_time, log = _run([py, "-m", "grader", "grade-nbgrader", str(kit), topic], ROOT)
            match = re.search(r"graded \d+ submissions in ([\d.]+) s", log)
            grading = float(match.group(1)) if match else float("nan")
            n = args.students
            totals[0] += nbg
            totals[1] += kit_time
            print(
                f"{topic:<16}{nbg / n:>18.2f} s/st{kit_time / n:>14.2f} s/st"
                f"{grading / n:>17.2f} s/st{nbg / kit_time:>9.1f}x"
            )
        n = args.students * len(topics)
        print(
            f"{'all':<16}{totals[0] / n:>18.2f} s/nb{totals[1] / n:>14.2f} s/nb"
            f"{'':>21}{totals[0] / totals[1]:>9.1f}x"
        )


if __name__ == "__main__":
    main()
