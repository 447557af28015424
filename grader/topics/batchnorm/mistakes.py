"""Known mistakes and alternative correct solutions for batchnorm.py.

Backward mistakes reuse the reference's cache layout, (xhat, gamma, inv_std), for batch
norm and layer norm alike (layer norm's inv_std has shape (N, 1)).
"""

import numpy as np

from grader.define.catalogue import Alternative, Mistake
from grader.define.i18n import Text


def batchnorm_forward_train__uses_running_stats(
    x, gamma, beta, running_mean, running_var, momentum=0.1, eps=1e-5
):
    n = x.shape[0]
    if n < 2:
        raise ValueError("need at least 2 rows")
    mean, var = x.mean(axis=0), x.var(axis=0)
    inv_std = 1.0 / np.sqrt(running_var + eps)
    xhat = (x - running_mean) * inv_std
    new_mean = (1 - momentum) * running_mean + momentum * mean
    new_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
    return gamma * xhat + beta, new_mean, new_var, (xhat, gamma, inv_std)


def batchnorm_forward_train__unbiased_normalisation(
    x, gamma, beta, running_mean, running_var, momentum=0.1, eps=1e-5
):
    n = x.shape[0]
    if n < 2:
        raise ValueError("need at least 2 rows")
    mean, var = x.mean(axis=0), x.var(axis=0, ddof=1)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = (x - mean) * inv_std
    new_mean = (1 - momentum) * running_mean + momentum * mean
    new_var = (1 - momentum) * running_var + momentum * var
    return gamma * xhat + beta, new_mean, new_var, (xhat, gamma, inv_std)


def batchnorm_forward_train__biased_running_var(
    x, gamma, beta, running_mean, running_var, momentum=0.1, eps=1e-5
):
    if x.shape[0] < 2:
        raise ValueError("need at least 2 rows")
    mean, var = x.mean(axis=0), x.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = (x - mean) * inv_std
    new_mean = (1 - momentum) * running_mean + momentum * mean
    new_var = (1 - momentum) * running_var + momentum * var
    return gamma * xhat + beta, new_mean, new_var, (xhat, gamma, inv_std)


def batchnorm_forward_train__keras_momentum(
    x, gamma, beta, running_mean, running_var, momentum=0.1, eps=1e-5
):
    n = x.shape[0]
    if n < 2:
        raise ValueError("need at least 2 rows")
    mean, var = x.mean(axis=0), x.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = (x - mean) * inv_std
    new_mean = momentum * running_mean + (1 - momentum) * mean
    new_var = momentum * running_var + (1 - momentum) * var * n / (n - 1)
    return gamma * xhat + beta, new_mean, new_var, (xhat, gamma, inv_std)


def batchnorm_forward_train__no_eps(
    x, gamma, beta, running_mean, running_var, momentum=0.1, eps=1e-5
):
    n = x.shape[0]
    if n < 2:
        raise ValueError("need at least 2 rows")
    mean, var = x.mean(axis=0), x.var(axis=0)
    inv_std = 1.0 / np.sqrt(var)
    xhat = (x - mean) * inv_std
    new_mean = (1 - momentum) * running_mean + momentum * mean
    new_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
    return gamma * xhat + beta, new_mean, new_var, (xhat, gamma, inv_std)


def batchnorm_forward_train__eps_outside_sqrt(
    x, gamma, beta, running_mean, running_var, momentum=0.1, eps=1e-5
):
    n = x.shape[0]
    if n < 2:
        raise ValueError("need at least 2 rows")
    mean, var = x.mean(axis=0), x.var(axis=0)
    inv_std = 1.0 / (np.sqrt(var) + eps)
    xhat = (x - mean) * inv_std
    new_mean = (1 - momentum) * running_mean + momentum * mean
    new_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
    return gamma * xhat + beta, new_mean, new_var, (xhat, gamma, inv_std)


def batchnorm_forward_train__running_stats_in_place(
    x, gamma, beta, running_mean, running_var, momentum=0.1, eps=1e-5
):
    n = x.shape[0]
    if n < 2:
        raise ValueError("need at least 2 rows")
    mean, var = x.mean(axis=0), x.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = (x - mean) * inv_std
    running_mean *= 1 - momentum
    running_mean += momentum * mean
    running_var *= 1 - momentum
    running_var += momentum * var * n / (n - 1)
    return gamma * xhat + beta, running_mean, running_var, (xhat, gamma, inv_std)


