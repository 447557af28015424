"""Batch normalisation of (N, D) inputs: train and eval forward, backward, running statistics
(course notes: 배치 정규화, 학습 모드와 평가 모드, learning mean / learning variance); and
layer normalisation (레이어 정규화), the same normalisation along each row instead of each
column.

The oracle is a real ``torch.nn.BatchNorm1d`` in float64 whose weight, bias and running
buffers are set to the case's gamma, beta, running_mean and running_var: its output, its
buffers after one train-mode call, its eval-mode output, its refusal of a single-row batch
in train mode, and autograd's gradients through the train-mode forward.  Layer norm's
oracle is ``torch.nn.functional.layer_norm`` over the last dimension, and autograd through
it.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from grader.define import oracle
from grader.define.compare import (
    PropertyFailure,
    assert_array_close,
    assert_inputs_unchanged,
    unpack,
)
from grader.define.i18n import Text
from grader.define.oracle import torch
from grader.define.spec import Case, FunctionSpec, Property, Topic
from grader.define.strategies import BN_EPSILONS, batchnorm_inputs, bn_feature, moderate, values
from grader.isolation.calls import RAISED, StudentError

TRAIN_PARAMS = ("x", "gamma", "beta", "running_mean", "running_var", "momentum", "eps")
TRAIN_RETURNS = ("out", "new_running_mean", "new_running_var", "cache")
EVAL_PARAMS = ("x", "gamma", "beta", "running_mean", "running_var", "eps")
LN_PARAMS = ("x", "gamma", "beta", "eps")

FUNCTIONS = (
    FunctionSpec(
        "batchnorm_forward_train",
        TRAIN_PARAMS,
        Text(
            "normalise x with its batch statistics, scale and shift; update the running "
            "statistics as torch.nn.BatchNorm1d does; and a cache",
            "배치 통계(평균, 분산)로 x를 정규화하고 확대/이동; torch.nn.BatchNorm1d처럼 "
            "running 통계를 갱신; 역전파용 cache",
        ),
        opaque_returns=(3,),
    ),
    FunctionSpec(
        "batchnorm_forward_eval",
        EVAL_PARAMS,
        Text(
            "normalise x with the running statistics (evaluation mode)",
            "running 통계로 x를 정규화 (평가 모드)",
        ),
    ),
    FunctionSpec(
        "batchnorm_backward",
        ("dout", "cache"),
        Text(
            "dx, dgamma, dbeta through the train-mode forward, including the paths "
            "through the batch mean and variance",
            "학습 모드 순전파의 dx, dgamma, dbeta (배치 평균과 분산을 거치는 경로 포함)",
        ),
        needs=("batchnorm_forward_train",),
    ),
    FunctionSpec(
        "layernorm_forward",
        LN_PARAMS,
        Text(
            "normalise each row of x with its own mean and biased variance over the "
            "features, scale and shift (F.layer_norm); and a cache",
            "x의 각 행을 그 행의 특성들에 대한 평균과 편향 분산으로 정규화하고 확대/이동 "
            "(F.layer_norm); 역전파용 cache",
        ),
        opaque_returns=(1,),
    ),
    FunctionSpec(
        "layernorm_backward",
        ("dout", "cache"),
        Text(
            "dx, dgamma, dbeta through layernorm_forward, including the paths through "
            "each row's mean and variance",
            "layernorm_forward의 dx, dgamma, dbeta (각 행의 평균과 분산을 거치는 경로 포함)",
        ),
        needs=("layernorm_forward",),
    ),
)


def _module(case: Case, momentum: float = 0.1) -> torch.nn.BatchNorm1d:
    d = case["x"].shape[1]
    module = torch.nn.BatchNorm1d(d, eps=case["eps"], momentum=momentum, dtype=torch.float64)
    with torch.no_grad():
        module.weight.copy_(oracle.tensor(case["gamma"]))
        module.bias.copy_(oracle.tensor(case["beta"]))
        module.running_mean.copy_(oracle.tensor(case["running_mean"]))
        module.running_var.copy_(oracle.tensor(case["running_var"]))
    return module


@oracle.memoised
def _train(
    x: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    running_mean: np.ndarray,
    running_var: np.ndarray,
    momentum: float,
    eps: float,
    dout: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """One train-mode call of BatchNorm1d: output, buffers after it, and (given dout)
    autograd's gradients with respect to x, weight and bias."""
    case = {
        "x": x,
        "gamma": gamma,
        "beta": beta,
        "running_mean": running_mean,
        "running_var": running_var,
        "eps": eps,
    }
    module = _module(case, momentum).train()
    xt = oracle.tensor(x, grad=True)
    out = module(xt)
    result = {
        "out": oracle.numpy(out),
        "running_mean": oracle.numpy(module.running_mean),
        "running_var": oracle.numpy(module.running_var),
    }
    if dout is not None:
        out.backward(oracle.tensor(dout))
        result["dx"] = oracle.numpy(xt.grad)
        result["dgamma"] = oracle.numpy(module.weight.grad)
        result["dbeta"] = oracle.numpy(module.bias.grad)
    return result


@oracle.memoised
def _eval(
    x: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    running_mean: np.ndarray,
    running_var: np.ndarray,
    eps: float,
) -> np.ndarray:
    case = {
        "x": x,
        "gamma": gamma,
        "beta": beta,
        "running_mean": running_mean,
        "running_var": running_var,
        "eps": eps,
    }
    with torch.no_grad():
        return oracle.numpy(_module(case).eval()(oracle.tensor(x)))


