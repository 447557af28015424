"""The second stage of diagnosis (grader/engine/explain/): every detector fires on a
wrong implementation written for it here, stays silent on every correct solution, and on
the catalogue says only what this file's table, reviewed by hand, holds to be a correct
description of each mistake; its explanations reach pytest, grading and notebooks; it is
deterministic and stays within its budget of student calls.

The held-out mistakes of benchmarks/heldout_mistakes/ are not used here (they measure the
detectors; tests/test_heldout_honesty.py only checks that none gets a wrong explanation).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from grader.define.i18n import Text
from grader.engine import diagnosis
from grader.engine.explain import DETECTORS, evidence, explain, words
from grader.engine.explain.tape import passes
from grader.engine.running import FAILED, failing_inputs, run_property
from grader.engine.suites import all_alternatives, all_mistakes, explained
from grader.isolation.calls import Implementation
from grader.topics import BY_NAME, TOPIC_NAMES

from .conftest import ROOT, implementation_from_entry, implementation_from_file


def written(tmp_path: Path, topic: str, source: str) -> Implementation:
    """The reference solution of ``topic`` with the functions in ``source`` replaced."""
    path = tmp_path / f"{topic}_{abs(hash(source))}" / f"{topic}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    base = (ROOT / "solutions" / f"{topic}.py").read_text()
    path.write_text(base + "\n\n" + source)
    return implementation_from_file(path, topic)


def observed(impl: Implementation, topic: str, prop_id: str) -> diagnosis.Diagnosis | None:
    prop = BY_NAME[topic].prop(prop_id)
    cases = [case for _, case in failing_inputs(prop, impl, limit=2)]
    assert cases, f"{prop_id} does not fail"
    return diagnosis.observe(prop, impl, cases)


# --- each detector fires on a wrong implementation written for it --------------------------

# (topic, property, replacement source, detector kind, words the explanation must hold)
FIRES = [
    pytest.param(
        "activations",
        "sigmoid_forward_matches_torch",
        "def sigmoid_forward(x):\n    out = 0.5 * (1.0 + np.tanh(0.5 * x))\n"
        "    return out.astype(np.float32), out\n",
        "form",
        "dtype is float32",
        id="form-dtype",
    ),
    pytest.param(
        "batchnorm",
        "batchnorm_backward_dgamma_matches_autograd",
        "_bn_backward = batchnorm_backward\n\n"
        "def batchnorm_backward(dout, cache):\n"
        "    dx, dgamma, dbeta = _bn_backward(dout, cache)\n    return dx, dbeta, dgamma\n",
        "form",
        "number 2 and 3 are swapped",
        id="form-swapped-returns",
    ),
    pytest.param(
        "losses",
        "softmax_matches_torch",
        "_softmax = softmax\n\ndef softmax(x, axis=-1):\n"
        "    out = _softmax(x, axis)\n    return out.T.copy() if out.ndim == 2 else out\n",
        "form",
        "transpose of PyTorch's",
        id="form-transpose",
    ),
    pytest.param(
        "activations",
        "relu_forward_matches_torch",
        "def relu_forward(x):\n    return np.maximum(x, 0.0).reshape(-1), x\n",
        "form",
        "reshaped to",
        id="form-reshape",
    ),
    pytest.param(
        "activations",
        "tanh_backward_matches_autograd",
        "def tanh_backward(dout, cache):\n    return dout.copy()\n",
        "simpler_output",
        "`dout` itself",
        id="simpler-output-input",
    ),
    pytest.param(
        "activations",
        "relu_backward_matches_autograd",
        "def relu_backward(dout, cache):\n    return np.zeros_like(dout)\n",
        "simpler_output",
        "all zeros",
        id="simpler-output-zeros",
    ),
    pytest.param(
        "activations",
        "sigmoid_backward_matches_autograd",
        "def sigmoid_backward(dout, cache):\n    return 2.0 * dout * cache * (1.0 - cache)\n",
        "ratio",
        "exactly 2 times",
        id="ratio-number",
    ),
    pytest.param(
        "regularization",
        "l1_penalty_matches_torch",
        "def l1_penalty(w, lam):\n    return float(lam * np.sum(np.abs(w)) / w.size)\n",
        "ratio",
        "`1 / w.size` times",
        id="ratio-size",
    ),
    pytest.param(
        "linear",
        "linear_forward_matches_torch",
        "_linear_forward = linear_forward\n\ndef linear_forward(x, w, b):\n"
        "    out, cache = _linear_forward(x, w, b)\n    return out + b, cache\n",
        "offset",
        "plus `b`",
        id="offset-argument",
    ),
    pytest.param(
        "linear",
        "linear_param_count_matches_torch",
        "_count = linear_param_count\n\ndef linear_param_count(in_features, out_features, "
        "bias=True):\n    return _count(in_features, out_features, bias) + 1\n",
        "offset",
        "exactly 1 more",
        id="offset-off-by-one",
    ),
    pytest.param(
        "batchnorm",
        "layernorm_forward_matches_torch",
        "_layernorm_forward = layernorm_forward\n\ndef layernorm_forward(x, gamma, beta, "
        "eps=1e-5):\n    return _layernorm_forward(x, gamma, beta, 0.0)\n",
        "argument",
        "`eps` = 0 instead of the value given",
        id="argument-neutral",
    ),
    pytest.param(
        "batchnorm",
        "batchnorm_forward_train_out_matches_torch",
        "_bn_train = batchnorm_forward_train\n\n"
        "def batchnorm_forward_train(x, gamma, beta, running_mean, running_var, momentum=0.1,"
        " eps=1e-5):\n"
        "    return _bn_train(x, beta, gamma, running_mean, running_var, momentum, eps)\n",
        "argument",
        "`gamma` and `beta` swapped",
        id="argument-swap",
    ),
    pytest.param(
        "conv",
        "conv_output_size_matches_torch",
        "def conv_output_size(n, kernel_size, stride=1, padding=0, dilation=1):\n"
        "    span = n + 2 * padding - dilation * (kernel_size - 1) - 1\n"
        "    if span < 0 or stride < 1 or padding < 0 or kernel_size < 1 or dilation < 1:\n"
        "        raise ValueError('invalid')\n"
        "    return -(-span // stride) + 1\n",
        "off_by_one",
        "either PyTorch's or 1 more",
        id="off-by-one-sometimes",
    ),
    pytest.param(
        "regularization",
        "l1_penalty_grad_matches_autograd",
        "def l1_penalty_grad(w, lam):\n    return lam * np.where(w == 0, 0.5, np.sign(w))\n",
        "positions",
        "where `w` == 0",
        id="positions-zeros",
    ),
    pytest.param(
        "activations",
        "tanh_forward_matches_torch",
        "def tanh_forward(x):\n    out = np.broadcast_to(np.tanh(x[..., :1]), x.shape).copy()\n"
        "    return out, out\n",
        "axis",
        "does not change along axis",
        id="axis-constant",
    ),
]


@pytest.mark.parametrize(("topic", "prop_id", "source", "kind", "phrase"), FIRES)
def test_each_detector_explains_a_mistake_written_for_it(
    topic, prop_id, source, kind, phrase, tmp_path
):
    found = observed(written(tmp_path, topic, source), topic, prop_id)
    assert found is not None, "no explanation"
    assert (found.observation, phrase in found.title.en) == (kind, True), found.title.en
    assert found.mistake_id == ""
    assert found.title.ko and found.explanation is words.NOT_A_NAME


def test_the_detectors_are_in_the_documented_order():
    """The table in grader/engine/explain/__init__.py is the order the detectors run in."""
    documented = re.findall(r"^\d\s+``(\w+)``", sys.modules["grader.engine.explain"].__doc__, re.M)
    kinds = {
        "form": "form",
        "simpler_output": "simpler_output",
        "ratio": "ratio",
        "offset": "offset",
        "argument_changed": "argument",
        "sometimes_off_by_one": "off_by_one",
        "only_at_positions": "positions",
        "axis_constancy": "axis",
    }
    assert [kinds[d.__name__] for d in DETECTORS] == documented


def test_an_ambiguous_constant_is_not_claimed(tmp_path):
    """Averaging db over N = 2 rows is exactly 1/2 times PyTorch's on two-row inputs: the
    detector tapes inputs with other N before it says anything, and then says 1 / N."""
    impl = written(
        tmp_path,
        "batchnorm",
        "_bn_backward = batchnorm_backward\n\ndef batchnorm_backward(dout, cache):\n"
        "    dx, dgamma, dbeta = _bn_backward(dout, cache)\n"
        "    return dx, dgamma, dbeta / dout.shape[0]\n",
    )
    found = observed(impl, "batchnorm", "batchnorm_backward_dbeta_matches_autograd")
    assert found is not None and "`1 / x.shape[0]`" in found.title.en, found


def test_a_change_that_makes_the_check_vacuous_is_not_claimed(tmp_path):
    """With lr = 0 the step w - lr * (g + grad) equals w whatever the gradient: "PyTorch's
    with lr = 0" would be true of any gradient, so it is never said."""
    impl = written(
        tmp_path, "regularization", "def l2_penalty_grad(w, lam):\n    return 3 * lam * w\n"
    )
    found = observed(impl, "regularization", "l2_penalty_grad_step_matches_sgd_weight_decay")
    assert found is None or "`lr`" not in found.title.en, found.title.en


