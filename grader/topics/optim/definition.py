"""Optimizers: one step of SGD (momentum, Nesterov), Adam and AdamW (course notes: 경사 하강법,
모멘텀, Adam, 학습률, 가중치 감쇠).

Each function makes one update and returns ``(new_w, new_state)``; the checks run whole
trajectories (1, 2, 20 steps; changing, constant and zero gradients), passing the
student's own ``new_w`` and ``new_state`` back into the next call, and compare after every
step with PyTorch in float64.

The state is checked, not opaque: after every step it must equal what PyTorch keeps in
``optimizer.state[param]`` (SGD: ``{}`` without momentum, else ``{"momentum_buffer"}``;
Adam and AdamW: ``{"step", "exp_avg", "exp_avg_sq"}``), as the stubs say.  Two reasons.
It is the only place where CS231n's velocity form (``v = mu * v - lr * dw``, which is
``-lr`` times PyTorch's buffer) shows while the learning rate stays constant, and
it names a wrong moment at the step where it goes wrong instead of through the weights
some steps later.  The state property starts each step from PyTorch's weights, so that
it judges the state alone (a wrong step of the weights is the weights properties'
business); those only pass the student's state back, after checking that it is plain
data (a dict of arrays and numbers: what the grader's worker carries), so that
``pytest exercises/`` and the grader agree.

The references: ``torch.optim.sgd.sgd``, ``torch.optim.adam.adam`` and
``torch.optim.adamw.adamw`` are the update functions that ``SGD.step``, ``Adam.step`` and
``AdamW.step`` run; this module calls them with the state the classes' ``_init_group``
would pass (no momentum buffer at first; step 0 and zero moments).  Constructing the classes
imports ``torch._dynamo`` (2 s on first use, too slow for the public suite); the numbers
are the same, bit for bit, which ``tests/test_optim.py`` checks against the classes
stepping a tensor whose ``.grad`` is set at each step.  The refusals are the classes'
constructors' (their ``ValueError`` comes before anything is imported).
"""

from __future__ import annotations

import functools
import importlib
import numbers
from collections.abc import Iterator

import numpy as np
from hypothesis import strategies as st

from grader.define import oracle
from grader.define.compare import (
    PropertyFailure,
    assert_array_close,
    assert_inputs_unchanged,
    assert_number_close,
    check_array,
    describe,
    unpack,
)
from grader.define.i18n import Text
from grader.define.oracle import torch
from grader.define.spec import Case, FunctionSpec, Property, Topic
from grader.define.strategies import shapes
from grader.isolation.calls import RAISED, Chain, Implementation, StudentError

SGD_PARAMS = ("w", "dw", "state", "lr", "momentum", "dampening", "weight_decay", "nesterov")
ADAM_PARAMS = ("w", "dw", "state", "lr", "betas", "eps", "weight_decay")
RETURNS = ("new_w", "new_state")

FUNCTIONS = (
    FunctionSpec(
        "sgd_step",
        SGD_PARAMS,
        Text(
            "one step of torch.optim.SGD (momentum, dampening, weight decay, Nesterov): "
            "the new weights and the new state",
            "torch.optim.SGD의 한 스텝 (모멘텀, dampening, 가중치 감쇠, 네스테로프): 새 가중치와 "
            "새 state",
        ),
    ),
    FunctionSpec(
        "adam_step",
        ADAM_PARAMS,
        Text(
            "one step of torch.optim.Adam (bias correction, eps outside the square root, "
            "L2 weight decay): the new weights and the new state",
            "torch.optim.Adam의 한 스텝 (편향 보정, 제곱근 밖의 eps, L2 가중치 감쇠): 새 "
            "가중치와 새 state",
        ),
    ),
    FunctionSpec(
        "adamw_step",
        ADAM_PARAMS,
        Text(
            "one step of torch.optim.AdamW (decoupled weight decay): the new weights and "
            "the new state",
            "torch.optim.AdamW의 한 스텝 (분리된 가중치 감쇠): 새 가중치와 새 state",
        ),
    ),
)


# --------------------------------------------------------------------------- references


@oracle.memoised
def _torch_sgd(
    w: np.ndarray,
    dws: np.ndarray,
    lr: float | np.ndarray,
    momentum: float,
    dampening: float,
    weight_decay: float,
    nesterov: bool,
) -> list[tuple[np.ndarray, dict]]:
    """(weights, optimizer.state[param]) after each step of torch.optim.SGD; `lr` is one
    learning rate, or one per step (what a learning-rate scheduler would set)."""
    update = importlib.import_module("torch.optim.sgd").sgd
    param = oracle.tensor(w)
    lrs = np.broadcast_to(np.asarray(lr, dtype=np.float64), dws.shape[:1])
    # SGD._init_group: the state's buffer (none yet) only when momentum != 0.
    buffers: list = [None] if momentum != 0 else []
    out = []
    for dw, step_lr in zip(dws, lrs):
        update(
            [param],
            [oracle.tensor(dw)],
            buffers,
            weight_decay=weight_decay,
            momentum=momentum,
            lr=float(step_lr),
            dampening=dampening,
            nesterov=nesterov,
            maximize=False,
            foreach=False,
        )
        state = {"momentum_buffer": oracle.numpy(buffers[0])} if momentum != 0 else {}
        out.append((oracle.numpy(param), state))
    return out


@oracle.memoised
def _torch_adam(
    w: np.ndarray,
    dws: np.ndarray,
    lr: float,
    betas: tuple[float, float],
    eps: float,
    weight_decay: float,
    decoupled: bool,
) -> list[tuple[np.ndarray, dict]]:
    """(weights, optimizer.state[param]) after each step of torch.optim.Adam, or AdamW
    when `decoupled`; the state's step as an int (PyTorch keeps a float tensor)."""
    name = "adamw" if decoupled else "adam"
    update = getattr(importlib.import_module(f"torch.optim.{name}"), name)
    scalar_dtype = importlib.import_module("torch.optim.optimizer")._get_scalar_dtype()
    param = oracle.tensor(w)
    # Adam._init_group's lazy state: step 0 (a CPU scalar tensor) and zero moments.
    step = torch.tensor(0.0, dtype=scalar_dtype)
    exp_avg = torch.zeros_like(param, memory_format=torch.preserve_format)
    exp_avg_sq = torch.zeros_like(param, memory_format=torch.preserve_format)
    out = []
    for dw in dws:
        update(
            [param],
            [oracle.tensor(dw)],
            [exp_avg],
            [exp_avg_sq],
            [],
            [step],
            foreach=False,
            capturable=False,
            differentiable=False,
            fused=False,
            has_complex=False,
            amsgrad=False,
            beta1=betas[0],
            beta2=betas[1],
            lr=lr,
            weight_decay=weight_decay,
            eps=eps,
            maximize=False,
        )
        state = {
            "step": int(step.item()),
            "exp_avg": oracle.numpy(exp_avg),
            "exp_avg_sq": oracle.numpy(exp_avg_sq),
        }
        out.append((oracle.numpy(param), state))
    return out