@oracle.memoised
def _torch_refuses_single_row(d: int) -> bool:
    return oracle.refuses(
        lambda: torch.nn.BatchNorm1d(d, dtype=torch.float64).train()(
            torch.zeros(1, d, dtype=torch.float64)
        )
    )


def _train_args(case: Case) -> tuple:
    return tuple(case[name] for name in TRAIN_PARAMS)


def _reference(case: Case, grad: bool = False) -> dict[str, np.ndarray]:
    return _train(*_train_args(case), dout=case["dout"] if grad else None)


def _call_train(impl, case: Case) -> tuple:
    return unpack(
        impl.call("batchnorm_forward_train", *_train_args(case)),
        TRAIN_RETURNS,
        "batchnorm_forward_train",
    )


def check_train_out(impl, case: Case) -> None:
    out, _, _, _ = _call_train(impl, case)
    assert_array_close(out, _reference(case)["out"], "batchnorm_forward_train's out")


def check_train_running_mean(impl, case: Case) -> None:
    _, new_mean, _, _ = _call_train(impl, case)
    expected = _reference(case)["running_mean"]
    assert_array_close(new_mean, expected, "batchnorm_forward_train's new_running_mean")


def check_train_running_var(impl, case: Case) -> None:
    _, _, new_var, _ = _call_train(impl, case)
    expected = _reference(case)["running_var"]
    assert_array_close(new_var, expected, "batchnorm_forward_train's new_running_var")


def check_train_unchanged(impl, case: Case) -> None:
    impl.call("batchnorm_forward_train", *_train_args(case))
    assert_inputs_unchanged(impl)


ACCEPTED_SINGLE_ROW = Text(
    "batchnorm_forward_train returned normally for a batch of one row (N = 1), but "
    "PyTorch refuses it in train mode with ValueError: the variance of one value says "
    "nothing about the batch.",
    "batchnorm_forward_train이 행이 하나뿐인 배치(N = 1)에서 그냥 값을 돌려주었습니다. "
    "PyTorch는 학습 모드에서 이런 입력을 ValueError로 거부합니다: 값 하나의 분산은 배치에 "
    "대해 아무것도 알려 주지 않습니다.",
)
WRONG_EXCEPTION = Text(
    "batchnorm_forward_train raised {exc_type} for a batch of one row (N = 1); PyTorch "
    "raises ValueError there. Check N explicitly: raise ValueError(...) when x.shape[0] < 2.",
    "batchnorm_forward_train이 행이 하나뿐인 배치(N = 1)에서 {exc_type} 예외를 일으켰습니다. "
    "PyTorch는 ValueError를 냅니다. x.shape[0] < 2이면 직접 raise ValueError(...) 하세요.",
)


def check_train_refuses_single_row(impl, case: Case) -> None:
    if not _torch_refuses_single_row(case["x"].shape[1]):
        raise RuntimeError("PyTorch accepted a single-row batch in train mode")
    try:
        impl.call("batchnorm_forward_train", *_train_args(case))
    except StudentError as err:
        if err.kind == RAISED and err.exc_type == "ValueError":
            return
        if err.kind != RAISED:  # not started, timed out, crashed...: reported as such
            raise
        raise PropertyFailure(WRONG_EXCEPTION, exc_type=err.exc_type) from None
    raise PropertyFailure(ACCEPTED_SINGLE_ROW)


def _eval_args(case: Case) -> tuple:
    return tuple(case[name] for name in EVAL_PARAMS)


def check_eval_out(impl, case: Case) -> None:
    out = impl.call("batchnorm_forward_eval", *_eval_args(case))
    assert_array_close(out, _eval(*_eval_args(case)), "batchnorm_forward_eval's out")


def check_eval_unchanged(impl, case: Case) -> None:
    impl.call("batchnorm_forward_eval", *_eval_args(case))
    assert_inputs_unchanged(impl)


# torch.nn.BatchNorm1d's defaults, which the stubs' signatures promise.
DEFAULT_MOMENTUM = 0.1
DEFAULT_EPS = 1e-5
_DATA = ("x", "gamma", "beta", "running_mean", "running_var")


def check_train_defaults(impl, case: Case) -> None:
    """batchnorm_forward_train called without momentum and eps behaves as PyTorch's defaults."""
    data = tuple(case[name] for name in _DATA)
    out, new_mean, new_var, _ = unpack(
        impl.call("batchnorm_forward_train", *data), TRAIN_RETURNS, "batchnorm_forward_train"
    )
    expected = _train(*data, DEFAULT_MOMENTUM, DEFAULT_EPS)
    assert_array_close(out, expected["out"], "batchnorm_forward_train's out")
    assert_array_close(
        new_mean, expected["running_mean"], "batchnorm_forward_train's new_running_mean"
    )
    assert_array_close(
        new_var, expected["running_var"], "batchnorm_forward_train's new_running_var"
    )


def check_eval_defaults(impl, case: Case) -> None:
    """batchnorm_forward_eval called without eps behaves as PyTorch's default."""
    data = tuple(case[name] for name in _DATA)
    out = impl.call("batchnorm_forward_eval", *data)
    assert_array_close(out, _eval(*data, DEFAULT_EPS), "batchnorm_forward_eval's out")


def _data_only(case: Case) -> Case:
    return {name: case[name] for name in _DATA}


def _call_backward(impl, case: Case) -> tuple:
    _, _, _, cache = _call_train(impl, case)
    return unpack(
        impl.call("batchnorm_backward", case["dout"], cache),
        ("dx", "dgamma", "dbeta"),
        "batchnorm_backward",
    )


