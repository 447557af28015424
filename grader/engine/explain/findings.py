"""A relation found between the student's outputs and PyTorch's, and how claims are verified.

A detector proposes a relation from the shown failure's numbers, then keeps it only if
:func:`holds` on *every* taped input; it returns at most one :class:`Finding`, the
simplest of its kind.  Which finding is shown, when several detectors have one, is fixed
by ``(rank, complexity)``: the rank of the detector's kind (its position in
:data:`grader.engine.explain.DETECTORS`), then the detector's own order of simplicity
(plain numbers before a parameter's value before a size, a value before an expression).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.define.i18n import Text
from grader.define.spec import Case
from grader.engine.explain.evidence import Evidence
from grader.engine.explain.tape import Change, Tape, passes


@dataclass(frozen=True)
class Finding:
    """A relation that held on every input looked at, in words."""

    kind: str  # the detector's name, e.g. "ratio" (Verdict.observation)
    complexity: int  # order among the findings of one detector: simpler first
    words: Text

    @classmethod
    def say(cls, kind: str, complexity: int, *texts: Text, **fields: Any) -> Finding:
        """The finding whose words are ``texts`` formatted with ``fields`` (Text-valued
        fields in the same language) and joined by spaces."""
        words = {}
        for lang in ("en", "ko"):
            values = {k: v.get(lang) if isinstance(v, Text) else v for k, v in fields.items()}
            words[lang] = " ".join(t.get(lang, **values) for t in texts)
        return cls(kind, complexity, Text(words["en"], words["ko"]))


# A per-input replay change (None where it cannot apply to that input).
ChangeFor = Callable[[Tape], Change | None]
# A per-input change of the arguments (None where it cannot apply to that input).
Transform = Callable[[Case], Case | None]


def holds(
    ev: Evidence,
    change: ChangeFor | None = None,
    transform: Transform | None = None,
    tapes: list[Tape] | None = None,
) -> bool:
    """Does the check pass on every taped input (or on ``tapes``) once the student's
    outputs are changed by ``change`` and the input by ``transform``?  The shown input
    comes first: most candidates fail there, after one check."""
    for tape in ev.tapes if tapes is None else tapes:
        case = tape.case if transform is None else transform(tape.case)
        step_change = None if change is None else change(tape)
        if case is None or (change is not None and step_change is None):
            return False
        if not passes(ev.prop, ev.params, tape, case, step_change):
            return False
    return True


def _nudged(value: Any) -> Any:
    """A value every number of which is clearly different (arrays, floats, ints; the
    rest, caches included, as it is)."""
    if isinstance(value, np.ndarray) and value.dtype.kind in "fiu":
        with np.errstate(all="ignore"):
            nudged = value + (np.abs(value) + 1.0) * 0.37
        # NaN (and inf) would stay what it was, and may be what the changed input's
        # reference is too: a plain number is different from both.
        return np.where(np.isfinite(nudged), nudged, 0.37)
    if isinstance(value, (bool, np.bool_)):
        return value
    if isinstance(value, (int, float, np.integer, np.floating)):
        nudged = value + (abs(value) + 1.0) * 0.37
        return nudged if np.isfinite(nudged) else 0.37
    if isinstance(value, tuple):
        return tuple(_nudged(v) for v in value)
    if isinstance(value, dict):
        return {k: _nudged(v) for k, v in value.items()}
    return value


def looks_at_outputs(ev: Evidence, transform: Transform, tapes: list[Tape] | None = None) -> bool:
    """Does the check, on the changed inputs, still fail for outputs other than the
    student's?  A change of the arguments can make a check vacuous (with ``lr`` = 0 a
    step ``w - lr * grad`` ignores the gradient): it explains nothing then."""
    for tape in ev.tapes if tapes is None else tapes:
        case = transform(tape.case)
        if case is None or passes(ev.prop, ev.params, tape, case, lambda step, v: _nudged(v)):
            return False
    return True


@dataclass(frozen=True)
class Candidate:
    """A finding that held on every tape so far, and how to check it on more."""

    finding: Finding
    verify: Callable[[list[Tape]], bool]
    # Its value on an input (e.g. the constant it names), so that inputs telling two
    # candidates apart can be found without calling the student; None if unknown.
    signature: Callable[[Case], Any] | None = None


def choose(ev: Evidence, found: list[Candidate]) -> Finding | None:
    """The one candidate left once inputs that tell them apart are taped too, or None.

    ``found`` is ordered simplest first.  Two candidates whose signatures agree on every
    input of the property (``x.shape[0]`` and ``dout.shape[0]``) are the same
    explanation: the simplest is kept.  Otherwise more inputs are taped, within the
    budget, until one is left; none left, or no input left to decide, is silence, never
    a guess (``1/2`` and ``1 / x.shape[0]`` agree on inputs with two rows only).
    """
    alive = list(found)
    added = 0
    while len(alive) > 1:
        untaped = ev.untaped()
        signatures = [c.signature for c in alive]
        if all(sig is not None for sig in signatures):
            case = next((c for c in untaped if len({_key(sig(c)) for sig in signatures}) > 1), None)  # type: ignore[misc]
            if case is None:
                return alive[0].finding
        else:
            case = untaped[0] if untaped and added < 2 else None
            if case is None:
                return None
        if not ev.add(case):
            return None
        added += 1
        alive = [c for c in alive if c.verify([ev.tapes[-1]])]
    return alive[0].finding if alive else None


def _key(value: Any) -> Any:
    if isinstance(value, float):
        return float(f"{value:.9g}")
    return value