def batchnorm_forward_train__no_single_row_check(
    x, gamma, beta, running_mean, running_var, momentum=0.1, eps=1e-5
):
    n = x.shape[0]
    mean, var = x.mean(axis=0), x.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = (x - mean) * inv_std
    new_mean = (1 - momentum) * running_mean + momentum * mean
    with np.errstate(divide="ignore", invalid="ignore"):
        new_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
    return gamma * xhat + beta, new_mean, new_var, (xhat, gamma, inv_std)


def batchnorm_forward_eval__batch_statistics(x, gamma, beta, running_mean, running_var, eps=1e-5):
    return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) + beta


def batchnorm_forward_eval__std_without_sqrt(x, gamma, beta, running_mean, running_var, eps=1e-5):
    return gamma * (x - running_mean) / (running_var + eps) + beta


def batchnorm_backward__mean_var_constant(dout, cache):
    xhat, gamma, inv_std = cache
    return dout * gamma * inv_std, (dout * xhat).sum(axis=0), dout.sum(axis=0)


def batchnorm_backward__forgets_variance_path(dout, cache):
    xhat, gamma, inv_std = cache
    dxhat = dout * gamma
    dx = inv_std * (dxhat - dxhat.mean(axis=0))
    return dx, (dout * xhat).sum(axis=0), dout.sum(axis=0)


def batchnorm_backward__dgamma_sums_everything(dout, cache):
    xhat, gamma, inv_std = cache
    dxhat = dout * gamma
    dx = inv_std * (dxhat - dxhat.mean(axis=0) - xhat * (dxhat * xhat).mean(axis=0))
    return dx, np.sum(dout * xhat), dout.sum(axis=0)


def batchnorm_backward__dgamma_without_xhat(dout, cache):
    xhat, gamma, inv_std = cache
    dxhat = dout * gamma
    dx = inv_std * (dxhat - dxhat.mean(axis=0) - xhat * (dxhat * xhat).mean(axis=0))
    return dx, dout.sum(axis=0), dout.sum(axis=0)


def batchnorm_backward__dbeta_mean(dout, cache):
    xhat, gamma, inv_std = cache
    dxhat = dout * gamma
    dx = inv_std * (dxhat - dxhat.mean(axis=0) - xhat * (dxhat * xhat).mean(axis=0))
    return dx, (dout * xhat).sum(axis=0), dout.mean(axis=0)


def layernorm_forward__batch_axis(x, gamma, beta, eps=1e-5):
    # Batch norm's statistics (per feature, over the batch) under layer norm's name.
    mean, var = x.mean(axis=0), x.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = (x - mean) * inv_std
    return gamma * xhat + beta, (xhat, gamma, inv_std)


def layernorm_backward__batch_axis(dout, cache):
    xhat, gamma, inv_std = cache
    dxhat = dout * gamma
    dx = inv_std * (dxhat - dxhat.mean(axis=0) - xhat * (dxhat * xhat).mean(axis=0))
    return dx, (dout * xhat).sum(axis=0), dout.sum(axis=0)


def layernorm_forward__unbiased_variance(x, gamma, beta, eps=1e-5):
    mean = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, ddof=1, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = (x - mean) * inv_std
    return gamma * xhat + beta, (xhat, gamma, inv_std)


def layernorm_forward__eps_outside_sqrt(x, gamma, beta, eps=1e-5):
    mean = x.mean(axis=1, keepdims=True)
    std = x.std(axis=1, keepdims=True)
    inv_std = 1.0 / (std + eps)
    xhat = (x - mean) * inv_std
    return gamma * xhat + beta, (xhat, gamma, inv_std)


def layernorm_forward__no_eps(x, gamma, beta, eps=1e-5):
    mean = x.mean(axis=1, keepdims=True)
    xhat = (x - mean) / x.std(axis=1, keepdims=True)
    return gamma * xhat + beta, (xhat, gamma, 1.0 / x.std(axis=1, keepdims=True))


def layernorm_forward__no_keepdims(x, gamma, beta, eps=1e-5):
    # mean and var of shape (N,) broadcast against the LAST axis of x (features), not rows.
    mean, var = x.mean(axis=1), x.var(axis=1)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = (x - mean) * inv_std
    return gamma * xhat + beta, (xhat, gamma, inv_std)


