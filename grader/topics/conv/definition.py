"""Convolution and pooling (course notes: 합성곱, 필터, stride, padding, pooling): output
sizes, then the layers themselves, forward and backward.

Sizes: the oracle builds a real ``torch.nn.Conv1d`` / ``torch.nn.MaxPool1d`` and runs it on
an input of length n: the output length it produces, or the fact that it refuses, is the
expected answer.  1-d modules suffice because Conv2d/MaxPool2d apply the same rule to each
spatial dimension independently.

Layers: ``torch.nn.functional.conv2d``, ``max_pool2d`` and ``avg_pool2d`` in float64, their
autograd gradients, their refusals, and the parameters of a ``torch.nn.Conv2d`` built on
the meta device (no memory, no initialisation).  Inputs stay small (N, C, F <= 4, H, W <= 9,
kernels <= 8 x 8, outputs of at most about 2,000 elements: a nested-loop implementation's
slowest call takes a few tens of milliseconds) so that a nested-loop implementation grades fast; the conventions
students get wrong are in the explicit examples: non-square kernels and strides, a stride
larger than the kernel, padding with a stride, windows that do not tile the input, exact
ties in max pooling, a single channel and a batch of one.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
from hypothesis import strategies as st

from grader.define import oracle
from grader.define.compare import (
    PropertyFailure,
    assert_array_close,
    assert_inputs_unchanged,
    check_number,
    describe,
    unpack,
)
from grader.define.i18n import Text
from grader.define.oracle import torch
from grader.define.spec import Case, FunctionSpec, Property, Topic
from grader.define.strategies import (
    conv_configs,
    invalid_conv_configs,
    invalid_pool_configs,
    pool_configs,
    pool_default_stride_configs,
    pool_floor_configs,
    pool_last_window_configs,
    pool_partial_window_configs,
)
from grader.isolation.calls import RAISED, Implementation, StudentError

FUNCTIONS = (
    FunctionSpec(
        "conv_output_size",
        ("n", "kernel_size", "stride", "padding", "dilation"),
        Text(
            "output length of torch.nn.Conv1d/Conv2d along one dimension",
            "torch.nn.Conv1d/Conv2d의 한 차원 출력 크기",
        ),
    ),
    FunctionSpec(
        "pool_output_size",
        ("n", "kernel_size", "stride", "padding", "dilation", "ceil_mode"),
        Text(
            "output length of torch.nn.MaxPool1d/MaxPool2d along one dimension",
            "torch.nn.MaxPool1d/MaxPool2d의 한 차원 출력 크기",
        ),
    ),
    FunctionSpec(
        "conv2d_forward",
        ("x", "w", "b", "stride", "padding"),
        Text(
            "out = F.conv2d(x, w, b, stride, padding) (cross-correlation), and a cache",
            "out = F.conv2d(x, w, b, stride, padding) (교차 상관)와 역전파용 cache",
        ),
        opaque_returns=(1,),
    ),
    FunctionSpec(
        "conv2d_backward",
        ("dout", "cache"),
        Text(
            "dx, dw, db: autograd's gradients through conv2d_forward",
            "conv2d_forward에 대한 autograd 기울기 dx, dw, db",
        ),
        needs=("conv2d_forward",),
    ),
    FunctionSpec(
        "max_pool2d_forward",
        ("x", "kernel_size", "stride"),
        Text(
            "out = F.max_pool2d(x, kernel_size, stride), and a cache",
            "out = F.max_pool2d(x, kernel_size, stride)와 역전파용 cache",
        ),
        opaque_returns=(1,),
    ),
    FunctionSpec(
        "max_pool2d_backward",
        ("dout", "cache"),
        Text(
            "dx: each window's gradient to its first maximum, summed where windows overlap",
            "dx: 각 창의 기울기를 첫 번째 최댓값에 보내고, 창이 겹치면 더함",
        ),
        needs=("max_pool2d_forward",),
    ),
    FunctionSpec(
        "avg_pool2d_forward",
        ("x", "kernel_size", "stride"),
        Text(
            "out = F.avg_pool2d(x, kernel_size, stride), and a cache",
            "out = F.avg_pool2d(x, kernel_size, stride)와 역전파용 cache",
        ),
        opaque_returns=(1,),
    ),
    FunctionSpec(
        "avg_pool2d_backward",
        ("dout", "cache"),
        Text(
            "dx: each window's gradient shared equally by its elements",
            "dx: 각 창의 기울기를 창의 원소들이 똑같이 나눠 받음",
        ),
        needs=("avg_pool2d_forward",),
    ),
    FunctionSpec(
        "conv2d_param_count",
        ("in_channels", "out_channels", "kernel_size", "bias"),
        Text(
            "the number of parameters of torch.nn.Conv2d",
            "torch.nn.Conv2d의 파라미터 개수",
        ),
    ),
)

_OPTIONAL = {
    "conv_output_size": ("stride", "padding", "dilation"),
    "pool_output_size": ("stride", "padding", "dilation", "ceil_mode"),
}


def _run_module(build: Any, n: int) -> int | None:
    """The output length of a real torch module on a length-n input, None if it refuses."""
    lengths: list[int] = []

    def run() -> None:
        module = build()
        lengths.append(int(module(torch.zeros(1, 1, n, dtype=torch.float64)).shape[-1]))

    return None if oracle.refuses(run) else lengths[0]


@oracle.memoised
def _torch_conv_length(
    n: int, kernel_size: int, stride: int = 1, padding: int = 0, dilation: int = 1
) -> int | None:
    return _run_module(
        # No bias and float64 from the start: the output length is the same, the
        # construction cheaper (the hidden suite builds about a thousand of these).
        lambda: torch.nn.Conv1d(
            1,
            1,
            kernel_size,
            stride=stride,
            padding=padding,
            dilation=dilation,
            bias=False,
            dtype=torch.float64,
        ),
        n,
    )


@oracle.memoised
def _torch_pool_length(
    n: int,
    kernel_size: int,
    stride: int | None = None,
    padding: int = 0,
    dilation: int = 1,
    ceil_mode: bool = False,
) -> int | None:
    return _run_module(
        lambda: torch.nn.MaxPool1d(
            kernel_size, stride=stride, padding=padding, dilation=dilation, ceil_mode=ceil_mode
        ),
        n,
    )


_REFERENCE = {"conv_output_size": _torch_conv_length, "pool_output_size": _torch_pool_length}


def _call(impl: Implementation, name: str, case: Case) -> Any:
    # Optional arguments go by keyword and only when the case has them, so that a case
    # without "stride" checks the function's default.
    kwargs = {key: case[key] for key in _OPTIONAL[name] if key in case}
    return impl.call(name, case["n"], case["kernel_size"], **kwargs)


def _expected(name: str, case: Case) -> int | None:
    kwargs = {key: case[key] for key in _OPTIONAL[name] if key in case}
    return _REFERENCE[name](case["n"], case["kernel_size"], **kwargs)


WRONG_SIZE = Text(
    "{function} returned {got_value!r}, but PyTorch's output length is {want_value}.",
    "{function} 함수가 돌려준 값은 {got_value!r}인데 PyTorch의 출력 크기는 {want_value}입니다.",
)
SHOULD_REFUSE = Text(
    "PyTorch refuses this configuration, so {function} should raise ValueError; "
    "it returned {got_value!r} instead.",
    "PyTorch는 이 설정을 거부하므로 {function} 함수는 ValueError를 일으켜야 하는데 "
    "{got_value!r} 값을 돌려주었습니다.",
)
WRONG_EXCEPTION = Text(
    "PyTorch refuses this configuration and {function} did raise, but {exc_type} instead "
    "of ValueError. Check the arguments first and raise ValueError with a clear message.",
    "PyTorch는 이 설정을 거부하고 {function}도 예외를 일으켰지만, ValueError가 아니라 "
    "{exc_type}입니다. 인자를 먼저 검사하고 알기 쉬운 메시지와 함께 ValueError를 일으키세요.",
)
NOT_AN_INT = Text(
    "{function} should return an int (a Python int or a NumPy integer), but it returned "
    "a value of type {kind}. Use // for floor division, or int(...), instead of / or np.floor.",
    "{function} 함수는 정수(int, 파이썬 int나 NumPy 정수)를 돌려주어야 하는데 {kind} 타입의 "
    "값을 돌려주었습니다. / 나 np.floor 대신 몫 연산 // 이나 int(...)를 쓰세요.",
)


def _check_size(name: str) -> Any:
    """A check: the student's answer equals PyTorch's length, or raises where PyTorch does."""

    def check(impl: Implementation, case: Case) -> None:
        expected = _expected(name, case)
        if expected is None:
            try:
                got = _call(impl, name, case)
            except StudentError as err:
                if err.kind == RAISED and err.exc_type == "ValueError":
                    return
                if err.kind == RAISED:
                    raise PropertyFailure(
                        WRONG_EXCEPTION, function=name, exc_type=err.exc_type
                    ) from None
                raise
            raise PropertyFailure(
                SHOULD_REFUSE, expected="ValueError", got=got, function=name, got_value=got
            )
        got = _call(impl, name, case)
        value = check_number(got, f"{name}'s result")
        if value != expected:
            raise PropertyFailure(
                WRONG_SIZE,
                expected=expected,
                got=got,
                function=name,
                got_value=got,
                want_value=expected,
            )

    check.__name__ = f"check_{name}"
    return check


def _check_returns_int(name: str) -> Any:
    def check(impl: Implementation, case: Case) -> None:
        got = _call(impl, name, case)
        if isinstance(got, bool) or not isinstance(got, (int, np.integer)):
            kind = f"{type(got).__module__}.{type(got).__qualname__}".replace("builtins.", "")
            raise PropertyFailure(NOT_AN_INT, got=got, function=name, kind=kind)

    check.__name__ = f"check_{name}_returns_int"
    return check


check_conv_output_size = _check_size("conv_output_size")
check_pool_output_size = _check_size("pool_output_size")
check_conv_output_size_returns_int = _check_returns_int("conv_output_size")
check_pool_output_size_returns_int = _check_returns_int("pool_output_size")

# Known edge cases, each with PyTorch's answer in a comment (the check asks PyTorch anyway).
CONV_EXAMPLES = (
    {"n": 32, "kernel_size": 5},  # 28: the course notes' formula, defaults
    # 9: padding on both sides (padding once gives 7, a forgotten +1 gives 8: the two
    # mistakes are told apart on this very input)
    {"n": 7, "kernel_size": 3, "padding": 2},
    {"n": 10, "kernel_size": 3, "dilation": 2},  # 6: the dilated kernel spans 5
    {"n": 8, "kernel_size": 3, "stride": 3},  # 2: floor(5 / 3) + 1, not round
    {"n": 2, "kernel_size": 3, "padding": 1},  # 2: kernel longer than n, fits padded
    {"n": 1, "kernel_size": 1},  # 1: the smallest case
)
CONV_REFUSED = (
    {"n": 5, "kernel_size": 0},
    {"n": 5, "kernel_size": 3, "stride": 0},
    {"n": 5, "kernel_size": 3, "padding": -1},
    {"n": 5, "kernel_size": 3, "dilation": 0},
    {"n": 4, "kernel_size": 7},
    # (2 - 3) / 3 truncates to 0 in C-style division, which would wrongly give length 1.
    {"n": 2, "kernel_size": 3, "stride": 3},
)
POOL_EXAMPLES = (
    {"n": 148, "kernel_size": 2, "stride": 2},  # 74: the course notes' MaxPooling(2, 2)
    {"n": 6, "kernel_size": 2},  # 3: stride defaults to kernel_size
    {"n": 5, "kernel_size": 2, "ceil_mode": True},  # 3: ceil keeps the partial window
    {"n": 5, "kernel_size": 2, "stride": 2, "padding": 1, "ceil_mode": True},  # 3, not 4
    {"n": 10, "kernel_size": 3, "stride": 1, "dilation": 2},  # 6: dilation
    {"n": 2, "kernel_size": 3, "padding": 1},  # 1
)
LAST_WINDOW = (
    {"n": 5, "kernel_size": 2, "stride": 2, "padding": 1, "ceil_mode": True},  # 3
    {"n": 1, "kernel_size": 2, "stride": 2, "padding": 1, "ceil_mode": True},  # 1
    {"n": 6, "kernel_size": 3, "stride": 4, "padding": 1, "ceil_mode": True},  # 2
    {"n": 2, "kernel_size": 1, "stride": 2, "ceil_mode": True},  # 1: even without padding
)
POOL_REFUSED = (
    {"n": 5, "kernel_size": 3, "padding": 2},  # padding above kernel_size / 2
    {"n": 5, "kernel_size": 0},
    {"n": 5, "kernel_size": 2, "stride": 0},
    {"n": 5, "kernel_size": 2, "padding": -1},
    {"n": 5, "kernel_size": 2, "dilation": 0},
    {"n": 2, "kernel_size": 3},  # output length 0; C-style division would give 1
)

INT_HINT = Text(
    "Sizes are whole numbers: // floors for you and keeps an int, while / and np.floor "
    "give floats.",
    "크기는 정수입니다: //는 소수점을 버리면서 int를 유지하지만, /와 np.floor는 float를 "
    "돌려줍니다.",
)

PROPERTIES = (
    Property(
        id="conv_output_size_matches_torch",
        points=2,
        functions=("conv_output_size",),
        claim=Text(
            "on every configuration torch.nn.Conv1d accepts, the result is the length "
            "of its output",
            "torch.nn.Conv1d가 받아들이는 모든 설정에서 결과가 실제 출력 길이와 같다",
        ),
        hint=Text(
            "floor((n + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1: padding "
            "is added on both sides, a dilated kernel spans dilation*(kernel_size-1)+1 "
            "elements, the fraction is dropped (floor, not round), and do not forget the +1.",
            "floor((n + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1입니다. "
            "padding은 양쪽에 붙고, dilation이 있으면 커널이 dilation*(kernel_size-1)+1칸을 "
            "차지하며, stride로 나눌 때 소수점은 버리고(반올림 아님) 1을 더합니다.",
        ),
        strategy=conv_configs(),
        check=check_conv_output_size,
        max_examples=20,
        examples=CONV_EXAMPLES,
    ),
    Property(
        id="conv_output_size_returns_an_int",
        points=1,
        functions=("conv_output_size",),
        claim=Text(
            "conv_output_size returns an int, not a float",
            "conv_output_size가 float가 아니라 int를 돌려준다",
        ),
        hint=INT_HINT,
        strategy=conv_configs(),
        check=check_conv_output_size_returns_int,
        max_examples=10,
        examples=CONV_EXAMPLES[:2],
    ),
    Property(
        id="conv_output_size_refuses_like_torch",
        points=1,
        functions=("conv_output_size",),
        claim=Text(
            "where torch.nn.Conv1d refuses the configuration (kernel_size, stride or "
            "dilation < 1, padding < 0, or a kernel longer than the padded input), "
            "conv_output_size raises ValueError",
            "torch.nn.Conv1d가 거부하는 설정(kernel_size, stride, dilation이 1보다 작음, "
            "padding이 음수, 패딩한 입력보다 긴 커널)에서 conv_output_size가 ValueError를 "
            "일으킨다",
        ),
        hint=Text(
            "Validate before computing: raise ValueError when kernel_size, stride or "
            "dilation is below 1, padding is negative, or n + 2*padding is shorter than "
            "the dilated kernel. Beware: int() of a negative fraction rounds towards 0, so "
            "int(-1/3) + 1 == 1 looks valid; // floors to -1.",
            "계산 전에 검사하세요: kernel_size, stride, dilation이 1보다 작거나, padding이 "
            "음수이거나, n + 2*padding이 dilation을 적용한 커널보다 짧으면 ValueError를 "
            "일으킵니다. 주의: 음수 분수에 int()를 쓰면 0 쪽으로 잘려 int(-1/3) + 1 == 1이 "
            "되어 유효해 보입니다. //는 -1로 내림합니다.",
        ),
        strategy=invalid_conv_configs(),
        check=check_conv_output_size,
        max_examples=15,
        examples=CONV_REFUSED,
    ),
    Property(
        id="pool_output_size_matches_torch",
        points=2,
        functions=("pool_output_size",),
        claim=Text(
            "on every configuration torch.nn.MaxPool1d accepts (ceil_mode on or off), "
            "the result is the length of its output",
            "torch.nn.MaxPool1d가 받아들이는 모든 설정(ceil_mode 켜고 끔)에서 결과가 실제 "
            "출력 길이와 같다",
        ),
        hint=Text(
            "Same formula as convolution, floor((n + 2*padding - dilation*(kernel_size-1) "
            "- 1) / stride) + 1, with ceil instead of floor only when ceil_mode=True; the "
            "stride defaults to kernel_size.",
            "합성곱과 같은 식 floor((n + 2*padding - dilation*(kernel_size-1) - 1) / stride) "
            "+ 1이고, ceil_mode=True일 때만 floor 대신 ceil을 씁니다. stride의 기본값은 "
            "kernel_size입니다.",
        ),
        strategy=pool_configs(),
        check=check_pool_output_size,
        max_examples=20,
        examples=POOL_EXAMPLES,
    ),
    Property(
        id="pool_output_size_default_stride_is_kernel_size",
        points=1,
        functions=("pool_output_size",),
        claim=Text(
            "when stride is not given, pooling windows do not overlap: stride defaults to "
            "kernel_size, as in torch.nn.MaxPool1d",
            "stride를 주지 않으면 풀링 창이 겹치지 않는다: torch.nn.MaxPool1d처럼 stride의 "
            "기본값은 kernel_size다",
        ),
        hint=Text(
            "Unlike Conv2d (stride=1), MaxPool2d's stride=None means stride = kernel_size. "
            "Replace None by kernel_size before using the formula.",
            "Conv2d(stride=1)와 달리 MaxPool2d의 stride=None은 stride = kernel_size라는 "
            "뜻입니다. 식에 넣기 전에 None을 kernel_size로 바꾸세요.",
        ),
        strategy=pool_default_stride_configs(),
        check=check_pool_output_size,
        max_examples=10,
        examples=POOL_EXAMPLES[:2],
    ),
    Property(
        id="pool_output_size_floors_without_ceil_mode",
        points=1,
        functions=("pool_output_size",),
        claim=Text(
            "with ceil_mode=False (the default), a last window that does not fit is dropped "
            "(the division is rounded down, as for convolution)",
            "ceil_mode=False(기본값)이면 다 들어가지 않는 마지막 창은 버린다 (합성곱처럼 "
            "나눗셈을 내림한다)",
        ),
        hint=Text(
            "Round up only when ceil_mode is True; by default pooling floors exactly like "
            "convolution: (n + 2*padding - dilation*(kernel_size-1) - 1) // stride + 1.",
            "올림은 ceil_mode가 True일 때만 합니다. 기본값에서는 풀링도 합성곱과 똑같이 "
            "내림합니다: (n + 2*padding - dilation*(kernel_size-1) - 1) // stride + 1.",
        ),
        strategy=pool_floor_configs(),
        check=check_pool_output_size,
        max_examples=10,
        examples=(
            {"n": 5, "kernel_size": 2, "stride": 2},  # 2
            {"n": 7, "kernel_size": 3, "stride": 2, "ceil_mode": False},  # 3
        ),
    ),
    Property(
        id="pool_output_size_ceil_mode_keeps_partial_window",
        points=1,
        functions=("pool_output_size",),
        claim=Text(
            "with ceil_mode=True, a last window that sticks out past the end still counts "
            "(the division is rounded up)",
            "ceil_mode=True이면 끝을 넘어 삐져나온 마지막 창도 센다 (나눗셈을 올림한다)",
        ),
        hint=Text(
            "ceil_mode=True rounds the division up instead of down: use -(-a // b) or "
            "(a + b - 1) // b for integer ceiling, only in ceil mode.",
            "ceil_mode=True이면 나눗셈을 내림 대신 올림합니다. 정수 올림은 -(-a // b)나 "
            "(a + b - 1) // b로 구하고, ceil mode에서만 쓰세요.",
        ),
        strategy=pool_partial_window_configs(),
        check=check_pool_output_size,
        max_examples=10,
        examples=(
            {"n": 5, "kernel_size": 2, "stride": 2, "ceil_mode": True},  # 3
            {"n": 8, "kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True},  # 5
        ),
    ),
    Property(
        id="pool_output_size_ceil_mode_drops_window_starting_in_padding",
        points=1,
        functions=("pool_output_size",),
        claim=Text(
            "with ceil_mode=True, PyTorch drops a last window that would start in the right "
            "padding or past it (a window must start inside the input or the left padding)",
            "ceil_mode=True에서 PyTorch는 오른쪽 padding이나 그 너머에서 시작하는 마지막 창을 "
            "버린다 (창은 입력이나 왼쪽 padding 안에서 시작해야 한다)",
        ),
        hint=Text(
            "After rounding up, PyTorch checks the last window: if (out - 1) * stride >= "
            "n + padding, it would start after the input (in the right padding or past it), "
            "so out is reduced by 1. This can happen even with padding=0 when stride > "
            "kernel_size.",
            "올림한 뒤 PyTorch는 마지막 창을 검사합니다: (out - 1) * stride >= n + padding이면 "
            "그 창은 입력이 끝난 뒤(오른쪽 padding이나 그 너머)에서 시작하므로 out에서 1을 "
            "뺍니다. stride > kernel_size이면 padding=0이어도 생길 수 있습니다.",
        ),
        strategy=pool_last_window_configs(),
        check=check_pool_output_size,
        max_examples=10,
        examples=LAST_WINDOW,
    ),
    Property(
        id="pool_output_size_returns_an_int",
        points=1,
        functions=("pool_output_size",),
        claim=Text(
            "pool_output_size returns an int, not a float",
            "pool_output_size가 float가 아니라 int를 돌려준다",
        ),
        hint=INT_HINT,
        strategy=pool_configs(),
        check=check_pool_output_size_returns_int,
        max_examples=10,
        examples=POOL_EXAMPLES[1:3],
    ),
    Property(
        id="pool_output_size_refuses_like_torch",
        points=1,
        functions=("pool_output_size",),
        claim=Text(
            "where torch.nn.MaxPool1d refuses the configuration (kernel_size, stride or "
            "dilation < 1, padding < 0 or above kernel_size / 2, or an output shorter than "
            "1), pool_output_size raises ValueError",
            "torch.nn.MaxPool1d가 거부하는 설정(kernel_size, stride, dilation이 1보다 작음, "
            "padding이 음수이거나 kernel_size / 2보다 큼, 출력 길이가 1보다 작음)에서 "
            "pool_output_size가 ValueError를 일으킨다",
        ),
        hint=Text(
            "MaxPool refuses padding > kernel_size / 2 (padding only pads, it must not "
            "create windows of pure padding), non-positive kernel_size/stride/dilation, and "
            "an output length below 1; compute with // (floor), not int(a / b), which "
            "rounds negative fractions up to 0.",
            "MaxPool은 padding > kernel_size / 2 (padding만으로 된 창이 생기면 안 됨), 0 이하인 "
            "kernel_size/stride/dilation, 1보다 작은 출력 길이를 거부합니다. 음수 분수를 0 "
            "쪽으로 올리는 int(a / b) 대신 //(내림)로 계산하세요.",
        ),
        strategy=invalid_pool_configs(),
        check=check_pool_output_size,
        max_examples=15,
        examples=POOL_REFUSED,
    ),
)


# --- conv and pooling layers -------------------------------------------------------------
# A conv case holds x (N, C, H, W), w (F, C, KH, KW), b (F,), and stride / padding only
# when it passes them (an int, or an (h, w) pair): a missing key checks the default.
# Backward cases also hold dout, shaped like PyTorch's output.  A pooling case holds x,
# kernel_size and, when it passes it, stride.  Sizes stay small (below) so that a
# nested-loop implementation, one Python iteration per output element, grades fast.


@functools.cache
def layer_array(shape: tuple[int, ...], ties: bool = False) -> st.SearchStrategy[np.ndarray]:
    """Float64 arrays of `shape`: integers in [-3, 3] (exact sums, and many ties in max
    pooling) or uniform floats in [-10, 10]; with `ties`, integers in [-1, 1] only.

    Each array comes from one drawn seed: drawing every element with Hypothesis made
    drawing most of the conv topic's time in ``pytest exercises/`` (0.9 s for one
    property).  The shapes are still drawn (and shrunk) dimension by dimension.
    """
    low, high = (-1, 1) if ties else (-3, 3)

    def integers(seed: int) -> np.ndarray:
        rng = np.random.default_rng(seed)
        return rng.integers(low, high + 1, size=shape).astype(np.float64)

    def floats(seed: int) -> np.ndarray:
        return np.random.default_rng(seed).uniform(-10.0, 10.0, size=shape)

    seeds = st.integers(0, 2**32 - 1)
    return seeds.map(integers) if ties else st.one_of(seeds.map(integers), seeds.map(floats))


def _int_or_pair(draw: st.DrawFn, h: int, w: int) -> int | tuple[int, int]:
    """(h, w) as given to PyTorch: an int when both are equal (or, by a coin, the pair)."""
    if h == w and draw(st.booleans()):
        return h
    return (h, w)


def _put(draw: st.DrawFn, case: Case, name: str, h: int, w: int, default: int) -> None:
    """Set case[name], except that a coin may leave out a value equal to the default."""
    if h == w == default and draw(st.booleans()):
        return
    case[name] = _int_or_pair(draw, h, w)


def _pair_of(value: int | tuple[int, int]) -> tuple[int, int]:
    return (value, value) if isinstance(value, int) else (value[0], value[1])


@st.composite
def conv_layer_cases(
    draw: st.DrawFn,
    max_n: int = 2,
    max_c: int = 3,
    max_f: int = 3,
    max_side: int = 6,
    max_kernel: int = 3,
    max_stride: int = 3,
    max_padding: int = 2,
    grad: bool = False,
    min_n: int = 1,
) -> Case:
    """Inputs torch.nn.functional.conv2d accepts (and dout for the backward)."""
    n = draw(st.integers(min_n, max_n))
    c = draw(st.integers(1, max_c))
    f = draw(st.integers(1, max_f))
    kh = draw(st.integers(1, max_kernel))
    kw = draw(st.one_of(st.just(kh), st.integers(1, max_kernel)))
    sh = draw(st.integers(1, max_stride))
    sw = draw(st.one_of(st.just(sh), st.integers(1, max_stride)))
    ph = draw(st.integers(0, max_padding))
    pw = draw(st.one_of(st.just(ph), st.integers(0, max_padding)))
    h = draw(st.integers(max(1, kh - 2 * ph), max(max_side, kh)))
    wd = draw(st.integers(max(1, kw - 2 * pw), max(max_side, kw)))
    case: Case = {
        "x": draw(layer_array((n, c, h, wd))),
        "w": draw(layer_array((f, c, kh, kw))),
        "b": draw(layer_array((f,))),
    }
    _put(draw, case, "stride", sh, sw, 1)
    _put(draw, case, "padding", ph, pw, 0)
    if grad:
        oh = (h + 2 * ph - kh) // sh + 1
        ow = (wd + 2 * pw - kw) // sw + 1
        case["dout"] = draw(layer_array((n, f, oh, ow)))
    return case


@st.composite
def invalid_conv_layer_cases(draw: st.DrawFn) -> Case:
    """Inputs F.conv2d refuses: channels that differ (also where NumPy would broadcast a
    single channel), a kernel larger than the padded input in one direction or both, a
    stride below 1 or a negative padding (in one direction or both)."""
    kind = draw(st.sampled_from(("channels", "too_big", "stride", "padding")))
    n, c, f = draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 2))
    h, wd = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    kh, kw = draw(st.integers(1, h)), draw(st.integers(1, wd))
    stride = draw(st.integers(1, 3))
    padding = draw(st.integers(0, 1))
    c_w = c
    if kind == "channels":
        c_w = draw(st.integers(1, 3).filter(lambda v: v != c))
    elif kind == "too_big":
        padding = 0
        kh = h + draw(st.integers(0, 2)) + draw(st.booleans())
        kw = wd + draw(st.integers(1, 2)) if kh == h else draw(st.integers(1, wd + 2))
    elif kind == "stride":
        bad = draw(st.integers(-2, 0))
        stride = draw(st.sampled_from((bad, (bad, stride), (stride, bad))))
    else:
        bad = draw(st.integers(-2, -1))
        padding = draw(st.sampled_from((bad, (bad, padding), (padding, bad))))
    return {
        "x": draw(layer_array((n, c, h, wd))),
        "w": draw(layer_array((f, c_w, kh, kw))),
        "b": draw(layer_array((f,))),
        "stride": stride,
        "padding": padding,
    }


@st.composite
def pool_layer_cases(
    draw: st.DrawFn,
    max_n: int = 2,
    max_c: int = 3,
    max_side: int = 6,
    max_kernel: int = 3,
    max_stride: int = 3,
    grad: bool = False,
    ties: bool = False,
    overlap: bool = False,
) -> Case:
    """Inputs F.max_pool2d / avg_pool2d accept; with `ties`, values in {-1, 0, 1} (many
    tied maxima); with `overlap`, a stride smaller than the kernel in some direction."""
    n, c = draw(st.integers(1, max_n)), draw(st.integers(1, max_c))
    low = 2 if overlap else 1
    h = draw(st.integers(low, max_side))
    wd = draw(st.integers(1, max_side))
    kh = draw(st.integers(low, min(h, max_kernel)))
    kw = draw(st.one_of(st.just(min(kh, wd)), st.integers(1, min(wd, max_kernel))))
    case: Case = {
        "x": draw(layer_array((n, c, h, wd), ties)),
        "kernel_size": _int_or_pair(draw, kh, kw),
    }
    if overlap:
        sh = draw(st.integers(1, kh - 1))
        sw = draw(st.one_of(st.just(sh), st.integers(1, max_stride)))
        case["stride"] = _int_or_pair(draw, sh, sw)
    elif draw(st.booleans()):
        sh = draw(st.integers(1, max_stride))
        sw = draw(st.one_of(st.just(sh), st.integers(1, max_stride)))
        case["stride"] = _int_or_pair(draw, sh, sw)
    if grad:
        sh, sw = _pair_of(case.get("stride", (kh, kw)))
        shape = (n, c, (h - kh) // sh + 1, (wd - kw) // sw + 1)
        case["dout"] = draw(layer_array(shape))
    return case


@st.composite
def invalid_pool_layer_cases(draw: st.DrawFn) -> Case:
    """Inputs F.max_pool2d and avg_pool2d refuse: a window larger than the input in one
    direction or both ("Output size is too small"), a kernel_size or stride below 1."""
    kind = draw(st.sampled_from(("too_big", "too_big", "kernel", "stride")))
    h, wd = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    kh, kw = draw(st.integers(1, h)), draw(st.integers(1, wd))
    case: Case = {"x": draw(layer_array((1, draw(st.integers(1, 2)), h, wd)))}
    if kind == "too_big":
        if draw(st.booleans()):
            kh = h + draw(st.integers(1, 2))
        else:
            kw = wd + draw(st.integers(1, 2))
        case["kernel_size"] = _int_or_pair(draw, kh, kw)
    elif kind == "kernel":
        bad = draw(st.integers(-1, 0))
        case["kernel_size"] = draw(st.sampled_from((bad, (bad, kw), (kh, bad))))
        case["stride"] = 1
    else:
        bad = draw(st.integers(-1, 0))
        case["kernel_size"] = _int_or_pair(draw, kh, kw)
        case["stride"] = draw(st.sampled_from((bad, (bad, 1), (1, bad))))
    return case


@st.composite
def conv_param_cases(draw: st.DrawFn) -> Case:
    """Layer shapes from tiny to VGG-sized; bias left out (its default), True or False."""
    channels = st.one_of(st.integers(1, 8), st.sampled_from((3, 16, 32, 64, 128, 512)))
    kh = draw(st.integers(1, 7))
    case: Case = {
        "in_channels": draw(channels),
        "out_channels": draw(channels),
        "kernel_size": _int_or_pair(draw, kh, draw(st.one_of(st.just(kh), st.integers(1, 7)))),
    }
    bias = draw(st.sampled_from((None, True, False)))
    if bias is not None:
        case["bias"] = bias
    return case


# --- the oracle for the layers ---------------------------------------------------------


@oracle.memoised
def _torch_conv2d(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray,
    stride: Any = 1,
    padding: Any = 0,
    dout: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """F.conv2d's output and (given dout) autograd's gradients for x, w and b."""
    xt, wt, bt = (
        oracle.tensor(x, grad=True),
        oracle.tensor(w, grad=True),
        oracle.tensor(b, grad=True),
    )
    out = torch.nn.functional.conv2d(xt, wt, bt, stride=stride, padding=padding)
    result = {"out": oracle.numpy(out)}
    if dout is not None:
        out.backward(oracle.tensor(dout))
        result.update(dx=oracle.numpy(xt.grad), dw=oracle.numpy(wt.grad), db=oracle.numpy(bt.grad))
    return result


@oracle.memoised
def _torch_pool2d(
    kind: str, x: np.ndarray, kernel_size: Any, stride: Any = None, dout: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """F.max_pool2d's or F.avg_pool2d's output and (given dout) autograd's dx."""
    pool = torch.nn.functional.max_pool2d if kind == "max" else torch.nn.functional.avg_pool2d
    xt = oracle.tensor(x, grad=True)
    out = pool(xt, kernel_size, stride)
    result = {"out": oracle.numpy(out)}
    if dout is not None:
        out.backward(oracle.tensor(dout))
        result["dx"] = oracle.numpy(xt.grad)
    return result


