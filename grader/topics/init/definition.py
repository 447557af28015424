"""Weight initialization: fan_in / fan_out, gains, Xavier and He (course notes: 가중치
초기화, Xavier / He initialization, "Xavier 함수는 nn.init 패키지에 있음", 기울기 소실).

The two deterministic functions are compared with PyTorch exactly.  The four samplers draw
from the ``numpy.random.Generator`` passed in, so their values cannot be compared with
PyTorch's; what is compared is the distribution.  The oracle runs the real
``torch.nn.init`` function on ``torch.empty(shape)`` and reads the distribution it draws
from off its call to ``Tensor.uniform_(-bound, bound)`` or ``Tensor.normal_(0, std)``
(:func:`_torch_draws`), never from a formula of ours.  The student's sample is then judged
by separate statistical properties: the range, the mean, the standard deviation and a
Kolmogorov-Smirnov test.

False alarms.  Each statistical test is calibrated so that a correct sampler (independent
draws from the stated distribution) fails it on one input with probability at most
``ALPHA = 1e-8``, by an exact tail bound (each check's docstring derives it; no
asymptotic approximation).  A property run tries at most ``MAX_INPUTS = 40`` inputs
(asserted below and in the hidden suite), so by the union bound a correct sampler fails a
whole statistical property with probability below 40 * 1e-8 = 4e-7 < 1e-6.  Verdicts are
still deterministic: seeds are fixed.
"""

from __future__ import annotations

import functools
import math
import warnings
from typing import Any

import numpy as np
from hypothesis import strategies as st

from grader.define import oracle
from grader.define.compare import (
    RTOL,
    PropertyFailure,
    assert_number_close,
    check_array,
    check_number,
    unpack,
)
from grader.define.i18n import Text
from grader.define.oracle import torch
from grader.define.spec import Case, FunctionSpec, Property, Topic
from grader.isolation.calls import RAISED, StudentError

FANS = "fan_in_and_fan_out"
GAIN = "calculate_gain"
SAMPLERS = ("xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal")
UNIFORM = ("xavier_uniform", "kaiming_uniform")

# Every name torch.nn.init.calculate_gain knows (PyTorch 2.13).
LINEAR_NAMES = (
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
)
KNOWN_NONLINEARITIES = (*LINEAR_NAMES, "sigmoid", "tanh", "relu", "leaky_relu", "selu")

FUNCTIONS = (
    FunctionSpec(
        FANS,
        ("shape",),
        Text(
            "(fan_in, fan_out) of a weight of shape (out, in, *kernel), as PyTorch counts them",
            "shape이 (out, in, *kernel)인 가중치의 (fan_in, fan_out): PyTorch와 같은 방식",
        ),
    ),
    FunctionSpec(
        GAIN,
        ("nonlinearity", "param"),
        Text(
            "the recommended gain of a nonlinearity (torch.nn.init.calculate_gain)",
            "활성화 함수별 권장 gain (torch.nn.init.calculate_gain)",
        ),
    ),
    FunctionSpec(
        "xavier_uniform",
        ("shape", "rng", "gain"),
        Text(
            "Xavier uniform: U(-b, b), b = gain * sqrt(6 / (fan_in + fan_out))",
            "Xavier 균등분포: U(-b, b), b = gain * sqrt(6 / (fan_in + fan_out))",
        ),
    ),
    FunctionSpec(
        "xavier_normal",
        ("shape", "rng", "gain"),
        Text(
            "Xavier normal: N(0, std^2), std = gain * sqrt(2 / (fan_in + fan_out))",
            "Xavier 정규분포: N(0, std^2), std = gain * sqrt(2 / (fan_in + fan_out))",
        ),
    ),
    FunctionSpec(
        "kaiming_uniform",
        ("shape", "rng", "a", "mode", "nonlinearity"),
        Text(
            "He uniform: U(-b, b), b = gain * sqrt(3 / fan), one fan chosen by mode",
            "He 균등분포: U(-b, b), b = gain * sqrt(3 / fan), fan은 mode가 고르는 하나",
        ),
    ),
    FunctionSpec(
        "kaiming_normal",
        ("shape", "rng", "a", "mode", "nonlinearity"),
        Text(
            "He normal: N(0, std^2), std = gain / sqrt(fan), one fan chosen by mode",
            "He 정규분포: N(0, std^2), std = gain / sqrt(fan), fan은 mode가 고르는 하나",
        ),
    ),
)

# Keyword arguments a case may hold; a missing key means the function's default is used.
_OPTIONAL = {
    "xavier_uniform": ("gain",),
    "xavier_normal": ("gain",),
    "kaiming_uniform": ("a", "mode", "nonlinearity"),
    "kaiming_normal": ("a", "mode", "nonlinearity"),
}

# --- PyTorch references --------------------------------------------------------------------


def _refused(build: Any) -> str | None:
    """The name of the exception PyTorch raises for `build()`, or None if it does not."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            build()
        except Exception as exc:
            return type(exc).__name__
    return None


@oracle.memoised
def _torch_fans(shape: tuple[int, ...]) -> Any:
    """torch's (fan_in, fan_out) for torch.empty(shape), or the exception's name."""
    result: list[Any] = []
    refused = _refused(
        lambda: result.append(
            torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape, dtype=torch.float64))
        )
    )
    return ("refused", refused) if refused else tuple(int(v) for v in result[0])


@oracle.memoised
def _torch_gain(nonlinearity: str, *param: Any) -> Any:
    """torch.nn.init.calculate_gain(nonlinearity[, param]), or the exception's name."""
    result: list[Any] = []
    refused = _refused(lambda: result.append(torch.nn.init.calculate_gain(nonlinearity, *param)))
    return ("refused", refused) if refused else float(result[0])


@oracle.memoised
def _torch_draws(name: str, shape: tuple[int, ...], options: tuple[tuple[str, Any], ...]) -> Any:
    """What ``torch.nn.init.<name>_(torch.empty(shape), **options)`` draws from.

    ``("uniform", low, high)`` or ``("normal", mean, std)``, read off the function's call
    to ``Tensor.uniform_`` / ``Tensor.normal_``; ``("none",)`` when it draws nothing (a
    zero-element tensor); ``("refused", exception name)`` when it raises.
    """
    calls: list[tuple[Any, ...]] = []
    tensor_class = torch.Tensor
    saved = {m: tensor_class.__dict__.get(m) for m in ("uniform_", "normal_")}
    base_uniform, base_normal = tensor_class.uniform_, tensor_class.normal_

    def uniform_(self: Any, low: float = 0.0, high: float = 1.0, *args: Any, **kw: Any) -> Any:
        calls.append(("uniform", float(low), float(high)))
        return base_uniform(self, low, high, *args, **kw)

    def normal_(self: Any, mean: float = 0.0, std: float = 1.0, *args: Any, **kw: Any) -> Any:
        calls.append(("normal", float(mean), float(std)))
        return base_normal(self, mean, std, *args, **kw)

    fn = getattr(torch.nn.init, f"{name}_")
    tensor_class.uniform_, tensor_class.normal_ = uniform_, normal_
    try:
        refused = _refused(lambda: fn(torch.empty(shape, dtype=torch.float64), **dict(options)))
    finally:
        for method, original in saved.items():
            if original is None:
                delattr(tensor_class, method)
            else:
                setattr(tensor_class, method, original)
    if refused:
        return ("refused", refused)
    if len(calls) != 1:
        return ("none",) if not calls else ("several", len(calls))
    return calls[0]


def _options(name: str, case: Case) -> dict[str, Any]:
    return {key: case[key] for key in _OPTIONAL[name] if key in case}