def layernorm_backward__params_summed_over_features(dout, cache):
    xhat, gamma, inv_std = cache
    dxhat = dout * gamma
    dx = inv_std * (
        dxhat
        - dxhat.mean(axis=1, keepdims=True)
        - xhat * (dxhat * xhat).mean(axis=1, keepdims=True)
    )
    return dx, (dout * xhat).sum(axis=1), dout.sum(axis=1)


def layernorm_backward__batch_count(dout, cache):
    # The folded batch-norm formula, dx = inv_std / N * (N dxhat - sum dxhat - xhat sum
    # dxhat xhat), with the sums along the row but N = dout.shape[0] where D belongs.
    xhat, gamma, inv_std = cache
    n = dout.shape[0]
    dxhat = dout * gamma
    dx = (inv_std / n) * (
        n * dxhat
        - dxhat.sum(axis=1, keepdims=True)
        - xhat * (dxhat * xhat).sum(axis=1, keepdims=True)
    )
    return dx, (dout * xhat).sum(axis=0), dout.sum(axis=0)


def layernorm_backward__mean_var_constant(dout, cache):
    xhat, gamma, inv_std = cache
    return dout * gamma * inv_std, (dout * xhat).sum(axis=0), dout.sum(axis=0)


MISTAKES = (
    Mistake(
        id="batchnorm_train_uses_running_statistics",
        topic="batchnorm",
        title=Text(
            "training normalises with the running statistics",
            "학습 모드에서 running 통계로 정규화함",
        ),
        explanation=Text(
            "In training, batch norm normalises each mini-batch with its own mean and "
            "variance; running_mean and running_var are only collected for evaluation mode.",
            "학습 모드에서는 미니배치마다 그 배치의 평균과 분산으로 정규화합니다. running_mean과 "
            "running_var는 평가 모드에서 쓰려고 모아 두기만 합니다.",
        ),
        overrides=(batchnorm_forward_train__uses_running_stats,),
    ),
    Mistake(
        id="batchnorm_unbiased_variance_for_normalisation",
        topic="batchnorm",
        title=Text(
            "normalised with the unbiased variance (N - 1)",
            "불편 분산(N - 1로 나눔)으로 정규화함",
        ),
        explanation=Text(
            "PyTorch normalises with the biased variance (divide by N, x.var(axis=0)); the "
            "unbiased one (ddof=1) goes only into running_var.",
            "PyTorch는 편향 분산(N으로 나눔, x.var(axis=0))으로 정규화합니다. 불편 분산"
            "(ddof=1)은 running_var에만 씁니다.",
        ),
        overrides=(batchnorm_forward_train__unbiased_normalisation,),
    ),
    Mistake(
        id="batchnorm_biased_variance_in_running_update",
        topic="batchnorm",
        title=Text(
            "running_var updated with the biased variance",
            "running_var를 편향 분산으로 갱신함",
        ),
        explanation=Text(
            "torch.nn.BatchNorm1d stores the unbiased batch variance (var * N / (N - 1)) in "
            "running_var, although it normalises with the biased one.",
            "torch.nn.BatchNorm1d는 정규화에는 편향 분산을 쓰지만 running_var에는 불편 분산"
            "(var * N / (N - 1))을 저장합니다.",
        ),
        overrides=(batchnorm_forward_train__biased_running_var,),
    ),
    Mistake(
        id="batchnorm_momentum_reversed",
        topic="batchnorm",
        title=Text(
            "momentum as the weight of the old statistic (Keras style)",
            "momentum을 이전 통계의 가중치로 씀 (Keras 방식)",
        ),
        explanation=Text(
            "In PyTorch momentum is the weight of the NEW batch statistic: new = (1 - "
            "momentum) * old + momentum * batch, default 0.1. Keras' momentum=0.99 is the "
            "weight of the old value, the opposite convention.",
            "PyTorch에서 momentum은 새 배치 통계의 가중치입니다: new = (1 - momentum) * old + "
            "momentum * batch, 기본값 0.1. Keras의 momentum=0.99는 이전 값의 가중치로, "
            "반대 관례입니다.",
        ),
        overrides=(batchnorm_forward_train__keras_momentum,),
    ),
    Mistake(
        id="batchnorm_forgets_eps",
        topic="batchnorm",
        title=Text("no eps in the denominator", "분모에 eps를 빠뜨림"),
        explanation=Text(
            "eps keeps the division defined: a constant feature has variance 0, and "
            "(x - mean) / sqrt(0) is 0/0 = nan. Use sqrt(var + eps).",
            "eps는 0으로 나누는 일을 막습니다: 상수인 특성은 분산이 0이라 (x - mean) / sqrt(0)은 "
            "0/0 = nan이 됩니다. sqrt(var + eps)를 쓰세요.",
        ),
        overrides=(batchnorm_forward_train__no_eps,),
    ),
    Mistake(
        id="batchnorm_eps_outside_sqrt",
        topic="batchnorm",
        title=Text("eps added outside the square root", "eps를 제곱근 밖에서 더함"),
        explanation=Text(
            "PyTorch divides by sqrt(var + eps), not sqrt(var) + eps; the two differ most "
            "when the variance is small compared with eps.",
            "PyTorch는 sqrt(var) + eps가 아니라 sqrt(var + eps)로 나눕니다. 분산이 eps에 비해 "
            "작을 때 둘의 차이가 가장 큽니다.",
        ),
        overrides=(batchnorm_forward_train__eps_outside_sqrt,),
    ),
    Mistake(
        id="batchnorm_running_statistics_updated_in_place",
        topic="batchnorm",
        title=Text(
            "running statistics updated in place",
            "running 통계를 입력 배열에서 직접 갱신함",
        ),
        explanation=Text(
            "running_mean *= ... changes the caller's arrays; the contract asks for new "
            "arrays (a module updates its own buffers, a function returns new values).",
            "running_mean *= ...는 호출한 쪽의 배열을 바꿉니다. 이 과제의 약속은 새 배열을 "
            "돌려주는 것입니다 (모듈은 자기 버퍼를 갱신하지만, 함수는 새 값을 돌려줍니다).",
        ),
        overrides=(batchnorm_forward_train__running_stats_in_place,),
    ),
    Mistake(
        id="batchnorm_accepts_a_single_row",
        topic="batchnorm",
        title=Text("no ValueError for N = 1", "N = 1일 때 ValueError를 내지 않음"),
        explanation=Text(
            "With one sample the batch variance is 0 and the unbiased one 0/0; PyTorch "
            "refuses such a batch in train mode with ValueError, and so should you.",
            "샘플이 하나면 배치 분산은 0, 불편 분산은 0/0입니다. PyTorch는 학습 모드에서 이런 "
            "배치를 ValueError로 거부하니, 똑같이 하세요.",
        ),
        overrides=(batchnorm_forward_train__no_single_row_check,),
    ),
    Mistake(
        id="batchnorm_eval_uses_batch_statistics",
        topic="batchnorm",
        title=Text(
            "evaluation mode normalises with the batch statistics",
            "평가 모드에서 배치 통계로 정규화함",
        ),
        explanation=Text(
            "At evaluation time the learned running_mean and running_var are used, so that a "
            "sample's output does not depend on the rest of its batch.",
            "평가(추론) 때는 학습 중에 모은 running_mean과 running_var를 씁니다. 그래야 한 "
            "샘플의 출력이 배치의 다른 샘플에 따라 달라지지 않습니다.",
        ),
        overrides=(batchnorm_forward_eval__batch_statistics,),
    ),
    Mistake(
        id="batchnorm_eval_divides_by_variance",
        topic="batchnorm",
        title=Text(
            "divided by the variance instead of the standard deviation",
            "표준편차 대신 분산으로 나눔",
        ),
        explanation=Text(
            "Normalising divides by the standard deviation sqrt(running_var + eps), not by "
            "the variance itself.",
            "정규화는 분산 자체가 아니라 표준편차 sqrt(running_var + eps)로 나눕니다.",
        ),
        overrides=(batchnorm_forward_eval__std_without_sqrt,),
    ),
    Mistake(
        id="batchnorm_backward_treats_mean_and_var_as_constants",
        topic="batchnorm",
        title=Text(
            "backward ignores the mean and variance paths",
            "역전파에서 평균과 분산을 거치는 경로를 빠뜨림",
        ),
        explanation=Text(
            "The batch mean and variance depend on every x in the batch, so dx has two more "
            "terms than dout * gamma / sqrt(var + eps).",
            "배치 평균과 분산은 배치의 모든 x에 따라 달라지므로, dx에는 dout * gamma / "
            "sqrt(var + eps) 외에 항이 두 개 더 있습니다.",
        ),
        overrides=(batchnorm_backward__mean_var_constant,),
    ),
    Mistake(
        id="batchnorm_backward_forgets_variance_path",
        topic="batchnorm",
        title=Text(
            "backward keeps the mean path but forgets the variance path",
            "역전파에서 평균 경로만 넣고 분산 경로를 빠뜨림",
        ),
        explanation=Text(
            "Besides - mean(dxhat), dx has the term - xhat * mean(dxhat * xhat), the gradient "
            "that flows through the batch variance.",
            "dx에는 - mean(dxhat) 말고도 배치 분산을 거쳐 흐르는 기울기 - xhat * "
            "mean(dxhat * xhat) 항이 있습니다.",
        ),
        overrides=(batchnorm_backward__forgets_variance_path,),
    ),
    Mistake(
        id="batchnorm_dgamma_summed_over_everything",
        topic="batchnorm",
        title=Text(
            "dgamma summed over all axes",
            "dgamma를 모든 축에 대해 더함",
        ),
        explanation=Text(
            "gamma has one entry per feature, so its gradient is summed over the batch only: "
            "(dout * xhat).sum(axis=0), shape (D,), not one number.",
            "gamma는 특성마다 값이 하나이므로 기울기도 배치 축으로만 더합니다: "
            "(dout * xhat).sum(axis=0), shape은 (D,)이고 숫자 하나가 아닙니다.",
        ),
        overrides=(batchnorm_backward__dgamma_sums_everything,),
    ),
    Mistake(
        id="batchnorm_dgamma_without_xhat",
        topic="batchnorm",
        title=Text("dgamma without the factor xhat", "dgamma에 xhat을 곱하지 않음"),
        explanation=Text(
            "out = gamma * xhat + beta, so d out / d gamma = xhat: dgamma sums dout * xhat, "
            "while dbeta sums dout alone.",
            "out = gamma * xhat + beta이므로 out을 gamma로 미분하면 xhat입니다: dgamma는 "
            "dout * xhat을 더하고, dbeta는 dout만 더합니다.",
        ),
        overrides=(batchnorm_backward__dgamma_without_xhat,),
    ),
    Mistake(
        id="batchnorm_dbeta_averaged",
        topic="batchnorm",
        title=Text("dbeta averaged instead of summed", "dbeta를 더하지 않고 평균 냄"),
        explanation=Text(
            "beta is added to each of the N rows, so the gradients of the rows add up: "
            "dout.sum(axis=0), not dout.mean(axis=0).",
            "beta는 N개의 행마다 더해지므로 행들의 기울기가 합쳐집니다: dout.mean(axis=0)이 "
            "아니라 dout.sum(axis=0)입니다.",
        ),
        overrides=(batchnorm_backward__dbeta_mean,),
    ),
    Mistake(
        id="layernorm_over_batch_axis",
        topic="batchnorm",
        title=Text(
            "layer norm computed over the batch axis (axis 0)",
            "레이어 정규화를 배치 축(0번 축)으로 계산함",
        ),
        explanation=Text(
            "That is batch norm: layer norm takes the mean and variance of each sample over "
            "its features (axis 1), so each row is normalised on its own, whatever the batch "
            "holds, and N = 1 works.",
            "그것은 배치 정규화입니다. 레이어 정규화는 각 샘플의 평균과 분산을 그 샘플의 특성들"
            "(1번 축)에 대해 구하므로, 배치에 무엇이 있든 각 행이 따로 정규화되고 N = 1이어도 "
            "됩니다.",
        ),
        overrides=(layernorm_forward__batch_axis, layernorm_backward__batch_axis),
    ),
    Mistake(
        id="layernorm_unbiased_variance",
        topic="batchnorm",
        title=Text(
            "layer norm with the unbiased variance (D - 1)",
            "불편 분산(D - 1로 나눔)으로 계산한 레이어 정규화",
        ),
        explanation=Text(
            "F.layer_norm divides by D, the number of features (the biased variance, "
            "x.var(axis=1)); ddof=1 divides by D - 1, and with D = 1 by zero.",
            "F.layer_norm은 특성 수 D로 나눕니다 (편향 분산, x.var(axis=1)). ddof=1은 D - 1로 "
            "나누고, D = 1이면 0으로 나눕니다.",
        ),
        overrides=(layernorm_forward__unbiased_variance,),
    ),
    Mistake(
        id="layernorm_eps_outside_sqrt",
        topic="batchnorm",
        title=Text(
            "layer norm with eps outside the square root",
            "레이어 정규화에서 eps를 제곱근 밖에서 더함",
        ),
        explanation=Text(
            "F.layer_norm divides by sqrt(var + eps), not std + eps; they differ most for "
            "rows whose variance is small compared with eps.",
            "F.layer_norm은 std + eps가 아니라 sqrt(var + eps)로 나눕니다. 분산이 eps에 비해 "
            "작은 행에서 차이가 가장 큽니다.",
        ),
        overrides=(layernorm_forward__eps_outside_sqrt,),
    ),
    Mistake(
        id="layernorm_forgets_eps",
        topic="batchnorm",
        title=Text("layer norm without eps", "eps를 빠뜨린 레이어 정규화"),
        explanation=Text(
            "A row whose values are all equal (or a row of one feature) has variance 0, and "
            "(x - mean) / std is 0/0 = nan; with sqrt(var + eps) its output is beta.",
            "값이 모두 같은 행(또는 특성이 하나뿐인 행)은 분산이 0이라 (x - mean) / std가 "
            "0/0 = nan이 됩니다. sqrt(var + eps)로 나누면 출력이 beta가 됩니다.",
        ),
        overrides=(layernorm_forward__no_eps,),
    ),
    Mistake(
        id="layernorm_statistics_without_keepdims",
        topic="batchnorm",
        title=Text(
            "row statistics without keepdims=True",
            "keepdims=True 없이 구한 행 통계",
        ),
        explanation=Text(
            "x.mean(axis=1) has shape (N,), and x - mean lines it up with the features (the "
            "last axis), not with the rows: a broadcasting error, an (N, N) result when "
            "D = 1, or wrong values when N = D; it only works by luck when N = 1. Keep the "
            "statistics as a column: x.mean(axis=1, keepdims=True), shape (N, 1).",
            "x.mean(axis=1)의 shape은 (N,)이라 x - mean에서 행이 아니라 특성(마지막 축)에 맞춰 "
            "브로드캐스팅됩니다: 브로드캐스팅 오류가 나거나, D = 1이면 결과가 (N, N)이 되고, "
            "N = D이면 값이 틀립니다. N = 1일 때만 우연히 맞습니다. 통계를 열 모양으로 "
            "유지하세요: x.mean(axis=1, keepdims=True), shape (N, 1).",
        ),
        overrides=(layernorm_forward__no_keepdims,),
    ),
    Mistake(
        id="layernorm_dgamma_dbeta_summed_over_features",
        topic="batchnorm",
        title=Text(
            "layer norm's dgamma and dbeta summed over the features (axis 1)",
            "레이어 정규화의 dgamma와 dbeta를 특성 축(1번 축)으로 더함",
        ),
        explanation=Text(
            "Layer norm's statistics are per row, but gamma and beta are per feature, shared "
            "by the rows: their gradients sum over the batch (axis 0), shape (D,).",
            "레이어 정규화의 통계는 행마다 구하지만, gamma와 beta는 특성마다 하나씩 있고 모든 "
            "행이 함께 씁니다: 기울기는 배치 축(0번 축)으로 더하고 shape은 (D,)입니다.",
        ),
        overrides=(layernorm_backward__params_summed_over_features,),
    ),
    Mistake(
        id="layernorm_backward_batch_count",
        topic="batchnorm",
        title=Text(
            "batch norm's dx formula with N where D belongs",
            "배치 정규화의 dx 식에서 D 대신 N을 씀",
        ),
        explanation=Text(
            "In layer norm the mean and variance average over the D features of a row, so "
            "the count in dx = inv_std / D * (D * dxhat - sum(dxhat) - xhat * sum(dxhat * "
            "xhat)) is D = x.shape[1], not the batch size N.",
            "레이어 정규화의 평균과 분산은 한 행의 D개 특성에 대한 평균이므로 dx = inv_std / "
            "D * (D * dxhat - sum(dxhat) - xhat * sum(dxhat * xhat))에서 나누는 수는 배치 "
            "크기 N이 아니라 D = x.shape[1]입니다.",
        ),
        overrides=(layernorm_backward__batch_count,),
    ),
    Mistake(
        id="layernorm_backward_treats_mean_and_var_as_constants",
        topic="batchnorm",
        title=Text(
            "layer norm's backward ignores the mean and variance paths",
            "레이어 정규화의 역전파에서 평균과 분산을 거치는 경로를 빠뜨림",
        ),
        explanation=Text(
            "Each row's mean and variance depend on every x of that row, so dx has two more "
            "terms than dout * gamma / sqrt(var + eps), with means along the row.",
            "각 행의 평균과 분산은 그 행의 모든 x에 따라 달라지므로, dx에는 dout * gamma / "
            "sqrt(var + eps) 외에 행을 따라 평균 낸 항이 두 개 더 있습니다.",
        ),
        overrides=(layernorm_backward__mean_var_constant,),
    ),
)


