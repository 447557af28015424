"""Hidden suite for conv: a fixed sample of all small configurations, real-network sizes,
ceil_mode's last-window rule and the configurations PyTorch refuses; for the layers,
larger inputs (N <= 3, C and F <= 4, H and W <= 9, kernels <= 4 x 4 drawn, one 7 x 8:
at most a few tens of milliseconds a call for a nested-loop implementation), ties and
overlapping windows together, more refusals and the parameter counts of real networks."""

import hashlib
import itertools

import numpy as np

from grader.define.strategies import (
    conv_configs,
    invalid_conv_configs,
    invalid_pool_configs,
    pool_configs,
    pool_last_window_configs,
)
from grader.topics.conv.definition import (
    TOPIC,
    _conv_case,
    _ints,
    _pool_case,
    conv_layer_cases,
    conv_param_cases,
    invalid_conv_layer_cases,
    invalid_pool_layer_cases,
    pool_layer_cases,
)

_p = TOPIC.prop


def _conv_grid() -> list[dict]:
    return [
        {"n": n, "kernel_size": k, "stride": s, "padding": p, "dilation": d}
        for n, k, s, p, d in itertools.product(
            range(1, 9), range(0, 5), range(0, 4), range(-1, 3), range(1, 3)
        )
    ]


def _pool_grid() -> list[dict]:
    return [
        {"n": n, "kernel_size": k, "stride": s, "padding": p, "dilation": d, "ceil_mode": c}
        for n, k, s, p, d, c in itertools.product(
            range(1, 9), range(1, 5), range(1, 4), range(0, 3), range(1, 3), (False, True)
        )
    ]


def _conv_refused(c: dict) -> bool:
    span = c["dilation"] * (c["kernel_size"] - 1) + 1
    bad = min(c["kernel_size"], c["stride"], c["dilation"]) < 1 or c["padding"] < 0
    return bad or c["n"] + 2 * c["padding"] < span


def _pool_room(c: dict) -> int:
    return c["n"] + 2 * c["padding"] - c["dilation"] * (c["kernel_size"] - 1) - 1


