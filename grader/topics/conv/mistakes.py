"""Known mistakes and alternative correct solutions for conv.py."""

# Overrides are inlined after solutions/conv.py, so they may call its private _pool_size
# (pool_output_size with the stride already resolved) and must import what they use.

from grader.define.catalogue import Alternative, Mistake
from grader.define.i18n import Text


def conv_output_size__forgets_dilation(n, kernel_size, stride=1, padding=0, dilation=1):
    if min(n, kernel_size, stride, dilation) < 1 or padding < 0:
        raise ValueError("invalid configuration")
    if n + 2 * padding < kernel_size:
        raise ValueError("kernel longer than the padded input")
    return (n + 2 * padding - kernel_size) // stride + 1


def conv_output_size__padding_one_side(n, kernel_size, stride=1, padding=0, dilation=1):
    if min(n, kernel_size, stride, dilation) < 1 or padding < 0:
        raise ValueError("invalid configuration")
    span = dilation * (kernel_size - 1) + 1
    if n + padding < span:
        raise ValueError("kernel longer than the padded input")
    return (n + padding - span) // stride + 1


def conv_output_size__rounds(n, kernel_size, stride=1, padding=0, dilation=1):
    if min(n, kernel_size, stride, dilation) < 1 or padding < 0:
        raise ValueError("invalid configuration")
    span = dilation * (kernel_size - 1) + 1
    if n + 2 * padding < span:
        raise ValueError("kernel longer than the padded input")
    return int(round((n + 2 * padding - span) / stride)) + 1


def conv_output_size__missing_plus_one(n, kernel_size, stride=1, padding=0, dilation=1):
    if min(n, kernel_size, stride, dilation) < 1 or padding < 0:
        raise ValueError("invalid configuration")
    span = dilation * (kernel_size - 1) + 1
    if n + 2 * padding < span:
        raise ValueError("kernel longer than the padded input")
    return (n + 2 * padding - span) // stride


def conv_output_size__no_validation(n, kernel_size, stride=1, padding=0, dilation=1):
    return (n + 2 * padding - dilation * (kernel_size - 1) - 1) // stride + 1