@oracle.memoised
def _torch_refuses_conv2d(
    x_shape: tuple[int, ...],
    w_shape: tuple[int, ...],
    b_shape: tuple[int, ...],
    stride: Any,
    padding: Any,
) -> bool:
    def zeros(shape: tuple[int, ...]) -> Any:
        return torch.zeros(shape, dtype=torch.float64)

    return oracle.refuses(
        lambda: torch.nn.functional.conv2d(
            zeros(x_shape), zeros(w_shape), zeros(b_shape), stride=stride, padding=padding
        )
    )


@oracle.memoised
def _torch_refuses_pool2d(
    kind: str, x_shape: tuple[int, ...], kernel_size: Any, stride: Any
) -> bool:
    pool = torch.nn.functional.max_pool2d if kind == "max" else torch.nn.functional.avg_pool2d
    return oracle.refuses(
        lambda: pool(torch.zeros(x_shape, dtype=torch.float64), kernel_size, stride)
    )


@oracle.memoised
def _torch_conv2d_params(in_channels: int, out_channels: int, kernel_size: Any, bias: bool) -> int:
    module = torch.nn.Conv2d(in_channels, out_channels, kernel_size, bias=bias, device="meta")
    return int(sum(p.numel() for p in module.parameters()))


# --- checks for the layers -----------------------------------------------------------------

