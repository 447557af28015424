"""Reference solutions for exercises/conv.py (never shipped to students)."""


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
