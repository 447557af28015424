"""Known mistakes and alternative correct solutions for conv.py."""

# Overrides are inlined after solutions/conv.py, so they may call its private helpers
# (_pool_size: pool_output_size with the stride already resolved; _pair, _windows,
# _pool_geometry of the layers) and NumPy as np, and must import anything else they use.

import numpy as np

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


# --- conv and pooling layers -----------------------------------------------------------
# Each override is one edit away from a correct loop implementation (the CS231n "naive"
# style) and reads and writes the reference's caches: conv (x, w, (sh, sw), (ph, pw)),
# max pooling (x, geometry), average pooling (x.shape, geometry), with geometry
# (kh, kw, sh, sw, oh, ow) from the reference's _pool_geometry.


def conv2d_forward__flipped_kernel(x, w, b, stride=1, padding=0):
    # Signal processing's convolution: the kernel turned by 180 degrees first.
    sh, sw = _pair(stride)  # noqa: F821 (solution helper)
    ph, pw = _pair(padding)  # noqa: F821 (solution helper)
    n, c, h, wd = x.shape
    f, _, kh, kw = w.shape
    if c != w.shape[1] or min(sh, sw) < 1 or min(ph, pw) < 0 or kh > h + 2 * ph or kw > wd + 2 * pw:
        raise ValueError("PyTorch refuses these inputs")
    flipped = w[:, :, ::-1, ::-1]
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    oh, ow = (h + 2 * ph - kh) // sh + 1, (wd + 2 * pw - kw) // sw + 1
    out = np.zeros((n, f, oh, ow))
    for i in range(oh):
        for j in range(ow):
            window = xp[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw]
            out[:, :, i, j] = np.einsum("nchw,fchw->nf", window, flipped) + b
    return out, (x, w, (sh, sw), (ph, pw))


def conv2d_backward__flipped_kernel(dout, cache):
    # The exact gradients of the flipped forward above (so dw comes out flipped too).
    x, w, (sh, sw), (ph, pw) = cache
    h, wd = x.shape[2:]
    kh, kw = w.shape[2:]
    flipped = w[:, :, ::-1, ::-1]
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    dxp, dflipped = np.zeros(xp.shape), np.zeros(w.shape)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            rows, cols = slice(i * sh, i * sh + kh), slice(j * sw, j * sw + kw)
            dflipped += np.einsum("nf,nchw->fchw", dout[:, :, i, j], xp[:, :, rows, cols])
            dxp[:, :, rows, cols] += np.einsum("nf,fchw->nchw", dout[:, :, i, j], flipped)
    dx = dxp[:, :, ph : ph + h, pw : pw + wd]
    return dx, dflipped[:, :, ::-1, ::-1], dout.sum(axis=(0, 2, 3))


def conv2d_forward__input_in_the_corner(x, w, b, stride=1, padding=0):
    sh, sw = _pair(stride)  # noqa: F821 (solution helper)
    ph, pw = _pair(padding)  # noqa: F821 (solution helper)
    n, c, h, wd = x.shape
    f, _, kh, kw = w.shape
    if c != w.shape[1] or min(sh, sw) < 1 or min(ph, pw) < 0 or kh > h + 2 * ph or kw > wd + 2 * pw:
        raise ValueError("PyTorch refuses these inputs")
    # The padded array has the right size, but x goes into its top-left corner: all
    # 2 * padding zeros end up below and to the right.
    xp = np.zeros((n, c, h + 2 * ph, wd + 2 * pw))
    xp[:, :, :h, :wd] = x
    oh, ow = (h + 2 * ph - kh) // sh + 1, (wd + 2 * pw - kw) // sw + 1
    out = np.zeros((n, f, oh, ow))
    for i in range(oh):
        for j in range(ow):
            window = xp[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw]
            out[:, :, i, j] = np.einsum("nchw,fchw->nf", window, w) + b
    return out, (x, w, (sh, sw), (ph, pw))


def conv2d_forward__channels_last(x, w, b, stride=1, padding=0):
    sh, sw = _pair(stride)  # noqa: F821 (solution helper)
    ph, pw = _pair(padding)  # noqa: F821 (solution helper)
    n, c, h, wd = x.shape
    f, _, kh, kw = w.shape
    if c != w.shape[1] or min(sh, sw) < 1 or min(ph, pw) < 0 or kh > h + 2 * ph or kw > wd + 2 * pw:
        raise ValueError("PyTorch refuses these inputs")
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    oh, ow = (h + 2 * ph - kh) // sh + 1, (wd + 2 * pw - kw) // sw + 1
    # Keras's layout: one output row per position, the F filters last.
    out = np.zeros((n, oh, ow, f))
    for i in range(oh):
        for j in range(ow):
            window = xp[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw]
            out[:, i, j, :] = np.einsum("nchw,fchw->nf", window, w) + b
    return out, (x, w, (sh, sw), (ph, pw))


