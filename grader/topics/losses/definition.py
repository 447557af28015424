"""Classification losses: softmax, softmax cross-entropy, binary cross-entropy on logits
(course notes: 소프트맥스, 교차 엔트로피, 로짓, 원-핫 인코딩, Keras의 from_logits).

References: ``torch.softmax``, ``F.cross_entropy`` and ``F.binary_cross_entropy_with_logits``
(mean reduction) in float64, and their autograd gradients.  Logits are drawn up to +-1e4
(+-1e6 in the hidden suite), far past where ``np.exp`` overflows (709.8) and where the
softmax of the true class underflows to 0 (a gap of about 745): every correct formula
(max shifted, log-sum-exp) agrees with PyTorch there within ``grader/define/compare.py``'s
tolerance, and every naive one gives inf, nan or a NumPy warning.  Larger magnitudes
would test rounding rather than the idea: a formula as legitimate as
exp(x - logsumexp(x)) loses the probabilities' digits once logits reach ~1e15 (x - lse
is then rounded to a multiple of 0.125), while PyTorch's exp(x - max) / sum does not.
"""

from __future__ import annotations

import functools

import numpy as np
from hypothesis import strategies as st

from grader.define import oracle
from grader.define.compare import (
    PropertyFailure,
    assert_array_close,
    assert_inputs_unchanged,
    assert_no_warnings,
    assert_number_close,
    unpack,
)
from grader.define.i18n import Text
from grader.define.oracle import torch
from grader.define.spec import Case, FunctionSpec, Property, Topic
from grader.define.strategies import float_arrays, moderate, shapes
from grader.isolation.calls import RAISED, Implementation, StudentError

SOFTMAX = "softmax"
CE = "softmax_cross_entropy"
BCE = "binary_cross_entropy_with_logits"
LOSS_RETURNS = ("loss", "dlogits")

FUNCTIONS = (
    FunctionSpec(
        SOFTMAX,
        ("x", "axis"),
        Text(
            "exp(x) / sum(exp(x)) along one axis (default the last), each slice on its own",
            "한 축(기본값은 마지막 축)을 따라 조각마다 exp(x) / sum(exp(x))",
        ),
    ),
    FunctionSpec(
        CE,
        ("logits", "labels"),
        Text(
            "mean over the batch of -log softmax(logits)[label], and its gradient "
            "(softmax - onehot) / N",
            "배치 평균 -log softmax(logits)[정답]과 그 기울기 (softmax - onehot) / N",
        ),
    ),
    FunctionSpec(
        BCE,
        ("logits", "targets"),
        Text(
            "mean over all elements of the binary cross-entropy of sigmoid(logits), and "
            "its gradient (sigmoid - targets) / size",
            "sigmoid(logits)의 이진 교차 엔트로피의 전체 원소 평균과 그 기울기 "
            "(sigmoid - targets) / 원소 개수",
        ),
    ),
)


# --- inputs ---------------------------------------------------------------------------------
# Logits: moderate values, ties (a few small integers, so equal logits and all-equal rows
# come up), the thresholds of exp (+-709.8 overflows, a gap of ~745 underflows the softmax
# to 0) and huge logits +-1e4.
LOGIT_EDGES = (0.0, -0.0, 1.0, -1.0, 40.0, -40.0, 710.0, -710.0, 1e4, -1e4)
TARGET_EDGES = (0.0, 1.0, 0.5)
TIES = st.sampled_from((0.0, 1.0, 2.0, -3.0))


@functools.cache
def logit_values(limit: float = 1e4) -> st.SearchStrategy[float]:
    edges = LOGIT_EDGES + ((limit, -limit) if limit not in LOGIT_EDGES else ())
    return st.one_of(
        moderate, st.sampled_from(edges), TIES, st.floats(-limit, limit, allow_nan=False)
    )


target_values = st.one_of(st.sampled_from(TARGET_EDGES), st.floats(0.0, 1.0))


