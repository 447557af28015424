"""Fingerprints of the catalogued mistakes, for diagnosis in the student release.

The release ships no catalogue (a mistake is one edit away from the solution), so
:func:`write` records, for every public property and every catalogued mistake that fails
it, what the mistake does on a few of the property's fixed inputs where it fails (chosen
to tell it apart from the other mistakes): its returned values and how its calls ended,
as data.  No code and no mistake id
is written: entries are keyed ``<topic>-<n>``, with the mistake's title and explanation
(the words a student would be shown anyway).  :mod:`grader.engine.diagnosis` reads the file when
it finds no catalogue.

Meant to be called by the release build: ``write(bundle / "grader" / "engine" / "fingerprints.json")``.
Never imported by anything shipped (it imports the catalogue).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from grader.define.catalogue import materialize
from grader.engine.diagnosis import (
    _opaque,
    case_digest,
    decode_recording,
    encode_recording,
    record,
    same_recording,
)
from grader.engine.examples import examples_for
from grader.engine.running import failing_inputs
from grader.engine.suites import mistakes
from grader.isolation.calls import InProcess, load_module
from grader.topics import BY_NAME, TOPIC_NAMES, params_of

PROBES_PER_PROPERTY = 3
# How many failing inputs are considered when choosing the probes.
SCAN = 20


def _choose_probes(prop, impl, others, opaque) -> list[int]:
    """Failing inputs of impl that, together, tell it apart from every other mistake.

    The first failing input comes first; further ones (at most PROBES_PER_PROPERTY in
    all) are added while some other mistake still records the same on all chosen ones.
    """
    inputs = examples_for(prop)
    failing = [index for index, _ in failing_inputs(prop, impl, SCAN)]
    if not failing:
        return []
    chosen = [failing[0]]
    mine = {i: record(prop, impl, inputs[i], opaque) for i in failing}

    def alike(other, indices) -> bool:
        return all(same_recording(record(prop, other, inputs[i], opaque), mine[i]) for i in indices)

    remaining = [o for o in others if alike(o, chosen)]
    for index in failing[1:]:
        if not remaining or len(chosen) == PROBES_PER_PROPERTY:
            break
        still = [o for o in remaining if alike(o, [index])]
        if len(still) < len(remaining):
            chosen.append(index)
            remaining = still
    return chosen


def build(topics: tuple[str, ...] = TOPIC_NAMES) -> tuple[dict, dict[str, str]]:
    """(the fingerprint data, key -> mistake id for the instructors: not to be shipped)."""
    data: dict = {"format": 1, "mistakes": {}, "properties": {}, "covers": {}}
    ids: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="dlkit_fingerprints_") as tmp:
        for topic in topics:
            _record_topic(topic, Path(tmp), data, ids)
    return data, ids


def _record_topic(topic: str, folder: Path, data: dict, ids: dict[str, str]) -> None:
    """Add one topic's mistakes, probes and coverage to `data` (see :func:`build`)."""
    spec = BY_NAME[topic]
    opaque = _opaque(topic)
    impls = []
    for n, mistake in enumerate(mistakes(topic)):
        key = f"{topic}-{n}"
        path = folder / key / f"{topic}.py"
        path.parent.mkdir(parents=True)
        path.write_text(materialize(mistake))
        module, error = load_module(path, f"_dlkit_fingerprint_{topic}_{n}")
        impls.append((key, InProcess(module, params_of(spec), error)))
        ids[key] = mistake.id
        data["mistakes"][key] = {
            "title": {"en": mistake.title.en, "ko": mistake.title.ko},
            "explanation": {"en": mistake.explanation.en, "ko": mistake.explanation.ko},
        }
    for prop in spec.properties:
        inputs = examples_for(prop)
        for key, impl in impls:
            others = [other for k, other in impls if k != key]
            probes = [
                {
                    "index": i,
                    "digest": case_digest(inputs[i]),
                    "recording": encode_recording(record(prop, impl, inputs[i], opaque)),
                }
                for i in _choose_probes(prop, impl, others, opaque)
            ]
            if probes:
                data["properties"].setdefault(prop.id, {})[key] = probes
        # Which other mistakes' probes each mistake reproduces: lets diagnosis pick the
        # mistake that explains every match (see grader.engine.diagnosis.best_of).
        entries = data["properties"].get(prop.id, {})
        for key, impl in impls:
            if key not in entries:
                continue
            covered = [
                other
                for other, probes in entries.items()
                if other != key
                and all(
                    same_recording(
                        record(prop, impl, inputs[p["index"]], opaque),
                        decode_recording(p["recording"]),
                    )
                    for p in probes
                )
            ]
            if covered:
                data["covers"].setdefault(prop.id, {})[key] = covered


def write(path: Path, topics: tuple[str, ...] = TOPIC_NAMES) -> dict[str, str]:
    """Write the fingerprint file; return key -> mistake id (for tests, never shipped)."""
    data, ids = build(topics)
    Path(path).write_text(json.dumps(data, allow_nan=True), encoding="utf-8")
    return ids
