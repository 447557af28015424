"""Optimizers: one step of SGD (with momentum and Nesterov), Adam and AdamW.

Implement each function with NumPy only (no torch).  Each function makes ONE update of
the weights ``w`` (a float64 array of any shape) given their gradient ``dw`` (same shape),
exactly as ``torch.optim.SGD`` / ``Adam`` / ``AdamW`` do on a tensor whose ``.grad`` is
``dw``, and returns ``(new_w, new_state)``.

The state: an optimizer remembers things between steps (the momentum buffer, Adam's
moving averages).  Here it is passed in and returned, never kept inside:

* ``state`` is ``None`` before the first step; after that, pass back what the previous
  call returned: ``w, state = sgd_step(w, dw, state, lr=0.1)``.
* ``new_state`` is a NEW dict (str keys) of NumPy arrays and numbers, holding exactly
  what PyTorch keeps in ``optimizer.state[param]`` (the keys are in each docstring).
  The grader compares it with PyTorch's, and it travels to the grader as plain data, so
  no other objects in it.
* Never modify ``w``, ``dw``, ``state`` or the arrays inside ``state`` (no ``+=``,
  ``*=``, ``out=`` on them): build new arrays.

``pytest exercises/ -m optim`` checks your work against PyTorch;
``pytest exercises/ -m adam_step`` checks one function.

옵티마이저: SGD(모멘텀, 네스테로프 포함), Adam, AdamW의 한 스텝을 NumPy로 구현하세요.
각 함수는 가중치 w와 그 기울기 dw로 가중치를 한 번 갱신하고 (new_w, new_state)를
돌려줍니다. 옵티마이저가 스텝 사이에 기억하는 값(모멘텀 버퍼, Adam의 이동 평균)은 함수
안에 두지 않고 state로 주고받습니다. 첫 스텝에서는 state가 None이고, 그다음부터는 이전
호출이 돌려준 state를 다시 넘깁니다. new_state는 PyTorch의 optimizer.state[param]과 같은
내용을 담은 새 dict(키는 문자열, 값은 NumPy 배열과 숫자)입니다. w, dw, state와 state
안의 배열은 바꾸지 말고 새 배열을 만드세요.
"""

import numpy as np


def sgd_step(
    w: np.ndarray,
    dw: np.ndarray,
    state: dict | None,
    lr: float,
    momentum: float = 0.0,
    dampening: float = 0.0,
    weight_decay: float = 0.0,
    nesterov: bool = False,
) -> tuple[np.ndarray, dict]:
    """One step of ``torch.optim.SGD(params, lr, momentum, dampening, weight_decay, nesterov)``.

    Args:
        w: float64 array of any shape, the weights before the step.
        dw: float64 array of w's shape, the gradient of the loss at w.
        state: None before the first step, else the new_state of the previous call.
        lr: learning rate >= 0.  momentum >= 0, dampening, weight_decay >= 0, nesterov:
            as in torch.optim.SGD (same defaults).

    Returns:
        (new_w, new_state): new_w a float64 array of w's shape; new_state a new dict:
        ``{}`` when momentum == 0 (PyTorch keeps no buffer), else
        ``{"momentum_buffer": buf}`` (a float64 array of w's shape).

    Convention (PyTorch's, step by step):
        g = dw + weight_decay * w                      (weight decay joins the gradient)
        if momentum != 0:
            buf = g on the FIRST step (no dampening there, and no zeros before it),
            buf = momentum * buf + (1 - dampening) * g on every later step;
            g = g + momentum * buf if nesterov else buf
        new_w = w - lr * g
    Not CS231n's ``v = mu * v - lr * dw; w += v``: PyTorch's buffer holds no learning
    rate (v = -lr * buf), which gives the same steps while lr stays constant but not
    when lr changes between steps (a learning-rate schedule), and a different state.
    ValueError, as torch.optim.SGD: lr < 0, momentum < 0, weight_decay < 0, and
    nesterov=True with momentum <= 0 or dampening != 0.
    PyTorch counterpart: ``torch.optim.SGD``; the state is ``optimizer.state[param]``.

    SGD(확률적 경사 하강법) 한 스텝. 규칙 (PyTorch): 가중치 감쇠는 기울기에 더합니다
    (g = dw + weight_decay * w). momentum이 0이 아니면 모멘텀 버퍼는 첫 스텝에서 g 자체로
    시작하고 (이때는 dampening을 적용하지 않음), 그다음부터 buf = momentum * buf +
    (1 - dampening) * g입니다. nesterov이면 g + momentum * buf, 아니면 buf만큼
    new_w = w - lr * (...)로 이동합니다. CS231n의 v = mu * v - lr * dw와 달리 버퍼에
    학습률이 들어가지 않습니다. new_state는 momentum == 0이면 {}, 아니면
    {"momentum_buffer": buf}입니다. lr < 0, momentum < 0, weight_decay < 0, 그리고
    momentum <= 0이나 dampening != 0인데 nesterov=True이면 ValueError를 일으키세요.
    """
    raise NotImplementedError(
        "sgd_step is not implemented yet: read its docstring in "
        "exercises/optim.py, then replace this line with your code."
    )