def _distribution(name: str, case: Case) -> tuple[Any, ...]:
    """The distribution PyTorch draws from for this case (the case must be one it accepts)."""
    options = _options(name, case)
    drawn = _torch_draws(name, tuple(case["shape"]), tuple(sorted(options.items())))
    if drawn[0] == "uniform":
        if drawn[1] != -drawn[2]:
            raise RuntimeError(f"kit bug: torch draws {drawn} for {case}")
        return drawn
    if drawn[0] == "normal":
        if drawn[1] != 0.0:
            raise RuntimeError(f"kit bug: torch draws {drawn} for {case}")
        return drawn
    raise RuntimeError(f"kit bug: torch draws {drawn} for {case}")


# --- Calling the student's functions -------------------------------------------------------


@functools.cache
def seeded(seed: int) -> np.random.Generator:
    """``np.random.default_rng(seed)``, made once per seed.  Every implementation hands
    the student a generator in the same state (a clone), never this object."""
    return np.random.default_rng(seed)


def _sample(impl: Any, name: str, case: Case, seed_key: str = "seed") -> np.ndarray:
    shape = tuple(case["shape"])
    got = impl.call(name, shape, seeded(case[seed_key]), **_options(name, case))
    return check_array(got, shape, f"{name}'s result")


def _call_gain(impl: Any, case: Case) -> Any:
    if "param" in case:
        return impl.call(GAIN, case["nonlinearity"], case["param"])
    return impl.call(GAIN, case["nonlinearity"])


def _torch_gain_of(case: Case) -> Any:
    if "param" in case:
        return _torch_gain(case["nonlinearity"], case["param"])
    return _torch_gain(case["nonlinearity"])


# --- Exact tail bounds (no scipy) ----------------------------------------------------------

# A correct sampler fails one statistical check on one input with probability <= ALPHA.
ALPHA = 1e-8
# The most inputs any statistical property (public or hidden) tries: 40 * ALPHA < 1e-6.
MAX_INPUTS = 40


def _bisect(f: Any, lo: float, hi: float) -> float:
    """The root of an increasing function f on [lo, hi] (to double precision)."""
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if f(mid) < 0.0:
            lo = mid
        else:
            hi = mid
    return hi


@functools.cache
def chi2_band(n: int, log_inv: float) -> tuple[float, float]:
    """(t_lo, t_up) with P(chi2_n <= n(1 - t_lo)) and P(chi2_n >= n(1 + t_up)) each at
    most exp(-log_inv), by the Chernoff bounds
    P(chi2_n >= n(1 + t)) <= exp(-n/2 (t - log(1 + t))) and
    P(chi2_n <= n(1 - t)) <= exp(-n/2 (-t - log(1 - t))) (exact upper bounds, any n)."""
    upper = _bisect(lambda t: 0.5 * n * (t - math.log1p(t)) - log_inv, 0.0, 1e6)
    lower = _bisect(lambda t: 0.5 * n * (-t - math.log1p(-t)) - log_inv, 0.0, 1.0 - 1e-16)
    return lower, upper


def _mean_radius(n: int, proxy: float, alpha: float) -> float:
    """t with P(|mean| >= t) <= alpha for n independent draws with mean 0 that are
    sub-Gaussian with variance proxy `proxy` (P(|mean| >= t) <= 2 exp(-n t^2 / (2 proxy))):
    exact for a normal (proxy = std^2, the Chernoff bound) and for U(-b, b) by Hoeffding's
    inequality (proxy = b^2, values in an interval of length 2b)."""
    return math.sqrt(2.0 * proxy * math.log(2.0 / alpha) / n)


def _proxy(dist: tuple[Any, ...]) -> float:
    return dist[2] ** 2  # normal: std^2; uniform: bound^2 (Hoeffding)


def _std_of(dist: tuple[Any, ...]) -> float:
    return dist[2] / math.sqrt(3.0) if dist[0] == "uniform" else dist[2]


def std_band(dist: tuple[Any, ...], n: int, alpha: float = ALPHA) -> tuple[float, float]:
    """[lo, hi] holding np.std of n independent draws from `dist` except with probability
    at most alpha.

    np.var(v) = V - m^2 with V = mean(v^2) and m = mean(v).  With sigma^2 the variance:
    P(V >= sigma^2 + t_up) <= alpha/4, P(V <= sigma^2 - t_lo) <= alpha/4 and
    P(|m| >= t_m) <= alpha/2; outside these events sigma^2 - t_lo - t_m^2 <= np.var(v)
    <= V <= sigma^2 + t_up, so the union bound gives alpha.  V's tails: for a normal,
    n V / sigma^2 is chi-square with n degrees of freedom (:func:`chi2_band`); for
    U(-b, b), v^2 lies in [0, b^2] and Hoeffding gives t = b^2 sqrt(log(4/alpha) / (2n)).
    """
    var = _std_of(dist) ** 2
    log_inv = math.log(4.0 / alpha)
    if dist[0] == "normal":
        t_lo, t_up = chi2_band(n, log_inv)
        low, high = var * (1.0 - t_lo), var * (1.0 + t_up)
    else:
        t = dist[2] ** 2 * math.sqrt(log_inv / (2.0 * n))
        low, high = var - t, var + t
    t_m = _mean_radius(n, _proxy(dist), alpha / 2.0)
    return math.sqrt(max(low - t_m**2, 0.0)), math.sqrt(high)


def ks_radius(n: int, alpha: float = ALPHA) -> float:
    """epsilon with P(sup |F_n - F| > epsilon) <= alpha for the empirical CDF F_n of n
    independent draws from a continuous F: the Dvoretzky-Kiefer-Wolfowitz inequality with
    Massart's constant, P(sup |F_n - F| > e) <= 2 exp(-2 n e^2)."""
    return math.sqrt(math.log(2.0 / alpha) / (2.0 * n))


# Abramowitz & Stegun 7.1.26: |erf(x) - approximation| <= 1.5e-7 for x >= 0, so the
# normal CDF below is within 7.5e-8 of the true one; the KS check adds that much slack.
_AS_P = 0.3275911
_AS_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)
CDF_SLACK = 7.5e-8


def _normal_cdf(z: np.ndarray) -> np.ndarray:
    """The standard normal CDF (within CDF_SLACK) without scipy."""
    x = np.abs(z) / math.sqrt(2.0)
    t = 1.0 / (1.0 + _AS_P * x)
    poly = t * (_AS_A[0] + t * (_AS_A[1] + t * (_AS_A[2] + t * (_AS_A[3] + t * _AS_A[4]))))
    erf = 1.0 - poly * np.exp(-x * x)
    return 0.5 * (1.0 + np.sign(z) * erf)


def ks_statistic(sample: np.ndarray, dist: tuple[Any, ...]) -> float:
    """sup_x |F_n(x) - F(x)| for the sample and the stated distribution."""
    v = np.sort(sample, axis=None)
    n = v.size
    if dist[0] == "uniform":
        cdf = np.clip((v - dist[1]) / (dist[2] - dist[1]), 0.0, 1.0)
    else:
        cdf = _normal_cdf(v / dist[2])
    steps = np.arange(1, n + 1) / n
    return float(max(np.max(steps - cdf), np.max(cdf - (steps - 1.0 / n))))


# --- Checks: fan_in_and_fan_out and calculate_gain -----------------------------------------

