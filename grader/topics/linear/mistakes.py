"""Known mistakes and alternative correct solutions for linear.py.

Backward mistakes reuse the reference's cache layout, (x, w).  Most forward and backward
mistakes come from carrying over the (in, out) layout of CS231n's affine layer and of
밑바닥부터 시작하는 딥러닝's Affine class (x @ W, dx = dout @ W.T, dW = x.T @ dout,
db = dout.sum(axis=0), with x flattened to (N, D)), which the course notes' readers know.
"""

import numpy as np

from grader.define.catalogue import Alternative, Mistake
from grader.define.i18n import Text

# --- linear_forward ----------------------------------------------------------------------


def linear_forward__in_out_layout(x, w, b):
    return x @ w + b, (x, w)


def linear_forward__no_bias(x, w, b):
    return x @ w.T, (x, w)


def linear_forward__flattens_to_batch(x, w, b):
    out = x.reshape(x.shape[0], -1) @ w.T + b
    return out, (x, w)


def linear_forward__leading_dims_not_restored(x, w, b):
    out = x.reshape(-1, x.shape[-1]) @ w.T + b
    return out, (x, w)


# --- linear_backward ---------------------------------------------------------------------


def linear_backward__dx_transposed_w(dout, cache):
    x, w = cache
    x_rows = x.reshape(-1, w.shape[1])
    dout_rows = dout.reshape(-1, w.shape[0])
    return dout @ w.T, dout_rows.T @ x_rows, dout_rows.sum(axis=0)


def linear_backward__dx_left_flat(dout, cache):
    x, w = cache
    x_rows = x.reshape(-1, w.shape[1])
    dout_rows = dout.reshape(-1, w.shape[0])
    return dout_rows @ w, dout_rows.T @ x_rows, dout_rows.sum(axis=0)


def linear_backward__dw_in_out_layout(dout, cache):
    x, w = cache
    x_rows = x.reshape(-1, w.shape[1])
    dout_rows = dout.reshape(-1, w.shape[0])
    return dout @ w, x_rows.T @ dout_rows, dout_rows.sum(axis=0)


def linear_backward__dw_two_dims_only(dout, cache):
    x, w = cache
    dout_rows = dout.reshape(-1, w.shape[0])
    return dout @ w, dout.T @ x, dout_rows.sum(axis=0)


def linear_backward__dw_not_summed(dout, cache):
    x, w = cache
    dout_rows = dout.reshape(-1, w.shape[0])
    dw = dout[..., :, None] * x[..., None, :]
    return dout @ w, dw, dout_rows.sum(axis=0)


def linear_backward__db_mean(dout, cache):
    x, w = cache
    x_rows = x.reshape(-1, w.shape[1])
    dout_rows = dout.reshape(-1, w.shape[0])
    return dout @ w, dout_rows.T @ x_rows, dout_rows.mean(axis=0)


def linear_backward__db_axis0_only(dout, cache):
    x, w = cache
    x_rows = x.reshape(-1, w.shape[1])
    dout_rows = dout.reshape(-1, w.shape[0])
    return dout @ w, dout_rows.T @ x_rows, dout.sum(axis=0)


# --- linear_param_count ------------------------------------------------------------------


def linear_param_count__weights_only(in_features, out_features, bias=True):
    if in_features < 0 or out_features < 0:
        raise ValueError("negative size")
    return in_features * out_features


def linear_param_count__bias_per_input(in_features, out_features, bias=True):
    if in_features < 0 or out_features < 0:
        raise ValueError("negative size")
    return in_features * out_features + (in_features if bias else 0)


def linear_param_count__ignores_bias_flag(in_features, out_features, bias=True):
    if in_features < 0 or out_features < 0:
        raise ValueError("negative size")
    return (in_features + 1) * out_features


def linear_param_count__no_size_check(in_features, out_features, bias=True):
    return (in_features + int(bias)) * out_features


def linear_param_count__refuses_zero(in_features, out_features, bias=True):
    if in_features < 1 or out_features < 1:
        raise ValueError("sizes must be positive")
    return (in_features + int(bias)) * out_features