@oracle.memoised
def _torch_refuses(optimizer: str, settings: tuple) -> bool:
    """Whether torch.optim.<optimizer>(params, **settings) raises (its constructor's
    checks come before it imports anything)."""
    settings_dict = dict(settings)
    return oracle.refuses(
        lambda: getattr(torch.optim, optimizer)(
            [torch.zeros(1, dtype=torch.float64, requires_grad=True)], **settings_dict
        )
    )


# --------------------------------------------------------------------------- checks

SGD_SETTINGS = ("momentum", "dampening", "weight_decay", "nesterov")
ADAM_SETTINGS = ("betas", "eps", "weight_decay")


def _steps(case: Case) -> int:
    return int(case["dws"].shape[0])


def _step_lr(case: Case, t: int) -> float:
    return float(case["lrs"][t]) if "lrs" in case else case["lr"]


def _args(name: str, case: Case, t: int) -> tuple:
    """The call's arguments after w, dw and state, positionally, for step t."""
    settings = SGD_SETTINGS if name == "sgd_step" else ADAM_SETTINGS
    return (_step_lr(case, t), *(case[key] for key in settings))


def _reference(name: str, case: Case) -> list[tuple[np.ndarray, dict]]:
    if name == "sgd_step":
        lr = case["lrs"] if "lrs" in case else case["lr"]
        return _torch_sgd(case["w"], case["dws"], lr, *(case[k] for k in SGD_SETTINGS))
    settings = (case[k] for k in ADAM_SETTINGS)
    return _torch_adam(case["w"], case["dws"], case["lr"], *settings, name == "adamw_step")


NOT_PLAIN_STATE = Text(
    "{function}'s new_state should be a dict with str keys whose values are NumPy arrays "
    "or numbers (the grader carries it between calls as data), but it is {kind}.",
    "{function}의 new_state는 키가 문자열이고 값이 NumPy 배열이나 숫자인 dict여야 합니다 "
    "(채점기가 호출 사이에 데이터로 주고받습니다). 그런데 {kind}입니다.",
)


def _plain_state(value: object, function: str) -> None:
    """Fail unless `value` is a dict of arrays and numbers, the state the contract allows."""
    ok = isinstance(value, dict) and all(
        isinstance(key, str)
        and (
            (isinstance(item, np.ndarray) and item.dtype.kind in "biuf")
            or (isinstance(item, numbers.Real) and not isinstance(item, np.ndarray))
        )
        for key, item in value.items()
    )
    if not ok:
        kind = describe(value)
        if isinstance(value, dict):
            kind = Text(
                f"a dict holding {sorted(type(v).__name__ for v in value.values())}",
                f"{sorted(type(v).__name__ for v in value.values())} 값을 담은 dict",
            )
        raise PropertyFailure(NOT_PLAIN_STATE, got=value, function=function, kind=kind)


@functools.lru_cache(maxsize=4096)  # built for every step checked, used only on failure
def _label(name: str, part: str, t: int, steps: int) -> Text:
    return Text(
        f"{name}'s {part} after step {t + 1} of {steps}",
        f"{steps}번 중 {t + 1}번째 스텝 뒤 {name}의 {part}",
    )


def _trajectory(
    impl: Implementation,
    name: str,
    case: Case,
    args=_args,
    weights: list[np.ndarray] | None = None,
) -> Iterator[tuple[int, np.ndarray, object]]:
    """Run the student's steps, each from the w and state the previous one returned (or,
    given `weights`, from PyTorch's weights after the previous step: so that the state
    property judges the state alone); yield (t, new_w, new_state) for each, new_w already
    checked to be a float64 array of w's shape."""
    steps = _steps(case)
    # Step t + 1 takes the state step t returned (item 1), and its weights (item 0) or,
    # given `weights`, PyTorch's.  As one chain, a worker feeds the steps itself.
    chain = Chain(
        steps=tuple(
            (
                (
                    case["w"] if t == 0 else None if weights is None else weights[t - 1],
                    case["dws"][t],
                    None,
                    *args(name, case, t),
                ),
                {},
            )
            for t in range(steps)
        ),
        feed=((0, 0), (2, 1)) if weights is None else ((2, 1),),
    )
    for t, out in enumerate(impl.call_chain(name, chain)):
        new_w, new_state = unpack(out, RETURNS, name)
        new_w = check_array(new_w, case["w"].shape, _label(name, "new_w", t, steps))
        yield t, new_w, new_state
        _plain_state(new_state, name)  # before the next step is taken, which is fed it


def _check_weights(name: str):
    def check(impl: Implementation, case: Case) -> None:
        expected = _reference(name, case)
        steps = _steps(case)
        for t, new_w, _ in _trajectory(impl, name, case):
            assert_array_close(new_w, expected[t][0], _label(name, "new_w", t, steps))

    check.__name__ = f"check_{name}_weights"
    return check


WRONG_KEYS = Text(
    "{what} has the keys {got_keys}, but PyTorch's optimizer.state[param] has {want_keys}.",
    "{what}의 키가 {got_keys}인데 PyTorch의 optimizer.state[param]에는 {want_keys} 키가 있습니다.",
)


def _assert_state(got: object, expected: dict, name: str, t: int, steps: int) -> None:
    what = _label(name, "new_state", t, steps)
    _plain_state(got, name)
    assert isinstance(got, dict)
    if set(got) != set(expected):
        raise PropertyFailure(
            WRONG_KEYS, got=got, what=what, got_keys=sorted(got), want_keys=sorted(expected)
        )
    for key, value in expected.items():
        part = _label(name, f"new_state[{key!r}]", t, steps)
        if isinstance(value, np.ndarray):
            assert_array_close(got[key], value, part)  # type: ignore[arg-type]
        else:
            assert_number_close(got[key], value, part)  # type: ignore[arg-type]


