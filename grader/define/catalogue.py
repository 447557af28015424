"""Known mistakes and alternative correct solutions, as small overrides of the reference.

A catalogue entry replaces one or more functions of ``solutions/<topic>.py``.  Override
functions are written in ``grader/topics/<topic>/mistakes.py`` (which defines ``MISTAKES``,
``ALTERNATIVES`` and ``EQUIVALENT_MUTANTS``) as ordinary functions named
``<contract function>__<variant>`` (e.g. ``relu_backward__mask_ge``); :func:`materialize`
turns an entry into the source text of a complete module (the solution followed by the
renamed overrides), which tests load exactly as they load a student's file, or write into
a submission folder for the grader.

Entries are never shipped to students: a mistake is one edit away from the solution.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from grader.define.i18n import Text
from grader.kit_files import folder

SOLUTIONS = folder("solutions")


@dataclass(frozen=True, eq=False)
class Mistake:
    """A classic wrong implementation: what students write, and why it is wrong."""

    id: str
    topic: str
    title: Text
    explanation: Text
    overrides: tuple[Callable, ...]

    @property
    def functions(self) -> tuple[str, ...]:
        return tuple(contract_name(fn) for fn in self.overrides)


@dataclass(frozen=True, eq=False)
class Alternative:
    """A correct solution written differently; it must pass every property."""

    id: str
    topic: str
    why: str
    overrides: tuple[Callable, ...]


def contract_name(fn: Callable) -> str:
    return fn.__name__.split("__")[0]


def materialize(entry: Mistake | Alternative) -> str:
    """The complete module source for an entry: reference solution + renamed overrides."""
    base = (SOLUTIONS / f"{entry.topic}.py").read_text()
    parts = [base.rstrip(), "", f"# --- catalogue entry {entry.id}: overrides below ---"]
    for fn in entry.overrides:
        source = textwrap.dedent(inspect.getsource(fn))
        lines = [line for line in source.splitlines() if not line.startswith("@")]
        source = "\n".join(lines).replace(f"def {fn.__name__}(", f"def {contract_name(fn)}(", 1)
        parts += ["", "", source]
    return "\n".join(parts) + "\n"

