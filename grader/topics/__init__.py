"""The curriculum: one folder per topic, found on disk and put in course order.

A topic folder ``grader/topics/<topic>/`` holds everything the grader knows about it:

* ``definition.py``: ``TOPIC``, the contract (its functions), the checks and the public
  properties with their points, and its place in the course (``Topic.position``);
* ``hidden.py``: ``HIDDEN``, the same claims on harder inputs (never shipped);
* ``mistakes.py``: the catalogued mistakes, the alternative correct solutions and the
  equivalent mutants of the reference (never shipped);
* ``notebook.py``: ``CONTENT``, the notebook's explanation and figures, in both languages.

Adding a topic means adding a folder (and its stub, public test file and solution): no
shared table lists topics or properties.  Everything else (public tests, hidden suites,
notebooks, grading, the release) iterates over :data:`TOPICS`.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from grader.define.spec import FunctionSpec, Property, Topic

HERE = Path(__file__).resolve().parent


def _load() -> tuple[Topic, ...]:
    topics = []
    for folder in sorted(HERE.iterdir()):
        if (folder / "definition.py").is_file():
            topic = importlib.import_module(f"grader.topics.{folder.name}.definition").TOPIC
            if topic.name != folder.name:
                raise RuntimeError(f"grader/topics/{folder.name}/ defines topic {topic.name!r}")
            topics.append(topic)
    topics.sort(key=lambda t: t.position)
    positions = [t.position for t in topics]
    if len(set(positions)) != len(positions):
        raise RuntimeError(f"two topics share a course position: {positions}")
    return tuple(topics)


TOPICS: tuple[Topic, ...] = _load()
BY_NAME: dict[str, Topic] = {t.name: t for t in TOPICS}
TOPIC_NAMES: tuple[str, ...] = tuple(t.name for t in TOPICS)


def all_functions() -> list[tuple[Topic, FunctionSpec]]:
    return [(t, f) for t in TOPICS for f in t.functions]


def all_properties() -> list[tuple[Topic, Property]]:
    return [(t, p) for t in TOPICS for p in t.properties]


def params_of(topic: Topic) -> dict[str, tuple[str, ...]]:
    return {f.name: f.params for f in topic.functions}
