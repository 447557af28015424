"""Hidden suite for softplus: the public claims on larger and more extreme inputs."""

import numpy as np
from grader.topics.softplus.definition import TOPIC

from grader.define.strategies import single_array

_p = TOPIC.prop

EXTREMES = {"x": np.array([-1e300, -745.0, -1e-300, -0.0, 0.0, 1e-300, 20.0, 20.5, 745.0, 1e300])}

HIDDEN = (
    _p("softplus_forward_matches_torch").with_inputs(
        "hidden_softplus_forward_extremes", single_array(max_side=8), 20, (EXTREMES,)
    ),
    _p("softplus_forward_is_warning_free").with_inputs(
        "hidden_softplus_forward_no_warnings_extremes", single_array(max_side=8), 20, (EXTREMES,)
    ),
)
