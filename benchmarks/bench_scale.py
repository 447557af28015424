"""The class-scale figure (issue 20): ``grade-all`` on a large generated class.

    python benchmarks/bench_scale.py [--students 1000] [--jobs N] [--sandbox auto]
                                     [--keep DIR]

Generates a class that looks like a real one, grades it with the real command line, and
prints the wall time, submissions per second, the peak memory (VmHWM) of grade-all's
main process, and whether anything was lost: every student must have a results file
and a gradebook row, and every row must be what its kind of submission should get.

The class, in a fixed rotation of 100 (so any size has the same mix):

* 40 correct: the reference solutions, each file with a comment of its own (no two
  submissions are byte-identical, as in a real class);
* 35 with one catalogued mistake (rotating through the whole catalogue);
* 8 with two mistakes in different topics;
* 8 part-way through: the later topics are still the stubs;
* 5 broken: a syntax error, an import error, a missing module, an empty folder,
  a file that is not Python;
* 4 hostile: the attacks of ``tests/attacks/`` (loops, sleeps, floods, exits, forged
  results...) that are safe inside the sandbox; the destructive ones are left out when
  the sandbox is not bubblewrap.

The peak memory is read from ``/proc/PID/status`` (VmHWM, the high-water mark of the
resident set) while the command runs; its last reading is within the poll interval of
the end.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Attacks that harm whatever they can reach: only ever graded inside bubblewrap.
DESTRUCTIVE = ("deletes_project", "kills_parent", "writes_outside_scratch", "memory_hog")

ROTATION = (
    ["correct"] * 40
    + ["mistake"] * 35
    + ["two_mistakes"] * 8
    + ["partial"] * 8
    + ["broken"] * 5
    + ["hostile"] * 4
)


def _copy_solutions(student: Path, tag: str) -> None:
    for path in sorted((ROOT / "solutions").glob("*.py")):
        text = path.read_text()
        (student / path.name).write_text(f"# {tag}\n{text}")


def make_class(folder: Path, students: int, sandboxed: bool) -> dict[str, str]:
    """Write the class; return each student's kind."""
    from grader.define.catalogue import materialize
    from grader.engine.suites import all_mistakes
    from grader.topics import TOPICS

    mistakes = all_mistakes()
    attacks = sorted((ROOT / "tests" / "attacks").glob("*__*"))
    if not sandboxed:
        attacks = [a for a in attacks if not any(d in a.name for d in DESTRUCTIVE)]
    kinds: dict[str, str] = {}
    for i in range(students):
        name = f"student_{i:04d}"
        student = folder / name
        student.mkdir(parents=True)
        kind = ROTATION[(i * 37) % len(ROTATION)]  # 37 is coprime with 100: spread out
        kinds[name] = kind
        if kind == "broken":
            variant = i % 5
            if variant == 3:
                continue  # an empty folder
            _copy_solutions(student, name)
            topic = TOPICS[i % len(TOPICS)].filename
            if variant == 0:
                (student / topic).write_text("def oops(:\n    pass\n")
            elif variant == 1:
                (student / topic).write_text("import not_a_module_anyone_has\n")
            elif variant == 2:
                (student / topic).unlink()
            else:
                (student / topic).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
            continue
        _copy_solutions(student, name)
        if kind in ("mistake", "two_mistakes"):
            first = mistakes[(i * 7) % len(mistakes)]
            chosen = [first]
            if kind == "two_mistakes":
                others = [m for m in mistakes if m.topic != first.topic]
                chosen.append(others[(i * 11) % len(others)])
            for mistake in chosen:
                (student / f"{mistake.topic}.py").write_text(f"# {name}\n{materialize(mistake)}")
        elif kind == "partial":
            done = 1 + i % (len(TOPICS) - 1)
            for topic in TOPICS[done:]:
                shutil.copy(ROOT / "exercises" / topic.filename, student / topic.filename)
        elif kind == "hostile":
            attack = attacks[i % len(attacks)]
            topic = attack.name.split("__", 1)[0]
            base = (student / f"{topic}.py").read_text()
            (student / f"{topic}.py").write_text(base + "\n" + attack.read_text())
    return kinds


def _peak_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def check_nothing_lost(out: Path, kinds: dict[str, str]) -> list[str]:
    """What is missing or wrong in the outputs (empty when nothing was lost)."""
    problems: list[str] = []
    with open(out / "gradebook.csv", newline="") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    for student, kind in kinds.items():
        if not (out / "results" / f"{student}.json").is_file():
            problems.append(f"{student}: no results file")
        row = rows.get(student)
        if row is None:
            problems.append(f"{student}: no gradebook row")
            continue
        results = json.loads((out / "results" / f"{student}.json").read_text())
        total, most = float(row["total"]), sum(t["max_score"] for t in results["tests"])
        if kind == "correct" and total != most:
            problems.append(f"{student}: correct but {total}/{most}")
        if kind in ("mistake", "two_mistakes", "partial") and not 0 < total < most:
            problems.append(f"{student}: {kind} but {total}/{most}")
    extra = set(rows) - set(kinds)
    problems += [f"{name}: a row for no submission" for name in sorted(extra)]
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--sandbox", default="auto", choices=("auto", "bwrap", "none"))
    parser.add_argument("--keep", type=Path, default=None, help="keep the class and outputs here")
    args = parser.parse_args()

    from grader.isolation.sandbox import isolation_mode

    isolation = isolation_mode(args.sandbox)
    work = Path(tempfile.mkdtemp(prefix="dlkit-scale-")) if args.keep is None else args.keep
    work.mkdir(parents=True, exist_ok=True)
    klass, out = work / "class", work / "out"
    shutil.rmtree(klass, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    kinds = make_class(klass, args.students, sandboxed=isolation == "bubblewrap")
    counts = {kind: list(kinds.values()).count(kind) for kind in dict.fromkeys(ROTATION)}
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    print(f"isolation: {isolation}; class: {args.students} submissions {counts}")

    command = [sys.executable, "-m", "grader", "grade-all", str(klass), "--out", str(out)]
    command += ["--sandbox", args.sandbox, "--quiet"]
    command += ["--jobs", str(args.jobs)] if args.jobs else []
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _peak_kib(proc.pid) or 0)
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        print(f"grade-all failed with exit status {proc.returncode}:\n{stderr}")
        sys.exit(1)
    problems = check_nothing_lost(out, kinds)
    print(
        f"grade-all, {args.students} submissions: {elapsed:.1f} s = "
        f"{args.students / elapsed:.2f} submissions/s; main process peak memory "
        f"{peak / 1024:.0f} MiB; lost or wrong: {len(problems)}"
    )
    for problem in problems[:20]:
        print("  " + problem)
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