def linear_param_count__numpy_integer(in_features, out_features, bias=True):
    if in_features < 0 or out_features < 0:
        raise ValueError("negative size")
    return np.prod([in_features + int(bias), out_features])


MISTAKES = (
    Mistake(
        id="linear_in_out_layout",
        topic="linear",
        title=Text(
            "x @ w: w used as (in_features, out_features)",
            "x @ w: w를 (in_features, out_features)로 씀",
        ),
        explanation=Text(
            "torch.nn.Linear stores its weight as (out_features, in_features), one row per "
            "output, so the layer computes x @ w.T + b. x @ w is CS231n's affine layer, "
            "whose w is (in, out); with a square w it runs without a shape error and gives "
            "wrong numbers.",
            "torch.nn.Linear는 가중치를 출력마다 한 행씩 (out_features, in_features)로 "
            "저장하므로 계층은 x @ w.T + b를 계산합니다. x @ w는 w가 (in, out)인 CS231n "
            "affine 계층의 식이고, w가 정사각 행렬이면 shape 오류 없이 틀린 값을 냅니다.",
        ),
        overrides=(linear_forward__in_out_layout,),
    ),
    Mistake(
        id="linear_forgets_bias",
        topic="linear",
        title=Text("bias b not added", "bias b를 더하지 않음"),
        explanation=Text(
            "A linear layer is an affine map: x @ w.T + b. Without b every output is forced "
            "through 0 when x = 0.",
            "선형 계층은 x @ w.T + b입니다. b를 빠뜨리면 x = 0일 때 출력이 늘 0이 됩니다.",
        ),
        overrides=(linear_forward__no_bias,),
    ),
    Mistake(
        id="linear_flattens_to_batch_of_vectors",
        topic="linear",
        title=Text(
            "x flattened to (N, -1) as in CS231n's affine layer",
            "CS231n affine 계층처럼 x를 (N, -1)로 펼침",
        ),
        explanation=Text(
            "CS231n flattens each sample to one vector, x.reshape(N, -1). torch.nn.Linear "
            "does not: it acts on the last axis only and keeps every leading dimension, and "
            "a single sample of shape (in_features,) has no N axis at all.",
            "CS231n은 샘플마다 벡터 하나로 x.reshape(N, -1)처럼 펼칩니다. torch.nn.Linear는 "
            "펼치지 않고 마지막 축에만 작용하면서 앞쪽 차원을 모두 그대로 둡니다. shape이 "
            "(in_features,)인 샘플 하나에는 N 축이 아예 없습니다.",
        ),
        overrides=(linear_forward__flattens_to_batch,),
    ),
    Mistake(
        id="linear_leading_dimensions_not_restored",
        topic="linear",
        title=Text(
            "out left as (rows, out_features): leading dimensions lost",
            "out을 (행 수, out_features)로 둠: 앞쪽 차원이 사라짐",
        ),
        explanation=Text(
            "Flattening x to x.reshape(-1, in_features) is fine for the product, but out "
            "must have x's leading dimensions again: reshape it to x.shape[:-1] + "
            "(out_features,) (a single sample gives shape (out_features,), not (1, "
            "out_features)).",
            "곱셈을 위해 x.reshape(-1, in_features)로 펼치는 것은 괜찮지만, out은 다시 x의 "
            "앞쪽 차원을 가져야 합니다: x.shape[:-1] + (out_features,)로 reshape하세요 "
            "(샘플 하나이면 (1, out_features)가 아니라 (out_features,)).",
        ),
        overrides=(linear_forward__leading_dims_not_restored,),
    ),
    Mistake(
        id="linear_dx_uses_w_transposed",
        topic="linear",
        title=Text("dx = dout @ w.T", "dx = dout @ w.T로 계산함"),
        explanation=Text(
            "dout @ w.T is the input gradient of the (in, out) layout. Here out = x @ w.T, "
            "so dx = dout @ w. With a square w the wrong one has the right shape and wrong "
            "values.",
            "dout @ w.T는 (in, out) 배치일 때의 입력 기울기입니다. 여기서는 out = x @ w.T이므로 "
            "dx = dout @ w입니다. w가 정사각 행렬이면 틀린 식도 shape은 맞고 값만 틀립니다.",
        ),
        overrides=(linear_backward__dx_transposed_w,),
    ),
    Mistake(
        id="linear_dx_left_flat",
        topic="linear",
        title=Text(
            "dx left as (rows, in_features) instead of x's shape",
            "dx를 x의 shape이 아니라 (행 수, in_features)로 둠",
        ),
        explanation=Text(
            "The gradient of x must have x's shape: after computing with flattened rows, "
            "reshape dx back to x.shape (or use dout @ w, which keeps the leading "
            "dimensions).",
            "x의 기울기는 x와 shape이 같아야 합니다. 펼친 행으로 계산했다면 dx를 x.shape으로 "
            "되돌리세요 (또는 앞쪽 차원을 그대로 두는 dout @ w를 쓰세요).",
        ),
        overrides=(linear_backward__dx_left_flat,),
    ),
    Mistake(
        id="linear_dw_in_out_layout",
        topic="linear",
        title=Text(
            "dw = x.T @ dout: the transpose of PyTorch's weight gradient",
            "dw = x.T @ dout: PyTorch weight 기울기의 전치",
        ),
        explanation=Text(
            "x.T @ dout has shape (in_features, out_features), the layout of CS231n's w. "
            "The gradient of w has w's shape (out_features, in_features): dw = dout.T @ x "
            "(on the flattened rows).",
            "x.T @ dout의 shape은 CS231n의 w와 같은 (in_features, out_features)입니다. w의 "
            "기울기는 w와 같은 shape (out_features, in_features)이어야 하므로, 펼친 행으로 "
            "dw = dout.T @ x를 구합니다.",
        ),
        overrides=(linear_backward__dw_in_out_layout,),
    ),
    Mistake(
        id="linear_dw_only_for_two_dimensional_x",
        topic="linear",
        title=Text(
            "dw = dout.T @ x on x as given: right only for x of shape (N, in_features)",
            "x를 그대로 두고 dw = dout.T @ x: x가 (N, in_features)일 때만 맞음",
        ),
        explanation=Text(
            ".T reverses every axis, so dout.T @ x is the weight gradient only when x is "
            "2-D. For a single sample it is a dot product, and with several leading "
            "dimensions the axes do not line up. Flatten the leading dimensions first: "
            "dout.reshape(-1, out_features).T @ x.reshape(-1, in_features).",
            ".T는 모든 축을 뒤집으므로 dout.T @ x는 x가 2차원일 때만 weight 기울기입니다. 샘플 "
            "하나이면 내적이 되고, 앞쪽 차원이 여럿이면 축이 맞지 않습니다. 앞쪽 차원을 먼저 "
            "펼치세요: dout.reshape(-1, out_features).T @ x.reshape(-1, in_features).",
        ),
        overrides=(linear_backward__dw_two_dims_only,),
    ),
    Mistake(
        id="linear_dw_not_summed_over_samples",
        topic="linear",
        title=Text(
            "dw per sample: the outer products are not summed",
            "샘플마다 dw를 따로 구하고 outer product를 더하지 않음",
        ),
        explanation=Text(
            "Every sample (and every position of the leading dimensions) uses the same w, "
            "so their gradients add up: dw has w's shape (out_features, in_features), not "
            "one matrix per sample.",
            "모든 샘플(앞쪽 차원의 모든 위치)이 같은 w를 쓰므로 기울기는 모두 더해집니다. "
            "dw의 shape은 샘플마다 행렬 하나가 아니라 w와 같은 (out_features, in_features)"
            "입니다.",
        ),
        overrides=(linear_backward__dw_not_summed,),
    ),
    Mistake(
        id="linear_db_averaged",
        topic="linear",
        title=Text("db averaged over the samples", "db를 샘플에 대해 평균 냄"),
        explanation=Text(
            "b is added to every sample's output, so its gradient is the SUM of dout over "
            "the samples. Any averaging over the batch belongs to the loss, which already "
            "put it into dout.",
            "b는 모든 샘플의 출력에 더해지므로 기울기는 샘플에 대한 dout의 합입니다. 배치 평균은 "
            "손실 함수에서 이미 dout에 들어가 있습니다.",
        ),
        overrides=(linear_backward__db_mean,),
    ),
    Mistake(
        id="linear_db_sums_axis0_only",
        topic="linear",
        title=Text(
            "db = dout.sum(axis=0): right only for dout of shape (N, out_features)",
            "db = dout.sum(axis=0): dout이 (N, out_features)일 때만 맞음",
        ),
        explanation=Text(
            "axis 0 is the batch axis only when there is exactly one leading dimension. "
            "With several, db must sum over all of them; for a single sample (no leading "
            "dimension) db is dout itself, and sum(axis=0) adds the outputs together.",
            "0번 축은 앞쪽 차원이 딱 하나일 때만 배치 축입니다. 앞쪽 차원이 여럿이면 모두 "
            "더해야 하고, 샘플 하나(앞쪽 차원 없음)이면 db는 dout 그대로인데 sum(axis=0)은 "
            "출력끼리 더해 버립니다.",
        ),
        overrides=(linear_backward__db_axis0_only,),
    ),
    Mistake(
        id="linear_param_count_without_bias",
        topic="linear",
        title=Text(
            "parameters counted without the bias",
            "bias를 빼고 파라미터를 셈",
        ),
        explanation=Text(
            "in_features * out_features counts the weight only. With bias=True (the "
            "default, in PyTorch and Keras) each output also has one bias: (in_features + "
            "1) * out_features, which gives the notes' 3,211,776 for Dense(512) on "
            "7 x 7 x 128 inputs.",
            "in_features * out_features는 가중치만 센 것입니다. bias=True(PyTorch와 Keras의 "
            "기본값)이면 출력마다 bias가 하나씩 더 있습니다: (in_features + 1) * out_features. "
            "강의 노트의 Dense(512)에 7 x 7 x 128 입력이면 3,211,776입니다.",
        ),
        overrides=(linear_param_count__weights_only,),
    ),
    Mistake(
        id="linear_param_count_bias_per_input",
        topic="linear",
        title=Text(
            "one bias per input instead of per output",
            "bias를 출력이 아니라 입력마다 하나씩 셈",
        ),
        explanation=Text(
            "The bias is added to the outputs, so it has out_features entries, not "
            "in_features: in_features * out_features + out_features.",
            "bias는 출력에 더해지므로 개수는 in_features가 아니라 out_features입니다: "
            "in_features * out_features + out_features.",
        ),
        overrides=(linear_param_count__bias_per_input,),
    ),
    Mistake(
        id="linear_param_count_ignores_bias_flag",
        topic="linear",
        title=Text(
            "bias counted even when bias=False",
            "bias=False인데도 bias를 셈",
        ),
        explanation=Text(
            "torch.nn.Linear(..., bias=False) has no bias parameter: only the "
            "in_features * out_features weights.",
            "torch.nn.Linear(..., bias=False)에는 bias 파라미터가 없습니다: 가중치 "
            "in_features * out_features개뿐입니다.",
        ),
        overrides=(linear_param_count__ignores_bias_flag,),
    ),
    Mistake(
        id="linear_param_count_accepts_negative_sizes",
        topic="linear",
        title=Text(
            "negative sizes not refused",
            "음수 크기를 거부하지 않음",
        ),
        explanation=Text(
            "PyTorch cannot build a layer with a negative in_features or out_features and "
            "refuses it; the formula alone happily returns a number (two negatives even "
            "multiply to a positive count). Raise ValueError for negative sizes.",
            "PyTorch는 in_features나 out_features가 음수인 계층을 만들 수 없어서 거부하지만, "
            "식은 그냥 숫자를 돌려줍니다 (음수 둘을 곱하면 양수 개수까지 나옵니다). 음수 "
            "크기에는 ValueError를 일으키세요.",
        ),
        overrides=(linear_param_count__no_size_check,),
    ),
    Mistake(
        id="linear_param_count_refuses_zero",
        topic="linear",
        title=Text(
            "size 0 refused, although PyTorch accepts it",
            "PyTorch가 허용하는 크기 0을 거부함",
        ),
        explanation=Text(
            "torch.nn.Linear(0, 5) and torch.nn.Linear(5, 0) are valid layers with an "
            "empty weight (the first still has 5 biases). Refuse only negative sizes.",
            "torch.nn.Linear(0, 5)와 torch.nn.Linear(5, 0)은 가중치가 비어 있을 뿐 올바른 "
            "계층입니다 (앞의 것은 bias가 5개 있음). 음수 크기만 거부하세요.",
        ),
        overrides=(linear_param_count__refuses_zero,),
    ),
    Mistake(
        id="linear_param_count_returns_numpy_integer",
        topic="linear",
        title=Text(
            "count returned as a NumPy integer (np.prod)",
            "개수를 NumPy 정수(np.prod)로 돌려줌",
        ),
        explanation=Text(
            "np.prod returns a NumPy integer (np.int64), which silently wraps around past "
            "2**63; the contract asks for a Python int, as "
            "sum(p.numel() for p in layer.parameters()) gives. Use * on ints, or int(...).",
            "np.prod는 NumPy 정수(np.int64)를 돌려주는데, 이 값은 2**63을 넘으면 경고 없이 "
            "넘쳐 버립니다. 약속한 반환형은 sum(p.numel() for p in layer.parameters())처럼 "
            "파이썬 int입니다. int끼리 *를 쓰거나 int(...)로 바꾸세요.",
        ),
        overrides=(linear_param_count__numpy_integer,),
    ),
)


