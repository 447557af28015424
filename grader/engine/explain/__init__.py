"""The second stage of diagnosis: explaining how a wrong answer differs from PyTorch's.

When no catalogued mistake matches a failure (:mod:`grader.engine.diagnosis`), the
student's function is run on the failing inputs and on a few more of the property's own
inputs (:mod:`~grader.engine.explain.evidence`, at most ``MAX_CALLS`` calls, counted),
and generic detectors, written once for every topic, look for a relation between its
outputs and PyTorch's that holds on *every* input looked at:

=====  ==============================  =============================================
rank   detector                        e.g.
=====  ==============================  =============================================
0      ``form``                        right numbers, wrong dtype / shape / axes / order
1      ``simpler_output``              the output is ``x`` unchanged, or all zeros
2      ``ratio``                       exactly ``1 / x.shape[0]`` times PyTorch's
3      ``offset``                      PyTorch's plus ``b``; an integer 1 too large
4      ``argument``                    PyTorch's with ``p`` replaced by ``1 - p``
5      ``off_by_one``                  an integer right on some inputs, 1 off on others
6      ``positions``                   right except where ``x`` == 0
7      ``axis``                        constant along axis 1 where PyTorch's varies
=====  ==============================  =============================================

The first detector (in that order) with a finding is shown; each detector returns its own
simplest finding.  Every claim is verified by the property's own check
(:mod:`~grader.engine.explain.tape`), so it is a true statement about the inputs looked
at; when no detector finds one, the property's general hint stays.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from grader.define.compare import PropertyFailure
from grader.define.spec import Case, Property
from grader.engine.explain import words
from grader.engine.explain.argument_changes import argument_changed
from grader.engine.explain.evidence import Evidence, gather
from grader.engine.explain.findings import Finding
from grader.engine.explain.output_relations import (
    form,
    offset,
    ratio,
    simpler_output,
    sometimes_off_by_one,
)
from grader.engine.explain.patterns import axis_constancy, only_at_positions
from grader.engine.explain.tape import passes
from grader.isolation.calls import Implementation

# In order of rank: the simplest kind of explanation first.
DETECTORS: tuple[Callable[[Evidence], Finding | None], ...] = (
    form,
    simpler_output,
    ratio,
    offset,
    argument_changed,
    sometimes_off_by_one,
    only_at_positions,
    axis_constancy,
)

__all__ = ["DETECTORS", "Finding", "explain", "words"]


def explain(
    prop: Property,
    impl: Implementation,
    shown: Sequence[Case],
    params: dict[str, tuple[str, ...]],
    failure: BaseException | None = None,
) -> Finding | None:
    """The simplest relation between ``impl``'s outputs and PyTorch's that holds on every
    input looked at, or None.  ``shown`` are the failing inputs shown to the student
    (smallest first).  Only wrong values and wrong forms are explained: a failure that
    is an error of the student's code (it raised, timed out...) keeps its own hint."""
    if failure is not None and not isinstance(failure, PropertyFailure):
        return None
    evidence = gather(prop, impl, list(shown), params)
    if evidence is None or passes(prop, params, evidence.shown):
        return None  # the replay must fail as the student's function did
    for detector in DETECTORS:
        found = detector(evidence)
        if found is not None:
            return found
    return None
