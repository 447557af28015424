"""Workers forked from a sandbox that stays up: the grader's half of ``grader/isolation/fork_server.py``.

In bubblewrap mode, :func:`grader.isolation.worker_client.launch_worker` asks :func:`spawn` for a worker:
a child of a fork server that has already started Python and imported NumPy, so a
submission no longer pays for them (about 0.2 s of CPU each).  Each server is one
bubblewrap sandbox, with the same options as a sandbox of its own, and serves one
submission at a time:

1. :meth:`ForkServer.spawn` copies the submission into the server's staging folder (its
   ``/submission``, read-only inside) and sends ``fork`` with three new pipes, which
   become the child's stdin, stdout and stderr;
2. the grader talks to the child through :class:`ForkedWorker`, which stands in for the
   ``Popen`` of a worker of its own (``poll``, ``wait``, ``kill_tree``, the three streams);
3. when the grader is done with the child, or the child has died, ``end`` kills every
   process the submission left and restores the sandbox.  A sandbox that cannot be
   restored, or a server that stops answering in time (its children cannot signal it,
   but it could still die, say of its own limits), is shut down, and the next
   submission gets a new one.

The staging folder is emptied and refilled only after ``end`` has confirmed that no
process of the previous submission is left, so no submission ever sees another's files.
``DLKIT_FORK_SERVER=0`` turns the server off: every submission then starts a sandbox of
its own, as in process-limits mode, which never forks (see ``grader/isolation/sandbox.py``).
"""

from __future__ import annotations

import atexit
import os
import select
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

from grader.isolation import fork_server as protocol
from grader.isolation.sandbox import Limits, launch_fork_server

# The server's own budgets (not the student's): starting, and answering one message.
STARTUP_SECONDS = 30.0
ANSWER_SECONDS = 10.0
# How often a waiting ForkedWorker asks whether its child has ended.
POLL_INTERVAL = 0.002
# A submission folder is copied into the sandbox; larger ones get a sandbox of their own
# (bound, not copied), as every submission did before the fork server.
STAGE_MAX_BYTES = 32 * 1024**2
STAGE_MAX_ENTRIES = 2000
# Idle servers kept per set of limits (nested sessions, as in the kit's tests, need two).
KEEP_IDLE = 2


class Unavailable(Exception):
    """This submission cannot be forked from a server; start a sandbox of its own."""


class _TooLarge(Unavailable):
    """The submission folder is over the staging limits (the server is still fine)."""


def enabled() -> bool:
    return os.environ.get("DLKIT_FORK_SERVER", "1") != "0"