def check_backward_dx(impl, case: Case) -> None:
    dx, _, _ = _call_backward(impl, case)
    assert_array_close(dx, _reference(case, grad=True)["dx"], "batchnorm_backward's dx")


def check_backward_dgamma(impl, case: Case) -> None:
    _, dgamma, _ = _call_backward(impl, case)
    expected = _reference(case, grad=True)["dgamma"]
    assert_array_close(dgamma, expected, "batchnorm_backward's dgamma")


def check_backward_dbeta(impl, case: Case) -> None:
    _, _, dbeta = _call_backward(impl, case)
    assert_array_close(dbeta, _reference(case, grad=True)["dbeta"], "batchnorm_backward's dbeta")


def check_backward_unchanged(impl, case: Case) -> None:
    _, _, _, cache = _call_train(impl, case)
    impl.call("batchnorm_backward", case["dout"], cache)
    assert_inputs_unchanged(impl)


def _case(x: list, momentum: float = 0.1, eps: float = 1e-5, dout: list | None = None) -> Case:
    """A hand-written edge case: gamma 2, beta 0.5 and running statistics far from the batch's."""
    x_arr = np.array(x, dtype=np.float64)
    d = x_arr.shape[1]
    case: Case = {
        "x": x_arr,
        "gamma": np.full(d, 2.0),
        "beta": np.full(d, 0.5),
        "running_mean": np.full(d, 3.0),
        "running_var": np.full(d, 4.0),
        "momentum": momentum,
        "eps": eps,
    }
    if dout is not None:
        case["dout"] = np.array(dout, dtype=np.float64)
    return case


def _without(case: Case, *names: str) -> Case:
    return {k: v for k, v in case.items() if k not in names}


# N = 2, one ordinary feature and one constant feature (variance exactly 0).
TWO_ROWS = _case([[1.0, 7.0], [4.0, 7.0]], dout=[[1.0, -2.0], [3.0, 0.5]])
# A nearly constant feature: variance 1e-12, far below eps.
NEARLY_CONSTANT = _case(
    [[5.0, 1.0], [5.0 + 1e-6, 2.0], [5.0 - 1e-6, 4.0]], dout=[[1.0, 2.0], [-1.0, 0.0], [2.0, 1.0]]
)
MOMENTUM_ZERO = _case([[1.0], [2.0], [6.0]], momentum=0.0)
MOMENTUM_ONE = _case([[1.0], [2.0], [6.0]], momentum=1.0)
SINGLE_ROW = _case([[1.0, 2.0, 3.0]])

UNCHANGED_HINT = Text(
    "running_mean *= ..., running_mean += ..., x -= mean or out=... write into the caller's "
    "arrays. Compute new arrays (new_mean = (1 - momentum) * running_mean + momentum * mean) "
    "and return them.",
    "running_mean *= ..., running_mean += ..., x -= mean, out=... 같은 연산은 호출한 쪽의 "
    "배열을 바꿉니다. 새 배열을 만들어 (new_mean = (1 - momentum) * running_mean + "
    "momentum * mean) 돌려주세요.",
)

DEFAULTS_HINT = Text(
    "Keep the stubs' signatures: momentum=0.1 and eps=1e-5 are torch.nn.BatchNorm1d's "
    "defaults (momentum is the weight of the new batch, not Keras' 0.99).",
    "뼈대 코드의 함수 시그니처를 그대로 두세요: momentum=0.1과 eps=1e-5는 "
    "torch.nn.BatchNorm1d의 기본값입니다 (momentum은 새 배치의 가중치이며 Keras의 "
    "0.99가 아닙니다).",
)
EVAL_DEFAULTS_HINT = Text(
    "Keep the stub's signature: eps=1e-5 is torch.nn.BatchNorm1d's default.",
    "뼈대 코드의 함수 시그니처를 그대로 두세요: eps=1e-5는 torch.nn.BatchNorm1d의 기본값입니다.",
)