def _pool_refused(c: dict) -> bool:
    if 2 * c["padding"] > c["kernel_size"]:
        return True
    room, stride = _pool_room(c), c["stride"]
    if not c["ceil_mode"]:
        return room // stride + 1 < 1
    out = -(-room // stride) + 1
    if (out - 1) * stride >= c["n"] + c["padding"]:
        out -= 1
    return out < 1


def _last_window_dropped(c: dict) -> bool:
    """ceil_mode=True and rounding up would add a window starting in the right padding."""
    room = _pool_room(c)
    return c["ceil_mode"] and -(-room // c["stride"]) * c["stride"] >= c["n"] + c["padding"]


def sample(configs: list[dict], size: int) -> tuple[dict, ...]:
    """A fixed subset of `size` configurations, spread over the whole grid.

    Configurations are ordered by a hash of their values (stable across processes and
    Python versions, unlike ``hash``) and the first `size` kept, in grid order.
    """

    def rank(c: dict) -> str:
        return hashlib.sha256(repr(sorted(c.items())).encode()).hexdigest()

    kept = {id(c) for c in sorted(configs, key=rank)[:size]}
    return tuple(c for c in configs if id(c) in kept)


# The grids are split into accepted and refused configurations only to file each under
# the right claim; whichever way a configuration is filed, the check asks PyTorch (a real
# Conv1d or MaxPool1d) for the expected answer.  Splitting by asking PyTorch here would
# build ~2,500 modules whenever this module is imported.
#
# Every configuration of the grids (2,432 in all) made the conv suite half of all the
# grader's work; a fixed sample of each part, on top of the examples Hypothesis draws
# from the same space, kills the same mutants (grader.frontends.mutation, tests/test_mutation.py),
# and ceil_mode's last-window rule keeps every configuration where it applies.  The
# samples were halved again for grading speed (they were a sixth of a correct
# submission's calls): the smaller sample is the first half of the same ranking, and
# kills the same mutants.
CONV_GRID = _conv_grid()
CONV_OK = sample([c for c in CONV_GRID if not _conv_refused(c)], 75)
CONV_REFUSED = sample([c for c in CONV_GRID if _conv_refused(c)], 75)
POOL_GRID = _pool_grid()
POOL_OK = sample([c for c in POOL_GRID if not _pool_refused(c)], 90)
POOL_REFUSED = sample([c for c in POOL_GRID if _pool_refused(c)], 75)
POOL_LAST_WINDOW = tuple(c for c in POOL_GRID if _last_window_dropped(c) and not _pool_refused(c))

# Sizes from real networks: AlexNet's and ResNet's stems and the course's 148 -> 74.
REAL_CONV = (
    {"n": 224, "kernel_size": 11, "stride": 4, "padding": 2},  # 55
    {"n": 224, "kernel_size": 7, "stride": 2, "padding": 3},  # 112
    {"n": 28, "kernel_size": 5, "padding": 2},  # 28
    {"n": 65, "kernel_size": 3, "dilation": 4, "padding": 4},  # 65
)
REAL_POOL = (
    {"n": 112, "kernel_size": 3, "stride": 2, "padding": 1},  # 56
    {"n": 55, "kernel_size": 3, "stride": 2},  # 27
    {"n": 148, "kernel_size": 2},  # 74
    {"n": 147, "kernel_size": 2, "ceil_mode": True},  # 74
    {"n": 13, "kernel_size": 3, "stride": 2, "ceil_mode": True},  # 6
)

HIDDEN = (
    _p("conv_output_size_matches_torch").with_inputs(
        "hidden_conv_output_size_small_configurations",
        conv_configs(),
        max_examples=13,
        examples=REAL_CONV + CONV_OK,
    ),
    _p("conv_output_size_refuses_like_torch").with_inputs(
        "hidden_conv_output_size_refuses_small_invalid_configurations",
        invalid_conv_configs(),
        max_examples=13,
        examples=CONV_REFUSED,
    ),
    _p("conv_output_size_returns_an_int").with_inputs(
        "hidden_conv_output_size_returns_int_for_real_sizes",
        conv_configs(),
        max_examples=5,
        examples=REAL_CONV,
    ),
    _p("pool_output_size_matches_torch").with_inputs(
        "hidden_pool_output_size_small_configurations",
        pool_configs(),
        max_examples=13,
        examples=REAL_POOL + POOL_OK,
    ),
    _p("pool_output_size_ceil_mode_drops_window_starting_in_padding").with_inputs(
        "hidden_pool_output_size_last_window_rule_everywhere",
        pool_last_window_configs(),
        max_examples=13,
        examples=POOL_LAST_WINDOW,
    ),
    _p("pool_output_size_refuses_like_torch").with_inputs(
        "hidden_pool_output_size_refuses_small_invalid_configurations",
        invalid_pool_configs(),
        max_examples=13,
        examples=POOL_REFUSED,
    ),
    # Found by mutation testing (docs/mutation.md): an empty input, and a kernel that is
    # not positive while an explicit stride is (so the stride check cannot catch it).
    _p("conv_output_size_refuses_like_torch").with_inputs(
        "hidden_conv_output_size_refuses_empty_input",
        invalid_conv_configs(),
        max_examples=3,
        examples=(
            {"n": 0, "kernel_size": 1, "padding": 1},
            {"n": 0, "kernel_size": 3, "padding": 2},
        ),
    ),
    _p("pool_output_size_refuses_like_torch").with_inputs(
        "hidden_pool_output_size_refuses_empty_input_and_bad_kernel",
        invalid_pool_configs(),
        max_examples=3,
        examples=(
            {"n": 0, "kernel_size": 2, "padding": 1},
            {"n": 0, "kernel_size": 1},
            {"n": 5, "kernel_size": 0, "stride": 1},
            {"n": 5, "kernel_size": -1, "stride": 2},
        ),
    ),
    _p("pool_output_size_default_stride_is_kernel_size").with_inputs(
        "hidden_pool_output_size_default_stride_real_sizes",
        pool_configs(),
        max_examples=5,
        examples=tuple(c for c in REAL_POOL if "stride" not in c),
    ),
)

# --- the layers ------------------------------------------------------------------------
LARGER = {"max_n": 3, "max_c": 4, "max_f": 4, "max_side": 9, "max_kernel": 4}
LARGER_POOLS = {"max_n": 3, "max_c": 4, "max_side": 9, "max_kernel": 4, "max_stride": 4}

CONV_LAYERS = (
    # "Same" convolution: 3 x 3 kernels with padding 1 keep 8 x 8.
    _conv_case((2, 3, 8, 8), (4, 3, 3, 3), padding=1),
    # A 4 x 4 kernel, stride 2, padding 2 on a non-square input.
    _conv_case((1, 2, 9, 7), (3, 2, 4, 4), stride=2, padding=2),
    # 1 x 1 (pointwise) filters with stride 2: every other row and column is unused.
    _conv_case((3, 4, 6, 6), (2, 4, 1, 1), stride=2),
    # The kernel exactly as large as the padded input: a single output position.
    _conv_case((1, 1, 2, 3), (1, 1, 4, 5), padding=1),
    # Padding only along the width, stride only along the height.
    _conv_case((2, 2, 7, 5), (2, 2, 3, 2), stride=(2, 1), padding=(0, 2)),
    # A 7 x 8 kernel on a 1 x 2 input: it fits only thanks to the padding of 3 on each side.
    _conv_case((1, 1, 1, 2), (1, 1, 7, 8), padding=3),
)
CONV_LAYERS_REFUSED = (
    _conv_case((2, 2, 5, 5), (3, 3, 2, 2), grad=False, stride=1, padding=0),
    # Too wide without its padding: W + 2*pad_w = 3 + 0 < 4, though the height fits.
    _conv_case((1, 1, 6, 3), (1, 1, 2, 4), grad=False, stride=1, padding=(1, 0)),
    _conv_case((1, 1, 4, 4), (1, 1, 2, 2), grad=False, stride=(0, 1), padding=0),
    _conv_case((1, 1, 4, 4), (1, 1, 2, 2), grad=False, stride=-1, padding=0),
    _conv_case((1, 1, 4, 4), (1, 1, 2, 2), grad=False, stride=1, padding=(-1, 0)),
)
POOL_LAYERS = (
    # Ties and overlaps together: zeros, a 3 x 3 window moving by 1.
    _pool_case(np.zeros((1, 2, 5, 5)), 3, stride=1),
    # A plateau of equal maxima crossed by overlapping windows.
    _pool_case(np.array([[[[1.0, 2.0, 2.0, 2.0, 1.0], [2.0, 2.0, 0.0, 2.0, 2.0]]]]), 2, stride=1),
    # Windows that do not tile, non-square, with a stride larger than the window.
    _pool_case(_ints((2, 3, 9, 8)), (2, 3), stride=(4, 3)),
    # The course's 2 x 2 pooling on a 9 x 9 map: the last row and column are dropped.
    _pool_case(_ints((1, 4, 9, 9)), 2),
)
POOL_LAYERS_REFUSED = (
    _pool_case(_ints((1, 1, 4, 3)), 4, grad=False),
    _pool_case(_ints((1, 1, 3, 3)), (1, 4), grad=False),
    _pool_case(_ints((1, 1, 3, 3)), (0, 2), grad=False, stride=1),
    _pool_case(_ints((1, 1, 3, 3)), 2, grad=False, stride=-1),
)
REAL_PARAMS = (
    {"in_channels": 3, "out_channels": 64, "kernel_size": 11},  # AlexNet's conv1: 23,296
    {"in_channels": 64, "out_channels": 64, "kernel_size": 3, "bias": False},  # ResNet: 36,864
    {"in_channels": 512, "out_channels": 512, "kernel_size": 3},  # VGG-16: 2,359,808
    {"in_channels": 192, "out_channels": 128, "kernel_size": (1, 7)},  # Inception: 172,160
    {"in_channels": 256, "out_channels": 64, "kernel_size": 1, "bias": True},  # 16,448
)


def _forward_only(cases: tuple) -> tuple:
    return tuple({k: v for k, v in c.items() if k != "dout"} for c in cases)


HIDDEN = HIDDEN + (
    _p("conv2d_forward_matches_torch").with_inputs(
        "hidden_conv2d_forward_larger_inputs",
        conv_layer_cases(**LARGER),
        max_examples=4,
        examples=_forward_only(CONV_LAYERS),
    ),
    _p("conv2d_forward_refuses_like_torch").with_inputs(
        "hidden_conv2d_forward_refuses_more_inputs",
        invalid_conv_layer_cases(),
        max_examples=5,
        examples=CONV_LAYERS_REFUSED,
    ),
    _p("conv2d_backward_dx_matches_autograd").with_inputs(
        "hidden_conv2d_backward_dx_larger_inputs",
        conv_layer_cases(grad=True, **LARGER),
        max_examples=4,
        examples=CONV_LAYERS,
    ),
    _p("conv2d_backward_dw_matches_autograd").with_inputs(
        "hidden_conv2d_backward_dw_larger_batches",
        conv_layer_cases(grad=True, min_n=2, **LARGER),
        max_examples=4,
        examples=CONV_LAYERS,
    ),
    _p("conv2d_backward_db_matches_autograd").with_inputs(
        "hidden_conv2d_backward_db_larger_inputs",
        conv_layer_cases(grad=True, **LARGER),
        max_examples=3,
        examples=CONV_LAYERS,
    ),
    _p("max_pool2d_forward_matches_torch").with_inputs(
        "hidden_max_pool2d_forward_larger_inputs",
        pool_layer_cases(**LARGER_POOLS),
        max_examples=4,
        examples=_forward_only(POOL_LAYERS),
    ),
    _p("max_pool2d_forward_refuses_like_torch").with_inputs(
        "hidden_max_pool2d_forward_refuses_more_inputs",
        invalid_pool_layer_cases(),
        max_examples=4,
        examples=POOL_LAYERS_REFUSED,
    ),
    _p("max_pool2d_backward_ties_go_to_the_first_maximum").with_inputs(
        "hidden_max_pool2d_backward_ties_in_overlapping_windows",
        pool_layer_cases(grad=True, ties=True, overlap=True, **LARGER_POOLS),
        max_examples=4,
        examples=POOL_LAYERS[:2],
    ),
    _p("max_pool2d_backward_matches_autograd").with_inputs(
        "hidden_max_pool2d_backward_larger_inputs",
        pool_layer_cases(grad=True, **LARGER_POOLS),
        max_examples=4,
        examples=POOL_LAYERS[2:],
    ),
    _p("avg_pool2d_forward_matches_torch").with_inputs(
        "hidden_avg_pool2d_forward_larger_inputs",
        pool_layer_cases(**LARGER_POOLS),
        max_examples=4,
        examples=_forward_only(POOL_LAYERS),
    ),
    _p("avg_pool2d_forward_refuses_like_torch").with_inputs(
        "hidden_avg_pool2d_forward_refuses_more_inputs",
        invalid_pool_layer_cases(),
        max_examples=4,
        examples=POOL_LAYERS_REFUSED,
    ),
    _p("avg_pool2d_backward_matches_autograd").with_inputs(
        "hidden_avg_pool2d_backward_overlapping_windows",
        pool_layer_cases(grad=True, overlap=True, **LARGER_POOLS),
        max_examples=4,
        examples=POOL_LAYERS,
    ),
    _p("conv2d_param_count_matches_torch").with_inputs(
        "hidden_conv2d_param_count_real_networks",
        conv_param_cases(),
        max_examples=5,
        examples=REAL_PARAMS,
    ),
)
