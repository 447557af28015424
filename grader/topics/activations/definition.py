"""Activations: sigmoid, ReLU and tanh, forward and backward (course notes: 시그모이드, ReLU,
tanh, 기울기 소실)."""

from __future__ import annotations

import numpy as np

from grader.define import oracle
from grader.define.compare import (
    assert_array_close,
    assert_inputs_unchanged,
    assert_no_warnings,
    unpack,
)
from grader.define.i18n import Text
from grader.define.oracle import torch
from grader.define.spec import FunctionSpec, Property, Topic
from grader.define.strategies import array_and_grad, single_array

FUNCTIONS = (
    FunctionSpec(
        "sigmoid_forward",
        ("x",),
        Text(
            "out = 1 / (1 + exp(-x)), and a cache for the backward pass",
            "out = 1 / (1 + exp(-x))와 역전파용 cache",
        ),
        opaque_returns=(1,),
    ),
    FunctionSpec(
        "sigmoid_backward",
        ("dout", "cache"),
        Text("dx = dout * s * (1 - s)", "dx = dout * s * (1 - s)"),
        needs=("sigmoid_forward",),
    ),
    FunctionSpec(
        "relu_forward",
        ("x",),
        Text("out = max(0, x), and a cache", "out = max(0, x)와 cache"),
        opaque_returns=(1,),
    ),
    FunctionSpec(
        "relu_backward",
        ("dout", "cache"),
        Text(
            "dx = dout where x > 0, else 0 (also at x == 0)",
            "x > 0인 곳은 dx = dout, 나머지는 0 (x == 0에서도 0)",
        ),
        needs=("relu_forward",),
    ),
    FunctionSpec(
        "tanh_forward",
        ("x",),
        Text(
            "out = tanh(x) = (e^x - e^-x) / (e^x + e^-x), and a cache",
            "out = tanh(x) = (e^x - e^-x) / (e^x + e^-x)와 역전파용 cache",
        ),
        opaque_returns=(1,),
    ),
    FunctionSpec(
        "tanh_backward",
        ("dout", "cache"),
        Text("dx = dout * (1 - t**2), t = tanh(x)", "dx = dout * (1 - t**2), t = tanh(x)"),
        needs=("tanh_forward",),
    ),
)