PROPERTIES = (
    Property(
        id="batchnorm_forward_train_out_matches_torch",
        points=2,
        functions=("batchnorm_forward_train",),
        claim=Text(
            "out equals BatchNorm1d's train-mode output: gamma * (x - mean) / sqrt(var + eps) "
            "+ beta with the batch's own per-feature mean and biased variance",
            "out이 BatchNorm1d 학습 모드의 출력과 같다: 배치 자신의 특성별 평균과 편향 분산"
            "(N으로 나눔)으로 gamma * (x - mean) / sqrt(var + eps) + beta",
        ),
        hint=Text(
            "In training, normalise with the statistics of this batch (not the running ones), "
            "over axis 0, with the biased variance x.var(axis=0) (divide by N, not N - 1), "
            "and eps inside the square root: sqrt(var + eps).",
            "학습할 때는 running 통계가 아니라 이 배치의 통계로, 0번 축을 따라, 편향 분산 "
            "x.var(axis=0) (N - 1이 아니라 N으로 나눔)으로 정규화하고, eps는 제곱근 안에 "
            "넣으세요: sqrt(var + eps).",
        ),
        strategy=batchnorm_inputs(),
        check=check_train_out,
        max_examples=13,
        examples=(
            _without(TWO_ROWS, "dout"),
            _without(NEARLY_CONSTANT, "dout"),
        ),
    ),
    Property(
        id="batchnorm_forward_train_running_mean_matches_torch",
        points=2,
        functions=("batchnorm_forward_train",),
        claim=Text(
            "new_running_mean equals BatchNorm1d's running_mean buffer after the call: "
            "(1 - momentum) * running_mean + momentum * batch mean",
            "new_running_mean이 호출 뒤 BatchNorm1d의 running_mean 버퍼와 같다: "
            "(1 - momentum) * running_mean + momentum * 배치 평균",
        ),
        hint=Text(
            "PyTorch's momentum is the weight of the NEW batch statistic (default 0.1), the "
            "opposite of Keras' 0.99: new = (1 - momentum) * old + momentum * batch_mean.",
            "PyTorch의 momentum은 새 배치 통계의 가중치입니다 (기본값 0.1). Keras의 0.99와 "
            "반대입니다: new = (1 - momentum) * old + momentum * batch_mean.",
        ),
        strategy=batchnorm_inputs(),
        check=check_train_running_mean,
        max_examples=10,
        examples=(
            _without(MOMENTUM_ZERO, "dout"),
            _without(MOMENTUM_ONE, "dout"),
            _without(TWO_ROWS, "dout"),
        ),
    ),
    Property(
        id="batchnorm_forward_train_running_var_matches_torch",
        points=2,
        functions=("batchnorm_forward_train",),
        claim=Text(
            "new_running_var equals BatchNorm1d's running_var buffer after the call: "
            "(1 - momentum) * running_var + momentum * UNBIASED batch variance (N - 1)",
            "new_running_var가 호출 뒤 BatchNorm1d의 running_var 버퍼와 같다: "
            "(1 - momentum) * running_var + momentum * 불편 분산(N - 1로 나눔)",
        ),
        hint=Text(
            "PyTorch normalises with the biased variance but stores the UNBIASED one "
            "(x.var(axis=0, ddof=1), i.e. biased * N / (N - 1)) in running_var; and momentum "
            "weighs the new batch: (1 - momentum) * old + momentum * batch_var.",
            "PyTorch는 정규화에는 편향 분산을 쓰지만 running_var에는 불편 분산 "
            "(x.var(axis=0, ddof=1), 즉 편향 분산 * N / (N - 1))을 저장합니다. momentum은 새 "
            "배치의 가중치입니다: (1 - momentum) * old + momentum * batch_var.",
        ),
        strategy=batchnorm_inputs(),
        check=check_train_running_var,
        max_examples=10,
        examples=(
            _without(TWO_ROWS, "dout"),
            _without(MOMENTUM_ONE, "dout"),
            _without(MOMENTUM_ZERO, "dout"),
        ),
    ),
    Property(
        id="batchnorm_forward_train_leaves_inputs_unchanged",
        points=1,
        functions=("batchnorm_forward_train",),
        claim=Text(
            "batchnorm_forward_train modifies none of x, gamma, beta, running_mean, running_var",
            "batchnorm_forward_train이 x, gamma, beta, running_mean, running_var를 바꾸지 않는다",
        ),
        hint=UNCHANGED_HINT,
        strategy=batchnorm_inputs(),
        check=check_train_unchanged,
        max_examples=10,
        examples=(_without(TWO_ROWS, "dout"),),
    ),
    Property(
        id="batchnorm_forward_train_refuses_a_single_row",
        points=1,
        functions=("batchnorm_forward_train",),
        claim=Text(
            "with a batch of one row (N = 1) batchnorm_forward_train raises ValueError, "
            "as BatchNorm1d does in train mode",
            "행이 하나뿐인 배치(N = 1)에서 batchnorm_forward_train이 BatchNorm1d 학습 모드처럼 "
            "ValueError를 일으킨다",
        ),
        hint=Text(
            "A batch of one sample has no spread to normalise by (its unbiased variance is "
            "0/0): start with `if x.shape[0] < 2: raise ValueError(...)`.",
            "샘플이 하나인 배치는 정규화할 퍼짐이 없습니다 (불편 분산이 0/0). 함수 맨 앞에 "
            "`if x.shape[0] < 2: raise ValueError(...)`를 두세요.",
        ),
        strategy=batchnorm_inputs(min_n=1, max_n=1),
        check=check_train_refuses_single_row,
        max_examples=3,
        examples=(_without(SINGLE_ROW, "dout"),),
    ),
    Property(
        id="batchnorm_forward_eval_matches_torch",
        points=2,
        functions=("batchnorm_forward_eval",),
        claim=Text(
            "out equals BatchNorm1d's eval-mode output: gamma * (x - running_mean) / "
            "sqrt(running_var + eps) + beta, whatever the batch holds",
            "out이 BatchNorm1d 평가 모드의 출력과 같다: 배치 내용과 상관없이 gamma * (x - "
            "running_mean) / sqrt(running_var + eps) + beta",
        ),
        hint=Text(
            "In evaluation mode the batch's own mean and variance are not used at all: "
            "normalise with running_mean and running_var (eps inside the sqrt), so that one "
            "sample gives the same output whatever batch it comes in.",
            "평가 모드에서는 배치 자신의 평균과 분산을 전혀 쓰지 않습니다. running_mean과 "
            "running_var로 정규화해야 (eps는 제곱근 안에) 같은 샘플이 어떤 배치에 있든 같은 "
            "출력을 얻습니다.",
        ),
        strategy=batchnorm_inputs(min_n=1, train=False),
        check=check_eval_out,
        max_examples=10,
        examples=(
            _without(SINGLE_ROW, "dout", "momentum"),
            _without(TWO_ROWS, "dout", "momentum"),
        ),
    ),
    Property(
        id="batchnorm_forward_eval_leaves_inputs_unchanged",
        points=1,
        functions=("batchnorm_forward_eval",),
        claim=Text(
            "batchnorm_forward_eval modifies none of its inputs",
            "batchnorm_forward_eval이 입력을 바꾸지 않는다",
        ),
        hint=UNCHANGED_HINT,
        strategy=batchnorm_inputs(min_n=1, train=False),
        check=check_eval_unchanged,
        max_examples=8,
    ),
    # One property per forward, so that a mistake in one never marks the other failing
    # (together they are worth the 1 point the single property used to be).
    Property(
        id="batchnorm_forward_train_defaults_are_torchs",
        points=0.5,
        functions=("batchnorm_forward_train",),
        claim=Text(
            "called without momentum and eps, batchnorm_forward_train uses PyTorch's "
            "defaults momentum = 0.1 and eps = 1e-5",
            "momentum과 eps 없이 부르면 batchnorm_forward_train은 PyTorch의 기본값 "
            "momentum = 0.1, eps = 1e-5를 쓴다",
        ),
        hint=DEFAULTS_HINT,
        strategy=batchnorm_inputs().map(_data_only),
        check=check_train_defaults,
        max_examples=5,
    ),
    Property(
        id="batchnorm_forward_eval_defaults_are_torchs",
        points=0.5,
        functions=("batchnorm_forward_eval",),
        claim=Text(
            "called without eps, batchnorm_forward_eval uses PyTorch's default eps = 1e-5",
            "eps 없이 부르면 batchnorm_forward_eval은 PyTorch의 기본값 eps = 1e-5를 쓴다",
        ),
        hint=EVAL_DEFAULTS_HINT,
        strategy=batchnorm_inputs().map(_data_only),
        check=check_eval_defaults,
        max_examples=5,
    ),
    Property(
        id="batchnorm_backward_dx_matches_autograd",
        points=2,
        functions=("batchnorm_backward",),
        claim=Text(
            "dx equals PyTorch's autograd gradient through the train-mode forward, which "
            "also flows through the batch mean and variance",
            "dx가 학습 모드 순전파에 대한 PyTorch autograd 기울기와 같다 (배치 평균과 분산을 "
            "거치는 경로 포함)",
        ),
        hint=Text(
            "mean and var are functions of x too: with dxhat = dout * gamma, "
            "dx = (dxhat - dxhat.mean(0) - xhat * (dxhat * xhat).mean(0)) / sqrt(var + eps). "
            "Only the first term remains if you treat mean and var as constants.",
            "평균과 분산도 x의 함수입니다: dxhat = dout * gamma일 때 dx = (dxhat - "
            "dxhat.mean(0) - xhat * (dxhat * xhat).mean(0)) / sqrt(var + eps). 평균과 분산을 "
            "상수로 취급하면 첫 항만 남습니다.",
        ),
        strategy=batchnorm_inputs(grad=True),
        check=check_backward_dx,
        max_examples=13,
        examples=(TWO_ROWS, NEARLY_CONSTANT),
    ),
    Property(
        id="batchnorm_backward_dgamma_matches_autograd",
        points=2,
        functions=("batchnorm_backward",),
        claim=Text(
            "dgamma equals PyTorch's gradient for the weight: sum over the batch (axis 0) "
            "of dout * xhat, one value per feature",
            "dgamma가 PyTorch의 weight 기울기와 같다: 배치 축(0번 축)을 따라 더한 dout * xhat, "
            "특성마다 값 하나",
        ),
        hint=Text(
            "gamma multiplies the normalised xhat (not x), and it is shared by the N rows: "
            "dgamma = (dout * xhat).sum(axis=0), shape (D,).",
            "gamma는 x가 아니라 정규화된 xhat에 곱해지고, N개의 행이 공유합니다: "
            "dgamma = (dout * xhat).sum(axis=0), shape은 (D,).",
        ),
        strategy=batchnorm_inputs(grad=True),
        check=check_backward_dgamma,
        max_examples=15,
        examples=(TWO_ROWS,),
    ),
    Property(
        id="batchnorm_backward_dbeta_matches_autograd",
        points=2,
        functions=("batchnorm_backward",),
        claim=Text(
            "dbeta equals PyTorch's gradient for the bias: dout summed over the batch (axis 0)",
            "dbeta가 PyTorch의 bias 기울기와 같다: 배치 축(0번 축)을 따라 더한 dout",
        ),
        hint=Text(
            "beta is added to every row, so its gradient sums dout over the rows: "
            "dout.sum(axis=0), shape (D,) (not the mean, not the sum of everything).",
            "beta는 모든 행에 더해지므로 기울기는 행을 따라 dout을 더한 것입니다: "
            "dout.sum(axis=0), shape은 (D,) (평균도, 전체 합도 아님).",
        ),
        strategy=batchnorm_inputs(grad=True),
        check=check_backward_dbeta,
        max_examples=10,
        examples=(TWO_ROWS,),
    ),
    Property(
        id="batchnorm_backward_leaves_inputs_unchanged",
        points=1,
        functions=("batchnorm_backward",),
        claim=Text(
            "batchnorm_backward modifies neither dout nor the cache",
            "batchnorm_backward가 dout과 cache를 바꾸지 않는다",
        ),
        hint=UNCHANGED_HINT,
        strategy=batchnorm_inputs(grad=True),
        check=check_backward_unchanged,
        max_examples=8,
        examples=(TWO_ROWS,),
    ),
)