_CONV_OPTIONAL = ("stride", "padding")


def _conv_kwargs(case: Case) -> dict[str, Any]:
    return {key: case[key] for key in _CONV_OPTIONAL if key in case}


def _conv_reference(case: Case, grad: bool = False) -> dict[str, np.ndarray]:
    return _torch_conv2d(
        case["x"], case["w"], case["b"], dout=case["dout"] if grad else None, **_conv_kwargs(case)
    )


def _conv_forward(impl: Implementation, case: Case, explicit: bool = False) -> tuple:
    """Call conv2d_forward; with `explicit`, stride and padding always passed (a backward's
    check must not depend on the forward's defaults)."""
    kwargs = _conv_kwargs(case)
    if explicit:
        kwargs = {"stride": case.get("stride", 1), "padding": case.get("padding", 0)}
    value = impl.call("conv2d_forward", case["x"], case["w"], case["b"], **kwargs)
    return unpack(value, ("out", "cache"), "conv2d_forward")


def check_conv2d_forward(impl: Implementation, case: Case) -> None:
    out, _ = _conv_forward(impl, case)
    assert_array_close(out, _conv_reference(case)["out"], "conv2d_forward's out")


def check_conv2d_forward_unchanged(impl: Implementation, case: Case) -> None:
    impl.call("conv2d_forward", case["x"], case["w"], case["b"], **_conv_kwargs(case))
    assert_inputs_unchanged(impl)