@functools.cache
def _sizes(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(low, high)


@st.composite
def softmax_cases(
    draw: st.DrawFn,
    last_axis: bool = True,
    min_dims: int = 1,
    max_dims: int = 3,
    max_side: int = 5,
    limit: float = 1e4,
) -> dict:
    """x of 1 to 3 dimensions and an axis.  With `last_axis`, the axis is the last one
    (-1 or ndim - 1, or left out so that the default is used); otherwise any other axis
    (x then has at least 2 dimensions)."""
    if not last_axis:
        min_dims = max(min_dims, 2)
    shape = draw(shapes(min_dims, max_dims, max_side))
    case: dict = {"x": draw(float_arrays(shape, logit_values(limit)))}
    ndim = len(shape)
    if last_axis:
        axis = draw(st.sampled_from((-1, ndim - 1)))
        if axis != -1 or draw(st.booleans()):
            case["axis"] = axis
    else:
        # Every axis but the last, as a positive or a negative index.
        case["axis"] = draw(
            st.sampled_from([a for a in range(-ndim, ndim) if a % ndim != ndim - 1])
        )
    return case


@functools.cache
def _labels(n: int, c: int, dtype: str) -> st.SearchStrategy[np.ndarray]:
    return st.lists(st.integers(0, c - 1), min_size=n, max_size=n).map(
        lambda v: np.array(v, dtype=dtype)
    )


@st.composite
def cross_entropy_cases(
    draw: st.DrawFn,
    min_n: int = 1,
    max_n: int = 6,
    min_c: int = 1,
    max_c: int = 5,
    limit: float = 1e4,
    label_dtype: str = "int64",
) -> dict:
    """logits (N, C) and integer labels (N,) in [0, C)."""
    n = draw(_sizes(min_n, max_n))
    c = draw(_sizes(min_c, max_c))
    return {
        "logits": draw(float_arrays((n, c), logit_values(limit))),
        "labels": draw(_labels(n, c, label_dtype)),
    }


@st.composite
def invalid_label_cases(draw: st.DrawFn, max_n: int = 5, max_c: int = 5) -> dict:
    """Cross-entropy inputs with one or more labels outside [0, C): negative ones (which
    NumPy indexing would silently wrap around) or C and above.  -100 never occurs: it is
    PyTorch's default ignore_index, which it skips instead of refusing."""
    case = draw(cross_entropy_cases(max_n=max_n, max_c=max_c, limit=10.0))
    n, c = case["logits"].shape
    labels = case["labels"].copy()
    bad = st.one_of(st.sampled_from((-1, c)), st.integers(-c - 2, -1), st.integers(c, c + 3))
    for i in draw(st.lists(_sizes(0, n - 1), min_size=1, max_size=n, unique=True)):
        labels[i] = draw(bad)
    case["labels"] = labels
    return case


@st.composite
def binary_cross_entropy_cases(
    draw: st.DrawFn, min_dims: int = 1, max_dims: int = 3, max_side: int = 5, limit: float = 1e4
) -> dict:
    """logits of any small shape and targets of the same shape in [0, 1] (0, 1 and soft)."""
    shape = draw(shapes(min_dims, max_dims, max_side))
    return {
        "logits": draw(float_arrays(shape, logit_values(limit))),
        "targets": draw(float_arrays(shape, target_values)),
    }


# --- references -----------------------------------------------------------------------------


@oracle.memoised
def _softmax(x: np.ndarray, axis: int) -> np.ndarray:
    return oracle.numpy(torch.softmax(oracle.tensor(x), dim=axis))


@oracle.memoised
def _cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    t = oracle.tensor(logits, grad=True)
    # PyTorch takes class indices as torch.long only.
    loss = torch.nn.functional.cross_entropy(t, torch.tensor(labels.astype(np.int64)))
    loss.backward()
    return float(loss.detach()), oracle.numpy(t.grad)


@oracle.memoised
def _torch_refuses_labels(logits: np.ndarray, labels: np.ndarray) -> bool:
    return oracle.refuses(
        lambda: torch.nn.functional.cross_entropy(
            oracle.tensor(logits), torch.tensor(labels.astype(np.int64))
        )
    )


@oracle.memoised
def _binary_cross_entropy(logits: np.ndarray, targets: np.ndarray) -> tuple[float, np.ndarray]:
    t = oracle.tensor(logits, grad=True)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(t, oracle.tensor(targets))
    loss.backward()
    return float(loss.detach()), oracle.numpy(t.grad)


# --- checks ---------------------------------------------------------------------------------


def _call_softmax(impl: Implementation, case: Case):
    # axis goes by keyword and only when the case has it: a case without it checks the default.
    kwargs = {"axis": case["axis"]} if "axis" in case else {}
    return impl.call(SOFTMAX, case["x"], **kwargs)


def check_softmax(impl: Implementation, case: Case) -> None:
    out = _call_softmax(impl, case)
    assert_array_close(out, _softmax(case["x"], case.get("axis", -1)), "softmax's out")


def check_softmax_no_warnings(impl: Implementation, case: Case) -> None:
    _call_softmax(impl, case)
    assert_no_warnings(impl)


def check_softmax_unchanged(impl: Implementation, case: Case) -> None:
    _call_softmax(impl, case)
    assert_inputs_unchanged(impl)


def _call_loss(impl: Implementation, name: str, first: str, second: str, case: Case) -> tuple:
    return unpack(impl.call(name, case[first], case[second]), LOSS_RETURNS, name)


def check_ce_loss(impl: Implementation, case: Case) -> None:
    loss, _ = _call_loss(impl, CE, "logits", "labels", case)
    expected, _ = _cross_entropy(case["logits"], case["labels"])
    assert_number_close(loss, expected, "softmax_cross_entropy's loss")


def check_ce_dlogits(impl: Implementation, case: Case) -> None:
    _, dlogits = _call_loss(impl, CE, "logits", "labels", case)
    _, expected = _cross_entropy(case["logits"], case["labels"])
    assert_array_close(dlogits, expected, "softmax_cross_entropy's dlogits")


def check_ce_no_warnings(impl: Implementation, case: Case) -> None:
    impl.call(CE, case["logits"], case["labels"])
    assert_no_warnings(impl)


def check_ce_unchanged(impl: Implementation, case: Case) -> None:
    impl.call(CE, case["logits"], case["labels"])
    assert_inputs_unchanged(impl)


ACCEPTED_LABEL = Text(
    "softmax_cross_entropy returned normally although a label is outside [0, C) "
    "(C = {classes}, labels = {labels}); PyTorch refuses such labels. Note that NumPy "
    "indexing wraps a label of -1 around to the last class without any error.",
    "레이블 중 하나가 [0, C) 밖인데 (C = {classes}, labels = {labels}) "
    "softmax_cross_entropy가 그냥 값을 돌려주었습니다. PyTorch는 이런 레이블을 거부합니다. "
    "NumPy 인덱싱은 -1을 오류 없이 마지막 클래스로 바꿔 버린다는 점에 주의하세요.",
)
WRONG_EXCEPTION = Text(
    "softmax_cross_entropy raised {exc_type} for a label outside [0, C); it should raise "
    "ValueError. Check the labels first: raise ValueError(...) when any is < 0 or >= C.",
    "[0, C) 밖의 레이블에서 softmax_cross_entropy가 ValueError가 아니라 {exc_type} 예외를 "
    "일으켰습니다. 레이블을 먼저 검사해서, 0보다 작거나 C 이상인 값이 있으면 직접 "
    "raise ValueError(...) 하세요.",
)


def check_ce_refuses_bad_labels(impl: Implementation, case: Case) -> None:
    if not _torch_refuses_labels(case["logits"], case["labels"]):
        raise RuntimeError("PyTorch accepted labels outside [0, C)")
    try:
        impl.call(CE, case["logits"], case["labels"])
    except StudentError as err:
        if err.kind == RAISED and err.exc_type == "ValueError":
            return
        if err.kind != RAISED:  # not started, timed out, crashed...: reported as such
            raise
        raise PropertyFailure(WRONG_EXCEPTION, exc_type=err.exc_type) from None
    raise PropertyFailure(
        ACCEPTED_LABEL, classes=case["logits"].shape[1], labels=case["labels"].tolist()
    )


def check_bce_loss(impl: Implementation, case: Case) -> None:
    loss, _ = _call_loss(impl, BCE, "logits", "targets", case)
    expected, _ = _binary_cross_entropy(case["logits"], case["targets"])
    assert_number_close(loss, expected, "binary_cross_entropy_with_logits's loss")


def check_bce_dlogits(impl: Implementation, case: Case) -> None:
    _, dlogits = _call_loss(impl, BCE, "logits", "targets", case)
    _, expected = _binary_cross_entropy(case["logits"], case["targets"])
    assert_array_close(dlogits, expected, "binary_cross_entropy_with_logits's dlogits")


def check_bce_no_warnings(impl: Implementation, case: Case) -> None:
    impl.call(BCE, case["logits"], case["targets"])
    assert_no_warnings(impl)


def check_bce_unchanged(impl: Implementation, case: Case) -> None:
    impl.call(BCE, case["logits"], case["targets"])
    assert_inputs_unchanged(impl)


# --- hand-picked edge cases -----------------------------------------------------------------


def _a(values: list) -> np.ndarray:
    return np.array(values, dtype=np.float64)


# Rows far apart (1e4 next to 0: a max over the whole array underflows the second row),
# a huge negative all-equal row (exp underflows to 0 everywhere without the shift) and
# the overflow threshold of exp.  Not square, so that a max without keepdims cannot
# broadcast by accident.
HUGE = {"x": _a([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4], [710.0, 709.0, -710.0], [0.0, 1.0, 2.0]])}
TIED = {"x": _a([[2.0, 2.0, 2.0, 2.0], [0.0, 0.0, 1.0, 1.0]]), "axis": -1}
ONE_CLASS = {"x": _a([[3.0], [-1e4]]), "axis": 1}
ONE_D = {"x": _a([1.0, 2.0, 3.0, 1e4])}
THREE_D = {"x": np.arange(24.0).reshape(2, 3, 4) % 5, "axis": 2}
# Other axes: columns of a matrix, the middle axis of a 3-d array, huge values.
COLUMNS = {"x": _a([[1.0, 2.0], [3.0, 5.0], [0.0, 8.0]]), "axis": 0}
MIDDLE = {"x": np.arange(12.0).reshape(2, 3, 2) % 4, "axis": -2}
HUGE_COLUMNS = {"x": _a([[1e4, 0.0, -1e4], [-1e4, 0.0, -1e4]]), "axis": 0}