class ForkServer:
    """One sandbox running ``worker_main.py --fork-server``."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.staging = Path(tempfile.mkdtemp(prefix="dlkit-staging-"))
        self.staging.chmod(0o755)
        self._stderr = tempfile.TemporaryFile(prefix="dlkit-fork-server-")
        self.proc: subprocess.Popen | None = None
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.control = ours
        try:
            self.proc = launch_fork_server(self.staging, limits, theirs.fileno(), self._stderr)
        except Exception as exc:
            self.shutdown()
            raise Unavailable(f"the fork server could not be started: {exc}") from exc
        finally:
            theirs.close()
        self._ask(protocol.PING, STARTUP_SECONDS, expect=b"pong")

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def spawn(self, submission: Path) -> ForkedWorker:
        """A fresh worker for ``submission``, which the server sees as /submission."""
        _stage(submission, self.staging)
        ends = [os.pipe(), os.pipe(), os.pipe()]  # the child's stdin, stdout, stderr
        theirs = [ends[0][0], ends[1][1], ends[2][1]]
        try:
            reply = self._ask(protocol.FORK, ANSWER_SECONDS, fds=theirs, expect=b"forked ")
        except BaseException:
            for fd in (ends[0][1], ends[1][0], ends[2][0]):
                os.close(fd)
            raise
        finally:
            for fd in theirs:
                os.close(fd)
        return ForkedWorker(
            self,
            int(reply.split()[1]),
            open(ends[0][1], "wb", buffering=0),
            open(ends[1][0], "rb", buffering=0),
            open(ends[2][0], "rb", buffering=0),
        )

    def poll(self) -> int | None:
        """The child's exit code once it has ended, else None."""
        reply = self._ask(protocol.POLL, ANSWER_SECONDS)
        return int(reply.split()[1]) if reply.startswith(b"exited ") else None

    def end(self) -> int:
        """Kill what is left of the current submission and restore the sandbox (or shut
        it down); the child's exit code."""
        reply = self._ask(protocol.END, ANSWER_SECONDS, expect=b"ended ")
        words = reply.split(maxsplit=2)
        if words[2] != b"clean":
            self.shutdown()
        return int(words[1])

    def shutdown(self) -> None:
        """Kill the sandbox, with every process in it, and forget the staging folder."""
        proc, self.proc = self.proc, None
        if proc is not None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # bwrap runs in a session of its own
            except (ProcessLookupError, PermissionError):
                pass
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        self.control.close()
        self._stderr.close()
        shutil.rmtree(self.staging, ignore_errors=True)

    def _ask(
        self, message: bytes, seconds: float, fds: list[int] | None = None, expect: bytes = b""
    ) -> bytes:
        """Send one control message and return the answer; any failure shuts the server
        down and raises :class:`Unavailable`."""
        try:
            if fds:
                socket.send_fds(self.control, [message], fds)
            else:
                self.control.sendall(message)
            self.control.settimeout(seconds)
            reply = self.control.recv(protocol.MESSAGE_BYTES)
        except OSError as exc:  # includes the timeout
            reply = b""
            why = f"{exc or type(exc).__name__}"
        else:
            why = "it closed its channel"
        if not reply or not reply.startswith(expect):
            detail = self._stderr_tail()
            self.shutdown()
            if reply:
                why = f"unexpected answer {reply[:80]!r}"
            raise Unavailable(f"the fork server did not answer {message!r} ({why}){detail}")
        return reply

    def _stderr_tail(self) -> str:
        try:
            self._stderr.seek(0)
            text = self._stderr.read()[-2000:].decode(errors="replace").strip()
        except (OSError, ValueError):
            return ""
        return f"; its stderr: {text}" if text else ""


class ForkedWorker:
    """A forked worker, with the parts of ``Popen`` the grader uses.

    ``wait`` differs in one way: without a timeout it gives the child a short grace
    (``ANSWER_SECONDS``) and then kills it, so the grader never waits forever.  Every way
    out (``wait``, ``kill_tree``) ends with the server's ``end``.
    """

    def __init__(
        self, server: ForkServer, pid: int, stdin: IO[bytes], stdout: IO[bytes], stderr: IO[bytes]
    ) -> None:
        self.server = server
        # In the sandbox's PID namespace; deliberately not ``pid``, which code written for
        # Popen would signal on the host.
        self.sandbox_pid = pid
        self.stdin, self.stdout, self.stderr = stdin, stdout, stderr
        self.returncode: int | None = None
        self._exited: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and self._exited is None:
            if not self._hung_up():
                return None  # its stdout is open: still running (the server is not asked)
            try:
                self._exited = self.server.poll()
            except Unavailable:
                self._exited = -signal.SIGKILL  # the whole sandbox is gone
        return self.returncode if self.returncode is not None else self._exited

    def _hung_up(self) -> bool:
        """Whether every writer of the child's stdout is gone: the grader checks before
        each batch of calls, and asking the server each time cost a round trip."""
        poller = select.poll()
        poller.register(self.stdout.fileno(), select.POLLHUP | select.POLLERR)
        return bool(poller.poll(0))

    def wait(self, timeout: float | None = None) -> int:
        deadline = time.monotonic() + (ANSWER_SECONDS if timeout is None else timeout)
        while self.poll() is None and time.monotonic() < deadline:
            time.sleep(POLL_INTERVAL)
        if self.poll() is None and timeout is not None:
            raise subprocess.TimeoutExpired("forked worker", timeout)
        return self.kill_tree()

    def kill_tree(self) -> int:
        """End the child and everything it started; its exit code."""
        if self.returncode is None:
            try:
                self.returncode = self.server.end()
            except Unavailable:
                self.returncode = self._exited if self._exited is not None else -signal.SIGKILL
            _release(self.server)
        return self.returncode


