"""Known mistakes and alternative correct solutions for optim.py.

Overrides may call the reference's helpers (``_check_adam``, ``_adam_update``): an entry
is materialised after the whole solution module (grader/define/catalogue.py).
"""

import numpy as np

from grader.define.catalogue import Alternative, Mistake
from grader.define.i18n import Text

# --------------------------------------------------------------------------- sgd_step


def sgd_step__cs231n_velocity(
    w, dw, state, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False
):
    # CS231n's sgd_momentum: the velocity holds the learning rate, and starts at zeros.
    if lr < 0.0 or momentum < 0.0 or weight_decay < 0.0:
        raise ValueError("invalid setting")
    if nesterov and (momentum <= 0.0 or dampening != 0.0):
        raise ValueError("Nesterov momentum requires a momentum and zero dampening")
    g = dw + weight_decay * w
    if momentum == 0.0:
        return w - lr * g, {}
    if state is None:
        v = -lr * g  # zeros * momentum - lr * g
    else:
        v = momentum * state["momentum_buffer"] - lr * (1.0 - dampening) * g
    step = momentum * v - lr * g if nesterov else v
    return w + step, {"momentum_buffer": v}


def sgd_step__dampens_first_step(
    w, dw, state, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False
):
    if lr < 0.0 or momentum < 0.0 or weight_decay < 0.0:
        raise ValueError("invalid setting")
    if nesterov and (momentum <= 0.0 or dampening != 0.0):
        raise ValueError("Nesterov momentum requires a momentum and zero dampening")
    g = dw + weight_decay * w
    if momentum == 0.0:
        return w - lr * g, {}
    # The buffer starts at zeros and gets the usual update, dampening included.
    buf = np.zeros_like(w) if state is None else state["momentum_buffer"]
    buf = momentum * buf + (1.0 - dampening) * g
    step = g + momentum * buf if nesterov else buf
    return w - lr * step, {"momentum_buffer": buf}


def sgd_step__nesterov_ignored(
    w, dw, state, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False
):
    if lr < 0.0 or momentum < 0.0 or weight_decay < 0.0:
        raise ValueError("invalid setting")
    if nesterov and (momentum <= 0.0 or dampening != 0.0):
        raise ValueError("Nesterov momentum requires a momentum and zero dampening")
    g = dw + weight_decay * w
    if momentum == 0.0:
        return w - lr * g, {}
    if state is None:
        buf = g.copy()
    else:
        buf = momentum * state["momentum_buffer"] + (1.0 - dampening) * g
    return w - lr * buf, {"momentum_buffer": buf}


def sgd_step__decay_outside_momentum(
    w, dw, state, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False
):
    if lr < 0.0 or momentum < 0.0 or weight_decay < 0.0:
        raise ValueError("invalid setting")
    if nesterov and (momentum <= 0.0 or dampening != 0.0):
        raise ValueError("Nesterov momentum requires a momentum and zero dampening")
    if momentum == 0.0:
        return w - lr * (dw + weight_decay * w), {}
    # The buffer averages the data gradient only; the decay is added to the step.
    if state is None:
        buf = dw.copy()
    else:
        buf = momentum * state["momentum_buffer"] + (1.0 - dampening) * dw
    step = dw + momentum * buf if nesterov else buf
    return w - lr * (step + weight_decay * w), {"momentum_buffer": buf}


def sgd_step__updates_w_in_place(
    w, dw, state, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False
):
    if lr < 0.0 or momentum < 0.0 or weight_decay < 0.0:
        raise ValueError("invalid setting")
    if nesterov and (momentum <= 0.0 or dampening != 0.0):
        raise ValueError("Nesterov momentum requires a momentum and zero dampening")
    g = dw + weight_decay * w
    new_state = {}
    if momentum != 0.0:
        if state is None:
            buf = g.copy()
        else:
            buf = momentum * state["momentum_buffer"] + (1.0 - dampening) * g
        new_state = {"momentum_buffer": buf}
        g = g + momentum * buf if nesterov else buf
    w -= lr * g  # CS231n's sgd: the caller's weights change
    return w, new_state


