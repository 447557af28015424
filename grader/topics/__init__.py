"""The registry of exercise topics, in course order.

Each topic module defines ``TOPIC``; everything else (public tests, hidden suites,
notebooks, grading, the release) iterates over :data:`TOPICS`.
"""

from __future__ import annotations

import importlib

from grader.spec import FunctionSpec, Property, Topic

TOPIC_NAMES = ("activations", "batchnorm", "dropout", "conv", "regularization")


def _load() -> tuple[Topic, ...]:
    topics = []
    for name in TOPIC_NAMES:
        module = importlib.import_module(f"grader.topics.{name}")
        topics.append(module.TOPIC)
    return tuple(topics)


TOPICS: tuple[Topic, ...] = _load()
BY_NAME: dict[str, Topic] = {t.name: t for t in TOPICS}


def all_functions() -> list[tuple[Topic, FunctionSpec]]:
    return [(t, f) for t in TOPICS for f in t.functions]


def all_properties() -> list[tuple[Topic, Property]]:
    return [(t, p) for t in TOPICS for p in t.properties]


def params_of(topic: Topic) -> dict[str, tuple[str, ...]]:
    return {f.name: f.params for f in topic.functions}