def conv2d_backward__ignores_stride(dout, cache):
    x, w, (sh, sw), (ph, pw) = cache
    h, wd = x.shape[2:]
    kh, kw = w.shape[2:]
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    dxp, dw = np.zeros(xp.shape), np.zeros(w.shape)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            # Window (i, j) taken to start at row i, column j: the stride is forgotten.
            rows, cols = slice(i, i + kh), slice(j, j + kw)
            dw += np.einsum("nf,nchw->fchw", dout[:, :, i, j], xp[:, :, rows, cols])
            dxp[:, :, rows, cols] += np.einsum("nf,fchw->nchw", dout[:, :, i, j], w)
    dx = dxp[:, :, ph : ph + h, pw : pw + wd]
    return dx, dw, dout.sum(axis=(0, 2, 3))


def conv2d_backward__dw_last_sample(dout, cache):
    x, w, (sh, sw), (ph, pw) = cache
    h, wd = x.shape[2:]
    kh, kw = w.shape[2:]
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    dxp = np.zeros(xp.shape)
    for n in range(x.shape[0]):
        dw = np.zeros(w.shape)  # reset for every sample: only the last one is returned
        for i in range(dout.shape[2]):
            for j in range(dout.shape[3]):
                rows, cols = slice(i * sh, i * sh + kh), slice(j * sw, j * sw + kw)
                dw += dout[n, :, i, j][:, None, None, None] * xp[n, :, rows, cols]
                dxp[n, :, rows, cols] += np.einsum("f,fchw->chw", dout[n, :, i, j], w)
    dx = dxp[:, :, ph : ph + h, pw : pw + wd]
    return dx, dw, dout.sum(axis=(0, 2, 3))


def conv2d_backward__db_channels_last_axes(dout, cache):
    x, w, (sh, sw), (ph, pw) = cache
    h, wd = x.shape[2:]
    kh, kw = w.shape[2:]
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    dxp, dw = np.zeros(xp.shape), np.zeros(w.shape)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            rows, cols = slice(i * sh, i * sh + kh), slice(j * sw, j * sw + kw)
            dw += np.einsum("nf,nchw->fchw", dout[:, :, i, j], xp[:, :, rows, cols])
            dxp[:, :, rows, cols] += np.einsum("nf,fchw->nchw", dout[:, :, i, j], w)
    dx = dxp[:, :, ph : ph + h, pw : pw + wd]
    # Summed as if dout were channels-last (N, OH, OW, F): over the axes 0, 1, 2.
    return dx, dw, dout.sum(axis=(0, 1, 2))


def conv2d_backward__keeps_padding(dout, cache):
    x, w, (sh, sw), (ph, pw) = cache
    kh, kw = w.shape[2:]
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    dxp, dw = np.zeros(xp.shape), np.zeros(w.shape)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            rows, cols = slice(i * sh, i * sh + kh), slice(j * sw, j * sw + kw)
            dw += np.einsum("nf,nchw->fchw", dout[:, :, i, j], xp[:, :, rows, cols])
            dxp[:, :, rows, cols] += np.einsum("nf,fchw->nchw", dout[:, :, i, j], w)
    return dxp, dw, dout.sum(axis=(0, 2, 3))  # the padded gradient, not cut back to x


def max_pool2d_forward__default_stride_one(x, kernel_size, stride=None):
    geometry = _pool_geometry(x, kernel_size, 1 if stride is None else stride)  # noqa: F821 (solution helper)
    return np.max(_windows(x, *geometry), axis=0), (x, geometry)  # noqa: F821 (solution helper)


def max_pool2d_backward__every_tied_maximum(dout, cache):
    x, (kh, kw, sh, sw, oh, ow) = cache
    dx = np.zeros(x.shape)
    for i in range(oh):
        for j in range(ow):
            rows, cols = slice(i * sh, i * sh + kh), slice(j * sw, j * sw + kw)
            window = x[:, :, rows, cols]
            mask = window == window.max(axis=(2, 3), keepdims=True)
            dx[:, :, rows, cols] += mask * dout[:, :, i : i + 1, j : j + 1]
    return dx


