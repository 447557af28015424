"""The fork server (grader/isolation/fork_server.py, grader/isolation/fork_client.py): workers forked one
submission after another in one sandbox must be as isolated from each other as workers
in sandboxes of their own.

Each test grades a submission "A" that tries to leave something behind (a process, files,
an IPC object) or to attack the server, then a probe submission "B" in the same grading
process, whose ``relu_forward`` raises with a report of what it can see of A.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

from grader.isolation import fork_client, worker_client
from grader.isolation.calls import StudentError
from grader.isolation.sandbox import Limits
from grader.isolation.worker_client import WorkerImplementation, WorkerSession

from .test_sandbox import require_bubblewrap

LIMITS = Limits(call_seconds=5.0)

# B: what a submission can see of those before it.  Process 1 is the sandbox's init: the
# fork server (or bwrap, in a sandbox of its own).
PROBE = r"""
import ctypes, os
import numpy as np

def relu_forward(x):
    me = os.getpid()
    found = {
        "processes": sorted(int(p) for p in os.listdir("/proc")
                            if p.isdigit() and int(p) not in (1, os.getppid(), me)),
        "scratch": sorted(os.listdir("/scratch")),
        "shm": sorted(os.listdir("/dev/shm")),
        "sysv": open("/proc/sysvipc/shm").read().splitlines()[1:],
        "parent": open(f"/proc/{os.getppid()}/comm").read().strip(),
        # The sandbox's init started at this tick: the same sandbox, the same number.
        "init_started": open("/proc/1/stat").read().split()[21],
    }
    raise RuntimeError(f"REPORT{found!r}END")
"""

LEAVES_A_PROCESS_AND_FILES = r"""
import os, time

def relu_forward(x):
    with open("/scratch/left_by_a.txt", "w") as f:
        f.write("a")
    os.mkdir("/scratch/a_folder")
    with open("/dev/shm/left_by_a", "w") as f:
        f.write("a")
    if os.fork() == 0:  # a daemon that outlives the call, writing all the time
        os.setsid()
        while True:
            with open("/scratch/daemon.txt", "a") as f:
                f.write("x")
            time.sleep(0.01)
    return x
"""

LEAVES_SYSV_MEMORY = r"""
import ctypes

def relu_forward(x):
    libc = ctypes.CDLL(None, use_errno=True)
    assert libc.shmget(0x5EED, 4096, 0o1666) >= 0, ctypes.get_errno()
    return x
"""

SIGNALS_ITS_PARENT = r"""
import os, signal

def relu_forward(x):
    os.kill(os.getppid(), signal.{name})
    return x
"""

READS_ITS_PARENT = r"""
import os

def relu_forward(x):
    parent = os.getppid()
    opened = []
    for path in (f"/proc/{parent}/mem", f"/proc/{parent}/environ", f"/proc/{parent}/fd/3"):
        try:
            open(path, "rb").close()
            opened.append(path)
        except OSError:
            pass
    raise RuntimeError(f"REPORT{opened!r}END")
"""

MAKES_A_POSIX_QUEUE = r"""
import ctypes, os

def relu_forward(x):
    rt = ctypes.CDLL("librt.so.1", use_errno=True)
    fd = rt.mq_open(b"/dlkit_left_behind", os.O_CREAT | os.O_RDWR, 0o600, None)
    raise RuntimeError(f"REPORT{fd, ctypes.get_errno()}END")