WRONG_FANS = Text(
    "fan_in_and_fan_out{shape} returned (fan_in, fan_out) = {got_value}, but PyTorch "
    "counts {want_value}.",
    "fan_in_and_fan_out{shape}의 결과 (fan_in, fan_out)이 {got_value}인데 PyTorch로는 "
    "{want_value}입니다.",
)
FANS_NOT_INTS = Text(
    "fan_in_and_fan_out{shape} returned {got_value!r}: the fans should be ints (Python "
    "or NumPy integers), but one is a {kind}.",
    "fan_in_and_fan_out{shape}의 결과가 {got_value!r}입니다. fan은 정수(파이썬 int나 "
    "NumPy 정수)여야 하는데 {kind} 값이 있습니다.",
)
SHOULD_REFUSE = Text(
    "PyTorch raises {torch_exc} here, so {function} should raise ValueError; it returned "
    "normally instead.",
    "여기서 PyTorch는 {torch_exc} 예외를 일으키니 {function}도 ValueError를 일으켜야 "
    "하는데, 값을 정상적으로 돌려주었습니다.",
)
WRONG_EXCEPTION = Text(
    "PyTorch raises {torch_exc} here and {function} did raise, but {exc_type} instead of "
    "ValueError. Check the argument first and raise ValueError with a clear message.",
    "여기서 PyTorch는 {torch_exc} 예외를 일으키고 {function}도 예외를 일으켰지만, "
    "ValueError가 아니라 {exc_type}입니다. 인자를 먼저 검사하고 알기 쉬운 메시지와 함께 "
    "ValueError를 일으키세요.",
)


def _fans_of(impl: Any, case: Case) -> tuple[Any, Any]:
    got = impl.call(FANS, tuple(case["shape"]))
    fan_in, fan_out = unpack(got, ("fan_in", "fan_out"), FANS)
    return fan_in, fan_out


def check_fans(impl: Any, case: Case) -> None:
    expected = _torch_fans(tuple(case["shape"]))
    fan_in, fan_out = _fans_of(impl, case)
    got = (check_number(fan_in, "fan_in"), check_number(fan_out, "fan_out"))
    if got != expected:
        raise PropertyFailure(
            WRONG_FANS,
            expected=expected,
            got=(fan_in, fan_out),
            shape=f"({tuple(case['shape'])})",
            got_value=(fan_in, fan_out),
            want_value=expected,
        )


def check_fans_are_ints(impl: Any, case: Case) -> None:
    fans = _fans_of(impl, case)
    for value in fans:
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            kind = f"{type(value).__module__}.{type(value).__qualname__}".replace("builtins.", "")
            raise PropertyFailure(
                FANS_NOT_INTS,
                got=fans,
                shape=f"({tuple(case['shape'])})",
                got_value=fans,
                kind=kind,
            )


def _check_refusal(torch_exc: Any, call: Any, function: str) -> None:
    """The student's call must raise ValueError where PyTorch raises ValueError."""
    if torch_exc != "ValueError":
        raise RuntimeError(f"kit bug: PyTorch raises {torch_exc!r}, not ValueError, here")
    try:
        call()
    except StudentError as err:
        if err.kind != RAISED:
            raise
        if err.exc_type == "ValueError":
            return
        raise PropertyFailure(
            WRONG_EXCEPTION, function=function, torch_exc=torch_exc, exc_type=err.exc_type
        ) from None
    raise PropertyFailure(SHOULD_REFUSE, function=function, torch_exc=torch_exc)


def check_fans_refuse(impl: Any, case: Case) -> None:
    refused = _torch_fans(tuple(case["shape"]))
    torch_exc = refused[1] if refused[0] == "refused" else None
    _check_refusal(torch_exc, lambda: impl.call(FANS, tuple(case["shape"])), FANS)


def check_gain(impl: Any, case: Case) -> None:
    expected = _torch_gain_of(case)
    if isinstance(expected, tuple):
        raise RuntimeError(f"kit bug: calculate_gain refuses {case}")
    assert_number_close(_call_gain(impl, case), expected, "calculate_gain's result")


def check_gain_refuses(impl: Any, case: Case) -> None:
    refused = _torch_gain_of(case)
    torch_exc = refused[1] if isinstance(refused, tuple) else None
    _check_refusal(torch_exc, lambda: _call_gain(impl, case), GAIN)


# --- Checks: the samplers ------------------------------------------------------------------


def check_shape_and_dtype(name: str, impl: Any, case: Case) -> None:
    """The result is a float64 array of exactly `shape` (also with a side of size 0)."""
    _sample(impl, name, case)


OUTSIDE_BOUND = Text(
    "{count} of the {n} values of {function}'s sample lie outside [-bound, bound] with "
    "bound = {bound:.6g}, PyTorch's (largest |value|: {largest:.6g}).",
    "{function}의 표본 {n}개 중 {count}개가 PyTorch의 bound = {bound:.6g}로 정한 "
    "[-bound, bound] 밖에 있습니다 (가장 큰 |값|: {largest:.6g}).",
)
BOUND_NOT_REACHED = Text(
    "The largest |value| of {function}'s {n} values is {largest:.6g}, but PyTorch draws "
    "from U(-{bound:.6g}, {bound:.6g}): {n} such draws all stay below {reach:.6g} only with "
    "probability 1e-8. Your bound looks {ratio:.4g} times PyTorch's or smaller.",
    "{function}의 표본 {n}개에서 가장 큰 |값|이 {largest:.6g}인데, PyTorch는 "
    "U(-{bound:.6g}, {bound:.6g})에서 뽑습니다. 이렇게 {n}개를 뽑아 모두 {reach:.6g}보다 "
    "작을 확률은 1e-8뿐입니다. 내 bound는 PyTorch의 {ratio:.4g}배 이하로 보입니다.",
)


def check_within_bound(name: str, impl: Any, case: Case) -> None:
    """Every value lies in [-bound, bound], and the largest |value| comes close to bound.

    The first part cannot fail for a correct sampler (the kit's relative tolerance RTOL
    as slack, for a bound computed another way or in float32).  The second: for U(-b, b), |v| is U(0, b), so
    P(max |v| < b (1 - d)) = (1 - d)^n; with (1 - d)^n = ALPHA, a correct sampler fails
    with probability ALPHA = 1e-8.  Together they pin the student's bound within a
    factor 1 - d (d = 0.2% at n = 9,000)."""
    dist = _distribution(name, case)
    bound = dist[2]
    sample = _sample(impl, name, case)
    magnitude = np.abs(sample)
    largest = float(np.max(magnitude, initial=0.0)) if sample.size else 0.0
    outside = int(np.count_nonzero(~(magnitude <= bound * (1.0 + RTOL))))
    if outside:
        raise PropertyFailure(
            OUTSIDE_BOUND,
            function=name,
            count=outside,
            n=sample.size,
            bound=bound,
            largest=largest,
        )
    reach = bound * ALPHA ** (1.0 / sample.size)
    if largest < reach:
        raise PropertyFailure(
            BOUND_NOT_REACHED,
            function=name,
            n=sample.size,
            largest=largest,
            bound=bound,
            reach=reach,
            ratio=largest / bound,
        )


WRONG_MEAN = Text(
    "The mean of {function}'s {n} values is {mean:.6g}; PyTorch's distribution has mean 0 "
    "and std {std:.6g}, and the mean of {n} such draws stays within +-{radius:.6g} except "
    "with probability 1e-8.",
    "{function}의 표본 {n}개의 평균이 {mean:.6g}입니다. PyTorch의 분포는 평균 0, 표준편차 "
    "{std:.6g}이고, 이런 값 {n}개의 평균은 1e-8의 확률을 빼면 +-{radius:.6g} 안에 있습니다.",
)


def check_mean(name: str, impl: Any, case: Case) -> None:
    """|mean| <= t with P(|mean| >= t) <= ALPHA (:func:`_mean_radius`: the exact
    Gaussian Chernoff bound for a normal, Hoeffding's inequality for a uniform)."""
    dist = _distribution(name, case)
    sample = _sample(impl, name, case)
    mean = float(np.mean(sample))
    radius = _mean_radius(sample.size, _proxy(dist), ALPHA)
    if not abs(mean) <= radius:
        raise PropertyFailure(
            WRONG_MEAN,
            function=name,
            n=sample.size,
            mean=mean,
            std=_std_of(dist),
            radius=radius,
        )


