"""Dropout: the paper's "vanilla" dropout and PyTorch's inverted dropout, forward and backward
(course notes: Dropout, overfitting 방지, model.train() / model.eval()).

``p`` is the probability of DROPPING an element, as in ``torch.nn.Dropout(p)``; the 2014
paper (Srivastava et al.) writes p for the probability of KEEPING one.  Randomness comes
only from the ``numpy.random.Generator`` passed in, so cases hold an integer ``seed`` and
every check builds ``np.random.default_rng(seed)``: a failing input prints and reproduces.

How the training-mode mask is judged without knowing the student's random numbers: on
inputs without zeros a kept element is never 0, so the mask a forward pass used can be
read off its output (``out != 0``, where NaN counts as kept).  Given that mask, the
reference is PyTorch's autograd of ``x * mask * scale``, with ``scale`` measured from a
real ``torch.nn.Dropout`` for inverted dropout (1 for vanilla).  Whether the mask drops
the right fraction is a separate, exact binomial test.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np
from hypothesis import strategies as st

from grader.define import oracle
from grader.define.compare import (
    PropertyFailure,
    assert_array_close,
    assert_inputs_unchanged,
    check_array,
    unpack,
)
from grader.define.frozen import freeze
from grader.define.i18n import Text
from grader.define.oracle import torch
from grader.define.spec import Case, FunctionSpec, Property, Topic
from grader.define.strategies import (
    RATE_SHAPE,
    dropout_backward_case,
    dropout_case,
    dropout_ps,
    dropout_rate_case,
    dropout_seed_pair_case,
    invalid_dropout_case,
)
from grader.isolation.calls import RAISED, StudentError

VANILLA = "vanilla"
INVERTED = "inverted"
FORWARD = {VANILLA: "dropout_forward", INVERTED: "inverted_dropout_forward"}

FUNCTIONS = (
    FunctionSpec(
        "dropout_forward",
        ("x", "p", "train", "rng"),
        Text(
            "vanilla dropout: training drops each element with probability p (no "
            "rescaling); evaluation returns x * (1 - p)",
            "바닐라 dropout: 학습 때는 각 원소를 확률 p로 0으로 만들고 (크기 조정 없음), "
            "평가(추론) 때는 x * (1 - p)를 돌려준다",
        ),
        opaque_returns=(1,),
    ),
    FunctionSpec(
        "inverted_dropout_forward",
        ("x", "p", "train", "rng"),
        Text(
            "inverted dropout (PyTorch's): training drops with probability p and divides "
            "kept elements by (1 - p); evaluation returns x unchanged",
            "inverted dropout (PyTorch 방식): 학습 때는 확률 p로 0으로 만들고 남은 원소를 "
            "(1 - p)로 나누며, 평가(추론) 때는 x를 그대로 돌려준다",
        ),
        opaque_returns=(1,),
    ),
    FunctionSpec(
        "dropout_backward",
        ("dout", "cache"),
        Text(
            "dx for either kind of dropout in either mode: dout times the factor the "
            "forward pass applied to each element",
            "두 종류의 dropout, 두 모드 모두의 dx: 순전파가 각 원소에 곱한 값을 dout에 곱한다",
        ),
        needs=("dropout_forward", "inverted_dropout_forward"),
    ),
)

# --- PyTorch references --------------------------------------------------------------------


@oracle.memoised
def _torch_keep_scale(p: float) -> float:
    """The factor a real ``torch.nn.Dropout(p)`` applies to kept elements in training.

    Measured, not assumed: run the module on ones and read a kept element (1 / (1 - p)).
    At p == 1 PyTorch keeps nothing and every output is 0, which the factor 0 reproduces.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        out = torch.nn.Dropout(p).train()(torch.ones(4096, dtype=torch.float64))
    kept = out[out != 0]
    if kept.numel() == 0:
        if p == 1.0:
            return 0.0
        raise RuntimeError(f"no element kept by torch.nn.Dropout({p}); use a smaller p")
    return float(kept[0])


def _scale(kind: str, p: float) -> float:
    return _torch_keep_scale(p) if kind == INVERTED else 1.0


