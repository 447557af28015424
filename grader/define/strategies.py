"""The one module of Hypothesis strategies; every topic draws its inputs from here.

Values deliberately include the edges students get wrong: exact zeros (kinks and
0/0), very large magnitudes (overflow in exp), tiny and zero variances, the smallest
batch N = 2, p in {0, 1} and far from 0.5, and conv/pool configurations that PyTorch
refuses or where ceil_mode's last-window rule matters.
"""

from __future__ import annotations

import functools

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

# Values where activations and their gradients are most often wrong.
EDGE_VALUES = (0.0, -0.0, 1e-300, -1e-300, 1.0, -1.0, 40.0, -40.0, 710.0, -710.0, 1e300, -1e300)

moderate = st.floats(-10.0, 10.0, allow_nan=False, allow_infinity=False)
any_finite = st.floats(allow_nan=False, allow_infinity=False)
edge = st.sampled_from(EDGE_VALUES)


# The strategy builders below are cached (arrays through float_arrays): Hypothesis
# validates every new strategy object, and composites that built their inner strategies
# at every draw spent most of their drawing time on that (see _bn_once).  The same
# strategy draws the same values.
@functools.cache
def values(extreme: bool = True) -> st.SearchStrategy[float]:
    """Float64 elements: mostly moderate, with edge cases and (optionally) any finite float."""
    if extreme:
        return st.one_of(moderate, edge, any_finite)
    return st.one_of(moderate, st.just(0.0))


@functools.cache
def shapes(min_dims: int = 1, max_dims: int = 3, max_side: int = 5) -> st.SearchStrategy:
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=max_side)


def arrays(shape: tuple[int, ...] | st.SearchStrategy, extreme: bool = True) -> st.SearchStrategy:
    """Float64 arrays of the given shape (or shape strategy)."""
    return float_arrays(shape, values(extreme))


@functools.cache
def float_arrays(
    shape: tuple[int, ...] | st.SearchStrategy, elements: st.SearchStrategy[float]
) -> st.SearchStrategy[np.ndarray]:
    return hnp.arrays(np.float64, shape, elements=elements)


@st.composite
def array_and_grad(draw: st.DrawFn, extreme: bool = True, max_side: int = 5) -> dict:
    """An input x and an upstream gradient dout of the same shape."""
    shape = draw(shapes(max_side=max_side))
    return {
        "x": draw(arrays(shape, extreme=extreme)),
        "dout": draw(arrays(shape, extreme=False)),
    }


@st.composite
def single_array(draw: st.DrawFn, extreme: bool = True, max_side: int = 5) -> dict:
    return {"x": draw(arrays(shapes(max_side=max_side), extreme=extreme))}


# --- conv and pooling output sizes (grader/topics/conv/definition.py) -------------------------------
# Sizes stay small (n <= 64) so that running a real torch module as the oracle is cheap.
# A case holds n and kernel_size, and only the optional arguments it wants to pass: a
# missing key means the function's default is used, which tests the defaults too.


def _optional(draw: st.DrawFn, case: dict, name: str, value: object, default: object) -> None:
    """Pass `value` explicitly, unless it equals the default and a coin says to omit it."""
    if value != default or draw(st.booleans()):
        case[name] = value


@st.composite
def conv_configs(draw: st.DrawFn, max_n: int = 64) -> dict:
    """Configurations torch.nn.Conv1d accepts: the padded input holds the dilated kernel."""
    kernel_size = draw(st.integers(1, 7))
    dilation = draw(st.sampled_from((1, 1, 1, 2, 3)))
    padding = draw(st.integers(0, 4))
    stride = draw(st.integers(1, 5))
    span = dilation * (kernel_size - 1) + 1
    n = draw(st.integers(max(1, span - 2 * padding), max(max_n, span)))
    case: dict = {"n": n, "kernel_size": kernel_size}
    _optional(draw, case, "stride", stride, 1)
    _optional(draw, case, "padding", padding, 0)
    _optional(draw, case, "dilation", dilation, 1)
    return case


