"""Convolution and pooling: output sizes, then the layers themselves, forward and backward.

Part 1 (sizes): ``conv_output_size`` and ``pool_output_size`` take ints and return an
int, and raise ``ValueError`` for every configuration PyTorch refuses.

Part 2 (layers): ``conv2d_forward`` / ``conv2d_backward``, ``max_pool2d_forward`` /
``max_pool2d_backward``, ``avg_pool2d_forward`` / ``avg_pool2d_backward`` and
``conv2d_param_count``.  Arrays are float64 in PyTorch's channels-first layout
(N, C, H, W): batch, channels, height, width (not Keras's channels-last (N, H, W, C)).
Every forward returns ``(out, cache)``; the cache is anything your backward needs and is
passed back to it unchanged.  Functions never modify their inputs.  The tests use small
inputs (N, C and F at most 4, H and W at most 9, kernels at most 8 by 8, outputs of at
most about 2,000 elements), so a straightforward implementation with nested Python loops
(one iteration per output element) is fast enough; a vectorised one (im2col, stride
tricks) works as well.

Implement everything with NumPy only (no torch).  ``pytest exercises/ -m conv`` checks
your work against real PyTorch; ``pytest exercises/ -m conv2d_backward`` checks one
function.

합성곱(convolution)과 풀링(pooling) 계층을 지난 뒤 한 차원의 출력 크기를 계산하세요.
강의 노트의 식: output size = (input size - kernel size + 2*padding) / stride + 1
(stride로 나눌 때 소수점은 버리고 1 더하기). PyTorch가 거부하는 설정에서는 ValueError를
일으키세요.

이어서 합성곱 계층과 풀링 계층의 순전파와 역전파를 NumPy로 구현하세요. 배열은 PyTorch처럼
채널이 앞에 오는 (N, C, H, W) 순서입니다 (Keras의 (N, H, W, C)가 아님). 순전파는
(out, cache)를 돌려주고, cache는 역전파에 그대로 다시 전달됩니다. 입력 배열은 바꾸지
마세요. 테스트 입력은 작으므로 (N, C, F는 4 이하, H와 W는 9 이하, 커널은 8 x 8 이하,
출력은 약 2,000개 원소 이하) 출력 원소마다 반복하는 단순한 중첩 for 문으로 구현해도 충분히
빠릅니다.
"""

import numpy as np


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


def conv2d_forward(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
) -> tuple[np.ndarray, object]:
    """A 2-d convolution layer's forward pass, as ``torch.nn.functional.conv2d``.

    Args:
        x: float64 array of shape (N, C, H, W): N images with C channels each.
        w: float64 array of shape (F, C, KH, KW): F filters (kernels), each KH x KW over
            all C channels.
        b: float64 array of shape (F,): one bias per filter.
        stride: step between windows, an int (both directions) or a pair
            (stride_h, stride_w); default 1.
        padding: zeros added on EACH side, an int or a pair (pad_h, pad_w): pad_h rows
            above AND below, pad_w columns left AND right; default 0.

    Returns:
        (out, cache): ``out`` float64 of shape (N, F, OH, OW) with
        ``OH = conv_output_size(H, KH, stride_h, pad_h)`` (the same rule for OW), and
        out[n, f, i, j] = b[f] + sum over c, u, v of
        w[f, c, u, v] * xpad[n, c, i * stride_h + u, j * stride_w + v],
        where xpad is x with the zero padding; ``cache`` is anything your
        ``conv2d_backward`` needs.

    Raises:
        ValueError: wherever PyTorch refuses: x's C differs from w's C, the kernel is
            larger than the padded input in either direction (KH > H + 2*pad_h or
            KW > W + 2*pad_w), a stride below 1, or a negative padding.

    Convention (PyTorch's): this is cross-correlation, the kernel is NOT flipped
    (w[f, c, 0, 0] always meets the window's top-left element); signal-processing
    courses define convolution with a flipped kernel, deep-learning libraries do not.
    Windows that do not fit at the bottom/right are dropped (floor), as in
    ``conv_output_size``.
    PyTorch counterpart: ``torch.nn.functional.conv2d(x, w, b, stride, padding)``, i.e.
    ``torch.nn.Conv2d(C, F, (KH, KW), stride, padding)`` with weight w and bias b.

    합성곱 계층의 순전파. 필터(커널)를 stride만큼 옮기면서 겹치는 원소끼리 곱해 모두 더하고
    편향(bias)을 더합니다. padding은 위아래(좌우) 양쪽에 0을 붙입니다. stride와 padding은
    int 하나(두 방향 모두)이거나 (세로, 가로) 쌍입니다. 규칙 (PyTorch): 커널을 뒤집지
    않는 교차 상관(cross-correlation)입니다 (신호 처리의 합성곱과 달리 뒤집지 않음).
    출력 크기는 conv_output_size와 같습니다. x와 w의 채널 수가 다르거나, 커널이 패딩한
    입력보다 크거나, stride가 1보다 작거나, padding이 음수이면 (PyTorch가 거부하는 경우)
    ValueError를 일으키세요.
    """
    raise NotImplementedError(
        "conv2d_forward is not implemented yet: read its docstring in "
        "exercises/conv.py, then replace this line with your code."
    )


