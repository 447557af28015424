"""Hidden suite for losses: the public claims on harder inputs (logits up to +-1e6, larger
batches and classes, 3-d arrays along every axis, int32 labels, labels just outside)."""

import numpy as np

from grader.topics.losses.definition import (
    TOPIC,
    binary_cross_entropy_cases,
    cross_entropy_cases,
    invalid_label_cases,
    softmax_cases,
)

_p = TOPIC.prop

# Around the thresholds of exp (overflow above 709.78, underflow of the softmax below a
# gap of about 745) and far beyond them; ties at a huge value.
EXTREMES = np.array(
    [[-1e6, -1e4, -745.2, -709.8, -40.0, -0.0, 0.0, 40.0, 709.8, 745.2, 1e4, 1e6],
     [1e6, 1e6, 1e6, 1e6, 1e6, 1e6, -1e6, -1e6, -1e6, -1e6, -1e6, -1e6]]
)  # fmt: skip
BIG_TIES = {"x": np.full((3, 4), -1e6), "axis": 0}
EXTREMES_3D = {"x": EXTREMES.reshape(2, 3, 4), "axis": 1}

CE_EXTREMES = {
    "logits": np.array(
        [[1e6, -1e6, 0.0], [-1e6, -1e6, 1e6], [745.2, 0.0, -745.2], [5.0, 5.0, 5.0]]
    ),
    "labels": np.array([1, 0, 2, 1]),
}
CE_ONE_CLASS_WIDE = {
    "logits": np.array([[1e6], [-1e6], [0.0], [3.5], [-2.0]]),
    "labels": np.zeros(5, dtype=np.int64),
}
CE_INT32 = {
    "logits": np.array([[0.5, 1.5, -2.0], [1e4, 0.0, -1e4]]),
    "labels": np.array([2, 2], dtype=np.int32),
}
BAD_LABELS_WIDE = (
    {"logits": np.zeros((6, 4)), "labels": np.array([0, 1, 2, 3, 4, 0])},
    {"logits": np.zeros((6, 4)), "labels": np.array([0, 1, 2, 3, -4, 0])},
    {"logits": np.zeros((1, 1)), "labels": np.array([-1])},
)

BCE_EXTREMES = {
    "logits": EXTREMES,
    "targets": np.tile(np.array([0.0, 1.0, 0.5, 0.25, 1.0, 0.0]), (2, 2)),
}  # fmt: skip
BCE_3D = {
    "logits": EXTREMES.reshape(3, 2, 4),
    "targets": np.linspace(0.0, 1.0, 24).reshape(3, 2, 4),
}

HIDDEN = (
    _p("softmax_matches_torch").with_inputs(
        "hidden_softmax_logits_up_to_1e6",
        softmax_cases(max_side=8, limit=1e6),
        max_examples=8,
        examples=({"x": EXTREMES}, {"x": EXTREMES[1]}),
    ),
    _p("softmax_along_any_axis_matches_torch").with_inputs(
        "hidden_softmax_every_axis_of_3d_arrays",
        softmax_cases(last_axis=False, min_dims=3, max_side=6, limit=1e6),
        max_examples=7,
        examples=(BIG_TIES, EXTREMES_3D),
    ),
    _p("softmax_is_warning_free").with_inputs(
        "hidden_softmax_no_warnings_extremes",
        softmax_cases(max_side=8, limit=1e6),
        max_examples=7,
        examples=({"x": EXTREMES}, BIG_TIES, EXTREMES_3D),
    ),
    _p("softmax_leaves_input_unchanged").with_inputs(
        "hidden_softmax_unchanged_other_axes",
        softmax_cases(last_axis=False, limit=1e6),
        max_examples=4,
        examples=(EXTREMES_3D,),
    ),
    _p("softmax_cross_entropy_loss_matches_torch").with_inputs(
        "hidden_softmax_cross_entropy_loss_large_batches_and_logits",
        cross_entropy_cases(max_n=16, max_c=10, limit=1e6),
        max_examples=8,
        examples=(CE_EXTREMES, CE_ONE_CLASS_WIDE),
    ),
    _p("softmax_cross_entropy_loss_matches_torch").with_inputs(
        "hidden_softmax_cross_entropy_loss_one_sample_int32_labels",
        cross_entropy_cases(max_n=1, max_c=8, limit=1e6, label_dtype="int32"),
        max_examples=4,
        examples=(CE_INT32,),
    ),
    _p("softmax_cross_entropy_dlogits_matches_autograd").with_inputs(
        "hidden_softmax_cross_entropy_dlogits_large_batches_and_logits",
        cross_entropy_cases(max_n=16, max_c=10, limit=1e6),
        max_examples=8,
        examples=(CE_EXTREMES, CE_ONE_CLASS_WIDE),
    ),
    _p("softmax_cross_entropy_dlogits_matches_autograd").with_inputs(
        "hidden_softmax_cross_entropy_dlogits_int32_labels",
        cross_entropy_cases(max_n=8, max_c=6, label_dtype="int32"),
        max_examples=4,
        examples=(CE_INT32,),
    ),
    _p("softmax_cross_entropy_is_warning_free").with_inputs(
        "hidden_softmax_cross_entropy_no_warnings_extremes",
        cross_entropy_cases(max_n=16, max_c=10, limit=1e6),
        max_examples=5,
        examples=(CE_EXTREMES,),
    ),
    _p("softmax_cross_entropy_leaves_inputs_unchanged").with_inputs(
        "hidden_softmax_cross_entropy_unchanged_large_batches",
        cross_entropy_cases(max_n=16, max_c=10, limit=1e6),
        max_examples=4,
        examples=(CE_EXTREMES,),
    ),
    _p("softmax_cross_entropy_refuses_labels_out_of_range").with_inputs(
        "hidden_softmax_cross_entropy_refuses_labels_just_outside",
        invalid_label_cases(max_n=10, max_c=8),
        max_examples=4,
        examples=BAD_LABELS_WIDE,
    ),
    _p("binary_cross_entropy_with_logits_loss_matches_torch").with_inputs(
        "hidden_binary_cross_entropy_with_logits_loss_extremes",
        binary_cross_entropy_cases(max_side=8, limit=1e6),
        max_examples=8,
        examples=(BCE_EXTREMES, BCE_3D),
    ),
    _p("binary_cross_entropy_with_logits_dlogits_matches_autograd").with_inputs(
        "hidden_binary_cross_entropy_with_logits_dlogits_extremes",
        binary_cross_entropy_cases(max_side=8, limit=1e6),
        max_examples=8,
        examples=(BCE_EXTREMES, BCE_3D),
    ),
    _p("binary_cross_entropy_with_logits_is_warning_free").with_inputs(
        "hidden_binary_cross_entropy_with_logits_no_warnings_extremes",
        binary_cross_entropy_cases(max_side=8, limit=1e6),
        max_examples=5,
        examples=(BCE_EXTREMES, BCE_3D),
    ),
    _p("binary_cross_entropy_with_logits_leaves_inputs_unchanged").with_inputs(
        "hidden_binary_cross_entropy_with_logits_unchanged_3d",
        binary_cross_entropy_cases(min_dims=3, limit=1e6),
        max_examples=4,
        examples=(BCE_3D,),
    ),
)