def batchnorm_forward_train__staged(
    x, gamma, beta, running_mean, running_var, momentum=0.1, eps=1e-5
):
    # Every node of the computation graph is kept for a step-by-step backward pass.
    n = x.shape[0]
    if n < 2:
        raise ValueError("batch norm in training needs N >= 2")
    mu = np.sum(x, axis=0) / n
    xmu = x - mu
    sq = xmu**2
    var = np.sum(sq, axis=0) / n
    sqrtvar = np.sqrt(var + eps)
    ivar = 1.0 / sqrtvar
    xhat = xmu * ivar
    out = gamma * xhat + beta
    new_mean = running_mean + momentum * (mu - running_mean)
    new_var = running_var + momentum * (np.sum(sq, axis=0) / (n - 1) - running_var)
    return out, new_mean, new_var, {"xhat": xhat, "gamma": gamma, "xmu": xmu, "ivar": ivar}


def batchnorm_backward__staged(dout, cache):
    xhat, gamma, xmu, ivar = cache["xhat"], cache["gamma"], cache["xmu"], cache["ivar"]
    n = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=0)
    dxhat = dout * gamma
    divar = np.sum(dxhat * xmu, axis=0)
    dxmu1 = dxhat * ivar
    dsqrtvar = -divar * ivar**2
    dvar = 0.5 * ivar * dsqrtvar
    dsq = np.ones_like(dout) * dvar / n
    dxmu2 = 2.0 * xmu * dsq
    dx1 = dxmu1 + dxmu2
    dmu = -np.sum(dx1, axis=0)
    dx2 = np.ones_like(dout) * dmu / n
    return dx1 + dx2, dgamma, dbeta