def max_pool2d_backward__last_tied_maximum(dout, cache):
    x, (kh, kw, sh, sw, oh, ow) = cache
    dx = np.zeros(x.shape)
    for n in range(x.shape[0]):
        for c in range(x.shape[1]):
            for i in range(oh):
                for j in range(ow):
                    window = x[n, c, i * sh : i * sh + kh, j * sw : j * sw + kw]
                    last = window.size - 1 - np.argmax(window.ravel()[::-1])
                    u, v = np.unravel_index(last, window.shape)
                    dx[n, c, i * sh + u, j * sw + v] += dout[n, c, i, j]
    return dx


def max_pool2d_backward__overwrites_overlaps(dout, cache):
    x, (kh, kw, sh, sw, oh, ow) = cache
    dx = np.zeros(x.shape)
    for n in range(x.shape[0]):
        for c in range(x.shape[1]):
            for i in range(oh):
                for j in range(ow):
                    rows, cols = slice(i * sh, i * sh + kh), slice(j * sw, j * sw + kw)
                    window = x[n, c, rows, cols]
                    mask = np.zeros(window.shape)
                    mask[np.unravel_index(np.argmax(window), window.shape)] = 1.0
                    dx[n, c, rows, cols] = mask * dout[n, c, i, j]  # = instead of +=
    return dx


def avg_pool2d_backward__not_divided(dout, cache):
    shape, (kh, kw, sh, sw, oh, ow) = cache
    dx = np.zeros(shape)
    for i in range(oh):
        for j in range(ow):
            dx[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw] += dout[:, :, i : i + 1, j : j + 1]
    return dx


def conv2d_param_count__without_bias(in_channels, out_channels, kernel_size, bias=True):
    kh, kw = _pair(kernel_size)  # noqa: F821 (solution helper)
    return out_channels * in_channels * kh * kw


def conv2d_param_count__without_in_channels(in_channels, out_channels, kernel_size, bias=True):
    kh, kw = _pair(kernel_size)  # noqa: F821 (solution helper)
    return (kh * kw + (1 if bias else 0)) * out_channels


