"""Reference solutions for exercises/init.py (never shipped to students)."""

import math

import numpy as np

_LINEAR = (
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "sigmoid",
)


def _fans(shape: tuple[int, ...]) -> tuple[int, int]:
    if len(shape) < 2:
        raise ValueError(
            "fan_in and fan_out cannot be computed for a weight with fewer than 2 dimensions"
        )
    receptive_field = 1  # an int: np.prod(()) would be the float 1.0
    for side in shape[2:]:
        receptive_field *= side
    return shape[1] * receptive_field, shape[0] * receptive_field


def fan_in_and_fan_out(shape: tuple[int, ...]) -> tuple[int, int]:
    return _fans(shape)


def _gain(nonlinearity: str, param: float | None = None) -> float:
    if nonlinearity in _LINEAR:
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3.0
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else param
        return math.sqrt(2.0 / (1.0 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4.0
    raise ValueError(f"unsupported nonlinearity {nonlinearity!r}")


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    return _gain(nonlinearity, param)


def _xavier_std(shape: tuple[int, ...], gain: float) -> float:
    fan_in, fan_out = _fans(shape)
    return gain * math.sqrt(2.0 / (fan_in + fan_out))


def xavier_uniform(
    shape: tuple[int, ...], rng: np.random.Generator, gain: float = 1.0
) -> np.ndarray:
    bound = math.sqrt(3.0) * _xavier_std(shape, gain)
    return rng.uniform(-bound, bound, size=shape)


def xavier_normal(
    shape: tuple[int, ...], rng: np.random.Generator, gain: float = 1.0
) -> np.ndarray:
    return _xavier_std(shape, gain) * rng.standard_normal(shape)


def _kaiming_std(shape: tuple[int, ...], a: float, mode: str, nonlinearity: str) -> float:
    mode = mode.lower()
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"mode {mode!r} not supported: use 'fan_in' or 'fan_out'")
    fan_in, fan_out = _fans(shape)
    fan = fan_in if mode == "fan_in" else fan_out
    return _gain(nonlinearity, a) / math.sqrt(fan)


def kaiming_uniform(
    shape: tuple[int, ...],
    rng: np.random.Generator,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
) -> np.ndarray:
    if 0 in shape:  # PyTorch: initializing a zero-element tensor is a no-op
        return np.empty(shape)
    bound = math.sqrt(3.0) * _kaiming_std(shape, a, mode, nonlinearity)
    return rng.uniform(-bound, bound, size=shape)


def kaiming_normal(
    shape: tuple[int, ...],
    rng: np.random.Generator,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
) -> np.ndarray:
    if 0 in shape:
        return np.empty(shape)
    return _kaiming_std(shape, a, mode, nonlinearity) * rng.standard_normal(shape)
