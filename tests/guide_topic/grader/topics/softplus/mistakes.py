"""Known mistakes and alternative correct solutions for softplus.py."""

import numpy as np

from grader.define.catalogue import Alternative, Mistake
from grader.define.i18n import Text


def softplus_forward__naive(x):
    return np.log(1.0 + np.exp(x))


def softplus_forward__relu(x):
    return np.maximum(x, 0.0)


def softplus_forward__missing_one(x):
    return np.log(np.exp(-np.abs(x))) + np.maximum(x, 0.0)


def softplus_forward__sign_flipped(x):
    return np.maximum(-x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def softplus_forward__sigmoid(x):
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def softplus_forward__log10(x):
    return np.maximum(x, 0.0) + np.log10(1.0 + np.exp(-np.abs(x)))


def softplus_forward__in_place(x):
    np.abs(x, out=x)
    return x + np.log1p(np.exp(-x))


def softplus_forward__cut_at_zero(x):
    return np.where(x > 0, x + np.log1p(np.exp(-x)), 0.0)


def softplus_forward__logaddexp(x):
    return np.logaddexp(0.0, x)


def _mistake(id: str, fn, title: Text, explanation: Text) -> Mistake:
    return Mistake(id=id, topic="softplus", title=title, explanation=explanation, overrides=(fn,))


MISTAKES = (
    _mistake(
        "softplus_naive_overflows",
        softplus_forward__naive,
        Text("naive log(1 + exp(x)) overflows", "단순한 log(1 + exp(x))의 overflow"),
        Text("exp(x) is inf for x > 709.", "x > 709이면 exp(x)가 inf가 됩니다."),
    ),
    _mistake(
        "softplus_is_relu",
        softplus_forward__relu,
        Text("ReLU instead of softplus", "softplus 대신 ReLU"),
        Text("softplus adds log1p(exp(-|x|)) to max(x, 0).", "max(x, 0)에 log1p(exp(-|x|))를 더해야 합니다."),
    ),
    _mistake(
        "softplus_missing_one",
        softplus_forward__missing_one,
        Text("log(exp(-|x|)) instead of log(1 + exp(-|x|))", "log(1 + exp(-|x|)) 대신 log(exp(-|x|))"),
        Text("The 1 inside the logarithm went missing.", "로그 안의 1이 빠졌습니다."),
    ),
    _mistake(
        "softplus_sign_flipped",
        softplus_forward__sign_flipped,
        Text("softplus of -x", "-x의 softplus"),
        Text("max(-x, 0) computes softplus(-x).", "max(-x, 0)을 쓰면 softplus(-x)가 됩니다."),
    ),
    _mistake(
        "softplus_is_sigmoid",
        softplus_forward__sigmoid,
        Text("the sigmoid, softplus's derivative", "softplus의 도함수인 시그모이드"),
        Text("sigmoid(x) is the derivative of softplus, not softplus.", "시그모이드는 softplus의 도함수입니다."),
    ),
    _mistake(
        "softplus_log10",
        softplus_forward__log10,
        Text("log10 instead of the natural log", "자연로그 대신 log10"),
        Text("softplus uses the natural logarithm.", "softplus는 자연로그를 씁니다."),
    ),
    _mistake(
        "softplus_in_place",
        softplus_forward__in_place,
        Text("x changed in place", "x를 제자리에서 바꿈"),
        Text("np.abs(x, out=x) overwrites the caller's array.", "np.abs(x, out=x)는 호출한 쪽의 배열을 덮어씁니다."),
    ),
    _mistake(
        "softplus_zero_for_negatives",
        softplus_forward__cut_at_zero,
        Text("0 for negative x", "음수 x에서 0"),
        Text("softplus is positive everywhere, also for x < 0.", "softplus는 x < 0에서도 양수입니다."),
    ),
)

ALTERNATIVES = (
    Alternative(
        id="softplus_logaddexp",
        topic="softplus",
        why="np.logaddexp(0, x)",
        overrides=(softplus_forward__logaddexp,),
    ),
)

# Mutants of solutions/softplus.py that behave exactly like it (docs/mutation.md).
EQUIVALENT_MUTANTS: tuple[str, ...] = ()


# What the second stage of diagnosis (grader/engine/explain/) says of these mistakes when
# the catalogue is left out: (mistake, property) -> (detector kind, its words), each read
# and judged a correct description of the mistake.  tests/test_explain.py checks that it
# says exactly this, so a new or changed detector is reviewed here again.
EXPLAINED = {
    ("softplus_naive_overflows", "softplus_forward_matches_torch"): (
        "positions",
        "Your output equals PyTorch's everywhere except at positions where `x` > 0: on every input checked, every difference is at such a position.",
    ),
    ("softplus_sign_flipped", "softplus_forward_matches_torch"): (
        "offset",
        "Your output is PyTorch's minus `x` on every input checked.",
    ),
    ("softplus_in_place", "softplus_forward_matches_torch"): (
        "positions",
        "Your output equals PyTorch's everywhere except at positions where `x` < 0: on every input checked, every difference is at such a position.",
    ),
}