def conv2d_backward(dout: np.ndarray, cache: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of the loss through ``conv2d_forward``.

    Args:
        dout: float64 array of shape (N, F, OH, OW), the upstream gradient of out.
        cache: what your ``conv2d_forward`` returned.

    Returns:
        (dx, dw, db): float64 arrays of the shapes of x (N, C, H, W), w (F, C, KH, KW)
        and b (F,).  Each input element collects the gradient of every window it was in
        (windows overlap when the stride is smaller than the kernel); elements no window
        covered, and the padding itself, get no gradient (dx is the size of x, not of
        the padded input).  dw and db are summed over the whole batch and over all
        output positions.

    Convention: autograd's gradients through ``F.conv2d`` with the same stride and
    padding.
    PyTorch counterpart: x.grad, w.grad and b.grad after
    ``F.conv2d(x, w, b, stride, padding).backward(dout)``.

    합성곱 계층의 역전파. dx, dw, db는 각각 x, w, b와 shape이 같습니다. 창이 겹치면
    (stride < 커널) 한 입력 원소가 여러 창의 기울기를 모두 더해 받고, 어떤 창에도 들지
    않은 원소와 padding 부분은 기울기를 받지 않습니다 (dx는 패딩한 입력이 아니라 x의
    크기). dw와 db는 배치 전체와 모든 출력 위치에 대해 더합니다.
    """
    raise NotImplementedError(
        "conv2d_backward is not implemented yet: read its docstring in "
        "exercises/conv.py, then replace this line with your code."
    )


def max_pool2d_forward(
    x: np.ndarray,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
) -> tuple[np.ndarray, object]:
    """Max pooling without padding, as ``torch.nn.functional.max_pool2d``.

    Args:
        x: float64 array of shape (N, C, H, W).
        kernel_size: window size, an int or a pair (KH, KW).
        stride: step between windows, an int or a pair; ``None`` (the default) means
            stride = kernel_size, so windows do not overlap.

    Returns:
        (out, cache): ``out`` float64 of shape (N, C, OH, OW),
        ``OH = (H - KH) // stride_h + 1`` (windows that do not fit are dropped), each
        element the largest value of its window, channel by channel; ``cache`` is
        anything your ``max_pool2d_backward`` needs.

    Raises:
        ValueError: wherever PyTorch refuses: the window larger than the input in
            either direction (KH > H or KW > W: PyTorch says "Output size is too
            small"), a kernel_size or stride below 1.

    PyTorch counterpart: ``torch.nn.functional.max_pool2d(x, kernel_size, stride)``
    (``torch.nn.MaxPool2d(kernel_size, stride)``, padding 0, ceil_mode False).

    맥스 풀링(max pooling)의 순전파: 채널마다 각 창에서 가장 큰 값을 고릅니다 (padding 없음).
    stride를 주지 않으면 (None) stride = kernel_size라서 창이 겹치지 않습니다. 끝에
    다 들어가지 않는 창은 버립니다. 창이 입력보다 크거나 kernel_size나 stride가 1보다
    작으면 (PyTorch가 거부하는 경우) ValueError를 일으키세요.
    """
    raise NotImplementedError(
        "max_pool2d_forward is not implemented yet: read its docstring in "
        "exercises/conv.py, then replace this line with your code."
    )


def max_pool2d_backward(dout: np.ndarray, cache: object) -> np.ndarray:
    """Gradient of the loss through ``max_pool2d_forward``.

    Args:
        dout: float64 array of shape (N, C, OH, OW), the upstream gradient of out.
        cache: what your ``max_pool2d_forward`` returned.

    Returns:
        dx, float64 of x's shape (N, C, H, W): each window's dout goes to the one
        element that is its maximum, every other element of the window gets 0.

    Conventions (PyTorch's, on the CPU): when several elements of a window tie for the
    maximum (e.g. all zeros), only the FIRST of them in row-major order within the
    window (top row first, left to right) gets the gradient, not every one and not the
    last.  When windows overlap (stride smaller than the kernel), an element that is the
    chosen maximum of several windows receives the SUM of their gradients.
    PyTorch counterpart: x.grad after ``F.max_pool2d(x, kernel_size, stride)
    .backward(dout)``.

    맥스 풀링의 역전파: 각 창의 기울기는 그 창의 최댓값 원소 하나에만 가고 나머지는 0입니다.
    규칙 (PyTorch, CPU): 최댓값이 여러 개로 같으면 (예: 모두 0) 창 안에서 행 우선 순서로
    (윗줄부터, 왼쪽에서 오른쪽으로) 첫 번째 원소만 기울기를 받습니다 (전부도, 마지막도
    아님). 창이 겹치면 (stride < kernel_size) 여러 창의 최댓값인 원소는 그 기울기를 모두
    더해 받습니다.
    """
    raise NotImplementedError(
        "max_pool2d_backward is not implemented yet: read its docstring in "
        "exercises/conv.py, then replace this line with your code."
    )


def avg_pool2d_forward(
    x: np.ndarray,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] | None = None,
) -> tuple[np.ndarray, object]:
    """Average pooling without padding, as ``torch.nn.functional.avg_pool2d``.

    Args:
        x: float64 array of shape (N, C, H, W).
        kernel_size: window size, an int or a pair (KH, KW).
        stride: step between windows, an int or a pair; ``None`` (the default) means
            stride = kernel_size.

    Returns:
        (out, cache): ``out`` float64 of shape (N, C, OH, OW) (the same size rule as
        max pooling), each element the mean of the KH * KW values of its window,
        channel by channel; ``cache`` is anything your ``avg_pool2d_backward`` needs.

    Raises:
        ValueError: as ``max_pool2d_forward``: the window larger than the input, or a
            kernel_size or stride below 1.

    PyTorch counterpart: ``torch.nn.functional.avg_pool2d(x, kernel_size, stride)``
    (``torch.nn.AvgPool2d(kernel_size, stride)``, padding 0).

    평균 풀링(average pooling)의 순전파: 채널마다 각 창의 KH * KW개 값의 평균입니다.
    stride의 기본값(None)은 kernel_size입니다. 창이 입력보다 크거나 kernel_size나 stride가
    1보다 작으면 ValueError를 일으키세요.
    """
    raise NotImplementedError(
        "avg_pool2d_forward is not implemented yet: read its docstring in "
        "exercises/conv.py, then replace this line with your code."
    )


def avg_pool2d_backward(dout: np.ndarray, cache: object) -> np.ndarray:
    """Gradient of the loss through ``avg_pool2d_forward``.

    Args:
        dout: float64 array of shape (N, C, OH, OW), the upstream gradient of out.
        cache: what your ``avg_pool2d_forward`` returned.

    Returns:
        dx, float64 of x's shape (N, C, H, W): every element of a window receives that
        window's dout divided by the window size KH * KW; where windows overlap the
        contributions add up, and elements no window covered get 0.

    PyTorch counterpart: x.grad after ``F.avg_pool2d(x, kernel_size, stride)
    .backward(dout)``.

    평균 풀링의 역전파: 창의 모든 원소가 그 창의 기울기를 창 크기 KH * KW로 나눈 값을
    받습니다. 창이 겹치면 더하고, 어떤 창에도 들지 않은 원소는 0입니다.
    """
    raise NotImplementedError(
        "avg_pool2d_backward is not implemented yet: read its docstring in "
        "exercises/conv.py, then replace this line with your code."
    )


def conv2d_param_count(
    in_channels: int,
    out_channels: int,
    kernel_size: int | tuple[int, int],
    bias: bool = True,
) -> int:
    """The number of learnable parameters of ``torch.nn.Conv2d``.

    Args:
        in_channels: channels of the input (C >= 1).
        out_channels: number of filters (F >= 1).
        kernel_size: an int or a pair (KH, KW).
        bias: whether the layer has a bias (one per filter), default True.

    Returns:
        An int (a Python int or NumPy integer): the weights, F * C * KH * KW, plus F
        biases when ``bias`` is True.  E.g. the course notes' second Keras layer, 64
        filters of 3 x 3 over 32 channels: (3 * 3 * 32 + 1) * 64 = 18,496.

    PyTorch counterpart: ``sum(p.numel() for p in torch.nn.Conv2d(in_channels,
    out_channels, kernel_size, bias=bias).parameters())``.

    합성곱 계층의 학습 파라미터 개수 (int): 가중치 F * C * KH * KW개에, bias=True이면
    필터마다 편향 1개씩 F개를 더합니다. 강의 노트의 예: 32채널 입력에 3 x 3 필터 64개이면
    (3 * 3 * 32 + 1) * 64 = 18,496개입니다.
    """
    raise NotImplementedError(
        "conv2d_param_count is not implemented yet: read its docstring in "
        "exercises/conv.py, then replace this line with your code."
    )