# --- alternative correct solutions -------------------------------------------------------


def linear_forward__einsum(x, w, b):
    return np.einsum("...i,oi->...o", x, w) + b, (x, w, b)


def linear_backward__einsum(dout, cache):
    x, w, _ = cache
    lead = "".join("abcdefgh"[: x.ndim - 1])
    dw = np.einsum(f"{lead}o,{lead}i->oi", dout, x)
    db = np.einsum(f"{lead}o->o", dout)
    return np.einsum("...o,oi->...i", dout, w), dw, db


def linear_forward__rows(x, w, b):
    rows = x.reshape(-1, x.shape[-1])
    out = rows @ w.T + b
    return out.reshape(*x.shape[:-1], w.shape[0]), {"x": x.copy(), "w": w.copy()}


def linear_backward__rows(dout, cache):
    x, w = cache["x"], cache["w"]
    x_rows = x.reshape(-1, w.shape[1])
    dout_rows = dout.reshape(-1, w.shape[0])
    dx = (dout_rows @ w).reshape(x.shape)
    return dx, dout_rows.T @ x_rows, dout_rows.sum(axis=0)


def linear_forward__rows_and_loop(x, w, b):
    rows = np.atleast_2d(x).reshape(-1, w.shape[1])
    out = np.empty((rows.shape[0], w.shape[0]))
    for j in range(w.shape[0]):
        out[:, j] = rows @ w[j] + b[j]
    return out.reshape(x.shape[:-1] + (w.shape[0],)), (x, w)


