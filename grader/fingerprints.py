"""Fingerprints of the catalogued mistakes, for diagnosis in the student release.

The release ships no catalogue (a mistake is one edit away from the solution), so
:func:`write` records, for every public property and every catalogued mistake that fails
it, what the mistake does on the first (at most two) of the property's fixed inputs where
it fails: its returned values and how its calls ended, as data.  No code and no mistake id
is written: entries are keyed ``<topic>-<n>``, with the mistake's title and explanation
(the words a student would be shown anyway).  :mod:`grader.diagnosis` reads the file when
it finds no catalogue.

Meant to be called by the release build: ``write(bundle / "grader" / "fingerprints.json")``.
Never imported by anything shipped (it imports the catalogue).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from grader.calls import InProcess, StudentError, load_module
from grader.catalogue import materialize
from grader.compare import PropertyFailure
from grader.diagnosis import _opaque, case_digest, encode_recording, record
from grader.mistakes import mistakes
from grader.running import examples_for
from grader.topics import BY_NAME, TOPIC_NAMES, params_of

PROBES_PER_PROPERTY = 2


def _failing_indices(prop, impl, limit: int) -> list[int]:
    found = []
    for index, case in enumerate(examples_for(prop)):
        try:
            prop.check(impl, case)
        except (PropertyFailure, StudentError):
            found.append(index)
            if len(found) == limit:
                break
    return found


def build(topics: tuple[str, ...] = TOPIC_NAMES) -> tuple[dict, dict[str, str]]:
    """(the fingerprint data, key -> mistake id for the instructors: not to be shipped)."""
    data: dict = {"format": 1, "mistakes": {}, "properties": {}}
    ids: dict[str, str] = {}
    folder = Path(tempfile.mkdtemp(prefix="dlkit_fingerprints_"))
    for topic in topics:
        spec = BY_NAME[topic]
        opaque = _opaque(topic)
        for n, mistake in enumerate(mistakes(topic)):
            key = f"{topic}-{n}"
            path = folder / key / f"{topic}.py"
            path.parent.mkdir(parents=True)
            path.write_text(materialize(mistake))
            module, error = load_module(path, f"_dlkit_fingerprint_{topic}_{n}")
            impl = InProcess(module, params_of(spec), error)
            ids[key] = mistake.id
            data["mistakes"][key] = {
                "title": {"en": mistake.title.en, "ko": mistake.title.ko},
                "explanation": {"en": mistake.explanation.en, "ko": mistake.explanation.ko},
            }
            for prop in spec.properties:
                inputs = examples_for(prop)
                probes = [
                    {
                        "index": i,
                        "digest": case_digest(inputs[i]),
                        "recording": encode_recording(record(prop, impl, inputs[i], opaque)),
                    }
                    for i in _failing_indices(prop, impl, PROBES_PER_PROPERTY)
                ]
                if probes:
                    data["properties"].setdefault(prop.id, {})[key] = probes
    return data, ids


def write(path: Path, topics: tuple[str, ...] = TOPIC_NAMES) -> dict[str, str]:
    """Write the fingerprint file; return key -> mistake id (for tests, never shipped)."""
    data, ids = build(topics)
    Path(path).write_text(json.dumps(data, allow_nan=True), encoding="utf-8")
    return ids
