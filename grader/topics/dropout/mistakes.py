"""Known mistakes and alternative correct solutions for dropout.py.

Each override replaces one function of solutions/dropout.py (whose helpers ``_check_p``
and ``_keep_mask`` it may use); the reference caches the factor each element was
multiplied by, so ``dropout_backward`` there is ``dout * cache``.
"""

import numpy as np

from grader.define.catalogue import Alternative, Mistake
from grader.define.i18n import Text

# --- Mistakes ------------------------------------------------------------------------------


def dropout_forward__p_is_keep_probability(x, p, train, rng):
    _check_p(p)  # noqa: F821 (defined in the solution module this is appended to)
    factor = (rng.random(x.shape) < p).astype(np.float64) if train else p
    return x * factor, factor


def inverted_dropout_forward__p_is_keep_probability(x, p, train, rng):
    _check_p(p)  # noqa: F821
    if not train:
        return x.copy(), 1.0
    keep = rng.random(x.shape) < p
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = keep / p
    return x * factor, factor


def inverted_dropout_forward__no_rescale(x, p, train, rng):
    _check_p(p)  # noqa: F821
    if not train:
        return x.copy(), 1.0
    factor = _keep_mask(x, p, rng).astype(np.float64)  # noqa: F821
    return x * factor, factor


def dropout_forward__rescales(x, p, train, rng):
    _check_p(p)  # noqa: F821
    if not train:
        return x * (1.0 - p), 1.0 - p
    keep = _keep_mask(x, p, rng)  # noqa: F821
    factor = keep / (1.0 - p) if p < 1.0 else np.zeros(x.shape)
    return x * factor, factor


def inverted_dropout_forward__eval_applies_mask(x, p, train, rng):
    _check_p(p)  # noqa: F821
    keep = _keep_mask(x, p, rng)  # noqa: F821
    factor = keep / (1.0 - p) if p < 1.0 else np.zeros(x.shape)
    return x * factor, factor


def dropout_forward__eval_not_scaled(x, p, train, rng):
    _check_p(p)  # noqa: F821
    factor = _keep_mask(x, p, rng).astype(np.float64) if train else 1.0  # noqa: F821
    return x * factor, factor


def inverted_dropout_forward__eval_scaled_by_keep_probability(x, p, train, rng):
    _check_p(p)  # noqa: F821
    if not train:
        return x * (1.0 - p), 1.0 - p
    keep = _keep_mask(x, p, rng)  # noqa: F821
    factor = keep / (1.0 - p) if p < 1.0 else np.zeros(x.shape)
    return x * factor, factor


def inverted_dropout_forward__global_random_state(x, p, train, rng):
    _check_p(p)  # noqa: F821
    if not train:
        return x.copy(), 1.0
    keep = np.random.rand(*x.shape) >= p
    factor = keep / (1.0 - p) if p < 1.0 else np.zeros(x.shape)
    return x * factor, factor


def inverted_dropout_forward__fixed_seed(x, p, train, rng):
    _check_p(p)  # noqa: F821
    if not train:
        return x.copy(), 1.0
    keep = np.random.default_rng(0).random(x.shape) >= p
    factor = keep / (1.0 - p) if p < 1.0 else np.zeros(x.shape)
    return x * factor, factor


def dropout_forward__one_mask_per_row(x, p, train, rng):
    _check_p(p)  # noqa: F821
    if not train:
        return x * (1.0 - p), 1.0 - p
    # One mask over the last axis, broadcast to every row: units are not independent.
    factor = (rng.random(x.shape[-1]) >= p) * np.ones(x.shape)
    return x * factor, factor


def inverted_dropout_forward__nan_at_p_one(x, p, train, rng):
    _check_p(p)  # noqa: F821
    if not train:
        return x.copy(), 1.0
    keep = _keep_mask(x, p, rng)  # noqa: F821
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = keep / (1.0 - p)
        return x * factor, factor


def dropout_backward__forgets_scale(dout, cache):
    # Uses where the forward kept elements, but not by how much it scaled them.
    return dout * (np.asarray(cache) != 0)


def dropout_forward__caches_rng(x, p, train, rng):
    _check_p(p)  # noqa: F821
    factor = _keep_mask(x, p, rng).astype(np.float64) if train else 1.0 - p  # noqa: F821
    return x * factor, ("vanilla", train, p, rng)


def inverted_dropout_forward__caches_rng(x, p, train, rng):
    _check_p(p)  # noqa: F821
    if not train:
        return x.copy(), ("inverted", train, p, rng)
    keep = _keep_mask(x, p, rng)  # noqa: F821
    factor = keep / (1.0 - p) if p < 1.0 else np.zeros(x.shape)
    return x * factor, ("inverted", train, p, rng)


