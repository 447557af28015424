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
)

# Mutants of solutions/activations.py that behave exactly like it (each argued in docs/mutation.md):
# the mutation run (grader/frontends/mutation.py) expects these, and only these, to survive.
EQUIVALENT_MUTANTS: tuple[str, ...] = (
    "'x >= 0': comparison -> Gt",
)