@st.composite
def invalid_conv_configs(draw: st.DrawFn) -> dict:
    """Configurations torch.nn.Conv1d refuses: non-positive kernel, stride or dilation,
    negative padding, or a dilated kernel longer than the padded input (including the
    cases where truncating a negative division towards zero would wrongly give 1)."""
    kind = draw(st.sampled_from(("kernel", "stride", "dilation", "padding", "too_long")))
    case: dict = {"n": draw(st.integers(1, 16)), "kernel_size": draw(st.integers(1, 5))}
    if kind == "kernel":
        case["kernel_size"] = draw(st.integers(-3, 0))
    elif kind == "stride":
        case["stride"] = draw(st.integers(-3, 0))
    elif kind == "dilation":
        case["dilation"] = draw(st.integers(-3, 0))
    elif kind == "padding":
        case["padding"] = draw(st.integers(-3, -1))
    else:
        padding = draw(st.integers(0, 3))
        dilation = draw(st.sampled_from((1, 1, 2)))
        n = draw(st.integers(1, 12))
        # The dilated kernel overshoots the padded input by 1..6 elements.
        span = n + 2 * padding + draw(st.integers(1, 6))
        kernel_size = (span - 1 + dilation - 1) // dilation + 1
        case = {"n": n, "kernel_size": kernel_size}
        _optional(draw, case, "stride", draw(st.integers(1, 8)), 1)
        _optional(draw, case, "padding", padding, 0)
        _optional(draw, case, "dilation", dilation, 1)
    return case


