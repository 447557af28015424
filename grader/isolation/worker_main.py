"""The worker: a process that imports a student's modules and evaluates calls, nothing else.

Started by ``grader.isolation.worker_client.launch_worker`` as ``python worker_main.py SUBMISSION_DIR``,
or forked, one per submission, by ``python worker_main.py SUBMISSION_DIR --fork-server``
(``grader/isolation/fork_server.py``), whose children start from ``_child`` on pipes of their own.
Requests arrive on stdin (``wire.encode_request`` frames) and replies leave on stdout
(``wire.Replies`` frames, each holding one or more replies, in order); at start the
worker keeps private duplicates of those two descriptors and points fd 0 at /dev/null and
fd 1 at stderr, so nothing a student prints or reads can touch the protocol.

Requests (dicts) and replies::

    {"op": "hello"}                                   -> {"ok": True, "numpy": version}
    {"op": "load", "module": m, "file": "m.py", "params": {f: [names]},
     "opaque": {f: [i, ...]}}                         -> {"ok": True} | {"error": {...}}
    {"op": "calls", "module": m, "calls": [{"function": f, "args": [...], "kwargs": {...}},
     ...], "free": [handle ids]}
        -> one reply per call, in order, sent soon after that call returns (so the grader
           can time every call on its own), each
           {"ok": True, "value": v, "mutated": [...], "warnings": [...]} | {"error": {...}}

An error is ``{"kind": k, "exc_type": t, "detail": text}`` with the kinds of
``grader/isolation/calls.py``.  A function's parameter names (``params``, to name arguments in
"modified its input" feedback) and the return positions listed in ``opaque`` (a forward
pass's cache) come once per module with "load"; opaque values stay here in a handle
table and travel as handles.  The rules for "modified its inputs"
and "emitted warnings" are those of ``grader.isolation.calls.InProcess`` (kept in step by
``tests/test_wire.py``).  This file imports only the standard library, NumPy and its
sibling ``wire.py``, since it runs where the grader package is not visible.
"""

from __future__ import annotations

import os
import sys


def _take_protocol_channel() -> tuple[int, int]:
    """Private dups of stdin/stdout for the protocol; fd 0 <- /dev/null, fd 1 -> stderr."""
    proto_in, proto_out = os.dup(0), os.dup(1)  # os.dup: not inherited by children
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    return proto_in, proto_out


# As a program (not when a test imports this file to compare its rules): take the
# channel before anything can print, and one thread per library, set before NumPy is
# imported (threads only add start-up cost and nondeterminism for small arrays).
PROTO_IN, PROTO_OUT = -1, -1
FORK_SERVER = "--fork-server"
if __name__ == "__main__":
    for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[_var] = "1"
    if FORK_SERVER not in sys.argv:  # a fork server's children take theirs (_child)
        PROTO_IN, PROTO_OUT = _take_protocol_channel()

import importlib.abc  # noqa: E402
import importlib.util  # noqa: E402
import linecache  # noqa: E402
import random  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent


def _load_sibling(name: str) -> Any:
    # Loaded by path: with ``python -I`` the script's folder is not on sys.path, and
    # adding it would put the grader's modules within the student's reach.
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


wire = _load_sibling("wire")
# The rules for "inputs unchanged", shared with grader.isolation.calls (the in-process path).
_rules = _load_sibling("call_rules")
snapshot, same_value, mutated_args = _rules.snapshot, _rules.same_value, _rules.mutated_args
PLAIN = _rules.PLAIN
arg_labels = _rules.arg_labels

try:  # NumPy 2: np.seterr's state lives in this context variable (see reset_errstate)
    from numpy._core._ufunc_config import _extobj_contextvar as _ERRSTATE_VAR
except ImportError:  # another NumPy: set the error state before every call
    _ERRSTATE_VAR = None

# Kinds of errors, as in grader/isolation/calls.py.
NOT_IMPLEMENTED = "not_implemented"
RAISED = "raised"
MISSING = "missing"
IMPORT_FAILED = "import_failed"
FILE_MISSING = "file_missing"
BAD_OUTPUT = "bad_output"
PROTOCOL = "protocol"
NOT_REACHED = "not_reached"