def _check_state(name: str):
    def check(impl: Implementation, case: Case) -> None:
        expected = _reference(name, case)
        steps = _steps(case)
        weights = [w for w, _ in expected]
        for t, _, new_state in _trajectory(impl, name, case, weights=weights):
            _assert_state(new_state, expected[t][1], name, t, steps)

    check.__name__ = f"check_{name}_state"
    return check


def _check_unchanged(name: str):
    def check(impl: Implementation, case: Case) -> None:
        for _ in _trajectory(impl, name, case):
            assert_inputs_unchanged(impl)

    check.__name__ = f"check_{name}_unchanged"
    return check


# PyTorch's defaults, which the stubs' signatures promise (sgd_step's lr has none).
SGD_DEFAULTS = {"momentum": 0.0, "dampening": 0.0, "weight_decay": 0.0, "nesterov": False}
ADAM_DEFAULTS = {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0}
ADAMW_DEFAULTS = {**ADAM_DEFAULTS, "weight_decay": 1e-2}


def _check_defaults(name: str):
    """Trajectories called without the optional arguments (sgd_step: also with only
    momentum given, where the defaults of dampening and nesterov matter) against
    PyTorch's defaults."""

    def check(impl: Implementation, case: Case) -> None:
        if name == "sgd_step":
            variants = [
                ((lambda n, c, t: (c["lr"],)), {**case, **SGD_DEFAULTS}),
                (
                    (lambda n, c, t: (c["lr"], c["momentum"])),
                    {**case, **SGD_DEFAULTS, "momentum": case["momentum"]},
                ),
            ]
        else:
            defaults = ADAMW_DEFAULTS if name == "adamw_step" else ADAM_DEFAULTS
            variants = [((lambda n, c, t: ()), {**case, **defaults})]
        for args, full in variants:
            expected = _reference(name, full)
            steps = _steps(full)
            for t, new_w, _ in _trajectory(impl, name, full, args):
                assert_array_close(new_w, expected[t][0], _label(name, "new_w", t, steps))

    check.__name__ = f"check_{name}_defaults"
    return check


ACCEPTED = Text(
    "{function} returned normally for {settings}, but {optimizer} refuses these "
    "settings with ValueError.",
    "{function}이 {settings}에서 그냥 값을 돌려주었습니다. {optimizer}의 생성자는 이 "
    "설정을 ValueError로 거부합니다.",
)
WRONG_EXCEPTION = Text(
    "{function} raised {exc_type} for {settings}; {optimizer} raises ValueError there. "
    "Check the arguments first and raise ValueError(...) yourself.",
    "{function}이 {settings}에서 {exc_type} 예외를 일으켰습니다. {optimizer}의 생성자는 "
    "ValueError를 냅니다. 인자를 먼저 검사하고 직접 raise ValueError(...) 하세요.",
)
OPTIMIZER = {"sgd_step": "SGD", "adam_step": "Adam", "adamw_step": "AdamW"}


def _check_refuses(name: str):
    def check(impl: Implementation, case: Case) -> None:
        keys = ("lr", *(SGD_SETTINGS if name == "sgd_step" else ADAM_SETTINGS))
        settings = tuple((key, case[key]) for key in keys)
        if not _torch_refuses(OPTIMIZER[name], settings):
            raise RuntimeError(f"torch.optim.{OPTIMIZER[name]} accepted {settings}")
        shown = ", ".join(f"{key}={value!r}" for key, value in settings)
        words = {
            "function": name,
            "settings": shown,
            "optimizer": f"torch.optim.{OPTIMIZER[name]}",
        }
        try:
            impl.call(name, case["w"], case["dws"][0], None, *_args(name, case, 0))
        except StudentError as err:
            if err.kind == RAISED and err.exc_type == "ValueError":
                return
            if err.kind != RAISED:  # not started, timed out, crashed...: reported as such
                raise
            raise PropertyFailure(WRONG_EXCEPTION, exc_type=err.exc_type, **words) from None
        raise PropertyFailure(ACCEPTED, **words)

    check.__name__ = f"check_{name}_refuses"
    return check


# --------------------------------------------------------------------------- inputs
# A case: the starting weights w, the gradients dws (one row per step: dws[t] is the dw of
# step t + 1) and the optimizer's settings.  Weights and gradients come from a NumPy
# generator seeded by a drawn integer (drawing each element with Hypothesis cost most of
# the run for 20-step trajectories), rounded to 2 decimals so that feedback stays
# readable, in kinds chosen for what goes wrong: constant gradients (momentum builds up,
# Adam's bias-corrected step is exactly lr), zero gradients (0/0 when eps is misplaced,
# only the weight decay moves w), tiny ones (sqrt(v) near eps: eps's place shows), large
# ones, sign flips (momentum damps them) and sparse ones (exact zeros in some elements).
# Weights stay near 1 and learning rates large enough that a step is a sizeable part of
# w, so that grader/define/compare.py's tolerance (relative to w) sees a wrong step.

GRADIENT_KINDS = ("random", "constant", "zero", "tiny", "large", "sign_flips", "sparse")


def _gradients(rng: np.random.Generator, kind: str, steps: int, shape: tuple) -> np.ndarray:
    size = (steps, *shape)
    if kind == "zero":
        return np.zeros(size)
    if kind in ("constant", "sign_flips"):
        first = np.round(rng.normal(size=shape), 2)
        signs = (-1.0) ** np.arange(steps) if kind == "sign_flips" else np.ones(steps)
        return signs.reshape(-1, *(1,) * len(shape)) * first
    base = np.round(rng.normal(size=size), 2)
    if kind == "tiny":
        return base * 1e-6
    if kind == "large":
        return base * 1e3
    if kind == "sparse":
        return np.where(rng.random(size) < 0.5, 0.0, base)
    return base


_SEEDS = st.integers(0, 2**32 - 1)