# Cross-entropy: a true class 2e4 below the best (naive log(softmax) gives log(0)), an
# all-equal row (loss log C), a true class tied with another at 1e4; one class; one sample.
CE_HUGE = {
    "logits": _a([[1e4, -1e4, 0.0], [0.0, 0.0, 0.0], [-1e4, 1e4, 1e4], [1.0, 2.0, 3.0]]),
    "labels": np.array([1, 2, 0, 2]),
}
CE_ONE_CLASS = {"logits": _a([[5.0], [-1e4], [0.0]]), "labels": np.array([0, 0, 0])}
CE_ONE_SAMPLE = {"logits": _a([[1.0, -2.0, 3.0, 0.5]]), "labels": np.array([1])}
CE_SMALL = {"logits": _a([[1.0, 2.0, 0.0], [0.5, -1.0, 2.0]]), "labels": np.array([0, 2])}
BAD_LABELS = (
    {"logits": _a([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]), "labels": np.array([0, 3])},
    {"logits": _a([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]), "labels": np.array([-1, 0])},
    {"logits": _a([[1.0], [2.0]]), "labels": np.array([0, 1])},
)

# BCE: large logits that agree with their target (naive: 0 * log(0) = nan) and disagree
# (naive: log(0) = -inf), soft targets, a 1-d and a 3-d case.
BCE_HUGE = {
    "logits": _a([[-1e4, 1e4, 0.0], [40.0, -40.0, 800.0]]),
    "targets": _a([[0.0, 1.0, 0.5], [1.0, 0.0, 0.3]]),
}
BCE_WRONG = {"logits": _a([1e4, -1e4, 710.0, -710.0]), "targets": _a([0.0, 1.0, 0.0, 1.0])}
BCE_SOFT = {
    "logits": np.linspace(-3.0, 3.0, 12).reshape(2, 3, 2),
    "targets": np.linspace(0.0, 1.0, 12).reshape(2, 3, 2),
}

