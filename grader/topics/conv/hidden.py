"""Hidden suite for conv: a fixed sample of all small configurations, real-network sizes,
ceil_mode's last-window rule and the configurations PyTorch refuses."""

import hashlib
import itertools

from grader.define.strategies import (
    conv_configs,
    invalid_conv_configs,
    invalid_pool_configs,
    pool_configs,
    pool_last_window_configs,
)
from grader.topics.conv.definition import TOPIC

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
# and ceil_mode's last-window rule keeps every configuration where it applies.
CONV_GRID = _conv_grid()
CONV_OK = sample([c for c in CONV_GRID if not _conv_refused(c)], 150)
CONV_REFUSED = sample([c for c in CONV_GRID if _conv_refused(c)], 150)
POOL_GRID = _pool_grid()
POOL_OK = sample([c for c in POOL_GRID if not _pool_refused(c)], 180)
POOL_REFUSED = sample([c for c in POOL_GRID if _pool_refused(c)], 150)
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
        max_examples=50,
        examples=REAL_CONV + CONV_OK,
    ),
    _p("conv_output_size_refuses_like_torch").with_inputs(
        "hidden_conv_output_size_refuses_small_invalid_configurations",
        invalid_conv_configs(),
        max_examples=50,
        examples=CONV_REFUSED,
    ),
    _p("conv_output_size_returns_an_int").with_inputs(
        "hidden_conv_output_size_returns_int_for_real_sizes",
        conv_configs(),
        max_examples=20,
        examples=REAL_CONV,
    ),
    _p("pool_output_size_matches_torch").with_inputs(
        "hidden_pool_output_size_small_configurations",
        pool_configs(),
        max_examples=50,
        examples=REAL_POOL + POOL_OK,
    ),
    _p("pool_output_size_ceil_mode_drops_window_starting_in_padding").with_inputs(
        "hidden_pool_output_size_last_window_rule_everywhere",
        pool_last_window_configs(),
        max_examples=50,
        examples=POOL_LAST_WINDOW,
    ),
    _p("pool_output_size_refuses_like_torch").with_inputs(
        "hidden_pool_output_size_refuses_small_invalid_configurations",
        invalid_pool_configs(),
        max_examples=50,
        examples=POOL_REFUSED,
    ),
    # Found by mutation testing (docs/mutation.md): an empty input, and a kernel that is
    # not positive while an explicit stride is (so the stride check cannot catch it).
    _p("conv_output_size_refuses_like_torch").with_inputs(
        "hidden_conv_output_size_refuses_empty_input",
        invalid_conv_configs(),
        max_examples=5,
        examples=(
            {"n": 0, "kernel_size": 1, "padding": 1},
            {"n": 0, "kernel_size": 3, "padding": 2},
        ),
    ),
    _p("pool_output_size_refuses_like_torch").with_inputs(
        "hidden_pool_output_size_refuses_empty_input_and_bad_kernel",
        invalid_pool_configs(),
        max_examples=5,
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
        max_examples=20,
        examples=tuple(c for c in REAL_POOL if "stride" not in c),
    ),
)
