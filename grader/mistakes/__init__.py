"""The catalogue of known mistakes (and alternative correct solutions), one module a topic.

Each ``grader/mistakes/<topic>.py`` defines ``MISTAKES`` and ``ALTERNATIVES``.
"""

from __future__ import annotations

import importlib

from grader.catalogue import Alternative, Mistake
from grader.topics import TOPIC_NAMES


def mistakes(topic: str) -> tuple[Mistake, ...]:
    return tuple(importlib.import_module(f"grader.mistakes.{topic}").MISTAKES)


def alternatives(topic: str) -> tuple[Alternative, ...]:
    return tuple(importlib.import_module(f"grader.mistakes.{topic}").ALTERNATIVES)


def all_mistakes() -> list[Mistake]:
    return [m for t in TOPIC_NAMES for m in mistakes(t)]


def all_alternatives() -> list[Alternative]:
    return [a for t in TOPIC_NAMES for a in alternatives(t)]