def _conv_backward(impl: Implementation, case: Case) -> tuple:
    _, cache = _conv_forward(impl, case, explicit=True)
    value = impl.call("conv2d_backward", case["dout"], cache)
    return unpack(value, ("dx", "dw", "db"), "conv2d_backward")


def _check_conv2d_gradient(position: int, name: str) -> Any:
    def check(impl: Implementation, case: Case) -> None:
        got = _conv_backward(impl, case)[position]
        expected = _conv_reference(case, grad=True)[name]
        assert_array_close(got, expected, f"conv2d_backward's {name}")

    check.__name__ = f"check_conv2d_backward_{name}"
    return check


check_conv2d_backward_dx = _check_conv2d_gradient(0, "dx")
check_conv2d_backward_dw = _check_conv2d_gradient(1, "dw")
check_conv2d_backward_db = _check_conv2d_gradient(2, "db")


def check_conv2d_backward_unchanged(impl: Implementation, case: Case) -> None:
    _, cache = _conv_forward(impl, case, explicit=True)
    impl.call("conv2d_backward", case["dout"], cache)
    assert_inputs_unchanged(impl)


SHOULD_REFUSE_ARRAYS = Text(
    "PyTorch refuses these inputs, so {function} should raise ValueError; it returned "
    "{kind} instead.",
    "PyTorch는 이 입력을 거부하므로 ValueError를 일으켜야 하는데, {function} 함수는 예외 없이 "
    "값을 돌려주었습니다 ({kind}).",
)
WRONG_EXCEPTION_ARRAYS = Text(
    "PyTorch refuses these inputs and {function} did raise, but {exc_type} instead of "
    "ValueError. Check the shapes and arguments first and raise ValueError with a clear "
    "message.",
    "PyTorch는 이 입력을 거부하고 {function} 함수도 예외를 일으켰지만, ValueError가 아니라 "
    "{exc_type}입니다. shape과 인자를 먼저 검사하고 알기 쉬운 메시지와 함께 ValueError를 "
    "일으키세요.",
)


