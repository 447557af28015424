"""The worker sandbox (grader/isolation/sandbox.py), probed directly with small programs.

Each probe runs through ``grader.isolation.sandbox.launch`` exactly as the worker does (same
interpreter flags, mounts, environment and limits) and reports what it could see and do
as JSON on stdout.  The bubblewrap tests fail, rather than skip, when bubblewrap does not
work here: CI installs it, and a skipped sandbox test would hide that it is missing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import hypothesis
import pytest
import torch

from grader.isolation import sandbox
from grader.isolation.sandbox import (
    BUBBLEWRAP,
    PROCESS_LIMITS,
    Limits,
    SandboxUnavailable,
    isolation_mode,
    launch,
)

from .conftest import ROOT

PROBE = r"""
import json, os, socket, sys

report = {"argv": sys.argv, "cwd": os.getcwd(), "env": dict(os.environ)}
targets = [p for p in sys.argv[2].split("|") if p]

report["visible"] = {p: os.path.exists(p) for p in targets}

written = {}
sandboxed = os.environ.get("DLKIT_ISOLATION") == "bubblewrap"
for p in targets + (["/", sys.argv[1]] if sandboxed else []) + [os.getcwd()]:
    path = os.path.join(p, "DLKIT_SANDBOX_PROBE")
    try:
        with open(path, "w") as f:
            f.write("x")
        written[p] = True
        if not p.startswith(os.getcwd()):
            os.remove(path)
    except OSError:
        written[p] = False
report["written"] = written

modules = {}
for name in ("torch", "solutions", "grader", "numpy", "zlib", "ctypes", "hypothesis"):
    try:
        __import__(name)
        modules[name] = True
    except ImportError:
        modules[name] = False
report["modules"] = modules

try:
    socket.create_connection(("1.1.1.1", 53), timeout=2).close()
    report["network"] = True
except OSError:
    report["network"] = False

