"""Starting the worker process that runs student code.

Interface used by the grader (keep it stable):

* :class:`Limits` - per-call and per-submission limits.
* :func:`launch_worker` - start ``grader/worker_main.py`` for one submission folder and
  return the ``Popen``; the request/response protocol runs over its stdin/stdout.
* :func:`isolation_mode` - "bubblewrap" or "process-limits" (what :func:`launch_worker`
  will use), for the report.

This first version only applies process limits; the bubblewrap sandbox replaces the body
of :func:`launch_worker` without changing its signature.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

WORKER_MAIN = Path(__file__).resolve().parent / "worker_main.py"


@dataclass(frozen=True)
class Limits:
    call_seconds: float = 5.0
    submission_seconds: float = 120.0
    memory_bytes: int = 2 * 1024**3
    output_bytes: int = 64 * 1024


def isolation_mode(requested: str = "auto") -> str:
    return "process-limits"


def launch_worker(
    submission: Path, scratch: Path, limits: Limits, requested: str = "auto"
) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-I", str(WORKER_MAIN), str(submission)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=scratch,
    )