WRONG_STD = Text(
    "The standard deviation of {function}'s {n} values is {got_std:.6g}, {ratio:.4g} times "
    "PyTorch's {std:.6g}; for {n} draws from PyTorch's distribution it lies in "
    "[{low:.6g}, {high:.6g}] except with probability 1e-8.",
    "{function}의 표본 {n}개의 표준편차가 {got_std:.6g}로, PyTorch의 {std:.6g}의 "
    "{ratio:.4g}배입니다. PyTorch의 분포에서 {n}개를 뽑으면 1e-8의 확률을 빼고는 "
    "[{low:.6g}, {high:.6g}] 안에 있습니다.",
)


def check_std(name: str, impl: Any, case: Case) -> None:
    """np.std of the sample lies in :func:`std_band` (false alarm <= ALPHA, derived there)."""
    dist = _distribution(name, case)
    sample = _sample(impl, name, case)
    got = float(np.std(sample))
    low, high = std_band(dist, sample.size)
    if not low <= got <= high:
        std = _std_of(dist)
        raise PropertyFailure(
            WRONG_STD,
            function=name,
            n=sample.size,
            got_std=got,
            std=std,
            ratio=got / std,
            low=low,
            high=high,
        )


KS_REJECTED = Text(
    "{function}'s {n} values do not look drawn from PyTorch's {law}: the largest gap between "
    "their empirical CDF and its CDF is {gap:.4g} (Kolmogorov-Smirnov), above {radius:.4g}, "
    "which a true sample of {n} exceeds only with probability 1e-8 (DKW inequality).",
    "{function}의 표본 {n}개는 PyTorch의 {law_ko}에서 뽑은 것으로 보이지 않습니다. 경험적 "
    "누적분포함수(CDF)와 그 분포의 CDF의 최대 차이가 {gap:.4g}로 (Kolmogorov-Smirnov), "
    "{radius:.4g}보다 큽니다. 그 분포에서 {n}개를 제대로 뽑았다면 이 값을 넘을 확률은 "
    "1e-8뿐입니다 (DKW 부등식).",
)


def check_ks(name: str, impl: Any, case: Case) -> None:
    """Kolmogorov-Smirnov against PyTorch's distribution: sup |F_n - F| <= epsilon, with
    P(sup |F_n - F| > epsilon) <= ALPHA by the DKW inequality (:func:`ks_radius`); for the
    normal, epsilon grows by CDF_SLACK, the CDF approximation's largest error."""
    dist = _distribution(name, case)
    sample = _sample(impl, name, case)
    gap = ks_statistic(sample, dist)
    radius = ks_radius(sample.size) + (CDF_SLACK if dist[0] == "normal" else 0.0)
    if not gap <= radius:
        if dist[0] == "uniform":
            law = f"U(-{dist[2]:.6g}, {dist[2]:.6g})"
            law_ko = f"균등분포 {law}"
        else:
            law = f"N(0, {dist[2]:.6g}^2)"
            law_ko = f"정규분포 {law}"
        raise PropertyFailure(
            KS_REJECTED,
            function=name,
            n=sample.size,
            law=law,
            law_ko=law_ko,
            gap=gap,
            radius=radius,
        )


NOT_REPRODUCIBLE = Text(
    "Called twice with rng = np.random.default_rng(seed) and the same seed, {function} "
    "returned different arrays ({count} of {total} values differ). Below, 'expected' is "
    "the first call's result and 'got' the second's.",
    "같은 seed의 rng = np.random.default_rng(seed)로 두 번 불렀는데 {function}의 결과가 "
    "다릅니다 ({total}개 중 {count}개가 다름). 아래의 기대값은 첫 번째 호출의 결과, "
    "내 결과는 두 번째 호출의 결과입니다.",
)


def check_same_seed(name: str, impl: Any, case: Case) -> None:
    first = _sample(impl, name, case)
    second = _sample(impl, name, case)
    if not np.array_equal(first, second, equal_nan=True):
        raise PropertyFailure(
            NOT_REPRODUCIBLE,
            expected=first,
            got=second,
            function=name,
            count=int(np.count_nonzero(first != second)),
            total=first.size,
        )


SAME_FOR_DIFFERENT_SEEDS = Text(
    "With two different seeds (seed and other_seed) {function} returned exactly the same "
    "{n} values. Independent draws coincide with probability below 1e-15, so the values "
    "do not come from rng.",
    "서로 다른 두 seed (seed와 other_seed)로 불렀는데 {function}의 결과가 값 {n}개 모두 "
    "똑같습니다. 서로 독립인 두 표본이 같을 확률은 1e-15보다 작으니, 값이 rng에서 나오지 "
    "않은 것입니다.",
)


def check_different_seeds(name: str, impl: Any, case: Case) -> None:
    """Two seeds must give different arrays.  False alarm: a sampler drawing from rng
    gives two independent samples of n >= 8 continuous values; they are equal only if
    every value repeats: about (2^-53)^8, far below 1e-15 (one double of rng.random
    repeats with probability 2^-53)."""
    first = _sample(impl, name, case)
    second = _sample(impl, name, case, seed_key="other_seed")
    if np.array_equal(first, second):
        raise PropertyFailure(SAME_FOR_DIFFERENT_SEEDS, function=name, n=first.size)


def check_sampler_refuses(name: str, impl: Any, case: Case) -> None:
    drawn = _torch_draws(name, tuple(case["shape"]), tuple(sorted(_options(name, case).items())))
    torch_exc = drawn[1] if drawn[0] == "refused" else None
    shape = tuple(case["shape"])
    _check_refusal(
        torch_exc,
        lambda: impl.call(name, shape, seeded(case["seed"]), **_options(name, case)),
        name,
    )


def sample_summary(value: Any) -> Any:
    """What diagnosis keeps of a sampler's result (``Property.recorded``): its spread.

    A mistake is named when the student's sample has the same shape, dtype, mean, standard
    deviation and extremes as the catalogued mistake's drawn from the same rng (within the
    kit's tolerance, grader.define.compare): the values' spread, not 10,000 values, is what the
    recordings and the release's fingerprints keep.  Small arrays are kept whole.
    """
    if not isinstance(value, np.ndarray) or value.size <= 16 or value.dtype.kind != "f":
        return value
    with np.errstate(all="ignore"):
        return (
            "sample",
            value.shape,
            value.dtype.str,
            float(np.mean(value)),
            float(np.std(value)),
            float(np.min(value)),
            float(np.max(value)),
        )


def _for(check: Any, *bound: Any) -> Any:
    return functools.partial(check, *bound)


# --- Strategies (this topic's own) ---------------------------------------------------------

GAINS = (1.0, 5.0 / 3.0, math.sqrt(2.0), 0.75, 0.5, 3.0)
SLOPES = (0.0, 0.01, 0.2, 1.0, math.sqrt(5.0), 3.0)
MODES = ("fan_in", "fan_out", "FAN_IN", "Fan_Out")


@st.composite
def weight_shape(draw: st.DrawFn, min_size: int = 4000, max_size: int = 10000) -> tuple:
    """A shape (out, in, *kernel) of 2 to 5 dimensions with about min_size..max_size
    elements (a sample large enough for the statistical tests), fans far apart or not."""
    kernel = draw(st.lists(st.integers(1, 4), max_size=3))
    field = math.prod(kernel)
    out = draw(st.integers(1, 160))
    target = draw(st.integers(min_size, max_size))
    inputs = max(1, round(target / (out * field)))
    return (out, inputs, *kernel)


