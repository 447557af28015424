"""What the check cells of the study notebooks call (shipped to students).

``report("relu_backward_matches_autograd", globals())`` runs one public property of the
kit on the functions the notebook defines (``grader.engine.running.run_property``, the
code ``pytest exercises/`` runs, with the same 20 s limit per call) and prints the
outcome: a line with ✔ when it holds, otherwise the same feedback ``pytest exercises/``
prints under "not started" or "failing".  It never raises, so "Run all" goes through
the whole notebook and every check cell shows where the student stands.

Unlike :mod:`grader.nb` (the nbgrader test cells), it knows only public properties, so
the student release can ship it.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from grader.define.i18n import Text, default_lang
from grader.define.spec import Property, Topic
from grader.engine import disk_cache
from grader.engine.examples import drawn_here
from grader.engine.running import NOT_STARTED, PASSED, run_property
from grader.isolation.calls import InProcess
from grader.topics import TOPICS, params_of

HEADLINE = {
    PASSED: Text("✔ passed: {functions}: {claim}", "✔ 통과: {functions}: {claim}"),
    NOT_STARTED: Text("· not started: {functions}", "· 아직 시작 안 함: {functions}"),
    "failed": Text("✘ failing: {functions}", "✘ 실패: {functions}"),
}
UNKNOWN = Text(
    "This notebook asks for a check named {id!r}, which the installed kit does not have: "
    "the notebook and the kit come from different versions.",
    "이 노트북이 요청한 검사({id!r})가 설치된 키트에 없습니다. 노트북과 키트의 버전이 "
    "서로 다릅니다.",
)


def _find(property_id: str) -> tuple[Topic, Property] | None:
    for topic in TOPICS:
        for prop in topic.properties:
            if prop.id == property_id:
                return topic, prop
    return None


def report(property_id: str, namespace: Mapping[str, Any], lang: str | None = None) -> str:
    """Check one public property on the functions in `namespace` (a notebook's
    ``globals()``), print the outcome and return its status (passed, failed, not_started)."""
    lang = lang or default_lang()
    found = _find(property_id)
    if found is None:
        print(UNKNOWN.get(lang, id=property_id))
        return "unknown"
    topic, prop = found
    functions = {
        spec.name: namespace[spec.name]
        for spec in topic.functions
        if callable(namespace.get(spec.name))
    }
    impl = InProcess(SimpleNamespace(**functions), params_of(topic))
    _use_disk_cache()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the student's warnings are recorded per call
        verdict = run_property(prop, impl, lang)
    _keep_in_disk_cache(prop)
    headline = HEADLINE.get(verdict.status, HEADLINE["failed"]).get(
        lang, functions=", ".join(prop.functions), claim=prop.claim.get(lang)
    )
    print(headline if verdict.passed else f"{headline}\n\n{verdict.feedback}")
    return verdict.status


_cache_loaded = False


def _use_disk_cache() -> None:
    """Once per kernel: the inputs and PyTorch's answers from the disk cache that
    ``pytest exercises/`` and the grader keep (grader/engine/disk_cache.py), so a check
    cell draws nothing that an earlier run drew (drawing is most of a first check's
    time).  The verdicts are the same either way; a cache that cannot be read is only
    slower."""
    global _cache_loaded
    if not _cache_loaded:
        _cache_loaded = True
        disk_cache.load([p for topic in TOPICS for p in topic.properties], draw_missing=False)


def _keep_in_disk_cache(prop: Property) -> None:
    """Save what this check drew or computed, for the next kernel (cheap when nothing is
    new: the file is written only then)."""
    if prop in drawn_here():
        disk_cache.save_examples([prop])
    disk_cache.save_references()