def test_an_unexplained_failure_keeps_the_hint(tmp_path):
    impl = written(
        tmp_path,
        "activations",
        "def sigmoid_backward(dout, cache):\n    return dout * np.cos(cache)\n",
    )
    prop = BY_NAME["activations"].prop("sigmoid_backward_matches_autograd")
    verdict = run_property(prop, impl)
    assert verdict.status == FAILED and verdict.observation == "" and verdict.mistake == ""
    assert prop.hint.en in verdict.feedback


# --- silent on every correct solution -----------------------------------------------------

CORRECT = [pytest.param(None, t, id=f"solution-{t}") for t in TOPIC_NAMES] + [
    pytest.param(a, a.topic, id=a.id) for a in all_alternatives()
]


@pytest.mark.parametrize(("alternative", "topic"), CORRECT)
def test_no_detector_finds_a_relation_in_a_correct_solution(alternative, topic, tmp_path):
    """Run past the guard that a correct solution never reaches (its shown input must
    fail): on a correct solution's outputs, no detector but the argument changes (which
    need a failing input to mean anything) may find a thing, on any property."""
    if alternative is None:
        impl = implementation_from_file(ROOT / "solutions" / f"{topic}.py", topic)
    else:
        impl = implementation_from_entry(alternative, tmp_path)
    for prop in BY_NAME[topic].properties:
        cases = list(evidence.examples_for(prop)[:2])
        assert explain(prop, impl, cases, impl.params) is None, prop.id
        tapes = evidence.tape_inputs(prop, impl, cases, evidence.Budget(evidence.MAX_CALLS))
        ev = evidence.Evidence(
            prop,
            impl,
            evidence.Budget(0),
            impl.params,
            tapes,
            None,
            [None] * len(tapes),
            "",
            None,
        )
        if tapes and all(passes(prop, impl.params, t) for t in tapes):
            for detector in DETECTORS:
                if detector.__name__ != "argument_changed":
                    assert detector(ev) is None, (prop.id, detector.__name__)