def linear_backward__rows_and_loop(dout, cache):
    x, w = cache
    x_rows = x.reshape(-1, w.shape[1])
    dout_rows = dout.reshape(-1, w.shape[0])
    dw = np.zeros_like(w)
    db = np.zeros(w.shape[0])
    for i in range(x_rows.shape[0]):
        dw += np.outer(dout_rows[i], x_rows[i])
        db += dout_rows[i]
    return (dout_rows @ w).reshape(x.shape), dw, db


def linear_forward__tensordot(x, w, b):
    return np.tensordot(x, w, axes=([-1], [1])) + b, (x.copy(), w.copy())


def linear_backward__tensordot_rows(dout, cache):
    x, w = cache
    n_out, n_in = w.shape
    dout_rows, x_rows = dout.reshape(-1, n_out), x.reshape(-1, n_in)
    dx = np.tensordot(dout, w, axes=([-1], [0]))
    dw = np.tensordot(dout_rows, x_rows, axes=(0, 0))
    db = np.add.reduce(dout_rows, axis=0)
    return dx, dw, db


def linear_param_count__bool_times_int(in_features, out_features, bias=True):
    if in_features < 0 or out_features < 0:
        raise ValueError(f"negative size: {in_features}, {out_features}")
    return in_features * out_features + bias * out_features


