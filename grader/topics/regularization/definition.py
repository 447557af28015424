"""L1 and L2 regularization: penalties and their gradients (course notes: 규제, 가중치 감소).

References: PyTorch's autograd of ``lam * |w|.sum()`` and ``lam / 2 * (w**2).sum()``, and
one ``torch.optim.SGD`` step with ``weight_decay=lam`` (through ``torch.optim.sgd.sgd``, the
update function the class runs; see _sgd_step).
"""

from __future__ import annotations

import importlib

import numpy as np

from grader.define import oracle
from grader.define.compare import (
    assert_array_close,
    assert_inputs_unchanged,
    assert_number_close,
    check_array,
)
from grader.define.i18n import Text
from grader.define.spec import Case, FunctionSpec, Property, Topic
from grader.define.strategies import sgd_weight_decay_steps, weights_and_lam
from grader.isolation.calls import Implementation

FUNCTIONS = (
    FunctionSpec(
        "l1_penalty",
        ("w", "lam"),
        Text("lam * sum(|w|)", "lam * sum(|w|)"),
    ),
    FunctionSpec(
        "l1_penalty_grad",
        ("w", "lam"),
        Text("lam * sign(w), 0 where w == 0", "lam * sign(w), w == 0이면 0"),
    ),
    FunctionSpec(
        "l2_penalty",
        ("w", "lam"),
        Text("(lam / 2) * sum(w ** 2)", "(lam / 2) * sum(w ** 2)"),
    ),
    FunctionSpec(
        "l2_penalty_grad",
        ("w", "lam"),
        Text(
            "lam * w: the weight decay term of torch.optim.SGD",
            "lam * w: torch.optim.SGD의 weight decay 항",
        ),
    ),
)


@oracle.memoised
def _l1(w: np.ndarray, lam: float) -> tuple[float, np.ndarray]:
    t = oracle.tensor(w, grad=True)
    penalty = lam * t.abs().sum()
    penalty.backward()
    return float(penalty.detach()), oracle.numpy(t.grad)


@oracle.memoised
def _l2(w: np.ndarray, lam: float) -> tuple[float, np.ndarray]:
    t = oracle.tensor(w, grad=True)
    penalty = lam / 2 * (t * t).sum()
    penalty.backward()
    return float(penalty.detach()), oracle.numpy(t.grad)


@oracle.memoised
def _sgd_step(w: np.ndarray, g: np.ndarray, lam: float, lr: float) -> np.ndarray:
    # torch.optim.sgd.sgd is the update that torch.optim.SGD.step runs on its parameters.
    # Constructing the SGD class instead would import torch._dynamo (several seconds on
    # first use), too slow for the public suite; the numbers are the same.
    param = oracle.tensor(w)
    torch_sgd_update = importlib.import_module("torch.optim.sgd").sgd
    torch_sgd_update(
        [param],
        [oracle.tensor(g)],
        [None],
        weight_decay=lam,
        momentum=0.0,
        lr=lr,
        dampening=0.0,
        nesterov=False,
        maximize=False,
        foreach=False,
    )
    return oracle.numpy(param)


def check_l1_penalty(impl: Implementation, case: Case) -> None:
    got = impl.call("l1_penalty", case["w"], case["lam"])
    expected, _ = _l1(case["w"], case["lam"])
    assert_number_close(got, expected, "l1_penalty")


def check_l1_penalty_grad(impl: Implementation, case: Case) -> None:
    got = impl.call("l1_penalty_grad", case["w"], case["lam"])
    _, expected = _l1(case["w"], case["lam"])
    assert_array_close(got, expected, "l1_penalty_grad")


def check_l2_penalty(impl: Implementation, case: Case) -> None:
    got = impl.call("l2_penalty", case["w"], case["lam"])
    expected, _ = _l2(case["w"], case["lam"])
    assert_number_close(got, expected, "l2_penalty")


def check_l2_penalty_grad(impl: Implementation, case: Case) -> None:
    got = impl.call("l2_penalty_grad", case["w"], case["lam"])
    _, expected = _l2(case["w"], case["lam"])
    assert_array_close(got, expected, "l2_penalty_grad")