# Packages a submission must not reach even by a dynamic import: the oracle, other ML
# frameworks, the reference solutions and the grader itself.  The grader also rejects
# such imports statically; this finder catches importlib/__import__ tricks.
# The sandbox may name more in DLKIT_FORBIDDEN_MODULES (comma-separated top-level names).
BLOCKED = frozenset(
    {"torch", "tensorflow", "jax", "jaxlib", "keras", "solutions", "grader"}
    | {name.strip() for name in os.environ.get("DLKIT_FORBIDDEN_MODULES", "").split(",")}
) - {""}


class _Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> None:
        if fullname.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(
                f"importing {fullname} is not allowed: the exercises use NumPy only",
                name=fullname,
            )
        return None


class Outbox:
    """Replies on their way to the grader, written in batches (:class:`wire.Replies`).

    One write, and one header for the grader to parse, per reply was a large part of
    each call's cost.  Within a "calls" message replies are collected and a helper thread
    writes them at most ``DELAY`` seconds after the first is ready; the message's last
    reply is written at once.  The delay is tiny next to the per-call time limit, and
    since the helper runs while a student's call does (Python switches threads every
    few milliseconds), the replies of the calls before a hanging one always reach the
    grader, which can then name the call that hangs.
    """

    DELAY = 0.002
    FLUSH_BYTES = 1 << 20  # a batch this large is written without waiting

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.pending = wire.Replies()
        self.lock = threading.Lock()
        self.ready = threading.Event()
        threading.Thread(target=self._run, name="dlkit-outbox", daemon=True).start()

    def put(self, reply: dict[str, Any], now: bool) -> None:
        """Queue one reply (WireError when it cannot be sent: nothing queued then)."""
        with self.lock:
            try:
                self.pending.add(reply)
            except wire.WireError:
                if not len(self.pending):
                    raise
                # Perhaps it only lacks room beside the others: send them, then try alone.
                wire.write_all(self.fd, self.pending.take())
                self.pending.add(reply)
            first = len(self.pending) == 1
            now = now or self.pending.size >= self.FLUSH_BYTES
        if now:
            self.flush()
        elif first:
            self.ready.set()

    def flush(self) -> None:
        with self.lock:
            data = self.pending.take()
            if data:
                wire.write_all(self.fd, data)

    def _run(self) -> None:
        while True:
            self.ready.wait()
            self.ready.clear()
            time.sleep(self.DELAY)
            self.flush()


class WarningLog:
    """The warnings each call emits, recorded as ``warnings.catch_warnings(record=True)``
    with the "always" filter would around every call, but set up once per message.

    Entering and leaving catch_warnings for every call cost about a tenth of a small
    call.  Instead, after each call the warnings machinery is compared with what was
    set up, and set up again only when the student's code changed it, so every call
    still starts from the same state.
    """

    def __init__(self) -> None:
        self.context: Any = None
        self.log: list[Any] = []
        self.state: Any = None

    @staticmethod
    def _now() -> tuple[Any, ...]:
        return (
            list(warnings.filters),
            warnings.showwarning,
            getattr(warnings, "_showwarnmsg_impl", None),
        )

    def start(self) -> None:
        """Recording, from an empty log (a no-op but for the log when already set up)."""
        if self.context is None:
            self.context = warnings.catch_warnings(record=True)
            self.log = self.context.__enter__()
            warnings.simplefilter("always")
            self.state = self._now()
        del self.log[:]

    def take(self) -> list[Any]:
        """The warnings recorded since start(); the set-up is renewed if it changed."""
        caught = list(self.log)
        if self._now() != self.state:
            self.stop()
            self.start()
        return caught

    def stop(self) -> None:
        """Restore the warnings machinery as it was before start()."""
        if self.context is not None:
            context, self.context = self.context, None
            context.__exit__(None, None, None)