def dropout_backward__draws_new_mask(dout, cache):
    kind, train, p, rng = cache
    if not train:
        return dout * ((1.0 - p) if kind == "vanilla" else 1.0)
    keep = rng.random(dout.shape) >= p  # a fresh mask, not the forward's
    if kind == "vanilla":
        return dout * keep
    return dout * keep / (1.0 - p) if p < 1.0 else np.zeros(dout.shape)


def dropout_forward__no_value_error(x, p, train, rng):
    factor = _keep_mask(x, p, rng).astype(np.float64) if train else 1.0 - p  # noqa: F821
    return x * factor, factor


def inverted_dropout_forward__assert_instead_of_value_error(x, p, train, rng):
    assert 0.0 <= p <= 1.0, "p must be in [0, 1]"
    if not train:
        return x.copy(), 1.0
    keep = _keep_mask(x, p, rng)  # noqa: F821
    factor = keep / (1.0 - p) if p < 1.0 else np.zeros(x.shape)
    return x * factor, factor


def inverted_dropout_forward__in_place(x, p, train, rng):
    _check_p(p)  # noqa: F821
    if not train:
        return x, 1.0
    keep = _keep_mask(x, p, rng)  # noqa: F821
    factor = keep / (1.0 - p) if p < 1.0 else np.zeros(x.shape)
    x *= factor
    return x, factor


def _mistake(id: str, title: Text, explanation: Text, *overrides) -> Mistake:
    return Mistake(
        id=id, topic="dropout", title=title, explanation=explanation, overrides=overrides
    )


