"""Hidden suite for activations: the public claims on harder inputs."""

import numpy as np

from grader.define.strategies import array_and_grad, single_array
from grader.topics.activations.definition import TOPIC

_p = TOPIC.prop

EXTREMES = np.array(
    [-1e300, -1000.0, -745.0, -709.8, -40.0, -1e-300, -0.0, 0.0, 1e-300, 40.0, 709.8, 1000.0, 1e300]
)
# tanh: where e^(2x) (355) and e^x (709.8) start to overflow, and tiny values near 0.
TANH_EXTREMES = np.array(
    [-1e300, -1000.0, -709.8, -355.0, -354.8, -3.0, -1e-8, -0.0]
    + [0.0, 1e-8, 0.75, 354.8, 355.0, 709.8, 1e300]
)

HIDDEN = (
    _p("sigmoid_forward_matches_torch").with_inputs(
        "hidden_sigmoid_forward_extreme_inputs",
        single_array(max_side=8),
        max_examples=8,
        examples=({"x": EXTREMES},),
    ),
    _p("sigmoid_forward_is_warning_free").with_inputs(
        "hidden_sigmoid_forward_no_warnings_extremes",
        single_array(max_side=8),
        max_examples=8,
        examples=({"x": EXTREMES},),
    ),
    _p("sigmoid_backward_matches_autograd").with_inputs(
        "hidden_sigmoid_backward_extremes",
        array_and_grad(max_side=8),
        max_examples=8,
        examples=({"x": EXTREMES, "dout": np.linspace(-3, 3, EXTREMES.size)},),
    ),
    _p("relu_forward_matches_torch").with_inputs(
        "hidden_relu_forward_signed_zeros",
        single_array(max_side=8),
        max_examples=5,
        examples=({"x": np.array([[0.0, -0.0], [1e-300, -1e-300]])},),
    ),
    _p("relu_backward_matches_autograd").with_inputs(
        "hidden_relu_backward_exact_zeros",
        array_and_grad(max_side=8),
        max_examples=8,
        examples=({"x": np.zeros((3, 2)), "dout": np.arange(6.0).reshape(3, 2) + 1},),
    ),
    _p("relu_forward_leaves_input_unchanged").with_inputs(
        "hidden_relu_forward_unchanged_with_negatives",
        single_array(max_side=8),
        max_examples=5,
        examples=({"x": np.array([-1.0, 2.0, -3.0])},),
    ),
    _p("tanh_forward_matches_torch").with_inputs(
        "hidden_tanh_forward_extreme_inputs",
        single_array(max_side=8),
        max_examples=8,
        examples=({"x": TANH_EXTREMES},),
    ),
    _p("tanh_forward_is_warning_free").with_inputs(
        "hidden_tanh_forward_no_warnings_extremes",
        single_array(max_side=8),
        max_examples=8,
        examples=({"x": TANH_EXTREMES},),
    ),
    _p("tanh_backward_matches_autograd").with_inputs(
        "hidden_tanh_backward_extremes",
        array_and_grad(max_side=8),
        max_examples=8,
        examples=({"x": TANH_EXTREMES, "dout": np.linspace(-3, 3, TANH_EXTREMES.size)},),
    ),
    _p("tanh_backward_leaves_inputs_unchanged").with_inputs(
        "hidden_tanh_backward_unchanged_extremes",
        array_and_grad(max_side=8),
        max_examples=5,
        examples=({"x": TANH_EXTREMES, "dout": np.ones(TANH_EXTREMES.size)},),
    ),
)
