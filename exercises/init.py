"""Weight initialization: fan_in / fan_out, gains, Xavier (Glorot) and He (Kaiming).

Implement each function with NumPy only, following ``torch.nn.init``.  A weight has
PyTorch's layout ``(out, in, *kernel)``: ``(out_features, in_features)`` for
``nn.Linear`` and ``(out_channels, in_channels, kH, kW)`` for ``nn.Conv2d`` (NOT the
``(in, out)`` layout of a NumPy ``x @ W``).

Randomness comes only from the ``rng`` argument, a ``numpy.random.Generator``: draw from
it (e.g. ``rng.uniform(-b, b, size=shape)``, ``rng.standard_normal(shape)``), never from
``np.random.randn`` or a generator of your own, so the same seed always gives the same
weights.  The samplers return a new float64 array of exactly ``shape``.  The samplers are
checked statistically: the values' range, mean, standard deviation and distribution
(a Kolmogorov-Smirnov test) must be those of the distribution PyTorch's function draws
from.  ``pytest exercises/ -m init`` checks this file; ``-m kaiming_normal`` checks one
function.  You may call your ``fan_in_and_fan_out`` and ``calculate_gain`` in the
samplers.

가중치 초기화(weight initialization)를 NumPy로 구현하세요: fan_in과 fan_out, 활성화 함수별
gain, Xavier(Glorot) 초기화와 He(Kaiming) 초기화입니다. 가중치의 shape은 PyTorch와 같은
(out, in, *kernel)입니다 (nn.Linear는 (출력 수, 입력 수), nn.Conv2d는 (출력 채널, 입력 채널,
kH, kW)). NumPy의 x @ W에서 쓰는 (in, out) 순서가 아닙니다. 난수는 인자로 받은 rng에서만
뽑으세요. 같은 seed면 늘 같은 가중치가 나와야 합니다.
"""

import numpy as np


def fan_in_and_fan_out(shape: tuple[int, ...]) -> tuple[int, int]:
    """The fan_in and fan_out of a weight of this shape, as PyTorch counts them.

    Args:
        shape: a tuple of ints, the weight's shape ``(out, in, *kernel)``.

    Returns:
        (fan_in, fan_out), two ints: ``fan_in = in * prod(kernel)``,
        ``fan_out = out * prod(kernel)`` (``prod(kernel)`` is 1 for a 2-D weight).
        E.g. ``(20, 10)`` (``nn.Linear(10, 20)``) gives ``(10, 20)``; ``(64, 3, 5, 5)``
        (``nn.Conv2d(3, 64, 5)``) gives ``(75, 1600)``.  Sides of size 0 are allowed
        (the fans may then be 0).

    Raises:
        ValueError: for fewer than 2 dimensions (``()`` or ``(n,)``), as PyTorch does.

    Careful: ``np.prod(())`` is the float ``1.0``; the fans must be ints.
    PyTorch counterpart: ``torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))``.

    가중치 shape (out, in, *kernel)의 fan_in(입력 수)과 fan_out(출력 수)을 정수 두 개로
    돌려줍니다: fan_in = in * prod(kernel), fan_out = out * prod(kernel). 합성곱의 커널 크기
    (receptive field)도 곱해야 합니다. 차원이 2개보다 적으면 PyTorch처럼 ValueError를
    일으키세요. np.prod(())는 float 1.0이니 주의하세요.
    """
    raise NotImplementedError(
        "fan_in_and_fan_out is not implemented yet: read its docstring in "
        "exercises/init.py, then replace this line with your code."
    )


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """The recommended gain for a nonlinearity, exactly ``torch.nn.init.calculate_gain``.

    Args:
        nonlinearity: the activation's name (``torch.nn.functional`` spelling, lower case).
        param: for ``"leaky_relu"`` only, its negative slope; ``None`` means PyTorch's
            default slope 0.01 (and 0 is a slope of 0, not "missing").  Ignored for every
            other name.

    Returns:
        A float:

        * 1 for ``"linear"``, ``"conv1d"``, ``"conv2d"``, ``"conv3d"``,
          ``"conv_transpose1d"``, ``"conv_transpose2d"``, ``"conv_transpose3d"`` and
          ``"sigmoid"``;
        * 5/3 for ``"tanh"``; sqrt(2) for ``"relu"``; 3/4 for ``"selu"``;
        * sqrt(2 / (1 + slope**2)) for ``"leaky_relu"``.

    Raises:
        ValueError: for any other name (``"gelu"``, ``"ReLU"``, ``"identity"``, ...), as
            PyTorch does.

    PyTorch counterpart: ``torch.nn.init.calculate_gain``.

    활성화 함수별 권장 gain (torch.nn.init.calculate_gain과 같음): linear, conv*, sigmoid는
    1, tanh는 5/3, relu는 sqrt(2), selu는 3/4, leaky_relu는 sqrt(2 / (1 + slope**2))입니다.
    slope는 param이고, param이 None이면 0.01입니다 (param = 0은 기울기 0이지 "없음"이
    아닙니다). PyTorch가 모르는 이름이면 ValueError를 일으키세요 (대소문자도 구분합니다).
    """
    raise NotImplementedError(
        "calculate_gain is not implemented yet: read its docstring in "
        "exercises/init.py, then replace this line with your code."
    )


