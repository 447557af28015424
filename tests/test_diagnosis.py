"""The feedback names a catalogued mistake exactly when the student's function behaves
like it: every mistake is recognised as itself and never as another, and no correct
solution is ever given a mistake's name."""

from __future__ import annotations

import re

import pytest

from grader.engine import diagnosis
from grader.engine.running import FAILED, INTERNAL, PASSED, failing_inputs, run_property
from grader.engine.suites import all_alternatives, all_mistakes, mistakes
from grader.isolation.calls import Implementation
from grader.topics import BY_NAME, TOPIC_NAMES

from .conftest import ROOT, implementation_from_entry, implementation_from_file

MISTAKES = [pytest.param(m, id=m.id) for m in all_mistakes()]


@pytest.mark.parametrize("mistake", MISTAKES)
def test_mistake_is_diagnosed_as_itself_and_never_as_another(mistake, tmp_path):
    impl = implementation_from_entry(mistake, tmp_path)
    named = {}
    for prop in BY_NAME[mistake.topic].properties:
        if set(prop.functions) & set(mistake.functions):
            # In Korean: every Korean template on the way must format (English is the
            # default everywhere else in the kit's tests).
            verdict = run_property(prop, impl, "ko")
            if verdict.status == FAILED:
                named[prop.id] = verdict.mistake
                assert INTERNAL.ko not in verdict.feedback, verdict.feedback
                if verdict.mistake == mistake.id:
                    assert mistake.title.ko in verdict.feedback
                    assert mistake.explanation.ko in verdict.feedback
    assert mistake.id in named.values(), f"{mistake.id} was named {named}"
    others = {p: m for p, m in named.items() if m and m != mistake.id}
    assert not others, f"{mistake.id} was taken for {others}"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_feedback_names_the_mistake_in_the_chosen_language_instead_of_the_hint(lang, tmp_path):
    mistake = next(m for m in mistakes("activations") if m.id == "relu_gradient_one_at_zero")
    prop = BY_NAME["activations"].prop("relu_backward_matches_autograd")
    verdict = run_property(prop, implementation_from_entry(mistake, tmp_path), lang)
    assert verdict.mistake == mistake.id
    assert mistake.title.get(lang) in verdict.feedback
    assert mistake.explanation.get(lang) in verdict.feedback
    assert prop.hint.get(lang) not in verdict.feedback
    # The smallest failing input and expected vs got are still shown beside it.
    expected_label = "Expected (PyTorch)" if lang == "en" else "기대값 (PyTorch)"
    assert expected_label in verdict.feedback


def test_an_unknown_mistake_gets_the_general_hint_and_no_name(tmp_path):
    path = tmp_path / "activations.py"
    source = (ROOT / "solutions" / "activations.py").read_text()
    # Wrong in a way no catalogue entry is: the gradient is halved.
    path.write_text(source + "\n\ndef relu_backward(dout, cache):\n    return 0.5 * dout\n")
    prop = BY_NAME["activations"].prop("relu_backward_matches_autograd")
    verdict = run_property(prop, implementation_from_file(path, "activations"))
    assert verdict.status == FAILED
    assert verdict.mistake == ""
    assert prop.hint.en in verdict.feedback


@pytest.mark.parametrize("mistake", MISTAKES)
def test_no_correct_solution_records_like_a_mistake_where_it_fails(mistake, tmp_path):
    """On the inputs that expose a mistake, the reference solution and every alternative
    behave differently from it, so none of them could ever be given its name."""
    impl = implementation_from_entry(mistake, tmp_path / "m")
    correct = [implementation_from_file(ROOT / "solutions" / f"{mistake.topic}.py", mistake.topic)]
    correct += [
        implementation_from_entry(a, tmp_path / a.id)
        for a in all_alternatives()
        if a.topic == mistake.topic
    ]
    opaque = diagnosis._opaque(mistake.topic)
    compared = 0
    for prop in BY_NAME[mistake.topic].properties:
        if not set(prop.functions) & set(mistake.functions):
            continue
        for _, case in failing_inputs(prop, impl, limit=2):
            theirs = diagnosis.record(prop, impl, case, opaque)
            for good in correct:
                assert not diagnosis.same_recording(
                    diagnosis.record(prop, good, case, opaque), theirs
                )
                assert diagnosis.diagnose(prop, good, [case]) is None
                compared += 1
    assert compared, f"{mistake.id} fails no property of its own functions"


class Forwarding(Implementation):
    """Another Implementation class (like the grader's worker proxy): calls go elsewhere."""

    def __init__(self, inner: Implementation) -> None:
        super().__init__(inner.params)
        self.inner = inner

    def _call(self, function, args, kwargs):
        try:
            return self.inner.call(function, *args, **kwargs)
        finally:
            self.last = self.inner.last


def test_diagnosis_works_through_any_implementation(tmp_path):
    mistake = next(m for m in mistakes("batchnorm") if m.id == "batchnorm_momentum_reversed")
    impl = Forwarding(implementation_from_entry(mistake, tmp_path))
    named = {
        v.mistake for p in BY_NAME["batchnorm"].properties if (v := run_property(p, impl)).mistake
    }
    assert named == {mistake.id}