MISTAKES = (
    _mistake(
        "dropout_p_is_keep_probability_vanilla",
        Text("p taken as the keep probability (vanilla)", "p를 남길 확률로 씀 (바닐라)"),
        Text(
            "In PyTorch (and in this kit) p is the probability of dropping; the 2014 paper's "
            "p is the probability of keeping. Keep with probability 1 - p and multiply by "
            "(1 - p) at test time.",
            "PyTorch(와 이 과제)에서 p는 버릴 확률이고, 2014년 논문의 p는 남길 확률입니다. "
            "확률 1 - p로 남기고, 추론 때는 (1 - p)를 곱하세요.",
        ),
        dropout_forward__p_is_keep_probability,
    ),
    _mistake(
        "dropout_p_is_keep_probability_inverted",
        Text("p taken as the keep probability (inverted)", "p를 남길 확률로 씀 (inverted)"),
        Text(
            "torch.nn.Dropout(p) drops with probability p and divides kept units by 1 - p; "
            "keeping with probability p and dividing by p is the paper's notation, not PyTorch's.",
            "torch.nn.Dropout(p)는 확률 p로 버리고 남은 원소를 1 - p로 나눕니다. 확률 p로 "
            "남기고 p로 나누는 것은 PyTorch가 아니라 논문의 표기입니다.",
        ),
        inverted_dropout_forward__p_is_keep_probability,
    ),
    _mistake(
        "inverted_dropout_does_not_rescale",
        Text("inverted dropout without rescaling", "크기 조정을 빠뜨린 inverted dropout"),
        Text(
            "Inverted dropout divides kept units by 1 - p during training so that the expected "
            "output equals x; without it, evaluation (the identity) sees larger activations "
            "than training did.",
            "inverted dropout은 학습 때 남은 원소를 1 - p로 나눠서 출력의 기댓값을 x로 맞춥니다. "
            "이것이 없으면 평가(항등 함수) 때의 활성값이 학습 때보다 커집니다.",
        ),
        inverted_dropout_forward__no_rescale,
    ),
    _mistake(
        "vanilla_dropout_rescales",
        Text("vanilla dropout rescaled while training", "학습 때 크기를 조정한 바닐라 dropout"),
        Text(
            "The paper's vanilla dropout leaves kept units as they are during training and "
            "multiplies by 1 - p at test time; dividing by 1 - p while training is inverted "
            "dropout, and doing both corrects twice.",
            "논문의 바닐라 dropout은 학습 때 남은 원소를 그대로 두고 추론 때 1 - p를 곱합니다. "
            "학습 때 1 - p로 나누는 것은 inverted dropout이고, 둘 다 하면 두 번 보정하게 됩니다.",
        ),
        dropout_forward__rescales,
    ),
    _mistake(
        "inverted_dropout_masks_in_eval",
        Text("a random mask in evaluation mode", "평가 모드에서도 무작위 마스크를 씀"),
        Text(
            "With model.eval() dropout is switched off: every unit is used and inverted "
            "dropout returns x unchanged.",
            "model.eval()에서는 dropout을 쓰지 않습니다: 모든 뉴런을 쓰고 inverted dropout은 "
            "x를 그대로 돌려줍니다.",
        ),
        inverted_dropout_forward__eval_applies_mask,
    ),
    _mistake(
        "vanilla_dropout_eval_not_scaled",
        Text(
            "vanilla dropout's evaluation not multiplied by 1 - p",
            "바닐라 dropout의 추론에서 1 - p를 곱하지 않음",
        ),
        Text(
            "At test time vanilla dropout multiplies every unit by the keep probability 1 - p, "
            "which averages the thinned networks seen in training (like an ensemble).",
            "추론 때 바닐라 dropout은 모든 뉴런에 남길 확률 1 - p를 곱합니다. 학습 때 본 여러 "
            "작은 네트워크의 평균(앙상블)을 내는 효과입니다.",
        ),
        dropout_forward__eval_not_scaled,
    ),
    _mistake(
        "inverted_dropout_eval_scaled",
        Text("inverted dropout scaled again in evaluation", "inverted dropout을 추론 때 또 조정함"),
        Text(
            "Inverted dropout has already rescaled during training; multiplying by 1 - p at "
            "test time as well mixes the two conventions.",
            "inverted dropout은 학습 때 이미 크기를 조정했습니다. 추론 때 1 - p를 또 곱하면 두 "
            "방식을 섞은 것입니다.",
        ),
        inverted_dropout_forward__eval_scaled_by_keep_probability,
    ),
    _mistake(
        "dropout_uses_global_random_state",
        Text("mask from np.random's global state", "np.random 전역 상태로 만든 마스크"),
        Text(
            "np.random.rand ignores the rng you were given, so the same seed does not give "
            "the same mask and runs cannot be reproduced or checked.",
            "np.random.rand는 인자로 받은 rng를 무시하므로 같은 seed로도 같은 마스크가 나오지 "
            "않고, 실행을 재현하거나 검사할 수 없습니다.",
        ),
        inverted_dropout_forward__global_random_state,
    ),
    _mistake(
        "dropout_fixed_seed",
        Text("a fixed seed inside the function", "함수 안에서 고정한 seed"),
        Text(
            "np.random.default_rng(0) inside the function gives every call (every batch) the "
            "same mask; dropout needs a new mask per batch, drawn from the rng argument.",
            "함수 안의 np.random.default_rng(0)은 매번 (매 batch마다) 같은 마스크를 냅니다. "
            "dropout은 batch마다 인자로 받은 rng에서 새 마스크를 뽑아야 합니다.",
        ),
        inverted_dropout_forward__fixed_seed,
    ),
    _mistake(
        "dropout_one_mask_per_row",
        Text("one mask shared by every row", "모든 행이 같은 마스크를 씀"),
        Text(
            "rng.random(x.shape[-1]) draws one mask and broadcasts it to every example of the "
            "batch; PyTorch drops each element independently: draw rng.random(x.shape).",
            "rng.random(x.shape[-1])은 마스크 하나를 뽑아 batch의 모든 예제에 broadcast합니다. "
            "PyTorch는 원소마다 따로 버리니 rng.random(x.shape)으로 뽑으세요.",
        ),
        dropout_forward__one_mask_per_row,
    ),
    _mistake(
        "inverted_dropout_nan_at_p_one",
        Text("NaN at p == 1 (division by zero)", "p == 1에서 NaN (0으로 나누기)"),
        Text(
            "At p == 1 the scale 1 / (1 - p) is a division by zero and 0 * inf is NaN; "
            "PyTorch returns zeros, so p == 1 needs its own branch.",
            "p == 1이면 1 / (1 - p)가 0으로 나누기가 되고 0 * inf는 NaN입니다. PyTorch는 0을 "
            "돌려주므로 p == 1은 따로 처리해야 합니다.",
        ),
        inverted_dropout_forward__nan_at_p_one,
    ),
    _mistake(
        "dropout_backward_forgets_scale",
        Text("backward uses the mask but not the scale", "역전파에서 마스크만 쓰고 scale을 빠뜨림"),
        Text(
            "The forward multiplied each kept unit by 1 / (1 - p) (inverted) or every unit "
            "by 1 - p (vanilla evaluation); the gradient carries the same factor.",
            "순전파는 남은 원소에 1 / (1 - p)를 (inverted), 또는 모든 원소에 1 - p를 (바닐라 "
            "평가) 곱했습니다. 기울기에도 같은 값을 곱해야 합니다.",
        ),
        dropout_backward__forgets_scale,
    ),
    _mistake(
        "dropout_backward_draws_new_mask",
        Text("backward draws a new mask", "역전파에서 마스크를 새로 뽑음"),
        Text(
            "The gradient flows only through the units the forward pass kept: store that "
            "mask in the cache and reuse it instead of drawing another from rng.",
            "기울기는 순전파에서 남긴 뉴런으로만 흐릅니다. 그 마스크를 cache에 저장해 다시 쓰고, "
            "rng에서 새로 뽑지 마세요.",
        ),
        dropout_forward__caches_rng,
        inverted_dropout_forward__caches_rng,
        dropout_backward__draws_new_mask,
    ),
    _mistake(
        "dropout_accepts_invalid_p",
        Text("p outside [0, 1] accepted", "[0, 1] 밖의 p를 받아들임"),
        Text(
            "A drop probability must lie in [0, 1]; torch.nn.Dropout raises ValueError "
            "otherwise, and silently returning zeros hides the caller's bug.",
            "버릴 확률은 [0, 1] 안에 있어야 합니다. torch.nn.Dropout은 그렇지 않으면 "
            "ValueError를 일으키고, 조용히 0을 돌려주면 호출한 쪽의 버그가 숨겨집니다.",
        ),
        dropout_forward__no_value_error,
    ),
    _mistake(
        "dropout_asserts_instead_of_value_error",
        Text("assert instead of ValueError", "ValueError 대신 assert"),
        Text(
            "assert raises AssertionError (and is removed by python -O); the contract, like "
            "PyTorch, raises ValueError for p outside [0, 1].",
            "assert는 AssertionError를 일으키고 python -O에서는 사라집니다. 약속된 동작은 "
            "PyTorch처럼 [0, 1] 밖의 p에 ValueError를 일으키는 것입니다.",
        ),
        inverted_dropout_forward__assert_instead_of_value_error,
    ),
    _mistake(
        "inverted_dropout_in_place",
        Text("dropout written into the input array", "입력 배열을 직접 바꾼 dropout"),
        Text(
            "x *= mask / (1 - p) changes the caller's array (and eval returning x itself "
            "aliases it); earlier layers and the backward pass then see wrong values.",
            "x *= mask / (1 - p)는 호출한 쪽의 배열을 바꿉니다 (평가 때 x 자체를 돌려주는 것도 "
            "같은 배열을 공유합니다). 그러면 앞 계층과 역전파가 틀린 값을 봅니다.",
        ),
        inverted_dropout_forward__in_place,
    ),
)

