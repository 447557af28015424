"""The grader's side of the worker protocol: one worker process per submission.

:class:`WorkerSession` owns the process (started through ``grader.isolation.sandbox``), restarts
it after a crash or a timeout, enforces the per-call wall-clock limit and the time
budget of the whole submission, and keeps a bounded copy of what the student's code
printed.  :class:`WorkerImplementation` is the :class:`grader.isolation.calls.Implementation`
the properties call: each ``impl.call(name, *args)`` becomes one request.

Before a module is loaded in the worker, its source is checked statically: importing
PyTorch (or another framework), the solutions or the grader forfeits the whole module.
"""

from __future__ import annotations

import ast
import collections
import os
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from grader.define.frozen import freeze, identity_key
from grader.define.spec import Topic
from grader.isolation import fork_client, sandbox, wire
from grader.isolation.calls import (
    BAD_OUTPUT,
    CRASHED,
    FILE_MISSING,
    FORBIDDEN,
    IMPORT_FAILED,
    NOT_IMPLEMENTED,
    RAISED,
    STALE_CACHE,
    STICKY_KINDS,
    TIMEOUT,
    Call,
    CallRecord,
    Chain,
    Implementation,
    StudentError,
    chain_steps,
)
from grader.isolation.sandbox import Limits, isolation_mode
from grader.topics import BY_NAME, params_of

# Top-level packages a submission may not import (the exercises are NumPy only).
FORBIDDEN_IMPORTS = frozenset(
    {"torch", "tensorflow", "jax", "jaxlib", "keras", "solutions", "grader"}
)
# Starting Python and importing NumPy can take a while on a loaded machine; this is
# the grader's own budget, not the student's.
STARTUP_SECONDS = 30.0
PROTOCOL = "protocol"
PIPE_BYTES = 1 << 20


