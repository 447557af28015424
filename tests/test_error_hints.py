"""A student error gets a hint about that error, not the property's mathematical hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.engine.feedback import ERROR_HINTS
from grader.engine.running import FAILED, run_property
from grader.topics import BY_NAME

from .conftest import ROOT, implementation_from_file

SOLUTION = (ROOT / "solutions" / "activations.py").read_text()
RELU_BACKWARD_BODY = "    return dout * (cache > 0)"
assert RELU_BACKWARD_BODY in SOLUTION

# relu_backward written wrongly in ways that stop it before any number can be compared.
BROKEN = {
    "returns_a_tuple": ("    return dout * (cache > 0),", "wrong_type"),
    "unpacks_too_many": ("    x, mask, extra = cache\n    return dout * mask", "unpack"),
    "returns_the_boolean_mask": ("    return cache > 0", "wrong_dtype"),
    "returns_a_sum": ("    return float(np.sum(dout * (cache > 0)))", "wrong_type"),
    "returns_a_row": ("    return (dout * (cache > 0))[None, :]", "wrong_shape"),
    "calls_a_tuple": ("    return cache(0)", "type"),
    "indexes_too_far": ("    return dout * (cache[99] > 0)", "index"),
    "divides_by_zero": ("    return dout * (cache > 0) / (1 // 0)", "raised"),
}


def _relu_backward(tmp: Path, body: str):
    path = tmp / "activations.py"
    path.write_text(SOLUTION.replace(RELU_BACKWARD_BODY, body))
    return implementation_from_file(path, "activations")


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize(("body", "hint"), list(BROKEN.values()), ids=list(BROKEN))
def test_student_error_gets_the_hint_for_that_error(body, hint, lang, tmp_path):
    prop = BY_NAME["activations"].prop("relu_backward_matches_autograd")
    verdict = run_property(prop, _relu_backward(tmp_path, body), lang)
    assert verdict.status == FAILED
    assert ERROR_HINTS[hint].get(lang) in verdict.feedback, verdict.feedback
    assert prop.hint.get(lang) not in verdict.feedback


def test_a_wrong_number_still_gets_the_propertys_hint(tmp_path):
    prop = BY_NAME["activations"].prop("relu_backward_matches_autograd")
    # A wrong number no detector of grader/engine/explain explains (twice PyTorch's would
    # be explained as such, instead of the hint).
    impl = _relu_backward(tmp_path, "    return dout * (cache > 0) * np.cos(cache)")
    verdict = run_property(prop, impl, "en")
    assert verdict.status == FAILED and not verdict.mistake
    assert prop.hint.en in verdict.feedback
    assert not any(h.en in verdict.feedback for h in ERROR_HINTS.values())


def test_a_recognised_mistake_is_still_named_before_any_error_hint(tmp_path):
    # The catalogued mistake "ReLU gradient 1 at x == 0" returns well-formed arrays.
    prop = BY_NAME["activations"].prop("relu_backward_matches_autograd")
    impl = _relu_backward(tmp_path, "    return dout * (cache >= 0)")
    verdict = run_property(prop, impl, "en")
    assert verdict.mistake
    assert "Likely mistake" in verdict.feedback