def trajectories(
    settings: st.SearchStrategy[dict],
    min_steps: int = 1,
    max_steps: int = 12,
    max_side: int = 3,
    kinds: tuple[str, ...] = GRADIENT_KINDS,
) -> st.SearchStrategy[Case]:
    """w, the gradients of min_steps..max_steps steps, and the settings drawn from
    `settings`.  (The inner strategies are built once: Hypothesis validates every new
    strategy object, see grader/define/strategies.py.)"""
    shape_of = shapes(max_dims=2, max_side=max_side)
    steps_of = st.integers(min_steps, max_steps)
    kind_of = st.sampled_from(kinds)

    @st.composite
    def cases(draw: st.DrawFn) -> Case:
        shape = draw(shape_of)
        steps = draw(steps_of)
        kind = draw(kind_of)
        rng = np.random.default_rng(draw(_SEEDS))
        case: Case = {
            "w": np.round(rng.normal(size=shape), 2),
            "dws": _gradients(rng, kind, steps, shape),
        }
        case.update(draw(settings))
        return case

    return cases()


_LR0 = st.sampled_from((0.1, 0.5, 0.01, 1.0))
_GAMMAS = st.sampled_from((0.5, 0.9, 0.1))
_EVERY = st.sampled_from((1, 1, 2, 5))


def scheduled_trajectories(settings: st.SearchStrategy[dict]) -> st.SearchStrategy[Case]:
    """As trajectories (at least 2 steps), with the learning rate changing between steps
    as a scheduler changes it (exponential or step decay): "lrs", one per step, instead
    of "lr"."""
    base = trajectories(settings, min_steps=2)

    @st.composite
    def cases(draw: st.DrawFn) -> Case:
        case = draw(base)
        decays = np.arange(_steps(case)) // draw(_EVERY)
        lrs = draw(_LR0) * draw(_GAMMAS) ** decays
        return {"w": case["w"], "dws": case["dws"], "lrs": lrs, **_without(case, "w", "dws", "lr")}

    return cases()


def _without(case: Case, *names: str) -> Case:
    return {k: v for k, v in case.items() if k not in names}


SGD_LRS = st.one_of(st.sampled_from((0.1, 0.01, 0.5, 1.0)), st.floats(1e-3, 1.0))
MOMENTA = st.one_of(st.sampled_from((0.9, 0.5, 0.99, 0.1)), st.floats(0.01, 0.99))
DAMPENINGS = st.sampled_from((0.0, 0.0, 0.1, 0.5, 0.9, 1.0))
NO_MOMENTUM = st.just(0.0)
SGD_DECAYS = st.sampled_from((0.0, 0.0, 0.1, 0.01, 1.0))


def sgd_settings(
    momentum: st.SearchStrategy[float] = NO_MOMENTUM,
    dampening: st.SearchStrategy[float] = DAMPENINGS,
    nesterov: bool = False,
    lr: st.SearchStrategy[float] = SGD_LRS,
) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries(
        {
            "lr": lr,
            "momentum": momentum,
            "dampening": st.just(0.0) if nesterov else dampening,
            "weight_decay": SGD_DECAYS,
            "nesterov": st.just(nesterov),
        }
    )


SGD_PLAIN = sgd_settings()
SGD_MOMENTUM = sgd_settings(momentum=MOMENTA)
SGD_NESTEROV = sgd_settings(momentum=MOMENTA, nesterov=True)
SGD_ANY = st.one_of(SGD_PLAIN, SGD_MOMENTUM, SGD_NESTEROV)

ADAM_LRS = st.one_of(st.sampled_from((1e-3, 0.01, 0.1, 0.5)), st.floats(1e-4, 0.5))
BETAS = st.one_of(
    st.sampled_from(((0.9, 0.999), (0.5, 0.9), (0.0, 0.99), (0.9, 0.0), (0.99, 0.999))),
    st.tuples(st.floats(0.0, 0.99), st.floats(0.0, 0.999)),
)
EPSILONS = st.sampled_from((1e-8, 1e-6, 1e-3, 0.1, 1.0))


def adam_settings(
    weight_decay: st.SearchStrategy[float], betas: st.SearchStrategy = BETAS
) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries(
        {"lr": ADAM_LRS, "betas": betas, "eps": EPSILONS, "weight_decay": weight_decay}
    )


ADAM_NO_DECAY = adam_settings(st.just(0.0))
ADAM_DECAY = adam_settings(st.sampled_from((0.1, 0.01, 0.5, 1.0)))
ADAMW_DECAY = adam_settings(st.sampled_from((1e-2, 0.1, 0.5, 1.0, 0.0)))


_NEGATIVE = st.one_of(st.sampled_from((-0.1, -1.0, -1e-12)), st.floats(-10.0, -1e-12))
_OUTSIDE_UNIT = st.one_of(st.sampled_from((1.0, -0.1, 1.5)), st.floats(1.0, 10.0))
_SGD_REFUSALS = st.sampled_from(("lr", "momentum", "weight_decay", "nesterov", "dampening"))
_NESTEROV_DAMPENINGS = st.sampled_from((0.1, 0.5, 1.0, -0.5))
_ADAM_REFUSALS = st.sampled_from(("lr", "eps", "weight_decay", "beta1", "beta2"))


@st.composite
def invalid_sgd_settings(draw: st.DrawFn) -> dict:
    """Settings torch.optim.SGD refuses: a negative lr, momentum or weight decay, or
    Nesterov without momentum or with dampening."""
    case = draw(SGD_MOMENTUM)
    kind = draw(_SGD_REFUSALS)
    if kind in ("lr", "momentum", "weight_decay"):
        case[kind] = draw(_NEGATIVE)
    elif kind == "nesterov":
        case.update(momentum=0.0, dampening=0.0, nesterov=True)
    else:
        case.update(dampening=draw(_NESTEROV_DAMPENINGS), nesterov=True)
    return case


@st.composite
def invalid_adam_settings(draw: st.DrawFn, decay: st.SearchStrategy[dict]) -> dict:
    """Settings torch.optim.Adam and AdamW refuse: a negative lr, eps or weight decay, or
    a beta outside [0, 1)."""
    case = draw(decay)
    kind = draw(_ADAM_REFUSALS)
    if kind in ("lr", "eps", "weight_decay"):
        case[kind] = draw(_NEGATIVE)
    elif kind == "beta1":
        case["betas"] = (draw(_OUTSIDE_UNIT), case["betas"][1])
    else:
        case["betas"] = (case["betas"][0], draw(_OUTSIDE_UNIT))
    return case


