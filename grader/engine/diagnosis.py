"""Naming a student's likely mistake from the catalogue of known mistakes.

When a property fails, the student's implementation is checked again on the failing
input(s) through a :class:`Recorder`, which keeps every value the student's functions
return (except opaque caches) and how each call ended.  Every catalogued mistake of the
topic is checked on the same inputs in the same way.  A mistake is named only when its
recording matches the student's on *every* failing input given (the shrunk one and the
original one), within the tolerance of :mod:`grader.define.compare`, and no other mistake
matches as well: a wrong name teaches worse than none.

The catalogue (each topic's ``mistakes.py``) is never shipped to students, because a mistake is
one edit away from the solution.  It is therefore looked up at run time.  Where it is
absent (the student release), diagnosis uses ``grader/engine/fingerprints.json`` if the release
holds one (:mod:`grader.engine.fingerprints` writes it): each mistake's *recordings* (outputs,
not code) on a few of the property's fixed inputs; the student's function is replayed on
those same inputs and must record identically.  With neither, :func:`diagnose` returns
``None`` and the feedback keeps the property's general hint.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from grader.define.compare import PropertyFailure, close_mask
from grader.define.i18n import Text
from grader.define.spec import Case, Property
from grader.engine.examples import examples_for
from grader.engine.explain import explain
from grader.engine.explain import words as explain_words
from grader.isolation.calls import (
    CRASHED,
    TIMEOUT,
    Forwarding,
    Implementation,
    InProcess,
    StudentError,
    load_module,
)

# Student errors that say nothing about the formula (a hang, a dead process): no diagnosis.
_UNDIAGNOSABLE = {TIMEOUT, CRASHED}


@dataclass(frozen=True)
class Diagnosis:
    """What explains a failure: a catalogued mistake (stage 1), or else a relation between
    the student's outputs and PyTorch's found by a generic detector (stage 2,
    :mod:`grader.engine.explain`; then ``mistake_id`` is empty, ``observation`` names the
    detector's kind and ``title`` states the relation)."""

    mistake_id: str
    title: Text
    explanation: Text
    observation: str = ""


# --- Recording -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """One call as the grader saw it: its returned values, or how it failed."""

    function: str
    outcome: str  # "returned" or a StudentError kind
    values: tuple[Any, ...] = ()
    exc_type: str = ""
    mutated: tuple[str, ...] = ()
    warned: bool = False


class Recorder(Forwarding):
    """Wraps any Implementation (in-process or a worker proxy) and records its calls.

    The checks see the wrapped implementation unchanged: ``call`` forwards, ``last`` is the
    wrapped one's record of the latest call.
    """

    def __init__(
        self,
        inner: Implementation,
        opaque: dict[str, tuple[int, ...]],
        recorded: Callable[[Any], Any] | None = None,
    ) -> None:
        super().__init__(inner)
        self.opaque = opaque
        self.recorded = recorded  # Property.recorded: what is kept of each value
        self.events: list[Event] = []

    def call(self, function: str, *args: Any, **kwargs: Any) -> Any:
        try:
            value = self.inner.call(function, *args, **kwargs)
        except StudentError as err:
            self.events.append(Event(function, err.kind, exc_type=err.exc_type))
            raise
        record = self.inner.last
        values = _visible(value, self.opaque.get(function, ()))
        if self.recorded is not None:
            values = tuple(map(self.recorded, values))
        self.events.append(
            Event(
                function,
                "returned",
                values,
                mutated=tuple(record.mutated),
                warned=bool(record.warnings),
            )
        )
        return value

    def _call(self, function: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        raise AssertionError("Recorder.call forwards to the wrapped implementation")


def _visible(value: Any, opaque: tuple[int, ...]) -> tuple[Any, ...]:
    """The parts of a return value the grader may look at (caches are the student's own)."""
    if isinstance(value, tuple) and opaque:
        return tuple("<opaque>" if i in opaque else v for i, v in enumerate(value))
    return (value,)


@dataclass(frozen=True)
class Recording:
    """Everything observable about one run of a property's check on one input."""

    events: tuple[Event, ...]
    failure: str  # "" when the check passed, else the failure's class and kind


# The global NumPy generator is reseeded before every recording, so that a function which
# wrongly draws from it (instead of the rng passed in) gives the same numbers as the
# catalogued mistake that does the same.  Only reaches code running in this process.
_GLOBAL_SEED = 12345


def record(prop: Property, impl: Implementation, case: Case, opaque: dict) -> Recording:
    """Run prop's check on one case through a Recorder."""
    recorder = Recorder(impl, opaque, prop.recorded)
    failure = ""
    state = np.random.get_state()
    np.random.seed(_GLOBAL_SEED)
    try:
        prop.check(recorder, case)
    except PropertyFailure as exc:
        failure = f"PropertyFailure:{exc.problem.en}"
    except StudentError as exc:
        failure = f"StudentError:{exc.kind}:{exc.exc_type}"
    finally:
        np.random.set_state(state)
    return Recording(tuple(recorder.events), failure)


def same_recording(a: Recording, b: Recording) -> bool:
    """Do two recordings agree, values compared with the kit's tolerance?"""
    if a.failure != b.failure or len(a.events) != len(b.events):
        return False
    for x, y in zip(a.events, b.events):
        if (x.function, x.outcome, x.exc_type, x.mutated, x.warned) != (
            y.function,
            y.outcome,
            y.exc_type,
            y.mutated,
            y.warned,
        ):
            return False
        if len(x.values) != len(y.values) or not all(map(same_value, x.values, y.values)):
            return False
    return True


def same_value(a: Any, b: Any) -> bool:
    """Equal within tolerance: arrays by shape, dtype and close_mask; the rest by ==."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            return False
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        if a.dtype.kind in "fc":
            return bool(close_mask(a, b).all()) if a.size else True
        return bool(np.array_equal(a, b))
    if isinstance(a, dict) or isinstance(b, dict):  # e.g. an optimizer's state
        return (
            type(a) is type(b)
            and a.keys() == b.keys()  # type: ignore[union-attr]
            and all(same_value(a[key], b[key]) for key in a)  # type: ignore[index]
        )
    if isinstance(a, (tuple, list)) or isinstance(b, (tuple, list)):
        return (
            type(a) is type(b) and len(a) == len(b) and all(map(same_value, a, b))  # type: ignore[arg-type]
        )
    if isinstance(a, float) and isinstance(b, float):
        return bool(close_mask(np.array([a]), np.array([b])).all())
    if type(a) is not type(b) and not (_number(a) and _number(b)):
        return False
    try:
        return bool(a == b)
    except Exception:
        return False


def _number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


# --- The catalogue, where there is one -----------------------------------------------------


def _optional_module(name: str) -> ModuleType | None:
    """Import ``name`` if this checkout has it (the instructors' does, the release does not).

    Imported through ``importlib.util`` rather than an import statement so that the
    release's import closure, which must never reach the catalogue, does not follow it.
    """
    if name in sys.modules:
        return sys.modules[name]
    try:
        spec = importlib.util.find_spec(name)
    except ModuleNotFoundError:
        return None
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


@dataclass
class Candidate:
    """A catalogued mistake ready to run: its words and an in-process implementation."""

    id: str
    title: Text
    explanation: Text
    impl: Implementation


_CANDIDATES: dict[str, list[Candidate]] = {}
# Tests may substitute a provider (topic -> candidates); None means the catalogue on disk.
_provider: Callable[[str], Sequence[Candidate]] | None = None


def catalogue_available() -> bool:
    return _optional_module("grader.define.catalogue") is not None


def candidates(topic: str) -> Sequence[Candidate]:
    """Every catalogued mistake of `topic`, loaded once per process; () without a catalogue."""
    if _provider is not None:
        return _provider(topic)
    if topic in _CANDIDATES:
        return _CANDIDATES[topic]
    found: list[Candidate] = []
    catalogue = _optional_module("grader.define.catalogue")
    entries = _optional_module(f"grader.topics.{topic}.mistakes")
    if catalogue is not None and entries is not None and catalogue.SOLUTIONS.is_dir():
        from grader.topics import BY_NAME, params_of

        params = params_of(BY_NAME[topic])
        # The files are only needed to import them (the folder used to be left behind
        # by every grading process); diagnosis compares outputs, never source lines.
        with tempfile.TemporaryDirectory(prefix=f"dlkit_mistakes_{topic}_") as tmp:
            for mistake in entries.MISTAKES:
                path = Path(tmp) / mistake.id / f"{topic}.py"
                path.parent.mkdir(parents=True)
                path.write_text(catalogue.materialize(mistake))
                module, error = load_module(path, f"_dlkit_mistake_{topic}_{mistake.id}")
                impl = InProcess(module, params, error)
                found.append(Candidate(mistake.id, mistake.title, mistake.explanation, impl))
    _CANDIDATES[topic] = found
    return found


# --- Fingerprints: the catalogue's recordings, for the student release ---------------------

FINGERPRINTS = Path(__file__).resolve().parent / "fingerprints.json"
_fingerprints: dict[str, Any] | None = None


def case_digest(case: Case) -> str:
    """A digest of one input (names, dtypes, shapes and bytes), to check the probe inputs
    a student's installation draws are the ones the fingerprints were recorded on."""
    h = hashlib.sha256()
    for name in sorted(case):
        value = case[name]
        h.update(name.encode())
        if isinstance(value, np.ndarray):
            h.update(f"{value.dtype.str}{value.shape}".encode())
            h.update(np.ascontiguousarray(value).tobytes())
        else:
            h.update(repr(value).encode())
    return h.hexdigest()[:16]


def encode(value: Any) -> Any:
    """A recorded value as JSON data (arrays keep dtype and shape)."""
    if isinstance(value, np.ndarray):
        return {"array": value.tolist(), "dtype": value.dtype.str, "shape": list(value.shape)}
    if isinstance(value, (tuple, list)):
        return {type(value).__name__: [encode(v) for v in value]}
    if isinstance(value, dict) and all(type(key) is str for key in value):
        return {"dict": {key: encode(item) for key, item in value.items()}}
    if isinstance(value, np.generic):
        return {"scalar": value.item(), "dtype": value.dtype.str}
    if value is None or isinstance(value, (bool, int, float, str)):
        return {"py": value}
    return {"repr": repr(value)}


def decode(data: Any) -> Any:
    if "array" in data:
        return np.array(data["array"], dtype=np.dtype(data["dtype"])).reshape(data["shape"])
    if "tuple" in data:
        return tuple(decode(v) for v in data["tuple"])
    if "list" in data:
        return [decode(v) for v in data["list"]]
    if "dict" in data:
        return {key: decode(item) for key, item in data["dict"].items()}
    if "scalar" in data:
        return np.dtype(data["dtype"]).type(data["scalar"])
    if "py" in data:
        return data["py"]
    return data["repr"]  # compared as text: never equal to a real value


def encode_recording(rec: Recording) -> dict[str, Any]:
    return {
        "failure": rec.failure,
        "events": [
            {
                "function": e.function,
                "outcome": e.outcome,
                "values": [encode(v) for v in e.values],
                "exc_type": e.exc_type,
                "mutated": list(e.mutated),
                "warned": e.warned,
            }
            for e in rec.events
        ],
    }


def decode_recording(data: dict[str, Any]) -> Recording:
    events = tuple(
        Event(
            e["function"],
            e["outcome"],
            tuple(decode(v) for v in e["values"]),
            e["exc_type"],
            tuple(e["mutated"]),
            e["warned"],
        )
        for e in data["events"]
    )
    return Recording(events, data["failure"])


def _load_fingerprints() -> dict[str, Any]:
    global _fingerprints
    if _fingerprints is None:
        try:
            _fingerprints = json.loads(FINGERPRINTS.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            _fingerprints = {}
    return _fingerprints


def match_fingerprints(prop: Property, impl: Implementation, fingerprints: dict) -> list[str]:
    """Keys of the fingerprinted mistakes whose recordings impl reproduces on their probes."""
    entries = fingerprints.get("properties", {}).get(prop.id)
    topic = topic_of(prop)
    if not entries or topic is None:
        return []

    inputs = examples_for(prop)
    opaque = _opaque(topic)
    found = []
    for key, probes in entries.items():
        ok = bool(probes)
        for probe in probes:
            index = probe["index"]
            if index >= len(inputs) or case_digest(inputs[index]) != probe["digest"]:
                ok = False  # another Hypothesis draws other inputs: the probe is unknown
                break
            theirs = record(prop, impl, inputs[index], opaque)
            if not same_recording(decode_recording(probe["recording"]), theirs):
                ok = False
                break
        if ok:
            found.append(key)
    return found


def topic_of(prop: Property) -> str | None:
    from grader.topics import TOPICS

    for topic in TOPICS:
        if any(spec.name == prop.functions[0] for spec in topic.functions):
            return topic.name
    return None


def _opaque(topic: str) -> dict[str, tuple[int, ...]]:
    from grader.topics import BY_NAME

    return {spec.name: spec.opaque_returns for spec in BY_NAME[topic].functions}


# --- Diagnosis -----------------------------------------------------------------------------


def diagnose(
    prop: Property,
    impl: Implementation,
    cases: Sequence[Case],
    failure: BaseException | None = None,
) -> Diagnosis | None:
    """The one catalogued mistake that behaves exactly like `impl` on every case, or None.

    `cases` are inputs on which `impl` fails `prop` (the shrunk and the original one).
    Never raises: a diagnosis is a bonus, never a reason for feedback to fail.
    """
    if isinstance(failure, StudentError) and failure.kind in _UNDIAGNOSABLE:
        return None
    try:
        found = _diagnose(prop, impl, cases)
    except Exception:
        found = None
    return found if found is not None else observe(prop, impl, cases, failure)


def observe(
    prop: Property,
    impl: Implementation,
    cases: Sequence[Case],
    failure: BaseException | None = None,
) -> Diagnosis | None:
    """The second stage alone: the simplest relation with PyTorch's outputs that holds on
    every input looked at (:func:`grader.engine.explain.explain`), or None."""
    try:
        found = explain(prop, impl, cases, impl.params, failure)
    except Exception:
        return None
    if found is None:
        return None
    return Diagnosis("", found.words, explain_words.NOT_A_NAME, observation=found.kind)


def match(prop: Property, impl: Implementation, cases: Sequence[Case]) -> list[str]:
    """Ids of every catalogued mistake whose recordings equal impl's on all cases."""
    topic = topic_of(prop)
    if topic is None or not cases:
        return []
    pool = candidates(topic)
    if not pool:
        return []
    opaque = _opaque(topic)
    theirs = [record(prop, impl, case, opaque) for case in cases]
    if any(not r.failure for r in theirs):
        return []  # it passed on a replay (flaky, or randomness of its own): do not guess
    return [
        c.id
        for c in pool
        if all(
            same_recording(record(prop, c.impl, case, opaque), r) for case, r in zip(cases, theirs)
        )
    ]


def _diagnose(prop: Property, impl: Implementation, cases: Sequence[Case]) -> Diagnosis | None:
    topic = topic_of(prop)
    if topic is not None and not candidates(topic):
        return _diagnose_by_fingerprint(prop, impl, _load_fingerprints())
    ids = match(prop, impl, cases)
    if len(ids) != 1:
        return None
    topic = topic_of(prop)
    assert topic is not None
    found = next(c for c in candidates(topic) if c.id == ids[0])
    return Diagnosis(found.id, found.title, found.explanation)


def _diagnose_by_fingerprint(
    prop: Property, impl: Implementation, fingerprints: dict
) -> Diagnosis | None:
    key = best_of(match_fingerprints(prop, impl, fingerprints), fingerprints, prop.id)
    if key is None:
        return None
    words = fingerprints["mistakes"][key]
    return Diagnosis(
        key,
        Text(words["title"]["en"], words["title"]["ko"]),
        Text(words["explanation"]["en"], words["explanation"]["ko"]),
    )


def best_of(keys: list[str], fingerprints: dict, prop_id: str) -> str | None:
    """The one matched mistake that explains all the matches, or None.

    Probes are the mistakes' own failing inputs, so a function can reproduce several
    mistakes' probes; the mistake named is the one whose implementation also reproduces
    every other match's probes while none of them reproduces its own.
    """
    if len(keys) == 1:
        return keys[0]
    covers = fingerprints.get("covers", {}).get(prop_id, {})
    best = [
        k
        for k in keys
        if all(j in covers.get(k, ()) for j in keys if j != k)
        and not any(k in covers.get(j, ()) for j in keys if j != k)
    ]
    return best[0] if len(best) == 1 else None