LAYER_MISTAKES = (
    Mistake(
        id="conv_layer_kernel_flipped",
        topic="conv",
        title=Text(
            "kernel flipped (true convolution instead of cross-correlation)",
            "커널을 뒤집음 (교차 상관 대신 신호 처리의 합성곱)",
        ),
        explanation=Text(
            "Signal processing turns the kernel by 180 degrees before sliding it; PyTorch's "
            "conv2d (like every deep-learning library) does not: w[f, c, 0, 0] always meets "
            "the top-left element of the window. Use w as it is, forward and backward.",
            "신호 처리의 합성곱은 커널을 180도 돌린 뒤 옮기지만, PyTorch의 conv2d는 (다른 딥러닝 "
            "라이브러리처럼) 뒤집지 않습니다: w[f, c, 0, 0]은 언제나 창의 왼쪽 위 원소와 곱해집니다. "
            "순전파와 역전파 모두 w를 그대로 쓰세요.",
        ),
        overrides=(conv2d_forward__flipped_kernel, conv2d_backward__flipped_kernel),
    ),
    Mistake(
        id="conv_layer_padding_on_one_side",
        topic="conv",
        title=Text(
            "all the padding on one side (x copied into the padded array's corner)",
            "padding을 한쪽에만 붙임 (패딩 배열의 구석에 x를 복사함)",
        ),
        explanation=Text(
            "The padded array has the right size, but x must sit in its middle, "
            "xpad[:, :, ph:ph+H, pw:pw+W] = x, with ph zero rows above AND below and pw zero "
            "columns left AND right. Copied to xpad[:, :, :H, :W], every zero is below and to "
            "the right, and each window sees the wrong elements.",
            "패딩한 배열의 크기는 맞지만 x는 그 가운데, xpad[:, :, ph:ph+H, pw:pw+W] = x에 "
            "놓여야 합니다: 위아래로 ph행, 좌우로 pw열씩 0이 붙습니다. xpad[:, :, :H, :W]에 "
            "복사하면 0이 모두 아래와 오른쪽에 몰려 각 창이 엉뚱한 원소를 봅니다.",
        ),
        overrides=(conv2d_forward__input_in_the_corner,),
    ),
    Mistake(
        id="conv_layer_output_channels_last",
        topic="conv",
        title=Text(
            "output in channels-last layout (N, OH, OW, F)",
            "출력을 채널이 뒤에 오는 (N, OH, OW, F) 순서로 만듦",
        ),
        explanation=Text(
            "Keras (TensorFlow) stores images as (N, H, W, C); PyTorch, and this exercise, as "
            "(N, C, H, W). The output of conv2d is (N, F, OH, OW): the filters come right "
            "after the batch axis.",
            "Keras(TensorFlow)는 이미지를 (N, H, W, C)로 저장하지만 PyTorch와 이 연습은 (N, C, "
            "H, W)입니다. conv2d의 출력은 (N, F, OH, OW)로, 필터 축이 배치 축 바로 다음에 옵니다.",
        ),
        overrides=(conv2d_forward__channels_last,),
    ),
    Mistake(
        id="conv_layer_backward_ignores_stride",
        topic="conv",
        title=Text(
            "stride forgotten in the backward pass",
            "역전파에서 stride를 빠뜨림",
        ),
        explanation=Text(
            "Output position (i, j) came from the window starting at row i*stride_h, column "
            "j*stride_w, so its gradient goes back to exactly that window, for dx and for dw; "
            "starting the window at (i, j) is right only for stride 1.",
            "출력 위치 (i, j)는 i*stride_h행, j*stride_w열에서 시작하는 창에서 나왔으므로 그 "
            "기울기도 dx와 dw 모두 바로 그 창으로 돌아가야 합니다. 창을 (i, j)에서 시작하면 "
            "stride가 1일 때만 맞습니다.",
        ),
        overrides=(conv2d_backward__ignores_stride,),
    ),
    Mistake(
        id="conv_layer_dw_not_summed_over_batch",
        topic="conv",
        title=Text(
            "dw not summed over the batch (only the last sample's)",
            "dw를 배치에 대해 더하지 않음 (마지막 샘플의 것만 남음)",
        ),
        explanation=Text(
            "Every sample of the batch used the same filters, so dw adds up the contributions "
            "of all N samples. Resetting dw (or assigning it) inside the loop over samples "
            "keeps only the last one.",
            "배치의 모든 샘플이 같은 필터를 썼으므로 dw는 N개 샘플의 기여를 모두 더해야 합니다. "
            "샘플 반복문 안에서 dw를 다시 0으로 만들거나 대입하면 마지막 샘플의 것만 남습니다.",
        ),
        overrides=(conv2d_backward__dw_last_sample,),
    ),
    Mistake(
        id="conv_layer_db_wrong_axes",
        topic="conv",
        title=Text(
            "db summed over the wrong axes (channels-last habits)",
            "db를 엉뚱한 축으로 더함 (채널을 뒤에 두는 Keras식 순서의 습관)",
        ),
        explanation=Text(
            "dout is (N, F, OH, OW): each filter's bias gradient sums dout over N, OH and OW, "
            "db = dout.sum(axis=(0, 2, 3)), shape (F,). axis=(0, 1, 2) is right only for a "
            "channels-last (N, OH, OW, F) array.",
            "dout은 (N, F, OH, OW)입니다: 필터마다 편향 기울기는 N, OH, OW에 대해 dout을 더한 "
            "db = dout.sum(axis=(0, 2, 3))이고 shape은 (F,)입니다. axis=(0, 1, 2)는 채널이 뒤에 "
            "오는 (N, OH, OW, F) 배열일 때만 맞습니다.",
        ),
        overrides=(conv2d_backward__db_channels_last_axes,),
    ),
    Mistake(
        id="conv_layer_dx_keeps_padding",
        topic="conv",
        title=Text(
            "dx returned with the padding (not cut back to x's size)",
            "dx를 padding이 붙은 채로 돌려줌 (x 크기로 잘라 내지 않음)",
        ),
        explanation=Text(
            "Gradients are accumulated on the padded input, but the padding zeros are not "
            "inputs of the layer: return dxpad[:, :, ph:ph+H, pw:pw+W], the shape of x.",
            "기울기는 패딩한 입력 위에 모으지만 padding의 0은 계층의 입력이 아닙니다: x의 shape인 "
            "dxpad[:, :, ph:ph+H, pw:pw+W]를 돌려주세요.",
        ),
        overrides=(conv2d_backward__keeps_padding,),
    ),
    Mistake(
        id="max_pool_layer_default_stride_one",
        topic="conv",
        title=Text(
            "pooling stride defaults to 1",
            "풀링의 stride 기본값을 1로 둠",
        ),
        explanation=Text(
            "F.max_pool2d's stride=None means stride = kernel_size, so that the windows "
            "tile the input (MaxPooling(2, 2) halves 148 to 74); a convolution's default "
            "stride is 1, a pooling layer's is not.",
            "F.max_pool2d의 stride=None은 stride = kernel_size라는 뜻이라 창이 입력을 겹치지 "
            "않게 덮습니다 (MaxPooling(2, 2)는 148을 74로 반으로 줄임). 합성곱의 stride 기본값은 "
            "1이지만 풀링 계층은 그렇지 않습니다.",
        ),
        overrides=(max_pool2d_forward__default_stride_one,),
    ),
    Mistake(
        id="max_pool_layer_gradient_to_every_tie",
        topic="conv",
        title=Text(
            "max-pool gradient sent to every tied maximum",
            "맥스 풀링 기울기를 같은 최댓값 모두에 보냄",
        ),
        explanation=Text(
            "The mask window == window.max() marks every element equal to the maximum, and "
            "each then gets the window's whole gradient (a window of zeros passes it on four "
            "times). PyTorch gives it to one element only: the first maximum in row-major "
            "order, which np.argmax(window) finds.",
            "window == window.max() 마스크는 최댓값과 같은 원소를 모두 표시해서 각각이 창의 "
            "기울기 전체를 받습니다 (0으로 된 2 x 2 창이면 네 번 전달됨). PyTorch는 원소 하나, 즉 "
            "행 우선 순서로 첫 번째 최댓값에만 주며, np.argmax(window)가 그 위치를 찾아 줍니다.",
        ),
        overrides=(max_pool2d_backward__every_tied_maximum,),
    ),
    Mistake(
        id="max_pool_layer_gradient_to_last_tie",
        topic="conv",
        title=Text(
            "max-pool gradient sent to the last tied maximum",
            "맥스 풀링 기울기를 같은 최댓값 중 마지막 원소에 보냄",
        ),
        explanation=Text(
            "Among tied maxima PyTorch picks the FIRST in row-major order (top row first, "
            "left to right), as np.argmax does; a loop that keeps updating the position with "
            ">= ends at the last one.",
            "같은 최댓값이 여럿이면 PyTorch는 np.argmax처럼 행 우선 순서(윗줄부터, 왼쪽에서 "
            "오른쪽)로 첫 번째를 고릅니다. >=로 위치를 계속 갱신하는 반복문은 마지막 원소에서 "
            "끝납니다.",
        ),
        overrides=(max_pool2d_backward__last_tied_maximum,),
    ),
    Mistake(
        id="max_pool_layer_overlaps_overwritten",
        topic="conv",
        title=Text(
            "overlapping windows overwrite dx instead of adding",
            "겹치는 창이 dx에 더하지 않고 덮어씀",
        ),
        explanation=Text(
            "dx[window] = mask * dout replaces what the previous windows wrote there, zeros "
            "included; when windows overlap (stride < kernel) an element can be the maximum of "
            "several windows and must receive the sum: dx[window] += mask * dout.",
            "dx[창] = mask * dout은 앞선 창들이 쓴 값을 (0까지) 바꿔 버립니다. 창이 겹치면 "
            "(stride < kernel) 한 원소가 여러 창의 최댓값일 수 있고, 그 합을 받아야 합니다: "
            "dx[창] += mask * dout.",
        ),
        overrides=(max_pool2d_backward__overwrites_overlaps,),
    ),
    Mistake(
        id="avg_pool_layer_gradient_not_divided",
        topic="conv",
        title=Text(
            "average-pool gradient not divided by the window size",
            "평균 풀링 기울기를 창 크기로 나누지 않음",
        ),
        explanation=Text(
            "out = (sum of the window) / (KH * KW), so each element's share of the gradient "
            "is dout / (KH * KW), not dout.",
            "out = (창의 합) / (KH * KW)이므로 각 원소가 받는 기울기는 dout이 아니라 dout / "
            "(KH * KW)입니다.",
        ),
        overrides=(avg_pool2d_backward__not_divided,),
    ),
    Mistake(
        id="conv_params_without_bias",
        topic="conv",
        title=Text("parameter count without the biases", "파라미터 개수에서 편향을 빠뜨림"),
        explanation=Text(
            "nn.Conv2d has one bias per filter by default (bias=True): F * C * KH * KW "
            "weights plus F biases, (3x3x32+1)x64 in the course notes, not 3x3x32x64.",
            "nn.Conv2d는 기본값(bias=True)에서 필터마다 편향이 하나씩 있습니다: 가중치 F * C * "
            "KH * KW개에 편향 F개를 더합니다. 강의 노트의 (3x3x32+1)x64이지 3x3x32x64가 아닙니다.",
        ),
        overrides=(conv2d_param_count__without_bias,),
    ),
    Mistake(
        id="conv_params_without_in_channels",
        topic="conv",
        title=Text(
            "parameter count without the input channels",
            "파라미터 개수에서 입력 채널 수를 빠뜨림",
        ),
        explanation=Text(
            "A filter spans all C input channels: it has C * KH * KW weights, not KH * KW. "
            "The notes' second layer has (3x3x32+1)x64 parameters because its input has 32 "
            "channels.",
            "필터 하나는 입력 채널 C개 전체에 걸쳐 있어서 가중치가 KH * KW개가 아니라 C * KH * "
            "KW개입니다. 강의 노트의 두 번째 계층이 (3x3x32+1)x64개인 것은 입력이 32채널이기 "
            "때문입니다.",
        ),
        overrides=(conv2d_param_count__without_in_channels,),
    ),
)

