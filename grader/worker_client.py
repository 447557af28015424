"""The grader's side of the worker protocol: one worker process per submission.

:class:`WorkerSession` owns the process (started through ``grader.sandbox``), restarts
it after a crash or a timeout, enforces the per-call wall-clock limit and the time
budget of the whole submission, and keeps a bounded copy of what the student's code
printed.  :class:`WorkerImplementation` is the :class:`grader.calls.Implementation`
the properties call: each ``impl.call(name, *args)`` becomes one request.

Before a module is loaded in the worker, its source is checked statically: importing
PyTorch (or another framework), the solutions or the grader forfeits the whole module.
"""

from __future__ import annotations

import ast
import os
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import weakref
from pathlib import Path
from typing import Any

from grader import wire
from grader.calls import (
    BAD_OUTPUT,
    CRASHED,
    FILE_MISSING,
    FORBIDDEN,
    IMPORT_FAILED,
    TIMEOUT,
    CallRecord,
    Implementation,
    StudentError,
)
from grader.sandbox import Limits, isolation_mode, launch_worker
from grader.spec import Topic
from grader.topics import BY_NAME, params_of

# Top-level packages a submission may not import (the exercises are NumPy only).
FORBIDDEN_IMPORTS = frozenset(
    {"torch", "tensorflow", "jax", "jaxlib", "keras", "solutions", "grader"}
)
# Starting Python and importing NumPy can take a while on a loaded machine; this is
# the grader's own budget, not the student's.
STARTUP_SECONDS = 30.0
PROTOCOL = "protocol"


class GraderError(RuntimeError):
    """The grader itself cannot run (not the student's fault): report and stop."""


def forbidden_imports(source: str) -> list[str]:
    """Forbidden packages a module's source imports (statically visible imports,
    ``__import__("x")`` and ``importlib.import_module("x")`` with constant names).

    A module that does not parse is left to the worker, which reports the SyntaxError.
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            first = node.args[0]
            if (
                called in ("__import__", "import_module")
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                names = [first.value]
        found.update(n.split(".")[0] for n in names if n.split(".")[0] in FORBIDDEN_IMPORTS)
    return sorted(found)


def describe_exit(returncode: int | None) -> str:
    if returncode is None:
        return "it stopped answering"
    if returncode < 0:
        try:
            return f"killed by signal {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exit code {returncode}"


class _StderrDrain(threading.Thread):
    """Reads the worker's stderr to the end, keeping only the first `limit` bytes, so a
    student printing gigabytes neither blocks the worker nor fills the grader's memory."""

    def __init__(self, stream: Any, limit: int) -> None:
        super().__init__(daemon=True)
        self.stream = stream
        self.limit = limit
        self.kept = bytearray()
        self.dropped = 0

    def run(self) -> None:
        fd = self.stream.fileno()
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            room = self.limit - len(self.kept)
            if room > 0:
                self.kept += chunk[:room]
            self.dropped += max(0, len(chunk) - max(room, 0))