def launch_worker(
    submission: Path, scratch: Path, limits: sandbox.Limits, requested: str = "auto"
) -> subprocess.Popen:
    """Start the worker for ``submission`` (a folder of student modules).

    ``scratch`` is a host folder owned by the caller: the worker's working directory in
    process-limits mode, and only bwrap's own working directory in bubblewrap mode (the
    worker then gets a private tmpfs instead).  stdin/stdout/stderr are pipes.

    In bubblewrap mode the worker is normally forked from a sandbox that stays up
    (``grader/isolation/fork_client.py``) and is a
    :class:`grader.isolation.fork_client.ForkedWorker`, which stands in for the ``Popen``; a submission too large to copy, or a fork server that
    cannot start, gets a sandbox of its own.
    """
    if sandbox.isolation_mode(requested) == sandbox.BUBBLEWRAP:
        if fork_client.enabled():
            try:
                return fork_client.spawn(Path(submission).resolve(), limits)  # type: ignore[return-value]
            except fork_client.Unavailable as exc:
                sandbox.warn_once(f"note: a worker gets a sandbox of its own ({exc})")
    return sandbox.launch(sandbox.WORKER_MAIN, [], submission, scratch, limits, requested)


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
        # function -> the limit it ran into, for reports (the gradebook's error column).
        self.timeouts: dict[str, str] = {}
        self._loaded_here: set[str] = set()
        self._to_free: list[tuple[int, int]] = []
        self._inbox = bytearray()  # bytes from the worker not yet taken as a reply
        self._replies: collections.deque[Any] = collections.deque()  # decoded, not taken
        # The worker died in the last batch with later calls of the batch unanswered:
        # replies it had queued (grader.isolation.worker_main.Outbox) died with it, so the
        # call that killed it is unknown (see call_batch).
        self.died_unattributed = False
        self._died_waiting = False

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
        assert proc.stdin is not None and proc.stdout is not None
        os.set_blocking(proc.stdin.fileno(), False)  # requests are written with a deadline
        for stream in (proc.stdin, proc.stdout):
            _widen_pipe(stream.fileno())
        self._inbox = bytearray()
        self._replies.clear()
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
        self._send(wire.encode_request(request))
        reply = self._receive(seconds)
        self._check_in_step()
        return reply

    def _send(self, data: bytes) -> None:
        """Write one encoded request (a frame), within the per-call time limit.

        The worker reads a request whole before running any of it, but a frame larger
        than the pipe's buffer still needs the worker to read while it is written, and
        code a student left running (a thread holding the GIL) can stop it from reading:
        _TimedOut then, rather than a grader blocked for good.
        """
        proc = self._proc
        assert proc is not None and proc.stdin is not None
        fd = proc.stdin.fileno()
        deadline = time.monotonic() + self.limits.call_seconds
        view = memoryview(data)
        poller: select.poll | None = None
        try:
            while view:
                try:
                    view = view[os.write(fd, view) :]
                    continue
                except BlockingIOError:
                    pass
                left = deadline - time.monotonic()
                if left <= 0:
                    raise _TimedOut()
                if poller is None:
                    poller = select.poll()
                    poller.register(fd, select.POLLOUT)
                poller.poll(left * 1000)
        except OSError:
            raise _died(proc) from None

    def _receive(self, seconds: float) -> Any:
        """The worker's next reply, waiting at most `seconds` for it to be complete."""
        proc = self._proc
        assert proc is not None and proc.stdout is not None
        if self._replies:
            return self._replies.popleft()
        deadline = time.monotonic() + seconds
        inbox = self._inbox
        while True:
            if len(inbox) >= wire.LENGTH_SIZE:
                length = wire.body_length(bytes(inbox[: wire.LENGTH_SIZE]), wire.MAX_FRAME)
                end = wire.LENGTH_SIZE + length
                if len(inbox) >= end:
                    with memoryview(inbox) as view:  # one copy, not two (a slice, then bytes)
                        body = bytes(view[wire.LENGTH_SIZE : end])
                    del inbox[:end]
                    # A frame may hold the replies of several calls: kept in order.
                    self._replies.extend(wire.decode_replies(body, self._make_handle))
                    return self._replies.popleft()
                wanted = end - len(inbox)
            else:
                wanted = wire.LENGTH_SIZE - len(inbox)
            inbox += self._read_some(proc, max(wanted, 1 << 16), deadline)

    def _read_some(self, proc: subprocess.Popen, most: int, deadline: float) -> bytes:
        """Whatever the worker has written (at most `most` bytes), once there is some."""
        fd = proc.stdout.fileno()  # type: ignore[union-attr]
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _TimedOut()
            if poller.poll(left * 1000):
                break
        chunk = os.read(fd, most)
        if not chunk:
            raise _died(proc)
        return chunk

    def _check_in_step(self) -> None:
        """After the last reply a request expects: anything more means the stream is out
        of step (student code writing to the protocol channel)."""
        if self._inbox or self._replies:
            raise wire.WireError("the worker sent more than one reply")

    def _make_handle(self, handle_id: int) -> wire.Handle:
        return _Cache(handle_id, self.generation, self._to_free)

    def _request(self, request: dict[str, Any], function: str) -> Any:
        """One request on behalf of `function`, within the per-call and total limits.

        Raises StudentError for timeouts, crashes and malformed replies (restarting the
        worker on the next request).
        """
        if self.limits.submission_seconds - self.spent <= 0:
            raise self._out_of_budget(function)
        self._ensure_running()
        crashed = self._send_timed(wire.encode_request(request), function)
        if crashed is not None:
            raise crashed
        reply = self._await(function, last=True)
        if isinstance(reply, StudentError):
            raise reply
        return reply

    def _send_timed(self, data: bytes, function: str) -> StudentError | None:
        """Send a request on behalf of `function`, its time counted against the budget;
        the error when the worker turns out to be dead."""
        started = time.monotonic()
        try:
            self._send(data)
        except _Died as exc:
            self._stop()
            return StudentError(CRASHED, function, str(exc))
        except _TimedOut:
            self._stop()
            return self._timed_out(function, f"{self.limits.call_seconds:g} s")
        finally:
            self.spent += time.monotonic() - started
        return None

    def _await(self, function: str, last: bool) -> Any:
        """The next reply, within the per-call and whole-submission limits, or the
        StudentError for a timeout, a dead worker or a reply that cannot be read (the
        worker is stopped then, and restarted by the next request).  With `last`, the
        reply must be the last thing the worker sent."""
        seconds = min(self.limits.call_seconds, self.limits.submission_seconds - self.spent)
        started = time.monotonic()
        try:
            reply = self._receive(max(seconds, 0.0))
            if last:
                self._check_in_step()
            return reply
        except _TimedOut:
            self._stop()
            if seconds < self.limits.call_seconds:
                return self._out_of_budget(function)
            return self._timed_out(function, f"{self.limits.call_seconds:g} s")
        except _Died as exc:
            self._stop()
            self._died_waiting = True
            return StudentError(CRASHED, function, str(exc))
        except wire.WireError as exc:
            self._stop()  # the stream can no longer be trusted to be in step
            return StudentError(BAD_OUTPUT, function, str(exc))
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
        request = {
            "op": "load",
            "module": topic.name,
            "file": topic.filename,
            "params": {spec.name: list(spec.params) for spec in topic.functions},
            "opaque": {spec.name: list(spec.opaque_returns) for spec in topic.functions},
        }
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

    def holds(self, handle: wire.Handle) -> bool:
        """Whether the cache behind `handle` lives in the worker running now."""
        return handle.generation == self.generation and self._proc is not None

    def call_batch(self, topic: Topic, requests: list[Call]) -> list[Any]:
        """Make `requests` in the worker, in order, as one message.

        Returns, per request, ``(value, CallRecord)`` or the StudentError it came to, or
        None for requests not made because the worker died or was stopped before them
        (a timeout, a crash, a reply out of step); the caller sends those again, to a new
        worker.  Every call has the per-call time limit on its own: the worker replies
        to each as soon as it returns.
        """
        outcomes: list[Any] = [None] * len(requests)
        self.died_unattributed = False
        error = self.load(topic)
        if error is not None:
            return [error.met_by(r.function) for r in requests]
        for i, r in enumerate(requests):
            # Caches are passed as arguments themselves (never nested: see the topics).
            for handle in (*r.args, *r.kwargs.values()):
                if isinstance(handle, wire.Handle) and not self.holds(handle):
                    outcomes[i] = StudentError(CRASHED, r.function, STALE_CACHE)
        sent = [i for i in range(len(requests)) if outcomes[i] is None]
        if not sent:
            return outcomes
        first = requests[sent[0]].function
        if self.limits.submission_seconds - self.spent <= 0:
            for i in sent:
                outcomes[i] = self._out_of_budget(requests[i].function)
            return outcomes
        self._ensure_running()
        if topic.name not in self._loaded_here:
            reload_error = self._load_in_worker(topic, first)
            if reload_error is not None:
                for i in sent:
                    outcomes[i] = reload_error.met_by(requests[i].function)
                return outcomes
        message = {
            "op": "calls",
            "module": topic.name,
            "calls": [_message(requests[i]) for i in sent],
            "free": [i for gen, i in self._to_free if gen == self.generation],
        }
        self._to_free.clear()
        try:
            data = wire.encode_request(message)
        except wire.WireError as exc:  # a grader-side input the wire cannot carry
            raise GraderError(f"cannot send the inputs of {first}: {exc}") from exc
        crashed = self._send_timed(data, first)
        if crashed is not None:
            outcomes[sent[0]] = crashed
            return outcomes
        self._died_waiting = False
        for position, i in enumerate(sent):
            if requests[i].chain is not None:
                outcomes[i] = self._chain_replies(requests[i], last=position == len(sent) - 1)
                if self._proc is None:
                    break
                continue
            outcomes[i] = self._reply_to(requests[i].function, last=position == len(sent) - 1)
            if self._proc is None:  # stopped: the later calls were never made
                if self._died_waiting and position < len(sent) - 1:
                    # Any of the calls from here on may have killed it: none is blamed,
                    # and the caller sends them again one at a time.
                    outcomes[i] = None
                    self.died_unattributed = True
                break
        return outcomes

    def _chain_replies(self, request: Call, last: bool) -> list[Any]:
        """A chain's outcomes, one reply per step (the worker answers every step, those
        it could not reach included); None for the steps whose replies died with the
        worker, the step it died on included unless its reply was the message's last
        (the death may be a later step's doing: that step is made again on its own)."""
        assert request.chain is not None
        count = len(request.chain.steps)
        steps: list[Any] = [None] * count
        for t in range(count):
            final = last and t == count - 1
            steps[t] = self._reply_to(request.function, last=final)
            if self._proc is None:
                if self._died_waiting and not final:
                    steps[t] = None
                    self.died_unattributed = True
                break
        return steps

    def _reply_to(self, function: str, last: bool) -> Any:
        """One call's outcome: ``(value, CallRecord)``, or the StudentError it came to."""
        reply = self._await(function, last)
        if isinstance(reply, StudentError):
            return reply
        if not isinstance(reply, dict) or not reply.get("ok"):
            return self._error(reply, function)
        mutated, found = reply.get("mutated"), reply.get("warnings")
        if not (_str_list(mutated) and _str_list(found)) or "value" not in reply:
            self._stop()
            return StudentError(BAD_OUTPUT, function, "malformed reply from the worker")
        return reply["value"], CallRecord(function=function, mutated=mutated, warnings=found)

    def _out_of_budget(self, function: str) -> StudentError:
        return self._timed_out(function, f"{self.limits.submission_seconds:g} s (whole submission)")

    def _timed_out(self, function: str, detail: str) -> StudentError:
        """The error of a call that ran out of time, remembered in :attr:`timeouts`
        (the first limit each function ran into)."""
        self.timeouts.setdefault(function, detail)
        return StudentError(TIMEOUT, function, detail)


