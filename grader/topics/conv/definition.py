"""Conv and pooling output sizes (course notes: 합성곱, stride, padding, pooling).

The oracle builds a real ``torch.nn.Conv1d`` / ``torch.nn.MaxPool1d`` and runs it on an
input of length n: the output length it produces, or the fact that it refuses, is the
expected answer.  1-d modules suffice because Conv2d/MaxPool2d apply the same rule to each
spatial dimension independently.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.define import oracle
from grader.define.compare import PropertyFailure, check_number
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
    {"n": 7, "kernel_size": 3, "stride": 2, "padding": 1},  # 4: padding on both sides
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
        max_examples=40,
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
        max_examples=20,
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
        max_examples=30,
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
        max_examples=40,
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
        max_examples=20,
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
        max_examples=20,
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
        max_examples=20,
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
        max_examples=20,
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
        max_examples=20,
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
        max_examples=30,
        examples=POOL_REFUSED,
    ),
)

TOPIC = Topic(
    name="conv",
    position=50,
    title=Text("Conv and pooling output sizes", "합성곱과 풀링의 출력 크기"),
    functions=FUNCTIONS,
    properties=PROPERTIES,
)
