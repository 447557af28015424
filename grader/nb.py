"""Checking a student's notebook functions from a notebook test cell.

The test cells of the nbgrader notebooks (see ``grader/frontends/notebooks.py``) do not hold any
check of their own; each one calls::

    check("sigmoid_forward_matches_torch", globals())

which runs the kit's property of that id (``grader.engine.running.run_property``, the same code
``pytest exercises/`` runs) against the functions defined in the notebook, prints a
one-line confirmation when it holds, and otherwise raises :class:`PropertyNotSatisfied`
(an ``AssertionError``) whose message is exactly the feedback pytest shows.  nbgrader
gives a test cell that raises zero points and one that does not its full points.

This module is shipped to students with the notebooks, so it must not name any hidden
property: ids that are not public are looked up in ``grader.hidden`` only when asked for,
which happens only inside the hidden-test blocks that ``nbgrader generate_assignment``
removes from the released notebooks.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from grader.define.i18n import Text, default_lang
from grader.define.spec import Property, Topic
from grader.engine.running import run_property
from grader.isolation.calls import InProcess
from grader.isolation.sandbox import Limits
from grader.topics import TOPICS, params_of

PASSED_LINE = Text("✔ {functions}: {claim}", "✔ {functions}: {claim}")
UNKNOWN_ID = Text(
    "The notebook asks for a check named {id!r}, which this version of the kit does not "
    "have. Regenerate the notebooks with `python -m grader notebooks`.",
    "노트북이 {id!r}라는 검사를 요청했지만 이 버전의 키트에는 없습니다. "
    "`python -m grader notebooks`로 노트북을 다시 만드세요.",
)


class PropertyNotSatisfied(AssertionError):
    """A property of the kit does not hold for the notebook's functions."""


def find_property(property_id: str) -> tuple[Topic, Property]:
    """The topic and property of that id, public first, then (instructors only) hidden."""
    for topic in TOPICS:
        for prop in topic.properties:
            if prop.id == property_id:
                return topic, prop
    try:
        from grader.engine.suites import all_hidden
    except ImportError:  # a student's copy of the kit has no hidden suites
        all_hidden = None
    if all_hidden is not None:
        by_name = {t.name: t for t in TOPICS}
        for topic_name, prop in all_hidden():
            if prop.id == property_id:
                return by_name[topic_name], prop
    raise KeyError(property_id)


def implementation_from_namespace(topic: Topic, namespace: Mapping[str, Any]) -> InProcess:
    """The topic's contract functions as the notebook defines them (missing ones stay missing).

    The per-call time limit is the grader's, so a function that hangs costs the same
    in a notebook as in ``python -m grader grade``.
    """
    found = {
        spec.name: namespace[spec.name]
        for spec in topic.functions
        if callable(namespace.get(spec.name))
    }
    return InProcess(SimpleNamespace(**found), params_of(topic), timeout=Limits().call_seconds)


def check(property_id: str, namespace: Mapping[str, Any], lang: str | None = None) -> None:
    """Run the kit's property ``property_id`` on the functions in ``namespace``.

    Args:
        property_id: the id of a public property (or, in hidden-test blocks, a hidden one).
        namespace: where the student's functions live; in a notebook, ``globals()``.
        lang: "en" or "ko" for the feedback; default ``$DLKIT_LANG`` or English.

    Raises:
        PropertyNotSatisfied: with the same feedback ``pytest exercises/`` prints, when the
            property fails or the function is not implemented yet.
    """
    __tracebackhide__ = True  # pytest shows the feedback, not this frame
    lang = lang or default_lang()
    try:
        topic, prop = find_property(property_id)
    except KeyError:
        raise PropertyNotSatisfied(UNKNOWN_ID.get(lang, id=property_id)) from None
    impl = implementation_from_namespace(topic, namespace)
    # Warnings printed to stderr would make nbgrader give a passing cell zero points;
    # the student's own NumPy warnings are recorded per call by InProcess instead.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        verdict = run_property(prop, impl, lang)
    if not verdict.passed:
        raise PropertyNotSatisfied(verdict.feedback)
    line = PASSED_LINE.get(lang, functions=", ".join(prop.functions), claim=prop.claim.get(lang))
    print(line, file=sys.stdout)