# --- the servers of this process -----------------------------------------------------

_lock = threading.Lock()
_idle: dict[Limits, list[ForkServer]] = {}


def spawn(submission: Path, limits: Limits) -> ForkedWorker:
    """A worker for ``submission`` forked from an idle server (started when none is);
    :class:`Unavailable` when this submission needs a sandbox of its own."""
    server = _take_idle(limits)
    while server is not None and not server.alive:
        server.shutdown()
        server = _take_idle(limits)
    if server is None:
        server = ForkServer(limits)
    try:
        return server.spawn(submission)
    except _TooLarge:
        _release(server)  # nothing ran in it: it stays ready for the next submission
        raise
    except Unavailable:
        raise
    except Exception as exc:  # e.g. the staging folder could not be filled
        server.shutdown()
        raise Unavailable(f"the submission could not be forked: {exc}") from exc
    except BaseException:
        server.shutdown()
        raise


def _take_idle(limits: Limits) -> ForkServer | None:
    with _lock:
        servers = _idle.get(limits, [])
        return servers.pop() if servers else None


def _release(server: ForkServer) -> None:
    if not server.alive:
        server.shutdown()
        return
    with _lock:
        servers = _idle.setdefault(server.limits, [])
        if len(servers) < KEEP_IDLE:
            servers.append(server)
            return
    server.shutdown()


def shutdown_all() -> None:
    with _lock:
        servers = [s for group in _idle.values() for s in group]
        _idle.clear()
    for server in servers:
        server.shutdown()


def _forget_after_fork() -> None:
    # A forked grading process must not share its parent's servers (their channels would
    # carry two conversations); the parent still owns and shuts them down.
    _idle.clear()


atexit.register(shutdown_all)
os.register_at_fork(after_in_child=_forget_after_fork)


def _stage(submission: Path, staging: Path) -> None:
    """Make ``staging`` hold a copy of ``submission``: folders, regular files and
    symbolic links (copied as links, never followed); anything else (FIFOs, sockets,
    devices) is left out, as opening it could block the grader.  :class:`_TooLarge`
    once it has more than ``STAGE_MAX_ENTRIES`` entries or ``STAGE_MAX_BYTES`` of files
    (what was copied stays until the next call, which empties ``staging`` first)."""
    for entry in os.scandir(staging):
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)
    entries, size = 0, 0
    for folder, dirs, files in os.walk(submission):
        target = staging / os.path.relpath(folder, submission)
        for name in [*dirs, *files]:
            source, copy = os.path.join(folder, name), target / name
            entries += 1
            try:
                info = os.lstat(source)
                size += info.st_size if stat.S_ISREG(info.st_mode) else 0
                if entries > STAGE_MAX_ENTRIES or size > STAGE_MAX_BYTES:
                    raise _TooLarge("the submission folder is too large to copy")
                if stat.S_ISLNK(info.st_mode):
                    os.symlink(os.readlink(source), copy)
                elif stat.S_ISDIR(info.st_mode):
                    copy.mkdir(mode=0o755)
                elif stat.S_ISREG(info.st_mode):
                    shutil.copyfile(source, copy, follow_symlinks=False)
                    copy.chmod(0o644)
            except OSError as exc:  # unreadable: the worker reports the missing file
                print(f"warning: cannot copy {source} for grading: {exc}", file=sys.stderr)