def invalid(settings: st.SearchStrategy[dict], max_side: int = 3) -> st.SearchStrategy[Case]:
    return trajectories(settings, max_steps=1, max_side=max_side)


# --------------------------------------------------------------------------- examples
# Hand-written trajectories: one step, two steps, twenty steps of changing gradients, a
# constant gradient and a zero gradient, from the same weights.
W0 = np.array([1.0, -2.0, 0.5])
G1 = np.array([0.5, -1.0, 2.0])
G2 = np.array([-1.5, 0.25, 1.0])
ONE_STEP = np.array([G1])
TWO_STEPS = np.array([G1, G2])
TWENTY_STEPS = np.round(np.sin(0.7 * np.arange(20)[:, None] + np.arange(3)), 2)
CONSTANT = np.tile(G1, (10, 1))
ZERO = np.zeros((5, 3))
TINY = np.array([G1, G2, G1]) * 1e-6


def _cases(settings: dict, *gradients: np.ndarray) -> tuple[Case, ...]:
    return tuple({"w": W0, "dws": dws, **settings} for dws in gradients)


ALL_KINDS = (ONE_STEP, TWO_STEPS, TWENTY_STEPS, CONSTANT, ZERO)
SGD_PLAIN_SETTINGS = {"lr": 0.1, "momentum": 0.0, "dampening": 0.5, "weight_decay": 0.1}
SGD_MOMENTUM_SETTINGS = {"lr": 0.1, "momentum": 0.9, "dampening": 0.5, "weight_decay": 0.1}
SGD_NESTEROV_SETTINGS = {"lr": 0.1, "momentum": 0.9, "dampening": 0.0, "weight_decay": 0.1}
ADAM_SETTINGS_EXAMPLE = {"lr": 0.1, "betas": (0.9, 0.999), "eps": 1e-3, "weight_decay": 0.0}
ADAM_DECAY_EXAMPLE = {**ADAM_SETTINGS_EXAMPLE, "weight_decay": 0.5}
ADAM_SMALL_EPS = {**ADAM_SETTINGS_EXAMPLE, "eps": 1e-8}

SGD_PLAIN_EXAMPLES = _cases({**SGD_PLAIN_SETTINGS, "nesterov": False}, *ALL_KINDS)
SGD_MOMENTUM_EXAMPLES = _cases({**SGD_MOMENTUM_SETTINGS, "nesterov": False}, *ALL_KINDS)
SGD_NESTEROV_EXAMPLES = _cases({**SGD_NESTEROV_SETTINGS, "nesterov": True}, *ALL_KINDS)
SCHEDULE_EXAMPLES = (
    {
        "w": W0,
        "dws": TWO_STEPS,
        "lrs": np.array([0.1, 0.05]),
        **_without(SGD_MOMENTUM_SETTINGS, "lr"),
        "dampening": 0.0,
        "nesterov": False,
    },
    {
        "w": W0,
        "dws": CONSTANT,
        "lrs": 0.5 * 0.5 ** np.arange(10),
        **_without(SGD_NESTEROV_SETTINGS, "lr"),
        "nesterov": True,
    },
)
# eps = 0 and lr = 0 are allowed (only negative values are refused): no eps at all
# (gradients without zeros, so no 0 / 0), and a step that moves only the state.
EDGE_SETTINGS = ({**ADAM_SETTINGS_EXAMPLE, "eps": 0.0}, {**ADAM_SETTINGS_EXAMPLE, "lr": 0.0})
ADAM_EXAMPLES = (
    _cases(ADAM_SETTINGS_EXAMPLE, *ALL_KINDS)
    + _cases(ADAM_SMALL_EPS, TINY)
    + tuple(_cases(edge, TWO_STEPS)[0] for edge in EDGE_SETTINGS)
)
ADAM_DECAY_EXAMPLES = _cases(ADAM_DECAY_EXAMPLE, *ALL_KINDS)
ADAMW_EXAMPLES = (
    _cases(ADAM_DECAY_EXAMPLE, *ALL_KINDS)
    + _cases({**ADAM_SMALL_EPS, "weight_decay": 1e-2}, TINY)
    + tuple(_cases({**edge, "weight_decay": 0.5}, TWO_STEPS)[0] for edge in EDGE_SETTINGS)
)
SGD_REFUSED = (
    {
        "w": W0,
        "dws": ONE_STEP,
        "lr": 0.1,
        "momentum": 0.0,
        "dampening": 0.0,
        "weight_decay": 0.0,
        "nesterov": True,
    },
    {
        "w": W0,
        "dws": ONE_STEP,
        "lr": 0.1,
        "momentum": 0.9,
        "dampening": 0.5,
        "weight_decay": 0.0,
        "nesterov": True,
    },
    {
        "w": W0,
        "dws": ONE_STEP,
        "lr": -0.1,
        "momentum": 0.0,
        "dampening": 0.0,
        "weight_decay": 0.0,
        "nesterov": False,
    },
    {
        "w": W0,
        "dws": ONE_STEP,
        "lr": 0.1,
        "momentum": -0.9,
        "dampening": 0.0,
        "weight_decay": 0.0,
        "nesterov": False,
    },
    {
        "w": W0,
        "dws": ONE_STEP,
        "lr": 0.1,
        "momentum": 0.0,
        "dampening": 0.0,
        "weight_decay": -0.1,
        "nesterov": False,
    },
)
ADAM_REFUSED = tuple(
    {"w": W0, "dws": ONE_STEP, **ADAM_SETTINGS_EXAMPLE, **change}
    for change in (
        {"lr": -1e-3},
        {"eps": -1e-8},
        {"betas": (1.0, 0.999)},
        {"betas": (0.9, 1.0)},
        {"betas": (-0.1, 0.999)},
        {"weight_decay": -0.1},
    )
)
DEFAULTS_EXAMPLES = (
    {"w": W0, "dws": TWO_STEPS, "lr": 0.1, "momentum": 0.9},
    {"w": W0, "dws": TINY, "lr": 0.1, "momentum": 0.5},
)


_DEFAULT_BASE = trajectories(SGD_MOMENTUM, min_steps=2, max_steps=6)