# --- layer normalisation ------------------------------------------------------------------
# x has shape (N, D); each ROW is drawn as one of batch norm's feature kinds (grader.
# strategies.bn_feature: spread, constant, nearly constant, large, offset, random), because
# layer norm goes wrong per row exactly as batch norm goes wrong per column.  A row of one
# element (D = 1) has variance 0 and output beta; PyTorch folds the affine step into
# x * rstd - mean * rstd, which for such a row is rounding noise of size u * |x| /
# sqrt(eps) instead of 0, so rows of one element are never large or offset (|x| <= 10,
# where that noise stays below 1e-10).  Checked against F.layer_norm on 3,000 drawn
# inputs with N <= 8, D <= 32: every correct formula agrees within grader/define/compare.py.
LN_KINDS = ("spread", "constant", "nearly_constant", "large", "offset")
_LN_SMALL_KINDS = ("spread", "constant", "nearly_constant")
_LN_STRATEGIES: dict[tuple, st.SearchStrategy] = {}


def _ln_once(key: tuple, make) -> st.SearchStrategy:
    # Built once per key: Hypothesis validates every new strategy object (see _bn_once).
    if key not in _LN_STRATEGIES:
        _LN_STRATEGIES[key] = make()
    return _LN_STRATEGIES[key]


def _ln_vector(size: int, elements: st.SearchStrategy[float], key: str) -> st.SearchStrategy:
    return _ln_once(
        ("vector", key, size),
        lambda: st.lists(elements, min_size=size, max_size=size).map(
            lambda v: np.array(v, dtype=np.float64)
        ),
    )