def test_diagnosis_names_the_mistake_of_a_submission_graded_in_a_worker(tmp_path):
    """The grader's path: the student's code runs in a separate worker process."""
    from grader.define.catalogue import materialize
    from grader.engine.grading import grade_submission

    mistake = next(m for m in mistakes("regularization") if m.id == "l2_gradient_two_lam")
    (tmp_path / "regularization.py").write_text(materialize(mistake))
    result = grade_submission(tmp_path, lang="ko", topics=["regularization"])
    named = {v.mistake for v in result.verdicts if v.mistake}
    assert named == {mistake.id}
    outputs = [t.output for t in result.tests if mistake.title.ko in t.output]
    assert outputs


def test_without_a_catalogue_no_mistake_is_named(tmp_path, monkeypatch):
    """The student release ships no catalogue: no mistake is named; the second stage,
    which needs no catalogue, still says how the output differs (tests/test_explain.py),
    and without it the hint stays."""
    monkeypatch.setattr(diagnosis, "_provider", lambda topic: ())
    mistake = next(m for m in mistakes("activations") if m.id == "relu_gradient_one_at_zero")
    prop = BY_NAME["activations"].prop("relu_backward_matches_autograd")
    verdict = run_property(prop, implementation_from_entry(mistake, tmp_path))
    assert verdict.status == FAILED and verdict.mistake == ""
    assert verdict.observation == "positions"
    monkeypatch.setattr(diagnosis, "explain", lambda *args: None)
    verdict = run_property(prop, implementation_from_entry(mistake, tmp_path / "again"))
    assert verdict.status == FAILED and verdict.mistake == "" and verdict.observation == ""
    assert prop.hint.en in verdict.feedback


def test_the_reference_solutions_get_no_diagnosis(solution_impl):
    for topic in TOPIC_NAMES:
        for prop in BY_NAME[topic].properties:
            verdict = run_property(prop, solution_impl(topic))
            assert verdict.status == PASSED and verdict.mistake == ""


@pytest.mark.parametrize("topic", TOPIC_NAMES)
def test_catalogue_has_at_least_eight_mistakes_per_topic(topic):
    assert len(mistakes(topic)) >= 8


def test_catalogue_ids_are_unique_across_topics():
    ids = [m.id for m in all_mistakes()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9_]+", i) for i in ids)


FINGERPRINTED = ("activations", "conv", "regularization", "init")


@pytest.fixture(scope="module")
def fingerprint_file(tmp_path_factory):
    from grader.engine import fingerprints

    path = tmp_path_factory.mktemp("release") / "fingerprints.json"
    return path, fingerprints.write(path, FINGERPRINTED)


@pytest.fixture
def release_mode(fingerprint_file, monkeypatch):
    """As in the student release: no catalogue, only the fingerprint file."""
    path, ids = fingerprint_file
    monkeypatch.setattr(diagnosis, "_provider", lambda topic: ())
    monkeypatch.setattr(diagnosis, "FINGERPRINTS", path)
    monkeypatch.setattr(diagnosis, "_fingerprints", None)
    return ids


def test_fingerprints_hold_outputs_but_no_code_and_no_mistake_id(fingerprint_file):
    path, ids = fingerprint_file
    text = path.read_text(encoding="utf-8")
    for mistake in all_mistakes():
        assert mistake.id not in text
    from grader.define.catalogue import materialize

    code_lines = {
        line.strip()
        for m in all_mistakes()
        if m.topic in FINGERPRINTED
        for line in materialize(m).splitlines()
        if len(line.strip()) >= 16 and not line.strip().startswith(("#", '"', "'"))
    }
    # The titles and explanations are shipped by design (they are the feedback).
    words = " ".join(
        f"{m.title.en} {m.title.ko} {m.explanation.en} {m.explanation.ko}" for m in all_mistakes()
    )
    assert code_lines
    assert not [line for line in code_lines if line in text and line not in words]
    assert set(ids.values()) == {m.id for t in FINGERPRINTED for m in mistakes(t)}


@pytest.mark.parametrize(
    "mistake", [pytest.param(m, id=m.id) for t in FINGERPRINTED for m in mistakes(t)]
)
def test_release_fingerprints_name_each_mistake_as_itself(mistake, release_mode, tmp_path):
    impl = implementation_from_entry(mistake, tmp_path)
    named = set()
    for prop in BY_NAME[mistake.topic].properties:
        if set(prop.functions) & set(mistake.functions):
            verdict = run_property(prop, impl, "ko")
            if verdict.mistake:
                named.add(release_mode[verdict.mistake])
                if release_mode[verdict.mistake] == mistake.id:
                    assert mistake.title.ko in verdict.feedback
    assert named == {mistake.id}


def test_release_fingerprints_never_name_a_correct_solution(release_mode, tmp_path):
    for alternative in [a for a in all_alternatives() if a.topic in FINGERPRINTED]:
        impl = implementation_from_entry(alternative, tmp_path / alternative.id)
        for prop in BY_NAME[alternative.topic].properties:
            fingerprints = diagnosis._load_fingerprints()
            assert diagnosis.match_fingerprints(prop, impl, fingerprints) == []
