"""Known mistakes and alternative correct solutions for activations.py."""

import numpy as np

from grader.define.catalogue import Alternative, Mistake
from grader.define.i18n import Text


def sigmoid_forward__naive_exp(x):
    s = 1.0 / (1.0 + np.exp(-x))
    return s, s


def sigmoid_backward__forgets_dout(dout, cache):
    return cache * (1.0 - cache)


def sigmoid_forward__caches_input(x):
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z)), x


def sigmoid_backward__uses_cache_as_s(dout, cache):
    # With caches_input the cache is x, and this treats it as s = sigmoid(x).
    return dout * cache * (1.0 - cache)


def sigmoid_backward__missing_one_minus(dout, cache):
    return dout * cache


def relu_backward__mask_ge(dout, cache):
    return dout * (cache >= 0)


def relu_forward__in_place(x):
    x[x < 0] = 0.0
    return x, x.copy()


def relu_forward__np_max(x):
    out = np.max(x, 0)
    return out, x


def relu_backward__times_x(dout, cache):
    return dout * np.maximum(cache, 0.0)


def tanh_forward__naive_exp(x):
    ex, emx = np.exp(x), np.exp(-x)
    t = (ex - emx) / (ex + emx)
    return t, t


def tanh_forward__two_sigmoid_x(x):
    # 2 * sigmoid(x) - 1 with a stable sigmoid: the identity without the 2x.
    z = np.exp(-np.abs(x))
    s = np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
    t = 2.0 * s - 1.0
    return t, t


def tanh_forward__naive_sigmoid_identity(x):
    # 2 * sigmoid(2x) - 1 with the naive sigmoid: right values, overflow warnings.
    t = 2.0 / (1.0 + np.exp(-2.0 * x)) - 1.0
    return t, t


def tanh_forward__caches_input(x):
    z = np.exp(-np.abs(x)) ** 2
    return np.sign(x) * (1.0 - z) / (1.0 + z), x


def tanh_backward__uses_cache_as_t(dout, cache):
    # With caches_input the cache is x, and this treats it as t = tanh(x).
    return dout * (1.0 - cache * cache)


def tanh_backward__forgets_dout(dout, cache):
    return 1.0 - cache * cache


def tanh_backward__no_square(dout, cache):
    return dout * (1.0 - cache)


def tanh_backward__sigmoid_derivative(dout, cache):
    return dout * cache * (1.0 - cache)