MISTAKES = MISTAKES + LAYER_MISTAKES


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


# --- conv and pooling layers: two correct ways that differ from the reference ----------


def conv2d_forward__naive_loops(x, w, b, stride=1, padding=0):
    # CS231n's "naive" layer: one Python iteration per output element.
    sh, sw = stride if isinstance(stride, tuple) else (stride, stride)
    ph, pw = padding if isinstance(padding, tuple) else (padding, padding)
    N, C, H, W = x.shape
    F, C_w, HH, WW = w.shape
    if C != C_w:
        raise ValueError("x and w have different numbers of channels")
    if sh <= 0 or sw <= 0 or ph < 0 or pw < 0:
        raise ValueError("stride must be positive and padding non-negative")
    if HH > H + 2 * ph or WW > W + 2 * pw:
        raise ValueError("the kernel is larger than the padded input")
    x_pad = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), mode="constant")
    H_out = 1 + (H + 2 * ph - HH) // sh
    W_out = 1 + (W + 2 * pw - WW) // sw
    out = np.zeros((N, F, H_out, W_out))
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    window = x_pad[n, :, i * sh : i * sh + HH, j * sw : j * sw + WW]
                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]
    return out, (x, w, b, (sh, sw), (ph, pw))


def conv2d_backward__naive_loops(dout, cache):
    x, w, b, (sh, sw), (ph, pw) = cache
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    _, _, H_out, W_out = dout.shape
    x_pad = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), mode="constant")
    dx_pad = np.zeros_like(x_pad)
    dw = np.zeros_like(w)
    db = np.zeros_like(b)
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    rows = slice(i * sh, i * sh + HH)
                    cols = slice(j * sw, j * sw + WW)
                    db[f] += dout[n, f, i, j]
                    dw[f] += x_pad[n, :, rows, cols] * dout[n, f, i, j]
                    dx_pad[n, :, rows, cols] += w[f] * dout[n, f, i, j]
    dx = dx_pad[:, :, ph : ph + H, pw : pw + W]
    return dx, dw, db