def batchnorm_forward_train__numpy_var(
    x, gamma, beta, running_mean, running_var, momentum=0.1, eps=1e-5
):
    if len(x) < 2:
        raise ValueError("a batch of one sample has no variance")
    mean = np.mean(x, axis=0)
    std = np.sqrt(np.var(x, axis=0) + eps)
    xhat = (x - mean) / std
    new_mean = (1 - momentum) * running_mean + momentum * mean
    new_var = (1 - momentum) * running_var + momentum * np.var(x, axis=0, ddof=1)
    return xhat * gamma + beta, new_mean, new_var, (x, gamma, mean, std)


def batchnorm_backward__compact(dout, cache):
    # dx = gamma / (N std) * (N dout - dbeta - xhat * dgamma), the folded formula.
    x, gamma, mean, std = cache
    n = x.shape[0]
    xhat = (x - mean) / std
    dbeta = dout.sum(axis=0)
    dgamma = np.einsum("nd,nd->d", dout, xhat)
    dx = gamma / (n * std) * (n * dout - dbeta - xhat * dgamma)
    return dx, dgamma, dbeta


def batchnorm_forward_eval__folded(x, gamma, beta, running_mean, running_var, eps=1e-5):
    # The affine map PyTorch itself uses in eval mode: x * scale + shift.
    scale = gamma / np.sqrt(running_var + eps)
    return x * scale + (beta - running_mean * scale)


