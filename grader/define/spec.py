"""The shape of an exercise definition.

A topic (``grader/topics/<topic>/definition.py``) declares its functions (the student
contract) and its properties.  A property is a plain-words claim about one or more functions, a
Hypothesis strategy for its inputs and a ``check`` that raises
:class:`grader.define.compare.PropertyFailure` when the claim is false for one input.  The public
pytest suite, the hidden suites, the notebooks and the grader all run these same objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hypothesis.strategies import SearchStrategy

from grader.define.frozen import freeze_inputs
from grader.define.i18n import Text

# A case is one input for a property: a dict from names to values, printed as-is in
# feedback ("x = array([...]), p = 0.5").  Checks must not mutate it: the arrays of every
# input the fast pass tries are read-only (grader/define/frozen.py).
Case = dict[str, Any]


@dataclass(frozen=True)
class FunctionSpec:
    """One function of the student contract."""

    name: str
    params: tuple[str, ...]
    summary: Text
    # Functions whose output this one needs (a backward needs its forward's cache).
    needs: tuple[str, ...] = ()
    # Positions of return values that are opaque to the grader (caches): they stay with
    # the student's code and are only passed back to it.
    opaque_returns: tuple[int, ...] = ()


@dataclass(frozen=True, eq=False)  # identity hashing: properties key per-process caches
class Property:
    """A claim about student functions, checked on many generated inputs."""

    id: str
    functions: tuple[str, ...]
    claim: Text
    hint: Text
    strategy: SearchStrategy[Case]
    check: Callable[[Any, Case], None]
    # All or nothing, counted towards each function it grades (split equally when it grades
    # several).  A claim compared with PyTorch is worth 2, a contract rule (inputs
    # unchanged, no warnings, refusals) 1, a hidden property 1.
    points: float
    max_examples: int = 15
    # Inputs always tried first, before the generated ones (known edge cases).
    examples: tuple[Case, ...] = ()
    # How diagnosis keeps each value the functions return (grader.diagnosis.Recorder):
    # None keeps it whole; a summary keeps recordings, and the release's fingerprints,
    # small when the values are large samples (grader/topics/init/definition.py).
    recorded: Callable[[Any], Any] | None = None

    def __post_init__(self) -> None:
        freeze_inputs(self.examples)  # checks must not change their inputs (grader.define.frozen)

    def with_inputs(
        self,
        id: str,
        strategy: SearchStrategy[Case],
        max_examples: int,
        examples: tuple[Case, ...] = (),
        points: float = 1,
    ) -> Property:
        """The same claim and check on other inputs: how hidden suites are built."""
        return Property(
            id=id,
            functions=self.functions,
            claim=self.claim,
            hint=self.hint,
            strategy=strategy,
            check=self.check,
            points=points,
            max_examples=max_examples,
            examples=examples,
            recorded=self.recorded,
        )


@dataclass(frozen=True)
class Topic:
    """One exercise module: its contract and its public properties."""

    name: str
    title: Text
    # Where the topic comes in the course (board, notebooks, gradebook columns): topics are
    # sorted by it, so a new topic takes a free number between its neighbours.
    position: int
    functions: tuple[FunctionSpec, ...]
    properties: tuple[Property, ...]
    notes: Text = field(default=Text("-", "-"))

    def prop(self, id: str) -> Property:
        for prop in self.properties:
            if prop.id == id:
                return prop
        raise KeyError(id)

    @property
    def filename(self) -> str:
        return f"{self.name}.py"

    def function(self, name: str) -> FunctionSpec:
        for spec in self.functions:
            if spec.name == name:
                return spec
        raise KeyError(name)