def linear_param_count__bias_as_int(in_features, out_features, bias=True):
    if min(in_features, out_features) < 0:
        raise ValueError("in_features and out_features must be >= 0")
    return (in_features + int(bias)) * out_features


def linear_param_count__shapes(in_features, out_features, bias=True):
    if in_features < 0:
        raise ValueError("in_features < 0")
    if out_features < 0:
        raise ValueError("out_features < 0")
    shapes = [(out_features, in_features)] + ([(out_features,)] if bias else [])
    return sum(int(np.prod(shape)) for shape in shapes)


def linear_param_count__dict_of_parts(in_features, out_features, bias=True):
    if in_features < 0 or out_features < 0:
        raise ValueError("negative size")
    parts = {"weight": in_features * out_features, "bias": out_features}
    return sum(n for name, n in parts.items() if name == "weight" or bias)


ALTERNATIVES = (
    Alternative(
        id="linear_einsum",
        topic="linear",
        why="np.einsum with an explicit subscript per leading dimension; b kept in the cache",
        overrides=(
            linear_forward__einsum,
            linear_backward__einsum,
            linear_param_count__bias_as_int,
        ),
    ),
    Alternative(
        id="linear_reshape_to_rows",
        topic="linear",
        why="leading axes flattened into rows and reshaped back; a dict cache of copies",
        overrides=(
            linear_forward__rows,
            linear_backward__rows,
            linear_param_count__shapes,
        ),
    ),
    Alternative(
        id="linear_rows_and_loops",
        topic="linear",
        why="flattened rows, loops over outputs and samples, reshaped back; a dict of parts",
        overrides=(
            linear_forward__rows_and_loop,
            linear_backward__rows_and_loop,
            linear_param_count__dict_of_parts,
        ),
    ),
    Alternative(
        id="linear_tensordot",
        topic="linear",
        why="np.tensordot on the last axis and on flattened rows; np.add.reduce; bool * int",
        overrides=(
            linear_forward__tensordot,
            linear_backward__tensordot_rows,
            linear_param_count__bool_times_int,
        ),
    ),
)