def layernorm_forward__transposed_batchnorm(x, gamma, beta, eps=1e-5):
    # Layer norm is batch norm's normalisation of x.T (statistics over axis 0 of x.T),
    # transposed back, then the per-feature scale and shift.
    xt = x.T
    mu = np.mean(xt, axis=0)
    xmu = xt - mu
    var = np.mean(xmu**2, axis=0)
    std = np.sqrt(var + eps)
    xhat_t = xmu / std
    out = xhat_t.T * gamma + beta
    return out, {"xhat_t": xhat_t, "std": std, "gamma": gamma}


def layernorm_backward__transposed_staged(dout, cache):
    # Staged graph on the transposed layout: the batch-norm steps with D in the role of N.
    xhat_t, std, gamma = cache["xhat_t"], cache["std"], cache["gamma"]
    d = xhat_t.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat_t.T, axis=0)
    dxhat_t = (dout * gamma).T
    dvar = np.sum(dxhat_t * xhat_t, axis=0) * -0.5 / std**2
    dmu = -np.sum(dxhat_t, axis=0) / std
    dx_t = dxhat_t / std + dvar * 2.0 * xhat_t * std / d + dmu / d
    return dx_t.T, dgamma, dbeta


def layernorm_forward__np_var(x, gamma, beta, eps=1e-5):
    mean = np.mean(x, axis=-1, keepdims=True)
    std = np.sqrt(np.var(x, axis=-1, keepdims=True) + eps)
    return gamma * (x - mean) / std + beta, (x, gamma, mean, std)