def xavier_uniform(
    shape: tuple[int, ...], rng: np.random.Generator, gain: float = 1.0
) -> np.ndarray:
    """Xavier (Glorot) uniform initialization, as ``torch.nn.init.xavier_uniform_``.

    Args:
        shape: the weight's shape ``(out, in, *kernel)``, at least 2 dimensions.
        rng: the only source of randomness.
        gain: a positive scaling factor (e.g. ``calculate_gain("tanh")``).

    Returns:
        A new float64 array of exactly ``shape``, each value drawn independently from the
        uniform distribution U(-bound, bound) with
        ``bound = gain * sqrt(6 / (fan_in + fan_out))`` (its std is
        ``gain * sqrt(2 / (fan_in + fan_out))``).  A shape with a side of size 0 gives an
        empty array (when fan_in + fan_out == 0 PyTorch divides by zero; not tested).

    Raises:
        ValueError: for fewer than 2 dimensions, as PyTorch does.

    PyTorch counterpart: ``torch.nn.init.xavier_uniform_(torch.empty(shape), gain)``.

    Xavier(Glorot) 균등분포 초기화: 각 값을 U(-bound, bound)에서 독립적으로 뽑습니다.
    bound = gain * sqrt(6 / (fan_in + fan_out)). fan_in과 fan_out을 모두 씁니다. 결과는
    shape 그대로의 새 float64 배열이고, 차원이 2개보다 적으면 ValueError입니다.
    """
    raise NotImplementedError(
        "xavier_uniform is not implemented yet: read its docstring in "
        "exercises/init.py, then replace this line with your code."
    )


def xavier_normal(
    shape: tuple[int, ...], rng: np.random.Generator, gain: float = 1.0
) -> np.ndarray:
    """Xavier (Glorot) normal initialization, as ``torch.nn.init.xavier_normal_``.

    Args:
        shape: the weight's shape ``(out, in, *kernel)``, at least 2 dimensions.
        rng: the only source of randomness.
        gain: a positive scaling factor.

    Returns:
        A new float64 array of exactly ``shape``, each value drawn independently from the
        normal distribution N(0, std**2) with ``std = gain * sqrt(2 / (fan_in + fan_out))``
        (a plain normal: not truncated, not uniform).  A shape with a side of size 0 gives
        an empty array (when fan_in + fan_out == 0 PyTorch divides by zero; not tested).

    Raises:
        ValueError: for fewer than 2 dimensions, as PyTorch does.

    PyTorch counterpart: ``torch.nn.init.xavier_normal_(torch.empty(shape), gain)``.

    Xavier(Glorot) 정규분포 초기화: 각 값을 평균 0, 표준편차
    std = gain * sqrt(2 / (fan_in + fan_out))인 정규분포에서 독립적으로 뽑습니다.
    균등분포의 bound(sqrt(6 / ...))가 아니라 표준편차입니다. 결과는 shape 그대로의 새
    float64 배열이고, 차원이 2개보다 적으면 ValueError입니다.
    """
    raise NotImplementedError(
        "xavier_normal is not implemented yet: read its docstring in "
        "exercises/init.py, then replace this line with your code."
    )