@oracle.memoised
def _train_reference(
    kind: str, x: np.ndarray, p: float, mask: np.ndarray, dout: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """out and autograd dx of ``x * mask * scale`` for the given keep-mask."""
    scale = _scale(kind, p)
    keep = oracle.tensor(mask.astype(np.float64))
    out, (dx,) = oracle.forward_backward(lambda t: t * keep * scale, [x], dout)
    return out, dx


@oracle.memoised
def _eval_reference(
    kind: str, x: np.ndarray, p: float, dout: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Evaluation mode: inverted is ``nn.Dropout(p).eval()``; vanilla is x * (1 - p)."""
    if kind == INVERTED:
        module: Any = torch.nn.Dropout(p).eval()
    else:

        def module(t: torch.Tensor) -> torch.Tensor:
            return t * (1.0 - p)

    out, (dx,) = oracle.forward_backward(module, [x], dout)
    return out, dx


@oracle.memoised
def _torch_train_endpoint(x: np.ndarray, p: float) -> np.ndarray:
    """``nn.Dropout(p)`` in training mode at p in {0, 1}, where it is deterministic."""
    assert p in (0.0, 1.0), p
    out, _ = oracle.forward_backward(torch.nn.Dropout(p).train(), [x], np.zeros_like(x))
    return out


@oracle.memoised
def _torch_refuses(p: float) -> bool:
    return oracle.refuses(lambda: torch.nn.Dropout(p))


# --- The exact binomial test of the drop count ---------------------------------------------

# Per example, a correct dropout (each element dropped independently with probability p)
# fails the test with probability at most ALPHA.  A property run tries at most
# max_examples + len(examples) inputs (public: 10 + 5, hidden: 30 + 6), so by the union
# bound a correct submission fails the whole property with probability below
# 36 * 1e-8 = 3.6e-7 < 1e-6.  Verdicts are still deterministic: seeds are fixed.
ALPHA = 1e-8


@functools.cache
def binomial_acceptance(n: int, p: float, alpha: float = ALPHA) -> tuple[int, int]:
    """The counts [lo, hi] an equal-tailed exact two-sided binomial test accepts.

    lo is the smallest k with P(X <= k) > alpha / 2 and hi the largest k with
    P(X >= k) > alpha / 2, for X ~ Binomial(n, p); so P(X < lo) + P(X > hi) <= alpha.
    Tails are summed exactly in log space (log-sum-exp), no scipy.  log C(n, k) comes
    from the recurrence C(n, k + 1) = C(n, k) (n - k) / (k + 1) as one cumulative sum:
    a call with n = 20,000 took 16 ms with math.lgamma per k, and each grading process
    met a hundred (n, p) pairs; the bounds are the same (tests/test_dropout_checks.py).
    """
    if p == 0.0:
        return 0, 0
    if p == 1.0:
        return n, n
    k = np.arange(n + 1, dtype=np.float64)
    log_binomial = np.zeros(n + 1)
    np.cumsum(np.log(n - k[:-1]) - np.log(k[1:]), out=log_binomial[1:])
    log_pmf = log_binomial + k * math.log(p) + (n - k) * math.log1p(-p)
    log_cdf = np.logaddexp.accumulate(log_pmf)  # log P(X <= k)
    log_sf = np.logaddexp.accumulate(log_pmf[::-1])[::-1]  # log P(X >= k)
    log_half = math.log(alpha / 2)
    lo = int(np.argmax(log_cdf > log_half))
    hi = int(n - np.argmax(log_sf[::-1] > log_half))
    return lo, hi


# --- Checks ------------------------------------------------------------------------------


@functools.cache
def seeded(seed: int) -> np.random.Generator:
    """``np.random.default_rng(seed)``, made once per seed (24 us each, some 900 times per
    submission).  Every implementation hands the student a generator in the same state,
    never this object (grader.isolation.calls.InProcess a clone, the worker process one decoded
    from its state), so no call can consume it: tests/test_dropout_checks.py."""
    return np.random.default_rng(seed)


@functools.cache
def ones(shape: tuple[int, ...]) -> np.ndarray:
    """``np.ones(shape)``, made once per shape and frozen (grader.define.frozen)."""
    return freeze(np.ones(shape))


def _forward(
    impl: Any, kind: str, x: np.ndarray, p: float, train: bool, seed: int
) -> tuple[Any, Any]:
    name = FORWARD[kind]
    value = impl.call(name, x, p, train, seeded(seed))
    out, cache = unpack(value, ("out", "cache"), name)
    return out, cache


def _out_label(kind: str, train: bool) -> str:
    return f"{FORWARD[kind]}'s out (train={train})"


def _read_mask(out: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The keep-mask a training forward used: kept where out != 0 (NaN counts as kept).

    Only meaningful when x has no zeros, which the training strategies guarantee.
    """
    if not np.all(x != 0):
        raise RuntimeError("kit bug: training-mask cases need x without zeros")
    return out != 0


def _restate(failure: PropertyFailure, problem: Text, **fields: object) -> PropertyFailure:
    """The same expected/got/worst under a message specific to this property."""
    return PropertyFailure(
        problem,
        expected=failure.expected,
        got=failure.got,
        worst=failure.worst,
        **failure.fields,
        **fields,
    )


EVAL_WRONG = Text(
    "With train=False, {what} differs from the evaluation-mode reference in {count} of "
    "{total} elements.",
    "train=False(평가 모드)일 때 {function}의 out이 {total}개 원소 중 {count}개에서 기준값과 "
    "다릅니다.",
)


def check_eval_forward(kind: str, impl: Any, case: Case) -> None:
    out, _ = _forward(impl, kind, case["x"], case["p"], False, case["seed"])
    expected, _ = _eval_reference(kind, case["x"], case["p"], np.zeros_like(case["x"]))
    try:
        assert_array_close(out, expected, _out_label(kind, False))
    except PropertyFailure as failure:
        if not failure.fields.get("count"):
            raise
        raise _restate(failure, EVAL_WRONG, function=FORWARD[kind]) from None


TRAIN_SCALE_WRONG = Text(
    "In training mode, {count} of the {kept} elements your {function} kept (did not set "
    "to 0) are not {rule}.",
    "학습 모드에서 {function} 함수가 남긴 (0으로 만들지 않은) 원소 {kept}개 중 {count}개의 "
    "값이 {rule_ko}와 다릅니다.",
)
TRAIN_RULE = {
    VANILLA: (
        "x itself (vanilla dropout does not rescale)",
        "x 그대로 (바닐라 dropout은 크기 조정 없음)",
    ),
    INVERTED: ("x / (1 - p)", "x / (1 - p)"),
}


def check_train_forward(kind: str, impl: Any, case: Case) -> None:
    x, p = case["x"], case["p"]
    out, _ = _forward(impl, kind, x, p, True, case["seed"])
    out = check_array(out, x.shape, _out_label(kind, True))
    mask = _read_mask(out, x)
    expected, _ = _train_reference(kind, x, p, mask, np.zeros_like(x))
    try:
        assert_array_close(out, expected, _out_label(kind, True))
    except PropertyFailure as failure:
        rule, rule_ko = TRAIN_RULE[kind]
        raise _restate(
            failure,
            TRAIN_SCALE_WRONG,
            kept=int(mask.sum()),
            function=FORWARD[kind],
            rule=rule,
            rule_ko=rule_ko,
        ) from None


ENDPOINT_WRONG = Text(
    "With p = {p} in training mode, {what} should equal torch.nn.Dropout({p}) in training "
    "mode ({meaning}), but {count} of {total} elements differ.",
    "학습 모드에서 p = {p}이면 {function}의 out이 학습 모드의 torch.nn.Dropout({p})와 같아야 "
    "하는데 ({meaning_ko}) {total}개 원소 중 {count}개가 다릅니다.",
)
ENDPOINT_MEANING = {
    0.0: ("nothing dropped: out == x", "아무것도 버리지 않음: out == x"),
    1.0: ("everything dropped: all zeros", "모두 버림: 전부 0"),
}


def check_train_endpoint(kind: str, impl: Any, case: Case) -> None:
    x, p = case["x"], case["p"]
    out, _ = _forward(impl, kind, x, p, True, case["seed"])
    expected = _torch_train_endpoint(x, p)
    try:
        assert_array_close(out, expected, _out_label(kind, True))
    except PropertyFailure as failure:
        if not failure.fields.get("count"):
            raise
        meaning, meaning_ko = ENDPOINT_MEANING[p]
        raise _restate(
            failure,
            ENDPOINT_WRONG,
            p=p,
            function=FORWARD[kind],
            meaning=meaning,
            meaning_ko=meaning_ko,
        ) from None


RATE_WRONG = Text(
    "With p = {p} your {function} dropped {dropped} of {n} elements of x = np.ones({shape}) "
    "(a fraction of {fraction:.4f}); a dropout that drops each element with probability p "
    "drops between {lo} and {hi} of them except with probability below 1e-8 (exact binomial "
    "test).",
    "p = {p}일 때 {function} 함수가 x = np.ones({shape})의 원소 {n}개 중 {dropped}개를 "
    "버렸습니다 (비율 {fraction:.4f}). 각 원소를 확률 p로 버리는 dropout이라면 1e-8보다 작은 "
    "확률을 빼고는 {lo}개에서 {hi}개 사이를 버립니다 (정확한 이항 검정).",
)


def check_drop_rate(kind: str, impl: Any, case: Case) -> None:
    shape, p = tuple(case["shape"]), case["p"]
    x = ones(shape)
    out, _ = _forward(impl, kind, x, p, True, case["seed"])
    out = check_array(out, shape, _out_label(kind, True))
    dropped = int(np.count_nonzero(out == 0))
    lo, hi = binomial_acceptance(x.size, p)
    if not lo <= dropped <= hi:
        raise PropertyFailure(
            RATE_WRONG,
            p=p,
            function=FORWARD[kind],
            dropped=dropped,
            n=x.size,
            shape=shape,
            fraction=dropped / x.size,
            lo=lo,
            hi=hi,
        )


NOT_REPRODUCIBLE = Text(
    "Called twice with rng = np.random.default_rng(seed) and the same seed, your {function} "
    "dropped different elements ({count} of {total} differ). Below, 'expected' is the first "
    "call's mask and 'got' the second's (1 = kept, 0 = dropped).",
    "같은 seed의 rng = np.random.default_rng(seed)로 두 번 불렀는데 {function} 함수가 서로 "
    "다른 원소를 버렸습니다 ({total}개 중 {count}개가 다름). 아래의 기대값은 첫 번째 호출의 "
    "마스크, 내 결과는 두 번째 호출의 마스크입니다 (1 = 남김, 0 = 버림).",
)


def check_same_seed_same_mask(kind: str, impl: Any, case: Case) -> None:
    x, p = case["x"], case["p"]
    first, _ = _forward(impl, kind, x, p, True, case["seed"])
    first = check_array(first, x.shape, _out_label(kind, True))
    second, _ = _forward(impl, kind, x, p, True, case["seed"])
    second = check_array(second, x.shape, _out_label(kind, True))
    kept_first, kept_second = _read_mask(first, x), _read_mask(second, x)
    if not np.array_equal(kept_first, kept_second):
        raise PropertyFailure(
            NOT_REPRODUCIBLE,
            expected=kept_first.astype(np.float64),
            got=kept_second.astype(np.float64),
            function=FORWARD[kind],
            count=int(np.count_nonzero(kept_first != kept_second)),
            total=x.size,
        )


SAME_MASK_FOR_DIFFERENT_SEEDS = Text(
    "With two different seeds (seed and other_seed) your {function} dropped exactly the same "
    "{dropped} of {n} elements of x = np.ones({shape}). Independent masks coincide with "
    "probability below 1e-17 here, so the mask does not come from rng.",
    "서로 다른 두 seed (seed와 other_seed)로 불렀는데 {function} 함수가 x = np.ones({shape})의 "
    "원소 {n}개 중 똑같은 {dropped}개를 버렸습니다. 여기서 서로 독립인 두 마스크가 같을 "
    "확률은 1e-17보다 작으니, 마스크가 rng에서 나오지 않은 것입니다.",
)


def check_different_seeds_different_masks(kind: str, impl: Any, case: Case) -> None:
    """Masks from two seeds must differ.

    False alarm: for p in [0.05, 0.95] two independent masks of n = 400 elements agree
    with probability (p^2 + (1 - p)^2)^n <= 0.905^400 < 1e-17 per example.
    """
    shape, p = tuple(case["shape"]), case["p"]
    x = ones(shape)
    outs = []
    for seed in (case["seed"], case["other_seed"]):
        out, _ = _forward(impl, kind, x, p, True, seed)
        outs.append(check_array(out, shape, _out_label(kind, True)))
    if np.array_equal(outs[0] != 0, outs[1] != 0):
        raise PropertyFailure(
            SAME_MASK_FOR_DIFFERENT_SEEDS,
            function=FORWARD[kind],
            dropped=int(np.count_nonzero(outs[0] == 0)),
            n=x.size,
            shape=shape,
        )


DID_NOT_RAISE = Text(
    "With p = {p} (outside [0, 1]) your {function} returned normally; it should raise "
    "ValueError, as torch.nn.Dropout({p}) does.",
    "p = {p} 값은 [0, 1] 범위 밖인데 {function} 함수가 정상적으로 값을 돌려주었습니다. "
    "torch.nn.Dropout({p})처럼 ValueError를 일으켜야 합니다.",
)
WRONG_EXCEPTION = Text(
    "With p = {p} (outside [0, 1]) your {function} raised {exc_type}; it should raise "
    "ValueError, as torch.nn.Dropout({p}) does.",
    "p = {p} 값은 [0, 1] 범위 밖인데 {function} 함수가 {exc_type} 예외를 일으켰습니다. "
    "torch.nn.Dropout({p})처럼 ValueError를 일으켜야 합니다.",
)


def check_rejects_invalid_p(kind: str, impl: Any, case: Case) -> None:
    p = case["p"]
    if not _torch_refuses(p):
        raise RuntimeError(f"kit bug: torch.nn.Dropout accepts p = {p!r}")
    try:
        impl.call(FORWARD[kind], case["x"], p, case["train"], seeded(case["seed"]))
    except StudentError as err:
        if err.kind != RAISED:
            raise
        if err.exc_type == "ValueError":
            return
        raise PropertyFailure(
            WRONG_EXCEPTION, p=p, function=FORWARD[kind], exc_type=err.exc_type
        ) from None
    raise PropertyFailure(DID_NOT_RAISE, p=p, function=FORWARD[kind])


def check_forward_unchanged(kind: str, impl: Any, case: Case) -> None:
    _forward(impl, kind, case["x"], case["p"], case["train"], case["seed"])
    assert_inputs_unchanged(impl)


BACKWARD_WRONG = Text(
    "dropout_backward's dx differs from PyTorch's autograd gradient in {count} of {total} "
    "elements ({setting}).",
    "dropout_backward의 dx가 {total}개 원소 중 {count}개에서 PyTorch autograd 기울기와 "
    "다릅니다 ({setting_ko}).",
)
BACKWARD_SETTING = {
    (VANILLA, True): (
        "cache from dropout_forward, train=True",
        "dropout_forward의 cache, 학습 모드",
    ),
    (VANILLA, False): (
        "cache from dropout_forward, train=False",
        "dropout_forward의 cache, 평가 모드",
    ),
    (INVERTED, True): (
        "cache from inverted_dropout_forward, train=True",
        "inverted_dropout_forward의 cache, 학습 모드",
    ),
    (INVERTED, False): (
        "cache from inverted_dropout_forward, train=False",
        "inverted_dropout_forward의 cache, 평가 모드",
    ),
}


def check_backward(kind: str, train: bool, impl: Any, case: Case) -> None:
    x, p, dout = case["x"], case["p"], case["dout"]
    out, cache = _forward(impl, kind, x, p, train, case["seed"])
    if train:
        out = check_array(out, x.shape, _out_label(kind, True))
        _, expected = _train_reference(kind, x, p, _read_mask(out, x), dout)
    else:
        _, expected = _eval_reference(kind, x, p, dout)
    dx = impl.call("dropout_backward", dout, cache)
    try:
        assert_array_close(dx, expected, "dropout_backward's dx")
    except PropertyFailure as failure:
        if not failure.fields.get("count"):
            raise
        setting, setting_ko = BACKWARD_SETTING[(kind, train)]
        raise _restate(failure, BACKWARD_WRONG, setting=setting, setting_ko=setting_ko) from None


def check_backward_unchanged(impl: Any, case: Case) -> None:
    """The cache comes from either forward, chosen by the seed's parity (both are tried)."""
    kind = INVERTED if case["seed"] % 2 else VANILLA
    _, cache = _forward(impl, kind, case["x"], case["p"], case["train"], case["seed"])
    impl.call("dropout_backward", case["dout"], cache)
    assert_inputs_unchanged(impl)


def _for(check: Any, *bound: Any) -> Any:
    return functools.partial(check, *bound)


# --- Edge cases tried first ----------------------------------------------------------------

# 48 nonzero values (no zeros: an even count of points symmetric about 0), so masks are
# readable and "eval applies a mask" is caught whatever the mask.
GRID = np.linspace(-3.0, 3.0, 48).reshape(6, 8)
WITH_ZEROS = np.array([[0.0, -0.0, 1.0, -1.0], [1e300, -1e300, 1e-300, 2.5]])
DOUT_GRID = np.linspace(0.5, 2.0, 48).reshape(6, 8)


def _case(x: np.ndarray, p: float, train: bool, seed: int = 0, **more: Any) -> Case:
    return {"x": x, "p": p, "train": train, "seed": seed, **more}


EVAL_EXAMPLES = (
    _case(GRID, 0.5, False),
    _case(GRID, 0.05, False),
    _case(GRID, 0.9, False),
    _case(WITH_ZEROS, 0.0, False),
    _case(WITH_ZEROS, 1.0, False),
)
TRAIN_EXAMPLES = (
    _case(GRID, 0.5, True),
    _case(GRID, 0.05, True),
    _case(GRID, 0.9, True, seed=1),
)
RATE_EXAMPLES = tuple(
    {"shape": RATE_SHAPE, "p": p, "seed": seed}
    for p, seed in ((0.05, 0), (0.1, 1), (0.5, 2), (0.9, 3), (0.95, 4))
)
SEED_PAIR_EXAMPLES = (
    {"shape": (20, 20), "p": 0.5, "seed": 0, "other_seed": 1},
    {"shape": (20, 20), "p": 0.05, "seed": 7, "other_seed": 8},
)
SAME_SEED_EXAMPLES = (_case(GRID, 0.5, True, seed=3), _case(GRID, 0.9, True, seed=4))
INVALID_EXAMPLES = (
    _case(np.ones(3), -0.1, True),
    _case(np.ones(3), 1.5, True),
    _case(np.ones(3), 2.0, False),
)

UNCHANGED_HINT = Text(
    "x *= mask, x[mask] = 0 or x /= (1 - p) write into the caller's array. Build a new "
    "array instead (out = x * mask / (1 - p)).",
    "x *= mask, x[mask] = 0, x /= (1 - p) 같은 연산은 호출한 쪽의 배열을 바꿉니다. "
    "새 배열을 만드세요 (out = x * mask / (1 - p)).",
)
SEED_HINT = Text(
    "Draw the mask only from the rng argument (e.g. rng.random(x.shape)); "
    "np.random.rand / np.random.binomial use NumPy's global state, and "
    "np.random.default_rng() without the caller's seed is a new, unrelated generator.",
    "마스크는 인자로 받은 rng에서만 뽑으세요 (예: rng.random(x.shape)). "
    "np.random.rand나 np.random.binomial은 NumPy의 전역 상태를 쓰고, "
    "np.random.default_rng()는 호출한 쪽의 seed와 상관없는 새 생성기입니다.",
)
REFUSE_HINT = Text(
    "Check p first: if not 0 <= p <= 1, raise ValueError(...), as torch.nn.Dropout does. "
    "An assert raises AssertionError (and disappears under python -O).",
    "먼저 p를 검사하세요: 0 <= p <= 1이 아니면 torch.nn.Dropout처럼 ValueError(...)를 "
    "일으키세요. assert는 AssertionError를 일으키고 python -O에서는 사라집니다.",
)


def _per_kind(kind: str) -> tuple[Property, ...]:
    name = FORWARD[kind]
    vanilla = kind == VANILLA
    eval_claim = (
        Text(
            "with train=False, out == x * (1 - p): every unit is kept and scaled by the "
            "keep probability, the expected value of training's output",
            "train=False이면 out == x * (1 - p): 모든 원소를 남기고, 학습 때 출력의 기댓값이 "
            "되도록 남길 확률 (1 - p)를 곱한다",
        )
        if vanilla
        else Text(
            "with train=False, out == x, exactly what torch.nn.Dropout(p) gives in eval mode",
            "train=False이면 out == x: 평가 모드(model.eval())의 torch.nn.Dropout(p)와 같다",
        )
    )
    eval_hint = (
        Text(
            "Vanilla dropout keeps every element at test time and multiplies by the keep "
            "probability (1 - p) (not by p, and no random mask in evaluation).",
            "바닐라 dropout은 추론 때 모든 원소를 남기고 남길 확률 (1 - p)를 곱합니다 "
            "(p를 곱하지 않고, 평가 모드에서는 무작위 마스크도 쓰지 않습니다).",
        )
        if vanilla
        else Text(
            "Inverted dropout already rescaled during training, so evaluation does "
            "nothing: return x (a copy) without a mask and without multiplying by (1 - p).",
            "inverted dropout은 학습 때 이미 크기를 조정했으므로 평가 때는 아무것도 하지 "
            "않습니다: 마스크도, (1 - p) 곱하기도 없이 x (복사본)를 돌려주세요.",
        )
    )
    train_claim = (
        Text(
            "with train=True, every element of out is either 0 (dropped) or exactly x "
            "(kept, not rescaled)",
            "train=True이면 out의 모든 원소는 0 (버림) 아니면 x 그대로 (남김, 크기 조정 없음)",
        )
        if vanilla
        else Text(
            "with train=True, every element of out is either 0 (dropped) or x / (1 - p) "
            "(kept and rescaled), the factor torch.nn.Dropout(p) applies",
            "train=True이면 out의 모든 원소는 0 (버림) 아니면 x / (1 - p) (남기고 크기 조정): "
            "torch.nn.Dropout(p)가 곱하는 값과 같다",
        )
    )
    train_hint = (
        Text(
            "Vanilla (paper-style) dropout does not rescale while training: out = x * mask. "
            "The (1 - p) correction happens at test time instead.",
            "바닐라 (논문 방식) dropout은 학습 때 크기를 조정하지 않습니다: out = x * mask. "
            "(1 - p) 보정은 대신 추론 때 합니다.",
        )
        if vanilla
        else Text(
            "Inverted dropout divides kept elements by the keep probability (1 - p), so the "
            "expected output equals x and evaluation needs no correction. p is the drop "
            "probability: divide by (1 - p), not by p.",
            "inverted dropout은 남긴 원소를 남길 확률 (1 - p)로 나눠서 출력의 기댓값이 x가 "
            "되게 하고, 그래서 추론 때는 보정이 필요 없습니다. p는 버릴 확률이니 p가 아니라 "
            "(1 - p)로 나누세요.",
        )
    )
    return (
        Property(
            id=f"{name}_eval_{'scales_by_keep_probability' if vanilla else 'is_identity'}",
            points=1,
            functions=(name,),
            claim=eval_claim,
            hint=eval_hint,
            strategy=dropout_case(train=False),
            check=_for(check_eval_forward, kind),
            max_examples=8,
            examples=EVAL_EXAMPLES,
        ),
        Property(
            id=f"{name}_train_{'keeps_unscaled_or_zeroes' if vanilla else 'rescales_kept_elements'}",
            points=1,
            functions=(name,),
            claim=train_claim,
            hint=train_hint,
            # p in {0, 1} has its own properties; here the general case, shrinking to it.
            strategy=dropout_case(train=True, p=dropout_ps(endpoints=False), nonzero=True),
            check=_for(check_train_forward, kind),
            max_examples=10,
            examples=TRAIN_EXAMPLES,
        ),
        Property(
            id=f"{name}_train_drop_fraction_matches_p",
            points=2,
            functions=(name,),
            claim=Text(
                "with train=True, the number of dropped elements of a 5,000-element x "
                "is consistent with dropping each one with probability p (exact binomial test)",
                "train=True이면 원소 5,000개인 x에서 버린 원소의 수가 각 원소를 확률 p로 "
                "버린 결과와 맞는다 (정확한 이항 검정)",
            ),
            hint=Text(
                "p is the probability of DROPPING (PyTorch's convention; the 2014 paper's p "
                "is the keep probability): keep an element where rng.random(x.shape) >= p, "
                "i.e. with probability 1 - p. Draw one number per element.",
                "p는 버릴 확률입니다 (PyTorch 관례. 2014년 논문의 p는 남길 확률): "
                "rng.random(x.shape) >= p인 원소를 남기세요, 즉 확률 1 - p로 남깁니다. "
                "원소마다 난수를 하나씩 뽑으세요.",
            ),
            strategy=dropout_rate_case(p=dropout_ps(endpoints=False)),
            check=_for(check_drop_rate, kind),
            max_examples=5,
            examples=RATE_EXAMPLES,
        ),
        Property(
            id=f"{name}_p0_drops_nothing",
            points=1,
            functions=(name,),
            claim=Text(
                "with train=True and p == 0, out == x, like torch.nn.Dropout(0.0)",
                "train=True, p == 0이면 out == x: torch.nn.Dropout(0.0)과 같다",
            ),
            hint=Text(
                "p == 0 means drop nothing. If everything disappears (or NaN appears from "
                "dividing by p), p is being used as the keep probability; keep where "
                "rng.random(...) >= p.",
                "p == 0은 아무것도 버리지 않는다는 뜻입니다. 전부 사라진다면 (또는 p로 나눠서 "
                "NaN이 생긴다면) p를 남길 확률로 쓰고 있는 것입니다: rng.random(...) >= p인 "
                "곳을 남기세요.",
            ),
            strategy=dropout_case(train=True, p=st.just(0.0)),
            check=_for(check_train_endpoint, kind),
            max_examples=3,
            examples=(_case(WITH_ZEROS, 0.0, True), _case(GRID, 0.0, True)),
        ),
        Property(
            id=f"{name}_p1_drops_everything",
            points=1,
            functions=(name,),
            claim=Text(
                "with train=True and p == 1, out is all zeros (no NaN), like torch.nn.Dropout(1.0)",
                "train=True, p == 1이면 out은 전부 0 (NaN 없음): torch.nn.Dropout(1.0)과 같다",
            ),
            hint=(
                Text(
                    "p == 1 drops every element. If you got x back, p is being used as the "
                    "keep probability.",
                    "p == 1이면 모든 원소를 버립니다. x가 그대로 나온다면 p를 남길 확률로 쓰고 "
                    "있는 것입니다.",
                )
                if vanilla
                else Text(
                    "p == 1 drops every element and PyTorch returns zeros. NaN means the "
                    "scale 1 / (1 - p) divided by zero (0 * inf is NaN): handle p == 1 "
                    "separately (e.g. return np.zeros_like(x)). Getting x back means p is "
                    "being used as the keep probability.",
                    "p == 1이면 모든 원소를 버리고 PyTorch는 0을 돌려줍니다. NaN이 나온다면 "
                    "1 / (1 - p)에서 0으로 나눈 것입니다 (0 * inf는 NaN): p == 1을 따로 "
                    "처리하세요 (예: np.zeros_like(x)). x가 그대로 나온다면 p를 남길 확률로 "
                    "쓰고 있는 것입니다.",
                )
            ),
            strategy=dropout_case(train=True, p=st.just(1.0)),
            check=_for(check_train_endpoint, kind),
            max_examples=3,
            examples=(_case(WITH_ZEROS, 1.0, True), _case(GRID, 1.0, True)),
        ),
        Property(
            id=f"{name}_same_seed_same_mask",
            points=1,
            functions=(name,),
            claim=Text(
                "two training calls with the same seed (rng = np.random.default_rng(seed)) "
                "drop the same elements",
                "같은 seed (rng = np.random.default_rng(seed))로 학습 모드에서 두 번 부르면 "
                "같은 원소를 버린다",
            ),
            hint=SEED_HINT,
            strategy=dropout_case(train=True, p=dropout_ps(endpoints=False), nonzero=True),
            check=_for(check_same_seed_same_mask, kind),
            max_examples=5,
            examples=SAME_SEED_EXAMPLES,
        ),
        Property(
            id=f"{name}_different_seeds_different_masks",
            points=1,
            functions=(name,),
            claim=Text(
                "training calls with two different seeds drop different elements of a "
                "400-element x",
                "서로 다른 두 seed로 학습 모드에서 부르면 원소 400개인 x에서 서로 다른 원소를 버린다",
            ),
            hint=Text(
                "The mask must come from the rng you are given. A fixed seed inside the "
                "function (np.random.seed(0), np.random.default_rng(0)) gives every call "
                "the same mask.",
                "마스크는 인자로 받은 rng에서 나와야 합니다. 함수 안에서 seed를 고정하면 "
                "(np.random.seed(0), np.random.default_rng(0)) 매번 같은 마스크가 나옵니다.",
            ),
            strategy=dropout_seed_pair_case(),
            check=_for(check_different_seeds_different_masks, kind),
            max_examples=4,
            examples=SEED_PAIR_EXAMPLES,
        ),
        Property(
            id=f"{name}_rejects_p_outside_unit_interval",
            points=1,
            functions=(name,),
            claim=Text(
                "p outside [0, 1] raises ValueError in both modes, as torch.nn.Dropout(p) does",
                "p가 [0, 1] 밖이면 두 모드 모두 ValueError를 일으킨다 (torch.nn.Dropout(p)처럼)",
            ),
            hint=REFUSE_HINT,
            strategy=invalid_dropout_case(),
            check=_for(check_rejects_invalid_p, kind),
            max_examples=5,
            examples=INVALID_EXAMPLES,
        ),
        Property(
            id=f"{name}_leaves_input_unchanged",
            points=1,
            functions=(name,),
            claim=Text(f"{name} does not modify x", f"{name}가 x를 바꾸지 않는다"),
            hint=UNCHANGED_HINT,
            strategy=dropout_case(),
            check=_for(check_forward_unchanged, kind),
            max_examples=5,
            examples=(_case(GRID, 0.5, True), _case(GRID, 0.5, False)),
        ),
    )


def _backward(kind: str, train: bool) -> Property:
    mode = "train" if train else "eval"
    name = FORWARD[kind]
    if train:
        claim = Text(
            f"after {name} with train=True, dx equals PyTorch's autograd gradient of "
            f"x * mask * scale for the mask the forward pass used "
            f"(scale = {'1' if kind == VANILLA else '1 / (1 - p)'})",
            f"train=True인 {name} 다음에는 dx가 순전파가 쓴 마스크로 계산한 "
            f"x * mask * scale의 PyTorch autograd 기울기와 같다 "
            f"(scale = {'1' if kind == VANILLA else '1 / (1 - p)'})",
        )
        hint = Text(
            "Backward must use the very mask the forward drew (store it in the cache; never "
            "draw a new one) and the same scale: dx = dout * mask"
            + (" (no rescaling)." if kind == VANILLA else " / (1 - p) (zeros when p == 1)."),
            "역전파는 순전파에서 뽑은 바로 그 마스크 (cache에 저장하고, 새로 뽑지 마세요)와 "
            "같은 scale을 써야 합니다: dx = dout * mask"
            + (" (크기 조정 없음)." if kind == VANILLA else " / (1 - p) (p == 1이면 0)."),
        )
        strategy = dropout_backward_case(train=True)
        examples = (
            _case(GRID, 0.5, True, dout=DOUT_GRID),
            _case(GRID, 0.9, True, seed=2, dout=DOUT_GRID),
            _case(GRID, 0.0, True, dout=DOUT_GRID),
            _case(GRID, 1.0, True, dout=DOUT_GRID),
        )
    else:
        factor = "1 - p" if kind == VANILLA else "1"
        claim = Text(
            f"after {name} with train=False, dx equals PyTorch's autograd gradient: dout * ({factor})",
            f"train=False인 {name} 다음에는 dx가 PyTorch autograd 기울기 dout * ({factor})와 같다",
        )
        hint = Text(
            "In evaluation mode no element was dropped: dx = dout times the factor the "
            "forward applied" + (" (1 - p)." if kind == VANILLA else " (1: the identity)."),
            "평가 모드에서는 버린 원소가 없습니다: dx = dout에 순전파가 곱한 값"
            + (" (1 - p)를 곱합니다." if kind == VANILLA else " (1, 항등 함수)을 곱합니다."),
        )
        strategy = dropout_backward_case(train=False)
        examples = (
            _case(GRID, 0.5, False, dout=DOUT_GRID),
            _case(GRID, 0.05, False, dout=DOUT_GRID),
            _case(WITH_ZEROS, 1.0, False, dout=np.ones((2, 4))),
        )
    return Property(
        id=f"dropout_backward_{kind}_{mode}_matches_autograd",
        points=2,
        functions=("dropout_backward",),
        claim=claim,
        hint=hint,
        strategy=strategy,
        check=_for(check_backward, kind, train),
        max_examples=8,
        examples=examples,
    )


PROPERTIES = (
    *_per_kind(VANILLA),
    *_per_kind(INVERTED),
    _backward(VANILLA, True),
    _backward(VANILLA, False),
    _backward(INVERTED, True),
    _backward(INVERTED, False),
    Property(
        id="dropout_backward_leaves_inputs_unchanged",
        points=1,
        functions=("dropout_backward",),
        claim=Text(
            "dropout_backward does not modify dout or the cache",
            "dropout_backward가 dout과 cache를 바꾸지 않는다",
        ),
        hint=Text(
            "dout *= mask (or writing into the cached mask) changes arrays the caller still "
            "uses. Return a new array: dx = dout * mask.",
            "dout *= mask (또는 cache의 마스크에 쓰기)는 호출한 쪽이 아직 쓰는 배열을 바꿉니다. "
            "새 배열을 돌려주세요: dx = dout * mask.",
        ),
        strategy=dropout_case(grad=True),
        check=check_backward_unchanged,
        max_examples=5,
        examples=(
            _case(GRID, 0.5, True, seed=1, dout=DOUT_GRID),
            _case(GRID, 0.5, True, seed=2, dout=DOUT_GRID),
            _case(GRID, 0.5, False, seed=1, dout=DOUT_GRID),
            _case(GRID, 0.5, False, seed=2, dout=DOUT_GRID),
        ),
    ),
)

TOPIC = Topic(
    name="dropout",
    position=40,
    title=Text(
        "Dropout: vanilla and inverted, train and eval",
        "Dropout: 바닐라와 inverted, 학습 모드와 평가 모드",
    ),
    functions=FUNCTIONS,
    properties=PROPERTIES,
)
