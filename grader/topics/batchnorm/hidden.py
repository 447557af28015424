"""Hidden suite for batchnorm: the public claims on harder inputs (N = 2, constant and
nearly constant features, several momenta, larger batches; for layer norm single rows,
rows of one feature, flat rows and wide rows)."""

import numpy as np

from grader.define.strategies import batchnorm_inputs
from grader.topics.batchnorm.definition import TOPIC, layernorm_inputs, ln_case

_p = TOPIC.prop

FLAT = ("constant", "nearly_constant")
# Large batches: seeded random columns (fast to draw) beside flat and large ones.
BIG = ("random", "constant", "nearly_constant", "large")
EXTREME_MOMENTA = (0.0, 1.0, 0.99, 0.9, 0.001)


def _case(x, momentum=0.1, eps=1e-5, dout=None, train=True):
    """gamma -1.5, beta 0.25, running statistics far from the batch's (so that using the
    wrong statistics shows)."""
    x = np.array(x, dtype=np.float64)
    d = x.shape[1]
    case = {
        "x": x,
        "gamma": np.full(d, -1.5),
        "beta": np.full(d, 0.25),
        "running_mean": np.full(d, -2.0),
        "running_var": np.full(d, 0.5),
    }
    if train:
        case["momentum"] = momentum
    case["eps"] = eps
    if dout is not None:
        case["dout"] = np.array(dout, dtype=np.float64)
    return case


# N = 2: biased variance is a quarter of the squared gap, unbiased a half.
TWO_ROWS = [[-1.0, 3.0, 0.0], [2.0, 3.0, 1e-7]]
TWO_ROWS_DOUT = [[1.0, 1.0, -2.0], [0.5, -1.0, 4.0]]
# Constant, nearly constant (variance ~1e-12 << eps) and ordinary features side by side.
FLAT_X = [[2.0, 1.0, 0.0], [2.0, 1.0 + 1e-6, 5.0], [2.0, 1.0 - 2e-6, -3.0], [2.0, 1.0, 1.0]]
FLAT_DOUT = [[1.0, 2.0, 3.0], [-1.0, 0.5, 0.0], [2.0, -2.0, 1.0], [0.0, 1.0, -1.0]]
# Features with magnitudes around 1e8 and 1e100.
LARGE_X = [[1e8, 1e100], [3e8, -2e100], [-2e8, 5e100]]

# Layer norm: rows of equal, nearly equal and ordinary values side by side; one row; one
# feature per row; rows around 1e8 and 1e100 (their spread keeps |x| / std moderate).
LN_FLAT_X = [[3.0, 3.0, 3.0, 3.0], [1.0, 1.0 + 1e-6, 1.0 - 2e-6, 1.0], [0.0, 5.0, -3.0, 1.0]]
LN_FLAT_DOUT = [[1.0, 2.0, 3.0, -1.0], [-1.0, 0.5, 0.0, 2.0], [2.0, -2.0, 1.0, 1.0]]
LN_ONE_ROW_X = [[-2.0, 0.0, 0.5, 7.0, 1.0]]
LN_ONE_ROW_DOUT = [[1.0, -1.0, 2.0, 0.25, -3.0]]
LN_LARGE_X = [[1e8, 3e8, -2e8], [1e100, -2e100, 5e100]]
LN_FLAT = ("constant", "nearly_constant")
LN_WIDE = ("random", "constant", "nearly_constant", "large")

