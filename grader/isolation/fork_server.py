"""The fork server: one sandbox that stays up, and a fresh worker forked for each submission.

Starting a worker costs Python's start and NumPy's import, about 0.2 s of CPU, which was
a sixth of grading a whole submission.  In bubblewrap mode the grader therefore starts
``worker_main.py /submission --fork-server`` once per grading process: it imports NumPy
and the worker's code, never loads any student code, and forks one child per
submission.  Each child becomes an ordinary worker (``worker_main.start_worker``) on
three pipes of its own that the grader passes with the request, so a child never holds
the server's channel or another submission's pipes.  This file is the server's half;
``grader/isolation/fork_client.py`` is the grader's.  Standard library only: it runs in the
sandbox, loaded by path from ``/worker``.

Control messages travel on fd 0, a ``SOCK_SEQPACKET`` socket (one message per send)::

    b"ping"                  -> b"pong"
    b"fork" + 3 fds          -> b"forked PID"             (fds: the child's 0, 1 and 2)
    b"poll"                  -> b"running" | b"exited CODE"
    b"end"                   -> b"ended CODE clean" | b"ended CODE dirty: WHY"

CODE is the child's exit code, or minus the signal that ended it (as in ``Popen``).

What one submission could leave for the next, and what ``end`` does about it:

* processes: every process of the sandbox but the server is killed
  (``kill(-1, SIGKILL)``) and reaped, until /proc shows no other;
* files: the writable places (``/scratch``, ``/dev/shm``) are emptied, and the listing
  and modes of ``/dev`` and of those folders must equal what they were at the start;
* System V IPC (message queues, semaphores, shared memory, kept by the sandbox's IPC
  namespace after their creator exits) must be absent.  POSIX message queues cannot be
  created at all: the sandbox's ``RLIMIT_MSGQUEUE`` is 0;
* the server itself: it is the sandbox's init (bwrap ``--as-pid-1``), to which the
  kernel delivers no signal from inside the sandbox unless it handles that signal, and it
  handles none (Python's SIGINT handler is replaced by SIG_IGN; its children get it back).
  So no child can kill or stop it, and a submission that tries gets the same verdict as
  in a sandbox of its own, where PID 1 is bwrap.  It is not dumpable
  (``PR_SET_DUMPABLE`` 0, inherited by the children), so without ``CAP_SYS_PTRACE``,
  which nothing in the sandbox has, no child can read or write its memory, or open its
  descriptors through /proc.  As init it also inherits every orphan, and reaps them.
  Should it die anyway, the grader gets no answer and starts a new sandbox.

Whatever ``end`` cannot restore, it reports as dirty, and the grader discards this sandbox
rather than fork another worker in it.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

CONTROL_FD = 0
PING, FORK, POLL, END = b"ping", b"fork", b"poll", b"end"
MESSAGE_BYTES = 256
# Writable in the sandbox, emptied after every submission.
WRITABLE = ("/scratch", "/dev/shm")
SYSV_TABLES = ("/proc/sysvipc/msg", "/proc/sysvipc/sem", "/proc/sysvipc/shm")
# How long killed processes may take to disappear before the sandbox counts as dirty.
SETTLE_SECONDS = 2.0
PR_SET_DUMPABLE = 4


def serve(root: Path, child_main: Callable[[Path], None]) -> None:
    """Answer control messages until the grader closes the channel; a forked child runs
    ``child_main(root)`` with its own pipes as fds 0-2, and never returns here."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        # Without this a child could write into the server and so into later children.
        sys.stderr.write(f"fork server: prctl failed (errno {ctypes.get_errno()})\n")
        sys.exit(3)
    # As PID 1, only the signals it handles can reach it from inside the sandbox.
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT,)}
    for sig in handlers:
        signal.signal(sig, signal.SIG_IGN)
    control = socket.socket(fileno=os.dup(CONTROL_FD))
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)  # fd 2 stays: bwrap's stderr, for this server's own errors
    os.close(null)
    baseline = _state()
    child: int | None = None
    status: int | None = None
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(control, MESSAGE_BYTES, 3)
        except OSError:
            return
        if not message:
            return  # the grader is gone
        if message == FORK and len(fds) == 3 and child is None:
            pid = os.fork()
            if pid == 0:
                for sig, handler in handlers.items():
                    signal.signal(sig, handler)
                _become_worker(control, fds, root, child_main)
            child, status = pid, None
            reply = b"forked %d" % pid
        elif message == POLL and child is not None:
            status = status if status is not None else _reaped(child, os.WNOHANG)
            reply = b"running" if status is None else b"exited %d" % status
        elif message == END:
            status, problem = _end(child, status)
            problem = problem or _clean(baseline)
            child = None
            code = b"%d" % (status if status is not None else -signal.SIGKILL)
            reply = (
                b"ended " + code + (b" clean" if not problem else b" dirty: " + problem.encode())
            )
        elif message == PING:
            reply = b"pong"
        else:
            reply = b"refused"
        for fd in fds:
            os.close(fd)
        control.sendall(reply)


def _become_worker(
    control: socket.socket, fds: list[int], root: Path, child_main: Callable[[Path], None]
) -> None:
    code = 1
    try:
        control.close()
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        # Nothing of the server stays open in the child: only its three pipes.
        os.closerange(3, 1 << 16)
        child_main(root)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(code)


def _reaped(pid: int, flags: int) -> int | None:
    """The child's exit code once it has ended (it is then reaped), else None."""
    try:
        done, wait_status = os.waitpid(pid, flags)
    except ChildProcessError:
        return -signal.SIGKILL
    return os.waitstatus_to_exitcode(wait_status) if done else None


def _end(child: int | None, status: int | None) -> tuple[int | None, str]:
    """Kill every process of the sandbox but this one (its init); the child's exit code,
    and what is left when some process does not go away."""
    _kill_others()
    if child is not None and status is None:
        status = _reaped(child, 0)
    # Processes the child started were re-parented to this process, the sandbox's init:
    # killed, they are listed until reaped.
    deadline = time.monotonic() + SETTLE_SECONDS
    while others := _other_processes():
        if time.monotonic() > deadline:
            return status, f"processes still running: {others[:5]}"
        _kill_others()
        _reap_orphans()
        time.sleep(0.001)
    _reap_orphans()
    return status, ""


def _reap_orphans() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _kill_others() -> None:
    try:
        os.kill(-1, signal.SIGKILL)  # every process we may signal, except us (init)
    except ProcessLookupError:
        pass


def _other_processes() -> list[int]:
    me = os.getpid()  # 1
    return [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) != me]


def _clean(baseline: tuple[object, ...]) -> str:
    """Empty the writable folders; what differs from the start, or "" when nothing does."""
    for folder in WRITABLE:
        try:
            for entry in os.scandir(folder):
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
        except OSError as exc:
            return f"cannot empty {folder}: {exc}"
    try:
        state = _state()
    except OSError as exc:
        return f"cannot inspect the sandbox: {exc}"
    return "" if state == baseline else "files, modes or IPC objects differ from the start"


def _state() -> tuple[object, ...]:
    """What must look the same before every fork."""
    seen: list[object] = []
    for folder in ("/dev", *WRITABLE):
        info = os.lstat(folder)
        seen.append((folder, info.st_mode, info.st_uid))
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            info = entry.stat(follow_symlinks=False)
            seen.append((entry.path, info.st_mode, info.st_uid))
    for table in SYSV_TABLES:
        try:
            with open(table) as f:
                seen.append((table, f.read().splitlines()[1:]))  # line 1 is the header
        except FileNotFoundError:  # a kernel without System V IPC
            pass
    return tuple(seen)
