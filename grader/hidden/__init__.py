"""Hidden suites (never shipped): one module a topic, each defining ``HIDDEN``.

A hidden property is a public property's claim and check run on stronger inputs
(``Property.with_inputs``): more examples and the edge cases students get wrong.
No check is written twice.
"""

from __future__ import annotations

import importlib

from grader.spec import Property
from grader.topics import TOPIC_NAMES


def hidden(topic: str) -> tuple[Property, ...]:
    return tuple(importlib.import_module(f"grader.hidden.{topic}").HIDDEN)


def all_hidden() -> list[tuple[str, Property]]:
    return [(t, p) for t in TOPIC_NAMES for p in hidden(t)]