# --- Alternative correct solutions -----------------------------------------------------


def dropout_forward__binomial_where(x, p, train, rng):
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p must be in [0, 1], got {p}")
    if not train:
        return x * (1.0 - p), ("eval", None, 1.0 - p)
    keep = rng.binomial(1, 1.0 - p, size=x.shape).astype(bool)
    return np.where(keep, x, 0.0), ("train", keep, 1.0)


def inverted_dropout_forward__binomial_where_float32_scale(x, p, train, rng):
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p must be in [0, 1], got {p}")
    if not train:
        return np.array(x, copy=True), ("eval", None, 1.0)
    keep = rng.binomial(1, 1.0 - p, size=x.shape).astype(bool)
    # float32 scale: ~6e-8 relative error, well inside the kit's tolerance.
    scale = float(np.float32(1.0) / np.float32(1.0 - p)) if p < 1.0 else 0.0
    return np.where(keep, x * scale, 0.0), ("train", keep, scale)


def dropout_backward__from_tagged_cache(dout, cache):
    mode, keep, scale = cache
    if mode == "eval":
        return dout * scale
    return np.where(keep, dout * scale, 0.0)


def dropout_forward__uniform_dict_cache(x, p, train, rng):
    if p < 0.0 or p > 1.0:
        raise ValueError("dropout probability must be between 0 and 1")
    if train:
        keep = rng.uniform(0.0, 1.0, size=x.shape) < 1.0 - p
        return x * keep, {"kind": "vanilla", "train": True, "p": p, "keep": keep}
    return (1.0 - p) * x, {"kind": "vanilla", "train": False, "p": p, "keep": None}


def inverted_dropout_forward__uniform_dict_cache(x, p, train, rng):
    if p < 0.0 or p > 1.0:
        raise ValueError("dropout probability must be between 0 and 1")
    if not train:
        return x + 0.0, {"kind": "inverted", "train": False, "p": p, "keep": None}
    keep = rng.uniform(0.0, 1.0, size=x.shape) < 1.0 - p
    out = x / (1.0 - p) * keep if p < 1.0 else np.zeros_like(x)
    return out, {"kind": "inverted", "train": True, "p": p, "keep": keep}