def sgd_step__nesterov_not_refused(
    w, dw, state, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False
):
    if lr < 0.0 or momentum < 0.0 or weight_decay < 0.0:
        raise ValueError("invalid setting")
    g = dw + weight_decay * w
    if momentum == 0.0:
        return w - lr * g, {}
    if state is None:
        buf = g.copy()
    else:
        buf = momentum * state["momentum_buffer"] + (1.0 - dampening) * g
    step = g + momentum * buf if nesterov else buf
    return w - lr * step, {"momentum_buffer": buf}


# --------------------------------------------------------------------------- adam_step


def adam_step__no_bias_correction(
    w, dw, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0
):
    _check_adam(lr, betas, eps, weight_decay)  # noqa: F821 (the solution's helper)
    beta1, beta2 = betas
    g = dw + weight_decay * w
    if state is None:
        step, m, v = 0, np.zeros_like(w), np.zeros_like(w)
    else:
        step, m, v = state["step"], state["exp_avg"], state["exp_avg_sq"]
    step += 1
    m = beta1 * m + (1.0 - beta1) * g
    v = beta2 * v + (1.0 - beta2) * g * g
    new_w = w - lr * m / (np.sqrt(v) + eps)
    return new_w, {"step": step, "exp_avg": m, "exp_avg_sq": v}


def adam_step__bias_correction_from_zero(
    w, dw, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0
):
    _check_adam(lr, betas, eps, weight_decay)  # noqa: F821
    beta1, beta2 = betas
    g = dw + weight_decay * w
    if state is None:
        step, m, v = 0, np.zeros_like(w), np.zeros_like(w)
    else:
        step, m, v = state["step"], state["exp_avg"], state["exp_avg_sq"]
    step += 1
    m = beta1 * m + (1.0 - beta1) * g
    v = beta2 * v + (1.0 - beta2) * g * g
    t = step - 1  # the count before this step: 0 on the first call
    m_hat = m / (1.0 - beta1**t)
    v_hat = v / (1.0 - beta2**t)
    new_w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return new_w, {"step": step, "exp_avg": m, "exp_avg_sq": v}


def adam_step__eps_inside_sqrt(
    w, dw, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0
):
    _check_adam(lr, betas, eps, weight_decay)  # noqa: F821
    beta1, beta2 = betas
    g = dw + weight_decay * w
    if state is None:
        step, m, v = 0, np.zeros_like(w), np.zeros_like(w)
    else:
        step, m, v = state["step"], state["exp_avg"], state["exp_avg_sq"]
    step += 1
    m = beta1 * m + (1.0 - beta1) * g
    v = beta2 * v + (1.0 - beta2) * g * g
    m_hat = m / (1.0 - beta1**step)
    v_hat = v / (1.0 - beta2**step)
    new_w = w - lr * m_hat / np.sqrt(v_hat + eps)
    return new_w, {"step": step, "exp_avg": m, "exp_avg_sq": v}


def adam_step__eps_after_folding_the_correction(
    w, dw, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0
):
    _check_adam(lr, betas, eps, weight_decay)  # noqa: F821
    beta1, beta2 = betas
    g = dw + weight_decay * w
    if state is None:
        step, m, v = 0, np.zeros_like(w), np.zeros_like(w)
    else:
        step, m, v = state["step"], state["exp_avg"], state["exp_avg_sq"]
    step += 1
    m = beta1 * m + (1.0 - beta1) * g
    v = beta2 * v + (1.0 - beta2) * g * g
    # The paper's "efficient version" (also Keras'): the corrections in the step size,
    # eps added to sqrt(v) uncorrected.
    alpha = lr * np.sqrt(1.0 - beta2**step) / (1.0 - beta1**step)
    new_w = w - alpha * m / (np.sqrt(v) + eps)
    return new_w, {"step": step, "exp_avg": m, "exp_avg_sq": v}


def adam_step__weight_decay_ignored(
    w, dw, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0
):
    _check_adam(lr, betas, eps, weight_decay)  # noqa: F821
    return _adam_update(w, dw, state, lr, betas, eps)  # noqa: F821


def adam_step__decoupled_decay(
    w, dw, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0
):
    _check_adam(lr, betas, eps, weight_decay)  # noqa: F821
    return _adam_update(w * (1.0 - lr * weight_decay), dw, state, lr, betas, eps)  # noqa: F821