MISTAKES = (
    Mistake(
        id="sigmoid_naive_exp_overflows",
        topic="activations",
        title=Text("naive 1/(1+exp(-x)) overflows", "단순한 1/(1+exp(-x))의 overflow"),
        explanation=Text(
            "np.exp(-x) overflows for x < -709 and NumPy warns; the stable form only "
            "exponentiates -|x|.",
            "x < -709이면 np.exp(-x)가 overflow되어 경고가 납니다. 안정적인 식은 -|x|만 "
            "exp에 넣습니다.",
        ),
        overrides=(sigmoid_forward__naive_exp,),
    ),
    Mistake(
        id="sigmoid_backward_forgets_dout",
        topic="activations",
        title=Text("local gradient without dout", "dout을 곱하지 않은 국소 기울기"),
        explanation=Text(
            "The chain rule multiplies the local derivative s(1-s) by the upstream gradient dout.",
            "연쇄 법칙(chain rule)에 따라 국소 미분 s(1-s)에 위에서 온 기울기 dout을 곱해야 합니다.",
        ),
        overrides=(sigmoid_backward__forgets_dout,),
    ),
    Mistake(
        id="sigmoid_backward_uses_x_as_s",
        topic="activations",
        title=Text("derivative evaluated at x instead of s", "s 대신 x로 계산한 미분"),
        explanation=Text(
            "The derivative is s(1-s) with s = sigmoid(x), not x(1-x): cache the output s.",
            "미분은 x(1-x)가 아니라 s = sigmoid(x)일 때 s(1-s)입니다. 출력 s를 cache에 저장하세요.",
        ),
        overrides=(sigmoid_forward__caches_input, sigmoid_backward__uses_cache_as_s),
    ),
    Mistake(
        id="sigmoid_backward_missing_one_minus_s",
        topic="activations",
        title=Text("derivative s instead of s(1-s)", "s(1-s) 대신 s만 사용한 미분"),
        explanation=Text(
            "d sigmoid/dx = s(1-s), at most 1/4: this is why deep sigmoid nets' gradients vanish.",
            "시그모이드의 미분은 s(1-s)로 최대 1/4입니다. 그래서 깊은 시그모이드 망에서 기울기 소실이 "
            "생깁니다.",
        ),
        overrides=(sigmoid_backward__missing_one_minus,),
    ),
    Mistake(
        id="relu_gradient_one_at_zero",
        topic="activations",
        title=Text("ReLU gradient 1 at x == 0", "x == 0에서 ReLU 기울기를 1로 둠"),
        explanation=Text(
            "PyTorch takes ReLU's gradient at exactly 0 to be 0: the mask is x > 0, not x >= 0.",
            "PyTorch는 x == 0에서 ReLU 기울기를 0으로 둡니다. 마스크는 x >= 0이 아니라 x > 0입니다.",
        ),
        overrides=(relu_backward__mask_ge,),
    ),
    Mistake(
        id="relu_forward_in_place",
        topic="activations",
        title=Text("ReLU written into the input array", "입력 배열을 직접 바꾼 ReLU"),
        explanation=Text(
            "x[x < 0] = 0 changes the caller's array; later layers (and the backward pass) "
            "then see the wrong values.",
            "x[x < 0] = 0은 호출한 쪽의 배열을 바꿉니다. 그러면 이후 계층(과 역전파)이 틀린 값을 봅니다.",
        ),
        overrides=(relu_forward__in_place,),
    ),
    Mistake(
        id="relu_np_max_instead_of_maximum",
        topic="activations",
        title=Text("np.max instead of np.maximum", "np.maximum 대신 np.max"),
        explanation=Text(
            "np.max(x, 0) reduces along axis 0; the elementwise max(0, x) is np.maximum(x, 0).",
            "np.max(x, 0)은 0번 축을 따라 최댓값을 구합니다. 원소별 max(0, x)는 np.maximum(x, 0)입니다.",
        ),
        overrides=(relu_forward__np_max,),
    ),
    Mistake(
        id="relu_backward_multiplies_by_x",
        topic="activations",
        title=Text("backward multiplies by the activation", "역전파에서 활성값을 곱함"),
        explanation=Text(
            "ReLU's derivative is 1 for x > 0, so dx = dout there; multiplying by relu(x) is "
            "the forward value, not the slope.",
            "ReLU의 미분은 x > 0에서 1이므로 거기서 dx = dout입니다. relu(x)를 곱하는 것은 기울기가 "
            "아니라 순전파 값입니다.",
        ),
        overrides=(relu_backward__times_x,),
    ),
    Mistake(
        id="tanh_naive_exp_overflows",
        topic="activations",
        title=Text(
            "naive (e^x - e^-x) / (e^x + e^-x) overflows to nan",
            "단순한 (e^x - e^-x) / (e^x + e^-x)가 넘쳐서 nan이 됨",
        ),
        explanation=Text(
            "For |x| > 709 one of e^x, e^-x is inf, and inf / inf is nan. Exponentiate only "
            "-|x|: with z = exp(-|x|)**2, tanh(x) = sign(x) * (1 - z) / (1 + z).",
            "|x| > 709이면 e^x와 e^-x 중 하나가 inf가 되고, inf / inf는 nan입니다. exp에는 "
            "-|x|만 넣으세요: z = exp(-|x|)**2이면 tanh(x) = sign(x) * (1 - z) / (1 + z).",
        ),
        overrides=(tanh_forward__naive_exp,),
    ),
    Mistake(
        id="tanh_as_two_sigmoid_x_minus_one",
        topic="activations",
        title=Text(
            "2 * sigmoid(x) - 1 instead of 2 * sigmoid(2x) - 1",
            "2 * sigmoid(2x) - 1 대신 2 * sigmoid(x) - 1",
        ),
        explanation=Text(
            "The identity is tanh(x) = 2 * sigmoid(2x) - 1; without the 2x you get "
            "tanh(x / 2), which is too flat. Some course notes drop the 2.",
            "항등식은 tanh(x) = 2 * sigmoid(2x) - 1입니다. 2x 대신 x를 넣으면 tanh(x / 2)가 되어 "
            "곡선이 너무 완만해집니다. 강의 노트에도 2가 빠진 경우가 있습니다.",
        ),
        overrides=(tanh_forward__two_sigmoid_x,),
    ),
    Mistake(
        id="tanh_sigmoid_identity_with_naive_sigmoid",
        topic="activations",
        title=Text(
            "2 / (1 + exp(-2x)) - 1: right values, overflow warnings",
            "2 / (1 + exp(-2x)) - 1: 값은 맞지만 overflow 경고",
        ),
        explanation=Text(
            "The identity 2 * sigmoid(2x) - 1 is right, but with the naive sigmoid exp(-2x) "
            "overflows for x < -354 (2 / inf - 1 happens to give -1, with a warning). Use the "
            "stable sigmoid, which only exponentiates non-positive numbers.",
            "항등식 2 * sigmoid(2x) - 1은 맞지만, 단순한 시그모이드를 쓰면 x < -354에서 "
            "exp(-2x)가 넘칩니다 (2 / inf - 1이 우연히 -1이 되지만 경고가 납니다). 0 이하의 "
            "수만 exp에 넣는 안정적인 시그모이드를 쓰세요.",
        ),
        overrides=(tanh_forward__naive_sigmoid_identity,),
    ),
    Mistake(
        id="tanh_backward_uses_x_as_t",
        topic="activations",
        title=Text(
            "derivative 1 - x**2 instead of 1 - t**2", "1 - t**2 대신 1 - x**2로 계산한 미분"
        ),
        explanation=Text(
            "The derivative is 1 - t**2 with t = tanh(x), the output, not 1 - x**2: cache the "
            "output t.",
            "미분은 1 - x**2가 아니라 출력 t = tanh(x)로 계산한 1 - t**2입니다. 출력 t를 cache에 "
            "저장하세요.",
        ),
        overrides=(tanh_forward__caches_input, tanh_backward__uses_cache_as_t),
    ),
    Mistake(
        id="tanh_backward_forgets_dout",
        topic="activations",
        title=Text("tanh's local gradient without dout", "dout을 곱하지 않은 tanh 국소 기울기"),
        explanation=Text(
            "The chain rule multiplies the local derivative 1 - t**2 by the upstream "
            "gradient dout.",
            "연쇄 법칙(chain rule)에 따라 국소 미분 1 - t**2에 위에서 온 기울기 dout을 곱해야 "
            "합니다.",
        ),
        overrides=(tanh_backward__forgets_dout,),
    ),
    Mistake(
        id="tanh_backward_missing_square",
        topic="activations",
        title=Text("derivative 1 - t instead of 1 - t**2", "1 - t**2 대신 1 - t로 계산한 미분"),
        explanation=Text(
            "d tanh/dx = 1 - tanh(x)**2 = (1 - t)(1 + t): without the square the gradient is "
            "wrong everywhere except at t = 0, and up to 2 for negative x.",
            "tanh의 미분은 1 - tanh(x)**2 = (1 - t)(1 + t)입니다. 제곱을 빠뜨리면 t = 0 말고는 "
            "모든 곳에서 틀리고, 음수 x에서는 2까지 커집니다.",
        ),
        overrides=(tanh_backward__no_square,),
    ),
    Mistake(
        id="tanh_backward_uses_sigmoid_derivative",
        topic="activations",
        title=Text(
            "sigmoid's derivative t(1 - t) used for tanh", "tanh에 시그모이드의 미분 t(1 - t)를 씀"
        ),
        explanation=Text(
            "s(1 - s) is the sigmoid's derivative (at most 1/4); tanh's is 1 - t**2, which "
            "is 1 at x = 0: tanh's gradient vanishes less.",
            "s(1 - s)는 시그모이드의 미분입니다 (최대 1/4). tanh의 미분은 1 - t**2로 x = 0에서 "
            "1이므로, tanh는 기울기 소실이 덜합니다.",
        ),
        overrides=(tanh_backward__sigmoid_derivative,),
    ),
)