def default_cases() -> st.SearchStrategy[Case]:
    """w and gradients, with an lr and a momentum for sgd_step's two calls (the Adam
    checks use neither)."""
    return _DEFAULT_BASE.map(lambda c: {k: c[k] for k in ("w", "dws", "lr", "momentum")})


# --------------------------------------------------------------------------- properties

UNCHANGED_HINT = Text(
    "buf *= momentum, buf += g, m *= beta1, w -= lr * step or np.sqrt(v, out=v) write into "
    "the caller's arrays: the weights, or the arrays inside state, which belong to the "
    "previous step. So does state['exp_avg'] = ... on the dict you were given. Build new "
    "arrays (buf = momentum * buf + g) and return a new dict.",
    "buf *= momentum, buf += g, m *= beta1, w -= lr * step, np.sqrt(v, out=v) 같은 연산은 "
    "호출한 쪽의 배열(가중치나, 이전 스텝의 것인 state 안의 배열)을 바꿉니다. 받은 dict에 "
    "state['exp_avg'] = ...처럼 쓰는 것도 마찬가지입니다. 새 배열을 만들고 "
    "(buf = momentum * buf + g) 새 dict를 돌려주세요.",
)
SGD_STATE_HINT = Text(
    "PyTorch's state for SGD: {} when momentum == 0 (no buffer at all), else "
    "{'momentum_buffer': buf} with buf = g (the gradient plus weight_decay * w) on the first "
    "step and momentum * buf + (1 - dampening) * g afterwards. The buffer holds no learning "
    "rate: CS231n's velocity v = mu * v - lr * dw is -lr times it.",
    "PyTorch의 SGD state: momentum == 0이면 {} (버퍼가 아예 없음), 아니면 "
    "{'momentum_buffer': buf}이고, buf는 첫 스텝에서 g (기울기 + weight_decay * w), 그다음부터 "
    "momentum * buf + (1 - dampening) * g입니다. 버퍼에는 학습률이 들어가지 않습니다. CS231n의 "
    "속도 v = mu * v - lr * dw는 이 버퍼에 -lr을 곱한 값입니다.",
)
ADAM_STATE_HINT = Text(
    "PyTorch's state for Adam and AdamW: {'step': t, 'exp_avg': m, 'exp_avg_sq': v}, with t "
    "the number of steps taken (1 after the first), and m, v the moving averages WITHOUT bias "
    "correction (m_hat and v_hat are computed for the step, not stored). For AdamW, m and v "
    "see the data gradient only; for Adam, the gradient plus weight_decay * w.",
    "PyTorch의 Adam, AdamW state: {'step': t, 'exp_avg': m, 'exp_avg_sq': v}이고, t는 지금까지 "
    "한 스텝 수(첫 스텝 뒤 1), m과 v는 편향 보정을 하지 않은 이동 평균입니다 (m_hat, v_hat은 "
    "스텝 계산에만 쓰고 저장하지 않음). AdamW의 m, v에는 데이터 기울기만, Adam의 m, v에는 "
    "기울기 + weight_decay * w가 들어갑니다.",
)


# Drawn trajectories per weights property: each is up to 20 calls (a step each), so 8
# of them cost more than 15 inputs of any other topic's property.  The explicit examples
# (one step, two, twenty with changing gradients, constant and zero gradients) are always
# run; with 8 draws the mutation run still kills every optim mutant (docs/mutation.md).
WEIGHTS_DRAWS = 8


def _weights_property(
    id: str,
    name: str,
    claim: Text,
    hint: Text,
    strategy,
    examples,
    max_examples: int = WEIGHTS_DRAWS,
) -> Property:
    return Property(
        id=id,
        points=2,
        functions=(name,),
        claim=claim,
        hint=hint,
        strategy=strategy,
        check=_check_weights(name),
        max_examples=max_examples,
        examples=examples,
    )


def _unchanged_property(name: str, strategy, examples) -> Property:
    return Property(
        id=f"{name}_leaves_inputs_unchanged",
        points=1,
        functions=(name,),
        claim=Text(
            f"{name} modifies neither w, dw, state nor the arrays inside state",
            f"{name}이 w, dw, state와 state 안의 배열을 바꾸지 않는다",
        ),
        hint=UNCHANGED_HINT,
        strategy=strategy,
        check=_check_unchanged(name),
        max_examples=3,
        examples=examples,
    )


def _refuses_property(name: str, strategy, examples, words: Text) -> Property:
    optimizer = f"torch.optim.{OPTIMIZER[name]}"
    return Property(
        id=f"{name}_refuses_like_torch",
        points=1,
        functions=(name,),
        claim=Text(
            f"{name} raises ValueError for the settings {optimizer} refuses: {words.en}",
            f"{optimizer}의 생성자가 거부하는 설정에서 {name}이 ValueError를 일으킨다: {words.ko}",
        ),
        hint=Text(
            f"Check the arguments before anything else, as {optimizer}'s constructor does, "
            f"and raise ValueError: {words.en}.",
            f"{optimizer}의 생성자처럼 다른 계산보다 먼저 인자를 검사하고 ValueError를 "
            f"일으키세요: {words.ko}.",
        ),
        strategy=strategy,
        check=_check_refuses(name),
        max_examples=4,
        examples=examples,
    )


def _defaults_property(name: str, defaults: str, defaults_ko: str) -> Property:
    return Property(
        id=f"{name}_defaults_are_torchs",
        points=1,
        functions=(name,),
        claim=Text(
            f"called without the optional arguments, {name} uses PyTorch's defaults: {defaults}",
            f"선택 인자 없이 부르면 {name}이 PyTorch의 기본값을 쓴다: {defaults_ko}",
        ),
        hint=Text(
            f"Keep the stub's signature: its defaults are PyTorch's ({defaults}).",
            f"뼈대 코드의 함수 시그니처를 그대로 두세요. 기본값이 PyTorch의 것입니다 ({defaults_ko}).",
        ),
        strategy=default_cases(),
        check=_check_defaults(name),
        max_examples=3,
        examples=DEFAULTS_EXAMPLES,
    )


