"""Known mistakes and alternative correct solutions for init.py.

Each override replaces one function of solutions/init.py, whose helpers ``_fans``,
``_gain``, ``_xavier_std`` and ``_kaiming_std`` (and ``math``) it may use.  The reference's
samplers call the helpers, not ``fan_in_and_fan_out`` / ``calculate_gain``, so a mistake in
one function never shows up in another's properties.

Sources (facts only): the course notes (모두를 위한 딥러닝 9-2: "He는 Xavier와 달리 nout값이
존재하지 않는 모델", fan_in = nin, fan_out = nout); public student code read with the
search tool: Coursera DLS solutions whose He initialization is
``randn(n_l, n_prev) * sqrt(2 / n_prev)`` and whose "deep" initialization divides by
``sqrt(n_prev)`` (LeCun's 1 / fan_in), and a He helper scaling by ``sqrt(2 / shape[0])``,
the first dimension, which in PyTorch's (out, in) layout is fan_out.

For the samplers a mistake is recognised from its spread: on every explicit example of
grader/topics/init/definition.py, each mistake below predicts a different standard deviation or
bound (or a different law, or a different use of rng), so no two of them record alike.
"""

import math

import numpy as np

from grader.define.catalogue import Alternative, Mistake
from grader.define.i18n import Text

# --- fan_in_and_fan_out --------------------------------------------------------------------


def fan_in_and_fan_out__swapped(shape):
    fan_in, fan_out = _fans(shape)  # noqa: F821 (defined in the solution module)
    return fan_out, fan_in


def fan_in_and_fan_out__without_kernel(shape):
    if len(shape) < 2:
        raise ValueError("need at least 2 dimensions")
    return int(shape[1]), int(shape[0])


def fan_in_and_fan_out__np_prod_float(shape):
    if len(shape) < 2:
        raise ValueError("need at least 2 dimensions")
    field = np.prod(shape[2:])  # 1.0, a float, for a 2-D shape
    return shape[1] * field, shape[0] * field


def fan_in_and_fan_out__index_error(shape):
    field = 1
    for side in shape[2:]:
        field *= side
    return shape[1] * field, shape[0] * field


# --- calculate_gain ------------------------------------------------------------------------


def calculate_gain__squared(nonlinearity, param=None):
    if nonlinearity == "relu":
        return 2.0
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else param
        return 2.0 / (1.0 + slope**2)
    return _gain(nonlinearity, param)  # noqa: F821


def calculate_gain__leaky_slope_ignored(nonlinearity, param=None):
    if nonlinearity == "leaky_relu":
        return math.sqrt(2.0)
    return _gain(nonlinearity, param)  # noqa: F821


def calculate_gain__zero_slope_is_default(nonlinearity, param=None):
    if nonlinearity == "leaky_relu":
        slope = param or 0.01
        return math.sqrt(2.0 / (1.0 + slope**2))
    return _gain(nonlinearity, param)  # noqa: F821


def calculate_gain__unknown_is_one(nonlinearity, param=None):
    try:
        return _gain(nonlinearity, param)  # noqa: F821
    except ValueError:
        return 1.0


# --- xavier_uniform ------------------------------------------------------------------------


def xavier_uniform__without_gain(shape, rng, gain=1.0):
    fan_in, fan_out = _fans(shape)  # noqa: F821
    bound = math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-bound, bound, size=shape)


def xavier_uniform__std_as_bound(shape, rng, gain=1.0):
    bound = _xavier_std(shape, gain)  # noqa: F821  (sqrt(3) missing)
    return rng.uniform(-bound, bound, size=shape)


def xavier_uniform__zero_to_bound(shape, rng, gain=1.0):
    bound = math.sqrt(3.0) * _xavier_std(shape, gain)  # noqa: F821
    return rng.random(shape) * bound


# --- xavier_normal -------------------------------------------------------------------------


def xavier_normal__uniform_bound_as_std(shape, rng, gain=1.0):
    fan_in, fan_out = _fans(shape)  # noqa: F821
    std = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return std * rng.standard_normal(shape)


def xavier_normal__fan_in_only(shape, rng, gain=1.0):
    fan_in, _ = _fans(shape)  # noqa: F821
    return gain / math.sqrt(fan_in) * rng.standard_normal(shape)