def max_pool2d_forward__naive_loops(x, kernel_size, stride=None):
    HH, WW = kernel_size if isinstance(kernel_size, tuple) else (kernel_size, kernel_size)
    if stride is None:
        stride = (HH, WW)
    sh, sw = stride if isinstance(stride, tuple) else (stride, stride)
    N, C, H, W = x.shape
    if HH <= 0 or WW <= 0 or sh <= 0 or sw <= 0 or HH > H or WW > W:
        raise ValueError("invalid pooling window")
    H_out = 1 + (H - HH) // sh
    W_out = 1 + (W - WW) // sw
    out = np.zeros((N, C, H_out, W_out))
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    out[n, c, i, j] = np.max(x[n, c, i * sh : i * sh + HH, j * sw : j * sw + WW])
    return out, (x, (HH, WW), (sh, sw))


def max_pool2d_backward__naive_loops(dout, cache):
    x, (HH, WW), (sh, sw) = cache
    N, C, H_out, W_out = dout.shape
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    window = x[n, c, i * sh : i * sh + HH, j * sw : j * sw + WW]
                    u, v = np.unravel_index(np.argmax(window), window.shape)
                    dx[n, c, i * sh + u, j * sw + v] += dout[n, c, i, j]
    return dx


def avg_pool2d_forward__naive_loops(x, kernel_size, stride=None):
    HH, WW = kernel_size if isinstance(kernel_size, tuple) else (kernel_size, kernel_size)
    if stride is None:
        stride = (HH, WW)
    sh, sw = stride if isinstance(stride, tuple) else (stride, stride)
    N, C, H, W = x.shape
    if HH <= 0 or WW <= 0 or sh <= 0 or sw <= 0 or HH > H or WW > W:
        raise ValueError("invalid pooling window")
    H_out = 1 + (H - HH) // sh
    W_out = 1 + (W - WW) // sw
    out = np.zeros((N, C, H_out, W_out))
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    out[n, c, i, j] = np.mean(x[n, c, i * sh : i * sh + HH, j * sw : j * sw + WW])
    return out, (x.shape, (HH, WW), (sh, sw))