class Worker:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.outbox: Outbox | None = None
        self.modules: dict[str, Any] = {}
        # Per module: each function's parameter names and opaque return positions.
        self.params: dict[str, dict[str, list[str]]] = {}
        self.opaque: dict[str, dict[str, list[int]]] = {}
        self.handles: dict[int, Any] = {}
        self.next_handle = 1
        self.errstate: Any = None  # see reset_errstate
        self.warning_log = WarningLog()

    # ---------------------------------------------------------------- helpers

    def short_traceback(self, exc: BaseException, limit: int = 6) -> str:
        """The last frames of the traceback, without this file's and importlib's frames,
        with the submission folder left out of paths (the same text in every sandbox)."""
        tb = exc.__traceback__
        while tb is not None and (
            tb.tb_frame.f_code.co_filename in (__file__, str(HERE / "worker_main.py"))
            or tb.tb_frame.f_code.co_filename.startswith("<frozen")
        ):
            tb = tb.tb_next
        # Formatted by hand: Python 3.11's own formatter parses every source line again
        # to draw carets, and traceback.extract_tb stats every file again, which costs
        # more than the call itself for the refusals (ValueError) that some properties
        # expect by the hundred.  Source lines come from linecache (files do not change
        # while a submission is graded).
        frames = []
        while tb is not None:
            frames.append(
                (tb.tb_frame.f_code.co_filename, tb.tb_lineno, tb.tb_frame.f_code.co_name)
            )
            tb = tb.tb_next
        lines = ["Traceback (most recent call last):"] if frames else []
        for filename, lineno, name in frames[-limit:]:
            lines.append(f'  File "{filename}", line {lineno}, in {name}')
            line = linecache.getline(filename, lineno).strip()
            if line:
                lines.append(f"    {line}")
        lines += [line.rstrip("\n") for line in traceback.format_exception_only(type(exc), exc)]
        text = "\n".join(lines).strip()
        text = text.replace(str(self.root) + os.sep, "")
        return text[-3000:]

    def error(self, kind: str, detail: str = "", exc_type: str = "") -> dict[str, Any]:
        return {"error": {"kind": kind, "detail": detail, "exc_type": exc_type}}

    def resolve(self, handle_id: int) -> Any:
        """The object a handle in a request stands for (decoding calls this, so requests
        arrive with the student's objects already in place)."""
        if handle_id not in self.handles:
            raise wire.WireError(f"unknown cache handle {handle_id}")
        return self.handles[handle_id]

    def keep(self, obj: Any) -> Any:
        handle = wire.Handle(self.next_handle)
        self.handles[handle.id] = obj
        self.next_handle += 1
        return handle

    # ---------------------------------------------------------------- operations

    def hello(self, request: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "numpy": np.__version__}

    def load(self, request: dict[str, Any]) -> dict[str, Any]:
        name, filename = request.get("module"), request.get("file")
        if not isinstance(name, str) or not isinstance(filename, str):
            return self.error(PROTOCOL, "bad load request")
        if os.sep in filename or filename.startswith(".") or not filename.endswith(".py"):
            return self.error(PROTOCOL, f"bad file name {filename!r}")
        path = self.root / filename
        if not path.is_file():
            return self.error(FILE_MISSING, filename)
        spec = importlib.util.spec_from_file_location(f"submission_{name}", path)
        if spec is None or spec.loader is None:
            return self.error(IMPORT_FAILED, f"cannot load {filename}", "ImportError")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException as exc:  # SyntaxError, SystemExit, anything raised at import
            sys.modules.pop(spec.name, None)
            return self.error(IMPORT_FAILED, self.short_traceback(exc, limit=3), type(exc).__name__)
        self.modules[name] = module
        self.params[name] = _names_table(request.get("params"))
        self.opaque[name] = _positions_table(request.get("opaque"))
        return {"ok": True}

    def call_one(self, name: Any, request: dict[str, Any]) -> dict[str, Any]:
        module = self.modules.get(name)
        function = request.get("function")
        args, kwargs = request.get("args"), request.get("kwargs") or {}
        if (
            module is None
            or not isinstance(function, str)
            or not isinstance(args, list)
            or not isinstance(kwargs, dict)
        ):
            return self.error(PROTOCOL, "bad call request")
        fn = getattr(module, function, None)
        if not callable(fn):
            return self.error(MISSING)
        # Plain values (most arguments) are immutable: passed as they are, without a call.
        passed_args = [a if type(a) in PLAIN else _copied(a) for a in args]
        passed_kwargs = {k: v if type(v) in PLAIN else _copied(v) for k, v in kwargs.items()}
        # One module's np.seterr must not change another module's verdicts.
        self.reset_errstate()
        log = self.warning_log
        log.start()
        try:
            value = fn(*passed_args, **passed_kwargs)
        except NotImplementedError as exc:
            return self.error(NOT_IMPLEMENTED, _text(exc))
        except BaseException as exc:  # SystemExit and KeyboardInterrupt included
            return self.error(RAISED, self.short_traceback(exc), type(exc).__name__)
        finally:
            caught = log.take()
        try:
            before = args + list(kwargs.values())
            after = passed_args + list(passed_kwargs.values())
            mutated = []
            if not all(map(same_value, before, after)):
                labels = arg_labels(self.params[name].get(function, ()), len(args), kwargs)
                mutated = mutated_args(before, after, labels)
            found = [f"{w.category.__name__}: {_text(w.message)}" for w in caught]
            value = self.hide_opaque(value, self.opaque[name].get(function, ()))
        except BaseException as exc:  # student objects with hostile __eq__, __len__...
            return self.error(
                BAD_OUTPUT, f"inspecting it raised {type(exc).__name__}", type(exc).__name__
            )
        return {"ok": True, "value": value, "mutated": mutated, "warnings": found}

    def calls(self, request: dict[str, Any]) -> None:
        calls = request.get("calls")
        if not isinstance(calls, list) or not all(isinstance(c, dict) for c in calls):
            self.send(self.error(PROTOCOL, "bad calls request"))
            return
        for handle_id in request.get("free") or ():
            self.handles.pop(handle_id, None)
        name = request.get("module")
        try:
            for position, one in enumerate(calls, start=1):
                if "chain" in one:
                    self.call_chain(name, one, last=position == len(calls))
                else:
                    self.send(self.call_one(name, one), now=position == len(calls))
        finally:
            self.warning_log.stop()

    def call_chain(self, name: Any, request: dict[str, Any], last: bool) -> None:
        """A chain's steps, one reply each: every step after the first takes the
        arguments ``feed`` names from a copy of the previous step's return value (a copy,
        as if it had come from the grader: what the student's code keeps of its return
        value cannot change the next call's input).  Once a step has not returned, the
        later ones are answered NOT_REACHED: their arguments do not exist."""
        chain = request.get("chain")
        steps = chain.get("steps") if isinstance(chain, dict) else None
        feed = chain.get("feed") if isinstance(chain, dict) else None
        if (
            not isinstance(steps, list)
            or not all(isinstance(step, list) and len(step) == 2 for step in steps)
            or not isinstance(feed, list)
            or not all(
                isinstance(pair, list) and len(pair) == 2 and all(type(i) is int for i in pair)
                for pair in feed
            )
        ):
            for _ in range(len(steps) if isinstance(steps, list) else 1):
                self.send(self.error(PROTOCOL, "bad chain request"), now=last)
            return
        previous: Any = None
        reached = True
        for t, (args, kwargs) in enumerate(steps):
            now = last and t == len(steps) - 1
            if reached and t and isinstance(args, list):
                try:
                    args = list(args)
                    for position, item in feed:
                        value = previous[item]
                        if isinstance(value, wire.Handle):
                            value = self.resolve(value.id)
                        args[position] = _copied(value)
                except Exception:  # the previous value has no such item: nothing to pass
                    reached = False
            if not reached:
                self.send(self.error(NOT_REACHED), now=now)
                continue
            reply = self.call_one(
                name, {"function": request.get("function"), "args": args, "kwargs": kwargs}
            )
            self.send(reply, now=now)
            if "value" not in reply:
                reached = False
            previous = reply.get("value")

    def reset_errstate(self) -> None:
        """NumPy's floating-point error handling as the grader expects it (warn, ignore
        underflow), whatever an earlier call set.  NumPy keeps it in a context variable:
        while that still holds the object set last time, nothing has changed it and
        setting it again (a tenth of a small call's cost) is skipped."""
        if _ERRSTATE_VAR is not None and _ERRSTATE_VAR.get() is self.errstate:
            return
        np.seterr(all="warn", under="ignore")
        if _ERRSTATE_VAR is not None:
            self.errstate = _ERRSTATE_VAR.get()

    def hide_opaque(self, value: Any, positions: Any) -> Any:
        if not positions or type(value) not in (tuple, list):
            return value
        items = list(value)
        for i in positions:
            if isinstance(i, int) and 0 <= i < len(items):
                items[i] = self.keep(items[i])
        return tuple(items) if type(value) is tuple else items

    def serve(self) -> None:
        operations = {"hello": self.hello, "load": self.load}
        while True:
            try:
                request = wire.read_request(PROTO_IN, make_handle=self.resolve)
            except EOFError:
                return
            except wire.WireError as exc:  # e.g. a stale cache handle after a restart
                self.send(self.error(PROTOCOL, str(exc)))
                continue
            op = request.get("op") if isinstance(request, dict) else None
            if op == "calls":
                self.calls(request)  # replies as it goes
                continue
            handler = operations.get(op)
            self.send(handler(request) if handler else self.error(PROTOCOL, f"unknown op {op!r}"))

    def send(self, reply: dict[str, Any], now: bool = True) -> None:
        _flush_student_output()
        if self.outbox is None:
            self.outbox = Outbox(PROTO_OUT)
        try:
            self.outbox.put(reply, now)
        except wire.WireError as exc:
            self.drop_handles(reply)
            self.outbox.put(
                self.error(BAD_OUTPUT, str(exc), "")
                if "value" in reply
                else self.error(PROTOCOL, str(exc)),
                now,
            )

    def drop_handles(self, reply: dict[str, Any]) -> None:
        value = reply.get("value")
        for item in value if type(value) in (tuple, list) else ():
            if isinstance(item, wire.Handle):
                self.handles.pop(item.id, None)