def _draw_options(draw: st.DrawFn, name: str) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if name.startswith("xavier"):
        if draw(st.booleans()):
            options["gain"] = draw(st.one_of(st.sampled_from(GAINS), st.floats(0.25, 4.0)))
        return options
    if draw(st.booleans()):
        options["a"] = draw(st.one_of(st.sampled_from(SLOPES), st.floats(0.0, 4.0)))
    if draw(st.booleans()):
        options["mode"] = draw(st.sampled_from(MODES))
    if draw(st.booleans()):
        options["nonlinearity"] = draw(st.sampled_from(KNOWN_NONLINEARITIES))
    return options


@st.composite
def sampler_case(draw: st.DrawFn, name: str, min_size: int = 4000, max_size: int = 10000) -> dict:
    """A large shape, a seed and (some of) the sampler's keyword arguments."""
    case: dict[str, Any] = {"shape": draw(weight_shape(min_size, max_size))}
    case["seed"] = draw(st.integers(0, 2**20))
    case.update(_draw_options(draw, name))
    return case


@st.composite
def seed_pair_case(draw: st.DrawFn, name: str) -> dict:
    case = draw(sampler_case(name, 16, 400))
    case["other_seed"] = case["seed"] + draw(st.integers(1, 1000))
    return case


@st.composite
def any_shape_case(draw: st.DrawFn, name: str, max_side: int = 6) -> dict:
    """Any shape of 2 to 5 dimensions, sides of size 0 included (for Xavier not with both
    fans 0, where PyTorch divides by zero: no kernel side 0, not out == in == 0)."""
    kaiming = name.startswith("kaiming")
    out = draw(st.integers(0, max_side))
    inputs = draw(st.integers(0 if kaiming or out else 1, max_side))
    kernel = draw(st.lists(st.integers(0 if kaiming else 1, max_side), max_size=3))
    case: dict[str, Any] = {"shape": (out, inputs, *kernel), "seed": draw(st.integers(0, 2**20))}
    case.update(_draw_options(draw, name))
    return case