def _state_property(name: str, strategy, hint: Text, examples) -> Property:
    optimizer = f"torch.optim.{OPTIMIZER[name]}"
    return Property(
        id=f"{name}_state_matches_torch",
        points=2,
        functions=(name,),
        claim=Text(
            f"after every step, new_state equals what {optimizer} keeps in "
            "optimizer.state[param] (the same keys, the same values)",
            f"매 스텝 뒤 new_state가 {optimizer}의 optimizer.state[param]과 같다 (같은 키, "
            "같은 값)",
        ),
        hint=hint,
        strategy=strategy,
        check=_check_state(name),
        max_examples=5,
        examples=examples,
    )


PROPERTIES = (
    _weights_property(
        "sgd_step_matches_torch",
        "sgd_step",
        Text(
            "without momentum, every step equals torch.optim.SGD's: w - lr * (dw + "
            "weight_decay * w), over trajectories of 1 to 20 steps",
            "모멘텀 없이, 1~20 스텝의 궤적에서 매 스텝이 torch.optim.SGD와 같다: w - lr * (dw + "
            "weight_decay * w)",
        ),
        Text(
            "Plain SGD moves against the gradient by lr times it. Weight decay is added to "
            "the gradient first (g = dw + weight_decay * w); with momentum == 0 dampening "
            "does nothing, and the new state is {}.",
            "기본 SGD는 기울기의 반대 방향으로 lr배만큼 이동합니다. 가중치 감쇠는 먼저 기울기에 "
            "더합니다 (g = dw + weight_decay * w). momentum == 0이면 dampening은 아무 일도 하지 "
            "않고, 새 state는 {}입니다.",
        ),
        trajectories(SGD_PLAIN),
        SGD_PLAIN_EXAMPLES,
    ),
    _weights_property(
        "sgd_step_momentum_matches_torch",
        "sgd_step",
        Text(
            "with momentum (and dampening), every step equals torch.optim.SGD's: the buffer "
            "starts as the first gradient, then buf = momentum * buf + (1 - dampening) * g, "
            "and w - lr * buf",
            "모멘텀(과 dampening)이 있을 때 매 스텝이 torch.optim.SGD와 같다: 버퍼는 첫 "
            "기울기로 시작하고, 그다음 buf = momentum * buf + (1 - dampening) * g, 그리고 "
            "w - lr * buf",
        ),
        Text(
            "PyTorch's momentum buffer is the gradient itself on the first step (not "
            "(1 - dampening) * g, and not zeros updated once), then momentum * buf + "
            "(1 - dampening) * g, where g already includes weight_decay * w. The step is "
            "w - lr * buf.",
            "PyTorch의 모멘텀 버퍼는 첫 스텝에서 기울기 그 자체입니다 ((1 - dampening) * g도, "
            "0에서 한 번 갱신한 값도 아님). 그다음부터 momentum * buf + (1 - dampening) * g이고, "
            "g에는 이미 weight_decay * w가 들어 있습니다. 이동은 w - lr * buf입니다.",
        ),
        trajectories(SGD_MOMENTUM),
        SGD_MOMENTUM_EXAMPLES,
    ),
    _weights_property(
        "sgd_step_nesterov_matches_torch",
        "sgd_step",
        Text(
            "with nesterov=True, every step equals torch.optim.SGD's: w - lr * (g + "
            "momentum * buf), with buf already updated by this step's g",
            "nesterov=True일 때 매 스텝이 torch.optim.SGD와 같다: 이번 스텝의 g로 이미 갱신한 "
            "buf로 w - lr * (g + momentum * buf)",
        ),
        Text(
            "Nesterov looks ahead: update the buffer as usual, then step by g + momentum * "
            "buf instead of buf alone (g includes weight_decay * w).",
            "네스테로프는 앞을 내다봅니다: 버퍼는 평소처럼 갱신하고, buf만이 아니라 "
            "g + momentum * buf만큼 이동합니다 (g에는 weight_decay * w가 들어 있음).",
        ),
        trajectories(SGD_NESTEROV),
        SGD_NESTEROV_EXAMPLES,
    ),
    _weights_property(
        "sgd_step_momentum_follows_a_schedule",
        "sgd_step",
        Text(
            "when the learning rate changes between steps (as a scheduler changes it), "
            "every step with momentum still equals torch.optim.SGD's: the new lr applies to "
            "the whole buffer at once",
            "학습률이 스텝마다 바뀔 때(스케줄러가 바꾸듯이)도 모멘텀이 있는 매 스텝이 "
            "torch.optim.SGD와 같다: 새 lr이 버퍼 전체에 바로 적용된다",
        ),
        Text(
            "PyTorch's buffer holds gradients only, and lr multiplies it at each step: "
            "w - lr * buf. CS231n's v = mu * v - lr * dw stores lr inside v, so a change of lr "
            "reaches only the newest gradient.",
            "PyTorch의 버퍼에는 기울기만 들어 있고, 매 스텝 lr을 버퍼에 곱합니다: "
            "w - lr * buf. CS231n의 v = mu * v - lr * dw는 v 안에 lr을 저장하므로 lr이 바뀌어도 "
            "가장 최근 기울기에만 반영됩니다.",
        ),
        scheduled_trajectories(st.one_of(SGD_MOMENTUM, SGD_NESTEROV)),
        SCHEDULE_EXAMPLES,
        max_examples=6,
    ),
    _state_property(
        "sgd_step",
        trajectories(SGD_ANY),
        SGD_STATE_HINT,
        SGD_PLAIN_EXAMPLES[1:2]
        + SGD_MOMENTUM_EXAMPLES[:3]
        + SGD_NESTEROV_EXAMPLES[1:2]
        + ({**SGD_MOMENTUM_EXAMPLES[1], "lr": 0.0},),  # lr = 0: only the buffer moves
    ),
    _defaults_property(
        "sgd_step",
        "momentum=0, dampening=0, weight_decay=0, nesterov=False",
        "momentum=0, dampening=0, weight_decay=0, nesterov=False",
    ),
    _unchanged_property(
        "sgd_step",
        trajectories(SGD_ANY, max_steps=3),
        SGD_MOMENTUM_EXAMPLES[1:2] + SGD_NESTEROV_EXAMPLES[1:2],
    ),
    _refuses_property(
        "sgd_step",
        invalid(invalid_sgd_settings()),
        SGD_REFUSED,
        Text(
            "lr < 0, momentum < 0, weight_decay < 0, or nesterov=True with momentum <= 0 or "
            "dampening != 0",
            "lr < 0, momentum < 0, weight_decay < 0, 또는 momentum <= 0이나 dampening != 0인데 "
            "nesterov=True",
        ),
    ),
    _weights_property(
        "adam_step_matches_torch",
        "adam_step",
        Text(
            "without weight decay, every step equals torch.optim.Adam's: w - lr * m_hat / "
            "(sqrt(v_hat) + eps), bias-corrected from step 1, over trajectories of 1 to 20 "
            "steps",
            "가중치 감쇠 없이, 1~20 스텝의 궤적에서 매 스텝이 torch.optim.Adam과 같다: "
            "1번째 스텝부터 편향 보정한 w - lr * m_hat / (sqrt(v_hat) + eps)",
        ),
        Text(
            "Count the steps from 1 (t = 1 on the first call): m_hat = m / (1 - beta1**t) and "
            "v_hat = v / (1 - beta2**t) undo the zero start of the moving averages. eps is "
            "added AFTER the square root: sqrt(v_hat) + eps, not sqrt(v_hat + eps), and not "
            "sqrt(v) + eps with the correction folded into the learning rate.",
            "스텝은 1부터 셉니다 (첫 호출에서 t = 1). m_hat = m / (1 - beta1**t), "
            "v_hat = v / (1 - beta2**t)가 0에서 시작한 이동 평균을 보정합니다. eps는 제곱근 "
            "뒤에 더합니다: sqrt(v_hat + eps)도, 보정을 학습률에 넣은 sqrt(v) + eps도 아니라 "
            "sqrt(v_hat) + eps입니다.",
        ),
        trajectories(ADAM_NO_DECAY),
        ADAM_EXAMPLES,
    ),
    _weights_property(
        "adam_step_weight_decay_matches_torch",
        "adam_step",
        Text(
            "with weight decay, every step equals torch.optim.Adam's: weight_decay * w is "
            "added to the gradient (L2), before the moving averages",
            "가중치 감쇠가 있을 때 매 스텝이 torch.optim.Adam과 같다: 이동 평균 전에 "
            "weight_decay * w를 기울기에 더한다 (L2)",
        ),
        Text(
            "Adam's weight_decay is L2 regularization: g = dw + weight_decay * w, and this g "
            "goes into m and v. Shrinking w directly (w * (1 - lr * weight_decay)) is AdamW's "
            "decoupled decay, a different optimizer.",
            "Adam의 weight_decay는 L2 규제입니다: g = dw + weight_decay * w이고, 이 g가 m과 v에 "
            "들어갑니다. w를 직접 줄이는 것(w * (1 - lr * weight_decay))은 AdamW의 분리된 감쇠로, "
            "다른 옵티마이저입니다.",
        ),
        trajectories(ADAM_DECAY),
        ADAM_DECAY_EXAMPLES,
    ),
    _state_property(
        "adam_step",
        trajectories(st.one_of(ADAM_NO_DECAY, ADAM_DECAY)),
        ADAM_STATE_HINT,
        ADAM_EXAMPLES[1:3] + ADAM_EXAMPLES[-1:] + ADAM_DECAY_EXAMPLES[1:2],
    ),
    _defaults_property(
        "adam_step",
        "lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0",
        "lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0",
    ),
    _unchanged_property(
        "adam_step",
        trajectories(st.one_of(ADAM_NO_DECAY, ADAM_DECAY), max_steps=3),
        ADAM_DECAY_EXAMPLES[1:2],
    ),
    _refuses_property(
        "adam_step",
        invalid(invalid_adam_settings(ADAM_DECAY)),
        ADAM_REFUSED,
        Text(
            "lr < 0, eps < 0, a beta outside [0, 1), or weight_decay < 0",
            "lr < 0, eps < 0, [0, 1) 밖의 beta, 또는 weight_decay < 0",
        ),
    ),
    _weights_property(
        "adamw_step_matches_torch",
        "adamw_step",
        Text(
            "every step equals torch.optim.AdamW's: first w * (1 - lr * weight_decay), then "
            "Adam's update from the data gradient alone",
            "매 스텝이 torch.optim.AdamW와 같다: 먼저 w * (1 - lr * weight_decay), 그다음 "
            "데이터 기울기만으로 Adam의 갱신",
        ),
        Text(
            "AdamW decouples the decay from the gradient: shrink the weights first, "
            "w = w * (1 - lr * weight_decay) (scaled by lr), then make Adam's step of dw alone "
            "from that w. Adding weight_decay * w to the gradient is Adam's L2, and shrinking "
            "after the step or without lr is not what PyTorch does.",
            "AdamW는 감쇠를 기울기와 분리합니다: 먼저 w = w * (1 - lr * weight_decay)로 (lr을 "
            "곱해서) 가중치를 줄이고, 그 w에서 dw만으로 Adam 스텝을 합니다. weight_decay * w를 "
            "기울기에 더하는 것은 Adam의 L2이고, 스텝 뒤에 줄이거나 lr 없이 줄이는 것은 PyTorch의 "
            "방식이 아닙니다.",
        ),
        trajectories(ADAMW_DECAY),
        ADAMW_EXAMPLES,
    ),
    _state_property(
        "adamw_step",
        trajectories(ADAMW_DECAY),
        ADAM_STATE_HINT,
        ADAMW_EXAMPLES[1:3] + ADAMW_EXAMPLES[-1:],
    ),
    _defaults_property(
        "adamw_step",
        "lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2 (not Adam's 0)",
        "lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2 (Adam의 0이 아님)",
    ),
    _unchanged_property(
        "adamw_step",
        trajectories(ADAMW_DECAY, max_steps=3),
        ADAMW_EXAMPLES[1:2],
    ),
    _refuses_property(
        "adamw_step",
        invalid(invalid_adam_settings(ADAMW_DECAY)),
        ADAM_REFUSED,
        Text(
            "lr < 0, eps < 0, a beta outside [0, 1), or weight_decay < 0",
            "lr < 0, eps < 0, [0, 1) 밖의 beta, 또는 weight_decay < 0",
        ),
    ),
)

TOPIC = Topic(
    name="optim",
    position=90,
    title=Text("Optimizers: SGD, momentum, Adam, AdamW", "옵티마이저: SGD, 모멘텀, Adam, AdamW"),
    functions=FUNCTIONS,
    properties=PROPERTIES,
)
