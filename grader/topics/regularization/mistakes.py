"""Known mistakes and alternative correct solutions for regularization.py."""

import numpy as np

from grader.define.catalogue import Alternative, Mistake
from grader.define.i18n import Text


def l2_penalty__no_half(w, lam):
    return float(lam * np.sum(w * w))


def l2_penalty_grad__two_lam(w, lam):
    return 2 * lam * w


def l1_penalty_grad__one_at_zero(w, lam):
    return lam * ((w >= 0) * 2.0 - 1.0)


def l1_penalty__sum_of_squares(w, lam):
    return float(lam * np.sum(w**2))


def l2_penalty__norm(w, lam):
    return float(lam / 2 * np.sqrt(np.sum(w**2)))


def l1_penalty__forgets_lam(w, lam):
    return float(np.sum(np.abs(w)))


def l1_penalty__elementwise(w, lam):
    return lam * np.abs(w)


def l2_penalty_grad__in_place(w, lam):
    w *= lam
    return w


def l1_penalty_grad__forgets_lam(w, lam):
    return np.sign(w)


def l2_penalty_grad__returns_lam(w, lam):
    return lam * np.ones_like(w)


MISTAKES = (
    Mistake(
        id="l2_penalty_without_half",
        topic="regularization",
        title=Text("L2 penalty without the 1/2", "1/2이 빠진 L2 페널티"),
        explanation=Text(
            "With gradient lam * w (SGD's weight_decay), the matching penalty is "
            "(lam / 2) * sum(w**2); lam * sum(w**2) is twice that and inconsistent with the "
            "gradient.",
            "기울기가 lam * w(SGD의 weight_decay)이면 짝이 되는 페널티는 (lam / 2) * sum(w**2)"
            "입니다. lam * sum(w**2)는 그 두 배라서 기울기와 맞지 않습니다.",
        ),
        overrides=(l2_penalty__no_half,),
    ),
    Mistake(
        id="l2_gradient_two_lam",
        topic="regularization",
        title=Text("L2 gradient 2 * lam * w", "L2 기울기를 2 * lam * w로 둠"),
        explanation=Text(
            "The derivative of (lam / 2) * w**2 is lam * w: the 2 of the square cancels the "
            "1/2. 2 * lam * w decays the weights twice as fast as SGD's weight_decay=lam.",
            "(lam / 2) * w**2의 미분은 lam * w입니다. 제곱의 2가 1/2과 약분됩니다. "
            "2 * lam * w는 SGD의 weight_decay=lam보다 가중치를 두 배 빨리 줄입니다.",
        ),
        overrides=(l2_penalty_grad__two_lam,),
    ),
    Mistake(
        id="l1_gradient_one_at_zero",
        topic="regularization",
        title=Text("L1 gradient +lam at w == 0", "w == 0에서 L1 기울기를 +lam으로 둠"),
        explanation=Text(
            "(w >= 0) * 2 - 1 gives +1 at w == 0, but PyTorch's gradient of |w| at 0 is 0; "
            "np.sign(w) gives exactly -1, 0, +1.",
            "(w >= 0) * 2 - 1은 w == 0에서 +1이 되지만, PyTorch에서 |w|의 0에서의 기울기는 "
            "0입니다. np.sign(w)가 정확히 -1, 0, +1을 줍니다.",
        ),
        overrides=(l1_penalty_grad__one_at_zero,),
    ),
    Mistake(
        id="l1_penalty_sum_of_squares",
        topic="regularization",
        title=Text("L1 computed with squares", "제곱으로 계산한 L1"),
        explanation=Text(
            "L1 uses absolute values |w| (course notes: L1: 절대값); squares belong to L2.",
            "L1은 절댓값 |w|를 씁니다 (강의 노트: L1 : 절대값). 제곱은 L2입니다.",
        ),
        overrides=(l1_penalty__sum_of_squares,),
    ),
    Mistake(
        id="l2_penalty_uses_norm",
        topic="regularization",
        title=Text("L2 norm instead of squared norm", "제곱 노름 대신 L2 노름"),
        explanation=Text(
            "The L2 penalty is the squared norm sum(w**2), with no square root; np.linalg.norm "
            "(or sqrt) gives the norm itself, whose gradient is not lam * w.",
            "L2 페널티는 제곱근이 없는 제곱 노름 sum(w**2)입니다. np.linalg.norm(또는 sqrt)은 노름 "
            "자체이고, 그 기울기는 lam * w가 아닙니다.",
        ),
        overrides=(l2_penalty__norm,),
    ),
    Mistake(
        id="l1_penalty_forgets_lam",
        topic="regularization",
        title=Text("penalty not scaled by lam", "lam을 곱하지 않은 페널티"),
        explanation=Text(
            "lam sets how strongly the weights are pushed towards 0; lam = 0 must give no "
            "penalty at all.",
            "lam은 가중치를 0 쪽으로 얼마나 세게 당길지 정합니다. lam = 0이면 페널티가 전혀 없어야 "
            "합니다.",
        ),
        overrides=(l1_penalty__forgets_lam,),
    ),
    Mistake(
        id="l1_penalty_returns_array",
        topic="regularization",
        title=Text("penalty returned per element", "원소별 페널티를 그대로 돌려줌"),
        explanation=Text(
            "The penalty is one number added to the loss: sum over all elements of w.",
            "페널티는 손실에 더하는 숫자 하나입니다: w의 모든 원소에 대해 더하세요.",
        ),
        overrides=(l1_penalty__elementwise,),
    ),
    Mistake(
        id="l2_gradient_in_place",
        topic="regularization",
        title=Text("gradient written into w", "기울기를 w에 직접 씀"),
        explanation=Text(
            "w *= lam changes the caller's weights: the model's parameters are scaled by lam "
            "as a side effect of computing a gradient.",
            "w *= lam은 호출한 쪽의 가중치를 바꿉니다. 기울기를 계산하다가 모델의 파라미터가 lam배로 "
            "바뀌어 버립니다.",
        ),
        overrides=(l2_penalty_grad__in_place,),
    ),
    Mistake(
        id="l1_gradient_forgets_lam",
        topic="regularization",
        title=Text("L1 gradient without lam", "lam이 빠진 L1 기울기"),
        explanation=Text(
            "The gradient of lam * sum|w| is lam * sign(w): the constant lam stays.",
            "lam * sum|w|의 기울기는 lam * sign(w)입니다. 상수 lam은 그대로 남습니다.",
        ),
        overrides=(l1_penalty_grad__forgets_lam,),
    ),
    Mistake(
        id="l2_gradient_constant_lam",
        topic="regularization",
        title=Text("L2 gradient lam instead of lam * w", "L2 기울기를 lam * w 대신 lam으로 둠"),
        explanation=Text(
            "Weight decay shrinks each weight in proportion to its size: the gradient is "
            "lam * w, not a constant lam.",
            "weight decay는 각 가중치를 그 크기에 비례해 줄입니다. 기울기는 상수 lam이 아니라 "
            "lam * w입니다.",
        ),
        overrides=(l2_penalty_grad__returns_lam,),
    ),
)