@st.composite
def invalid_sampler_case(draw: st.DrawFn, name: str) -> dict:
    """Cases PyTorch refuses with ValueError: fewer than 2 dimensions; for He also a mode
    other than fan_in / fan_out or an unknown nonlinearity (on a shape with no side 0,
    where PyTorch checks nothing)."""
    case: dict[str, Any] = {"seed": draw(st.integers(0, 2**20))}
    kinds = ["dims"] + (["mode", "nonlinearity"] if name.startswith("kaiming") else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "dims":
        case["shape"] = tuple(draw(st.lists(st.integers(1, 8), max_size=1)))
        case.update(_draw_options(draw, name))
        return case
    case["shape"] = tuple(draw(st.lists(st.integers(1, 6), min_size=2, max_size=4)))
    case.update(_draw_options(draw, name))
    if kind == "mode":
        case["mode"] = draw(st.sampled_from(BAD_MODES))
    else:
        case["nonlinearity"] = draw(st.sampled_from(UNKNOWN_NONLINEARITIES))
    return case


BAD_MODES = ("fan_avg", "fanin", "in", "", "fan-in", "fan_in ")
UNKNOWN_NONLINEARITIES = ("gelu", "ReLU", "identity", "elu", "swish", "Tanh", "")


@st.composite
def fans_case(draw: st.DrawFn, max_side: int = 8) -> dict:
    return {"shape": tuple(draw(st.lists(st.integers(0, max_side), min_size=2, max_size=5)))}


@st.composite
def gain_case(draw: st.DrawFn, names: tuple[str, ...] = KNOWN_NONLINEARITIES) -> dict:
    case: dict[str, Any] = {"nonlinearity": draw(st.sampled_from(names))}
    if draw(st.booleans()):
        case["param"] = draw(
            st.one_of(
                st.none(),
                st.sampled_from(SLOPES),
                st.floats(-10.0, 10.0),
                st.integers(-5, 5),
            )
        )
    return case


@st.composite
def unknown_gain_case(draw: st.DrawFn) -> dict:
    case: dict[str, Any] = {"nonlinearity": draw(st.sampled_from(UNKNOWN_NONLINEARITIES))}
    if draw(st.booleans()):
        case["param"] = draw(st.one_of(st.none(), st.floats(-2.0, 2.0)))
    return case


# --- Edge cases tried first ----------------------------------------------------------------

# The statistical properties of a sampler draw the same inputs (one strategy, one count),
# so the grader makes each call once for all of them (grader.isolation.worker_client's shared calls).
STAT_EXAMPLES = 3

# Fans far apart, conv shapes, non-unit gains: no two catalogued mistakes predict the same
# distribution on any of these (grader/topics/init/mistakes.py), and each has 8,000 values or more
# (the Kolmogorov-Smirnov test needs them to tell a uniform from a normal of the same std).
XAVIER_EXAMPLES = (
    {"shape": (64, 160), "seed": 0},  # fan_in 160, fan_out 64, default gain
    {"shape": (64, 16, 3, 3), "seed": 1, "gain": 5.0 / 3.0},  # fans 144, 576: tanh
    {"shape": (64, 128), "seed": 2, "gain": math.sqrt(2.0)},  # relu's gain
)
KAIMING_EXAMPLES = (
    {"shape": (64, 160), "seed": 0},  # defaults: gain sqrt(2), fan_in 160
    {"shape": (128, 24, 3), "seed": 1, "mode": "fan_out", "nonlinearity": "relu"},
    {"shape": (64, 128), "seed": 2, "a": math.sqrt(5.0)},  # nn.Linear's own init
    {"shape": (100, 80), "seed": 3, "nonlinearity": "tanh"},
)
EXAMPLES = {
    "xavier_uniform": XAVIER_EXAMPLES,
    "xavier_normal": XAVIER_EXAMPLES,
    "kaiming_uniform": KAIMING_EXAMPLES,
    "kaiming_normal": KAIMING_EXAMPLES,
}
SHAPE_EXAMPLES = {
    "xavier": (
        {"shape": (3, 5), "seed": 0},
        {"shape": (4, 2, 3, 3), "seed": 1, "gain": 2.0},
        {"shape": (0, 5), "seed": 2},  # an empty weight: PyTorch draws nothing
    ),
    "kaiming": (
        {"shape": (3, 5), "seed": 0},
        {"shape": (4, 2, 3, 3), "seed": 1, "mode": "fan_out"},
        {"shape": (2, 0, 3), "seed": 2},  # an empty weight: PyTorch does nothing
    ),
}
SEED_EXAMPLES = (
    {"shape": (16, 8), "seed": 3, "other_seed": 4},
    {"shape": (4, 3, 2, 2), "seed": 5, "other_seed": 6},
)
REFUSED_EXAMPLES = {
    "xavier": ({"shape": (5,), "seed": 0}, {"shape": (), "seed": 0}),
    "kaiming": (
        {"shape": (5,), "seed": 0},
        {"shape": (4, 3), "seed": 0, "mode": "fan_avg"},
        {"shape": (4, 3), "seed": 0, "nonlinearity": "gelu"},
    ),
}
FANS_EXAMPLES = (
    {"shape": (20, 10)},  # nn.Linear(10, 20): (10, 20), not (20, 10)
    {"shape": (64, 3, 5, 5)},  # nn.Conv2d(3, 64, 5): the kernel counts in both fans
    {"shape": (8, 4, 3)},  # Conv1d
    {"shape": (2, 3, 2, 2, 2)},  # Conv3d
    {"shape": (3, 0, 2)},  # a side of size 0: fan_in 0
)
GAIN_EXAMPLES = (
    {"nonlinearity": "relu"},
    {"nonlinearity": "tanh"},
    {"nonlinearity": "selu"},
    {"nonlinearity": "sigmoid"},
    {"nonlinearity": "conv_transpose2d"},
    {"nonlinearity": "relu", "param": 0.5},  # param is ignored but for leaky_relu
)
LEAKY_EXAMPLES = (
    {"nonlinearity": "leaky_relu"},  # default slope 0.01
    {"nonlinearity": "leaky_relu", "param": 0},  # slope 0: sqrt(2), not the default
    {"nonlinearity": "leaky_relu", "param": 0.2},
    {"nonlinearity": "leaky_relu", "param": math.sqrt(5.0)},
    {"nonlinearity": "leaky_relu", "param": None},
)
UNKNOWN_EXAMPLES = (
    {"nonlinearity": "gelu"},
    {"nonlinearity": "ReLU"},
    {"nonlinearity": "identity"},
)

# --- Properties ----------------------------------------------------------------------------

SEED_HINT = Text(
    "Draw only from the rng argument (rng.uniform(-b, b, size=shape), "
    "rng.standard_normal(shape)); np.random.randn / np.random.uniform use NumPy's global "
    "state, and np.random.default_rng() without the caller's seed is a new, unrelated "
    "generator.",
    "난수는 인자로 받은 rng에서만 뽑으세요 (rng.uniform(-b, b, size=shape), "
    "rng.standard_normal(shape)). np.random.randn이나 np.random.uniform은 NumPy의 전역 "
    "상태를 쓰고, np.random.default_rng()는 호출한 쪽의 seed와 상관없는 새 생성기입니다.",
)
FIXED_SEED_HINT = Text(
    "The values must come from the rng you are given. A fixed seed inside the function "
    "(np.random.seed(0), np.random.default_rng(0)) gives every call the same weights.",
    "값은 인자로 받은 rng에서 나와야 합니다. 함수 안에서 seed를 고정하면 "
    "(np.random.seed(0), np.random.default_rng(0)) 매번 같은 가중치가 나옵니다.",
)

REFUSE_HINT = {
    "xavier": Text(
        "Check len(shape) < 2 before anything else and raise ValueError: shape[1] of a "
        "1-D shape raises IndexError instead, and a 0-D shape () has no fans at all.",
        "무엇보다 먼저 len(shape) < 2인지 검사하고 ValueError를 일으키세요. 1차원 shape에서 "
        "shape[1]은 IndexError를 일으키고, 0차원 shape ()에는 fan이 아예 없습니다.",
    ),
    "kaiming": Text(
        "Check the arguments before drawing: len(shape) < 2, mode.lower() not in "
        "('fan_in', 'fan_out'), an unknown nonlinearity: raise ValueError. "
        "'else: use fan_out' silently accepts a typo; shape[1] on a 1-D shape "
        "raises IndexError, not ValueError.",
        "뽑기 전에 인자를 검사하세요: len(shape) < 2, mode.lower()가 ('fan_in', "
        "'fan_out')에 없음, 모르는 nonlinearity이면 ValueError를 일으킵니다. "
        "'else: fan_out 사용'은 오타를 조용히 받아들이고, 1차원 shape에서 shape[1]은 "
        "ValueError가 아니라 IndexError를 일으킵니다.",
    ),
}
FORMULA = {
    "xavier_uniform": (
        "U(-b, b) with b = gain * sqrt(6 / (fan_in + fan_out))",
        "U(-b, b), b = gain * sqrt(6 / (fan_in + fan_out))",
    ),
    "xavier_normal": (
        "N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out))",
        "N(0, std^2), std = gain * sqrt(2 / (fan_in + fan_out))",
    ),
    "kaiming_uniform": (
        "U(-b, b) with b = gain * sqrt(3 / fan), gain = calculate_gain(nonlinearity, a), "
        "fan chosen by mode",
        "U(-b, b), b = gain * sqrt(3 / fan), gain = calculate_gain(nonlinearity, a), "
        "fan은 mode로 고름",
    ),
    "kaiming_normal": (
        "N(0, std^2) with std = gain / sqrt(fan), gain = calculate_gain(nonlinearity, a), "
        "fan chosen by mode",
        "N(0, std^2), std = gain / sqrt(fan), gain = calculate_gain(nonlinearity, a), "
        "fan은 mode로 고름",
    ),
}
SPREAD_HINT = {
    "xavier_uniform": Text(
        "Xavier's bound uses both fans and the gain: b = gain * sqrt(6 / (fan_in + "
        "fan_out)). sqrt(2 / (fan_in + fan_out)) is the std, not the bound (the bound of "
        "U(-b, b) is sqrt(3) times its std), and fan_in = in * prod(kernel) for a "
        "weight of shape (out, in, *kernel).",
        "Xavier의 bound에는 두 fan과 gain이 모두 들어갑니다: b = gain * sqrt(6 / (fan_in + "
        "fan_out)). sqrt(2 / (fan_in + fan_out))는 표준편차이지 bound가 아닙니다 (U(-b, b)의 "
        "bound는 표준편차의 sqrt(3)배). shape이 (out, in, *kernel)이면 fan_in = in * "
        "prod(kernel)입니다.",
    ),
    "xavier_normal": Text(
        "Xavier normal's standard deviation is gain * sqrt(2 / (fan_in + fan_out)): not "
        "sqrt(6 / ...) (that is the uniform's bound) and not sqrt(1 / fan_in) (that is "
        "LeCun's). Multiply rng.standard_normal(shape) by it.",
        "Xavier 정규분포의 표준편차는 gain * sqrt(2 / (fan_in + fan_out))입니다. sqrt(6 / ...)"
        "(균등분포의 bound)도, sqrt(1 / fan_in)(LeCun 초기화)도 아닙니다. "
        "rng.standard_normal(shape)에 이 값을 곱하세요.",
    ),
    "kaiming_uniform": Text(
        "He's bound is gain * sqrt(3 / fan): one fan (fan_in unless mode says fan_out), "
        "the gain from calculate_gain(nonlinearity, a) (a is leaky_relu's slope; the "
        "defaults give sqrt(2)), and sqrt(3) times the std gain / sqrt(fan).",
        "He의 bound는 gain * sqrt(3 / fan)입니다: fan은 하나 (mode가 fan_out이 아니면 "
        "fan_in), gain은 calculate_gain(nonlinearity, a) (a는 leaky_relu의 기울기, 기본값이면 "
        "sqrt(2)), 그리고 표준편차 gain / sqrt(fan)의 sqrt(3)배입니다.",
    ),
    "kaiming_normal": Text(
        "He's standard deviation is gain / sqrt(fan), with the square root (gain**2 / fan "
        "is the variance), one fan (fan_in unless mode says fan_out; not fan_in + "
        "fan_out) and gain = calculate_gain(nonlinearity, a) (sqrt(2) with the defaults, "
        "not 1 as in LeCun's 1 / fan_in).",
        "He의 표준편차는 gain / sqrt(fan)입니다. 제곱근을 잊지 마세요 (gain**2 / fan은 "
        "분산). fan은 하나이고 (mode가 fan_out이 아니면 fan_in, fan_in + fan_out 아님), "
        "gain = calculate_gain(nonlinearity, a)입니다 (기본값이면 sqrt(2). LeCun의 "
        "1 / fan_in처럼 1이 아님).",
    ),
}
KS_HINT = {
    "uniform": Text(
        "Draw each value uniformly on [-b, b): rng.uniform(-b, b, size=shape), or "
        "b * (2 * rng.random(shape) - 1). rng.random(shape) * b alone covers only [0, b), "
        "and a normal sample is not uniform.",
        "각 값을 [-b, b)에서 균등하게 뽑으세요: rng.uniform(-b, b, size=shape) 또는 "
        "b * (2 * rng.random(shape) - 1). rng.random(shape) * b만으로는 [0, b)만 덮고, "
        "정규분포 표본은 균등분포가 아닙니다.",
    ),
    "normal": Text(
        "Draw from a normal distribution: std * rng.standard_normal(shape) (or "
        "rng.normal(0, std, size=shape)); a uniform sample, even with the right standard "
        "deviation, has another shape (its CDF is a straight line).",
        "정규분포에서 뽑으세요: std * rng.standard_normal(shape) (또는 "
        "rng.normal(0, std, size=shape)). 표준편차가 맞아도 균등분포 표본은 모양이 "
        "다릅니다 (CDF가 직선).",
    ),
}


def _sampler_properties(name: str) -> tuple[Property, ...]:
    family = "xavier" if name.startswith("xavier") else "kaiming"
    uniform = name in UNIFORM
    formula, formula_ko = FORMULA[name]
    examples = EXAMPLES[name]
    props = [
        Property(
            id=f"{name}_returns_float64_array_of_shape",
            points=1,
            functions=(name,),
            recorded=sample_summary,
            claim=Text(
                f"{name}(shape, rng) returns a new float64 array of exactly that shape, "
                "conv shapes and sides of size 0 included",
                f"{name}(shape, rng)는 정확히 그 shape인 새 float64 배열을 돌려준다 "
                "(합성곱 가중치 shape과 크기 0인 차원 포함)",
            ),
            hint=Text(
                "Pass the whole shape tuple as size (rng.uniform(-b, b, size=shape), "
                "rng.standard_normal(shape)); a float32 draw or torch.empty(...) is not "
                "float64. A shape with a side of size 0 gives an empty array.",
                "shape 튜플 전체를 size로 넘기세요 (rng.uniform(-b, b, size=shape), "
                "rng.standard_normal(shape)). float32로 뽑거나 torch.empty(...)를 쓰면 "
                "float64가 아닙니다. 크기 0인 차원이 있으면 빈 배열을 돌려줍니다.",
            ),
            strategy=any_shape_case(name),
            check=_for(check_shape_and_dtype, name),
            max_examples=8,
            examples=SHAPE_EXAMPLES[family],
        ),
        Property(
            id=f"{name}_sample_mean_is_zero",
            points=2,
            functions=(name,),
            recorded=sample_summary,
            claim=Text(
                f"the mean of {name}'s values is 0 within the sampling error of PyTorch's "
                f"distribution (false alarm below 1e-8 per input); the distribution: {formula}",
                f"{name}의 값들의 평균이 PyTorch 분포의 표본 오차 안에서 0이다 (잘못 실패할 "
                f"확률은 입력마다 1e-8 미만). 분포: {formula_ko}",
            ),
            hint=KS_HINT["uniform" if uniform else "normal"],
            strategy=sampler_case(name),
            check=_for(check_mean, name),
            max_examples=STAT_EXAMPLES,
            examples=examples,
        ),
        Property(
            id=f"{name}_sample_std_matches_torch",
            points=2,
            functions=(name,),
            recorded=sample_summary,
            claim=Text(
                f"the standard deviation of {name}'s values is that of PyTorch's "
                "distribution within the sampling error (false alarm below 1e-8 per input); "
                f"the distribution: {formula}",
                f"{name}의 값들의 표준편차가 표본 오차 안에서 PyTorch 분포의 표준편차와 "
                f"같다 (잘못 실패할 확률은 입력마다 1e-8 미만). 분포: {formula_ko}",
            ),
            hint=SPREAD_HINT[name],
            strategy=sampler_case(name),
            check=_for(check_std, name),
            max_examples=STAT_EXAMPLES,
            examples=examples,
        ),
        Property(
            id=f"{name}_sample_passes_ks_test",
            points=2,
            functions=(name,),
            recorded=sample_summary,
            claim=Text(
                f"{name}'s values pass a Kolmogorov-Smirnov test against PyTorch's "
                "distribution (false alarm below 1e-8 per input, by the DKW inequality); "
                f"the distribution: {formula}",
                f"{name}의 값들이 PyTorch 분포에 대한 Kolmogorov-Smirnov 검정을 통과한다 "
                f"(DKW 부등식으로 잘못 실패할 확률은 입력마다 1e-8 미만). 분포: {formula_ko}",
            ),
            hint=KS_HINT["uniform" if uniform else "normal"],
            strategy=sampler_case(name),
            check=_for(check_ks, name),
            max_examples=STAT_EXAMPLES,
            examples=examples,
        ),
    ]
    if uniform:
        props.append(
            Property(
                id=f"{name}_values_fill_torchs_bound",
                points=2,
                functions=(name,),
                recorded=sample_summary,
                claim=Text(
                    f"every value of {name} lies in [-b, b] for PyTorch's bound b, and the "
                    "largest |value| comes as close to b as a uniform sample of that size "
                    "does (false alarm below 1e-8 per input)",
                    f"{name}의 모든 값이 PyTorch의 bound b로 정한 [-b, b] 안에 있고, 가장 큰 "
                    "|값|이 그 크기의 균등분포 표본만큼 b에 가깝다 (잘못 실패할 확률은 "
                    "입력마다 1e-8 미만)",
                ),
                hint=SPREAD_HINT[name],
                strategy=sampler_case(name),
                check=_for(check_within_bound, name),
                max_examples=STAT_EXAMPLES,
                examples=examples,
            )
        )
    props += [
        Property(
            id=f"{name}_same_seed_same_array",
            points=1,
            functions=(name,),
            recorded=sample_summary,
            claim=Text(
                f"two calls of {name} with the same seed (rng = np.random.default_rng(seed)) "
                "return the same array",
                f"같은 seed (rng = np.random.default_rng(seed))로 {name}을 두 번 부르면 같은 "
                "배열이 나온다",
            ),
            hint=SEED_HINT,
            strategy=seed_pair_case(name),
            check=_for(check_same_seed, name),
            max_examples=4,
            examples=SEED_EXAMPLES,
        ),
        Property(
            id=f"{name}_different_seeds_different_arrays",
            points=1,
            functions=(name,),
            recorded=sample_summary,
            claim=Text(
                f"calls of {name} with two different seeds return different arrays",
                f"서로 다른 두 seed로 {name}을 부르면 서로 다른 배열이 나온다",
            ),
            hint=FIXED_SEED_HINT,
            strategy=seed_pair_case(name),
            check=_for(check_different_seeds, name),
            max_examples=4,
            examples=SEED_EXAMPLES,
        ),
        Property(
            id=f"{name}_refuses_like_torch",
            points=1,
            functions=(name,),
            recorded=sample_summary,
            claim=(
                Text(
                    f"{name} raises ValueError for a shape of fewer than 2 dimensions, "
                    f"as torch.nn.init.{name}_ does",
                    f"{name}은 차원이 2개보다 적은 shape에서 torch.nn.init.{name}_처럼 "
                    "ValueError를 일으킨다",
                )
                if family == "xavier"
                else Text(
                    f"{name} raises ValueError where torch.nn.init.{name}_ does: a shape of "
                    "fewer than 2 dimensions, a mode other than fan_in / fan_out (in any "
                    "capitalisation), a nonlinearity calculate_gain does not know",
                    f"{name}은 torch.nn.init.{name}_처럼 차원이 2개보다 적은 shape, "
                    "fan_in / fan_out이 아닌 mode (대소문자 무관), calculate_gain이 모르는 "
                    "nonlinearity에서 ValueError를 일으킨다",
                )
            ),
            hint=REFUSE_HINT[family],
            strategy=invalid_sampler_case(name),
            check=_for(check_sampler_refuses, name),
            max_examples=5,
            examples=REFUSED_EXAMPLES[family],
        ),
    ]
    return tuple(props)


PROPERTIES = (
    Property(
        id="fan_in_and_fan_out_matches_torch",
        points=2,
        functions=(FANS,),
        claim=Text(
            "for a shape (out, in, *kernel) of 2 or more dimensions the result is PyTorch's "
            "(fan_in, fan_out) = (in * prod(kernel), out * prod(kernel))",
            "2차원 이상인 shape (out, in, *kernel)에서 결과가 PyTorch의 (fan_in, fan_out) = "
            "(in * prod(kernel), out * prod(kernel))과 같다",
        ),
        hint=Text(
            "PyTorch's weights are (out, in, *kernel): fan_in = shape[1] * prod(shape[2:]), "
            "fan_out = shape[0] * prod(shape[2:]). Not (in, out) as in a NumPy x @ W, and the "
            "kernel's size counts in both fans.",
            "PyTorch의 가중치 shape은 (out, in, *kernel)입니다: fan_in = shape[1] * "
            "prod(shape[2:]), fan_out = shape[0] * prod(shape[2:]). NumPy의 x @ W처럼 "
            "(in, out)이 아니고, 커널 크기는 두 fan 모두에 곱합니다.",
        ),
        strategy=fans_case(),
        check=check_fans,
        max_examples=15,
        examples=FANS_EXAMPLES,
    ),
    Property(
        id="fan_in_and_fan_out_returns_ints",
        points=1,
        functions=(FANS,),
        claim=Text(
            "fan_in and fan_out are ints (Python or NumPy integers), also for a 2-D shape",
            "fan_in과 fan_out은 정수(파이썬 int나 NumPy 정수)다. 2차원 shape에서도 마찬가지",
        ),
        hint=Text(
            "np.prod(()) is the float 1.0, so in * np.prod(shape[2:]) is a float for a 2-D "
            "weight. Multiply in a loop starting from the int 1, or use math.prod.",
            "np.prod(())는 float 1.0이라서 2차원 가중치에서는 in * np.prod(shape[2:])가 "
            "float가 됩니다. 정수 1에서 시작해 반복문으로 곱하거나 math.prod를 쓰세요.",
        ),
        strategy=fans_case(),
        check=check_fans_are_ints,
        max_examples=8,
        examples=FANS_EXAMPLES[:2],
    ),
    Property(
        id="fan_in_and_fan_out_refuses_fewer_than_two_dims",
        points=1,
        functions=(FANS,),
        claim=Text(
            "a shape of fewer than 2 dimensions raises ValueError, as in PyTorch",
            "차원이 2개보다 적은 shape이면 PyTorch처럼 ValueError를 일으킨다",
        ),
        hint=Text(
            "Check len(shape) < 2 first and raise ValueError: shape[1] of a 1-D shape "
            "raises IndexError instead, and a 0-D shape () has no sides at all.",
            "먼저 len(shape) < 2인지 검사하고 ValueError를 일으키세요. 1차원 shape에서 "
            "shape[1]은 IndexError를 일으키고, 0차원 shape ()에는 차원이 아예 없습니다.",
        ),
        strategy=st.builds(
            lambda sides: {"shape": tuple(sides)},
            st.lists(st.integers(0, 64), max_size=1),
        ),
        check=check_fans_refuse,
        max_examples=3,
        examples=({"shape": (7,)}, {"shape": ()}),
    ),
    Property(
        id="calculate_gain_matches_torch",
        points=2,
        functions=(GAIN,),
        claim=Text(
            "for every nonlinearity PyTorch knows other than leaky_relu, the gain is "
            "torch.nn.init.calculate_gain's: 1 (linear, conv*, sigmoid), 5/3 (tanh), "
            "sqrt(2) (relu), 3/4 (selu), whatever param is",
            "leaky_relu 말고 PyTorch가 아는 모든 활성화 함수에서 gain이 "
            "torch.nn.init.calculate_gain과 같다: 1 (linear, conv*, sigmoid), 5/3 (tanh), "
            "sqrt(2) (relu), 3/4 (selu). param은 상관없음",
        ),
        hint=Text(
            "The gains are the factors by which each activation shrinks the variance: ReLU "
            "keeps half of it, so its gain is sqrt(2) (the variance factor is 2, the gain "
            "its square root). tanh's is 5/3 and selu's 3/4; sigmoid and all linear layers "
            "(conv1d ... conv_transpose3d) get 1.",
            "gain은 활성화 함수가 분산을 줄이는 만큼을 되돌리는 값입니다. ReLU는 분산의 "
            "절반을 남기므로 gain은 sqrt(2)입니다 (분산의 배율은 2, gain은 그 제곱근). "
            "tanh는 5/3, selu는 3/4이고, sigmoid와 모든 선형 층(conv1d ... conv_transpose3d)은 "
            "1입니다.",
        ),
        strategy=gain_case(tuple(n for n in KNOWN_NONLINEARITIES if n != "leaky_relu")),
        check=check_gain,
        max_examples=10,
        examples=GAIN_EXAMPLES,
    ),
    Property(
        id="calculate_gain_leaky_relu_uses_the_slope",
        points=2,
        functions=(GAIN,),
        claim=Text(
            "for leaky_relu the gain is sqrt(2 / (1 + slope**2)) with slope = param, 0.01 "
            "when param is None (so param = 0 gives sqrt(2)), as in PyTorch",
            "leaky_relu의 gain은 sqrt(2 / (1 + slope**2))이고 slope = param, param이 None이면 "
            "0.01이다 (그래서 param = 0이면 sqrt(2)). PyTorch와 같다",
        ),
        hint=Text(
            "Use the slope: sqrt(2 / (1 + slope**2)). Only None means the default 0.01: "
            "'param or 0.01' also replaces a slope of 0, and the result must be the square "
            "root, not 2 / (1 + slope**2).",
            "기울기를 쓰세요: sqrt(2 / (1 + slope**2)). 기본값 0.01은 None일 때만입니다. "
            "'param or 0.01'은 기울기 0까지 바꿔 버립니다. 결과는 2 / (1 + slope**2)가 "
            "아니라 그 제곱근입니다.",
        ),
        strategy=gain_case(("leaky_relu",)),
        check=check_gain,
        max_examples=10,
        examples=LEAKY_EXAMPLES,
    ),
    Property(
        id="calculate_gain_refuses_unknown_names",
        points=1,
        functions=(GAIN,),
        claim=Text(
            "a nonlinearity PyTorch does not know (gelu, ReLU with capitals, identity, ...) "
            "raises ValueError, as torch.nn.init.calculate_gain does",
            "PyTorch가 모르는 활성화 함수 이름 (gelu, 대문자가 섞인 ReLU, identity 등)이면 "
            "torch.nn.init.calculate_gain처럼 ValueError를 일으킨다",
        ),
        hint=Text(
            "End with raise ValueError(...) instead of a default gain of 1: a typo or an "
            "activation without a known gain must not silently get one. Names are case "
            "sensitive.",
            "마지막에 기본 gain 1을 돌려주지 말고 raise ValueError(...)를 쓰세요. 오타나 "
            "gain이 정해지지 않은 활성화 함수가 조용히 gain을 받으면 안 됩니다. 이름은 "
            "대소문자를 구분합니다.",
        ),
        strategy=unknown_gain_case(),
        check=check_gain_refuses,
        max_examples=5,
        examples=UNKNOWN_EXAMPLES,
    ),
    *(prop for name in SAMPLERS for prop in _sampler_properties(name)),
)

STATISTICAL_CHECKS = (check_mean, check_std, check_ks, check_within_bound)


def is_statistical(prop: Property) -> bool:
    """A property judged by a statistical test (public or hidden: the check is shared)."""
    return getattr(prop.check, "func", None) in STATISTICAL_CHECKS


# The false-alarm budget (module docstring): no statistical property tries more inputs.
assert all(p.max_examples + len(p.examples) <= MAX_INPUTS for p in PROPERTIES if is_statistical(p))

TOPIC = Topic(
    name="init",
    position=80,
    title=Text(
        "Weight initialization: Xavier and He",
        "가중치 초기화: Xavier와 He",
    ),
    functions=FUNCTIONS,
    properties=PROPERTIES,
)