def adam_step__moments_updated_in_place(
    w, dw, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0
):
    _check_adam(lr, betas, eps, weight_decay)  # noqa: F821
    beta1, beta2 = betas
    g = dw + weight_decay * w
    if state is None:
        state = {"step": 0, "exp_avg": np.zeros_like(w), "exp_avg_sq": np.zeros_like(w)}
    m, v = state["exp_avg"], state["exp_avg_sq"]
    m *= beta1  # the previous step's arrays change
    m += (1.0 - beta1) * g
    v *= beta2
    v += (1.0 - beta2) * g * g
    step = state["step"] + 1
    m_hat = m / (1.0 - beta1**step)
    v_hat = v / (1.0 - beta2**step)
    new_w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return new_w, {"step": step, "exp_avg": m, "exp_avg_sq": v}


# --------------------------------------------------------------------------- adamw_step


def adamw_step__decay_in_the_gradient(
    w, dw, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2
):
    _check_adam(lr, betas, eps, weight_decay)  # noqa: F821
    return _adam_update(w, dw + weight_decay * w, state, lr, betas, eps)  # noqa: F821


def adamw_step__decay_after_the_step(
    w, dw, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2
):
    _check_adam(lr, betas, eps, weight_decay)  # noqa: F821
    new_w, new_state = _adam_update(w, dw, state, lr, betas, eps)  # noqa: F821
    return new_w * (1.0 - lr * weight_decay), new_state


def adamw_step__decay_without_lr(
    w, dw, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2
):
    _check_adam(lr, betas, eps, weight_decay)  # noqa: F821
    return _adam_update(w * (1.0 - weight_decay), dw, state, lr, betas, eps)  # noqa: F821