def avg_pool2d_backward__naive_loops(dout, cache):
    shape, (HH, WW), (sh, sw) = cache
    N, C, H_out, W_out = dout.shape
    dx = np.zeros(shape)
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    dx[n, c, i * sh : i * sh + HH, j * sw : j * sw + WW] += dout[n, c, i, j] / (
                        HH * WW
                    )
    return dx


def conv2d_param_count__naive_loops(in_channels, out_channels, kernel_size, bias=True):
    HH, WW = kernel_size if isinstance(kernel_size, tuple) else (kernel_size, kernel_size)
    per_filter = in_channels * HH * WW + (1 if bias else 0)
    return per_filter * out_channels


def conv2d_forward__im2col(x, w, b, stride=1, padding=0):
    # im2col with stride tricks: all windows as one (N, OH, OW, C, KH, KW) view, then one
    # tensordot with the filters.
    from numpy.lib.stride_tricks import sliding_window_view

    sh, sw = (stride, stride) if np.ndim(stride) == 0 else tuple(stride)
    ph, pw = (padding, padding) if np.ndim(padding) == 0 else tuple(padding)
    if x.shape[1] != w.shape[1]:
        raise ValueError("channel mismatch")
    if min(sh, sw) < 1 or min(ph, pw) < 0:
        raise ValueError("bad stride or padding")
    kh, kw = w.shape[2:]
    if kh > x.shape[2] + 2 * ph or kw > x.shape[3] + 2 * pw:
        raise ValueError("kernel larger than the padded input")
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    cols = sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw]
    # cols: (N, C, OH, OW, KH, KW); contract C, KH, KW with w's (C, KH, KW).
    out = np.tensordot(cols, w, axes=([1, 4, 5], [1, 2, 3])).transpose(0, 3, 1, 2)
    return out + b.reshape(1, -1, 1, 1), (xp, w, (sh, sw), (ph, pw), x.shape)


def conv2d_backward__im2col(dout, cache):
    from numpy.lib.stride_tricks import sliding_window_view

    xp, w, (sh, sw), (ph, pw), shape = cache
    kh, kw = w.shape[2:]
    oh, ow = dout.shape[2:]
    cols = sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw]
    dw = np.tensordot(dout, cols, axes=([0, 2, 3], [0, 2, 3]))  # (F, C, KH, KW)
    dcols = np.tensordot(dout, w, axes=([1], [0]))  # (N, OH, OW, C, KH, KW)
    dxp = np.zeros(xp.shape)
    # col2im: scatter every window back with np.add.at (windows may overlap).
    n_idx, c_idx, i_idx, j_idx, u_idx, v_idx = np.ix_(
        np.arange(shape[0]),
        np.arange(shape[1]),
        np.arange(oh),
        np.arange(ow),
        np.arange(kh),
        np.arange(kw),
    )
    np.add.at(
        dxp,
        (n_idx, c_idx, i_idx * sh + u_idx, j_idx * sw + v_idx),
        dcols.transpose(0, 3, 1, 2, 4, 5),
    )
    dx = dxp[:, :, ph : ph + shape[2], pw : pw + shape[3]]
    return dx, dw, dout.sum(axis=(0, 2, 3))


def max_pool2d_forward__stride_tricks(x, kernel_size, stride=None):
    from numpy.lib.stride_tricks import sliding_window_view

    kh, kw = (kernel_size, kernel_size) if np.ndim(kernel_size) == 0 else tuple(kernel_size)
    sh, sw = (
        (kh, kw) if stride is None else (stride, stride) if np.ndim(stride) == 0 else tuple(stride)
    )
    if min(kh, kw, sh, sw) < 1 or kh > x.shape[2] or kw > x.shape[3]:
        raise ValueError("invalid pooling configuration")
    windows = sliding_window_view(x, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw]
    flat = windows.reshape(windows.shape[:4] + (kh * kw,))
    return flat.max(axis=-1), (x.shape, flat.argmax(axis=-1), (kh, kw, sh, sw))


def max_pool2d_backward__stride_tricks(dout, cache):
    shape, first, (kh, kw, sh, sw) = cache
    n, c, oh, ow = dout.shape
    rows = np.arange(oh)[:, None] * sh + first // kw
    cols = np.arange(ow)[None, :] * sw + first % kw
    dx = np.zeros(shape)
    batch = np.arange(n)[:, None, None, None]
    channel = np.arange(c)[None, :, None, None]
    np.add.at(dx, (batch, channel, rows, cols), dout)
    return dx


