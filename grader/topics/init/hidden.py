"""Hidden suite for init: the public claims on harder inputs (extreme fan ratios, 3-D
kernels, nn.Linear's a = sqrt(5), capitalised modes, larger samples).  The statistical
properties of a sampler share one strategy and count, so they draw the same inputs."""

import math

from grader.topics.init.definition import (
    MAX_INPUTS,
    SAMPLERS,
    TOPIC,
    any_shape_case,
    fans_case,
    gain_case,
    invalid_sampler_case,
    is_statistical,
    sampler_case,
    unknown_gain_case,
)

_p = TOPIC.prop

# Fans 40 times apart, a Conv3d kernel, and the nn.Linear / nn.Conv2d default init.
HARD_XAVIER = (
    {"shape": (400, 10, 2, 2), "seed": 10, "gain": 0.75},  # fans 40, 1600
    {"shape": (8, 1200), "seed": 11, "gain": 3.0},
    {"shape": (16, 8, 3, 3, 3), "seed": 12},  # Conv3d
)
HARD_KAIMING = (
    {"shape": (400, 10, 2, 2), "seed": 10, "mode": "FAN_OUT"},  # fan_out 1600
    {"shape": (8, 1200), "seed": 11, "a": 1.0},  # slope 1: gain 1
    {"shape": (64, 16, 3, 3), "seed": 12, "a": math.sqrt(5.0), "mode": "Fan_In"},
    {"shape": (16, 8, 3, 3, 3), "seed": 13, "nonlinearity": "selu"},
)
HARD = {
    "xavier_uniform": HARD_XAVIER,
    "xavier_normal": HARD_XAVIER,
    "kaiming_uniform": HARD_KAIMING,
    "kaiming_normal": HARD_KAIMING,
}


def _sampler_hidden(name: str) -> tuple:
    props = [
        _p(f"{name}_sample_std_matches_torch").with_inputs(
            f"hidden_{name}_std_extreme_fans",
            sampler_case(name, 8000, 14000),
            max_examples=2,
            examples=HARD[name],
        ),
        _p(f"{name}_sample_passes_ks_test").with_inputs(
            f"hidden_{name}_ks_extreme_fans",
            sampler_case(name, 8000, 14000),
            max_examples=2,
            examples=HARD[name],
        ),
        _p(f"{name}_returns_float64_array_of_shape").with_inputs(
            f"hidden_{name}_shape_with_empty_sides",
            any_shape_case(name, max_side=3),
            max_examples=8,
        ),
        _p(f"{name}_refuses_like_torch").with_inputs(
            f"hidden_{name}_refuses_more_cases",
            invalid_sampler_case(name),
            max_examples=5,
        ),
    ]
    if name.endswith("uniform"):
        props.append(
            _p(f"{name}_values_fill_torchs_bound").with_inputs(
                f"hidden_{name}_bound_extreme_fans",
                sampler_case(name, 8000, 14000),
                max_examples=2,
                examples=HARD[name],
            )
        )
    return tuple(props)


HIDDEN = (
    _p("fan_in_and_fan_out_matches_torch").with_inputs(
        "hidden_fan_in_and_fan_out_larger_kernels",
        fans_case(max_side=12),
        max_examples=15,
        examples=({"shape": (1, 1)}, {"shape": (0, 0)}, {"shape": (5, 7, 1, 1, 1, 1)}),
    ),
    _p("calculate_gain_matches_torch").with_inputs(
        "hidden_calculate_gain_every_name",
        gain_case(),
        max_examples=10,
        examples=tuple(
            {"nonlinearity": n, "param": 0.3}
            for n in ("linear", "conv1d", "conv3d", "conv_transpose1d", "conv_transpose3d")
        ),
    ),
    _p("calculate_gain_leaky_relu_uses_the_slope").with_inputs(
        "hidden_calculate_gain_leaky_relu_negative_and_large_slopes",
        gain_case(("leaky_relu",)),
        max_examples=8,
        examples=(
            {"nonlinearity": "leaky_relu", "param": -0.2},
            {"nonlinearity": "leaky_relu", "param": 100.0},
            {"nonlinearity": "leaky_relu", "param": 1},
        ),
    ),
    _p("calculate_gain_refuses_unknown_names").with_inputs(
        "hidden_calculate_gain_refuses_near_misses",
        unknown_gain_case(),
        max_examples=4,
        examples=({"nonlinearity": "Tanh"}, {"nonlinearity": ""}, {"nonlinearity": "elu"}),
    ),
    *(prop for name in SAMPLERS for prop in _sampler_hidden(name)),
)

assert all(p.max_examples + len(p.examples) <= MAX_INPUTS for p in HIDDEN if is_statistical(p))