report["processes"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
with open("/proc/self/status") as f:
    report["cap_eff"] = next(l.split()[1] for l in f if l.startswith("CapEff"))
with open(f"/proc/{os.getppid()}/cmdline", "rb") as f:
    report["parent_cmdline"] = f.read().decode(errors="replace")
print(json.dumps(report))
"""


def require_bubblewrap() -> None:
    problem = sandbox.bubblewrap_problem()
    if problem is not None:
        pytest.fail(f"bubblewrap is needed for this test (.ci/run installs it): {problem}")


def run_probe(
    tmp_path: Path, source: str, mode: str, limits: Limits | None = None, extra: str = ""
) -> tuple[subprocess.CompletedProcess[bytes], float]:
    program = tmp_path / "probe.py"
    program.write_text(source)
    submission = tmp_path / "submission"
    submission.mkdir(exist_ok=True)
    (submission / "activations.py").write_text("x = 1\n")
    scratch = tmp_path / "scratch"
    scratch.mkdir(exist_ok=True)
    started = time.monotonic()
    proc = launch(program, [extra], submission, scratch, limits or Limits(), mode)
    try:
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err), (
        time.monotonic() - started
    )


@pytest.fixture(scope="module")
def sandboxed_report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    require_bubblewrap()
    tmp_path = tmp_path_factory.mktemp("probe")
    host_tmp = tmp_path / "host-visible"
    host_tmp.mkdir()
    targets = [
        str(ROOT),
        str(ROOT / "solutions"),
        str(ROOT / "grader"),
        str(ROOT / "tests"),
        str(host_tmp),
        "/tmp",
        "/etc/passwd",
        str(Path(torch.__file__).parent),
        str(Path(hypothesis.__file__).parent),
    ]
    # Every target exists on the host, so "not visible" is a real finding.
    assert all(Path(t).exists() for t in targets)
    result, _ = run_probe(tmp_path, PROBE, "bwrap", extra="|".join(targets))
    assert result.returncode == 0, result.stderr.decode()
    report = json.loads(result.stdout)
    report["host_tmp"] = str(host_tmp)
    report["host_scratch"] = str(tmp_path / "scratch")
    return report


def test_bubblewrap_is_what_auto_picks_when_it_works():
    require_bubblewrap()
    assert isolation_mode("auto") == BUBBLEWRAP
    assert isolation_mode("bwrap") == BUBBLEWRAP
    assert isolation_mode("none") == PROCESS_LIMITS


def test_unknown_sandbox_request_is_refused():
    with pytest.raises(ValueError, match="sandbox must be one of"):
        isolation_mode("docker")


def test_requesting_bubblewrap_where_it_is_missing_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(sandbox, "bubblewrap_problem", lambda: "the bwrap program is not installed")
    with pytest.raises(SandboxUnavailable, match="bwrap program is not installed.*--sandbox none"):
        isolation_mode("bwrap")
    assert isolation_mode("auto") == PROCESS_LIMITS


def test_sandboxed_worker_sees_no_project_course_or_host_folders(sandboxed_report):
    visible = {path: seen for path, seen in sandboxed_report["visible"].items() if seen}
    assert visible == {}, visible


def test_sandboxed_worker_writes_only_to_its_scratch(sandboxed_report):
    written = {path: ok for path, ok in sandboxed_report["written"].items() if ok}
    assert list(written) == ["/scratch"], written
    assert sandboxed_report["cwd"] == "/scratch"
    # The private scratch is a tmpfs: the host folder given as scratch stays empty.
    assert list(Path(sandboxed_report["host_scratch"]).iterdir()) == []
    assert list(Path(sandboxed_report["host_tmp"]).iterdir()) == []
    for path in (ROOT, ROOT / "solutions", Path("/tmp")):
        assert not (path / "DLKIT_SANDBOX_PROBE").exists()


def test_sandboxed_worker_imports_numpy_but_not_torch_solutions_grader_or_other_packages(
    sandboxed_report,
):
    assert sandboxed_report["modules"] == {
        "torch": False,
        "solutions": False,
        "grader": False,
        "numpy": True,
        "zlib": True,
        "ctypes": True,
        "hypothesis": False,
    }


def test_sandboxed_worker_has_no_network(sandboxed_report):
    assert sandboxed_report["network"] is False


def test_sandboxed_worker_sees_only_its_own_processes_and_has_no_capabilities(
    sandboxed_report,
):
    # bwrap's reaper (1) and the worker (2): no grader, no other student.
    assert sandboxed_report["processes"] == [1, 2]
    assert int(sandboxed_report["cap_eff"], 16) == 0


def test_sandboxed_worker_cannot_read_host_paths_from_its_parent_command_line(
    sandboxed_report,
):
    # What bwrap was given, up to the probe's own arguments (which name host paths).
    cmdline = sandboxed_report["parent_cmdline"].split("/worker/probe.py")[0]
    assert sandboxed_report["host_scratch"] not in cmdline
    assert str(ROOT) not in cmdline
    assert "--args" in cmdline  # the mount options went through a pipe


def test_sandboxed_worker_environment_is_cleared(sandboxed_report):
    env = sandboxed_report["env"]
    assert env["HOME"] == env["TMPDIR"] == "/scratch"
    assert env["OPENBLAS_NUM_THREADS"] == "1"
    assert env["DLKIT_ISOLATION"] == BUBBLEWRAP
    assert set(env["DLKIT_FORBIDDEN_MODULES"].split(",")) >= {"torch", "solutions", "grader"}
    # Nothing of the grader's environment (PYTHONPATH, LD_*, VIRTUAL_ENV, secrets).
    assert set(env) == set(sandbox._worker_env(BUBBLEWRAP, "/scratch")) | {"PWD"}


MEMORY_HOG = "import numpy as np\nkeep = [np.ones(2**24) for _ in range(1000)]\n"
CPU_HOG = "while True:\n    pass\n"
BIG_FILE = "open('big', 'wb').write(b'x' * (64 * 2**20))\n"


@pytest.mark.parametrize("mode", ["bwrap", "none"])
def test_memory_limit_stops_a_hog(tmp_path, mode):
    if mode == "bwrap":
        require_bubblewrap()
    limits = replace(Limits(), memory_bytes=512 * 2**20)
    result, _ = run_probe(tmp_path, MEMORY_HOG, mode, limits)
    assert result.returncode != 0
    assert b"MemoryError" in result.stderr


@pytest.mark.parametrize("mode", ["bwrap", "none"])
def test_cpu_limit_kills_a_busy_loop(tmp_path, mode):
    if mode == "bwrap":
        require_bubblewrap()
    result, seconds = run_probe(tmp_path, CPU_HOG, mode, replace(Limits(), submission_seconds=1))
    assert result.returncode != 0
    assert seconds < 30


@pytest.mark.parametrize("mode", ["bwrap", "none"])
def test_file_size_limit_stops_a_large_write(tmp_path, mode):
    if mode == "bwrap":
        require_bubblewrap()
    result, _ = run_probe(tmp_path, BIG_FILE, mode, replace(Limits(), file_bytes=2**20))
    assert result.returncode != 0
    assert not (tmp_path / "scratch" / "big").exists() or (
        (tmp_path / "scratch" / "big").stat().st_size <= 2**20
    )


def test_fallback_runs_isolated_python_with_a_cleared_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv("DLKIT_SECRET", "leak")
    result, _ = run_probe(tmp_path, PROBE, "none", extra="")
    assert result.returncode == 0, result.stderr.decode()
    report = json.loads(result.stdout)
    assert report["cwd"] == str((tmp_path / "scratch").resolve())
    env = report["env"]
    assert "PYTHONPATH" not in env and "DLKIT_SECRET" not in env
    assert env["DLKIT_ISOLATION"] == PROCESS_LIMITS
    assert env["HOME"] == str((tmp_path / "scratch").resolve())
    # python -I: the project is not importable through the working directory or env.
    assert report["modules"]["grader"] is False
    assert report["modules"]["solutions"] is False


def test_fallback_warns_once_on_stderr(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sandbox, "_warned", set())
    for _ in range(2):
        run_probe(tmp_path, "pass\n", "none")
    warnings = [line for line in capsys.readouterr().err.splitlines() if "bubblewrap" in line]
    assert len(warnings) == 1
    assert "process limits only" in warnings[0]


@pytest.mark.parametrize("mode", ["bwrap", "none"])
def test_limits_apply_where_prlimit_is_missing(tmp_path, mode, monkeypatch):
    # macOS has no prlimit: the rlimits are then set between fork and exec.
    if mode == "bwrap":
        require_bubblewrap()
    which = sandbox.shutil.which
    monkeypatch.setattr(
        sandbox.shutil, "which", lambda name: None if name == "prlimit" else which(name)
    )
    assert sandbox._limiter(Limits())[0] == []
    limits = replace(Limits(), memory_bytes=512 * 2**20)
    result, _ = run_probe(tmp_path, MEMORY_HOG, mode, limits)
    assert result.returncode != 0
    assert b"MemoryError" in result.stderr


# How a 40 MB array is allocated: glibc gives any block above 32 MB an mmap of its own
# (mallinfo2's hblks counts those), to be unmapped when freed, and so faulted in again,
# page by page, when the next one is allocated; with the kit's settings
# (grader/isolation/malloc.py) it comes from the heap, whose pages are reused.
OWN_MMAP = r"""
import ctypes
import numpy as np

class Info(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd",
        "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]

mallinfo2 = ctypes.CDLL(None).mallinfo2
mallinfo2.restype = Info
before = mallinfo2().hblks
array = np.ones(5 * 2**20)
print(mallinfo2().hblks - before)
"""


@pytest.mark.parametrize("mode", ["bwrap", "none"])
def test_workers_keep_large_arrays_on_the_reused_heap(tmp_path, mode):
    if mode == "bwrap":
        require_bubblewrap()
    result, _ = run_probe(tmp_path, OWN_MMAP, mode)
    assert result.returncode == 0, result.stderr.decode()
    assert int(result.stdout) == 0


def test_the_grader_keeps_large_arrays_on_the_heap_where_glibc_would_not(tmp_path):
    kit = "from grader.isolation.malloc import keep_freed_memory\nassert keep_freed_memory()\n"
    own_mmaps = {}
    for setting, prefix in (("kit", kit), ("glibc", "")):
        done = subprocess.run(
            [sys.executable, "-c", prefix + OWN_MMAP],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        own_mmaps[setting] = int(done.stdout)
    assert own_mmaps == {"kit": 0, "glibc": 1}