UNCHANGED_HINT = Text(
    "x -= x.max(...), np.exp(x, out=x), logits[...] -= 1 or labels[...] = ... write into "
    "the caller's arrays. Build new arrays instead (shifted = x - x.max(...), "
    "dlogits = probs.copy()).",
    "x -= x.max(...), np.exp(x, out=x), logits[...] -= 1, labels[...] = ... 같은 연산은 "
    "호출한 쪽의 배열을 바꿉니다. 대신 새 배열을 만드세요 (shifted = x - x.max(...), "
    "dlogits = probs.copy()).",
)
SOFTMAX_STABLE_HINT = Text(
    "np.exp(x) overflows to inf for x > 709 (inf / inf = nan), and when a whole slice is "
    "very negative every exp underflows to 0 (0 / 0 = nan). Subtract each slice's max "
    "before exp: shifted = x - np.max(x, axis=axis, keepdims=True); softmax does not change.",
    "x > 709이면 np.exp(x)가 inf로 넘치고 (inf / inf = nan), 한 조각 전체가 아주 작은 음수면 "
    "모든 exp가 0으로 underflow됩니다 (0 / 0 = nan). exp 전에 조각마다 최댓값을 빼세요: "
    "shifted = x - np.max(x, axis=axis, keepdims=True). 소프트맥스 값은 변하지 않습니다.",
)

