"""Benchmark of the grading command (issue 3's targets: one submission < 5 s, grade-all
>= 2 submissions/s on a 2-core machine).

    python benchmarks/bench_grading.py [--students 40] [--jobs N] [--sandbox auto]

Measures, and prints:

1. ``python -m grader grade`` on the reference solutions, as a fresh process (what an
   instructor waits for; includes importing PyTorch and computing the references), once
   with the on-disk cache of drawn examples cold and once warm;
2. ``grade_submission`` in a process that has graded before (the cost of one more
   submission in batch grading), with the CPU time of the grader and of the worker;
3. ``grade-all`` throughput on a class of ``--students`` submissions: solutions, stubs and
   catalogued mistakes in rotation; then on a class where every submission is correct
   (the slowest case: nothing fails early, every input of every property runs).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_class(folder: Path, students: int, all_correct: bool = False) -> None:
    from grader.define.catalogue import materialize
    from grader.engine.suites import all_mistakes
    from grader.topics import TOPICS

    solutions = ROOT / "solutions"
    mistakes = all_mistakes()
    for i in range(students):
        student = folder / f"student_{i:03d}"
        student.mkdir(parents=True)
        kind = 0 if all_correct else i % 4
        if kind == 1:  # untouched stubs
            for topic in TOPICS:
                shutil.copy(ROOT / "exercises" / topic.filename, student / topic.filename)
            continue
        for path in solutions.glob("*.py"):
            shutil.copy(path, student / path.name)
        if kind in (2, 3):  # one catalogued mistake
            mistake = mistakes[(i * 7) % len(mistakes)]
            (student / f"{mistake.topic}.py").write_text(materialize(mistake))


def cpu_times() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def time_cli_grade(submission: Path, sandbox: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "grader", "grade", str(submission), "--quiet", "--sandbox", sandbox],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--sandbox", default="auto", choices=("auto", "bwrap", "none"))
    args = parser.parse_args()

    from grader.engine.grading import grade_submission
    from grader.isolation.sandbox import isolation_mode

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    print(f"isolation: {isolation_mode(args.sandbox)}")
    with tempfile.TemporaryDirectory(prefix="dlkit-bench-") as tmp:
        work = Path(tmp)
        solution = work / "solution"
        make_class(work / "one", 1)
        (work / "one" / "student_000").rename(solution)

        cold_env = dict(os.environ, DLKIT_CACHE_DIR=str(work / "cache"))
        cold = time_cli_grade(solution, args.sandbox, cold_env)
        warm = time_cli_grade(solution, args.sandbox, cold_env)
        print(f"grade, fresh process, examples cache cold: {cold:6.2f} s")
        print(f"grade, fresh process, examples cache warm: {warm:6.2f} s")

        grade_submission(solution, sandbox=args.sandbox)  # this process: draw, reference
        before, started = cpu_times(), time.perf_counter()
        result = grade_submission(solution, sandbox=args.sandbox)
        wall = time.perf_counter() - started
        after = cpu_times()
        # A bubblewrap worker is a grandchild killed with its sandbox: its CPU time is
        # not reported to this process.
        worker = after[1] - before[1]
        worker_text = f"{worker:.2f} s" if result.isolation != "bubblewrap" else "n/a"
        print(
            f"grade_submission, warm process: {wall:6.2f} s wall, "
            f"grader CPU {after[0] - before[0]:.2f} s, worker CPU {worker_text} "
            f"({result.score}/{result.max_score} points)"
        )
        if result.isolation == "bubblewrap":
            # The sandbox's cost per submission: the same grading without it, alternated
            # so that a change in the machine's load hits all alike.  "bwrap" forks each
            # worker from a sandbox that stays up (grader/isolation/fork_client.py); "own sandbox"
            # starts a sandbox and an interpreter per submission, as before it.
            modes = {"bwrap": ("bwrap", "1"), "own sandbox": ("bwrap", "0"), "none": ("none", "1")}
            walls: dict[str, list[float]] = {name: [] for name in modes}
            previous = os.environ.get("DLKIT_FORK_SERVER")
            for _ in range(3):
                for name, (mode, fork_server) in modes.items():
                    os.environ["DLKIT_FORK_SERVER"] = fork_server
                    started = time.perf_counter()
                    grade_submission(solution, sandbox=mode)
                    walls[name].append(time.perf_counter() - started)
            if previous is None:
                os.environ.pop("DLKIT_FORK_SERVER")
            else:
                os.environ["DLKIT_FORK_SERVER"] = previous
            median = {name: sorted(times)[1] for name, times in walls.items()}
            print(
                f"sandbox cost per submission (median of 3, warm process): "
                f"{median['bwrap']:.2f} s with bubblewrap (forked workers), "
                f"{median['own sandbox']:.2f} s with a sandbox per submission, "
                f"{median['none']:.2f} s without = {median['bwrap'] - median['none']:+.2f} s "
                f"and {median['own sandbox'] - median['none']:+.2f} s"
            )

        for name, all_correct in (("mixed", False), ("all correct", True)):
            folder = work / name.replace(" ", "_")
            make_class(folder, args.students, all_correct)
            before, started = cpu_times(), time.perf_counter()
            command = [sys.executable, "-m", "grader", "grade-all", str(folder)]
            command += ["--out", str(work / f"out_{folder.name}"), "--sandbox", args.sandbox]
            command += ["--quiet"] + (["--jobs", str(args.jobs)] if args.jobs else [])
            subprocess.run(command, cwd=ROOT, check=True, env=cold_env, stdout=subprocess.DEVNULL)
            elapsed = time.perf_counter() - started
            # CPU of the command and its workers (less noisy than wall time on a shared
            # machine; a bubblewrap worker's CPU is not reported to this process).
            cpu = cpu_times()[1] - before[1]
            print(
                f"grade-all, {args.students} submissions ({name}): {elapsed:6.2f} s "
                f"= {args.students / elapsed:.2f} submissions/s (whole command, process "
                f"start-up included); CPU {cpu:.2f} s"
            )


if __name__ == "__main__":
    main()