@oracle.memoised
def _sigmoid(x: np.ndarray, dout: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    out, (dx,) = oracle.forward_backward(torch.sigmoid, [x], dout)
    return out, dx


@oracle.memoised
def _relu(x: np.ndarray, dout: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    out, (dx,) = oracle.forward_backward(torch.relu, [x], dout)
    return out, dx


@oracle.memoised
def _tanh(x: np.ndarray, dout: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    out, (dx,) = oracle.forward_backward(torch.tanh, [x], dout)
    return out, dx


def _forward(impl, name: str, x: np.ndarray):
    out, cache = unpack(impl.call(name, x), ("out", "cache"), name)
    return out, cache


def check_sigmoid_forward(impl, case) -> None:
    out, _ = _forward(impl, "sigmoid_forward", case["x"])
    expected, _ = _sigmoid(case["x"], np.zeros_like(case["x"]))
    assert_array_close(out, expected, "sigmoid_forward's out")


def check_sigmoid_no_warnings(impl, case) -> None:
    impl.call("sigmoid_forward", case["x"])
    assert_no_warnings(impl)


def check_sigmoid_forward_unchanged(impl, case) -> None:
    impl.call("sigmoid_forward", case["x"])
    assert_inputs_unchanged(impl)


def check_sigmoid_backward(impl, case) -> None:
    _, cache = _forward(impl, "sigmoid_forward", case["x"])
    dx = impl.call("sigmoid_backward", case["dout"], cache)
    _, expected = _sigmoid(case["x"], case["dout"])
    assert_array_close(dx, expected, "sigmoid_backward's dx")


def check_sigmoid_backward_unchanged(impl, case) -> None:
    _, cache = _forward(impl, "sigmoid_forward", case["x"])
    impl.call("sigmoid_backward", case["dout"], cache)
    assert_inputs_unchanged(impl)


def check_relu_forward(impl, case) -> None:
    out, _ = _forward(impl, "relu_forward", case["x"])
    expected, _ = _relu(case["x"], np.zeros_like(case["x"]))
    assert_array_close(out, expected, "relu_forward's out")


def check_relu_forward_unchanged(impl, case) -> None:
    impl.call("relu_forward", case["x"])
    assert_inputs_unchanged(impl)


def check_relu_backward(impl, case) -> None:
    _, cache = _forward(impl, "relu_forward", case["x"])
    dx = impl.call("relu_backward", case["dout"], cache)
    _, expected = _relu(case["x"], case["dout"])
    assert_array_close(dx, expected, "relu_backward's dx")


def check_relu_backward_unchanged(impl, case) -> None:
    _, cache = _forward(impl, "relu_forward", case["x"])
    impl.call("relu_backward", case["dout"], cache)
    assert_inputs_unchanged(impl)


def check_tanh_forward(impl, case) -> None:
    out, _ = _forward(impl, "tanh_forward", case["x"])
    expected, _ = _tanh(case["x"], np.zeros_like(case["x"]))
    assert_array_close(out, expected, "tanh_forward's out")


def check_tanh_no_warnings(impl, case) -> None:
    impl.call("tanh_forward", case["x"])
    assert_no_warnings(impl)


def check_tanh_forward_unchanged(impl, case) -> None:
    impl.call("tanh_forward", case["x"])
    assert_inputs_unchanged(impl)


def check_tanh_backward(impl, case) -> None:
    _, cache = _forward(impl, "tanh_forward", case["x"])
    dx = impl.call("tanh_backward", case["dout"], cache)
    _, expected = _tanh(case["x"], case["dout"])
    assert_array_close(dx, expected, "tanh_backward's dx")


def check_tanh_backward_unchanged(impl, case) -> None:
    _, cache = _forward(impl, "tanh_forward", case["x"])
    impl.call("tanh_backward", case["dout"], cache)
    assert_inputs_unchanged(impl)


KINKS = {"x": np.array([0.0, -0.0, 1.0, -1.0]), "dout": np.array([1.0, 2.0, 3.0, 4.0])}
SATURATED = {"x": np.array([-1000.0, -710.0, 0.0, 710.0, 1000.0]), "dout": np.ones(5)}
# tanh: e^x overflows past 709.78, e^(2x) past 354.9, 2x itself past 8.99e307; the moderate
# values show formulas off by a factor inside (tanh(x / 2)) or outside the function.
TANH_SATURATED = {
    "x": np.array([-1.7e308, -1000.0, -710.0, -400.0, -1.5, -0.5, 0.0, 0.5, 1.5, 400.0, 710.0]),
    "dout": np.array([1.0, -2.0, 0.5, 1.0, 2.0, 3.0, -1.0, 0.5, 1.0, 2.0, -1.0]),
}

UNCHANGED_HINT = Text(
    "Operations like x[x < 0] = 0, x *= ..., or np.maximum(x, 0, out=x) write into the "
    "caller's array. Build a new array instead.",
    "x[x < 0] = 0, x *= ..., np.maximum(x, 0, out=x) 같은 연산은 호출한 쪽의 배열을 "
    "바꿉니다. 새 배열을 만드세요.",
)

PROPERTIES = (
    Property(
        id="sigmoid_forward_matches_torch",
        points=2,
        functions=("sigmoid_forward",),
        claim=Text(
            "out equals torch.sigmoid(x) for every finite x, including huge |x|",
            "모든 유한한 x(아주 큰 |x| 포함)에서 out이 torch.sigmoid(x)와 같다",
        ),
        hint=Text(
            "exp(-x) overflows to inf for x < -709. Use the stable form: for x >= 0, "
            "1 / (1 + exp(-x)); for x < 0, exp(x) / (1 + exp(x)) (only exponentiate "
            "non-positive numbers).",
            "x < -709이면 exp(-x)가 inf로 넘칩니다(overflow). 안정적인 식을 쓰세요: "
            "x >= 0이면 1 / (1 + exp(-x)), x < 0이면 exp(x) / (1 + exp(x)) "
            "(0 이하의 수만 exp에 넣기).",
        ),
        strategy=single_array(),
        check=check_sigmoid_forward,
        examples=({"x": SATURATED["x"]},),
    ),
    Property(
        id="sigmoid_forward_is_warning_free",
        points=1,
        functions=("sigmoid_forward",),
        claim=Text(
            "sigmoid_forward emits no overflow (or other) NumPy warnings",
            "sigmoid_forward가 overflow 등 NumPy 경고를 내지 않는다",
        ),
        hint=Text(
            "np.exp(-x) warns 'overflow' for very negative x even when the final answer "
            "is right. Compute exp only of -|x| (np.exp(-np.abs(x))) and combine with np.where.",
            "최종 답이 맞아도 아주 작은 음수 x에서 np.exp(-x)는 overflow 경고를 냅니다. "
            "exp에는 -|x|만 넣고 (np.exp(-np.abs(x))) np.where로 합치세요.",
        ),
        strategy=single_array(),
        check=check_sigmoid_no_warnings,
        examples=({"x": SATURATED["x"]},),
    ),
    Property(
        id="sigmoid_forward_leaves_input_unchanged",
        points=1,
        functions=("sigmoid_forward",),
        claim=Text("sigmoid_forward does not modify x", "sigmoid_forward가 x를 바꾸지 않는다"),
        hint=UNCHANGED_HINT,
        strategy=single_array(),
        check=check_sigmoid_forward_unchanged,
        max_examples=10,
    ),
    Property(
        id="sigmoid_backward_matches_autograd",
        points=2,
        functions=("sigmoid_backward",),
        claim=Text(
            "dx equals PyTorch's autograd gradient of sigmoid, dout * s * (1 - s)",
            "dx가 PyTorch autograd의 sigmoid 기울기 dout * s * (1 - s)와 같다",
        ),
        hint=Text(
            "The derivative is s * (1 - s) with s = sigmoid(x) (at most 1/4), multiplied by "
            "dout. Keep s (not x) in the cache, and do not forget the factor dout.",
            "미분은 s = sigmoid(x)일 때 s * (1 - s)이고 (최대 1/4), 여기에 dout을 곱합니다. "
            "cache에는 s를 저장하고 dout을 곱하는 것을 잊지 마세요.",
        ),
        strategy=array_and_grad(),
        check=check_sigmoid_backward,
        examples=(SATURATED,),
    ),
    Property(
        id="sigmoid_backward_leaves_inputs_unchanged",
        points=1,
        functions=("sigmoid_backward",),
        claim=Text(
            "sigmoid_backward does not modify dout or the cache",
            "sigmoid_backward가 dout과 cache를 바꾸지 않는다",
        ),
        hint=UNCHANGED_HINT,
        strategy=array_and_grad(),
        check=check_sigmoid_backward_unchanged,
        max_examples=10,
    ),
    Property(
        id="relu_forward_matches_torch",
        points=2,
        functions=("relu_forward",),
        claim=Text(
            "out equals torch.relu(x): max(0, x) elementwise",
            "out이 torch.relu(x), 즉 원소별 max(0, x)와 같다",
        ),
        hint=Text(
            "ReLU keeps positive values and sets the rest to 0: np.maximum(x, 0), not "
            "np.max (which reduces the whole array to one number).",
            "ReLU는 양수는 그대로, 나머지는 0으로 만듭니다: np.maximum(x, 0)을 쓰세요. "
            "np.max는 배열 전체를 숫자 하나로 줄입니다.",
        ),
        strategy=single_array(),
        check=check_relu_forward,
        examples=({"x": KINKS["x"]},),
    ),
    Property(
        id="relu_forward_leaves_input_unchanged",
        points=1,
        functions=("relu_forward",),
        claim=Text("relu_forward does not modify x", "relu_forward가 x를 바꾸지 않는다"),
        hint=UNCHANGED_HINT,
        strategy=single_array(),
        check=check_relu_forward_unchanged,
        max_examples=10,
        examples=({"x": KINKS["x"]},),
    ),
    Property(
        id="relu_backward_matches_autograd",
        points=2,
        functions=("relu_backward",),
        claim=Text(
            "dx equals PyTorch's autograd gradient: dout where x > 0, and 0 where "
            "x <= 0 (including exactly x == 0)",
            "dx가 PyTorch autograd 기울기와 같다: x > 0이면 dout, x <= 0이면 0 (x == 0인 경우도 0)",
        ),
        hint=Text(
            "PyTorch's convention at the kink: the gradient at exactly x == 0 is 0, so "
            "use the mask (x > 0), not (x >= 0). And multiply by dout, not by x.",
            "꺾이는 점에서의 PyTorch 관례: x == 0에서 기울기는 0입니다. (x >= 0)이 아니라 "
            "(x > 0) 마스크를 쓰고, x가 아니라 dout을 곱하세요.",
        ),
        strategy=array_and_grad(),
        check=check_relu_backward,
        examples=(KINKS,),
    ),
    Property(
        id="relu_backward_leaves_inputs_unchanged",
        points=1,
        functions=("relu_backward",),
        claim=Text(
            "relu_backward does not modify dout or the cache",
            "relu_backward가 dout과 cache를 바꾸지 않는다",
        ),
        hint=UNCHANGED_HINT,
        strategy=array_and_grad(),
        check=check_relu_backward_unchanged,
        max_examples=10,
        examples=(KINKS,),
    ),
    Property(
        id="tanh_forward_matches_torch",
        points=2,
        functions=("tanh_forward",),
        claim=Text(
            "out equals torch.tanh(x) for every finite x, including huge |x|",
            "모든 유한한 x(아주 큰 |x| 포함)에서 out이 torch.tanh(x)와 같다",
        ),
        hint=Text(
            "(e^x - e^-x) / (e^x + e^-x) is inf / inf = nan once e^x or e^-x overflows "
            "(|x| > 709). Exponentiate only -|x|: with z = exp(-|x|)**2 (that is "
            "e^(-2|x|)), tanh(x) = sign(x) * (1 - z) / (1 + z). And mind the 2x in "
            "tanh(x) = 2 * sigmoid(2x) - 1: 2 * sigmoid(x) - 1 is tanh(x / 2).",
            "e^x나 e^-x가 넘치면(|x| > 709) (e^x - e^-x) / (e^x + e^-x)는 inf / inf = nan이 "
            "됩니다. exp에는 -|x|만 넣으세요: z = exp(-|x|)**2 (즉 e^(-2|x|))이면 tanh(x) = "
            "sign(x) * (1 - z) / (1 + z). 또 tanh(x) = 2 * sigmoid(2x) - 1에서 x가 아니라 "
            "2x입니다: 2 * sigmoid(x) - 1은 tanh(x / 2)입니다.",
        ),
        strategy=single_array(),
        check=check_tanh_forward,
        examples=({"x": TANH_SATURATED["x"]},),
    ),
    Property(
        id="tanh_forward_is_warning_free",
        points=1,
        functions=("tanh_forward",),
        claim=Text(
            "tanh_forward emits no overflow (or other) NumPy warnings",
            "tanh_forward가 overflow 등 NumPy 경고를 내지 않는다",
        ),
        hint=Text(
            "np.exp(x), np.exp(-x) and np.exp(2 * x) warn 'overflow' for large |x| even when "
            "the final answer is right (2 / (1 + inf) - 1 is -1, with a warning), and so "
            "does 2 * x itself for |x| > 9e307. Only exponentiate non-positive numbers, such "
            "as -np.abs(x) (square the result for e^(-2|x|)), or use np.tanh.",
            "최종 답이 맞아도 |x|가 크면 np.exp(x), np.exp(-x), np.exp(2 * x)는 overflow "
            "경고를 냅니다 (2 / (1 + inf) - 1은 -1이지만 경고가 납니다). |x| > 9e307이면 "
            "2 * x도 넘칩니다. exp에는 -np.abs(x)처럼 0 이하의 수만 넣거나 (e^(-2|x|)가 "
            "필요하면 결과를 제곱), np.tanh를 쓰세요.",
        ),
        strategy=single_array(),
        check=check_tanh_no_warnings,
        examples=({"x": TANH_SATURATED["x"]},),
    ),
    Property(
        id="tanh_forward_leaves_input_unchanged",
        points=1,
        functions=("tanh_forward",),
        claim=Text("tanh_forward does not modify x", "tanh_forward가 x를 바꾸지 않는다"),
        hint=UNCHANGED_HINT,
        strategy=single_array(),
        check=check_tanh_forward_unchanged,
        max_examples=10,
    ),
    Property(
        id="tanh_backward_matches_autograd",
        points=2,
        functions=("tanh_backward",),
        claim=Text(
            "dx equals PyTorch's autograd gradient of tanh, dout * (1 - t**2) with t = tanh(x)",
            "dx가 PyTorch autograd의 tanh 기울기 dout * (1 - t**2) (t = tanh(x))와 같다",
        ),
        hint=Text(
            "The derivative is 1 - t**2 with t = tanh(x), the forward's OUTPUT (not 1 - x**2, "
            "not 1 - t, not sigmoid's t * (1 - t)); it is 1 at x = 0 and at most 1. Keep t in "
            "the cache and multiply by dout.",
            "미분은 t = tanh(x), 즉 순전파의 출력으로 계산한 1 - t**2입니다 (1 - x**2도, "
            "1 - t도, 시그모이드의 t * (1 - t)도 아님). x = 0에서 1이고 1을 넘지 않습니다. "
            "cache에 t를 저장하고 dout을 곱하세요.",
        ),
        strategy=array_and_grad(),
        check=check_tanh_backward,
        examples=(TANH_SATURATED,),
    ),
    Property(
        id="tanh_backward_leaves_inputs_unchanged",
        points=1,
        functions=("tanh_backward",),
        claim=Text(
            "tanh_backward does not modify dout or the cache",
            "tanh_backward가 dout과 cache를 바꾸지 않는다",
        ),
        hint=UNCHANGED_HINT,
        strategy=array_and_grad(),
        check=check_tanh_backward_unchanged,
        max_examples=10,
        examples=(TANH_SATURATED,),
    ),
)

TOPIC = Topic(
    name="activations",
    position=10,
    title=Text("Activations: sigmoid, ReLU and tanh", "활성화 함수: 시그모이드, ReLU, tanh"),
    functions=FUNCTIONS,
    properties=PROPERTIES,
)