def kaiming_uniform(
    shape: tuple[int, ...],
    rng: np.random.Generator,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
) -> np.ndarray:
    """He (Kaiming) uniform initialization, as ``torch.nn.init.kaiming_uniform_``.

    Args:
        shape: the weight's shape ``(out, in, *kernel)``, at least 2 dimensions.
        rng: the only source of randomness.
        a: the negative slope of the leaky ReLU after this layer; it is passed to
            ``calculate_gain(nonlinearity, a)``, so it only matters for ``"leaky_relu"``.
        mode: ``"fan_in"`` (keeps the forward pass's variance) or ``"fan_out"`` (the
            backward pass's); PyTorch ignores its capitalisation (``"FAN_OUT"`` works).
        nonlinearity: a name ``calculate_gain`` knows.

    Returns:
        A new float64 array of exactly ``shape``, each value drawn independently from
        U(-bound, bound) with ``bound = gain * sqrt(3 / fan)``, where
        ``gain = calculate_gain(nonlinearity, a)`` and ``fan`` is fan_in or fan_out as
        ``mode`` says (He uses ONE fan, not fan_in + fan_out).  With the defaults
        (a = 0, leaky_relu) the gain is sqrt(2).  A shape with a side of size 0 gives an
        empty array without any other check (PyTorch: a no-op).

    Raises:
        ValueError: for fewer than 2 dimensions, a mode other than fan_in / fan_out, or a
            nonlinearity ``calculate_gain`` does not know, as PyTorch does.

    PyTorch counterpart:
    ``torch.nn.init.kaiming_uniform_(torch.empty(shape), a, mode, nonlinearity)``.

    He(Kaiming) 균등분포 초기화: U(-bound, bound), bound = gain * sqrt(3 / fan).
    gain = calculate_gain(nonlinearity, a)이고 (기본값 a = 0, leaky_relu이면 sqrt(2)),
    fan은 mode에 따라 fan_in 또는 fan_out 하나입니다 (Xavier처럼 둘을 더하지 않음).
    mode는 대소문자를 가리지 않습니다. mode나 nonlinearity가 잘못되었거나 차원이 2개보다
    적으면 ValueError입니다. 크기 0인 차원이 있으면 빈 배열을 돌려줍니다.
    """
    raise NotImplementedError(
        "kaiming_uniform is not implemented yet: read its docstring in "
        "exercises/init.py, then replace this line with your code."
    )


def kaiming_normal(
    shape: tuple[int, ...],
    rng: np.random.Generator,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
) -> np.ndarray:
    """He (Kaiming) normal initialization, as ``torch.nn.init.kaiming_normal_``.

    Args:
        shape: the weight's shape ``(out, in, *kernel)``, at least 2 dimensions.
        rng: the only source of randomness.
        a: the negative slope of the leaky ReLU after this layer (see ``kaiming_uniform``).
        mode: ``"fan_in"`` or ``"fan_out"``, in any capitalisation.
        nonlinearity: a name ``calculate_gain`` knows.

    Returns:
        A new float64 array of exactly ``shape``, each value drawn independently from
        N(0, std**2) with ``std = gain / sqrt(fan)`` (the standard deviation: the
        variance is gain**2 / fan), ``gain = calculate_gain(nonlinearity, a)`` and ``fan``
        chosen by ``mode``.  With the defaults std = sqrt(2 / fan_in).  A shape with a
        side of size 0 gives an empty array without any other check (PyTorch: a no-op).

    Raises:
        ValueError: as ``kaiming_uniform``.

    PyTorch counterpart:
    ``torch.nn.init.kaiming_normal_(torch.empty(shape), a, mode, nonlinearity)``.

    He(Kaiming) 정규분포 초기화: 평균 0, 표준편차 std = gain / sqrt(fan)인 정규분포
    (분산은 gain**2 / fan이니 제곱근을 잊지 마세요). 기본값이면 std = sqrt(2 / fan_in)입니다.
    gain, fan, ValueError 규칙은 kaiming_uniform과 같습니다.
    """
    raise NotImplementedError(
        "kaiming_normal is not implemented yet: read its docstring in "
        "exercises/init.py, then replace this line with your code."
    )
