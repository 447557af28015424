"""Hidden suite for optim: the public claims on harder inputs (longer trajectories, larger
weights arrays, extreme settings, refusals at their boundaries)."""

import numpy as np
from hypothesis import strategies as st

from grader.topics.optim.definition import (
    ADAM_LRS,
    ADAM_SETTINGS_EXAMPLE,
    EPSILONS,
    ONE_STEP,
    SGD_DECAYS,
    TOPIC,
    TWENTY_STEPS,
    W0,
    adam_settings,
    invalid,
    invalid_adam_settings,
    invalid_sgd_settings,
    scheduled_trajectories,
    sgd_settings,
    trajectories,
)

_p = TOPIC.prop

# Settings at their edges: lr 0 (the weights stay, the state still moves), momentum near 1,
# dampening 1 (the buffer keeps its first gradient), beta1 = 0 (m is the gradient), beta2 = 0
# (v is its square), betas near 1, a large eps, strong weight decay.
EXTREME_LRS = st.sampled_from((0.0, 1e-4, 1.0, 2.0))
EXTREME_MOMENTA = st.sampled_from((0.999, 0.99, 1e-3, 1.0))
EXTREME_DAMPENINGS = st.sampled_from((1.0, 0.0, 0.999))
EXTREME_BETAS = st.sampled_from(((0.0, 0.0), (0.0, 0.999), (0.9, 0.0), (0.999, 0.9999), (0.5, 0.5)))
STRONG_DECAYS = st.sampled_from((0.0, 0.5, 2.0, 1e-4))

LONG = {"min_steps": 10, "max_steps": 25, "max_side": 4}
LONG_TWENTY = np.concatenate([TWENTY_STEPS, -TWENTY_STEPS[::-1]])

SGD_EXTREME = st.one_of(
    sgd_settings(lr=EXTREME_LRS, momentum=EXTREME_MOMENTA, dampening=EXTREME_DAMPENINGS),
    sgd_settings(lr=EXTREME_LRS, momentum=EXTREME_MOMENTA, nesterov=True),
)
ADAM_EXTREME = adam_settings(st.just(0.0), betas=EXTREME_BETAS)
ADAM_EXTREME_DECAY = adam_settings(STRONG_DECAYS, betas=EXTREME_BETAS)
SGD_LONG_CASE = {
    "w": W0,
    "dws": LONG_TWENTY,
    "lr": 0.05,
    "momentum": 0.99,
    "dampening": 1.0,
    "weight_decay": 0.1,
    "nesterov": False,
}
ADAM_LONG_CASE = {"w": W0, "dws": LONG_TWENTY, **ADAM_SETTINGS_EXAMPLE, "betas": (0.0, 0.0)}