def layernorm_backward__folded(dout, cache):
    # dx = gamma-weighted dxhat folded with the row sums: (D dxhat - sum - xhat sum) / (D std).
    x, gamma, mean, std = cache
    d = x.shape[-1]
    xhat = (x - mean) / std
    dxhat = dout * gamma
    dx = (
        d * dxhat
        - dxhat.sum(axis=-1, keepdims=True)
        - xhat * np.einsum("nd,nd->n", dxhat, xhat)[:, None]
    ) / (d * std)
    return dx, np.einsum("nd,nd->d", dout, xhat), dout.sum(axis=0)


ALTERNATIVES = (
    Alternative(
        id="batchnorm_staged_computation_graph",
        topic="batchnorm",
        why="step-by-step graph with a dict cache; running update as old + m * (new - old)",
        overrides=(batchnorm_forward_train__staged, batchnorm_backward__staged),
    ),
    Alternative(
        id="batchnorm_numpy_var_and_compact_backward",
        topic="batchnorm",
        why="np.var with ddof=1, the folded dx formula, einsum; eval as x * scale + shift",
        overrides=(
            batchnorm_forward_train__numpy_var,
            batchnorm_backward__compact,
            batchnorm_forward_eval__folded,
        ),
    ),
    Alternative(
        id="layernorm_transposed_batchnorm",
        topic="batchnorm",
        why="batch norm on x.T (CS231n's trick), a dict cache and a staged backward",
        overrides=(layernorm_forward__transposed_batchnorm, layernorm_backward__transposed_staged),
    ),
    Alternative(
        id="layernorm_np_var_and_folded_backward",
        topic="batchnorm",
        why="np.var over axis -1, the folded dx formula with D, einsum",
        overrides=(layernorm_forward__np_var, layernorm_backward__folded),
    ),
)