# --- on the catalogue: only correct descriptions ------------------------------------------


@pytest.mark.parametrize("topic", TOPIC_NAMES)
def test_on_the_catalogue_stage_two_says_only_reviewed_correct_descriptions(topic, tmp_path):
    said = {}
    for mistake in (m for m in all_mistakes() if m.topic == topic):
        impl = implementation_from_entry(mistake, tmp_path)
        for prop in BY_NAME[topic].properties:
            if not set(prop.functions) & set(mistake.functions):
                continue
            cases = [case for _, case in failing_inputs(prop, impl, limit=2)]
            if cases and (found := diagnosis.observe(prop, impl, cases)) is not None:
                said[(mistake.id, prop.id)] = (found.observation, found.title.en)
    # Each topic's mistakes.py lists what stage 2 may say of its mistakes (EXPLAINED), each
    # reviewed as a correct description; anything else, or a missing one, fails.
    assert said == explained(topic)


# --- how it reaches people ----------------------------------------------------------------

# Not in the catalogue (which has no averaged L1 penalty) and not in the held-out set.
AVERAGED_L1 = "def l1_penalty(w, lam):\n    return float(lam * np.mean(np.abs(w)))\n"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_explanation_replaces_the_hint_beside_input_expected_and_got(lang, tmp_path):
    impl = written(tmp_path, "regularization", AVERAGED_L1)
    prop = BY_NAME["regularization"].prop("l1_penalty_matches_torch")
    verdict = run_property(prop, impl, lang)
    assert verdict.mistake == "" and verdict.observation == "ratio"
    assert f"{words.LABEL.get(lang)}: " in verdict.feedback
    assert words.NOT_A_NAME.get(lang) in verdict.feedback
    assert prop.hint.get(lang) not in verdict.feedback
    assert "PyTorch" in verdict.feedback and ("lam = " in verdict.feedback)