HIDDEN = (
    _p("batchnorm_forward_train_out_matches_torch").with_inputs(
        "hidden_batchnorm_train_out_two_rows",
        batchnorm_inputs(min_n=2, max_n=2, max_d=6),
        max_examples=7,
        examples=(_case(TWO_ROWS), _case(TWO_ROWS, eps=1e-8)),
    ),
    _p("batchnorm_forward_train_out_matches_torch").with_inputs(
        "hidden_batchnorm_train_out_flat_features",
        batchnorm_inputs(kinds=FLAT),
        max_examples=7,
        examples=(_case(FLAT_X), _case(FLAT_X, eps=1.0), _case(LARGE_X)),
    ),
    _p("batchnorm_forward_train_out_matches_torch").with_inputs(
        "hidden_batchnorm_train_out_larger_batches",
        batchnorm_inputs(min_n=7, max_n=32, max_d=8, kinds=BIG),
        max_examples=8,
    ),
    _p("batchnorm_forward_train_running_mean_matches_torch").with_inputs(
        "hidden_batchnorm_running_mean_extreme_momenta",
        batchnorm_inputs(momenta=EXTREME_MOMENTA),
        max_examples=7,
        examples=tuple(_case(FLAT_X, momentum=m) for m in EXTREME_MOMENTA),
    ),
    _p("batchnorm_forward_train_running_var_matches_torch").with_inputs(
        "hidden_batchnorm_running_var_two_rows",
        batchnorm_inputs(min_n=2, max_n=2, max_d=6),
        max_examples=7,
        examples=(_case(TWO_ROWS), _case(TWO_ROWS, momentum=1.0)),
    ),
    _p("batchnorm_forward_train_running_var_matches_torch").with_inputs(
        "hidden_batchnorm_running_var_extreme_momenta",
        batchnorm_inputs(momenta=EXTREME_MOMENTA),
        max_examples=7,
        examples=tuple(_case(FLAT_X, momentum=m) for m in EXTREME_MOMENTA) + (_case(LARGE_X),),
    ),
    _p("batchnorm_forward_train_leaves_inputs_unchanged").with_inputs(
        "hidden_batchnorm_train_unchanged_momentum_one",
        batchnorm_inputs(momenta=(1.0, 0.5)),
        max_examples=5,
        examples=(_case(TWO_ROWS, momentum=1.0),),
    ),
    _p("batchnorm_forward_train_refuses_a_single_row").with_inputs(
        "hidden_batchnorm_refuses_single_row_wide",
        batchnorm_inputs(min_n=1, max_n=1, max_d=8),
        max_examples=3,
        examples=(_case([[0.0] * 8]),),
    ),
    _p("batchnorm_forward_eval_matches_torch").with_inputs(
        "hidden_batchnorm_eval_single_samples_and_flat_batches",
        batchnorm_inputs(min_n=1, max_n=3, kinds=FLAT + ("large",), train=False),
        max_examples=5,
        examples=(
            _case([[1.0, 2.0, 3.0]], train=False),
            _case(FLAT_X, train=False),
            _case(LARGE_X, train=False),
        ),
    ),
    _p("batchnorm_backward_dx_matches_autograd").with_inputs(
        "hidden_batchnorm_backward_dx_two_rows",
        batchnorm_inputs(min_n=2, max_n=2, max_d=6, grad=True),
        max_examples=7,
        examples=(_case(TWO_ROWS, dout=TWO_ROWS_DOUT),),
    ),
    _p("batchnorm_backward_dx_matches_autograd").with_inputs(
        "hidden_batchnorm_backward_dx_flat_features",
        batchnorm_inputs(kinds=FLAT, grad=True),
        max_examples=7,
        examples=(_case(FLAT_X, dout=FLAT_DOUT), _case(FLAT_X, eps=1e-8, dout=FLAT_DOUT)),
    ),
    _p("batchnorm_backward_dx_matches_autograd").with_inputs(
        "hidden_batchnorm_backward_dx_larger_batches",
        batchnorm_inputs(min_n=7, max_n=32, max_d=8, grad=True, kinds=BIG),
        max_examples=8,
    ),
    _p("batchnorm_backward_dgamma_matches_autograd").with_inputs(
        "hidden_batchnorm_backward_dgamma_flat_and_two_rows",
        batchnorm_inputs(max_n=3, kinds=FLAT + ("spread",), grad=True),
        max_examples=5,
        examples=(_case(FLAT_X, dout=FLAT_DOUT), _case(TWO_ROWS, dout=TWO_ROWS_DOUT)),
    ),
    _p("batchnorm_backward_dbeta_matches_autograd").with_inputs(
        "hidden_batchnorm_backward_dbeta_larger_batches",
        batchnorm_inputs(min_n=2, max_n=32, max_d=8, grad=True, kinds=BIG),
        max_examples=8,
        examples=(_case(TWO_ROWS, dout=TWO_ROWS_DOUT),),
    ),
    _p("batchnorm_backward_leaves_inputs_unchanged").with_inputs(
        "hidden_batchnorm_backward_unchanged_flat_features",
        batchnorm_inputs(kinds=FLAT, grad=True),
        max_examples=4,
        examples=(_case(FLAT_X, dout=FLAT_DOUT),),
    ),
    _p("layernorm_forward_matches_torch").with_inputs(
        "hidden_layernorm_forward_single_rows_and_flat_rows",
        layernorm_inputs(max_n=2, kinds=LN_FLAT + ("spread",)),
        max_examples=7,
        examples=(
            ln_case(LN_ONE_ROW_X),
            ln_case(LN_FLAT_X),
            ln_case(LN_FLAT_X, eps=1e-8),
            ln_case(LN_FLAT_X, eps=1.0),
            ln_case([[-4.0], [0.0]]),
            ln_case(LN_LARGE_X),
        ),
    ),
    _p("layernorm_forward_matches_torch").with_inputs(
        "hidden_layernorm_forward_wide_rows",
        layernorm_inputs(min_d=6, max_d=32, max_n=4, kinds=LN_WIDE),
        max_examples=8,
    ),
    _p("layernorm_forward_default_eps_is_torchs").with_inputs(
        "hidden_layernorm_default_eps_flat_rows",
        layernorm_inputs(kinds=LN_FLAT, with_eps=False),
        max_examples=4,
        examples=(ln_case(LN_FLAT_X, eps=None),),
    ),
    _p("layernorm_forward_leaves_inputs_unchanged").with_inputs(
        "hidden_layernorm_forward_unchanged_wide_rows",
        layernorm_inputs(min_d=6, max_d=16, kinds=LN_WIDE),
        max_examples=4,
        examples=(ln_case(LN_ONE_ROW_X),),
    ),
    _p("layernorm_backward_dx_matches_autograd").with_inputs(
        "hidden_layernorm_backward_dx_flat_rows",
        layernorm_inputs(kinds=LN_FLAT, grad=True),
        max_examples=7,
        examples=(
            ln_case(LN_FLAT_X, dout=LN_FLAT_DOUT),
            ln_case(LN_FLAT_X, eps=1e-8, dout=LN_FLAT_DOUT),
            ln_case([[-4.0], [0.0]], dout=[[2.0], [-1.0]]),
        ),
    ),
    _p("layernorm_backward_dx_matches_autograd").with_inputs(
        "hidden_layernorm_backward_dx_wide_rows",
        layernorm_inputs(min_d=6, max_d=32, max_n=4, kinds=LN_WIDE, grad=True),
        max_examples=8,
    ),
    _p("layernorm_backward_dgamma_matches_autograd").with_inputs(
        "hidden_layernorm_backward_dgamma_single_rows",
        layernorm_inputs(max_n=1, max_d=8, grad=True),
        max_examples=5,
        examples=(ln_case(LN_ONE_ROW_X, dout=LN_ONE_ROW_DOUT),),
    ),
    _p("layernorm_backward_dbeta_matches_autograd").with_inputs(
        "hidden_layernorm_backward_dbeta_larger_batches",
        layernorm_inputs(min_n=6, max_n=32, max_d=8, kinds=LN_WIDE, grad=True),
        max_examples=8,
        examples=(ln_case(LN_ONE_ROW_X, dout=LN_ONE_ROW_DOUT),),
    ),
    _p("layernorm_backward_leaves_inputs_unchanged").with_inputs(
        "hidden_layernorm_backward_unchanged_flat_rows",
        layernorm_inputs(kinds=LN_FLAT, grad=True),
        max_examples=4,
        examples=(ln_case(LN_FLAT_X, dout=LN_FLAT_DOUT),),
    ),
)