PROPERTIES = (
    Property(
        id="softmax_matches_torch",
        points=2,
        functions=(SOFTMAX,),
        claim=Text(
            "along the last axis (the default), out equals torch.softmax(x, dim=-1) for 1-d to "
            "3-d x, including huge logits (+-1e4), ties and a single class",
            "마지막 축(기본값)을 따라 out이 torch.softmax(x, dim=-1)의 결과와 같다: 1~3차원 x, 아주 "
            "큰 로짓(±1e4), 같은 값들, 클래스 하나인 경우 포함",
        ),
        hint=Text(
            SOFTMAX_STABLE_HINT.en + " Each slice is normalised by its own sum "
            "(np.sum(e, axis=axis, keepdims=True)), not by the sum of the whole array.",
            SOFTMAX_STABLE_HINT.ko + " 조각마다 자기 합 (np.sum(e, axis=axis, keepdims=True))"
            "으로 나누고, 배열 전체의 합으로 나누지 마세요.",
        ),
        strategy=softmax_cases(),
        check=check_softmax,
        examples=(HUGE, TIED, ONE_CLASS, ONE_D, THREE_D),
    ),
    Property(
        id="softmax_along_any_axis_matches_torch",
        points=2,
        functions=(SOFTMAX,),
        claim=Text(
            "along any other axis (axis=0 of a matrix, the middle axis of a 3-d array, "
            "negative or positive index), out equals torch.softmax(x, dim=axis)",
            "다른 축을 따라서도 (행렬의 axis=0, 3차원 배열의 가운데 축, 음수나 양수 번호) out이 "
            "torch.softmax(x, dim=axis)와 같다",
        ),
        hint=Text(
            "Use the axis argument everywhere, and keep the reduced axis so that the max and "
            "the sum broadcast back along it: np.max(x, axis=axis, keepdims=True), "
            "np.sum(e, axis=axis, keepdims=True). Without keepdims, shape (2, 3, 4) reduced "
            "along axis 1 becomes (2, 4), which does not line up with x.",
            "axis 인자를 모든 곳에 쓰고, 줄인 축을 남겨서 최댓값과 합이 그 축을 따라 다시 "
            "broadcast되게 하세요: np.max(x, axis=axis, keepdims=True), "
            "np.sum(e, axis=axis, keepdims=True). keepdims가 없으면 shape (2, 3, 4)를 1번 축으로 "
            "줄인 결과가 (2, 4)가 되어 x와 맞지 않습니다.",
        ),
        strategy=softmax_cases(last_axis=False),
        check=check_softmax,
        max_examples=13,
        examples=(COLUMNS, MIDDLE, HUGE_COLUMNS),
    ),
    Property(
        id="softmax_is_warning_free",
        points=1,
        functions=(SOFTMAX,),
        claim=Text(
            "softmax emits no overflow, invalid-value or divide-by-zero NumPy warnings",
            "softmax가 overflow, invalid value, divide by zero 같은 NumPy 경고를 내지 않는다",
        ),
        hint=SOFTMAX_STABLE_HINT,
        strategy=softmax_cases(),
        check=check_softmax_no_warnings,
        max_examples=10,
        examples=(HUGE, HUGE_COLUMNS),
    ),
    Property(
        id="softmax_leaves_input_unchanged",
        points=1,
        functions=(SOFTMAX,),
        claim=Text("softmax does not modify x", "softmax가 x를 바꾸지 않는다"),
        hint=UNCHANGED_HINT,
        strategy=softmax_cases(),
        check=check_softmax_unchanged,
        max_examples=8,
        examples=(HUGE,),
    ),
    Property(
        id="softmax_cross_entropy_loss_matches_torch",
        points=2,
        functions=(CE,),
        claim=Text(
            "loss equals F.cross_entropy(logits, labels): the MEAN over the N samples of "
            "-log softmax(logits[i])[labels[i]], finite even for logits of +-1e4",
            "loss가 F.cross_entropy(logits, labels)와 같다: 샘플 N개에 대한 "
            "-log softmax(logits[i])[labels[i]]의 평균이고, ±1e4 로짓에서도 유한하다",
        ),
        hint=Text(
            "Average over the samples (divide by N), and compute -log softmax without taking "
            "the log of a probability that may underflow to 0: with shifted = logits - row "
            "max, -log p[label] = log(sum(exp(shifted), axis=1)) - shifted[label] "
            "(log-sum-exp). Pick one entry per row: shifted[np.arange(N), labels].",
            "샘플에 대해 평균 내고 (N으로 나누기), 0으로 underflow될 수 있는 확률에 log를 "
            "씌우지 마세요: shifted = logits - 행 최댓값일 때 -log p[정답] = "
            "log(sum(exp(shifted), axis=1)) - shifted[정답] (log-sum-exp). 행마다 원소 하나를 "
            "고르세요: shifted[np.arange(N), labels].",
        ),
        strategy=cross_entropy_cases(),
        check=check_ce_loss,
        examples=(CE_HUGE, CE_ONE_CLASS, CE_ONE_SAMPLE, CE_SMALL),
    ),
    Property(
        id="softmax_cross_entropy_dlogits_matches_autograd",
        points=2,
        functions=(CE,),
        claim=Text(
            "dlogits equals PyTorch's autograd gradient of the mean loss: "
            "(softmax(logits) - onehot(labels)) / N",
            "dlogits가 평균 손실의 PyTorch autograd 기울기 (softmax(logits) - onehot(labels)) "
            "/ N과 같다",
        ),
        hint=Text(
            "The gradient of the mean loss is the softmax minus 1 at each row's true class "
            "(the one-hot row of its label), divided by N: probs[np.arange(N), labels] -= 1 "
            "on a copy of the softmax, then / N. The one-hot has shape (N, C): row i, column "
            "labels[i].",
            "평균 손실의 기울기는 소프트맥스에서 행마다 정답 클래스 자리 (레이블의 원-핫 벡터)"
            "에 1을 뺀 뒤 N으로 나눈 것입니다: 소프트맥스의 복사본에 "
            "probs[np.arange(N), labels] -= 1, 그다음 / N. 원-핫의 shape은 (N, C)로, i번째 행의 "
            "labels[i]번째 열이 1입니다.",
        ),
        strategy=cross_entropy_cases(),
        check=check_ce_dlogits,
        examples=(CE_HUGE, CE_ONE_CLASS, CE_ONE_SAMPLE, CE_SMALL),
    ),
    Property(
        id="softmax_cross_entropy_is_warning_free",
        points=1,
        functions=(CE,),
        claim=Text(
            "softmax_cross_entropy emits no NumPy warnings (overflow, log of 0, 0/0)",
            "softmax_cross_entropy가 NumPy 경고 (overflow, log(0), 0/0)를 내지 않는다",
        ),
        hint=Text(
            "np.exp(logits) overflows for logits > 709 and np.log(p) warns 'divide by zero' "
            "when a probability underflowed to 0. Shift each row by its max and use "
            "log-sum-exp for the loss.",
            "logits > 709이면 np.exp(logits)가 overflow되고, 확률이 0으로 underflow되면 "
            "np.log(p)가 'divide by zero' 경고를 냅니다. 행마다 최댓값을 빼고 손실은 "
            "log-sum-exp로 계산하세요.",
        ),
        strategy=cross_entropy_cases(),
        check=check_ce_no_warnings,
        max_examples=10,
        examples=(CE_HUGE,),
    ),
    Property(
        id="softmax_cross_entropy_leaves_inputs_unchanged",
        points=1,
        functions=(CE,),
        claim=Text(
            "softmax_cross_entropy modifies neither logits nor labels",
            "softmax_cross_entropy가 logits와 labels를 바꾸지 않는다",
        ),
        hint=UNCHANGED_HINT,
        strategy=cross_entropy_cases(),
        check=check_ce_unchanged,
        max_examples=8,
        examples=(CE_HUGE,),
    ),
    Property(
        id="softmax_cross_entropy_refuses_labels_out_of_range",
        points=1,
        functions=(CE,),
        claim=Text(
            "a label outside [0, C) (negative, or C and above) raises ValueError; PyTorch "
            "refuses it too",
            "[0, C) 밖의 레이블 (음수이거나 C 이상)이 있으면 ValueError를 일으킨다 "
            "(PyTorch도 거부한다)",
        ),
        hint=Text(
            "Check the labels before using them: if np.any(labels < 0) or "
            "np.any(labels >= C): raise ValueError(...). Indexing alone is not enough: "
            "NumPy wraps a label of -1 around to the last class, and a label of C raises "
            "IndexError, not ValueError.",
            "레이블을 쓰기 전에 검사하세요: np.any(labels < 0) or np.any(labels >= C)이면 "
            "raise ValueError(...). 인덱싱에만 맡기면 안 됩니다: NumPy는 -1을 마지막 클래스로 "
            "바꿔 버리고, C는 ValueError가 아니라 IndexError를 일으킵니다.",
        ),
        strategy=invalid_label_cases(),
        check=check_ce_refuses_bad_labels,
        max_examples=5,
        examples=BAD_LABELS,
    ),
    Property(
        id="binary_cross_entropy_with_logits_loss_matches_torch",
        points=2,
        functions=(BCE,),
        claim=Text(
            "loss equals F.binary_cross_entropy_with_logits(logits, targets): the mean over "
            "every element, logits taken as logits (not probabilities), finite for +-1e4",
            "loss가 F.binary_cross_entropy_with_logits(logits, targets)와 같다: 모든 원소에 "
            "대한 평균이고, logits는 확률이 아니라 로짓이며, ±1e4에서도 유한하다",
        ),
        hint=Text(
            "The inputs are logits: apply the sigmoid (Keras: from_logits=True), or better "
            "use the stable per-element form max(x, 0) - x * t + np.log1p(np.exp(-|x|)), "
            "which never takes log(0); then average over ALL elements (np.mean), not over "
            "the first axis only.",
            "입력은 로짓입니다: 시그모이드를 거쳐야 하고 (Keras의 from_logits=True), 더 좋은 "
            "방법은 log(0)이 생기지 않는 원소별 안정적인 식 max(x, 0) - x * t + "
            "np.log1p(np.exp(-|x|))입니다. 그다음 첫 번째 축만이 아니라 모든 원소에 대해 "
            "평균 내세요 (np.mean).",
        ),
        strategy=binary_cross_entropy_cases(),
        check=check_bce_loss,
        examples=(BCE_HUGE, BCE_WRONG, BCE_SOFT),
    ),
    Property(
        id="binary_cross_entropy_with_logits_dlogits_matches_autograd",
        points=2,
        functions=(BCE,),
        claim=Text(
            "dlogits equals PyTorch's autograd gradient of the mean loss: "
            "(sigmoid(logits) - targets) / (number of elements)",
            "dlogits가 평균 손실의 PyTorch autograd 기울기 (sigmoid(logits) - targets) / "
            "(원소 개수)와 같다",
        ),
        hint=Text(
            "The sigmoid and the log cancel: d loss / d x = (sigmoid(x) - t) / logits.size, "
            "with a stable sigmoid (exponentiate only -|x|). Divide by the number of "
            "elements, the same count the mean of the loss divides by.",
            "시그모이드와 log가 서로 약분되어 d loss / d x = (sigmoid(x) - t) / logits.size "
            "입니다 (시그모이드는 -|x|만 exp에 넣는 안정적인 식으로). 손실의 평균이 나누는 "
            "것과 같은 원소 개수로 나누세요.",
        ),
        strategy=binary_cross_entropy_cases(),
        check=check_bce_dlogits,
        examples=(BCE_HUGE, BCE_WRONG, BCE_SOFT),
    ),
    Property(
        id="binary_cross_entropy_with_logits_is_warning_free",
        points=1,
        functions=(BCE,),
        claim=Text(
            "binary_cross_entropy_with_logits emits no NumPy warnings (overflow, log of 0, "
            "log of a negative number)",
            "binary_cross_entropy_with_logits가 NumPy 경고 (overflow, log(0), 음수의 log)를 "
            "내지 않는다",
        ),
        hint=Text(
            "1 / (1 + np.exp(-x)) overflows for x < -709, np.log(sigmoid) meets log(0) for "
            "large |x|, and np.log(logits) of a negative logit is invalid (logits are not "
            "probabilities). Use max(x, 0) - x * t + np.log1p(np.exp(-np.abs(x))).",
            "x < -709이면 1 / (1 + np.exp(-x))가 overflow되고, |x|가 크면 np.log(sigmoid)가 "
            "log(0)을 만나며, 음수 로짓에 np.log(logits)를 하면 invalid value가 됩니다 (로짓은 "
            "확률이 아닙니다). max(x, 0) - x * t + np.log1p(np.exp(-np.abs(x)))를 쓰세요.",
        ),
        strategy=binary_cross_entropy_cases(),
        check=check_bce_no_warnings,
        max_examples=10,
        examples=(BCE_HUGE,),
    ),
    Property(
        id="binary_cross_entropy_with_logits_leaves_inputs_unchanged",
        points=1,
        functions=(BCE,),
        claim=Text(
            "binary_cross_entropy_with_logits modifies neither logits nor targets",
            "binary_cross_entropy_with_logits가 logits와 targets를 바꾸지 않는다",
        ),
        hint=UNCHANGED_HINT,
        strategy=binary_cross_entropy_cases(),
        check=check_bce_unchanged,
        max_examples=8,
        examples=(BCE_HUGE,),
    ),
)

TOPIC = Topic(
    name="losses",
    position=20,
    title=Text(
        "Losses: softmax, cross-entropy, binary cross-entropy",
        "손실 함수: 소프트맥스, 교차 엔트로피, 이진 교차 엔트로피",
    ),
    functions=FUNCTIONS,
    properties=PROPERTIES,
)