# Mutants of solutions/batchnorm.py that behave exactly like it (each argued in docs/mutation.md):
# the mutation run (grader/frontends/mutation.py) expects these, and only these, to survive.
EQUIVALENT_MUTANTS: tuple[str, ...] = ()


# What the second stage of diagnosis (grader/engine/explain/) says of these mistakes when
# the catalogue is left out: (mistake, property) -> (detector kind, its words), each read
# and judged a correct description of the mistake.  tests/test_explain.py checks that it
# says exactly this, so a new or changed detector is reviewed here again.
EXPLAINED = {
    ("batchnorm_momentum_reversed", "batchnorm_forward_train_running_mean_matches_torch"): (
        "argument",
        "Your output equals PyTorch's computed with `1 - momentum` in place of `momentum`, on every input checked.",
    ),
    ("batchnorm_momentum_reversed", "batchnorm_forward_train_running_var_matches_torch"): (
        "argument",
        "Your output equals PyTorch's computed with `1 - momentum` in place of `momentum`, on every input checked.",
    ),
    ("batchnorm_dbeta_averaged", "batchnorm_backward_dbeta_matches_autograd"): (
        "ratio",
        "Your output is exactly `1 / x.shape[0]` times PyTorch's on every input checked (on the input shown, `1 / x.shape[0]` = 0.5).",
    ),
    ("layernorm_forgets_eps", "layernorm_forward_matches_torch"): (
        "argument",
        "Your output equals PyTorch's computed with `eps` = 0 instead of the value given, on every input checked. That is as if `eps` were not used.",
    ),
}