def test_pytest_exercises_shows_the_explanation(tmp_path):
    from .test_student_output import run_pytest

    kit = tmp_path / "kit"
    (kit / "exercises").mkdir(parents=True)
    for path in (ROOT / "exercises").iterdir():
        if path.is_file():
            (kit / "exercises" / path.name).write_bytes(path.read_bytes())
    source = (ROOT / "solutions" / "regularization.py").read_text() + "\n\n" + AVERAGED_L1
    (kit / "exercises" / "regularization.py").write_text(source)
    result = run_pytest(kit, "-m", "l1_penalty")
    assert f"{words.LABEL.en}: Your output is exactly `1 / w.size` times" in result.stdout, (
        result.stdout[-3000:]
    )


def test_a_grade_result_carries_the_explanation(tmp_path):
    from grader.engine.grading import grade_submission

    (tmp_path / "regularization.py").write_text(
        (ROOT / "solutions" / "regularization.py").read_text() + "\n\n" + AVERAGED_L1
    )
    result = grade_submission(tmp_path, lang="ko", topics=["regularization"])
    explained = [t for t in result.tests if t.observation == "ratio"]
    assert explained and all(t.mistake == "" for t in explained)
    assert all(f"{words.LABEL.ko}: " in t.output for t in explained)
    assert all(words.NOT_A_NAME.ko in t.output for t in explained)


def test_the_notebook_check_prints_the_explanation(capsys):
    import numpy as np

    from grader.frontends.study import report

    namespace = {"np": np}
    exec((ROOT / "solutions" / "regularization.py").read_text() + "\n\n" + AVERAGED_L1, namespace)
    assert report("l1_penalty_matches_torch", namespace, "en") == "failed"
    assert f"{words.LABEL.en}: Your output is exactly" in capsys.readouterr().out


# --- deterministic, and within its budget -------------------------------------------------


def test_explanations_are_the_same_on_every_run(tmp_path):
    impl = written(tmp_path, "regularization", AVERAGED_L1)
    prop = BY_NAME["regularization"].prop("l1_penalty_matches_torch")
    assert run_property(prop, impl, "ko").feedback == run_property(prop, impl, "ko").feedback


class Counting(Implementation):
    def __init__(self, inner: Implementation) -> None:
        super().__init__(inner.params)
        self.inner, self.calls = inner, 0

    def _call(self, function, args, kwargs):
        self.calls += 1
        try:
            return self.inner.call(function, *args, **kwargs)
        finally:
            self.last = self.inner.last


@pytest.mark.parametrize("topic", ["optim", "batchnorm"])
def test_stage_two_calls_the_student_at_most_its_budget(topic, tmp_path):
    """The optimizers' checks call the student a dozen times per input: the budget, not the
    number of inputs, is what stops the taping."""
    for mistake in (m for m in all_mistakes() if m.topic == topic):
        impl = implementation_from_entry(mistake, tmp_path)
        for prop in BY_NAME[topic].properties:
            if set(prop.functions) & set(mistake.functions):
                cases = [case for _, case in failing_inputs(prop, impl, limit=2)]
                if cases:
                    counting = Counting(impl)
                    diagnosis.observe(prop, counting, cases)
                    assert counting.calls <= evidence.MAX_CALLS, (mistake.id, prop.id)


def test_the_explanations_words_have_the_same_fields_in_both_languages():
    for name in dir(words):
        text = getattr(words, name)
        if isinstance(text, Text):
            assert set(re.findall(r"{(\w+)}", text.en)) == set(re.findall(r"{(\w+)}", text.ko)), (
                name
            )


def test_a_grade_with_explanations_is_identical_in_a_fresh_process(tmp_path):
    """One grade in a fresh `python -m grader grade` process, one in this process: the
    explanations (and the inputs stage 2 chose) are the same bytes."""


    from .test_grading import graded_the_same_in_a_fresh_process_and_here, make_submission

    source = (ROOT / "solutions" / "regularization.py").read_text() + "\n\n" + AVERAGED_L1
    submission = make_submission(tmp_path / "sub", {"regularization.py": source})
    first = graded_the_same_in_a_fresh_process_and_here(submission, tmp_path / "results.json")
    assert any(words.LABEL.en in t["output"] for t in first["tests"])