HIDDEN = (
    _p("sgd_step_matches_torch").with_inputs(
        "hidden_sgd_step_long_trajectories",
        trajectories(sgd_settings(lr=st.one_of(EXTREME_LRS, st.floats(0.0, 2.0))), **LONG),
        max_examples=2,
        examples=({**SGD_LONG_CASE, "momentum": 0.0, "lr": 0.0},),
    ),
    _p("sgd_step_momentum_matches_torch").with_inputs(
        "hidden_sgd_step_momentum_extreme_settings",
        trajectories(
            sgd_settings(lr=EXTREME_LRS, momentum=EXTREME_MOMENTA, dampening=EXTREME_DAMPENINGS),
            max_steps=20,
        ),
        max_examples=3,
        examples=(SGD_LONG_CASE, {**SGD_LONG_CASE, "lr": 0.0, "dampening": 0.0}),
    ),
    _p("sgd_step_nesterov_matches_torch").with_inputs(
        "hidden_sgd_step_nesterov_long_trajectories",
        trajectories(sgd_settings(lr=EXTREME_LRS, momentum=EXTREME_MOMENTA, nesterov=True), **LONG),
        max_examples=2,
        examples=({**SGD_LONG_CASE, "dampening": 0.0, "nesterov": True},),
    ),
    _p("sgd_step_momentum_follows_a_schedule").with_inputs(
        "hidden_sgd_step_momentum_long_schedules",
        scheduled_trajectories(SGD_EXTREME),
        max_examples=2,
    ),
    _p("sgd_step_state_matches_torch").with_inputs(
        "hidden_sgd_step_state_extreme_settings",
        trajectories(st.one_of(SGD_EXTREME, sgd_settings(lr=EXTREME_LRS)), max_steps=20),
        max_examples=2,
        examples=(SGD_LONG_CASE,),
    ),
    _p("sgd_step_leaves_inputs_unchanged").with_inputs(
        "hidden_sgd_step_unchanged_extreme_settings",
        trajectories(SGD_EXTREME, max_steps=5, max_side=4),
        max_examples=2,
    ),
    _p("sgd_step_refuses_like_torch").with_inputs(
        "hidden_sgd_step_refuses_at_the_boundaries",
        invalid(invalid_sgd_settings(), max_side=4),
        max_examples=2,
        examples=(
            {**SGD_LONG_CASE, "dws": ONE_STEP, "lr": -1e-300},
            {**SGD_LONG_CASE, "dws": ONE_STEP, "dampening": 1e-12, "nesterov": True},
            {**SGD_LONG_CASE, "dws": ONE_STEP, "momentum": 0.0, "dampening": 0.0,
             "nesterov": True, "weight_decay": 0.0},
            {**SGD_LONG_CASE, "dws": ONE_STEP, "weight_decay": -1e-300},
        ),
    ),
    _p("adam_step_matches_torch").with_inputs(
        "hidden_adam_step_extreme_betas_and_long_trajectories",
        trajectories(st.one_of(ADAM_EXTREME, adam_settings(st.just(0.0))), **LONG),
        max_examples=2,
        examples=(ADAM_LONG_CASE,),
    ),
    _p("adam_step_weight_decay_matches_torch").with_inputs(
        "hidden_adam_step_strong_weight_decay",
        trajectories(ADAM_EXTREME_DECAY, max_steps=20, max_side=4),
        max_examples=2,
        examples=({**ADAM_LONG_CASE, "weight_decay": 2.0},),
    ),
    _p("adam_step_state_matches_torch").with_inputs(
        "hidden_adam_step_state_extreme_betas",
        trajectories(st.one_of(ADAM_EXTREME, ADAM_EXTREME_DECAY), max_steps=20),
        max_examples=2,
        examples=(ADAM_LONG_CASE,),
    ),
    _p("adam_step_leaves_inputs_unchanged").with_inputs(
        "hidden_adam_step_unchanged_extreme_betas",
        trajectories(ADAM_EXTREME_DECAY, max_steps=5, max_side=4),
        max_examples=2,
    ),
    _p("adam_step_refuses_like_torch").with_inputs(
        "hidden_adam_step_refuses_at_the_boundaries",
        invalid(invalid_adam_settings(ADAM_EXTREME_DECAY), max_side=4),
        max_examples=2,
        examples=(
            {**ADAM_LONG_CASE, "dws": ONE_STEP, "betas": (0.9, 1.0)},
            {**ADAM_LONG_CASE, "dws": ONE_STEP, "betas": (1.0, 0.0)},
            {**ADAM_LONG_CASE, "dws": ONE_STEP, "eps": -1e-300},
            {**ADAM_LONG_CASE, "dws": ONE_STEP, "lr": -1e-300},
        ),
    ),
    _p("adamw_step_matches_torch").with_inputs(
        "hidden_adamw_step_extreme_settings_and_long_trajectories",
        trajectories(
            st.one_of(
                ADAM_EXTREME_DECAY,
                st.fixed_dictionaries(
                    {"lr": ADAM_LRS, "betas": EXTREME_BETAS, "eps": EPSILONS,
                     "weight_decay": SGD_DECAYS}
                ),
            ),
            **LONG,
        ),
        max_examples=2,
        examples=({**ADAM_LONG_CASE, "weight_decay": 2.0, "lr": 0.5},),
    ),
    _p("adamw_step_state_matches_torch").with_inputs(
        "hidden_adamw_step_state_extreme_settings",
        trajectories(ADAM_EXTREME_DECAY, max_steps=20),
        max_examples=2,
        examples=({**ADAM_LONG_CASE, "weight_decay": 2.0},),
    ),
    _p("adamw_step_leaves_inputs_unchanged").with_inputs(
        "hidden_adamw_step_unchanged_extreme_settings",
        trajectories(ADAM_EXTREME_DECAY, max_steps=5, max_side=4),
        max_examples=2,
    ),
    _p("adamw_step_refuses_like_torch").with_inputs(
        "hidden_adamw_step_refuses_at_the_boundaries",
        invalid(invalid_adam_settings(ADAM_EXTREME_DECAY), max_side=4),
        max_examples=2,
        examples=(
            {**ADAM_LONG_CASE, "dws": ONE_STEP, "betas": (0.9, 1.0)},
            {**ADAM_LONG_CASE, "dws": ONE_STEP, "betas": (-1e-300, 0.9)},
            {**ADAM_LONG_CASE, "dws": ONE_STEP, "weight_decay": -1e-300},
        ),
    ),
)
