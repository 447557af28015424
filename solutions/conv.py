"""Reference solutions for exercises/conv.py (never shipped to students)."""

import numpy as np


def _check_int(name: str, value: int, minimum: int) -> None:
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")


def conv_output_size(
    n: int, kernel_size: int, stride: int = 1, padding: int = 0, dilation: int = 1
) -> int:
    _check_int("n", n, 1)
    _check_int("kernel_size", kernel_size, 1)
    _check_int("stride", stride, 1)
    _check_int("padding", padding, 0)
    _check_int("dilation", dilation, 1)
    span = dilation * (kernel_size - 1) + 1
    if n + 2 * padding < span:
        raise ValueError(
            f"the kernel spans {span} elements, the padded input only {n + 2 * padding}"
        )
    return int((n + 2 * padding - span) // stride + 1)


def pool_output_size(
    n: int,
    kernel_size: int,
    stride: int | None = None,
    padding: int = 0,
    dilation: int = 1,
    ceil_mode: bool = False,
) -> int:
    if stride is None:
        stride = kernel_size
    return _pool_size(n, kernel_size, stride, padding, dilation, ceil_mode)


def _pool_size(
    n: int, kernel_size: int, stride: int, padding: int, dilation: int, ceil_mode: bool
) -> int:
    """pool_output_size once the default stride is resolved."""
    _check_int("n", n, 1)
    _check_int("kernel_size", kernel_size, 1)
    _check_int("stride", stride, 1)
    _check_int("padding", padding, 0)
    _check_int("dilation", dilation, 1)
    if 2 * padding > kernel_size:
        raise ValueError(f"padding {padding} is more than half of kernel_size {kernel_size}")
    room = n + 2 * padding - dilation * (kernel_size - 1) - 1
    if ceil_mode:
        out = -(-room // stride) + 1
        # A last window starting in the right padding would see only padding: dropped.
        if (out - 1) * stride >= n + padding:
            out -= 1
    else:
        out = room // stride + 1
    if out < 1:
        raise ValueError(f"the output would have length {out}")
    return int(out)


# --- conv and pooling layers -------------------------------------------------------------


def _pair(value):
    """An int or an (h, w) pair, as an (h, w) pair."""
    if isinstance(value, (tuple, list)):
        return value[0], value[1]
    return value, value


def _windows(x, kh, kw, sh, sw, oh, ow):
    """For each kernel offset (i, j) in row-major order: the view of x that offset sees
    in every window at once, shape (N, C, oh, ow)."""
    return [
        x[:, :, i : i + sh * (oh - 1) + 1 : sh, j : j + sw * (ow - 1) + 1 : sw]
        for i in range(kh)
        for j in range(kw)
    ]


def conv2d_forward(x, w, b, stride=1, padding=0):
    sh, sw = _pair(stride)
    ph, pw = _pair(padding)
    n, c, h, wd = x.shape
    f, c_w, kh, kw = w.shape
    if c != c_w:
        raise ValueError(f"x has {c} channels but w expects {c_w}")
    if sh < 1 or sw < 1:
        raise ValueError(f"stride must be at least 1, got {stride}")
    if kh > h + 2 * ph or kw > wd + 2 * pw:
        raise ValueError(f"kernel {kh}x{kw} larger than the padded input")
    # The sizes conv_output_size gives (not called: each function stands on its own).
    oh = (h + 2 * ph - kh) // sh + 1
    ow = (wd + 2 * pw - kw) // sw + 1
    # np.pad refuses a negative padding with ValueError, as F.conv2d refuses it.
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    out = np.zeros((n, f, oh, ow)) + b[:, None, None]
    for k, patch in enumerate(_windows(xp, kh, kw, sh, sw, oh, ow)):
        # Cross-correlation: offset (i, j) of the window meets w[:, :, i, j], unflipped.
        out += np.einsum("nchw,fc->nfhw", patch, w[:, :, k // kw, k % kw])
    return out, (x, w, (sh, sw), (ph, pw))


def conv2d_backward(dout, cache):
    x, w, (sh, sw), (ph, pw) = cache
    h, wd = x.shape[2:]
    kh, kw = w.shape[2:]
    oh, ow = dout.shape[2:]
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    dxp = np.zeros(xp.shape)
    dw = np.empty(w.shape)  # every entry is set below
    patches = _windows(xp, kh, kw, sh, sw, oh, ow)
    dpatches = _windows(dxp, kh, kw, sh, sw, oh, ow)
    for k, (patch, dpatch) in enumerate(zip(patches, dpatches)):
        dw[:, :, k // kw, k % kw] = np.einsum("nfhw,nchw->fc", dout, patch)
        dpatch += np.einsum("nfhw,fc->nchw", dout, w[:, :, k // kw, k % kw])
    dx = dxp[:, :, ph : ph + h, pw : pw + wd]
    db = dout.sum(axis=(0, 2, 3))
    return dx, dw, db


def _pool_geometry(x, kernel_size, stride):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(kernel_size if stride is None else stride)
    if kh < 1 or kw < 1:
        raise ValueError(f"kernel_size must be at least 1, got {kernel_size}")
    if sh < 1 or sw < 1:
        raise ValueError(f"stride must be at least 1, got {stride}")
    h, wd = x.shape[2:]
    if kh > h or kw > wd:
        raise ValueError(f"window {kh}x{kw} larger than the input {h}x{wd}")
    return kh, kw, sh, sw, (h - kh) // sh + 1, (wd - kw) // sw + 1


def max_pool2d_forward(x, kernel_size, stride=None):
    geometry = _pool_geometry(x, kernel_size, stride)
    out = np.max(_windows(x, *geometry), axis=0)
    return out, (x, geometry)


def max_pool2d_backward(dout, cache):
    x, geometry = cache
    # argmax picks the first maximum; the offsets come in row-major order.
    first = np.argmax(_windows(x, *geometry), axis=0)
    dx = np.zeros(x.shape)
    for k, dpatch in enumerate(_windows(dx, *geometry)):
        dpatch += np.where(first == k, dout, 0.0)
    return dx


def avg_pool2d_forward(x, kernel_size, stride=None):
    geometry = _pool_geometry(x, kernel_size, stride)
    out = np.mean(_windows(x, *geometry), axis=0)
    return out, (x.shape, geometry)


def avg_pool2d_backward(dout, cache):
    shape, geometry = cache
    kh, kw = geometry[:2]
    dx = np.zeros(shape)
    for dpatch in _windows(dx, *geometry):
        dpatch += dout / (kh * kw)
    return dx


def conv2d_param_count(in_channels, out_channels, kernel_size, bias=True):
    kh, kw = _pair(kernel_size)
    weights = out_channels * in_channels * kh * kw
    return weights + out_channels if bias else weights
