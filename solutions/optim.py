"""Reference solutions for exercises/optim.py (never shipped to students)."""

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
    # The checks of torch.optim.SGD's constructor, in its order.
    if lr < 0.0:
        raise ValueError(f"Invalid learning rate: {lr}")
    if momentum < 0.0:
        raise ValueError(f"Invalid momentum value: {momentum}")
    if weight_decay < 0.0:
        raise ValueError(f"Invalid weight_decay value: {weight_decay}")
    if nesterov and (momentum <= 0.0 or dampening != 0.0):
        raise ValueError("Nesterov momentum requires a momentum and zero dampening")
    g = dw + weight_decay * w
    if momentum == 0.0:
        return w - lr * g, {}  # PyTorch keeps no state without momentum
    if state is None or "momentum_buffer" not in state:
        buf = g  # the first step: the gradient itself, no dampening (g is a new array)
    else:
        buf = momentum * state["momentum_buffer"] + (1.0 - dampening) * g
    step = g + momentum * buf if nesterov else buf
    return w - lr * step, {"momentum_buffer": buf}


def _check_adam(lr: float, betas: tuple[float, float], eps: float, weight_decay: float) -> None:
    # The checks of torch.optim.Adam's (and AdamW's) constructor, in its order.
    if not 0.0 <= lr:
        raise ValueError(f"Invalid learning rate: {lr}")
    if not 0.0 <= eps:
        raise ValueError(f"Invalid epsilon value: {eps}")
    if not 0.0 <= betas[0] < 1.0:
        raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
    if not 0.0 <= betas[1] < 1.0:
        raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
    if not 0.0 <= weight_decay:
        raise ValueError(f"Invalid weight_decay value: {weight_decay}")


def _adam_update(
    w: np.ndarray, g: np.ndarray, state: dict | None, lr: float, betas: tuple, eps: float
) -> tuple[np.ndarray, dict]:
    """The Adam step shared by Adam and AdamW, for the gradient g."""
    beta1, beta2 = betas
    if state is None:
        step, exp_avg, exp_avg_sq = 0, np.zeros_like(w), np.zeros_like(w)
    else:
        step, exp_avg, exp_avg_sq = state["step"], state["exp_avg"], state["exp_avg_sq"]
    step = step + 1  # counted from 1: this step included
    exp_avg = beta1 * exp_avg + (1.0 - beta1) * g
    exp_avg_sq = beta2 * exp_avg_sq + (1.0 - beta2) * g * g
    m_hat = exp_avg / (1.0 - beta1**step)
    v_hat = exp_avg_sq / (1.0 - beta2**step)
    new_w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return new_w, {"step": step, "exp_avg": exp_avg, "exp_avg_sq": exp_avg_sq}


def adam_step(
    w: np.ndarray,
    dw: np.ndarray,
    state: dict | None,
    lr: float = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    weight_decay: float = 0.0,
) -> tuple[np.ndarray, dict]:
    _check_adam(lr, betas, eps, weight_decay)
    # Adam's weight decay is L2: added to the gradient, so it goes through m and v too.
    return _adam_update(w, dw + weight_decay * w, state, lr, betas, eps)


def adamw_step(
    w: np.ndarray,
    dw: np.ndarray,
    state: dict | None,
    lr: float = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    weight_decay: float = 1e-2,
) -> tuple[np.ndarray, dict]:
    _check_adam(lr, betas, eps, weight_decay)
    # Decoupled: the weights shrink first, then the Adam step of the data gradient alone.
    return _adam_update(w * (1.0 - lr * weight_decay), dw, state, lr, betas, eps)