MISTAKES = (
    Mistake(
        id="sgd_cs231n_velocity",
        topic="optim",
        title=Text(
            "CS231n's velocity v = mu * v - lr * dw as the momentum buffer",
            "CS231n의 속도 v = mu * v - lr * dw를 모멘텀 버퍼로 씀",
        ),
        explanation=Text(
            "CS231n keeps the learning rate inside the velocity (v = mu * v - lr * dw, "
            "w += v). PyTorch's buffer holds gradients only (buf = momentum * buf + g, "
            "w -= lr * buf), so its state is a different array (v = -lr * buf), and when lr "
            "changes between steps, PyTorch's new lr scales the whole buffer at once.",
            "CS231n은 속도 안에 학습률을 넣습니다 (v = mu * v - lr * dw, w += v). PyTorch의 "
            "버퍼에는 기울기만 들어 있어서 (buf = momentum * buf + g, w -= lr * buf) state가 다른 "
            "배열(v = -lr * buf)이 되고, 스텝 사이에 lr이 바뀌면 PyTorch에서는 새 lr이 버퍼 전체에 "
            "바로 곱해집니다.",
        ),
        overrides=(sgd_step__cs231n_velocity,),
    ),
    Mistake(
        id="sgd_dampening_on_the_first_step",
        topic="optim",
        title=Text(
            "dampening applied on the first step (buffer started at zeros)",
            "첫 스텝에도 dampening을 적용함 (버퍼를 0에서 시작)",
        ),
        explanation=Text(
            "PyTorch starts the momentum buffer as the first gradient itself: buf = g, "
            "without the factor (1 - dampening). Starting from zeros and applying the usual "
            "update gives (1 - dampening) * g on the first step, a smaller first step, and "
            "every later buffer inherits the difference.",
            "PyTorch는 모멘텀 버퍼를 첫 기울기 그 자체로 시작합니다: (1 - dampening) 없이 "
            "buf = g. 0에서 시작해 평소의 갱신을 하면 첫 스텝에서 (1 - dampening) * g가 되어 첫 "
            "이동이 작아지고, 이후의 모든 버퍼가 그 차이를 물려받습니다.",
        ),
        overrides=(sgd_step__dampens_first_step,),
    ),
    Mistake(
        id="sgd_nesterov_as_plain_momentum",
        topic="optim",
        title=Text("Nesterov treated as plain momentum", "네스테로프를 일반 모멘텀처럼 계산함"),
        explanation=Text(
            "With nesterov=True PyTorch steps by g + momentum * buf (the gradient plus the "
            "updated buffer scaled once more by momentum), not by buf alone: the look-ahead "
            "is the whole point of Nesterov's method.",
            "nesterov=True이면 PyTorch는 buf만이 아니라 g + momentum * buf (기울기 + momentum을 "
            "한 번 더 곱한 갱신된 버퍼)만큼 이동합니다. 앞을 내다보는 이 항이 네스테로프 방법의 "
            "핵심입니다.",
        ),
        overrides=(sgd_step__nesterov_ignored,),
    ),
    Mistake(
        id="sgd_weight_decay_outside_the_buffer",
        topic="optim",
        title=Text(
            "SGD's weight decay added to the step instead of the gradient",
            "SGD의 가중치 감쇠를 기울기가 아니라 이동량에 더함",
        ),
        explanation=Text(
            "torch.optim.SGD adds weight_decay * w to the gradient before the momentum "
            "buffer, so the decay is averaged by the momentum too. Adding it to the step "
            "after the buffer (w - lr * (buf + weight_decay * w)) is a decoupled decay, "
            "another optimizer.",
            "torch.optim.SGD는 모멘텀 버퍼 전에 weight_decay * w를 기울기에 더하므로 감쇠도 "
            "모멘텀으로 평균됩니다. 버퍼 뒤에 이동량에 더하는 것(w - lr * (buf + weight_decay * "
            "w))은 분리된 감쇠로, 다른 옵티마이저입니다.",
        ),
        overrides=(sgd_step__decay_outside_momentum,),
    ),
    Mistake(
        id="sgd_weights_updated_in_place",
        topic="optim",
        title=Text("weights updated in place (w -= lr * g)", "가중치를 직접 갱신함 (w -= lr * g)"),
        explanation=Text(
            "w -= lr * g changes the caller's array: PyTorch does update its parameter in "
            "place, but this function's contract returns new weights and leaves w as it was "
            "(the caller may still need it, e.g. to compare two optimizers from the same "
            "start). Write new_w = w - lr * g.",
            "w -= lr * g는 호출한 쪽의 배열을 바꿉니다. PyTorch는 파라미터를 직접 갱신하지만, 이 "
            "함수의 규칙은 새 가중치를 돌려주고 w는 그대로 두는 것입니다 (예: 같은 출발점에서 두 "
            "옵티마이저를 비교할 때 호출한 쪽에 w가 필요함). new_w = w - lr * g로 쓰세요.",
        ),
        overrides=(sgd_step__updates_w_in_place,),
    ),
    Mistake(
        id="sgd_nesterov_settings_not_refused",
        topic="optim",
        title=Text(
            "Nesterov accepted without momentum or with dampening",
            "모멘텀 없이 또는 dampening과 함께 네스테로프를 받아들임",
        ),
        explanation=Text(
            "torch.optim.SGD raises ValueError for nesterov=True with momentum <= 0 or "
            "dampening != 0: Nesterov's look-ahead needs a momentum, and is defined without "
            "dampening. Silently running plain SGD hides the wrong setting.",
            "torch.optim.SGD는 momentum <= 0이나 dampening != 0인데 nesterov=True이면 ValueError를 "
            "일으킵니다. 네스테로프의 앞을 내다보는 항에는 모멘텀이 필요하고, dampening 없이 "
            "정의됩니다. 조용히 기본 SGD로 계산하면 잘못된 설정이 드러나지 않습니다.",
        ),
        overrides=(sgd_step__nesterov_not_refused,),
    ),
    Mistake(
        id="adam_no_bias_correction",
        topic="optim",
        title=Text("Adam without bias correction", "편향 보정을 하지 않은 Adam"),
        explanation=Text(
            "m and v start at zero, so in the first steps they are far smaller than the "
            "gradients they average: PyTorch divides them by 1 - beta1**t and 1 - beta2**t. "
            "Without that, the first steps are far off (with beta1 = 0.9 the first m is a "
            "tenth of the gradient).",
            "m과 v는 0에서 시작하므로 처음 몇 스텝에서는 평균하려는 기울기보다 훨씬 작습니다. "
            "PyTorch는 이를 1 - beta1**t와 1 - beta2**t로 나눕니다. 보정하지 않으면 초반 스텝이 크게 "
            "어긋납니다 (beta1 = 0.9이면 첫 m은 기울기의 10분의 1).",
        ),
        overrides=(adam_step__no_bias_correction,),
    ),
    Mistake(
        id="adam_bias_correction_from_step_zero",
        topic="optim",
        title=Text(
            "bias correction counted from step 0", "편향 보정의 스텝을 0부터 셈"
        ),
        explanation=Text(
            "The step count t must include the step being taken: t = 1 on the first call, "
            "so that 1 - beta**t is not 0. Using the count from before the step divides by "
            "1 - beta**0 = 0 on the first call (inf and nan) and corrects every later step "
            "with the wrong power.",
            "스텝 수 t에는 지금 하는 스텝이 들어가야 합니다: 첫 호출에서 t = 1이어야 1 - beta**t가 "
            "0이 아닙니다. 스텝 전의 수를 쓰면 첫 호출에서 1 - beta**0 = 0으로 나누게 되고 (inf와 "
            "nan), 이후 모든 스텝을 틀린 거듭제곱으로 보정합니다.",
        ),
        overrides=(adam_step__bias_correction_from_zero,),
    ),
    Mistake(
        id="adam_eps_inside_the_square_root",
        topic="optim",
        title=Text("eps inside the square root", "eps를 제곱근 안에 넣음"),
        explanation=Text(
            "PyTorch adds eps after the square root: sqrt(v_hat) + eps. sqrt(v_hat + eps) is "
            "another formula (RMSprop write-ups and batch norm use it): with eps = 1e-8 it "
            "adds 1e-4 to the denominator instead of 1e-8, which changes every step where "
            "the gradients are small.",
            "PyTorch는 eps를 제곱근 뒤에 더합니다: sqrt(v_hat) + eps. sqrt(v_hat + eps)는 다른 "
            "식입니다 (일부 RMSprop 설명과 배치 정규화가 씀). eps = 1e-8이면 분모에 1e-8 대신 "
            "1e-4를 더하는 셈이라, 기울기가 작은 모든 스텝이 달라집니다.",
        ),
        overrides=(adam_step__eps_inside_sqrt,),
    ),
    Mistake(
        id="adam_eps_on_the_uncorrected_root",
        topic="optim",
        title=Text(
            "bias correction folded into the step size, eps added to sqrt(v)",
            "편향 보정을 스텝 크기에 넣고 eps를 sqrt(v)에 더함",
        ),
        explanation=Text(
            "The Adam paper's \"efficient version\" (and Keras) computes "
            "lr * sqrt(1 - beta2**t) / (1 - beta1**t) * m / (sqrt(v) + eps): there eps is "
            "added to the uncorrected sqrt(v), which amounts to a larger eps in the first "
            "steps. PyTorch adds eps to the corrected root: m_hat / (sqrt(v_hat) + eps).",
            "Adam 논문의 \"효율적인 버전\"(과 Keras)은 lr * sqrt(1 - beta2**t) / (1 - beta1**t) * "
            "m / (sqrt(v) + eps)로 계산합니다. 여기서는 eps를 보정하지 않은 sqrt(v)에 더하므로 초반 "
            "스텝에서 eps가 더 큰 셈입니다. PyTorch는 보정한 제곱근에 더합니다: m_hat / "
            "(sqrt(v_hat) + eps).",
        ),
        overrides=(adam_step__eps_after_folding_the_correction,),
    ),
    Mistake(
        id="adam_weight_decay_ignored",
        topic="optim",
        title=Text("Adam's weight_decay ignored", "Adam의 weight_decay를 무시함"),
        explanation=Text(
            "torch.optim.Adam's weight_decay adds weight_decay * w to the gradient (L2 "
            "regularization) before the moving averages; a step that never reads "
            "weight_decay is Adam without it.",
            "torch.optim.Adam의 weight_decay는 이동 평균 전에 weight_decay * w를 기울기에 "
            "더합니다 (L2 규제). weight_decay를 읽지 않는 스텝은 감쇠 없는 Adam입니다.",
        ),
        overrides=(adam_step__weight_decay_ignored,),
    ),
    Mistake(
        id="adam_decay_decoupled_like_adamw",
        topic="optim",
        title=Text(
            "Adam's weight decay applied like AdamW's", "Adam의 가중치 감쇠를 AdamW처럼 적용함"
        ),
        explanation=Text(
            "torch.optim.Adam's weight_decay is L2: weight_decay * w joins the gradient and "
            "goes through m and v. Shrinking the weights directly, w * (1 - lr * "
            "weight_decay), is AdamW's decoupled decay: a different optimizer with the same "
            "argument name.",
            "torch.optim.Adam의 weight_decay는 L2입니다: weight_decay * w가 기울기에 더해져 m과 v를 "
            "거칩니다. 가중치를 직접 줄이는 것(w * (1 - lr * weight_decay))은 AdamW의 분리된 "
            "감쇠로, 인자 이름만 같은 다른 옵티마이저입니다.",
        ),
        overrides=(adam_step__decoupled_decay,),
    ),
    Mistake(
        id="adam_moments_updated_in_place",
        topic="optim",
        title=Text(
            "the state's moments updated in place (m *= beta1)",
            "state의 이동 평균을 직접 갱신함 (m *= beta1)",
        ),
        explanation=Text(
            "m *= beta1 and m += ... change the arrays inside the state you were given, "
            "which belong to the previous step (PyTorch keeps one state and changes it; "
            "this function's contract returns a new one). Compute "
            "m = beta1 * m + (1 - beta1) * g as a new array.",
            "m *= beta1, m += ...는 받은 state 안의 배열, 즉 이전 스텝의 배열을 바꿉니다 "
            "(PyTorch는 state 하나를 직접 고치지만, 이 함수의 규칙은 새 state를 돌려주는 "
            "것입니다). m = beta1 * m + (1 - beta1) * g로 새 배열을 만드세요.",
        ),
        overrides=(adam_step__moments_updated_in_place,),
    ),
    Mistake(
        id="adamw_decay_coupled_into_the_gradient",
        topic="optim",
        title=Text(
            "AdamW's decay added to the gradient (that is Adam's L2)",
            "AdamW의 감쇠를 기울기에 더함 (Adam의 L2)",
        ),
        explanation=Text(
            "Adding weight_decay * w to the gradient sends the decay through m and v and "
            "divides it by sqrt(v_hat): weights with large gradients are barely decayed. "
            "That is Adam's L2. AdamW decouples it: w * (1 - lr * weight_decay) first, then "
            "Adam's step of the data gradient alone.",
            "weight_decay * w를 기울기에 더하면 감쇠가 m과 v를 거쳐 sqrt(v_hat)으로 나뉘므로, "
            "기울기가 큰 가중치는 거의 줄지 않습니다. 이것은 Adam의 L2입니다. AdamW는 이를 "
            "분리합니다: 먼저 w * (1 - lr * weight_decay), 그다음 데이터 기울기만으로 Adam 스텝.",
        ),
        overrides=(adamw_step__decay_in_the_gradient,),
    ),
    Mistake(
        id="adamw_decay_after_the_step",
        topic="optim",
        title=Text("AdamW's decay applied after the step", "AdamW의 감쇠를 스텝 뒤에 적용함"),
        explanation=Text(
            "PyTorch shrinks the weights BEFORE the Adam update: (w * (1 - lr * wd)) - "
            "step. Shrinking after it, (w - step) * (1 - lr * wd), also shrinks the step, "
            "by lr * wd of it at every step.",
            "PyTorch는 Adam 갱신 전에 가중치를 줄입니다: (w * (1 - lr * wd)) - step. 갱신 뒤에 "
            "줄이면 ((w - step) * (1 - lr * wd)) 매 스텝 이동량까지 lr * wd만큼 줄어듭니다.",
        ),
        overrides=(adamw_step__decay_after_the_step,),
    ),
    Mistake(
        id="adamw_decay_not_scaled_by_lr",
        topic="optim",
        title=Text(
            "AdamW's decay not multiplied by the learning rate",
            "AdamW의 감쇠에 학습률을 곱하지 않음",
        ),
        explanation=Text(
            "PyTorch shrinks by w * (1 - lr * weight_decay): the decay follows the learning "
            "rate (and its schedule). w * (1 - weight_decay), with weight_decay = 1e-2, "
            "removes 1% of every weight at every step.",
            "PyTorch는 w * (1 - lr * weight_decay)로 줄입니다: 감쇠가 학습률(과 그 스케줄)을 "
            "따릅니다. w * (1 - weight_decay)는 weight_decay = 1e-2이면 매 스텝 모든 가중치의 1%를 "
            "없앱니다.",
        ),
        overrides=(adamw_step__decay_without_lr,),
    ),
)


