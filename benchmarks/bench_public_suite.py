"""Time the public suite (``pytest exercises/ --solutions``) on this machine.

Usage: python benchmarks/bench_public_suite.py [--repeat 3]

Runs the suite in a fresh interpreter each time (so import of torch and example
generation are included, as a student experiences them) and prints wall times.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_once() -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "exercises/", "--solutions", "-q", "-p", "no:randomly"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"public suite failed on solutions/:\n{proc.stdout[-3000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    times = [run_once() for _ in range(args.repeat)]
    print(
        f"public suite on solutions/: median {statistics.median(times):.2f} s, "
        f"min {min(times):.2f} s, max {max(times):.2f} s over {len(times)} runs"
    )


if __name__ == "__main__":
    main()