def _expect_value_error(impl: Implementation, name: str, args: tuple, kwargs: dict) -> None:
    try:
        got = impl.call(name, *args, **kwargs)
    except StudentError as err:
        if err.kind == RAISED and err.exc_type == "ValueError":
            return
        if err.kind == RAISED:
            raise PropertyFailure(
                WRONG_EXCEPTION_ARRAYS, function=name, exc_type=err.exc_type
            ) from None
        raise
    raise PropertyFailure(SHOULD_REFUSE_ARRAYS, got=got, function=name, kind=describe(got))


def check_conv2d_forward_refuses(impl: Implementation, case: Case) -> None:
    shapes = (case["x"].shape, case["w"].shape, case["b"].shape)
    if not _torch_refuses_conv2d(*shapes, case["stride"], case["padding"]):
        raise RuntimeError("PyTorch accepted an input of invalid_conv_layer_cases")
    args = (case["x"], case["w"], case["b"])
    _expect_value_error(impl, "conv2d_forward", args, _conv_kwargs(case))


def _pool_kwargs(case: Case) -> dict[str, Any]:
    return {"stride": case["stride"]} if "stride" in case else {}


def _pool_reference(kind: str, case: Case, grad: bool = False) -> dict[str, np.ndarray]:
    dout = case["dout"] if grad else None
    return _torch_pool2d(kind, case["x"], case["kernel_size"], dout=dout, **_pool_kwargs(case))


def _pool_checks(kind: str) -> tuple[Any, Any, Any, Any, Any]:
    """The checks of one kind of pooling: forward, forward unchanged, refusal, backward,
    backward unchanged."""
    forward, backward = f"{kind}_pool2d_forward", f"{kind}_pool2d_backward"

    def call_forward(impl: Implementation, case: Case, explicit: bool = False) -> tuple:
        kwargs = _pool_kwargs(case)
        if explicit:  # the backward's check: not depending on the forward's default
            kwargs = {"stride": case.get("stride", case["kernel_size"])}
        value = impl.call(forward, case["x"], case["kernel_size"], **kwargs)
        return unpack(value, ("out", "cache"), forward)

    def check_forward(impl: Implementation, case: Case) -> None:
        out, _ = call_forward(impl, case)
        assert_array_close(out, _pool_reference(kind, case)["out"], f"{forward}'s out")

    def check_forward_unchanged(impl: Implementation, case: Case) -> None:
        impl.call(forward, case["x"], case["kernel_size"], **_pool_kwargs(case))
        assert_inputs_unchanged(impl)

    def check_refuses(impl: Implementation, case: Case) -> None:
        stride = case.get("stride")
        if not _torch_refuses_pool2d(kind, case["x"].shape, case["kernel_size"], stride):
            raise RuntimeError("PyTorch accepted an input of invalid_pool_layer_cases")
        _expect_value_error(impl, forward, (case["x"], case["kernel_size"]), _pool_kwargs(case))

    def check_backward(impl: Implementation, case: Case) -> None:
        _, cache = call_forward(impl, case, explicit=True)
        dx = impl.call(backward, case["dout"], cache)
        assert_array_close(dx, _pool_reference(kind, case, grad=True)["dx"], f"{backward}'s dx")

    def check_backward_unchanged(impl: Implementation, case: Case) -> None:
        _, cache = call_forward(impl, case, explicit=True)
        impl.call(backward, case["dout"], cache)
        assert_inputs_unchanged(impl)

    checks = (check_forward, check_forward_unchanged, check_refuses, check_backward)
    checks += (check_backward_unchanged,)
    for check, suffix in zip(checks, ("", "_unchanged", "_refuses", "", "_unchanged")):
        function = backward if check in (check_backward, check_backward_unchanged) else forward
        check.__name__ = f"check_{function}{suffix}"
    return checks  # type: ignore[return-value]


(
    check_max_pool2d_forward,
    check_max_pool2d_forward_unchanged,
    check_max_pool2d_forward_refuses,
    check_max_pool2d_backward,
    check_max_pool2d_backward_unchanged,
) = _pool_checks("max")
(
    check_avg_pool2d_forward,
    check_avg_pool2d_forward_unchanged,
    check_avg_pool2d_forward_refuses,
    check_avg_pool2d_backward,
    check_avg_pool2d_backward_unchanged,
) = _pool_checks("avg")


WRONG_COUNT = Text(
    "conv2d_param_count returned {got_value!r}, but torch.nn.Conv2d has {want_value} parameters.",
    "conv2d_param_count 함수의 결과는 {got_value!r}인데 torch.nn.Conv2d의 파라미터는 "
    "{want_value}개입니다.",
)


def _call_param_count(impl: Implementation, case: Case) -> Any:
    kwargs = {"bias": case["bias"]} if "bias" in case else {}
    args = (case["in_channels"], case["out_channels"], case["kernel_size"])
    return impl.call("conv2d_param_count", *args, **kwargs)


def check_conv2d_param_count(impl: Implementation, case: Case) -> None:
    got = _call_param_count(impl, case)
    value = check_number(got, "conv2d_param_count's result")
    args = (case["in_channels"], case["out_channels"], case["kernel_size"])
    expected = _torch_conv2d_params(*args, case.get("bias", True))
    if value != expected:
        raise PropertyFailure(
            WRONG_COUNT, expected=expected, got=got, got_value=got, want_value=expected
        )


def check_conv2d_param_count_returns_int(impl: Implementation, case: Case) -> None:
    got = _call_param_count(impl, case)
    if isinstance(got, bool) or not isinstance(got, (int, np.integer)):
        kind = f"{type(got).__module__}.{type(got).__qualname__}".replace("builtins.", "")
        raise PropertyFailure(NOT_AN_INT, got=got, function="conv2d_param_count", kind=kind)


# --- hand-picked edge cases for the layers ----------------------------------------------


def _ints(shape: tuple[int, ...], step: int = 7, modulus: int = 11, shift: int = 5) -> np.ndarray:
    """Small distinct-looking integers (as floats) with no symmetry a flipped kernel or a
    transposed layout could hide behind."""
    size = int(np.prod(shape))
    return ((np.arange(size) * step) % modulus - shift).astype(np.float64).reshape(shape)


def _conv_case(x_shape: tuple, w_shape: tuple, grad: bool = True, **kwargs: Any) -> Case:
    case: Case = {
        "x": _ints(x_shape),
        "w": _ints(w_shape, 3, 7, 3),
        "b": _ints(w_shape[:1], 5, 4, 1),
    }
    case.update(kwargs)
    if grad:
        sh, sw = _pair_of(kwargs.get("stride", 1))
        ph, pw = _pair_of(kwargs.get("padding", 0))
        oh = (x_shape[2] + 2 * ph - w_shape[2]) // sh + 1
        ow = (x_shape[3] + 2 * pw - w_shape[3]) // sw + 1
        case["dout"] = _ints((x_shape[0], w_shape[0], oh, ow), 5, 9, 4)
    return case


CONV_LAYER_EXAMPLES = (
    # One channel, a batch of one, a kernel with no symmetry: flipping it shows.
    _conv_case((1, 1, 4, 4), (1, 1, 2, 2)),
    # Padding with a stride: 5 + 2 - 3 = 4, 4 // 2 + 1 = 3 rows and columns.
    _conv_case((1, 1, 5, 5), (1, 1, 3, 3), stride=2, padding=1),
    # Non-square kernel, stride and padding; the last column is in no window; N = 2.
    _conv_case((2, 2, 5, 7), (3, 2, 2, 3), stride=(2, 3), padding=(1, 0)),
    # A stride larger than the kernel: rows and columns between windows are skipped.
    _conv_case((1, 2, 6, 6), (2, 2, 2, 2), stride=3),
)
CONV_LAYER_REFUSED = (
    # 1 channel against 3: NumPy would broadcast the single channel without complaint.
    _conv_case((1, 1, 4, 4), (2, 3, 2, 2), grad=False, stride=1, padding=0),
    _conv_case((1, 3, 4, 4), (2, 1, 2, 2), grad=False, stride=1, padding=0),
    # The kernel is taller than the input (the width would fit); with padding=1 it fits.
    _conv_case((1, 1, 2, 5), (1, 1, 3, 1), grad=False, stride=1, padding=0),
    _conv_case((1, 1, 2, 2), (1, 1, 3, 3), grad=False, stride=2, padding=0),
    # One row (then one column) more than the padded input: 2 + 2 * 1 < 5, 2 + 2 * 1 < 5.
    _conv_case((1, 1, 2, 4), (1, 1, 5, 3), grad=False, stride=1, padding=1),
    _conv_case((1, 1, 4, 2), (1, 1, 3, 5), grad=False, stride=1, padding=1),
    _conv_case((1, 1, 4, 4), (1, 1, 2, 2), grad=False, stride=0, padding=0),
    _conv_case((1, 1, 4, 4), (1, 1, 2, 2), grad=False, stride=(1, 0), padding=0),
    _conv_case((1, 1, 4, 4), (1, 1, 2, 2), grad=False, stride=(0, 1), padding=0),
    _conv_case((1, 1, 4, 4), (1, 1, 2, 2), grad=False, stride=1, padding=-1),
    _conv_case((1, 1, 4, 4), (1, 1, 2, 2), grad=False, stride=1, padding=(0, -1)),
)