# Mutants of solutions/linear.py that behave exactly like it (each argued in docs/mutation.md):
# the mutation run (grader/frontends/mutation.py) expects these, and only these, to survive.
EQUIVALENT_MUTANTS: tuple[str, ...] = ()


# What the second stage of diagnosis (grader/engine/explain/) says of these mistakes when
# the catalogue is left out: (mistake, property) -> (detector kind, its words), each read
# and judged a correct description of the mistake.  tests/test_explain.py checks that it
# says exactly this, so a new or changed detector is reviewed here again.
EXPLAINED = {
    ("linear_forgets_bias", "linear_forward_matches_torch"): (
        "offset",
        "Your output is PyTorch's minus `b` on every input checked.",
    ),
    ("linear_leading_dimensions_not_restored", "linear_forward_matches_torch"): (
        "form",
        "Your numbers are right and in the right order, but in shape (1, 2): reshaped to (2,), they equal PyTorch's on every input checked.",
    ),
    ("linear_dx_left_flat", "linear_backward_dx_matches_autograd"): (
        "form",
        "Your numbers are right and in the right order, but in shape (1, 2): reshaped to (2,), they equal PyTorch's on every input checked.",
    ),
    ("linear_dw_in_out_layout", "linear_backward_dw_matches_autograd"): (
        "form",
        "Your output is the transpose of PyTorch's (`yours.T` equals PyTorch's) on every input checked.",
    ),
}