"""


@pytest.fixture(autouse=True)
def _bubblewrap_and_fresh_servers():
    require_bubblewrap()
    fork_client.shutdown_all()
    yield
    fork_client.shutdown_all()


def submission(tmp_path: Path, name: str, source: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "activations.py").write_text(source)
    return folder


def call_relu(folder: Path) -> tuple[object, type]:
    """What relu_forward returned or raised, and the type of the worker process."""
    with WorkerSession(folder, LIMITS, sandbox="bwrap") as session:
        impl = WorkerImplementation(session, "activations")
        try:
            outcome: object = impl.call("relu_forward", np.ones(3))
        except StudentError as err:
            outcome = err
        return outcome, type(session._proc)


def report(outcome: object) -> object:
    assert isinstance(outcome, StudentError), outcome
    text = outcome.detail
    assert "REPORT" in text, text
    # The last one: the traceback also quotes the line that raised.
    return eval(text[text.rindex("REPORT") + 6 : text.rindex("END")])  # our own repr


def idle_servers() -> list[fork_client.ForkServer]:
    return list(fork_client._idle.get(LIMITS, []))


def test_workers_are_forked_from_a_server_that_is_reused(tmp_path):
    outcome, kind = call_relu(submission(tmp_path, "b1", PROBE))
    assert kind is fork_client.ForkedWorker
    first = report(outcome)
    assert first["parent"].startswith("python")  # the server, not bwrap
    (server,) = idle_servers()
    outcome, _ = call_relu(submission(tmp_path, "b2", PROBE))
    assert idle_servers() == [server]
    assert report(outcome)["init_started"] == first["init_started"]  # the same sandbox


def test_processes_and_files_left_by_a_submission_are_gone_for_the_next(tmp_path):
    value, _ = call_relu(submission(tmp_path, "a", LEAVES_A_PROCESS_AND_FILES))
    assert not isinstance(value, StudentError), value
    (server,) = idle_servers()  # what A left could be removed: the sandbox is kept
    outcome, _ = call_relu(submission(tmp_path, "b", PROBE))
    seen = report(outcome)
    assert (seen["processes"], seen["scratch"], seen["shm"]) == ([], [], [])
    assert idle_servers() == [server]


def test_ipc_objects_left_behind_retire_the_sandbox(tmp_path):
    value, _ = call_relu(submission(tmp_path, "a", LEAVES_SYSV_MEMORY))
    assert not isinstance(value, StudentError), value
    assert idle_servers() == []  # the segment cannot be checked harmless: sandbox dropped
    seen = report(call_relu(submission(tmp_path, "b", PROBE))[0])
    assert seen["sysv"] == []


def test_posix_message_queues_cannot_be_created(tmp_path):
    fd, errno = report(call_relu(submission(tmp_path, "a", MAKES_A_POSIX_QUEUE))[0])
    assert fd == -1 and errno != 0


def test_the_server_cannot_be_read_through_proc_by_its_children(tmp_path):
    assert report(call_relu(submission(tmp_path, "a", READS_ITS_PARENT))[0]) == []


@pytest.mark.parametrize("name", ["SIGKILL", "SIGSTOP", "SIGINT", "SIGTERM"])
def test_the_server_cannot_be_killed_stopped_or_interrupted_by_its_children(tmp_path, name):
    # As in a sandbox of its own (whose PID 1, bwrap, the attack cannot signal either),
    # the call returns normally: a verdict that does not depend on timing.
    attack = SIGNALS_ITS_PARENT.replace("{name}", name)
    value, _ = call_relu(submission(tmp_path, "a", attack))
    assert np.array_equal(value, [1.0, 1.0, 1.0])
    (server,) = idle_servers()
    seen = report(call_relu(submission(tmp_path, "b", PROBE))[0])
    assert seen["processes"] == []
    assert idle_servers() == [server]


def test_a_submission_too_large_to_copy_gets_a_sandbox_of_its_own(tmp_path, monkeypatch):
    monkeypatch.setattr(fork_client, "STAGE_MAX_BYTES", 10)
    outcome, kind = call_relu(submission(tmp_path, "b", PROBE))
    assert kind is subprocess.Popen
    assert report(outcome)["parent"] == "bwrap"  # no server in between


def test_the_fork_server_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("DLKIT_FORK_SERVER", "0")
    assert call_relu(submission(tmp_path, "b", PROBE))[1] is subprocess.Popen


def test_staging_copies_folders_files_and_links_but_never_opens_fifos(tmp_path):
    source = tmp_path / "source"
    (source / "pkg").mkdir(parents=True)
    (source / "activations.py").write_text("x = 1\n")
    (source / "pkg" / "helper.py").write_text("y = 2\n")
    (source / "link.py").symlink_to("/nowhere/solutions.py")
    os.mkfifo(source / "pipe")
    staging = tmp_path / "staging"
    staging.mkdir()
    (staging / "left_from_before.py").write_text("stale\n")
    fork_client._stage(source, staging)
    assert sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*")) == [
        "activations.py",
        "link.py",
        "pkg",
        "pkg/helper.py",
    ]
    assert (staging / "pkg" / "helper.py").read_text() == "y = 2\n"
    assert os.readlink(staging / "link.py") == "/nowhere/solutions.py"


def test_launch_worker_forks_only_in_bubblewrap_mode(tmp_path):
    folder = submission(tmp_path, "b", PROBE)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    proc = worker_client.launch_worker(folder, scratch, LIMITS, "none")
    try:
        assert isinstance(proc, subprocess.Popen)
    finally:
        proc.kill()
        proc.wait()
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            stream.close()


@pytest.mark.parametrize("broken", ["launch_fork_server", "_stage"])
def test_a_fork_server_that_fails_leaves_the_worker_a_sandbox_of_its_own(
    tmp_path, monkeypatch, broken
):
    def fail(*args, **kwargs):
        raise OSError("simulated failure")

    monkeypatch.setattr(fork_client, broken, fail)
    correct = submission(tmp_path, "c", "import numpy as np\nrelu_forward = lambda x: x * 2\n")
    value, kind = call_relu(correct)
    assert kind is subprocess.Popen
    assert np.array_equal(value, [2.0, 2.0, 2.0])