def check_sgd_step(impl: Implementation, case: Case) -> None:
    w, g, lam, lr = case["w"], case["g"], case["lam"], case["lr"]
    grad = check_array(impl.call("l2_penalty_grad", w, lam), w.shape, "l2_penalty_grad")
    stepped = w - lr * (g + grad)
    assert_array_close(stepped, _sgd_step(w, g, lam, lr), "w - lr * (g + l2_penalty_grad(w, lam))")


def _check_unchanged(name: str):
    def check(impl: Implementation, case: Case) -> None:
        impl.call(name, case["w"], case["lam"])
        assert_inputs_unchanged(impl)

    check.__name__ = f"check_{name}_unchanged"
    return check


# Exact zeros (the kink of |w|, signed), lam = 0, and a mix of magnitudes.
KINK = {"w": np.array([0.0, -0.0, 2.0, -3.0]), "lam": 0.5}
NO_PENALTY = {"w": np.array([[1.5, -2.0], [0.0, 4.0]]), "lam": 0.0}
MIXED = {"w": np.array([1e-8, -1e5, 3.0, -1e-300]), "lam": 2.0}
SGD_STEP = {
    "w": np.array([1.0, -2.0, 0.0]),
    "lam": 0.1,
    "g": np.array([0.5, 0.5, -1.0]),
    "lr": 0.1,
}

UNCHANGED_HINT = Text(
    "w *= lam, w **= 2, np.abs(w, out=w) or w[w < 0] = ... write into the caller's weights. "
    "Build new arrays (lam * w, np.abs(w), w ** 2) instead.",
    "w *= lam, w **= 2, np.abs(w, out=w), w[w < 0] = ... 같은 연산은 호출한 쪽의 가중치를 "
    "바꿉니다. 대신 새 배열(lam * w, np.abs(w), w ** 2)을 만드세요.",
)
PENALTY_NUMBER = Text(
    "the result is one number (sum over all elements), not an array",
    "결과는 배열이 아니라 (모든 원소를 더한) 숫자 하나",
)


def _unchanged_property(name: str, examples: tuple[Case, ...]) -> Property:
    return Property(
        id=f"{name}_leaves_inputs_unchanged",
        points=1,
        functions=(name,),
        claim=Text(f"{name} does not modify w", f"{name} 함수가 w를 바꾸지 않는다"),
        hint=UNCHANGED_HINT,
        strategy=weights_and_lam(),
        check=_check_unchanged(name),
        max_examples=10,
        examples=examples,
    )


