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
) -> bool:
    """Does the check pass on every taped input once the student's outputs are changed by
    ``change`` and the input by ``transform``?  The shown input comes first: most
    candidates fail there, after one check."""
    for tape in ev.tapes:
        case = tape.case if transform is None else transform(tape.case)
        step_change = None if change is None else change(tape)
        if case is None or (change is not None and step_change is None):
            return False
        if not passes(ev.prop, ev.params, tape, case, step_change):
            return False
    return True