def dropout_backward__uniform_dict_cache(dout, cache):
    p, keep = cache["p"], cache["keep"]
    if not cache["train"]:
        return dout * (1.0 - p) if cache["kind"] == "vanilla" else dout.copy()
    if cache["kind"] == "vanilla":
        return dout * keep
    return dout / (1.0 - p) * keep if p < 1.0 else np.zeros_like(dout)


ALTERNATIVES = (
    Alternative(
        id="dropout_binomial_mask_float32_scale",
        topic="dropout",
        why="rng.binomial masks, np.where, a float32 scale and a tagged-tuple cache",
        overrides=(
            dropout_forward__binomial_where,
            inverted_dropout_forward__binomial_where_float32_scale,
            dropout_backward__from_tagged_cache,
        ),
    ),
    Alternative(
        id="dropout_uniform_keep_dict_cache",
        topic="dropout",
        why="keep where uniform < 1 - p, divide before masking, a dict cache",
        overrides=(
            dropout_forward__uniform_dict_cache,
            inverted_dropout_forward__uniform_dict_cache,
            dropout_backward__uniform_dict_cache,
        ),
    ),
)

# Mutants of solutions/dropout.py that behave exactly like it (each argued in docs/mutation.md):
# the mutation run (grader/frontends/mutation.py) expects these, and only these, to survive.
EQUIVALENT_MUTANTS: tuple[str, ...] = (
    "'rng.random(x.shape) >= p': comparison -> Gt",
    "'x.copy()': uncopy",
)


# What the second stage of diagnosis (grader/engine/explain/) says of these mistakes when
# the catalogue is left out: (mistake, property) -> (detector kind, its words), each read
# and judged a correct description of the mistake.  tests/test_explain.py checks that it
# says exactly this, so a new or changed detector is reviewed here again.
EXPLAINED = {
    ("dropout_p_is_keep_probability_vanilla", "dropout_forward_eval_scales_by_keep_probability"): (
        "argument",
        "Your output equals PyTorch's computed with `1 - p` in place of `p`, on every input checked.",
    ),
    ("dropout_p_is_keep_probability_vanilla", "dropout_forward_train_drop_fraction_matches_p"): (
        "argument",
        "Your output equals PyTorch's computed with `1 - p` in place of `p`, on every input checked.",
    ),
    ("dropout_p_is_keep_probability_vanilla", "dropout_forward_p0_drops_nothing"): (
        "simpler_output",
        "Your output is all zeros on every input checked; PyTorch's is not.",
    ),
    ("dropout_p_is_keep_probability_vanilla", "dropout_forward_p1_drops_everything"): (
        "simpler_output",
        "Your output is `x` itself, unchanged, on every input checked; PyTorch's is not.",
    ),
    (
        "dropout_p_is_keep_probability_inverted",
        "inverted_dropout_forward_train_rescales_kept_elements",
    ): (
        "argument",
        "Your output equals PyTorch's computed with `1 - p` in place of `p`, on every input checked.",
    ),
    (
        "dropout_p_is_keep_probability_inverted",
        "inverted_dropout_forward_train_drop_fraction_matches_p",
    ): (
        "argument",
        "Your output equals PyTorch's computed with `1 - p` in place of `p`, on every input checked.",
    ),
    ("dropout_p_is_keep_probability_inverted", "inverted_dropout_forward_p1_drops_everything"): (
        "simpler_output",
        "Your output is `x` itself, unchanged, on every input checked; PyTorch's is not.",
    ),
    (
        "inverted_dropout_does_not_rescale",
        "inverted_dropout_forward_train_rescales_kept_elements",
    ): (
        "ratio",
        "Your output is exactly `1 - p` times PyTorch's on every input checked (on the input shown, `1 - p` = 0.5).",
    ),
    ("vanilla_dropout_rescales", "dropout_forward_train_keeps_unscaled_or_zeroes"): (
        "ratio",
        "Your output is exactly `1 / (1 - p)` times PyTorch's on every input checked (on the input shown, `1 / (1 - p)` = 2).",
    ),
    ("vanilla_dropout_eval_not_scaled", "dropout_forward_eval_scales_by_keep_probability"): (
        "simpler_output",
        "Your output is `x` itself, unchanged, on every input checked; PyTorch's is not.",
    ),
    ("dropout_backward_forgets_scale", "dropout_backward_inverted_train_matches_autograd"): (
        "argument",
        "Your output equals PyTorch's computed with `p` = 0 instead of the value given, on every input checked. That is as if `p` were not used.",
    ),
}