def xavier_normal__uniform_with_right_std(shape, rng, gain=1.0):
    bound = math.sqrt(3.0) * _xavier_std(shape, gain)  # noqa: F821
    return rng.uniform(-bound, bound, size=shape)


def xavier_normal__global_random_state(shape, rng, gain=1.0):
    return _xavier_std(shape, gain) * np.random.randn(*shape)  # noqa: F821


# --- kaiming_uniform -----------------------------------------------------------------------


def kaiming_uniform__slope_ignored(shape, rng, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    if 0 in shape:
        return np.zeros(shape)
    _kaiming_std(shape, a, mode, nonlinearity)  # noqa: F821  (the same checks)
    fan_in, fan_out = _fans(shape)  # noqa: F821
    fan = fan_in if mode.lower() == "fan_in" else fan_out
    gain = _gain(nonlinearity)  # noqa: F821  (a is not passed: slope 0.01 always)
    bound = gain * math.sqrt(3.0 / fan)
    return rng.uniform(-bound, bound, size=shape)


def kaiming_uniform__std_as_bound(shape, rng, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    if 0 in shape:
        return np.zeros(shape)
    bound = _kaiming_std(shape, a, mode, nonlinearity)  # noqa: F821  (sqrt(3) missing)
    return rng.uniform(-bound, bound, size=shape)


def kaiming_uniform__unchecked_mode(shape, rng, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    if 0 in shape:
        return np.zeros(shape)
    fan_in, fan_out = _fans(shape)  # noqa: F821
    fan = fan_in if mode.lower() == "fan_in" else fan_out  # any other mode: fan_out
    bound = _gain(nonlinearity, a) * math.sqrt(3.0 / fan)  # noqa: F821
    return rng.uniform(-bound, bound, size=shape)


def kaiming_uniform__fixed_seed(shape, rng, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    if 0 in shape:
        return np.zeros(shape)
    bound = math.sqrt(3.0) * _kaiming_std(shape, a, mode, nonlinearity)  # noqa: F821
    return np.random.default_rng(0).uniform(-bound, bound, size=shape)


# --- kaiming_normal ------------------------------------------------------------------------


def kaiming_normal__fans_swapped_in_mode(
    shape, rng, a=0.0, mode="fan_in", nonlinearity="leaky_relu"
):
    if 0 in shape:
        return np.zeros(shape)
    _kaiming_std(shape, a, mode, nonlinearity)  # noqa: F821  (the same checks)
    fan_in, fan_out = _fans(shape)  # noqa: F821
    fan = fan_out if mode.lower() == "fan_in" else fan_in
    return _gain(nonlinearity, a) / math.sqrt(fan) * rng.standard_normal(shape)  # noqa: F821


def kaiming_normal__variance_as_std(shape, rng, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    if 0 in shape:
        return np.zeros(shape)
    std = _kaiming_std(shape, a, mode, nonlinearity)  # noqa: F821
    return std**2 * rng.standard_normal(shape)  # gain**2 / fan: the variance


def kaiming_normal__lecun_without_gain(shape, rng, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    if 0 in shape:
        return np.zeros(shape)
    std = _kaiming_std(shape, a, mode, nonlinearity)  # noqa: F821
    gain = _gain(nonlinearity, a)  # noqa: F821
    return std / gain * rng.standard_normal(shape)  # 1 / sqrt(fan)


def kaiming_normal__fans_averaged(shape, rng, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    if 0 in shape:
        return np.zeros(shape)
    _kaiming_std(shape, a, mode, nonlinearity)  # noqa: F821  (the same checks)
    fan_in, fan_out = _fans(shape)  # noqa: F821
    std = _gain(nonlinearity, a) * math.sqrt(2.0 / (fan_in + fan_out))  # noqa: F821
    return std * rng.standard_normal(shape)


def kaiming_normal__float32(shape, rng, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    if 0 in shape:
        return np.zeros(shape, dtype=np.float32)
    std = _kaiming_std(shape, a, mode, nonlinearity)  # noqa: F821
    return np.float32(std) * rng.standard_normal(shape, dtype=np.float32)


def _mistake(id: str, title: Text, explanation: Text, *overrides) -> Mistake:
    return Mistake(id=id, topic="init", title=title, explanation=explanation, overrides=overrides)


MISTAKES = (
    _mistake(
        "init_fans_swapped",
        Text("fan_in and fan_out swapped", "fan_in과 fan_out을 바꿈"),
        Text(
            "PyTorch stores a weight as (out, in, *kernel) (nn.Linear(10, 20).weight is "
            "20 x 10), so fan_in comes from shape[1] and fan_out from shape[0]. Reading the "
            "shape as (in, out), as for a NumPy x @ W, swaps them.",
            "PyTorch는 가중치를 (out, in, *kernel)로 저장하므로 (nn.Linear(10, 20).weight는 "
            "20 x 10) fan_in은 shape[1]에서, fan_out은 shape[0]에서 나옵니다. NumPy의 x @ W처럼 "
            "shape을 (in, out)으로 읽으면 둘이 뒤바뀝니다.",
        ),
        fan_in_and_fan_out__swapped,
    ),
    _mistake(
        "init_fans_without_kernel",
        Text("kernel size left out of the fans", "fan에 커널 크기를 곱하지 않음"),
        Text(
            "A convolution's output unit sees in_channels * kH * kW inputs, so the kernel's "
            "size (the receptive field, prod(shape[2:])) multiplies both fans; only a 2-D "
            "weight has fan_in = shape[1].",
            "합성곱의 출력 하나는 입력 in_channels * kH * kW개를 보므로 커널 크기 "
            "(receptive field, prod(shape[2:]))를 두 fan 모두에 곱해야 합니다. "
            "fan_in = shape[1]은 2차원 가중치에서만 맞습니다.",
        ),
        fan_in_and_fan_out__without_kernel,
    ),
    _mistake(
        "init_fans_float_from_np_prod",
        Text(
            "fans returned as floats (np.prod of an empty shape)",
            "fan을 float로 돌려줌 (빈 shape의 np.prod)",
        ),
        Text(
            "np.prod(()) is 1.0, a float, so for a 2-D weight in * np.prod(shape[2:]) is a "
            "float. The fans count inputs and outputs: start the product from the int 1 "
            "(or use math.prod) so they stay ints.",
            "np.prod(())는 float 1.0이라서 2차원 가중치에서는 in * np.prod(shape[2:])가 "
            "float가 됩니다. fan은 입력과 출력의 개수이니, 정수 1에서 곱하기 시작하거나 "
            "math.prod를 써서 정수로 두세요.",
        ),
        fan_in_and_fan_out__np_prod_float,
    ),
    _mistake(
        "init_fans_index_error",
        Text("no ValueError for fewer than 2 dimensions", "2차원 미만에서 ValueError를 내지 않음"),
        Text(
            "A 1-D tensor (a bias) has no fan_in and fan_out. PyTorch checks the number of "
            "dimensions first and raises ValueError; without that check shape[1] raises "
            "IndexError, or a 0-D shape even returns something.",
            "1차원 텐서(bias)에는 fan_in과 fan_out이 없습니다. PyTorch는 차원 수를 먼저 검사해서 "
            "ValueError를 일으킵니다. 이 검사가 없으면 shape[1]에서 IndexError가 나거나, 0차원 "
            "shape에서는 값이 나오기까지 합니다.",
        ),
        fan_in_and_fan_out__index_error,
    ),
    _mistake(
        "init_gain_squared",
        Text("gain squared: 2 instead of sqrt(2) for ReLU", "gain을 제곱함: ReLU에 sqrt(2) 대신 2"),
        Text(
            "He's analysis gives the variance factor 2 for ReLU (Var(w) = 2 / fan_in); the "
            "gain multiplies the standard deviation, so it is the square root, sqrt(2), and "
            "sqrt(2 / (1 + slope**2)) for leaky_relu.",
            "He 초기화의 분석에서 ReLU의 분산 배율이 2입니다 (Var(w) = 2 / fan_in). gain은 "
            "표준편차에 곱하는 값이므로 그 제곱근인 sqrt(2)이고, leaky_relu는 "
            "sqrt(2 / (1 + slope**2))입니다.",
        ),
        calculate_gain__squared,
    ),
    _mistake(
        "init_gain_leaky_slope_ignored",
        Text("leaky_relu's slope ignored in the gain", "leaky_relu의 gain에서 기울기를 무시함"),
        Text(
            "leaky_relu keeps a slope a of the negative half, so it shrinks the variance "
            "less than ReLU: the gain is sqrt(2 / (1 + a**2)), not sqrt(2) (with a = 1 it is "
            "the identity and the gain is 1).",
            "leaky_relu는 음수 쪽도 기울기 a만큼 남기므로 ReLU보다 분산을 덜 줄입니다. gain은 "
            "sqrt(2)가 아니라 sqrt(2 / (1 + a**2))입니다 (a = 1이면 항등 함수라 gain은 1).",
        ),
        calculate_gain__leaky_slope_ignored,
    ),
    _mistake(
        "init_gain_zero_slope_is_default",
        Text("param = 0 taken as 'no param'", "param = 0을 '값 없음'으로 처리함"),
        Text(
            "'param or 0.01' replaces every falsy param, including a slope of 0, by the "
            "default. PyTorch uses 0.01 only when param is None; test 'param is None'.",
            "`param or 0.01` 식은 기울기 0을 포함해 거짓으로 취급되는 모든 param을 기본값으로 "
            "바꿉니다. PyTorch는 param이 None일 때만 0.01을 씁니다. `param is None`으로 "
            "검사하세요.",
        ),
        calculate_gain__zero_slope_is_default,
    ),
    _mistake(
        "init_gain_unknown_name_is_one",
        Text("unknown nonlinearity given gain 1", "모르는 활성화 함수에 gain 1을 줌"),
        Text(
            "A default branch that returns 1 hides typos ('ReLU', 'Relu') and activations "
            "without a known gain (gelu): PyTorch raises ValueError for any name it does "
            "not know.",
            "1을 돌려주는 기본 분기는 오타('ReLU', 'Relu')와 gain이 정해지지 않은 활성화 "
            "함수(gelu)를 숨깁니다. PyTorch는 모르는 이름이면 ValueError를 일으킵니다.",
        ),
        calculate_gain__unknown_is_one,
    ),
    _mistake(
        "init_xavier_uniform_without_gain",
        Text("Xavier uniform without the gain", "gain을 빠뜨린 Xavier 균등분포"),
        Text(
            "sqrt(6 / (fan_in + fan_out)) is the bound for gain 1 (a linear or sigmoid "
            "layer); xavier_uniform_(w, gain) multiplies it by the gain, e.g. 5/3 before "
            "tanh.",
            "sqrt(6 / (fan_in + fan_out))는 gain이 1일 때 (선형 층이나 sigmoid)의 bound입니다. "
            "xavier_uniform_(w, gain)은 여기에 gain을 곱합니다 (예: tanh 앞이면 5/3).",
        ),
        xavier_uniform__without_gain,
    ),
    _mistake(
        "init_xavier_uniform_std_as_bound",
        Text(
            "the normal's std used as the uniform bound (Xavier)",
            "표준편차를 균등분포의 bound로 씀 (Xavier)",
        ),
        Text(
            "U(-b, b) has standard deviation b / sqrt(3). To get Xavier's std "
            "gain * sqrt(2 / (fan_in + fan_out)) the bound must be sqrt(3) times it: "
            "gain * sqrt(6 / (fan_in + fan_out)).",
            "U(-b, b)의 표준편차는 b / sqrt(3)입니다. Xavier의 표준편차 "
            "gain * sqrt(2 / (fan_in + fan_out))를 얻으려면 bound는 그 sqrt(3)배인 "
            "gain * sqrt(6 / (fan_in + fan_out))여야 합니다.",
        ),
        xavier_uniform__std_as_bound,
    ),
    _mistake(
        "init_xavier_uniform_zero_to_bound",
        Text("uniform on [0, b) instead of [-b, b)", "[-b, b) 대신 [0, b)에서 뽑음"),
        Text(
            "rng.random(shape) * b covers [0, b): every weight is positive and their mean is "
            "b / 2, so all units of a layer start out alike. Shift and scale: "
            "b * (2 * rng.random(shape) - 1), or rng.uniform(-b, b, size=shape).",
            "rng.random(shape) * b는 [0, b)만 덮습니다. 가중치가 모두 양수이고 평균이 b / 2라서 "
            "층의 뉴런들이 비슷하게 시작합니다. 옮기고 늘리세요: b * (2 * rng.random(shape) - 1) "
            "또는 rng.uniform(-b, b, size=shape).",
        ),
        xavier_uniform__zero_to_bound,
    ),
    _mistake(
        "init_xavier_normal_uniform_bound_as_std",
        Text(
            "Xavier normal with the uniform bound as its std",
            "Xavier 정규분포에 균등분포의 bound를 표준편차로 씀",
        ),
        Text(
            "sqrt(6 / (fan_in + fan_out)) is the bound of Xavier's UNIFORM variant; the "
            "normal variant's standard deviation is sqrt(2 / (fan_in + fan_out)) (times the "
            "gain), sqrt(3) times smaller.",
            "sqrt(6 / (fan_in + fan_out))는 Xavier 균등분포의 bound입니다. 정규분포 쪽의 "
            "표준편차는 sqrt(2 / (fan_in + fan_out))(에 gain을 곱한 값)로, sqrt(3)배 작습니다.",
        ),
        xavier_normal__uniform_bound_as_std,
    ),
    _mistake(
        "init_xavier_normal_fan_in_only",
        Text(
            "Xavier normal with fan_in only (LeCun's 1 / fan_in)",
            "fan_in만 쓴 Xavier 정규분포 (LeCun의 1 / fan_in)",
        ),
        Text(
            "Var(w) = 1 / fan_in (randn(n) / sqrt(n), as some lecture notes call 'Xavier') "
            "is LeCun's initialization. Glorot and Bengio average the two fans to keep both "
            "the forward and the backward pass's variance: Var(w) = 2 / (fan_in + fan_out).",
            "Var(w) = 1 / fan_in (강의 노트에 따라 'Xavier'라고 부르는 randn(n) / sqrt(n))은 "
            "LeCun 초기화입니다. Glorot과 Bengio는 순전파와 역전파의 분산을 모두 지키려고 두 "
            "fan을 평균 냅니다: Var(w) = 2 / (fan_in + fan_out).",
        ),
        xavier_normal__fan_in_only,
    ),
    _mistake(
        "init_xavier_normal_draws_uniform",
        Text(
            "Xavier normal drawn from a uniform distribution", "Xavier 정규분포를 균등분포에서 뽑음"
        ),
        Text(
            "The standard deviation is right, but the values come from a uniform "
            "distribution (as in xavier_uniform); xavier_normal_ draws from a normal "
            "distribution: std * rng.standard_normal(shape).",
            "표준편차는 맞지만 값을 균등분포에서 뽑았습니다 (xavier_uniform처럼). "
            "xavier_normal_은 정규분포에서 뽑습니다: std * rng.standard_normal(shape).",
        ),
        xavier_normal__uniform_with_right_std,
    ),
    _mistake(
        "init_xavier_normal_global_random_state",
        Text("NumPy's global random state instead of rng", "rng 대신 NumPy의 전역 난수 상태를 씀"),
        Text(
            "np.random.randn draws from NumPy's global generator, which the caller's seed "
            "does not control: the same rng gives different weights every call. Draw from "
            "the rng argument: rng.standard_normal(shape).",
            "np.random.randn은 NumPy의 전역 생성기에서 뽑기 때문에 호출한 쪽의 seed로 제어할 수 "
            "없습니다: 같은 rng를 줘도 부를 때마다 가중치가 달라집니다. 인자로 받은 rng에서 "
            "뽑으세요: rng.standard_normal(shape).",
        ),
        xavier_normal__global_random_state,
    ),
    _mistake(
        "init_kaiming_uniform_slope_ignored",
        Text(
            "He uniform ignores a (leaky_relu's slope)",
            "He 균등분포에서 a (leaky_relu의 기울기)를 무시함",
        ),
        Text(
            "kaiming_uniform_ computes gain = calculate_gain(nonlinearity, a): a is the "
            "slope of the leaky ReLU that follows. Calling calculate_gain(nonlinearity) "
            "always uses the slope 0.01; nn.Linear's own init uses a = sqrt(5), whose gain is "
            "sqrt(1/3), not about sqrt(2).",
            "kaiming_uniform_은 gain = calculate_gain(nonlinearity, a)로 계산합니다. a는 뒤에 "
            "오는 leaky ReLU의 기울기입니다. calculate_gain(nonlinearity)만 부르면 기울기가 "
            "늘 0.01입니다. nn.Linear의 기본 초기화는 a = sqrt(5)를 쓰고, 그 gain은 sqrt(2)쯤이 "
            "아니라 sqrt(1/3)입니다.",
        ),
        kaiming_uniform__slope_ignored,
    ),
    _mistake(
        "init_kaiming_uniform_std_as_bound",
        Text(
            "the normal's std used as the uniform bound (He)",
            "표준편차를 균등분포의 bound로 씀 (He)",
        ),
        Text(
            "gain / sqrt(fan) is He's standard deviation. U(-b, b) has std b / sqrt(3), so "
            "the uniform bound is sqrt(3) times it: gain * sqrt(3 / fan).",
            "gain / sqrt(fan)은 He 초기화의 표준편차입니다. U(-b, b)의 표준편차는 b / sqrt(3)"
            "이므로 균등분포의 bound는 그 sqrt(3)배인 gain * sqrt(3 / fan)입니다.",
        ),
        kaiming_uniform__std_as_bound,
    ),
    _mistake(
        "init_kaiming_uniform_unchecked_mode",
        Text(
            "any mode other than fan_in taken as fan_out",
            "fan_in이 아닌 mode를 모두 fan_out으로 처리함",
        ),
        Text(
            "'fan_in if mode == \"fan_in\" else fan_out' accepts a typo ('fanin', "
            "'fan_avg') as fan_out. PyTorch accepts only fan_in and fan_out (in any "
            "capitalisation) and raises ValueError otherwise.",
            "'fan_in if mode == \"fan_in\" else fan_out'은 오타('fanin', 'fan_avg')를 fan_out으로 "
            "받아들입니다. PyTorch는 fan_in과 fan_out만 (대소문자 무관) 받고, 나머지는 "
            "ValueError를 일으킵니다.",
        ),
        kaiming_uniform__unchecked_mode,
    ),
    _mistake(
        "init_kaiming_uniform_fixed_seed",
        Text("a fixed seed inside the sampler", "함수 안에서 seed를 고정함"),
        Text(
            "np.random.default_rng(0) inside the function ignores the rng you are given: "
            "every call, whatever the seed, returns the same weights, so two layers start "
            "identical. Draw from the rng argument.",
            "함수 안의 np.random.default_rng(0)은 인자로 받은 rng를 무시합니다. seed가 무엇이든 "
            "매번 같은 가중치가 나와서 두 층이 똑같이 시작합니다. 인자로 받은 rng에서 뽑으세요.",
        ),
        kaiming_uniform__fixed_seed,
    ),
    _mistake(
        "init_kaiming_normal_fans_swapped_in_mode",
        Text("He with fan_out where mode says fan_in", "mode가 fan_in인데 He에 fan_out을 씀"),
        Text(
            "The default mode='fan_in' divides by the number of inputs of a unit "
            "(shape[1] * prod(kernel)), which keeps the forward pass's variance; fan_out "
            "(shape[0] * prod(kernel)) is for mode='fan_out', which keeps the backward "
            "pass's.",
            "기본값 mode='fan_in'은 뉴런 하나의 입력 수 (shape[1] * prod(kernel))로 나누어 "
            "순전파의 분산을 지킵니다. fan_out (shape[0] * prod(kernel))은 역전파의 분산을 "
            "지키는 mode='fan_out'에서 씁니다.",
        ),
        kaiming_normal__fans_swapped_in_mode,
    ),
    _mistake(
        "init_kaiming_normal_variance_as_std",
        Text("He's variance used as the standard deviation", "He의 분산을 표준편차로 씀"),
        Text(
            "He's rule is Var(w) = gain**2 / fan (2 / fan_in for ReLU). The sampler multiplies "
            "rng.standard_normal by the standard deviation, its square root: "
            "gain / sqrt(fan), i.e. np.sqrt(2 / fan_in), not 2 / fan_in.",
            "He 초기화의 규칙은 Var(w) = gain**2 / fan입니다 (ReLU면 2 / fan_in). "
            "rng.standard_normal에는 그 제곱근인 표준편차 gain / sqrt(fan)을 곱합니다. "
            "즉 2 / fan_in이 아니라 np.sqrt(2 / fan_in)입니다.",
        ),
        kaiming_normal__variance_as_std,
    ),
    _mistake(
        "init_kaiming_normal_lecun_without_gain",
        Text(
            "LeCun's 1 / fan_in instead of He's 2 / fan_in",
            "He의 2 / fan_in 대신 LeCun의 1 / fan_in",
        ),
        Text(
            "Without the gain, std = 1 / sqrt(fan_in) is LeCun's initialization. ReLU zeroes "
            "half of its inputs and halves the variance each layer; He's gain sqrt(2) (from "
            "calculate_gain(nonlinearity, a)) makes up for it.",
            "gain 없이 std = 1 / sqrt(fan_in)이면 LeCun 초기화입니다. ReLU는 입력의 절반을 0으로 "
            "만들어 층마다 분산을 반으로 줄이고, He의 gain sqrt(2) "
            "(calculate_gain(nonlinearity, a))가 이를 메웁니다.",
        ),
        kaiming_normal__lecun_without_gain,
    ),
    _mistake(
        "init_kaiming_normal_fans_averaged",
        Text("He with Xavier's fan_in + fan_out", "He에 Xavier의 fan_in + fan_out을 씀"),
        Text(
            "He uses one fan (fan_in, or fan_out with mode='fan_out'): std = gain / "
            "sqrt(fan). Averaging the two fans, 2 / (fan_in + fan_out), is Xavier's rule.",
            "He는 fan 하나만 씁니다 (fan_in, mode='fan_out'이면 fan_out): "
            "std = gain / sqrt(fan). 두 fan의 평균 2 / (fan_in + fan_out)은 Xavier의 규칙입니다.",
        ),
        kaiming_normal__fans_averaged,
    ),
    _mistake(
        "init_kaiming_normal_float32",
        Text("weights returned as float32", "가중치를 float32로 돌려줌"),
        Text(
            "torch.empty(...) is float32 by default, and so is a draw with dtype=np.float32; "
            "this kit works in float64 throughout (rng.standard_normal(shape) is float64).",
            "torch.empty(...)의 기본 dtype은 float32이고, dtype=np.float32로 뽑아도 float32입니다. "
            "이 과제는 모두 float64로 계산합니다 (rng.standard_normal(shape)은 float64).",
        ),
        kaiming_normal__float32,
    ),
)

# --- Alternatives --------------------------------------------------------------------------


def fan_in_and_fan_out__math_prod(shape):
    shape = tuple(int(side) for side in shape)
    if len(shape) < 2:
        raise ValueError(f"shape {shape} has fewer than 2 dimensions")
    out_features, in_features, *kernel = shape
    field = math.prod(kernel)
    return in_features * field, out_features * field


def calculate_gain__table(nonlinearity, param=None):
    table = {name: 1.0 for name in ("linear", "sigmoid")}
    table.update({f"conv{d}d": 1.0 for d in (1, 2, 3)})
    table.update({f"conv_transpose{d}d": 1.0 for d in (1, 2, 3)})
    table.update({"tanh": 5 / 3, "relu": 2**0.5, "selu": 0.75})
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else float(param)
        return (2.0 / (1.0 + slope * slope)) ** 0.5
    if nonlinearity not in table:
        raise ValueError(f"Unsupported nonlinearity {nonlinearity}")
    return table[nonlinearity]


def xavier_uniform__random_scaled(shape, rng, gain=1.0):
    fan_in, fan_out = fan_in_and_fan_out(shape)  # noqa: F821
    bound = gain * np.sqrt(6.0 / (fan_in + fan_out))
    return bound * (2.0 * rng.random(shape) - 1.0)


def xavier_normal__box_muller(shape, rng, gain=1.0):
    fan_in, fan_out = fan_in_and_fan_out(shape)  # noqa: F821
    std = gain * np.sqrt(2.0 / (fan_in + fan_out))
    # Box-Muller from rng.random: two uniforms give two independent standard normals.
    n = int(np.prod(shape, dtype=np.int64))
    pairs = (n + 1) // 2
    u1 = 1.0 - rng.random(pairs)  # in (0, 1]: log never sees 0
    u2 = rng.random(pairs)
    radius = np.sqrt(-2.0 * np.log(u1))
    z = np.concatenate([radius * np.cos(2 * np.pi * u2), radius * np.sin(2 * np.pi * u2)])
    return std * z[:n].reshape(shape)


def kaiming_uniform__random_scaled(shape, rng, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    if 0 in shape:
        return np.empty(shape)
    if mode.lower() not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported")
    fan_in, fan_out = fan_in_and_fan_out(shape)  # noqa: F821
    fan = {"fan_in": fan_in, "fan_out": fan_out}[mode.lower()]
    bound = calculate_gain(nonlinearity, a) * np.sqrt(3.0 / fan)  # noqa: F821
    return bound - 2.0 * bound * rng.random(shape)


def kaiming_normal__box_muller(shape, rng, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    if 0 in shape:
        return np.empty(shape)
    if mode.lower() not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported")
    fan_in, fan_out = fan_in_and_fan_out(shape)  # noqa: F821
    fan = fan_in if mode.lower() == "fan_in" else fan_out
    variance = calculate_gain(nonlinearity, a) ** 2 / fan  # noqa: F821
    n = int(np.prod(shape, dtype=np.int64))
    pairs = (n + 1) // 2
    u1 = 1.0 - rng.random(pairs)  # in (0, 1]: log never sees 0
    u2 = rng.random(pairs)
    radius = np.sqrt(-2.0 * np.log(u1))
    z = np.concatenate([radius * np.cos(2 * np.pi * u2), radius * np.sin(2 * np.pi * u2)])
    return np.sqrt(variance) * z[:n].reshape(shape)


def kaiming_normal__rng_normal(shape, rng, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    if 0 in shape:
        return np.zeros(shape)
    std = _kaiming_std(shape, a, mode, nonlinearity)  # noqa: F821
    return rng.normal(0.0, std, size=shape)


ALTERNATIVES = (
    Alternative(
        id="init_box_muller_and_scaled_uniforms",
        topic="init",
        why="math.prod fans, a gain table, Box-Muller normals from rng.random, uniforms "
        "as bound * (2u - 1), the samplers built on the public functions",
        overrides=(
            fan_in_and_fan_out__math_prod,
            calculate_gain__table,
            xavier_uniform__random_scaled,
            xavier_normal__box_muller,
            kaiming_uniform__random_scaled,
            kaiming_normal__box_muller,
        ),
    ),
    Alternative(
        id="init_rng_normal",
        topic="init",
        why="kaiming_normal through rng.normal(0, std, size=shape)",
        overrides=(kaiming_normal__rng_normal,),
    ),
)

# Mutants of solutions/init.py that behave exactly like it (each argued in docs/mutation.md):
# the mutation run (grader/frontends/mutation.py) expects these, and only these, to survive.
EQUIVALENT_MUTANTS: tuple[str, ...] = ()


# What the second stage of diagnosis (grader/engine/explain/) says of these mistakes when
# the catalogue is left out: (mistake, property) -> (detector kind, its words), each read
# and judged a correct description of the mistake.  tests/test_explain.py checks that it
# says exactly this, so a new or changed detector is reviewed here again.
EXPLAINED = {
    ("init_kaiming_normal_float32", "kaiming_normal_returns_float64_array_of_shape"): (
        "form",
        "Your numbers are right, but the array's dtype is float32; PyTorch's (and the docstring's) is float64.",
    ),
    ("init_kaiming_normal_float32", "kaiming_normal_sample_mean_is_zero"): (
        "form",
        "Your numbers are right, but the array's dtype is float32; PyTorch's (and the docstring's) is float64.",
    ),
    ("init_kaiming_normal_float32", "kaiming_normal_sample_std_matches_torch"): (
        "form",
        "Your numbers are right, but the array's dtype is float32; PyTorch's (and the docstring's) is float64.",
    ),
    ("init_kaiming_normal_float32", "kaiming_normal_sample_passes_ks_test"): (
        "form",
        "Your numbers are right, but the array's dtype is float32; PyTorch's (and the docstring's) is float64.",
    ),
}
