"""What only instructors have of each topic: its hidden suite and its catalogue.

Each topic folder holds ``hidden.py`` (``HIDDEN``: public claims and checks on stronger
inputs, built with ``Property.with_inputs``, so no check is written twice) and
``mistakes.py`` (``MISTAKES``, ``ALTERNATIVES``, ``EQUIVALENT_MUTANTS``, ``EXPLAINED``).  Neither is ever
shipped to students (``grader/frontends/release.py``), and neither is this module.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from grader.define.catalogue import Alternative, Mistake
from grader.define.spec import Property
from grader.topics import TOPIC_NAMES


def _module(topic: str, part: str) -> ModuleType:
    return importlib.import_module(f"grader.topics.{topic}.{part}")


def hidden(topic: str) -> tuple[Property, ...]:
    """The hidden properties of ``topic``, in their file's order."""
    return tuple(_module(topic, "hidden").HIDDEN)


def all_hidden() -> list[tuple[str, Property]]:
    """(topic name, hidden property) for every topic, in course order."""
    return [(t, p) for t in TOPIC_NAMES for p in hidden(t)]


def mistakes(topic: str) -> tuple[Mistake, ...]:
    """The catalogued mistakes of ``topic``."""
    return tuple(_module(topic, "mistakes").MISTAKES)


def alternatives(topic: str) -> tuple[Alternative, ...]:
    """The alternative correct solutions of ``topic``."""
    return tuple(_module(topic, "mistakes").ALTERNATIVES)


def explained(topic: str) -> dict[tuple[str, str], tuple[str, str]]:
    """What the second stage of diagnosis says of the catalogued mistakes of ``topic``
    when the catalogue is left out, as reviewed: (mistake id, property id) -> (detector
    kind, words).  Empty when it says nothing of them."""
    return dict(getattr(_module(topic, "mistakes"), "EXPLAINED", {}))


def equivalent_mutants(topic: str) -> frozenset[str]:
    """The mutants of ``solutions/<topic>.py`` that behave exactly like it (each argued in
    docs/mutation.md): the mutation run expects these, and only these, to survive."""
    return frozenset(_module(topic, "mistakes").EQUIVALENT_MUTANTS)


def all_mistakes() -> list[Mistake]:
    return [m for t in TOPIC_NAMES for m in mistakes(t)]


def all_alternatives() -> list[Alternative]:
    return [a for t in TOPIC_NAMES for a in alternatives(t)]