PROPERTIES = (
    Property(
        id="l1_penalty_matches_torch",
        points=2,
        functions=("l1_penalty",),
        claim=Text(
            f"l1_penalty(w, lam) equals lam * torch.abs(w).sum(): {PENALTY_NUMBER.en}",
            f"l1_penalty(w, lam)가 lam * torch.abs(w).sum()과 같다: {PENALTY_NUMBER.ko}",
        ),
        hint=Text(
            "L1 sums absolute values, not squares: lam * np.sum(np.abs(w)), one number "
            "for the whole array, scaled by lam.",
            "L1은 제곱이 아니라 절댓값을 더합니다: lam * np.sum(np.abs(w)). 배열 전체에 대해 숫자 "
            "하나이고, lam을 곱합니다.",
        ),
        strategy=weights_and_lam(),
        check=check_l1_penalty,
        max_examples=10,
        examples=(KINK, NO_PENALTY, MIXED),
    ),
    Property(
        id="l1_penalty_grad_matches_autograd",
        points=2,
        functions=("l1_penalty_grad",),
        claim=Text(
            "l1_penalty_grad equals PyTorch's autograd gradient of lam * |w|.sum(): "
            "lam * sign(w), and exactly 0 where w == 0",
            "l1_penalty_grad가 lam * |w|.sum()의 PyTorch autograd 기울기와 같다: "
            "lam * sign(w)이고, w == 0이면 정확히 0",
        ),
        hint=Text(
            "|w| has a kink at 0, where PyTorch uses the gradient 0. np.sign(w) already "
            "gives -1, 0 or +1; a mask like (w >= 0) * 2 - 1 wrongly gives +1 at w == 0. "
            "Multiply by lam.",
            "|w|는 0에서 꺾이며, PyTorch는 그 점의 기울기를 0으로 둡니다. np.sign(w)가 이미 "
            "-1, 0, +1을 줍니다. (w >= 0) * 2 - 1 같은 마스크는 w == 0에서 +1이 되어 틀립니다. "
            "lam을 곱하세요.",
        ),
        strategy=weights_and_lam(zeros=True),
        check=check_l1_penalty_grad,
        max_examples=10,
        examples=(KINK, NO_PENALTY, MIXED),
    ),
    Property(
        id="l2_penalty_matches_torch",
        points=2,
        functions=("l2_penalty",),
        claim=Text(
            f"l2_penalty(w, lam) equals lam / 2 * (w ** 2).sum(): {PENALTY_NUMBER.en}",
            f"l2_penalty(w, lam)가 lam / 2 * (w ** 2).sum()과 같다: {PENALTY_NUMBER.ko}",
        ),
        hint=Text(
            "The kit's L2 penalty has a factor 1/2, so that its gradient is exactly lam * w "
            "(SGD's weight_decay); and it is the squared norm (sum of squares), not the "
            "norm (no square root).",
            "이 키트의 L2 페널티에는 1/2이 붙어 있어서 기울기가 정확히 lam * w(SGD의 "
            "weight_decay)가 됩니다. 또 노름(제곱근)이 아니라 제곱 노름(제곱의 합)입니다.",
        ),
        strategy=weights_and_lam(),
        check=check_l2_penalty,
        max_examples=10,
        examples=(KINK, NO_PENALTY, MIXED),
    ),
    Property(
        id="l2_penalty_grad_matches_autograd",
        points=2,
        functions=("l2_penalty_grad",),
        claim=Text(
            "l2_penalty_grad equals PyTorch's autograd gradient of lam / 2 * (w ** 2).sum(), "
            "which is lam * w",
            "l2_penalty_grad가 lam / 2 * (w ** 2).sum()의 PyTorch autograd 기울기, 즉 "
            "lam * w와 같다",
        ),
        hint=Text(
            "d/dw of (lam / 2) * w**2 is lam * w: the 2 from the square cancels the 1/2. "
            "Writing 2 * lam * w forgets the 1/2 of the penalty.",
            "(lam / 2) * w**2를 w로 미분하면 lam * w입니다. 제곱에서 나온 2가 1/2과 약분됩니다. "
            "2 * lam * w는 페널티의 1/2을 잊은 것입니다.",
        ),
        strategy=weights_and_lam(),
        check=check_l2_penalty_grad,
        max_examples=10,
        examples=(KINK, NO_PENALTY, MIXED),
    ),
    Property(
        id="l2_penalty_grad_step_matches_sgd_weight_decay",
        points=2,
        functions=("l2_penalty_grad",),
        claim=Text(
            "one gradient step w - lr * (g + l2_penalty_grad(w, lam)) equals one step of "
            "torch.optim.SGD(params, lr=lr, weight_decay=lam) with gradient g",
            "경사 하강 한 번 w - lr * (g + l2_penalty_grad(w, lam))이 "
            "torch.optim.SGD(params, lr=lr, weight_decay=lam)에 기울기 g를 준 한 스텝과 같다",
        ),
        hint=Text(
            "SGD's weight_decay=lam adds lam * w to the data gradient before the step: "
            "that is exactly the gradient of (lam / 2) * sum(w**2). Return lam * w (not "
            "2 * lam * w, not lam alone).",
            "SGD의 weight_decay=lam은 스텝 전에 데이터 기울기에 lam * w를 더합니다. 이것이 바로 "
            "(lam / 2) * sum(w**2)의 기울기입니다. lam * w를 돌려주세요 (2 * lam * w도, lam만도 "
            "아님).",
        ),
        strategy=sgd_weight_decay_steps(),
        check=check_sgd_step,
        max_examples=15,
        examples=(SGD_STEP,),
    ),
    _unchanged_property("l1_penalty", (KINK,)),
    _unchanged_property("l1_penalty_grad", (KINK,)),
    _unchanged_property("l2_penalty", (KINK,)),
    _unchanged_property("l2_penalty_grad", (KINK,)),
)

TOPIC = Topic(
    name="regularization",
    position=70,
    title=Text("L1 and L2 regularization", "L1, L2 규제 (regularization)"),
    functions=FUNCTIONS,
    properties=PROPERTIES,
)
