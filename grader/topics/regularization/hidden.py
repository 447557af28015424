"""Hidden suite for regularization: the public claims on more inputs, exact zeros, lam = 0."""

import numpy as np

from grader.define.strategies import sgd_weight_decay_steps, weights_and_lam
from grader.topics.regularization.definition import TOPIC

_p = TOPIC.prop

ZEROS = np.array([[0.0, -0.0, 0.0], [1.0, -0.0, -2.5]])
ALL_ZERO = {"w": np.zeros((2, 3)), "lam": 3.0}
SIGNED_ZEROS = {"w": ZEROS, "lam": 0.25}
LAM_ZERO = {"w": np.array([1e5, -3.0, 0.0, 2.0]), "lam": 0.0}
LARGE = {"w": np.array([1e6, -1e6, 123456.789, -1e-300]), "lam": 7.5}

HIDDEN = (
    _p("l1_penalty_matches_torch").with_inputs(
        "hidden_l1_penalty_zeros_and_lam_zero",
        weights_and_lam(max_side=8, zeros=True),
        max_examples=8,
        examples=(ALL_ZERO, SIGNED_ZEROS, LAM_ZERO, LARGE),
    ),
    _p("l1_penalty_grad_matches_autograd").with_inputs(
        "hidden_l1_penalty_grad_exact_zeros",
        weights_and_lam(max_side=8, zeros=True),
        max_examples=10,
        examples=(ALL_ZERO, SIGNED_ZEROS, LAM_ZERO, LARGE),
    ),
    _p("l2_penalty_matches_torch").with_inputs(
        "hidden_l2_penalty_zeros_and_large",
        weights_and_lam(max_side=8, zeros=True),
        max_examples=8,
        examples=(ALL_ZERO, SIGNED_ZEROS, LAM_ZERO, LARGE),
    ),
    _p("l2_penalty_grad_matches_autograd").with_inputs(
        "hidden_l2_penalty_grad_zeros_and_lam_zero",
        weights_and_lam(max_side=8, zeros=True),
        max_examples=8,
        examples=(ALL_ZERO, SIGNED_ZEROS, LAM_ZERO, LARGE),
    ),
    _p("l2_penalty_grad_step_matches_sgd_weight_decay").with_inputs(
        "hidden_l2_sgd_step_more_steps",
        sgd_weight_decay_steps(max_side=8),
        max_examples=8,
        examples=(
            {"w": np.array([2.0, -0.0, 0.5]), "lam": 0.0, "g": np.ones(3), "lr": 0.5},
            {"w": np.array([[1.0, -1.0]]), "lam": 10.0, "g": np.zeros((1, 2)), "lr": 0.1},
        ),
    ),
    _p("l1_penalty_grad_leaves_inputs_unchanged").with_inputs(
        "hidden_l1_penalty_grad_unchanged_with_zeros",
        weights_and_lam(max_side=8, zeros=True),
        max_examples=5,
        examples=(SIGNED_ZEROS,),
    ),
    _p("l2_penalty_grad_leaves_inputs_unchanged").with_inputs(
        "hidden_l2_penalty_grad_unchanged_lam_one",
        weights_and_lam(max_side=8),
        max_examples=5,
        examples=({"w": np.array([1.0, -2.0, 3.0]), "lam": 1.0}, LAM_ZERO),
    ),
)