def adam_step(
    w: np.ndarray,
    dw: np.ndarray,
    state: dict | None,
    lr: float = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    weight_decay: float = 0.0,
) -> tuple[np.ndarray, dict]:
    """One step of ``torch.optim.Adam(params, lr, betas, eps, weight_decay)``.

    Args:
        w, dw, state: as in sgd_step.
        lr >= 0, betas = (beta1, beta2) each in [0, 1), eps >= 0, weight_decay >= 0:
            as in torch.optim.Adam (same defaults).

    Returns:
        (new_w, new_state): new_state a new dict ``{"step": t, "exp_avg": m,
        "exp_avg_sq": v}``: t the number of steps taken, this one included (an int,
        1 after the first step), m and v float64 arrays of w's shape.

    Convention (PyTorch's): with t, m, v from the state (0, zeros, zeros at the first step)
        t = t + 1                                  (bias correction counts from step 1)
        g = dw + weight_decay * w                  (L2: decay joins the gradient)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t),  v_hat = v / (1 - beta2**t)
        new_w = w - lr * m_hat / (sqrt(v_hat) + eps)    (eps outside the square root)
    ValueError, as torch.optim.Adam: lr < 0, eps < 0, a beta outside [0, 1),
    weight_decay < 0.
    PyTorch counterpart: ``torch.optim.Adam``; the state is ``optimizer.state[param]``.

    Adam 한 스텝. 규칙 (PyTorch): state의 t, m, v(첫 스텝에서는 0, 0 배열, 0 배열)로
    t = t + 1 (편향 보정은 1번째 스텝부터 셈), g = dw + weight_decay * w (L2: 감쇠를
    기울기에 더함), m = beta1 * m + (1 - beta1) * g, v = beta2 * v + (1 - beta2) * g**2,
    m_hat = m / (1 - beta1**t), v_hat = v / (1 - beta2**t),
    new_w = w - lr * m_hat / (sqrt(v_hat) + eps)입니다. eps는 제곱근 밖에 더합니다.
    new_state는 {"step": t, "exp_avg": m, "exp_avg_sq": v}입니다. lr < 0, eps < 0,
    [0, 1) 밖의 beta, weight_decay < 0이면 ValueError를 일으키세요.
    """
    raise NotImplementedError(
        "adam_step is not implemented yet: read its docstring in "
        "exercises/optim.py, then replace this line with your code."
    )


def adamw_step(
    w: np.ndarray,
    dw: np.ndarray,
    state: dict | None,
    lr: float = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    weight_decay: float = 1e-2,
) -> tuple[np.ndarray, dict]:
    """One step of ``torch.optim.AdamW(params, lr, betas, eps, weight_decay)``.

    Args and returns: as in adam_step (the same state keys), but weight_decay defaults
    to 1e-2, as in torch.optim.AdamW.

    Convention (PyTorch's decoupled weight decay): FIRST shrink the weights,
        w = w * (1 - lr * weight_decay)
    THEN make adam_step's update with weight_decay = 0 from that w: the moments m and v
    see only the data gradient dw.  This is not Adam's L2 (decay added to the gradient,
    then divided by sqrt(v_hat) like the rest), and the shrinking is scaled by lr.
    ValueError: as adam_step.
    PyTorch counterpart: ``torch.optim.AdamW``; the state is ``optimizer.state[param]``.

    AdamW 한 스텝. 규칙 (PyTorch의 분리된 가중치 감쇠, decoupled weight decay): 먼저
    w = w * (1 - lr * weight_decay)로 가중치를 줄인 뒤, 그 w에서 weight_decay = 0인
    adam_step의 갱신을 합니다. m과 v에는 데이터 기울기 dw만 들어갑니다. 감쇠를 기울기에
    더하는 Adam의 L2와 다르고, 감쇠에는 lr을 곱합니다. weight_decay의 기본값은 1e-2입니다.
    state와 ValueError는 adam_step과 같습니다.
    """
    raise NotImplementedError(
        "adamw_step is not implemented yet: read its docstring in "
        "exercises/optim.py, then replace this line with your code."
    )