def sigmoid_forward__tanh_identity(x):
    # sigmoid(x) = (1 + tanh(x / 2)) / 2: never overflows.
    out = 0.5 * (1.0 + np.tanh(0.5 * x))
    return out, out


def sigmoid_backward__from_x(dout, cache):
    s = cache
    return dout * (s - s * s)


def relu_forward__where(x):
    return np.where(x > 0, x, 0.0), x > 0


def relu_backward__bool_mask(dout, cache):
    dx = np.zeros_like(dout)
    dx[cache] = dout[cache]
    return dx


def sigmoid_forward__float32_inside(x):
    # float32 internally, cast back: accurate to ~1e-7 relative, inside the tolerance.
    x32 = np.clip(x, -80, 80).astype(np.float32)
    out = (1.0 / (1.0 + np.exp(-x32))).astype(np.float64)
    out = np.where(x < -80, np.exp(np.clip(x, -745, -80)), out)
    return out, out


def tanh_forward__np_tanh(x):
    t = np.tanh(x)
    return t, t


def tanh_backward__factored(dout, cache):
    # 1 - t**2 = (1 - t)(1 + t), more accurate where |t| is close to 1.
    return dout * (1.0 - cache) * (1.0 + cache)


def tanh_forward__stable_sigmoid(x):
    # tanh(x) = 2 * sigmoid(2x) - 1 with the stable sigmoid; the cache is sigmoid(2x).
    # x is clipped first (tanh(20) rounds to 1.0; 2x would overflow near 1.8e308).
    x2 = 2.0 * np.clip(x, -20.0, 20.0)
    z = np.exp(-np.abs(x2))
    s = np.where(x2 >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
    return 2.0 * s - 1.0, s


def tanh_backward__from_sigmoid(dout, cache):
    # d/dx (2 sigmoid(2x) - 1) = 4 s (1 - s) with s = sigmoid(2x).
    s = cache
    return 4.0 * dout * s * (1.0 - s)


ALTERNATIVES = (
    Alternative(
        id="sigmoid_via_tanh",
        topic="activations",
        why="tanh identity and s - s*s",
        overrides=(sigmoid_forward__tanh_identity, sigmoid_backward__from_x),
    ),
    Alternative(
        id="relu_boolean_mask_cache",
        topic="activations",
        why="np.where and a boolean-mask cache",
        overrides=(relu_forward__where, relu_backward__bool_mask),
    ),
    Alternative(
        id="tanh_numpy",
        topic="activations",
        why="np.tanh and the factored derivative (1 - t)(1 + t)",
        overrides=(tanh_forward__np_tanh, tanh_backward__factored),
    ),
    Alternative(
        id="tanh_via_stable_sigmoid",
        topic="activations",
        why="2 * sigmoid(2x) - 1 with the stable sigmoid, sigmoid(2x) as the cache",
        overrides=(tanh_forward__stable_sigmoid, tanh_backward__from_sigmoid),
    ),
)

# Mutants of solutions/activations.py that behave exactly like it (each argued in docs/mutation.md):
# the mutation run (grader/frontends/mutation.py) expects these, and only these, to survive.
EQUIVALENT_MUTANTS: tuple[str, ...] = (
    "'x >= 0': comparison -> Gt",
)


# What the second stage of diagnosis (grader/engine/explain/) says of these mistakes when
# the catalogue is left out: (mistake, property) -> (detector kind, its words), each read
# and judged a correct description of the mistake.  tests/test_explain.py checks that it
# says exactly this, so a new or changed detector is reviewed here again.
EXPLAINED = {
    ("sigmoid_backward_forgets_dout", "sigmoid_backward_matches_autograd"): (
        "argument",
        "Your output equals PyTorch's computed with `dout` set to all 1s, on every input checked.",
    ),
    ("relu_gradient_one_at_zero", "relu_backward_matches_autograd"): (
        "positions",
        "Your output equals PyTorch's everywhere except at positions where `x` == 0: on every input checked, every difference is at such a position.",
    ),
    ("tanh_backward_forgets_dout", "tanh_backward_matches_autograd"): (
        "argument",
        "Your output equals PyTorch's computed with `dout` set to all 1s, on every input checked.",
    ),
}