def _ln_upstream(n: int, d: int) -> st.SearchStrategy[np.ndarray]:
    """dout (N, D): all ones, or values in [-3, 3] with two decimals from a drawn seed."""

    def from_seed(seed: int) -> np.ndarray:
        return np.round(np.random.default_rng(seed).uniform(-3.0, 3.0, size=(n, d)), 2)

    return _ln_once(
        ("dout", n, d),
        lambda: st.one_of(st.just((n, d)).map(np.ones), st.integers(0, 2**32 - 1).map(from_seed)),
    )


@st.composite
def layernorm_inputs(
    draw: st.DrawFn,
    min_n: int = 1,
    max_n: int = 5,
    min_d: int = 1,
    max_d: int = 5,
    grad: bool = False,
    kinds: tuple[str, ...] = LN_KINDS,
    with_eps: bool = True,
) -> dict:
    """x (N, D), gamma and beta (D,), eps (unless `with_eps` is false: the default is
    then used), and dout (N, D) when `grad`."""
    n = draw(_ln_once(("n", min_n, max_n), lambda: st.integers(min_n, max_n)))
    d = draw(_ln_once(("d", min_d, max_d), lambda: st.integers(min_d, max_d)))
    if d == 1:
        kinds = tuple(k for k in kinds if k in _LN_SMALL_KINDS) or ("spread",)
    x = np.stack([bn_feature(draw, d, kinds) for _ in range(n)]).reshape(n, d)
    case = {
        "x": x,
        "gamma": draw(_ln_vector(d, st.one_of(st.just(1.0), moderate), "gamma")),
        "beta": draw(_ln_vector(d, values(extreme=False), "beta")),
    }
    if with_eps:
        case["eps"] = draw(_ln_once(("eps",), lambda: st.sampled_from(BN_EPSILONS)))
    if grad:
        case["dout"] = draw(_ln_upstream(n, d))
    return case


