"""The linear (fully connected) layer: forward, backward, parameter count (course notes:
fully connected, Dense layer의 Parameter 개수, 선형 계층).

The oracle is a real ``torch.nn.Linear`` in float64 whose ``weight`` and ``bias`` are set
to the case's w and b (copying w into ``weight`` also checks the (out_features,
in_features) layout): its output on x and autograd's gradients for x, weight and bias.
Parameter counts come from ``torch.nn.Linear`` built on the ``meta`` device (shapes
without memory, so the Keras lecture's 3-million-parameter layer costs nothing), or the
fact that PyTorch refuses to build it.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.define import oracle
from grader.define.compare import (
    PropertyFailure,
    assert_array_close,
    assert_inputs_unchanged,
    check_number,
    unpack,
)
from grader.define.i18n import Text
from grader.define.oracle import torch
from grader.define.spec import Case, FunctionSpec, Property, Topic
from grader.define.strategies import float_arrays, values
from grader.isolation.calls import RAISED, Implementation, StudentError

FUNCTIONS = (
    FunctionSpec(
        "linear_forward",
        ("x", "w", "b"),
        Text(
            "out = x @ w.T + b with w of shape (out_features, in_features), over any "
            "leading dimensions of x, and a cache",
            "w의 shape이 (out_features, in_features)일 때 out = x @ w.T + b (x의 앞쪽 차원은 "
            "몇 개든 그대로)와 역전파용 cache",
        ),
        opaque_returns=(1,),
    ),
    FunctionSpec(
        "linear_backward",
        ("dout", "cache"),
        Text(
            "dx = dout @ w; dw and db summed over every leading dimension",
            "dx = dout @ w; dw와 db는 앞쪽의 모든 차원에 대해 더한 값",
        ),
        needs=("linear_forward",),
    ),
    FunctionSpec(
        "linear_param_count",
        ("in_features", "out_features", "bias"),
        Text(
            "the number of parameters of torch.nn.Linear(in_features, out_features, bias)",
            "torch.nn.Linear(in_features, out_features, bias)의 파라미터 개수",
        ),
    ),
)


# --- inputs ----------------------------------------------------------------------------
# x has shape lead + (in_features,) with 0 to a few leading dimensions; w is square half
# of the time (in_features == out_features), where the (in, out) layout and a transposed
# gradient give wrong numbers instead of a shape error.  Values are moderate (matmul is
# linear: larger ones test nothing more, and sums of huge products would round
# differently in every correct order of summation).


@functools.cache
def _lead_shapes(max_lead: int, max_side: int) -> st.SearchStrategy[tuple[int, ...]]:
    return hnp.array_shapes(min_dims=0, max_dims=max_lead, min_side=1, max_side=max_side)


@functools.cache
def _features(max_features: int) -> st.SearchStrategy[int]:
    return st.integers(1, max_features)


@st.composite
def linear_inputs(
    draw: st.DrawFn,
    max_lead: int = 3,
    max_side: int = 3,
    max_features: int = 4,
    grad: bool = False,
) -> dict:
    """x (lead + (in,)), w (out, in), b (out,) and, when `grad`, dout (lead + (out,))."""
    lead = draw(_lead_shapes(max_lead, max_side))
    n_in = draw(_features(max_features))
    n_out = n_in if draw(st.booleans()) else draw(_features(max_features))
    elements = values(extreme=False)
    case = {
        "x": draw(float_arrays(lead + (n_in,), elements)),
        "w": draw(float_arrays((n_out, n_in), elements)),
        "b": draw(float_arrays((n_out,), elements)),
    }
    if grad:
        case["dout"] = draw(float_arrays(lead + (n_out,), elements))
    return case


@st.composite
def layer_sizes(
    draw: st.DrawFn, min_size: int = 0, max_size: int = 64, large: bool = False
) -> dict:
    """in_features and out_features PyTorch accepts (0 included unless min_size > 0), and
    bias: omitted (PyTorch's default, True) or passed as True or False."""
    sizes = st.integers(min_size, max_size)
    if large:  # the sizes of real networks' fully connected layers, and beyond
        real = st.sampled_from((512, 1000, 4096, 6272, 25088))
        sizes = st.one_of(sizes, real, st.integers(1, 10**6))
    case: dict = {"in_features": draw(sizes), "out_features": draw(sizes)}
    bias = draw(st.sampled_from((None, True, False)))
    if bias is not None:
        case["bias"] = bias
    return case


@st.composite
def negative_layer_sizes(draw: st.DrawFn) -> dict:
    """Sizes torch.nn.Linear refuses: in_features or out_features (or both) negative."""
    which = draw(st.sampled_from(("in", "out", "both")))
    negative = st.integers(-1000, -1)
    other = st.integers(0, 64)
    case: dict = {
        "in_features": draw(negative if which in ("in", "both") else other),
        "out_features": draw(negative if which in ("out", "both") else other),
    }
    bias = draw(st.sampled_from((None, True, False)))
    if bias is not None:
        case["bias"] = bias
    return case


# --- the oracle ------------------------------------------------------------------------


@oracle.memoised
def _linear(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, dout: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """torch.nn.Linear with weight w and bias b applied to x, and (given dout) autograd's
    gradients for x, weight and bias."""
    n_out, n_in = w.shape
    layer = torch.nn.Linear(n_in, n_out, dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(oracle.tensor(w))
        layer.bias.copy_(oracle.tensor(b))
    xt = oracle.tensor(x, grad=True)
    out = layer(xt)
    result = {"out": oracle.numpy(out)}
    if dout is not None:
        out.backward(oracle.tensor(dout))
        result["dx"] = oracle.numpy(xt.grad)
        result["dw"] = oracle.numpy(layer.weight.grad)
        result["db"] = oracle.numpy(layer.bias.grad)
    return result


@oracle.memoised
def _torch_param_count(in_features: int, out_features: int, **bias: bool) -> int | None:
    """sum(p.numel() for p in torch.nn.Linear(...).parameters()), None if PyTorch refuses;
    `bias` is passed only when the case passes it (PyTorch's own default otherwise)."""
    counts: list[int] = []

    def build() -> None:
        layer = torch.nn.Linear(in_features, out_features, device="meta", **bias)
        counts.append(sum(p.numel() for p in layer.parameters()))

    return None if oracle.refuses(build) else counts[0]


# --- checks ----------------------------------------------------------------------------


def _forward(impl: Implementation, case: Case) -> tuple[Any, Any]:
    return unpack(
        impl.call("linear_forward", case["x"], case["w"], case["b"]),
        ("out", "cache"),
        "linear_forward",
    )


def check_forward(impl: Implementation, case: Case) -> None:
    out, _ = _forward(impl, case)
    expected = _linear(case["x"], case["w"], case["b"])["out"]
    assert_array_close(out, expected, "linear_forward's out")


def check_forward_unchanged(impl: Implementation, case: Case) -> None:
    impl.call("linear_forward", case["x"], case["w"], case["b"])
    assert_inputs_unchanged(impl)


def _backward(impl: Implementation, case: Case) -> tuple[Any, ...]:
    _, cache = _forward(impl, case)
    return unpack(
        impl.call("linear_backward", case["dout"], cache), ("dx", "dw", "db"), "linear_backward"
    )


def _gradients(case: Case) -> dict[str, np.ndarray]:
    return _linear(case["x"], case["w"], case["b"], case["dout"])


def check_backward_dx(impl: Implementation, case: Case) -> None:
    dx, _, _ = _backward(impl, case)
    assert_array_close(dx, _gradients(case)["dx"], "linear_backward's dx")


def check_backward_dw(impl: Implementation, case: Case) -> None:
    _, dw, _ = _backward(impl, case)
    assert_array_close(dw, _gradients(case)["dw"], "linear_backward's dw")


def check_backward_db(impl: Implementation, case: Case) -> None:
    _, _, db = _backward(impl, case)
    assert_array_close(db, _gradients(case)["db"], "linear_backward's db")


def check_backward_unchanged(impl: Implementation, case: Case) -> None:
    _, cache = _forward(impl, case)
    impl.call("linear_backward", case["dout"], cache)
    assert_inputs_unchanged(impl)


def _count_args(case: Case) -> tuple[tuple[int, int], dict[str, bool]]:
    # bias goes by keyword and only when the case has it, so that a case without it
    # checks the function's default.
    kwargs = {"bias": case["bias"]} if "bias" in case else {}
    return (case["in_features"], case["out_features"]), kwargs


WRONG_COUNT = Text(
    "linear_param_count returned {got_value!r}, but torch.nn.Linear({layer}) has "
    "{want_value} parameters.",
    "linear_param_count의 결과는 {got_value!r}인데 torch.nn.Linear({layer})의 "
    "파라미터는 {want_value}개입니다.",
)
SHOULD_REFUSE = Text(
    "PyTorch refuses to build torch.nn.Linear({layer}) (a negative size), so "
    "linear_param_count should raise ValueError; it returned {got_value!r} instead.",
    "PyTorch는 음수 크기의 torch.nn.Linear({layer}) 계층을 만들지 않으므로 "
    "linear_param_count는 ValueError를 일으켜야 하는데 값을 돌려주었습니다 ({got_value!r}).",
)
WRONG_EXCEPTION = Text(
    "PyTorch refuses to build torch.nn.Linear({layer}) and linear_param_count did raise, "
    "but {exc_type} instead of ValueError. Check the sizes first and raise ValueError.",
    "PyTorch는 torch.nn.Linear({layer}) 계층을 만들지 않고 linear_param_count도 예외를 "
    "일으켰지만, ValueError가 아니라 {exc_type}입니다. 크기를 먼저 검사하고 ValueError를 "
    "일으키세요.",
)
NOT_AN_INT = Text(
    "linear_param_count should return a Python int, but it returned a value of type "
    "{kind}. Count with Python ints (or convert with int(...)).",
    "linear_param_count는 파이썬 int를 돌려주어야 하는데 {kind} 타입의 값을 돌려주었습니다. "
    "파이썬 int로 세거나 int(...)로 바꾸세요.",
)


def _layer(case: Case) -> str:
    args, kwargs = _count_args(case)
    return ", ".join([*(str(a) for a in args), *(f"bias={v}" for v in kwargs.values())])


def check_param_count(impl: Implementation, case: Case) -> None:
    """The student's count equals PyTorch's, or raises ValueError where PyTorch refuses."""
    args, kwargs = _count_args(case)
    expected = _torch_param_count(*args, **kwargs)
    if expected is None:
        try:
            got = impl.call("linear_param_count", *args, **kwargs)
        except StudentError as err:
            if err.kind == RAISED and err.exc_type == "ValueError":
                return
            if err.kind == RAISED:
                raise PropertyFailure(
                    WRONG_EXCEPTION, layer=_layer(case), exc_type=err.exc_type
                ) from None
            raise
        raise PropertyFailure(
            SHOULD_REFUSE, expected="ValueError", got=got, layer=_layer(case), got_value=got
        )
    got = impl.call("linear_param_count", *args, **kwargs)
    value = check_number(got, "linear_param_count's result")
    if value != expected:
        raise PropertyFailure(
            WRONG_COUNT,
            expected=expected,
            got=got,
            layer=_layer(case),
            got_value=got,
            want_value=expected,
        )


def check_param_count_returns_int(impl: Implementation, case: Case) -> None:
    args, kwargs = _count_args(case)
    got = impl.call("linear_param_count", *args, **kwargs)
    if type(got) is not int:
        kind = f"{type(got).__module__}.{type(got).__qualname__}".replace("builtins.", "")
        raise PropertyFailure(NOT_AN_INT, got=got, kind=kind)


# --- hand-picked inputs ----------------------------------------------------------------


def _arrays(**named: list) -> Case:
    return {k: np.array(v, dtype=np.float64) for k, v in named.items()}


# Square w (in == out == 2), not symmetric: x @ w and x @ w.T differ, with no shape error.
SQUARE = _arrays(
    x=[[1.0, 2.0], [-3.0, 0.5]],
    w=[[1.0, -2.0], [3.0, 0.5]],
    b=[0.5, -1.0],
    dout=[[1.0, -1.0], [2.0, 0.25]],
)
# One sample, no leading dimension (x of shape (in,)), square w.
SINGLE = _arrays(x=[2.0, -1.0], w=[[0.5, 2.0], [-1.0, 3.0]], b=[1.0, 2.0], dout=[-1.0, 3.0])
# Two leading dimensions (2, 1), square w: sums over axis 0 alone keep a wrong shape.
LEADING = _arrays(
    x=[[[1.0, -2.0]], [[0.5, 3.0]]],
    w=[[2.0, 1.0], [-1.0, 0.5]],
    b=[-0.5, 1.5],
    dout=[[[1.0, 2.0]], [[-3.0, 0.5]]],
)
# in_features 3, out_features 1 (a single output unit, as the lecture's binary classifier).
ONE_OUTPUT = _arrays(
    x=[[1.0, 0.0, -1.0], [2.0, 1.0, 0.5]], w=[[0.5, -1.0, 2.0]], b=[0.25], dout=[[1.0], [-2.0]]
)
# in_features 1, out_features 3.
ONE_INPUT = _arrays(
    x=[[2.0], [-1.0]],
    w=[[1.0], [-0.5], [3.0]],
    b=[0.0, 1.0, -1.0],
    dout=[[1.0, 2.0, 3.0], [0.5, -1.0, 0.0]],
)

GRAD_EXAMPLES = (SQUARE, SINGLE, LEADING, ONE_OUTPUT, ONE_INPUT)


def _without_dout(case: Case) -> Case:
    return {k: v for k, v in case.items() if k != "dout"}


FORWARD_EXAMPLES = tuple(_without_dout(c) for c in GRAD_EXAMPLES)

# Each with PyTorch's answer in a comment (the check asks PyTorch anyway).
COUNT_EXAMPLES = (
    {"in_features": 7 * 7 * 128, "out_features": 512},  # 3,211,776: the Keras lecture
    {"in_features": 3, "out_features": 4, "bias": False},  # 12
    {"in_features": 5, "out_features": 4, "bias": True},  # 24
    {"in_features": 0, "out_features": 5},  # 5: no weights, still 5 biases
    {"in_features": 5, "out_features": 0, "bias": True},  # 0
    {"in_features": 1, "out_features": 1},  # 2
)
COUNT_REFUSED = (
    {"in_features": -1, "out_features": 5},
    {"in_features": 5, "out_features": -1, "bias": False},
    {"in_features": -3, "out_features": -2},
    {"in_features": -1, "out_features": 0},
)


UNCHANGED_HINT = Text(
    "x -= ..., w.T[...] = ..., out=... or np.matmul(..., out=x) write into the caller's "
    "arrays (w.T is a view of w, not a copy). Compute new arrays instead.",
    "x -= ..., w.T[...] = ..., out=..., np.matmul(..., out=x) 같은 연산은 호출한 쪽의 "
    "배열을 바꿉니다 (w.T는 복사본이 아니라 w를 보는 view입니다). 새 배열을 만드세요.",
)
COUNT_HINT = Text(
    "The weight has in_features * out_features entries, and the bias one per OUTPUT "
    "(out_features more) when bias is True: (in_features + 1) * out_features, as the "
    "notes' Dense(512) on 7 x 7 x 128 inputs: (6272 + 1) * 512 = 3,211,776. Size 0 is "
    "allowed; a negative size raises ValueError.",
    "가중치는 in_features * out_features개, bias가 True이면 출력마다 하나씩 out_features개가 "
    "더 있습니다: (in_features + 1) * out_features. 강의 노트의 Dense(512)에 7 x 7 x 128 "
    "입력이면 (6272 + 1) * 512 = 3,211,776입니다. 크기 0은 허용하고, 음수 크기이면 "
    "ValueError를 일으킵니다.",
)

PROPERTIES = (
    Property(
        id="linear_forward_matches_torch",
        points=2,
        functions=("linear_forward",),
        claim=Text(
            "out equals torch.nn.Linear's output with weight w (out_features, in_features) "
            "and bias b: x @ w.T + b, with x's leading dimensions (none, one or several) kept",
            "out이 weight w (out_features, in_features)와 bias b를 넣은 torch.nn.Linear의 "
            "출력 x @ w.T + b와 같다 (x의 앞쪽 차원은 없든 하나든 여럿이든 그대로)",
        ),
        hint=Text(
            "PyTorch stores w as (out_features, in_features), so out = x @ w.T + b (not "
            "x @ w, CS231n's layout: with a square w that gives no shape error, only wrong "
            "numbers). Do not flatten x: np.matmul (@) already works on the last axis and "
            "keeps the leading ones, also for a single sample of shape (in_features,).",
            "PyTorch는 w를 (out_features, in_features)로 저장하므로 out = x @ w.T + b입니다 "
            "(CS231n 방식의 x @ w가 아님: w가 정사각 행렬이면 shape 오류 없이 값만 틀립니다). "
            "x를 펼치지 마세요: np.matmul(@)은 마지막 축에 작용하고 앞쪽 축은 그대로 두며, "
            "shape이 (in_features,)인 샘플 하나에도 그대로 됩니다.",
        ),
        strategy=linear_inputs(),
        check=check_forward,
        max_examples=15,
        examples=FORWARD_EXAMPLES,
    ),
    Property(
        id="linear_forward_leaves_inputs_unchanged",
        points=1,
        functions=("linear_forward",),
        claim=Text(
            "linear_forward modifies none of x, w, b",
            "linear_forward가 x, w, b를 바꾸지 않는다",
        ),
        hint=UNCHANGED_HINT,
        strategy=linear_inputs(),
        check=check_forward_unchanged,
        max_examples=8,
        examples=FORWARD_EXAMPLES[:1],
    ),
    Property(
        id="linear_backward_dx_matches_autograd",
        points=2,
        functions=("linear_backward",),
        claim=Text(
            "dx equals PyTorch's autograd gradient for x: dout @ w, with x's shape",
            "dx가 PyTorch autograd의 x 기울기 dout @ w와 같다 (shape은 x와 같음)",
        ),
        hint=Text(
            "out = x @ w.T, so dx = dout @ w (w as given, (out_features, in_features)); "
            "dout @ w.T belongs to the (in, out) layout and with a square w gives no shape "
            "error. dx has x's shape: keep (or restore) the leading dimensions.",
            "out = x @ w.T이므로 dx = dout @ w입니다 (w는 주어진 그대로, (out_features, "
            "in_features)). dout @ w.T는 (in, out) 배치의 식이고, w가 정사각 행렬이면 shape "
            "오류도 나지 않습니다. dx의 shape은 x와 같아야 합니다: 앞쪽 차원을 그대로 두거나 "
            "되돌리세요.",
        ),
        strategy=linear_inputs(grad=True),
        check=check_backward_dx,
        max_examples=15,
        examples=GRAD_EXAMPLES,
    ),
    Property(
        id="linear_backward_dw_matches_autograd",
        points=2,
        functions=("linear_backward",),
        claim=Text(
            "dw equals PyTorch's gradient for the weight: shape (out_features, in_features), "
            "the outer products dout[i] x[i] summed over every leading dimension",
            "dw가 PyTorch의 weight 기울기와 같다: shape (out_features, in_features), 앞쪽의 "
            "모든 차원에 대해 더한 outer(dout[i], x[i])",
        ),
        hint=Text(
            "Flatten the leading dimensions into rows, x2 = x.reshape(-1, in_features) and "
            "d2 = dout.reshape(-1, out_features), then dw = d2.T @ x2: shape (out, in) like "
            "w (x2.T @ d2 is its transpose, CS231n's layout). w is shared by every sample "
            "and position, so their contributions add up, whatever the number of leading "
            "dimensions (also none: dw = outer(dout, x)).",
            "앞쪽 차원을 행 하나로 펼쳐서 x2 = x.reshape(-1, in_features), d2 = "
            "dout.reshape(-1, out_features)로 두면 dw = d2.T @ x2이고, shape은 w와 같은 "
            "(out, in)입니다 (x2.T @ d2는 그 전치로 CS231n 방식). w는 모든 샘플과 위치가 "
            "공유하므로 앞쪽 차원이 몇 개든 (없어도: dw = outer(dout, x)) 기여를 모두 "
            "더합니다.",
        ),
        strategy=linear_inputs(grad=True),
        check=check_backward_dw,
        max_examples=15,
        examples=GRAD_EXAMPLES,
    ),
    Property(
        id="linear_backward_db_matches_autograd",
        points=2,
        functions=("linear_backward",),
        claim=Text(
            "db equals PyTorch's gradient for the bias: dout summed over every leading "
            "dimension, shape (out_features,)",
            "db가 PyTorch의 bias 기울기와 같다: 앞쪽의 모든 차원에 대해 더한 dout, shape "
            "(out_features,)",
        ),
        hint=Text(
            "b is added at every sample and position, so db sums dout over all leading "
            "dimensions: dout.reshape(-1, out_features).sum(axis=0). Not the mean, not "
            "axis 0 only (wrong with several leading dimensions or none).",
            "b는 모든 샘플과 위치에 더해지므로 db는 앞쪽의 모든 차원에 대해 dout을 더한 "
            "것입니다: dout.reshape(-1, out_features).sum(axis=0). 평균이 아니고, 0번 축만 "
            "더하는 것도 아닙니다 (앞쪽 차원이 여럿이거나 없으면 틀림).",
        ),
        strategy=linear_inputs(grad=True),
        check=check_backward_db,
        max_examples=15,
        examples=GRAD_EXAMPLES,
    ),
    Property(
        id="linear_backward_leaves_inputs_unchanged",
        points=1,
        functions=("linear_backward",),
        claim=Text(
            "linear_backward modifies neither dout nor the cache",
            "linear_backward가 dout과 cache를 바꾸지 않는다",
        ),
        hint=UNCHANGED_HINT,
        strategy=linear_inputs(grad=True),
        check=check_backward_unchanged,
        max_examples=8,
        examples=GRAD_EXAMPLES[:1],
    ),
    Property(
        id="linear_param_count_matches_torch",
        points=2,
        functions=("linear_param_count",),
        claim=Text(
            "the result equals the number of parameters of torch.nn.Linear(in_features, "
            "out_features, bias), with bias True by default and sizes of 0 allowed",
            "결과가 torch.nn.Linear(in_features, out_features, bias)의 파라미터 개수와 같다 "
            "(bias의 기본값은 True, 크기 0도 허용)",
        ),
        hint=COUNT_HINT,
        strategy=layer_sizes(),
        check=check_param_count,
        max_examples=15,
        examples=COUNT_EXAMPLES,
    ),
    Property(
        id="linear_param_count_returns_an_int",
        points=1,
        functions=("linear_param_count",),
        claim=Text(
            "linear_param_count returns a Python int",
            "linear_param_count가 파이썬 int를 돌려준다",
        ),
        hint=Text(
            "A count is a whole number: Python's * and + on ints give an int; np.prod "
            "gives a NumPy integer and / gives a float. Convert with int(...) if needed.",
            "개수는 정수입니다: int끼리 *와 +를 하면 int가 나오지만, np.prod는 NumPy 정수를, "
            "/는 float를 돌려줍니다. 필요하면 int(...)로 바꾸세요.",
        ),
        strategy=layer_sizes(min_size=1),
        check=check_param_count_returns_int,
        max_examples=5,
        examples=(COUNT_EXAMPLES[0], COUNT_EXAMPLES[1]),
    ),
    Property(
        id="linear_param_count_refuses_negative_sizes",
        points=1,
        functions=("linear_param_count",),
        claim=Text(
            "where torch.nn.Linear refuses the sizes (in_features or out_features "
            "negative), linear_param_count raises ValueError",
            "torch.nn.Linear가 거부하는 크기(in_features나 out_features가 음수)에서 "
            "linear_param_count가 ValueError를 일으킨다",
        ),
        hint=Text(
            "Check both sizes before counting: raise ValueError when in_features < 0 or "
            "out_features < 0 (a product of two negatives is positive and looks valid). "
            "0 is not an error: PyTorch builds an empty weight.",
            "세기 전에 두 크기를 모두 검사하세요: in_features < 0이거나 out_features < 0이면 "
            "ValueError를 일으킵니다 (음수 둘의 곱은 양수라 맞는 값처럼 보입니다). 0은 오류가 "
            "아닙니다: PyTorch는 빈 가중치를 만듭니다.",
        ),
        strategy=negative_layer_sizes(),
        check=check_param_count,
        max_examples=10,
        examples=COUNT_REFUSED,
    ),
)

TOPIC = Topic(
    name="linear",
    position=15,
    title=Text(
        "Linear (fully connected) layer", "선형 계층 (완전연결층, Fully Connected / Dense)"
    ),
    functions=FUNCTIONS,
    properties=PROPERTIES,
)