# --------------------------------------------------------------------------- alternatives


def adam_step__torch_arrangement(
    w, dw, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0
):
    # PyTorch's arrangement: m by lerp, the corrections as a step size and a divided root.
    if lr < 0 or eps < 0 or not (0 <= betas[0] < 1 and 0 <= betas[1] < 1) or weight_decay < 0:
        raise ValueError("invalid Adam setting")
    beta1, beta2 = betas
    g = dw + weight_decay * w if weight_decay != 0 else dw
    state = state or {"step": 0, "exp_avg": np.zeros_like(w), "exp_avg_sq": np.zeros_like(w)}
    step = state["step"] + 1
    m = state["exp_avg"] + (1 - beta1) * (g - state["exp_avg"])
    v = state["exp_avg_sq"] * beta2 + (1 - beta2) * g * g
    step_size = lr / (1 - beta1**step)
    denom = np.sqrt(v) / (1 - beta2**step) ** 0.5 + eps
    return w - step_size * (m / denom), {"step": step, "exp_avg": m, "exp_avg_sq": v}


def adamw_step__torch_arrangement(
    w, dw, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2
):
    if lr < 0 or eps < 0 or not (0 <= betas[0] < 1 and 0 <= betas[1] < 1) or weight_decay < 0:
        raise ValueError("invalid AdamW setting")
    decayed = w - lr * weight_decay * w
    return adam_step(decayed, dw, state, lr, betas, eps, 0.0)  # noqa: F821


