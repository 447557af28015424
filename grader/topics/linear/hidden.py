"""Hidden suite for linear: the public claims on harder inputs (more leading dimensions,
single samples, widths of 1, wider layers, the sizes of real networks' layers)."""

import numpy as np

from grader.topics.linear.definition import TOPIC, layer_sizes, linear_inputs, negative_layer_sizes

_p = TOPIC.prop


def _case(x, w, b, dout=None):
    case = {
        "x": np.array(x, dtype=np.float64),
        "w": np.array(w, dtype=np.float64),
        "b": np.array(b, dtype=np.float64),
    }
    if dout is not None:
        case["dout"] = np.array(dout, dtype=np.float64)
    return case


_rng = np.random.default_rng(15)
# Four leading dimensions (2, 3, 1, 2) and a square w: only a sum over every leading
# dimension and a product on the last axis give PyTorch's answers.
DEEP = _case(
    np.round(_rng.uniform(-3, 3, size=(2, 3, 1, 2, 3)), 2),
    [[1.0, -2.0, 0.5], [3.0, 0.0, -1.0], [-0.5, 1.5, 2.0]],
    [0.25, -1.0, 2.0],
    np.round(_rng.uniform(-3, 3, size=(2, 3, 1, 2, 3)), 2),
)
# A single sample, one input and one output: w of shape (1, 1).
SCALAR_LAYER = _case([3.0], [[-2.0]], [0.5], [4.0])
# A single sample, in_features 4, out_features 1.
ONE_UNIT = _case([1.0, -1.0, 2.0, 0.5], [[0.5, 0.25, -1.0, 2.0]], [-3.0], [2.0])
# A batch of one: leading shape (1,), where axis-0 sums and means both look right for b.
BATCH_OF_ONE = _case(
    [[1.0, 2.0, -1.0]], [[1.0, 0.0, 2.0], [0.5, -1.0, 1.0]], [1.0, 1.0], [[2.0, -1.0]]
)

DEEP_SHAPES = linear_inputs(max_lead=4, max_side=3, max_features=6, grad=True)
SMALL_LAYERS = linear_inputs(max_lead=1, max_side=2, max_features=2, grad=True)
WIDE = linear_inputs(max_lead=2, max_side=6, max_features=12, grad=True)


def _forward_only(case):
    return {k: v for k, v in case.items() if k != "dout"}


HIDDEN = (
    _p("linear_forward_matches_torch").with_inputs(
        "hidden_linear_forward_many_leading_dimensions",
        linear_inputs(max_lead=4, max_side=3, max_features=6),
        max_examples=7,
        examples=(_forward_only(DEEP),),
    ),
    _p("linear_forward_matches_torch").with_inputs(
        "hidden_linear_forward_single_samples_and_width_one",
        linear_inputs(max_lead=1, max_side=2, max_features=2),
        max_examples=5,
        examples=tuple(_forward_only(c) for c in (SCALAR_LAYER, ONE_UNIT, BATCH_OF_ONE)),
    ),
    _p("linear_forward_leaves_inputs_unchanged").with_inputs(
        "hidden_linear_forward_unchanged_many_leading_dimensions",
        linear_inputs(max_lead=4, max_side=3, max_features=6),
        max_examples=4,
        examples=(_forward_only(DEEP),),
    ),
    _p("linear_backward_dx_matches_autograd").with_inputs(
        "hidden_linear_backward_dx_many_leading_dimensions",
        DEEP_SHAPES,
        max_examples=7,
        examples=(DEEP, SCALAR_LAYER, ONE_UNIT),
    ),
    _p("linear_backward_dw_matches_autograd").with_inputs(
        "hidden_linear_backward_dw_many_leading_dimensions",
        DEEP_SHAPES,
        max_examples=7,
        examples=(DEEP,),
    ),
    _p("linear_backward_dw_matches_autograd").with_inputs(
        "hidden_linear_backward_dw_single_samples_and_width_one",
        SMALL_LAYERS,
        max_examples=5,
        examples=(SCALAR_LAYER, ONE_UNIT, BATCH_OF_ONE),
    ),
    _p("linear_backward_db_matches_autograd").with_inputs(
        "hidden_linear_backward_db_many_leading_dimensions",
        DEEP_SHAPES,
        max_examples=7,
        examples=(DEEP, SCALAR_LAYER, BATCH_OF_ONE),
    ),
    _p("linear_backward_dx_matches_autograd").with_inputs(
        "hidden_linear_backward_wide_layers",
        WIDE,
        max_examples=5,
    ),
    _p("linear_backward_leaves_inputs_unchanged").with_inputs(
        "hidden_linear_backward_unchanged_many_leading_dimensions",
        DEEP_SHAPES,
        max_examples=4,
        examples=(DEEP, SCALAR_LAYER),
    ),
    _p("linear_param_count_matches_torch").with_inputs(
        "hidden_linear_param_count_real_layer_sizes",
        layer_sizes(large=True),
        max_examples=8,
        examples=(
            {"in_features": 25088, "out_features": 4096},  # VGG-16's first FC layer
            {"in_features": 4096, "out_features": 1000, "bias": False},
            {"in_features": 512, "out_features": 1},  # the lecture's binary output
            {"in_features": 0, "out_features": 0},
            {"in_features": 0, "out_features": 7, "bias": False},
        ),
    ),
    _p("linear_param_count_returns_an_int").with_inputs(
        "hidden_linear_param_count_returns_int_for_real_sizes",
        layer_sizes(min_size=1, large=True),
        max_examples=4,
        examples=({"in_features": 25088, "out_features": 4096},),
    ),
    _p("linear_param_count_refuses_negative_sizes").with_inputs(
        "hidden_linear_param_count_refuses_negative_sizes_with_any_partner",
        negative_layer_sizes(),
        max_examples=5,
        examples=(
            {"in_features": -1, "out_features": 0, "bias": False},
            {"in_features": 0, "out_features": -1},
            {"in_features": -5, "out_features": -5, "bias": False},
        ),
    ),
)