def avg_pool2d_forward__stride_tricks(x, kernel_size, stride=None):
    from numpy.lib.stride_tricks import sliding_window_view

    kh, kw = (kernel_size, kernel_size) if np.ndim(kernel_size) == 0 else tuple(kernel_size)
    sh, sw = (
        (kh, kw) if stride is None else (stride, stride) if np.ndim(stride) == 0 else tuple(stride)
    )
    if min(kh, kw, sh, sw) < 1 or kh > x.shape[2] or kw > x.shape[3]:
        raise ValueError("invalid pooling configuration")
    windows = sliding_window_view(x, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw]
    return windows.sum(axis=(4, 5)) / (kh * kw), (x.shape, (kh, kw, sh, sw))


def avg_pool2d_backward__stride_tricks(dout, cache):
    shape, (kh, kw, sh, sw) = cache
    n, c, oh, ow = dout.shape
    dx = np.zeros(shape)
    rows = (np.arange(oh) * sh)[:, None, None, None] + np.arange(kh)[None, None, :, None]
    cols = (np.arange(ow) * sw)[None, :, None, None] + np.arange(kw)[None, None, None, :]
    share = np.broadcast_to((dout / (kh * kw))[..., None, None], (n, c, oh, ow, kh, kw))
    np.add.at(dx, (slice(None), slice(None), rows, cols), share)
    return dx


def conv2d_param_count__math_prod(in_channels, out_channels, kernel_size, bias=True):
    import math

    kernel = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    return math.prod((out_channels, in_channels, *kernel)) + (out_channels if bias else 0)


LAYER_ALTERNATIVES = (
    Alternative(
        id="conv_layers_naive_loops",
        topic="conv",
        why="CS231n-style nested loops, one Python iteration per output element",
        overrides=(
            conv2d_forward__naive_loops,
            conv2d_backward__naive_loops,
            max_pool2d_forward__naive_loops,
            max_pool2d_backward__naive_loops,
            avg_pool2d_forward__naive_loops,
            avg_pool2d_backward__naive_loops,
            conv2d_param_count__naive_loops,
        ),
    ),
    Alternative(
        id="conv_layers_vectorised",
        topic="conv",
        why="im2col by sliding_window_view and tensordot, col2im and pooling by np.add.at",
        overrides=(
            conv2d_forward__im2col,
            conv2d_backward__im2col,
            max_pool2d_forward__stride_tricks,
            max_pool2d_backward__stride_tricks,
            avg_pool2d_forward__stride_tricks,
            avg_pool2d_backward__stride_tricks,
            conv2d_param_count__math_prod,
        ),
    ),
)

ALTERNATIVES = ALTERNATIVES + LAYER_ALTERNATIVES

# Mutants of solutions/conv.py that behave exactly like it (each argued in docs/mutation.md):
# the mutation run (grader/frontends/mutation.py) expects these, and only these, to survive.
EQUIVALENT_MUTANTS: tuple[str, ...] = (
    "'int((n + 2 * padding - span) // stride + 1)': unwrap",
    "'int(out)': unwrap",
    "'(n + 2 * padding - span) // stride': operator -> Div",
    "'room // stride': operator -> Div",
)


# What the second stage of diagnosis (grader/engine/explain/) says of these mistakes when
# the catalogue is left out: (mistake, property) -> (detector kind, its words), each read
# and judged a correct description of the mistake.  tests/test_explain.py checks that it
# says exactly this, so a new or changed detector is reviewed here again.
EXPLAINED = {
    ("conv_rounds_instead_of_flooring", "conv_output_size_matches_torch"): (
        "off_by_one",
        "Your result is either PyTorch's or 1 more, never further off: right on 10 of the inputs checked, 1 too large on the other 2.",
    ),
    ("conv_missing_plus_one", "conv_output_size_matches_torch"): (
        "offset",
        "Your result is exactly 1 less than PyTorch's on every input checked (off by one).",
    ),
    ("conv_pool_ceil_without_last_window_rule", "pool_output_size_matches_torch"): (
        "off_by_one",
        "Your result is either PyTorch's or 1 more, never further off: right on 10 of the inputs checked, 1 too large on the other 2.",
    ),
    (
        "conv_pool_ceil_without_last_window_rule",
        "pool_output_size_ceil_mode_drops_window_starting_in_padding",
    ): (
        "offset",
        "Your result is exactly 1 more than PyTorch's on every input checked (off by one).",
    ),
    ("conv_pool_ceil_always", "pool_output_size_floors_without_ceil_mode"): (
        "off_by_one",
        "Your result is either PyTorch's or 1 more, never further off: right on 9 of the inputs checked, 1 too large on the other 3.",
    ),
    ("conv_layer_output_channels_last", "conv2d_forward_matches_torch"): (
        "form",
        "Your output holds PyTorch's numbers with the axes in another order: `np.transpose(yours, (0, 3, 1, 2))` equals PyTorch's on every input checked.",
    ),
}