def l1_penalty__vector_norm(w, lam):
    return lam * np.linalg.norm(w.ravel(), ord=1)


def l1_penalty_grad__nested_where(w, lam):
    return np.where(w > 0, lam, np.where(w < 0, -lam, 0.0))


def l2_penalty__dot(w, lam):
    flat = w.ravel()
    return 0.5 * lam * np.dot(flat, flat)


def l2_penalty_grad__copy_and_scale(w, lam):
    grad = w.copy()
    grad *= lam
    return grad


def l1_penalty__float32_sum(w, lam):
    # |w| summed in float32 (range up to 1e6 is safe), accurate to ~1e-7 relative.
    return np.float64(lam) * np.float64(np.sum(np.abs(w).astype(np.float32), dtype=np.float64))


def l1_penalty_grad__divide(w, lam):
    magnitude = np.abs(w)
    sign = np.divide(w, magnitude, out=np.zeros_like(w), where=magnitude > 0)
    return lam * sign


def l2_penalty__einsum(w, lam):
    return lam / 2 * np.einsum("i,i->", w.ravel(), w.ravel())


def l2_penalty_grad__einsum(w, lam):
    return np.einsum("...,->...", w, np.float64(lam))


ALTERNATIVES = (
    Alternative(
        id="regularization_norm_and_where",
        topic="regularization",
        why="np.linalg.norm(ord=1), nested np.where, np.dot, copy-then-scale",
        overrides=(
            l1_penalty__vector_norm,
            l1_penalty_grad__nested_where,
            l2_penalty__dot,
            l2_penalty_grad__copy_and_scale,
        ),
    ),
    Alternative(
        id="regularization_float32_and_einsum",
        topic="regularization",
        why="float32 absolute values, sign by division, einsum",
        overrides=(
            l1_penalty__float32_sum,
            l1_penalty_grad__divide,
            l2_penalty__einsum,
            l2_penalty_grad__einsum,
        ),
    ),
)

# Mutants of solutions/regularization.py that behave exactly like it (each argued in docs/mutation.md):
# the mutation run (grader/frontends/mutation.py) expects these, and only these, to survive.
EQUIVALENT_MUTANTS: tuple[str, ...] = (
    "'float(lam * np.sum(np.abs(w)))': unwrap",
    "'float(lam / 2 * np.sum(w * w))': unwrap",
)


# What the second stage of diagnosis (grader/engine/explain/) says of these mistakes when
# the catalogue is left out: (mistake, property) -> (detector kind, its words), each read
# and judged a correct description of the mistake.  tests/test_explain.py checks that it
# says exactly this, so a new or changed detector is reviewed here again.
EXPLAINED = {
    ("l2_penalty_without_half", "l2_penalty_matches_torch"): (
        "ratio",
        "Your output is exactly 2 times PyTorch's on every input checked.",
    ),
    ("l2_gradient_two_lam", "l2_penalty_grad_matches_autograd"): (
        "ratio",
        "Your output is exactly 2 times PyTorch's on every input checked.",
    ),
    ("l1_gradient_one_at_zero", "l1_penalty_grad_matches_autograd"): (
        "positions",
        "Your output equals PyTorch's everywhere except at positions where `w` == 0: on every input checked, every difference is at such a position.",
    ),
    ("l1_penalty_forgets_lam", "l1_penalty_matches_torch"): (
        "argument",
        "Your output equals PyTorch's computed with `lam` = 1 instead of the value given, on every input checked.",
    ),
    ("l1_gradient_forgets_lam", "l1_penalty_grad_matches_autograd"): (
        "argument",
        "Your output equals PyTorch's computed with `lam` = 1 instead of the value given, on every input checked.",
    ),
    ("l2_gradient_constant_lam", "l2_penalty_grad_matches_autograd"): (
        "argument",
        "Your output equals PyTorch's computed with `w` set to all 1s, on every input checked.",
    ),
    ("l2_gradient_constant_lam", "l2_penalty_grad_step_matches_sgd_weight_decay"): (
        "argument",
        "Your output equals PyTorch's computed with `w` set to all 1s, on every input checked.",
    ),
}