def _names_table(value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        return {}
    return {
        k: v for k, v in value.items() if isinstance(v, list) and all(isinstance(n, str) for n in v)
    }


def _positions_table(value: Any) -> dict[str, list[int]]:
    if not isinstance(value, dict):
        return {}
    return {
        k: v for k, v in value.items() if isinstance(v, list) and all(type(i) is int for i in v)
    }


def _flush_student_output() -> None:
    # So what a student printed reaches the grader even if this process is killed later.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # a student may have replaced or closed them
            pass


def _copied(value: Any) -> Any:
    if type(value) is np.random.Generator:
        # Decoded for this call alone, and consuming it is expected (same_value ignores
        # its state): a clone would only cost time.
        return value
    # A student's cache may not survive deepcopy (generators, locks...): pass it as is.
    try:
        return snapshot(value)
    except Exception:
        return value


def _text(obj: Any) -> str:
    try:
        return str(obj)
    except Exception:
        return f"<{type(obj).__name__}>"


def start_worker(root: Path) -> None:
    """Evaluate calls for the submission in ``root`` until the grader closes the channel."""
    # Students' use of the global RNGs (a mistake the dropout properties catch) must
    # still give the same verdict text on every run.
    np.random.seed(0)
    random.seed(0)
    sys.meta_path.insert(0, _Blocker())
    sys.setrecursionlimit(3000)
    Worker(root).serve()


def main() -> None:
    args = sys.argv[1:]
    if len(args) == 2 and args[1] == FORK_SERVER:
        # Loaded by path, like wire.py: the fork server's half lives in its own file.
        _load_sibling("fork_server").serve(Path(args[0]).resolve(), _child)
        return
    if len(args) != 1:
        sys.stderr.write(f"usage: worker_main.py SUBMISSION_DIR [{FORK_SERVER}]\n")
        sys.exit(2)
    start_worker(Path(args[0]).resolve())


def _child(root: Path) -> None:
    """In a child of the fork server, whose fds 0-2 are the pipes of this submission."""
    global PROTO_IN, PROTO_OUT
    PROTO_IN, PROTO_OUT = _take_protocol_channel()
    start_worker(root)


if __name__ == "__main__":
    main()