@st.composite
def pool_configs(draw: st.DrawFn, max_n: int = 64, ceil_mode: bool | None = None) -> dict:
    """Configurations torch.nn.MaxPool1d accepts (padding at most half the kernel, output
    at least 1); stride is often left out so that its default (kernel_size) is used."""
    kernel_size = draw(st.integers(1, 7))
    padding = draw(st.integers(0, kernel_size // 2))
    dilation = draw(st.sampled_from((1, 1, 1, 2, 3)))
    stride = draw(st.one_of(st.none(), st.integers(1, 8)))
    span = dilation * (kernel_size - 1) + 1
    n = draw(st.integers(max(1, span - 2 * padding), max(max_n, span)))
    case: dict = {"n": n, "kernel_size": kernel_size}
    if stride is not None:
        case["stride"] = stride
    _optional(draw, case, "padding", padding, 0)
    _optional(draw, case, "dilation", dilation, 1)
    mode = draw(st.booleans()) if ceil_mode is None else ceil_mode
    _optional(draw, case, "ceil_mode", mode, False)
    return case


def _pool_room(case: dict) -> int:
    """n + 2p - dilated span: what the windows after the first one can step over."""
    padding = case.get("padding", 0)
    return case["n"] + 2 * padding - case.get("dilation", 1) * (case["kernel_size"] - 1) - 1


@st.composite
def pool_default_stride_configs(draw: st.DrawFn) -> dict:
    """Valid pooling configurations that never pass stride (so it defaults to kernel_size)
    and where the windows tile the input exactly, so floor and ceil agree: only the
    default stride can make an answer wrong here."""
    case = draw(pool_configs(max_n=40).filter(lambda c: _pool_room(c) % c["kernel_size"] == 0))
    case.pop("stride", None)
    return case


@st.composite
def pool_floor_configs(draw: st.DrawFn) -> dict:
    """Valid ceil_mode=False configurations (ceil_mode often omitted) with an explicit
    stride, mostly where the division leaves a remainder (a partial window to drop)."""
    case = draw(pool_configs(ceil_mode=False))
    case.setdefault("stride", case["kernel_size"])
    return case


def _pool_drops_last_window(case: dict) -> bool:
    """ceil_mode's rule fires: rounding up would add a window starting at or after n + p."""
    stride = case.get("stride", case["kernel_size"])
    return -(-_pool_room(case) // stride) * stride >= case["n"] + case.get("padding", 0)


@st.composite
def pool_partial_window_configs(draw: st.DrawFn) -> dict:
    """Valid ceil_mode=True configurations with an explicit stride where PyTorch keeps the
    rounded-up last window (its last-window rule does not fire)."""
    case = draw(pool_configs(ceil_mode=True).filter(lambda c: not _pool_drops_last_window(c)))
    case.setdefault("stride", case["kernel_size"])
    return case


@st.composite
def pool_last_window_configs(draw: st.DrawFn) -> dict:
    """ceil_mode=True configurations where rounding up would add a window that starts in
    the right padding or past it, which PyTorch drops (this needs stride > kernel span -
    padding, so the strides drawn here are larger than usual).

    With m = n + 2p - span, rounding up gives q = ceil(m / s) steps; the last window starts
    at q*s - p in input coordinates, so it is dropped when q*s - m >= span - p.  We pick the
    remainder r = q*s - m in [span - p, s - 1] directly.
    """
    kernel_size = draw(st.integers(1, 7))
    padding = draw(st.integers(0, kernel_size // 2))
    dilation = draw(st.sampled_from((1, 1, 1, 2)))
    span = dilation * (kernel_size - 1) + 1
    stride = draw(st.integers(span - padding + 1, span - padding + 4))
    r = draw(st.integers(span - padding, stride - 1))
    q = draw(st.integers(1, 6))
    m = q * stride - r
    n = m - 2 * padding + span
    if n < 1 or n > 64:
        # Out of range: use the smallest q that gives a valid n instead of rejecting.
        q = max(1, -(-(r + 2 * padding - span + 1) // stride))
        m = q * stride - r
        n = m - 2 * padding + span
    case: dict = {"n": n, "kernel_size": kernel_size, "stride": stride, "padding": padding}
    _optional(draw, case, "dilation", dilation, 1)
    case["ceil_mode"] = True
    return case


@st.composite
def invalid_pool_configs(draw: st.DrawFn) -> dict:
    """Configurations torch.nn.MaxPool1d refuses: non-positive kernel, stride or dilation,
    negative padding, padding above half the kernel, or an output size below 1 (also where
    truncating a negative division towards zero would wrongly give 1)."""
    kind = draw(st.sampled_from(("kernel", "stride", "dilation", "padding", "half", "empty")))
    kernel_size = draw(st.integers(1, 6))
    case: dict = {"n": draw(st.integers(1, 16)), "kernel_size": kernel_size}
    if kind == "kernel":
        case["kernel_size"] = draw(st.integers(-3, 0))
    elif kind == "stride":
        case["stride"] = draw(st.integers(-3, 0))
    elif kind == "dilation":
        case["dilation"] = draw(st.integers(-3, 0))
    elif kind == "padding":
        case["padding"] = draw(st.integers(-3, -1))
    elif kind == "half":
        case["padding"] = draw(st.integers(kernel_size // 2 + 1, kernel_size // 2 + 3))
    else:
        kernel_size = draw(st.integers(2, 9))
        padding = draw(st.integers(0, kernel_size // 2))
        dilation = draw(st.sampled_from((1, 1, 2)))
        span = dilation * (kernel_size - 1) + 1
        overshoot = draw(st.integers(1, 5))
        n = span - 2 * padding - overshoot
        if n < 1:
            n, padding = 1, 0
            kernel_size = max(kernel_size, 2)
            span = dilation * (kernel_size - 1) + 1
        case = {"n": n, "kernel_size": kernel_size, "padding": padding}
        _optional(draw, case, "stride", draw(st.integers(1, 8)), kernel_size)
        _optional(draw, case, "dilation", dilation, 1)
        # floor mode: ceil mode can rescue some of these, so the claim is about floor mode.
        _optional(draw, case, "ceil_mode", False, False)
    return case


# --- L1 / L2 regularization (grader/topics/regularization/definition.py) ----------------------------
# Weights: moderate and large values, exact (signed) zeros and tiny values; no values so
# large that w**2 overflows (the penalty would be inf on both sides, and lam = 0 would make
# it 0 * inf = nan depending on the order of operations, which is not what we test).

WEIGHT_EDGES = (0.0, -0.0, 1e-300, -1e-300, 1e-8, -1e-8, 1.0, -1.0)
weight_values = st.one_of(
    moderate,
    st.sampled_from(WEIGHT_EDGES),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
)
lams = st.one_of(st.just(0.0), st.floats(0.0, 10.0), st.sampled_from((1e-4, 0.5, 1.0)))


@st.composite
def weights_and_lam(draw: st.DrawFn, max_side: int = 5, zeros: bool = False) -> dict:
    """A weight array w of any small shape and a penalty strength lam >= 0 (often 0)."""
    shape = draw(shapes(max_side=max_side))
    w = draw(float_arrays(shape, weight_values))
    if zeros:
        # Force exact zeros into a random subset: the kink of |w|.
        mask = draw(hnp.arrays(np.bool_, shape))
        w = np.where(mask, 0.0, w)
    return {"w": w, "lam": draw(lams)}


@st.composite
def sgd_weight_decay_steps(draw: st.DrawFn, max_side: int = 5) -> dict:
    """w, lam, a data gradient g of w's shape and a learning rate lr in (0, 1]."""
    case = draw(weights_and_lam(max_side=max_side))
    case["g"] = draw(arrays(case["w"].shape, extreme=False))
    case["lr"] = draw(st.one_of(st.sampled_from((0.1, 0.01, 1.0)), st.floats(1e-4, 1.0)))
    return case


# --- batch normalisation ----------------------------------------------------------------
# x has shape (N, D).  Each feature (column) is drawn from one of several kinds, because
# batch norm goes wrong per feature: a constant column has variance exactly 0 (0/0 without
# eps), a nearly constant one has variance far below eps (eps dominates, and eps outside
# the sqrt shows), a large one (up to 1e100) checks scale invariance, and an offset one
# sits far from 0 (1e4) relative to its spread.
# PyTorch folds the affine step into out = x * scale + shift, which rounds like
# u * |x| / sqrt(var + eps); features are therefore built so that |x| / sqrt(var + eps)
# stays below ~1e5 (moderate constants, integer spreads for large and offset features),
# where every correct formula agrees with PyTorch within grader/define/compare.py's tolerance.
# The "random" kind (normal values from a drawn seed: one choice for the whole column) is
# for large batches, where drawing every element would dominate the run time.
BN_MOMENTA = (0.1, 0.0, 1.0, 0.01, 0.5, 0.9)
BN_EPSILONS = (1e-5, 1e-3, 0.1, 1.0, 1e-8)
BN_FEATURE_KINDS = ("spread", "constant", "nearly_constant", "large", "offset")


_BN_STRATEGIES: dict[tuple, st.SearchStrategy] = {}


def _bn_once(key: tuple, make) -> st.SearchStrategy:
    # Strategy objects are built once per key and reused: Hypothesis validates every new
    # strategy object, which dominated the drawing time when they were built per draw.
    if key not in _BN_STRATEGIES:
        _BN_STRATEGIES[key] = make()
    return _BN_STRATEGIES[key]


def _bn_vector(size: int, elements: st.SearchStrategy[float]) -> st.SearchStrategy[np.ndarray]:
    # A plain list turned into an array draws about twice as fast as hnp.arrays.
    return _bn_once(
        ("vector", size, id(elements)),
        lambda: st.lists(elements, min_size=size, max_size=size).map(
            lambda v: np.array(v, dtype=np.float64)
        ),
    )


_BN_PLAIN = values(extreme=False)
_BN_INTEGERS = st.integers(-10, 10).map(float)
_BN_UNIT = st.floats(-1.0, 1.0)
_BN_CONSTANT = st.one_of(st.just(0.0), moderate)
_BN_DELTA = st.sampled_from((1e-4, 1e-6, 1e-8))
_BN_SCALE = st.sampled_from((1e4, 1e8, 1e50, 1e100, -1e100))
_BN_OFFSET = st.sampled_from((1e4, -1e4))
_BN_GAMMA = st.one_of(st.just(1.0), moderate)
_BN_VARIANCE = st.one_of(st.just(1.0), st.floats(1e-3, 1e3))
_BN_EPS = st.sampled_from(BN_EPSILONS)


def _spread_integers(draw: st.DrawFn, n: int) -> np.ndarray:
    """n integers in [-10, 10] (as floats), not all equal when n >= 2."""
    ints = draw(_bn_vector(n, _BN_INTEGERS))
    if n >= 2 and np.all(ints == ints[0]):
        ints[-1] = ints[0] + (1.0 if ints[0] < 10 else -1.0)
    return ints


def bn_feature(draw: st.DrawFn, n: int, kinds: tuple[str, ...] = BN_FEATURE_KINDS) -> np.ndarray:
    """Draw one feature column of length n, of a kind drawn from `kinds`."""
    kind = draw(_bn_once(("kinds", kinds), lambda: st.sampled_from(kinds)))
    if kind == "spread":
        return draw(_bn_vector(n, _BN_PLAIN))
    if kind == "constant":
        return np.full(n, draw(_BN_CONSTANT))
    if kind == "nearly_constant":
        c = draw(moderate)
        return c + draw(_BN_DELTA) * draw(_bn_vector(n, _BN_UNIT))
    if kind == "random":
        seed = draw(st.integers(0, 2**32 - 1))
        loc, scale = draw(moderate), draw(st.sampled_from((1e-3, 0.1, 1.0, 10.0)))
        return np.random.default_rng(seed).normal(loc, scale, size=n)
    if kind == "large":
        return draw(_BN_SCALE) * _spread_integers(draw, n)
    return draw(_BN_OFFSET) + _spread_integers(draw, n)


@st.composite
def batchnorm_inputs(
    draw: st.DrawFn,
    min_n: int = 2,
    max_n: int = 6,
    max_d: int = 4,
    grad: bool = False,
    train: bool = True,
    kinds: tuple[str, ...] = BN_FEATURE_KINDS,
    momenta: tuple[float, ...] = BN_MOMENTA,
) -> dict:
    """Inputs of batch norm: x (N, D), gamma, beta, running_mean, running_var (D,), and
    momentum (train only), eps, dout (N, D) when `grad`.  running_var is positive."""
    n = draw(_bn_once(("n", min_n, max_n), lambda: st.integers(min_n, max_n)))
    d = draw(_bn_once(("d", max_d), lambda: st.integers(1, max_d)))
    x = np.column_stack([bn_feature(draw, n, kinds) for _ in range(d)]).reshape(n, d)
    case = {
        "x": x,
        "gamma": draw(_bn_vector(d, _BN_GAMMA)),
        "beta": draw(_bn_vector(d, _BN_PLAIN)),
        "running_mean": draw(_bn_vector(d, _BN_PLAIN)),
        "running_var": draw(_bn_vector(d, _BN_VARIANCE)),
    }
    if train:
        momentum = _bn_once(
            ("momenta", momenta),
            lambda: st.one_of(st.sampled_from(momenta), st.floats(0.0, 1.0)),
        )
        case["momentum"] = draw(momentum)
    case["eps"] = draw(_BN_EPS)
    if grad:
        case["dout"] = draw(_bn_upstream(n, d))
    return case


def _bn_upstream(n: int, d: int) -> st.SearchStrategy[np.ndarray]:
    """dout of shape (N, D): all ones (what failures shrink to) or values in [-3, 3] with
    two decimals from a drawn seed (one choice instead of N * D keeps drawing fast)."""

    def from_seed(seed: int) -> np.ndarray:
        rng = np.random.default_rng(seed)
        return np.round(rng.uniform(-3.0, 3.0, size=(n, d)), 2)

    return _bn_once(
        ("dout", n, d),
        lambda: st.one_of(st.just((n, d)).map(np.ones), st.integers(0, 2**32 - 1).map(from_seed)),
    )


# --- dropout -------------------------------------------------------------------------
# p is the probability of DROPPING an element (PyTorch's convention).  The sampled values
# include both endpoints and values far from 0.5, where "p is the keep probability" and
# "no rescaling" mistakes are loudest.  Generated p stays <= 0.99 (besides exactly 1.0)
# so that masks of small arrays still keep something often enough to be informative.
DROPOUT_PS = (0.0, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 1.0)
# Outside [0, 1]: torch.nn.Dropout refuses each of these (NaN is accepted by PyTorch, so
# it is not among them).
INVALID_DROPOUT_PS = (-1.0, -0.5, -1e-9, 1.0000001, 1.5, 2.0, 100.0, -float("inf"), float("inf"))
# Nonzero values only: a kept element of a training-mode output is then never 0, so the
# mask can be read off the output.  Scaled by at most 1/(1 - 0.99) they stay finite.
DROPOUT_NONZERO_EDGES = (1.0, -1.0, 1e-300, -1e-300, 710.0, -710.0, 1e300, -1e300)

dropout_seeds = st.integers(0, 2**32 - 1)


@functools.cache
def dropout_ps(endpoints: bool = True) -> st.SearchStrategy[float]:
    """Drop probabilities in [0, 1] (with 0 and 1 when `endpoints`), many far from 0.5."""
    inner = st.one_of(
        st.sampled_from([p for p in DROPOUT_PS if 0.0 < p < 1.0]), st.floats(0.001, 0.99)
    )
    return st.one_of(st.sampled_from((0.0, 1.0)), inner) if endpoints else inner


@functools.cache
def dropout_nonzero_values() -> st.SearchStrategy[float]:
    return st.one_of(
        st.floats(1e-3, 1e3),
        st.floats(-1e3, -1e-3),
        st.sampled_from(DROPOUT_NONZERO_EDGES),
    )


@st.composite
def dropout_case(
    draw: st.DrawFn,
    train: bool | None = None,
    p: st.SearchStrategy[float] | None = None,
    nonzero: bool = False,
    grad: bool = False,
    max_side: int = 4,
) -> dict:
    """x, p, train and an rng seed (and dout when `grad`) for one dropout call.

    `train` None draws both modes.  With `nonzero`, x has no zeros (masks readable from the
    output), otherwise x may hold zeros and huge magnitudes.
    """
    shape = draw(shapes(max_side=max_side))
    elements = dropout_nonzero_values() if nonzero else values()
    case = {
        "x": draw(float_arrays(shape, elements)),
        "p": draw(p if p is not None else dropout_ps()),
        "train": draw(st.booleans()) if train is None else train,
        "seed": draw(dropout_seeds),
    }
    if grad:
        case["dout"] = draw(arrays(shape, extreme=False))
    return case


@st.composite
def dropout_backward_case(
    draw: st.DrawFn, train: bool, max_side: int = 4, p: st.SearchStrategy[float] | None = None
) -> dict:
    """A backward case whose training mask the grader can read off the forward output.

    In training mode x has no zeros, so the mask is readable from the forward output.
    """
    return draw(dropout_case(train=train, p=p, nonzero=train, grad=True, max_side=max_side))


# The inputs whose dropped elements are counted (an exact binomial test at 1e-8).  With
# 5,000 elements the test accepts counts within 1.8 points of percentage of p at p = 0.05
# and 4.1 at p = 0.5: a p taken as the keep probability is caught whenever p is more than
# 0.02 from 0.5, one random number for the whole array always.  20,000 elements halved
# those margins and cost 12% of a correct submission's grading, catching no catalogued
# mistake or mutant more (grader/frontends/mutation.py).
RATE_SHAPE = (100, 50)


@st.composite
def dropout_rate_case(draw: st.DrawFn, p: st.SearchStrategy[float] | None = None) -> dict:
    """A large all-ones input (by shape: x = np.ones(shape)) for counting dropped elements."""
    p_value = draw(p if p is not None else dropout_ps())
    return {"shape": RATE_SHAPE, "p": p_value, "seed": draw(dropout_seeds)}


@st.composite
def dropout_seed_pair_case(draw: st.DrawFn, n_rows: int = 20, n_cols: int = 20) -> dict:
    """Two different dropout_seeds and a p in [0.05, 0.95], for x = np.ones(shape)."""
    seed = draw(dropout_seeds)
    other = draw(dropout_seeds.filter(lambda s: s != seed))
    p = draw(st.one_of(st.sampled_from((0.05, 0.5, 0.9, 0.95)), st.floats(0.05, 0.95)))
    return {"shape": (n_rows, n_cols), "p": p, "seed": seed, "other_seed": other}


@st.composite
def invalid_dropout_case(draw: st.DrawFn, max_side: int = 4) -> dict:
    """A drop probability outside [0, 1] (which PyTorch refuses), in either mode."""
    p = draw(
        st.one_of(
            st.sampled_from(INVALID_DROPOUT_PS),
            st.floats(max_value=-1e-12, allow_nan=False),
            st.floats(min_value=1.0 + 1e-12, allow_nan=False),
        )
    )
    return {
        "x": draw(arrays(shapes(max_side=max_side), extreme=False)),
        "p": p,
        "train": draw(st.booleans()),
        "seed": draw(dropout_seeds),
    }