def sgd_step__copy_then_update(
    w, dw, state, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False
):
    for name, value in (("lr", lr), ("momentum", momentum), ("weight_decay", weight_decay)):
        if value < 0:
            raise ValueError(f"{name} must be >= 0")
    if nesterov and (momentum <= 0 or dampening != 0):
        raise ValueError("Nesterov needs momentum > 0 and dampening == 0")
    g = dw.copy()
    g += weight_decay * w
    new_state = {}
    if momentum:
        if state and "momentum_buffer" in state:
            buf = state["momentum_buffer"].copy()  # a copy may be changed in place
            buf *= momentum
            buf += (1 - dampening) * g
        else:
            buf = g.copy()
        new_state["momentum_buffer"] = buf
        g = g + momentum * buf if nesterov else buf
    new_w = w.copy()
    new_w -= lr * g
    return new_w, new_state


ALTERNATIVES = (
    Alternative(
        id="adam_torch_arrangement",
        topic="optim",
        why="PyTorch's algebra: lerp for m, lr / (1 - beta1**t) and sqrt(v) / sqrt(1 - beta2**t)",
        overrides=(adam_step__torch_arrangement, adamw_step__torch_arrangement),
    ),
    Alternative(
        id="sgd_copies_changed_in_place",
        topic="optim",
        why="in-place arithmetic on copies, a truthiness test for the state",
        overrides=(sgd_step__copy_then_update,),
    ),
)

# Mutants of solutions/optim.py that behave exactly like it (each argued in docs/mutation.md):
# the mutation run (grader/frontends/mutation.py) expects these, and only these, to survive.
EQUIVALENT_MUTANTS: tuple[str, ...] = ()


# What the second stage of diagnosis (grader/engine/explain/) says of these mistakes when
# the catalogue is left out: (mistake, property) -> (detector kind, its words), each read
# and judged a correct description of the mistake.  tests/test_explain.py checks that it
# says exactly this, so a new or changed detector is reviewed here again.
EXPLAINED = {}