def _message(call: Call) -> dict[str, Any]:
    """One call as sent to the worker (which names the arguments and keeps the opaque
    return values itself, from what it was told when the module was loaded); a chain's
    steps go as ``[args, kwargs]`` pairs with its ``feed``."""
    message = {"function": call.function, "args": list(call.args), "kwargs": call.kwargs}
    if call.chain is not None:
        message["chain"] = {
            "steps": [[list(args), kwargs] for args, kwargs in call.chain.steps],
            "feed": [list(pair) for pair in call.chain.feed],
        }
    return message


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
    kill_tree = getattr(proc, "kill_tree", None)
    if kill_tree is not None:  # a forked worker (grader.isolation.fork_client): its server kills
        kill_tree()
        return
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


class _Cache(wire.Handle):
    """A handle to a student's cache: when the grader drops it, the worker may drop the
    object too (told with the next call).  ``__del__`` rather than weakref.finalize, which
    cost 2% of the grader's time: a correct submission receives 1,800 caches."""

    __slots__ = ("_freed",)

    def __init__(self, id: int, generation: int, freed: list[tuple[int, int]]) -> None:
        super().__init__(id, generation)
        self._freed = freed

    def __del__(self) -> None:
        self._freed.append((self.generation, self.id))


def _widen_pipe(fd: int) -> None:
    """Give a pipe to or from the worker a 1 MB buffer (Linux; 64 KB by default), or
    leave it as it is where that is not possible.  Most requests then go in one write
    and one read instead of one per 64 KB (a correct submission's requests are 5 MB):
    under strace, 30% fewer reads, writes and polls."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass


def _died(proc: subprocess.Popen) -> _Died:
    """The error for a worker whose channel broke, with its exit status (waited for at
    most 5 s: a worker that closed its pipes may still be running)."""
    try:
        code = proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        code = None
    return _Died(describe_exit(code))


class _TimedOut(Exception):
    def __str__(self) -> str:
        return "no reply in time"


class _Died(Exception):
    pass


class WorkerImplementation(Implementation):
    """The student functions of one topic, evaluated in the session's worker."""

    prefers_rounds = True

    def __init__(self, session: WorkerSession, topic: Topic | str) -> None:
        self.topic = BY_NAME[topic] if isinstance(topic, str) else topic
        super().__init__(params_of(self.topic))
        self.session = session
        # The property whose checks are calling now (set by the grader): see _shared.
        self.property = ""
        # (function, identity key of the arguments) -> (the call, which keeps the
        # arguments alive and so their ids unique; its outcome; the properties that have
        # had it)
        self._made: dict[tuple[Any, ...], tuple[Call, Any, set[str]]] = {}

    def _call(self, function: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        (outcome,) = self.call_round([Call(function, args, kwargs)])
        if isinstance(outcome, StudentError):
            raise outcome
        value, self.last = outcome
        return value

    def call_chain(self, function: str, chain: Chain) -> Iterator[Any]:
        """The whole chain in one message: the worker feeds each step from the one
        before, so a step's weights and state do not travel back to it."""
        (made,) = self.call_round([Call(function, (), {}, "", chain)])
        return chain_steps(self, function, chain, made)

    def call_round(self, calls: list[Call]) -> list[Any]:
        """All of `calls` in one message to the worker (more than one when the worker
        has to be restarted part-way); a function that has timed out or crashed is not
        called again.  When checks of several properties share the round
        (grader.engine.lockstep.first_failures), a call two of them make is made once."""
        outcomes: list[Any] = [None] * len(calls)
        keys: list[Any] = [None] * len(calls)
        todo = []
        # key -> (the first call in this round with it, the properties it also serves)
        in_round: dict[Any, tuple[int, set[str]]] = {}
        copies: dict[int, int] = {}  # call -> the call whose outcome it takes
        for i, call in enumerate(calls):
            keys[i], outcomes[i] = self._shared(call)
            if outcomes[i] is not None:
                continue
            first = in_round.get(keys[i]) if keys[i] is not None else None
            owner = call.owner or self.property
            if first is not None and owner not in first[1]:
                first[1].add(owner)
                copies[i] = first[0]
                continue
            if keys[i] is not None and first is None:
                in_round[keys[i]] = (i, {owner})
            todo.append(i)
        one_by_one = False  # after a death no call could be blamed for (call_batch)
        while todo:
            sent = []
            for i in todo:
                if calls[i].function in self._sticky:
                    outcomes[i] = self._sticky[calls[i].function]
                else:
                    sent.append(i)
            if one_by_one:
                sent = sent[:1]
            got = self.session.call_batch(self.topic, [calls[i] for i in sent])
            if self.session.died_unattributed:
                one_by_one = True
            elif one_by_one and isinstance(got[0], StudentError) and got[0].kind == CRASHED:
                one_by_one = False  # found: the call that kills the worker
            for i, outcome in zip(sent, got):
                # A chain's steps each have an outcome; a timeout or a crash in any makes
                # its function sticky, as the same call made on its own would.
                for one in outcome if type(outcome) is list else (outcome,):
                    if (
                        isinstance(one, StudentError)
                        and one.kind in STICKY_KINDS
                        and one.detail != STALE_CACHE
                    ):
                        self._sticky.setdefault(calls[i].function, one)
                outcomes[i] = outcome
            # Each batch gives at least its first call an outcome, or (after a death no
            # call is blamed for) is followed by batches of one call, which always get
            # theirs: so this ends.
            todo = [i for i in todo if outcomes[i] is None]
        again = []
        for i, key in enumerate(keys):
            if i in copies:
                continue
            if key is not None and key not in self._made and _reusable(outcomes[i]):
                self._made[key] = (calls[i], outcomes[i], {calls[i].owner or self.property})
        for i, source in copies.items():
            if _reusable(outcomes[source]):
                outcomes[i] = outcomes[source]
                self._made[keys[i]][2].add(calls[i].owner or self.property)
            else:  # a timeout or a crash is not the answer to another property's call
                again.append(i)
        if again:
            for i, outcome in zip(again, self.call_round([calls[i] for i in again])):
                outcomes[i] = outcome
        return outcomes

    def _shared(self, call: Call) -> tuple[Any, Any]:
        """The call's key for sharing, and its outcome if another property has made the
        same call already in this submission (else None).

        Several properties check different claims about the same call (the output matches
        PyTorch; no warnings; the input is unchanged; the hidden variants of each): 788
        of the 4,308 calls of a correct submission were such repeats.  A call whose
        arguments are frozen inputs (grader.define.frozen) is made once per submission, and
        every property sees its value and record, or the exception it raised.
        A property has a call's shared outcome at most once: when it asks again, the
        call is made again, so a property that calls twice to compare (the same seed
        gives the same mask) always sees a second, real call."""
        if call.function in self._sticky or call.chain is not None:
            return None, None  # a chain's steps are made by the worker, in order, each time
        identity = identity_key(call.args, call.kwargs)
        if identity is None:
            return None, None
        key = (call.function, *identity)
        made = self._made.get(key)
        owner = call.owner or self.property
        if made is None or owner in made[2] or self._stale(made[1]):
            return key, None
        made[2].add(owner)
        return key, made[1]

    def _stale(self, outcome: Any) -> bool:
        """Whether the outcome holds a cache of a worker process that has since died."""
        value = outcome[0] if type(outcome) is tuple else None
        return type(value) in (tuple, list) and any(
            isinstance(item, wire.Handle) and not self.session.holds(item) for item in value
        )


def _reusable(outcome: Any) -> bool:
    """Whether another property may be given this outcome: a return, frozen so that no
    check can change what the next one sees, or an exception the student's code raised.
    A worker that died or ran out of time is not the call's answer."""
    if type(outcome) is tuple:
        freeze(outcome[0])
        return True
    return isinstance(outcome, StudentError) and outcome.kind in (RAISED, NOT_IMPLEMENTED)