def conv_output_size__truncates_negative(n, kernel_size, stride=1, padding=0, dilation=1):
    if min(n, kernel_size, stride, dilation) < 1 or padding < 0:
        raise ValueError("invalid configuration")
    out = int((n + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1
    if out < 1:
        raise ValueError("empty output")
    return out


def conv_output_size__float_floor(n, kernel_size, stride=1, padding=0, dilation=1):
    import numpy as np

    if min(n, kernel_size, stride, dilation) < 1 or padding < 0:
        raise ValueError("invalid configuration")
    span = dilation * (kernel_size - 1) + 1
    if n + 2 * padding < span:
        raise ValueError("kernel longer than the padded input")
    return np.floor((n + 2 * padding - span) / stride) + 1


def pool_output_size__stride_default_one(
    n, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False
):
    return _pool_size(n, kernel_size, 1 if stride is None else stride, padding, dilation, ceil_mode)  # noqa: F821 (solution helper)


def pool_output_size__ceil_without_last_window_rule(
    n, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False
):
    stride = kernel_size if stride is None else stride
    if min(n, kernel_size, stride, dilation) < 1 or padding < 0 or 2 * padding > kernel_size:
        raise ValueError("invalid configuration")
    room = n + 2 * padding - dilation * (kernel_size - 1) - 1
    out = (-(-room // stride) if ceil_mode else room // stride) + 1
    if out < 1:
        raise ValueError("empty output")
    return out


def pool_output_size__ceil_always(
    n, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False
):
    stride = kernel_size if stride is None else stride
    return _pool_size(n, kernel_size, stride, padding, dilation, True)  # noqa: F821 (solution helper)


def pool_output_size__no_padding_limit(
    n, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False
):
    stride = kernel_size if stride is None else stride
    if min(n, kernel_size, stride, dilation) < 1 or padding < 0:
        raise ValueError("invalid configuration")
    room = n + 2 * padding - dilation * (kernel_size - 1) - 1
    if ceil_mode:
        out = -(-room // stride) + 1
        if (out - 1) * stride >= n + padding:
            out -= 1
    else:
        out = room // stride + 1
    if out < 1:
        raise ValueError("empty output")
    return out


def pool_output_size__forgets_dilation(
    n, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False
):
    stride = kernel_size if stride is None else stride
    return _pool_size(n, kernel_size, stride, padding, 1, ceil_mode)  # noqa: F821 (solution helper)


MISTAKES = (
    Mistake(
        id="conv_forgets_dilation",
        topic="conv",
        title=Text("dilation ignored", "dilation을 무시함"),
        explanation=Text(
            "A kernel with dilation d has gaps: it spans d*(kernel_size-1)+1 input elements, "
            "so the formula uses that span instead of kernel_size.",
            "dilation이 d인 커널은 사이사이 간격이 있어 입력 d*(kernel_size-1)+1칸을 차지합니다. "
            "식에서 kernel_size 대신 이 길이를 써야 합니다.",
        ),
        overrides=(conv_output_size__forgets_dilation,),
    ),
    Mistake(
        id="conv_padding_on_one_side",
        topic="conv",
        title=Text("padding counted once", "padding을 한 번만 더함"),
        explanation=Text(
            "padding=p adds p zeros on EACH side, so the padded length is n + 2p, as in the "
            "course notes' formula (input - kernel + 2*padding) / stride + 1.",
            "padding=p는 양쪽에 0을 p개씩 붙이므로 패딩한 길이는 n + 2p입니다. 강의 노트의 식 "
            "(input - kernel + 2*padding) / stride + 1과 같습니다.",
        ),
        overrides=(conv_output_size__padding_one_side,),
    ),
    Mistake(
        id="conv_rounds_instead_of_flooring",
        topic="conv",
        title=Text("division rounded instead of floored", "나눗셈을 내림 대신 반올림함"),
        explanation=Text(
            "A window that does not fit entirely is dropped, so the fraction is discarded "
            "(floor); round() adds a window whenever the fraction is at least one half.",
            "완전히 들어가지 않는 창은 버리므로 소수점은 버립니다(내림). round()는 소수 부분이 "
            "0.5 이상이면 창을 하나 더 셉니다.",
        ),
        overrides=(conv_output_size__rounds,),
    ),
    Mistake(
        id="conv_missing_plus_one",
        topic="conv",
        title=Text("+1 missing", "+1을 빠뜨림"),
        explanation=Text(
            "(n + 2p - span) // stride counts the steps between windows; the number of "
            "windows is one more (the first window needs no step).",
            "(n + 2p - span) // stride는 창 사이의 이동 횟수입니다. 첫 창은 이동 없이 놓이므로 "
            "창의 개수는 그보다 1 많습니다.",
        ),
        overrides=(conv_output_size__missing_plus_one,),
    ),
    Mistake(
        id="conv_does_not_validate",
        topic="conv",
        title=Text("invalid configurations not refused", "잘못된 설정을 거부하지 않음"),
        explanation=Text(
            "PyTorch refuses a kernel longer than the padded input, non-positive "
            "kernel_size/stride/dilation and negative padding; the function must raise "
            "ValueError there instead of returning 0, a negative size, or dividing by zero.",
            "PyTorch는 패딩한 입력보다 긴 커널, 0 이하인 kernel_size/stride/dilation, 음수 "
            "padding을 거부합니다. 이때 0이나 음수 크기를 돌려주거나 0으로 나누지 말고 "
            "ValueError를 일으켜야 합니다.",
        ),
        overrides=(conv_output_size__no_validation,),
    ),
    Mistake(
        id="conv_truncates_negative_division",
        topic="conv",
        title=Text(
            "int(a / b) truncates negative fractions towards 0",
            "int(a / b)가 음수 분수를 0 쪽으로 자름",
        ),
        explanation=Text(
            "When the kernel overshoots the padded input by less than a stride, "
            "int(-1/3) + 1 == 1 looks like a valid size; floor division -1 // 3 == -1 "
            "gives 0 and reveals that nothing fits.",
            "커널이 패딩한 입력보다 stride 미만으로 길면 int(-1/3) + 1 == 1이 되어 유효한 크기처럼 "
            "보입니다. 내림 나눗셈 -1 // 3 == -1은 0을 주어 창이 하나도 없음을 드러냅니다.",
        ),
        overrides=(conv_output_size__truncates_negative,),
    ),
    Mistake(
        id="conv_returns_float",
        topic="conv",
        title=Text("size returned as a float", "크기를 float로 돌려줌"),
        explanation=Text(
            "np.floor and / return floats (28.0); a size is an int, and shapes built from "
            "it would fail. Use // or int(...).",
            "np.floor와 /는 float(28.0)를 돌려줍니다. 크기는 정수이고, float로는 shape을 만들 수 "
            "없습니다. //나 int(...)를 쓰세요.",
        ),
        overrides=(conv_output_size__float_floor,),
    ),
    Mistake(
        id="conv_pool_stride_defaults_to_one",
        topic="conv",
        title=Text("pooling stride defaults to 1", "풀링 stride 기본값을 1로 둠"),
        explanation=Text(
            "MaxPool's stride=None means stride = kernel_size (non-overlapping windows), "
            "unlike Conv2d whose default stride is 1.",
            "MaxPool의 stride=None은 stride = kernel_size(겹치지 않는 창)라는 뜻입니다. 기본 "
            "stride가 1인 Conv2d와 다릅니다.",
        ),
        overrides=(pool_output_size__stride_default_one,),
    ),
    Mistake(
        id="conv_pool_ceil_without_last_window_rule",
        topic="conv",
        title=Text(
            "ceil_mode without PyTorch's last-window rule",
            "PyTorch의 마지막 창 규칙 없이 올림한 ceil_mode",
        ),
        explanation=Text(
            "With ceil_mode=True PyTorch rounds up, then drops the last window if it would "
            "start in the right padding: (out - 1) * stride >= n + padding.",
            "ceil_mode=True이면 PyTorch는 올림한 뒤, 마지막 창이 오른쪽 padding에서 시작하면 "
            "((out - 1) * stride >= n + padding) 그 창을 버립니다.",
        ),
        overrides=(pool_output_size__ceil_without_last_window_rule,),
    ),
    Mistake(
        id="conv_pool_ceil_always",
        topic="conv",
        title=Text("division always rounded up", "항상 올림함"),
        explanation=Text(
            "Rounding up is what ceil_mode=True asks for; the default ceil_mode=False floors, "
            "like convolution.",
            "올림은 ceil_mode=True일 때만 합니다. 기본값 ceil_mode=False는 합성곱처럼 내림합니다.",
        ),
        overrides=(pool_output_size__ceil_always,),
    ),
    Mistake(
        id="conv_pool_no_padding_limit",
        topic="conv",
        title=Text("padding above kernel_size / 2 accepted", "kernel_size / 2보다 큰 padding 허용"),
        explanation=Text(
            "MaxPool refuses padding larger than half the kernel: such windows could hold "
            "nothing but padding.",
            "MaxPool은 커널 절반보다 큰 padding을 거부합니다. 그런 창에는 padding만 들어갈 수 "
            "있기 때문입니다.",
        ),
        overrides=(pool_output_size__no_padding_limit,),
    ),
    Mistake(
        id="conv_pool_forgets_dilation",
        topic="conv",
        title=Text("pooling dilation ignored", "풀링에서 dilation을 무시함"),
        explanation=Text(
            "MaxPool's windows are dilated too: they span dilation*(kernel_size-1)+1 elements.",
            "MaxPool의 창에도 dilation이 적용되어 dilation*(kernel_size-1)+1칸을 차지합니다.",
        ),
        overrides=(pool_output_size__forgets_dilation,),
    ),
)


def conv_output_size__count_windows(n, kernel_size, stride=1, padding=0, dilation=1):
    # Slide the window along the padded input and count the positions where it fits.
    if kernel_size < 1 or stride < 1 or dilation < 1 or padding < 0 or n < 1:
        raise ValueError("kernel_size, stride, dilation and n must be positive, padding >= 0")
    last = dilation * (kernel_size - 1)
    count = 0
    start = 0
    while start + last < n + 2 * padding:
        count += 1
        start += stride
    if count == 0:
        raise ValueError("the kernel does not fit in the padded input")
    return count


def pool_output_size__math_module(
    n, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False
):
    import math

    if stride is None:
        stride = kernel_size
    if kernel_size <= 0 or stride <= 0 or dilation <= 0 or n <= 0:
        raise ValueError("kernel_size, stride, dilation and n must be positive")
    if not 0 <= padding <= kernel_size / 2:
        raise ValueError("padding must be between 0 and kernel_size / 2")
    ratio = (n + 2 * padding - dilation * (kernel_size - 1) - 1) / stride
    out = (math.ceil(ratio) if ceil_mode else math.floor(ratio)) + 1
    # The last window's first element, in input coordinates, must be < n.
    if ceil_mode and (out - 1) * stride - padding >= n:
        out -= 1
    if out <= 0:
        raise ValueError("output size would be empty")
    return out


def conv_output_size__math_module(n, kernel_size, stride=1, padding=0, dilation=1):
    import math

    if kernel_size <= 0 or stride <= 0 or dilation <= 0 or n <= 0 or padding < 0:
        raise ValueError("invalid convolution configuration")
    out = math.floor((n + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1
    if out <= 0:
        raise ValueError("output size would be empty")
    return out


def pool_output_size__count_windows(
    n, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False
):
    import numpy as np

    stride = kernel_size if stride is None else stride
    if kernel_size < 1 or stride < 1 or dilation < 1 or padding < 0 or n < 1:
        raise ValueError("invalid pooling configuration")
    if 2 * padding > kernel_size:
        raise ValueError("padding must be at most half of kernel_size")
    room = n + 2 * padding - dilation * (kernel_size - 1) - 1
    count = 0
    while True:
        if ceil_mode:
            # Window `count` may stick out past the padded end if the one before it fit,
            # but it must start inside the input or the left padding.
            fits = (count - 1) * stride < room and count * stride - padding < n
        else:
            fits = count * stride <= room
        if not fits:
            break
        count += 1
    if count == 0:
        raise ValueError("the output would be empty")
    return np.int64(count)


ALTERNATIVES = (
    Alternative(
        id="conv_sizes_with_math_module",
        topic="conv",
        why="math.floor/math.ceil of a float ratio, checks written as one inequality",
        overrides=(conv_output_size__math_module, pool_output_size__math_module),
    ),
    Alternative(
        id="conv_sizes_by_counting_windows",
        topic="conv",
        why="slide the window and count the positions; returns a NumPy integer",
        overrides=(conv_output_size__count_windows, pool_output_size__count_windows),
    ),
)

# Mutants of solutions/conv.py that behave exactly like it (each argued in docs/mutation.md):
# the mutation run (grader/frontends/mutation.py) expects these, and only these, to survive.
EQUIVALENT_MUTANTS: tuple[str, ...] = (
    "'int((n + 2 * padding - span) // stride + 1)': unwrap",
    "'int(out)': unwrap",
    "'(n + 2 * padding - span) // stride': operator -> Div",
    "'room // stride': operator -> Div",
)