@oracle.memoised
def _layernorm(
    x: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    eps: float,
    dout: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """F.layer_norm over the last dimension: its output and (given dout) autograd's
    gradients with respect to x, weight and bias."""
    xt = oracle.tensor(x, grad=True)
    weight = oracle.tensor(gamma, grad=True)
    bias = oracle.tensor(beta, grad=True)
    out = torch.nn.functional.layer_norm(xt, (x.shape[1],), weight, bias, eps)
    result = {"out": oracle.numpy(out)}
    if dout is not None:
        out.backward(oracle.tensor(dout))
        result["dx"] = oracle.numpy(xt.grad)
        result["dgamma"] = oracle.numpy(weight.grad)
        result["dbeta"] = oracle.numpy(bias.grad)
    return result


# F.layer_norm's and torch.nn.LayerNorm's default eps, which the stub's signature promises.
LN_DEFAULT_EPS = 1e-5


def _ln_args(case: Case) -> tuple:
    return tuple(case[name] for name in LN_PARAMS if name in case)


def _ln_reference(case: Case, grad: bool = False) -> dict[str, np.ndarray]:
    eps = case.get("eps", LN_DEFAULT_EPS)
    dout = case["dout"] if grad else None
    return _layernorm(case["x"], case["gamma"], case["beta"], eps, dout=dout)


def _call_ln(impl, case: Case) -> tuple:
    return unpack(
        impl.call("layernorm_forward", *_ln_args(case)), ("out", "cache"), "layernorm_forward"
    )


def check_ln_out(impl, case: Case) -> None:
    out, _ = _call_ln(impl, case)
    assert_array_close(out, _ln_reference(case)["out"], "layernorm_forward's out")


def check_ln_unchanged(impl, case: Case) -> None:
    impl.call("layernorm_forward", *_ln_args(case))
    assert_inputs_unchanged(impl)


def check_ln_default_eps(impl, case: Case) -> None:
    """Called without eps (the case has none), the output is F.layer_norm's with eps=1e-5."""
    check_ln_out(impl, case)


def _call_ln_backward(impl, case: Case) -> tuple:
    _, cache = _call_ln(impl, case)
    return unpack(
        impl.call("layernorm_backward", case["dout"], cache),
        ("dx", "dgamma", "dbeta"),
        "layernorm_backward",
    )


def check_ln_backward_dx(impl, case: Case) -> None:
    dx, _, _ = _call_ln_backward(impl, case)
    assert_array_close(dx, _ln_reference(case, grad=True)["dx"], "layernorm_backward's dx")


def check_ln_backward_dgamma(impl, case: Case) -> None:
    _, dgamma, _ = _call_ln_backward(impl, case)
    expected = _ln_reference(case, grad=True)["dgamma"]
    assert_array_close(dgamma, expected, "layernorm_backward's dgamma")


def check_ln_backward_dbeta(impl, case: Case) -> None:
    _, _, dbeta = _call_ln_backward(impl, case)
    expected = _ln_reference(case, grad=True)["dbeta"]
    assert_array_close(dbeta, expected, "layernorm_backward's dbeta")


def check_ln_backward_unchanged(impl, case: Case) -> None:
    _, cache = _call_ln(impl, case)
    impl.call("layernorm_backward", case["dout"], cache)
    assert_inputs_unchanged(impl)


def ln_case(x: list, eps: float | None = 1e-5, dout: list | None = None) -> Case:
    """A hand-written layer-norm case: a different gamma and beta for every feature (so that
    a sum or a statistic over the wrong axis shows); eps None leaves it to the default."""
    x_arr = np.array(x, dtype=np.float64)
    d = x_arr.shape[1]
    case: Case = {
        "x": x_arr,
        "gamma": np.array([2.0, -1.0, 0.5, 3.0, 1.5][:d]),
        "beta": np.array([0.5, -0.25, 1.0, 0.0, -2.0][:d]),
    }
    if eps is not None:
        case["eps"] = eps
    if dout is not None:
        case["dout"] = np.array(dout, dtype=np.float64)
    return case


# N = 1: layer norm works with one row (batch norm in training refuses it).
LN_ONE_ROW = ln_case([[1.0, 2.0, 4.0, -3.0]], dout=[[1.0, -2.0, 0.5, 3.0]])
# D = 1: each row's variance is 0, out is beta, dx is 0.
LN_ONE_FEATURE = ln_case([[3.0], [-1.0], [5.0]], dout=[[1.0], [2.0], [-1.0]])
# Rows whose values are all equal (variance exactly 0: out is beta) beside an ordinary row.
LN_EQUAL_ROWS = ln_case(
    [[2.0, 2.0, 2.0, 2.0, 2.0], [1.0, -2.0, 0.0, 4.0, 3.0], [-7.0, -7.0, -7.0, -7.0, -7.0]],
    dout=[[1.0, 2.0, -1.0, 0.5, 3.0], [2.0, -1.0, 1.0, 0.0, 1.5], [-3.0, 1.0, 2.0, 1.0, 0.5]],
)
# Large offsets: rows around +-1e4 with a small spread (and a variance far below eps).
LN_OFFSETS = ln_case(
    [[1e4 + 1.0, 1e4 - 2.0, 1e4 + 3.0], [-1e4, -1e4 + 1.0, -1e4 + 5.0], [5.0, 5.0 + 1e-6, 5.0]],
    dout=[[1.0, -1.0, 2.0], [0.5, 3.0, -2.0], [1.0, 2.0, 3.0]],
)
LN_EXAMPLES = (LN_ONE_ROW, LN_ONE_FEATURE, LN_EQUAL_ROWS, LN_OFFSETS)


def _ln_forward_only(case: Case) -> Case:
    return _without(case, "dout")


LN_UNCHANGED_HINT = Text(
    "x -= mean, x /= std or out=... write into the caller's arrays. Compute new arrays "
    "(xc = x - mean) and return them.",
    "x -= mean, x /= std, out=... 같은 연산은 호출한 쪽의 배열을 바꿉니다. 새 배열을 "
    "만들어 (xc = x - mean) 돌려주세요.",
)

LN_PROPERTIES = (
    Property(
        id="layernorm_forward_matches_torch",
        points=2,
        functions=("layernorm_forward",),
        claim=Text(
            "out equals F.layer_norm(x, (D,), gamma, beta, eps): each row normalised with its "
            "own mean and biased variance over its D features, also for N = 1, D = 1 and "
            "rows whose values are all equal",
            "out이 F.layer_norm(x, (D,), gamma, beta, eps)와 같다: 각 행을 그 행의 D개 특성의 "
            "평균과 편향 분산으로 정규화 (N = 1, D = 1, 값이 모두 같은 행 포함)",
        ),
        hint=Text(
            "Layer norm takes the statistics of each sample over its features: "
            "x.mean(axis=1, keepdims=True) and the biased x.var(axis=1, keepdims=True) "
            "(divide by D, not D - 1; axis 0 would be batch norm), and eps inside the square "
            "root: sqrt(var + eps). A row of equal values has variance 0 and gives beta.",
            "레이어 정규화는 각 샘플의 통계를 그 샘플의 특성들에 대해 구합니다: "
            "x.mean(axis=1, keepdims=True)와 편향 분산 x.var(axis=1, keepdims=True) "
            "(D - 1이 아니라 D로 나눔; 0번 축은 배치 정규화입니다). eps는 제곱근 안에 "
            "넣으세요: sqrt(var + eps). 값이 모두 같은 행은 분산이 0이라 출력이 beta입니다.",
        ),
        strategy=layernorm_inputs(),
        check=check_ln_out,
        max_examples=13,
        examples=tuple(_ln_forward_only(c) for c in LN_EXAMPLES),
    ),
    Property(
        id="layernorm_forward_leaves_inputs_unchanged",
        points=1,
        functions=("layernorm_forward",),
        claim=Text(
            "layernorm_forward modifies none of x, gamma, beta",
            "layernorm_forward가 x, gamma, beta를 바꾸지 않는다",
        ),
        hint=LN_UNCHANGED_HINT,
        strategy=layernorm_inputs(),
        check=check_ln_unchanged,
        max_examples=8,
        examples=(_ln_forward_only(LN_EQUAL_ROWS),),
    ),
    Property(
        id="layernorm_forward_default_eps_is_torchs",
        points=1,
        functions=("layernorm_forward",),
        claim=Text(
            "called without eps, layernorm_forward uses PyTorch's default eps = 1e-5",
            "eps 없이 부르면 layernorm_forward가 PyTorch의 기본값 eps = 1e-5를 쓴다",
        ),
        hint=Text(
            "Keep the stub's signature: eps=1e-5 is the default of F.layer_norm and "
            "torch.nn.LayerNorm.",
            "뼈대 코드의 함수 시그니처를 그대로 두세요: eps=1e-5는 F.layer_norm과 "
            "torch.nn.LayerNorm의 기본값입니다.",
        ),
        strategy=layernorm_inputs(with_eps=False),
        check=check_ln_default_eps,
        max_examples=5,
        examples=(ln_case([[1.0, 1.0 + 1e-3, 1.0 - 1e-3]], eps=None),),
    ),
    Property(
        id="layernorm_backward_dx_matches_autograd",
        points=2,
        functions=("layernorm_backward",),
        claim=Text(
            "dx equals PyTorch's autograd gradient through F.layer_norm, which also flows "
            "through each row's mean and variance",
            "dx가 F.layer_norm에 대한 PyTorch autograd 기울기와 같다 (각 행의 평균과 분산을 "
            "거치는 경로 포함)",
        ),
        hint=Text(
            "Batch norm's dx formula with the means taken along each row: with dxhat = "
            "dout * gamma, dx = (dxhat - dxhat.mean(1, keepdims=True) - xhat * (dxhat * "
            "xhat).mean(1, keepdims=True)) / sqrt(var + eps). The count in the means is D "
            "(the features of a row), not N.",
            "배치 정규화의 dx 식에서 평균을 각 행을 따라 구하면 됩니다: dxhat = dout * "
            "gamma일 때 dx = (dxhat - dxhat.mean(1, keepdims=True) - xhat * (dxhat * "
            "xhat).mean(1, keepdims=True)) / sqrt(var + eps). 평균에서 나누는 수는 N이 아니라 "
            "D(한 행의 특성 수)입니다.",
        ),
        strategy=layernorm_inputs(grad=True),
        check=check_ln_backward_dx,
        max_examples=13,
        examples=(LN_ONE_ROW, LN_EQUAL_ROWS, LN_OFFSETS),
    ),
    Property(
        id="layernorm_backward_dgamma_matches_autograd",
        points=2,
        functions=("layernorm_backward",),
        claim=Text(
            "dgamma equals PyTorch's gradient for the weight: dout * xhat summed over the "
            "batch (axis 0), one value per feature",
            "dgamma가 PyTorch의 weight 기울기와 같다: 배치 축(0번 축)을 따라 더한 dout * xhat, "
            "특성마다 값 하나",
        ),
        hint=Text(
            "gamma has one entry per feature and is shared by the N rows, so even in layer "
            "norm its gradient sums over the batch: dgamma = (dout * xhat).sum(axis=0), "
            "shape (D,), not over the features (axis 1).",
            "gamma는 특성마다 값이 하나이고 N개의 행이 함께 씁니다. 그래서 레이어 정규화에서도 "
            "기울기는 배치 축으로 더합니다: dgamma = (dout * xhat).sum(axis=0), shape은 (D,)이고 "
            "특성 축(1번 축)으로 더하는 것이 아닙니다.",
        ),
        strategy=layernorm_inputs(grad=True),
        check=check_ln_backward_dgamma,
        max_examples=10,
        examples=(LN_ONE_ROW, LN_EQUAL_ROWS),
    ),
    Property(
        id="layernorm_backward_dbeta_matches_autograd",
        points=2,
        functions=("layernorm_backward",),
        claim=Text(
            "dbeta equals PyTorch's gradient for the bias: dout summed over the batch (axis 0)",
            "dbeta가 PyTorch의 bias 기울기와 같다: 배치 축(0번 축)을 따라 더한 dout",
        ),
        hint=Text(
            "beta is added to every row, so its gradient sums dout over the rows: "
            "dout.sum(axis=0), shape (D,) (not over the features, not the mean).",
            "beta는 모든 행에 더해지므로 기울기는 행을 따라 dout을 더한 것입니다: "
            "dout.sum(axis=0), shape은 (D,) (특성 축으로 더하거나 평균 내는 것이 아님).",
        ),
        strategy=layernorm_inputs(grad=True),
        check=check_ln_backward_dbeta,
        max_examples=10,
        examples=(LN_ONE_ROW, LN_EQUAL_ROWS),
    ),
    Property(
        id="layernorm_backward_leaves_inputs_unchanged",
        points=1,
        functions=("layernorm_backward",),
        claim=Text(
            "layernorm_backward modifies neither dout nor the cache",
            "layernorm_backward가 dout과 cache를 바꾸지 않는다",
        ),
        hint=LN_UNCHANGED_HINT,
        strategy=layernorm_inputs(grad=True),
        check=check_ln_backward_unchanged,
        max_examples=8,
        examples=(LN_EQUAL_ROWS,),
    ),
)

TOPIC = Topic(
    name="batchnorm",
    position=30,
    title=Text(
        "Batch normalisation and layer normalisation",
        "배치 정규화와 레이어 정규화 (Batch / Layer Normalization)",
    ),
    functions=FUNCTIONS,
    properties=PROPERTIES + LN_PROPERTIES,
)
