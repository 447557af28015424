"""Conv and pooling output sizes: how long is one spatial dimension after a layer?

Implement each function with plain Python integers (NumPy allowed, no torch).  Both
functions take ints and return an int, and raise ``ValueError`` for every configuration
PyTorch refuses.  ``pytest exercises/ -m conv`` checks your work against real PyTorch
modules; ``pytest exercises/ -m pool_output_size`` checks one function.

합성곱(convolution)과 풀링(pooling) 계층을 지난 뒤 한 차원의 출력 크기를 계산하세요.
강의 노트의 식: output size = (input size - kernel size + 2*padding) / stride + 1
(stride로 나눌 때 소수점은 버리고 1 더하기). PyTorch가 거부하는 설정에서는 ValueError를
일으키세요.
"""


def conv_output_size(
    n: int, kernel_size: int, stride: int = 1, padding: int = 0, dilation: int = 1
) -> int:
    """Length of one spatial dimension after ``torch.nn.Conv1d`` / ``torch.nn.Conv2d``.

    Args:
        n: input length along this dimension (an int, n >= 1).
        kernel_size: kernel length (int).
        stride: step between windows (int), default 1.
        padding: zeros added on EACH side (int), default 0.
        dilation: spacing between kernel elements (int), default 1; a dilated kernel
            spans ``dilation * (kernel_size - 1) + 1`` input elements.

    Returns:
        The output length as an int (a Python int or NumPy integer, not a float):
        ``floor((n + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1``.

    Raises:
        ValueError: wherever PyTorch refuses the configuration: n, kernel_size, stride or
            dilation below 1, padding below 0, or a dilated kernel longer than the padded
            input (n + 2*padding).

    Convention (PyTorch's): the division is floored (the last window that does not fit
    is dropped); padding counts twice because it is added on both sides.
    PyTorch counterpart: ``torch.nn.Conv1d(..., kernel_size, stride, padding, dilation)``
    applied to an input of length n (Conv2d applies the same rule to each dimension).

    합성곱 계층을 지난 뒤 한 차원의 출력 크기 (int). 규칙 (PyTorch): 나눗셈은 내림
    (맞지 않는 마지막 창은 버림), padding은 양쪽에 붙으므로 2번 더합니다. dilation을
    적용한 커널은 dilation * (kernel_size - 1) + 1 칸을 덮습니다. n, kernel_size,
    stride, dilation이 1보다 작거나 padding이 음수이거나 커널이 패딩한 입력보다 길면
    (PyTorch가 거부하는 설정) ValueError를 일으키세요. 결과는 float가 아니라 int입니다.
    """
    raise NotImplementedError(
        "conv_output_size is not implemented yet: read its docstring in "
        "exercises/conv.py, then replace this line with your code."
    )


def pool_output_size(
    n: int,
    kernel_size: int,
    stride: int | None = None,
    padding: int = 0,
    dilation: int = 1,
    ceil_mode: bool = False,
) -> int:
    """Length of one spatial dimension after ``torch.nn.MaxPool1d`` / ``torch.nn.MaxPool2d``.

    Args:
        n: input length along this dimension (an int, n >= 1).
        kernel_size: window length (int).
        stride: step between windows (int); ``None`` (the default) means
            ``stride = kernel_size``, so windows do not overlap.
        padding: implicit padding on EACH side (int), at most ``kernel_size / 2``.
        dilation: spacing between window elements (int), default 1.
        ceil_mode: round the division up instead of down (bool), default False.

    Returns:
        The output length as an int (a Python int or NumPy integer, not a float):
        ``floor((n + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1``, with
        ceil instead of floor when ``ceil_mode`` is True.

    Raises:
        ValueError: wherever PyTorch refuses the configuration: n, kernel_size, stride or
            dilation below 1, padding below 0 or above kernel_size / 2, or an output
            length below 1.

    Convention (PyTorch's ceil_mode rule): with ceil_mode=True the last window must start
    inside the input or the left padding; if it would start in the right padding,
    i.e. ``(out - 1) * stride >= n + padding``, it is dropped (out is reduced by 1).
    PyTorch counterpart: ``torch.nn.MaxPool1d(kernel_size, stride, padding, dilation,
    ceil_mode=ceil_mode)`` applied to an input of length n.

    맥스 풀링 계층을 지난 뒤 한 차원의 출력 크기 (int). 규칙 (PyTorch): stride를 주지
    않으면 (None) stride = kernel_size입니다. padding은 kernel_size / 2 이하여야 합니다.
    ceil_mode=True이면 올림을 하되, 마지막 창이 오른쪽 패딩에서 시작하게 되면
    ((out - 1) * stride >= n + padding) 그 창은 버립니다. PyTorch가 거부하는 설정
    (출력 크기가 1보다 작은 경우 포함)에서는 ValueError를 일으키세요.
    """
    raise NotImplementedError(
        "pool_output_size is not implemented yet: read its docstring in "
        "exercises/conv.py, then replace this line with your code."
    )