class WorkerSession:
    """One submission's worker process, restarted on demand, with its time budget.

    Use as a context manager; the scratch folder (the worker's working directory) is
    removed at exit.
    """

    def __init__(
        self, submission_dir: str | Path, limits: Limits | None = None, sandbox: str = "auto"
    ) -> None:
        self.submission = Path(submission_dir).resolve()
        self.limits = limits or Limits()
        self.sandbox = sandbox
        try:
            self.isolation = isolation_mode(sandbox)
        except Exception as exc:  # e.g. bubblewrap requested but unusable here
            raise GraderError(f"sandbox {sandbox!r} is not available: {exc}") from exc
        self.spent = 0.0  # seconds the student's code has had, over all calls
        self.generation = 0  # bumped at every (re)start: handles of dead workers are stale
        self.printed = bytearray()
        self._proc: subprocess.Popen | None = None
        self._drain: _StderrDrain | None = None
        self._scratch: Path | None = None
        self._load_errors: dict[str, StudentError | None] = {}
        self._loaded_here: set[str] = set()
        self._to_free: list[tuple[int, int]] = []

    # ---------------------------------------------------------------- lifecycle

    def __enter__(self) -> WorkerSession:
        self._scratch = Path(tempfile.mkdtemp(prefix="dlkit-scratch-"))
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._stop()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    @property
    def output(self) -> str:
        """What the student's code printed (first ``limits.output_bytes`` bytes)."""
        current = self._drain.kept if self._drain is not None else b""
        return bytes(self.printed + current).decode("utf-8", errors="replace")

    def _start(self) -> None:
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix="dlkit-scratch-"))
        try:
            proc = launch_worker(self.submission, self._scratch, self.limits, self.sandbox)
        except Exception as exc:  # whatever the sandbox raises, it is not the student's doing
            raise GraderError(f"cannot start the worker process: {exc}") from exc
        self._proc = proc
        self.generation += 1
        self._loaded_here = set()
        self._to_free = []
        self._drain = _StderrDrain(
            proc.stderr, max(0, self.limits.output_bytes - len(self.printed))
        )
        self._drain.start()
        try:
            reply = self._exchange({"op": "hello"}, STARTUP_SECONDS)
        except (_Died, _TimedOut, wire.WireError) as exc:
            stderr = self._collect_output()
            self._stop()
            raise GraderError(
                f"the worker process did not start ({exc}); its stderr:\n{stderr}"
            ) from None
        if not reply.get("ok"):
            self._stop()
            raise GraderError(f"the worker process refused to start: {reply!r}")

    def _collect_output(self) -> str:
        if self._drain is not None:
            self._drain.join(timeout=0.5)
            return bytes(self._drain.kept).decode("utf-8", errors="replace")
        return ""

    def _ensure_running(self) -> None:
        if self._proc is not None and self._proc.poll() is not None:
            self._stop()
        if self._proc is None:
            self._start()

    @property
    def restarts(self) -> int:
        """How many times the worker was started again after dying or being killed."""
        return max(0, self.generation - 1)

    def _stop(self) -> None:
        self._loaded_here = set()
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            _kill(proc)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        for stream in (proc.stdin, proc.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        if self._drain is not None:
            self._drain.join(timeout=1.0)
            self.printed += self._drain.kept
            if not self._drain.is_alive() and proc.stderr is not None:
                proc.stderr.close()
            self._drain = None

    # ---------------------------------------------------------------- protocol

    def _exchange(self, request: dict[str, Any], seconds: float) -> Any:
        """Send one request and wait at most `seconds` for the reply."""
        proc = self._proc
        assert proc is not None and proc.stdin is not None and proc.stdout is not None
        data = wire.frame(request)
        try:
            # Requests are small (the grader's own inputs) and the worker reads them
            # whole before running anything, so this write does not stall.
            wire.write_all(proc.stdin.fileno(), data)
        except OSError:
            raise _Died(describe_exit(proc.wait())) from None
        deadline = time.monotonic() + seconds
        fd = proc.stdout.fileno()
        # One read usually brings the whole reply; the worker writes it in one go.
        received = self._read(fd, wire.LENGTH_SIZE, deadline, proc)
        length = wire.body_length(received[: wire.LENGTH_SIZE], wire.MAX_FRAME)
        missing = wire.LENGTH_SIZE + length - len(received)
        if missing > 0:
            received += self._read(fd, missing, deadline, proc, exact=True)
        elif missing < 0:
            raise wire.WireError("the worker sent more than one reply")
        return wire.decode(received[wire.LENGTH_SIZE :], make_handle=self._make_handle)

    def _read(
        self, fd: int, n: int, deadline: float, proc: subprocess.Popen, exact: bool = False
    ) -> bytes:
        """At least n bytes (exactly n if `exact`; otherwise whatever one read brings
        beyond them, but never past a reply, since the worker only writes replies)."""
        chunks: list[bytes] = []
        got = 0
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)
        while got < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _TimedOut()
            if not poller.poll(left * 1000):
                continue
            chunk = os.read(fd, (n - got) if exact else max(n - got, 1 << 16))
            if not chunk:
                try:
                    code = proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    code = None
                raise _Died(describe_exit(code))
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def _make_handle(self, handle_id: int) -> wire.Handle:
        handle = wire.Handle(handle_id, self.generation)
        # When the grader drops a cache, the worker may drop it too (sent with the next call).
        weakref.finalize(handle, self._to_free.append, (self.generation, handle_id))
        return handle

    def _request(self, request: dict[str, Any], function: str) -> Any:
        """One request on behalf of `function`, within the per-call and total limits.

        Raises StudentError for timeouts, crashes and malformed replies (restarting the
        worker on the next request).
        """
        budget = self.limits.submission_seconds - self.spent
        if budget <= 0:
            raise StudentError(
                TIMEOUT, function, f"{self.limits.submission_seconds:g} s (whole submission)"
            )
        self._ensure_running()
        seconds = min(self.limits.call_seconds, budget)
        started = time.monotonic()
        try:
            return self._exchange(request, seconds)
        except _TimedOut:
            self._stop()
            if seconds < self.limits.call_seconds:
                detail = f"{self.limits.submission_seconds:g} s (whole submission)"
            else:
                detail = f"{self.limits.call_seconds:g} s"
            raise StudentError(TIMEOUT, function, detail) from None
        except _Died as exc:
            self._stop()
            raise StudentError(CRASHED, function, str(exc)) from None
        except wire.WireError as exc:
            self._stop()  # the stream can no longer be trusted to be in step
            raise StudentError(BAD_OUTPUT, function, str(exc)) from None
        finally:
            self.spent += time.monotonic() - started

    # ---------------------------------------------------------------- modules and calls

    def load(self, topic: Topic | str) -> StudentError | None:
        """Check and import the topic's module; the error that disqualifies it, if any.

        The verdict is fixed the first time (a module that imported once counts as
        importable), and the module is re-imported quietly after a worker restart.
        """
        topic = BY_NAME[topic] if isinstance(topic, str) else topic
        if topic.name in self._load_errors:
            return self._load_errors[topic.name]
        error = self._first_load(topic)
        self._load_errors[topic.name] = error
        return error

    def _first_load(self, topic: Topic) -> StudentError | None:
        path = self.submission / topic.filename
        if not path.is_file():
            return StudentError(FILE_MISSING, topic.filename, topic.filename)
        try:
            source = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            return StudentError(IMPORT_FAILED, topic.filename, str(exc), type(exc).__name__)
        bad = forbidden_imports(source)
        if bad:
            return StudentError(FORBIDDEN, topic.filename, ", ".join(bad))
        return self._load_in_worker(topic, topic.filename)

    def _load_in_worker(self, topic: Topic, function: str) -> StudentError | None:
        request = {"op": "load", "module": topic.name, "file": topic.filename}
        try:
            reply = self._request(request, function)
        except StudentError as err:
            # Hanging or dying while being imported is an import failure of the module.
            return StudentError(IMPORT_FAILED, function, _while_importing(err), err.kind)
        if reply.get("ok"):
            self._loaded_here.add(topic.name)
            return None
        return self._error(reply, function)

    def _error(self, reply: Any, function: str) -> StudentError:
        error = reply.get("error") if isinstance(reply, dict) else None
        if not isinstance(error, dict):
            return StudentError(BAD_OUTPUT, function, "malformed reply from the worker")
        kind = str(error.get("kind", CRASHED))
        if kind == PROTOCOL:
            # The worker did not understand the grader: a state the student's code forced
            # (e.g. by tampering with the worker), never a normal outcome.
            self._stop()
            kind = CRASHED
        return StudentError(
            kind, function, str(error.get("detail", "")), str(error.get("exc_type", ""))
        )

    def call(
        self,
        topic: Topic,
        function: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        labels: list[str],
        opaque: tuple[int, ...] = (),
    ) -> tuple[Any, list[str], list[str]]:
        """Call a student function in the worker: (value, mutated labels, warnings)."""
        error = self.load(topic)
        if error is not None:
            raise StudentError(error.kind, function, error.detail, error.exc_type)
        # Caches are passed as arguments themselves (never nested: see the topics).
        for handle in (*args, *kwargs.values()):
            if not isinstance(handle, wire.Handle):
                continue
            if handle.generation != self.generation or self._proc is None:
                raise StudentError(
                    CRASHED, function, "the cache came from a worker process that has died"
                )
        self._ensure_running()
        if topic.name not in self._loaded_here:
            reload_error = self._load_in_worker(topic, function)
            if reload_error is not None:
                raise reload_error
        request = {
            "op": "call",
            "module": topic.name,
            "function": function,
            "args": list(args),
            "kwargs": kwargs,
            "labels": labels,
            "opaque": list(opaque),
            "free": [i for gen, i in self._to_free if gen == self.generation],
        }
        self._to_free.clear()
        try:
            reply = self._request(request, function)
        except wire.WireError as exc:  # a grader-side input the wire cannot carry
            raise GraderError(f"cannot send the inputs of {function}: {exc}") from exc
        if not isinstance(reply, dict) or not reply.get("ok"):
            raise self._error(reply, function)
        mutated, found = reply.get("mutated"), reply.get("warnings")
        if not (_str_list(mutated) and _str_list(found)) or "value" not in reply:
            self._stop()
            raise StudentError(BAD_OUTPUT, function, "malformed reply from the worker")
        return reply["value"], mutated, found


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _while_importing(err: StudentError) -> str:
    if err.kind == TIMEOUT:
        return f"importing it did not finish within {err.detail}"
    if err.kind == CRASHED:
        return f"the process died while importing it ({err.detail})"
    return err.detail


def _kill(proc: subprocess.Popen) -> None:
    """Kill the worker and, when it has a process group of its own, everything in it."""
    try:
        group = os.getpgid(proc.pid)
    except ProcessLookupError:
        return
    try:
        if group != os.getpgrp():  # never signal the grader's own group
            os.killpg(group, signal.SIGKILL)
        else:
            proc.kill()
    except ProcessLookupError:
        pass


class _TimedOut(Exception):
    def __str__(self) -> str:
        return "no reply in time"


class _Died(Exception):
    pass


class WorkerImplementation(Implementation):
    """The student functions of one topic, evaluated in the session's worker."""

    def __init__(self, session: WorkerSession, topic: Topic | str) -> None:
        self.topic = BY_NAME[topic] if isinstance(topic, str) else topic
        super().__init__(params_of(self.topic))
        self.session = session
        self.opaque = {spec.name: spec.opaque_returns for spec in self.topic.functions}

    def _call(self, function: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        labels = self.arg_labels(function, args, kwargs)
        value, mutated, found = self.session.call(
            self.topic, function, args, kwargs, labels, self.opaque.get(function, ())
        )
        self.last = CallRecord(function=function, mutated=mutated, warnings=found)
        return value