def _pool_case(x: np.ndarray, kernel_size: Any, grad: bool = True, **kwargs: Any) -> Case:
    case: Case = {"x": x, "kernel_size": kernel_size, **kwargs}
    if grad:
        kh, kw = _pair_of(kernel_size)
        sh, sw = _pair_of(kwargs.get("stride", kernel_size))
        n, c, h, wd = x.shape
        case["dout"] = _ints((n, c, (h - kh) // sh + 1, (wd - kw) // sw + 1), 5, 9, -1)
    return case


POOL_TIES = (
    # All zeros: every element of each window ties; the first (top-left) one wins.
    _pool_case(np.zeros((1, 1, 4, 4)), 2),
    # Ties that are not at the window's first position: 3 at (0, 1) and (1, 0).
    _pool_case(np.array([[[[1.0, 3.0, 0.0, 2.0], [3.0, 3.0, 2.0, 2.0]]]]), 2),
)
POOL_OVERLAP = (
    # Overlapping windows of zeros: each window's gradient goes to its own first element.
    _pool_case(np.zeros((1, 1, 3, 3)), 2, stride=1),
    # One maximum (5) shared by three windows: it collects all three gradients.
    _pool_case(np.array([[[[0.0, 5.0, 0.0, 1.0, 2.0]]]]), (1, 3), stride=1),
    # Overlap in one direction only, with ties (rows overlap, columns do not).
    _pool_case(_ints((1, 2, 4, 4), 3, 4, 1), (3, 2), stride=(1, 2)),
)
POOL_LAYER_EXAMPLES = (
    (
        # The course's MaxPooling(2, 2) on a 4 x 4 image; stride left to its default.
        _pool_case(_ints((1, 1, 4, 4)), 2),
        # Windows that do not tile: the last row and column are in no window.
        _pool_case(_ints((2, 2, 5, 5)), 2),
        # Non-square window and stride; a stride larger than the window skips elements.
        _pool_case(_ints((1, 1, 5, 7)), (2, 1), stride=(3, 2)),
        # The window is the whole input.
        _pool_case(_ints((1, 2, 3, 2)), (3, 2)),
    )
    + POOL_TIES[:1]
    + POOL_OVERLAP[1:2]
)
POOL_LAYER_REFUSED = (
    _pool_case(_ints((1, 1, 2, 2)), 3, grad=False),  # PyTorch: "Output size is too small"
    _pool_case(_ints((1, 1, 2, 3)), (3, 1), grad=False),  # too tall, narrow enough
    _pool_case(_ints((1, 1, 3, 3)), 0, grad=False, stride=1),
    _pool_case(_ints((1, 1, 3, 3)), (0, 2), grad=False, stride=1),
    _pool_case(_ints((1, 1, 3, 3)), (2, 0), grad=False, stride=1),
    _pool_case(_ints((1, 1, 3, 3)), 2, grad=False, stride=(0, 1)),
    _pool_case(_ints((1, 1, 3, 3)), 2, grad=False, stride=0),
    _pool_case(_ints((1, 1, 3, 3)), 1, grad=False, stride=(1, 0)),
)
PARAM_EXAMPLES = (
    {"in_channels": 32, "out_channels": 64, "kernel_size": 3},  # the notes' (3*3*32+1)*64
    {"in_channels": 3, "out_channels": 32, "kernel_size": 3},  # 896
    {"in_channels": 3, "out_channels": 8, "kernel_size": (3, 5), "bias": False},  # 360
    {"in_channels": 1, "out_channels": 1, "kernel_size": 1, "bias": True},  # 2
)

LAYER_UNCHANGED_HINT = Text(
    "np.pad returns a new array, but x[...] = ..., x += ..., dout /= ... or out=... write "
    "into the caller's array (a view of it, such as x[:, :, i:j], too). Build new arrays "
    "for the padded input and the gradients.",
    "np.pad는 새 배열을 만들지만 x[...] = ..., x += ..., dout /= ..., out=... 같은 연산은 "
    "호출한 쪽의 배열(그리고 x[:, :, i:j] 같은 그 뷰)을 바꿉니다. 패딩한 입력과 기울기는 "
    "새 배열로 만드세요.",
)

LAYER_PROPERTIES = (
    Property(
        id="conv2d_forward_matches_torch",
        points=2,
        functions=("conv2d_forward",),
        claim=Text(
            "out equals torch.nn.functional.conv2d(x, w, b, stride, padding): the "
            "unflipped kernel slid over the zero-padded input, plus the bias, with int or "
            "(h, w) stride and padding (1 and 0 when not given)",
            "out이 torch.nn.functional.conv2d(x, w, b, stride, padding)와 같다: 뒤집지 않은 "
            "커널을 0으로 패딩한 입력 위로 옮기며 곱해 더하고 편향을 더한 값 (stride와 padding은 "
            "int나 (세로, 가로) 쌍, 주지 않으면 1과 0)",
        ),
        hint=Text(
            "Pad only H and W, by pad_h rows above and below and pad_w columns left and "
            "right: np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw))). Window (i, j) starts at "
            "row i*stride_h, column j*stride_w; multiply it elementwise by w[f] as it is (no "
            "flipping: PyTorch computes cross-correlation), sum over C, KH, KW and add b[f]. "
            "The output is (N, F, OH, OW), channels first.",
            "padding은 H와 W에만, 위아래로 pad_h행, 좌우로 pad_w열씩 붙입니다: np.pad(x, ((0, "
            "0), (0, 0), (ph, ph), (pw, pw))). 창 (i, j)는 i*stride_h행, j*stride_w열에서 "
            "시작합니다. 창과 w[f]를 그대로(뒤집지 않고: PyTorch는 교차 상관) 원소별로 곱해 C, "
            "KH, KW에 대해 더하고 b[f]를 더하세요. 출력은 채널이 앞에 오는 (N, F, OH, OW)입니다.",
        ),
        strategy=conv_layer_cases(),
        check=check_conv2d_forward,
        max_examples=13,
        examples=tuple({k: v for k, v in c.items() if k != "dout"} for c in CONV_LAYER_EXAMPLES),
    ),
    Property(
        id="conv2d_forward_refuses_like_torch",
        points=1,
        functions=("conv2d_forward",),
        claim=Text(
            "where F.conv2d refuses the inputs (x's channels differ from w's, a kernel larger "
            "than the padded input in either direction, a stride below 1, a negative "
            "padding), conv2d_forward raises ValueError",
            "F.conv2d가 거부하는 입력(x와 w의 채널 수가 다름, 어느 한 방향으로라도 패딩한 "
            "입력보다 큰 커널, 1보다 작은 stride, 음수 padding)에서 conv2d_forward가 "
            "ValueError를 일으킨다",
        ),
        hint=Text(
            "Check before computing: C of x against C of w (NumPy silently broadcasts a "
            "single channel), KH <= H + 2*pad_h and KW <= W + 2*pad_w (otherwise OH or OW "
            "would be 0 or less), both strides >= 1 and both paddings >= 0; raise ValueError "
            "for each.",
            "계산 전에 검사하세요: x의 C와 w의 C (채널이 하나면 NumPy가 조용히 브로드캐스트함), "
            "KH <= H + 2*pad_h와 KW <= W + 2*pad_w (아니면 OH나 OW가 0 이하), 두 stride가 1 "
            "이상, 두 padding이 0 이상인지 보고, 어긋나면 ValueError를 일으키세요.",
        ),
        strategy=invalid_conv_layer_cases(),
        check=check_conv2d_forward_refuses,
        max_examples=10,
        examples=CONV_LAYER_REFUSED,
    ),
    Property(
        id="conv2d_forward_leaves_inputs_unchanged",
        points=1,
        functions=("conv2d_forward",),
        claim=Text(
            "conv2d_forward modifies none of x, w, b",
            "conv2d_forward가 x, w, b를 바꾸지 않는다",
        ),
        hint=LAYER_UNCHANGED_HINT,
        strategy=conv_layer_cases(),
        check=check_conv2d_forward_unchanged,
        max_examples=5,
        examples=tuple(
            {k: v for k, v in c.items() if k != "dout"} for c in CONV_LAYER_EXAMPLES[:1]
        ),
    ),
    Property(
        id="conv2d_backward_dx_matches_autograd",
        points=2,
        functions=("conv2d_backward",),
        claim=Text(
            "dx equals PyTorch's autograd gradient for x: each input element collects "
            "dout * w from every window it was in, with the forward's stride and padding, "
            "and dx has x's shape (no padding)",
            "dx가 PyTorch autograd의 x 기울기와 같다: 각 입력 원소는 자신이 들어간 모든 창에서 "
            "dout * w를 모아 더하고 (순전파의 stride와 padding 그대로), dx의 shape은 패딩 "
            "없는 x의 shape이다",
        ),
        hint=Text(
            "Accumulate into a zero array the size of the PADDED input: for window (i, j) of "
            "sample n and filter f, dxpad[n, :, i*sh:i*sh+KH, j*sw:j*sw+KW] += w[f] * "
            "dout[n, f, i, j] (+=: windows overlap), with the same stride as the forward; "
            "then cut the padding off: dxpad[:, :, ph:ph+H, pw:pw+W].",
            "패딩한 입력 크기의 0 배열에 더해 가세요: 샘플 n, 필터 f의 창 (i, j)마다 "
            "dxpad[n, :, i*sh:i*sh+KH, j*sw:j*sw+KW] += w[f] * dout[n, f, i, j] (창이 겹치므로 "
            "+=), stride는 순전파와 같게. 그런 다음 padding을 잘라 내세요: dxpad[:, :, "
            "ph:ph+H, pw:pw+W].",
        ),
        strategy=conv_layer_cases(grad=True),
        check=check_conv2d_backward_dx,
        max_examples=13,
        examples=CONV_LAYER_EXAMPLES,
    ),
    Property(
        id="conv2d_backward_dw_matches_autograd",
        points=2,
        functions=("conv2d_backward",),
        claim=Text(
            "dw equals PyTorch's autograd gradient for w: for each filter, the sum over the "
            "whole batch and every output position of dout times the window it saw",
            "dw가 PyTorch autograd의 w 기울기와 같다: 필터마다, 배치 전체와 모든 출력 위치에 "
            "대해 dout과 그 창을 곱해 더한 값",
        ),
        hint=Text(
            "w is shared by every window of every sample: dw[f] += window * dout[n, f, i, j] "
            "for all n, i, j (sum over the batch, not the mean and not only the last "
            "sample), with the windows taken from the padded input at the forward's stride.",
            "w는 모든 샘플의 모든 창이 함께 씁니다: 모든 n, i, j에 대해 dw[f] += 창 * dout[n, "
            "f, i, j] (배치에 대해 더하기: 평균도, 마지막 샘플만도 아님). 창은 순전파의 "
            "stride대로 패딩한 입력에서 가져옵니다.",
        ),
        strategy=conv_layer_cases(grad=True),
        check=check_conv2d_backward_dw,
        max_examples=13,
        examples=CONV_LAYER_EXAMPLES,
    ),
    Property(
        id="conv2d_backward_db_matches_autograd",
        points=2,
        functions=("conv2d_backward",),
        claim=Text(
            "db equals PyTorch's autograd gradient for b: dout summed over the batch and "
            "both spatial axes, one value per filter",
            "db가 PyTorch autograd의 b 기울기와 같다: dout을 배치 축과 두 공간 축에 대해 더한 "
            "값, 필터마다 하나",
        ),
        hint=Text(
            "b[f] is added to every output position of every sample, so db = "
            "dout.sum(axis=(0, 2, 3)), shape (F,): the axes N, OH, OW, keeping F.",
            "b[f]는 모든 샘플의 모든 출력 위치에 더해지므로 db = dout.sum(axis=(0, 2, 3)), "
            "shape은 (F,)입니다: N, OH, OW 축에 대해 더하고 F는 남깁니다.",
        ),
        strategy=conv_layer_cases(grad=True),
        check=check_conv2d_backward_db,
        max_examples=8,
        examples=CONV_LAYER_EXAMPLES,
    ),
    Property(
        id="conv2d_backward_leaves_inputs_unchanged",
        points=1,
        functions=("conv2d_backward",),
        claim=Text(
            "conv2d_backward modifies neither dout nor the cache",
            "conv2d_backward가 dout과 cache를 바꾸지 않는다",
        ),
        hint=LAYER_UNCHANGED_HINT,
        strategy=conv_layer_cases(grad=True),
        check=check_conv2d_backward_unchanged,
        max_examples=5,
        examples=CONV_LAYER_EXAMPLES[:1],
    ),
    Property(
        id="max_pool2d_forward_matches_torch",
        points=2,
        functions=("max_pool2d_forward",),
        claim=Text(
            "out equals torch.nn.functional.max_pool2d(x, kernel_size, stride): the "
            "largest value of each window, channel by channel, the stride defaulting to "
            "kernel_size, windows that do not fit dropped",
            "out이 torch.nn.functional.max_pool2d(x, kernel_size, stride)와 같다: 채널마다 "
            "각 창의 최댓값, stride의 기본값은 kernel_size, 다 들어가지 않는 창은 버림",
        ),
        hint=Text(
            "stride=None means stride = kernel_size (not 1). OH = (H - KH) // stride_h + 1, "
            "window (i, j) is x[n, c, i*sh:i*sh+KH, j*sw:j*sw+KW], and each (n, c) is "
            "pooled separately (the max is over the window only, not over channels).",
            "stride=None은 stride = kernel_size라는 뜻입니다 (1이 아님). OH = (H - KH) // "
            "stride_h + 1이고, 창 (i, j)는 x[n, c, i*sh:i*sh+KH, j*sw:j*sw+KW]이며, (n, c)마다 "
            "따로 풀링합니다 (최댓값은 창 안에서만, 채널에 걸쳐서가 아님).",
        ),
        strategy=pool_layer_cases(),
        check=check_max_pool2d_forward,
        max_examples=13,
        examples=tuple({k: v for k, v in c.items() if k != "dout"} for c in POOL_LAYER_EXAMPLES),
    ),
    Property(
        id="max_pool2d_forward_refuses_like_torch",
        points=1,
        functions=("max_pool2d_forward",),
        claim=Text(
            "where F.max_pool2d refuses (a window larger than the input in either "
            "direction, a kernel_size or stride below 1), max_pool2d_forward raises "
            "ValueError",
            "F.max_pool2d가 거부하는 입력(어느 한 방향으로라도 입력보다 큰 창, 1보다 작은 "
            "kernel_size나 stride)에서 max_pool2d_forward가 ValueError를 일으킨다",
        ),
        hint=Text(
            "Without padding a window must fit in the input: KH <= H and KW <= W, otherwise "
            "PyTorch stops with 'Output size is too small' (you would compute OH <= 0). "
            "Check kernel_size and stride >= 1 as well, and raise ValueError.",
            "padding이 없으면 창이 입력 안에 들어가야 합니다: KH <= H, KW <= W가 아니면 "
            "PyTorch는 `Output size is too small` 오류로 멈춥니다 (OH <= 0이 됨). kernel_size와 "
            "stride가 1 이상인지도 검사하고 ValueError를 일으키세요.",
        ),
        strategy=invalid_pool_layer_cases(),
        check=check_max_pool2d_forward_refuses,
        max_examples=8,
        examples=POOL_LAYER_REFUSED,
    ),
    Property(
        id="max_pool2d_forward_leaves_input_unchanged",
        points=1,
        functions=("max_pool2d_forward",),
        claim=Text(
            "max_pool2d_forward does not modify x",
            "max_pool2d_forward가 x를 바꾸지 않는다",
        ),
        hint=LAYER_UNCHANGED_HINT,
        strategy=pool_layer_cases(),
        check=check_max_pool2d_forward_unchanged,
        max_examples=5,
    ),
    Property(
        id="max_pool2d_backward_matches_autograd",
        points=2,
        functions=("max_pool2d_backward",),
        claim=Text(
            "dx equals PyTorch's autograd gradient: each window's dout goes to the element "
            "that is its maximum, every other element gets 0",
            "dx가 PyTorch autograd 기울기와 같다: 각 창의 dout은 그 창의 최댓값 원소로 가고 "
            "나머지 원소는 0",
        ),
        hint=Text(
            "Only the maximum of a window influenced the output, so only it gets the "
            "window's dout: find its position in the window (np.argmax of the window, "
            "np.unravel_index) and add dout[n, c, i, j] there; elements in no window get 0.",
            "창의 최댓값만 출력에 영향을 주었으므로 그 원소만 창의 dout을 받습니다: 창 안에서 "
            "위치를 찾아 (창의 np.argmax, np.unravel_index) 그곳에 dout[n, c, i, j]를 더하세요. "
            "어떤 창에도 들지 않은 원소는 0입니다.",
        ),
        strategy=pool_layer_cases(grad=True),
        check=check_max_pool2d_backward,
        max_examples=13,
        examples=POOL_LAYER_EXAMPLES,
    ),
    Property(
        id="max_pool2d_backward_ties_go_to_the_first_maximum",
        points=2,
        functions=("max_pool2d_backward",),
        claim=Text(
            "when several elements of a window tie for its maximum (e.g. all zeros), only "
            "the first of them in row-major order within the window gets the gradient, as "
            "PyTorch does",
            "한 창에서 최댓값이 여러 개로 같으면 (예: 모두 0) PyTorch처럼 창 안에서 행 우선 "
            "순서로 첫 번째인 원소만 기울기를 받는다",
        ),
        hint=Text(
            "A mask window == window.max() marks EVERY tied maximum, and each would get the "
            "full gradient. Pick one position: np.argmax(window) returns the first maximum "
            "in row-major order (top row first, left to right), which is PyTorch's choice.",
            "window == window.max() 마스크는 같은 최댓값을 모두 표시해서 각각이 기울기 전체를 "
            "받게 됩니다. 한 위치만 고르세요: np.argmax(window)는 행 우선 순서(윗줄부터, "
            "왼쪽에서 오른쪽)로 첫 번째 최댓값을 돌려주며, 이것이 PyTorch의 선택입니다.",
        ),
        strategy=pool_layer_cases(grad=True, ties=True),
        check=check_max_pool2d_backward,
        max_examples=10,
        examples=POOL_TIES,
    ),
    Property(
        id="max_pool2d_backward_overlapping_windows_add_up",
        points=2,
        functions=("max_pool2d_backward",),
        claim=Text(
            "when windows overlap (stride smaller than the kernel), an element that is the "
            "chosen maximum of several windows receives the sum of their gradients",
            "창이 겹치면 (stride < kernel_size) 여러 창의 최댓값으로 뽑힌 원소는 그 창들의 "
            "기울기를 모두 더해 받는다",
        ),
        hint=Text(
            "Add into dx (dx[...] += ...), never assign (dx[...] = ...): with overlapping "
            "windows an assignment overwrites what earlier windows put there, including "
            "with zeros.",
            "dx에 더하세요 (dx[...] += ...). 대입(dx[...] = ...)하면 창이 겹칠 때 앞선 창이 "
            "넣은 값을 (0으로도) 덮어씁니다.",
        ),
        strategy=pool_layer_cases(grad=True, overlap=True),
        check=check_max_pool2d_backward,
        max_examples=10,
        examples=POOL_OVERLAP,
    ),
    Property(
        id="max_pool2d_backward_leaves_inputs_unchanged",
        points=1,
        functions=("max_pool2d_backward",),
        claim=Text(
            "max_pool2d_backward modifies neither dout nor the cache",
            "max_pool2d_backward가 dout과 cache를 바꾸지 않는다",
        ),
        hint=LAYER_UNCHANGED_HINT,
        strategy=pool_layer_cases(grad=True),
        check=check_max_pool2d_backward_unchanged,
        max_examples=5,
        examples=POOL_OVERLAP[:1],
    ),
    Property(
        id="avg_pool2d_forward_matches_torch",
        points=2,
        functions=("avg_pool2d_forward",),
        claim=Text(
            "out equals torch.nn.functional.avg_pool2d(x, kernel_size, stride): the mean of "
            "each window's KH * KW values, channel by channel, the stride defaulting to "
            "kernel_size",
            "out이 torch.nn.functional.avg_pool2d(x, kernel_size, stride)와 같다: 채널마다 각 "
            "창의 KH * KW개 값의 평균, stride의 기본값은 kernel_size",
        ),
        hint=Text(
            "Same windows as max pooling (stride=None means stride = kernel_size); take "
            "each window's mean over its KH * KW elements, per sample and per channel.",
            "창은 맥스 풀링과 같습니다 (stride=None은 stride = kernel_size). 샘플과 채널마다 각 "
            "창의 KH * KW개 원소의 평균을 구하세요.",
        ),
        strategy=pool_layer_cases(),
        check=check_avg_pool2d_forward,
        max_examples=10,
        examples=tuple({k: v for k, v in c.items() if k != "dout"} for c in POOL_LAYER_EXAMPLES),
    ),
    Property(
        id="avg_pool2d_forward_refuses_like_torch",
        points=1,
        functions=("avg_pool2d_forward",),
        claim=Text(
            "where F.avg_pool2d refuses (a window larger than the input in either "
            "direction, a kernel_size or stride below 1), avg_pool2d_forward raises "
            "ValueError",
            "F.avg_pool2d가 거부하는 입력(어느 한 방향으로라도 입력보다 큰 창, 1보다 작은 "
            "kernel_size나 stride)에서 avg_pool2d_forward가 ValueError를 일으킨다",
        ),
        hint=Text(
            "As for max pooling: KH <= H and KW <= W (no padding), kernel_size and stride "
            ">= 1; otherwise raise ValueError.",
            "맥스 풀링과 같습니다: KH <= H, KW <= W (padding 없음), kernel_size와 stride는 1 "
            "이상이어야 하고, 아니면 ValueError를 일으키세요.",
        ),
        strategy=invalid_pool_layer_cases(),
        check=check_avg_pool2d_forward_refuses,
        max_examples=8,
        examples=POOL_LAYER_REFUSED,
    ),
    Property(
        id="avg_pool2d_forward_leaves_input_unchanged",
        points=1,
        functions=("avg_pool2d_forward",),
        claim=Text(
            "avg_pool2d_forward does not modify x",
            "avg_pool2d_forward가 x를 바꾸지 않는다",
        ),
        hint=LAYER_UNCHANGED_HINT,
        strategy=pool_layer_cases(),
        check=check_avg_pool2d_forward_unchanged,
        max_examples=5,
    ),
    Property(
        id="avg_pool2d_backward_matches_autograd",
        points=2,
        functions=("avg_pool2d_backward",),
        claim=Text(
            "dx equals PyTorch's autograd gradient: every element of a window receives the "
            "window's dout divided by KH * KW, summed where windows overlap",
            "dx가 PyTorch autograd 기울기와 같다: 창의 모든 원소가 그 창의 dout을 KH * KW로 "
            "나눈 값을 받고, 창이 겹치면 더한다",
        ),
        hint=Text(
            "Each element counts for 1 / (KH * KW) of its window's mean, so dx[window] += "
            "dout[n, c, i, j] / (KH * KW): divide by the window size, and add (+=) where "
            "windows overlap.",
            "각 원소는 창 평균에 1 / (KH * KW)만큼 기여하므로 dx[창] += dout[n, c, i, j] / "
            "(KH * KW)입니다: 창 크기로 나누고, 창이 겹치면 더하세요(+=).",
        ),
        strategy=pool_layer_cases(grad=True),
        check=check_avg_pool2d_backward,
        max_examples=10,
        examples=POOL_LAYER_EXAMPLES + POOL_OVERLAP[:1],
    ),
    Property(
        id="avg_pool2d_backward_leaves_inputs_unchanged",
        points=1,
        functions=("avg_pool2d_backward",),
        claim=Text(
            "avg_pool2d_backward modifies neither dout nor the cache",
            "avg_pool2d_backward가 dout과 cache를 바꾸지 않는다",
        ),
        hint=LAYER_UNCHANGED_HINT,
        strategy=pool_layer_cases(grad=True),
        check=check_avg_pool2d_backward_unchanged,
        max_examples=5,
        examples=POOL_OVERLAP[:1],
    ),
    Property(
        id="conv2d_param_count_matches_torch",
        points=2,
        functions=("conv2d_param_count",),
        claim=Text(
            "the result is the number of parameters of torch.nn.Conv2d(in_channels, "
            "out_channels, kernel_size, bias=bias): F * C * KH * KW weights, plus F biases "
            "when bias is True (the default)",
            "결과가 torch.nn.Conv2d(in_channels, out_channels, kernel_size, bias=bias)의 "
            "파라미터 개수와 같다: 가중치 F * C * KH * KW개, bias가 True(기본값)이면 편향 F개 "
            "추가",
        ),
        hint=Text(
            "Each of the F filters has one weight per input channel and kernel position, "
            "C * KH * KW, plus one bias: (KH * KW * C + 1) * F, as in the notes' "
            "(3x3x32+1)x64. A kernel_size pair (KH, KW) need not be square; with "
            "bias=False drop the + 1.",
            "필터 F개는 각각 입력 채널과 커널 위치마다 가중치 하나(C * KH * KW개)와 편향 하나를 "
            "가집니다: 강의 노트의 (3x3x32+1)x64처럼 (KH * KW * C + 1) * F. kernel_size가 "
            "(KH, KW) 쌍이면 정사각형이 아닐 수 있고, bias=False이면 + 1을 빼세요.",
        ),
        strategy=conv_param_cases(),
        check=check_conv2d_param_count,
        max_examples=15,
        examples=PARAM_EXAMPLES,
    ),
    Property(
        id="conv2d_param_count_returns_an_int",
        points=1,
        functions=("conv2d_param_count",),
        claim=Text(
            "conv2d_param_count returns an int, not a float",
            "conv2d_param_count가 float가 아니라 int를 돌려준다",
        ),
        hint=Text(
            "A count is a whole number: multiply and add the ints you are given; / or a "
            "float factor (or np.prod of floats) turns it into a float. A NumPy integer is "
            "fine.",
            "개수는 정수입니다: 받은 int들을 곱하고 더하세요. /나 float 인수(또는 float의 "
            "np.prod)를 쓰면 float가 됩니다. NumPy 정수는 괜찮습니다.",
        ),
        strategy=conv_param_cases(),
        check=check_conv2d_param_count_returns_int,
        max_examples=5,
        examples=PARAM_EXAMPLES[:1],
    ),
)

TOPIC = Topic(
    name="conv",
    position=50,
    title=Text(
        "Convolution and pooling: output sizes and layers",
        "합성곱과 풀링: 출력 크기와 계층",
    ),
    functions=FUNCTIONS,
    properties=PROPERTIES + LAYER_PROPERTIES,
)
