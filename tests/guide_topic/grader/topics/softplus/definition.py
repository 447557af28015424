"""Softplus: the contract, the checks and the public properties."""

from __future__ import annotations

import numpy as np

from grader.define import oracle
from grader.define.compare import assert_array_close, assert_inputs_unchanged, assert_no_warnings
from grader.define.i18n import Text
from grader.define.oracle import torch
from grader.define.spec import FunctionSpec, Property, Topic
from grader.define.strategies import single_array

FUNCTIONS = (
    FunctionSpec(
        "softplus_forward",
        ("x",),
        Text("out = log(1 + exp(x)), elementwise", "원소별 out = log(1 + exp(x))"),
    ),
)


@oracle.memoised
def _softplus(x: np.ndarray) -> np.ndarray:
    return oracle.numpy(torch.nn.functional.softplus(oracle.tensor(x)))


def check_softplus(impl, case) -> None:
    out = impl.call("softplus_forward", case["x"])
    assert_array_close(out, _softplus(case["x"]), "softplus_forward's out")


def check_softplus_no_warnings(impl, case) -> None:
    impl.call("softplus_forward", case["x"])
    assert_no_warnings(impl)


def check_softplus_unchanged(impl, case) -> None:
    impl.call("softplus_forward", case["x"])
    assert_inputs_unchanged(impl)


HUGE = {"x": np.array([-1000.0, -30.0, -1.0, 0.0, 1.0, 30.0, 710.0, 1000.0])}

PROPERTIES = (
    Property(
        id="softplus_forward_matches_torch",
        points=2,
        functions=("softplus_forward",),
        claim=Text(
            "out equals torch.nn.functional.softplus(x) for every finite x",
            "모든 유한한 x에서 out이 torch.nn.functional.softplus(x)와 같다",
        ),
        hint=Text(
            "log(1 + exp(x)) overflows for x > 709. Use max(x, 0) + log1p(exp(-|x|)).",
            "x > 709이면 log(1 + exp(x))가 넘칩니다. max(x, 0) + log1p(exp(-|x|))를 쓰세요.",
        ),
        strategy=single_array(),
        check=check_softplus,
        examples=(HUGE,),
    ),
    Property(
        id="softplus_forward_is_warning_free",
        points=1,
        functions=("softplus_forward",),
        claim=Text(
            "softplus_forward emits no NumPy warnings",
            "softplus_forward가 NumPy 경고를 내지 않는다",
        ),
        hint=Text(
            "np.exp(x) warns 'overflow' for x > 709 even when the answer is right: only "
            "exponentiate -|x|.",
            "답이 맞아도 x > 709에서 np.exp(x)는 overflow 경고를 냅니다. exp에는 -|x|만 "
            "넣으세요.",
        ),
        strategy=single_array(),
        check=check_softplus_no_warnings,
        examples=(HUGE,),
    ),
    Property(
        id="softplus_forward_leaves_input_unchanged",
        points=1,
        functions=("softplus_forward",),
        claim=Text("softplus_forward does not modify x", "softplus_forward가 x를 바꾸지 않는다"),
        hint=Text(
            "x += ..., np.exp(x, out=x) and the like write into the caller's array.",
            "x += ..., np.exp(x, out=x) 같은 연산은 호출한 쪽의 배열을 바꿉니다.",
        ),
        strategy=single_array(),
        check=check_softplus_unchanged,
        max_examples=20,
    ),
)

TOPIC = Topic(
    name="softplus",
    title=Text("Softplus, a smooth ReLU", "매끄러운 ReLU, softplus"),
    position=999,
    functions=FUNCTIONS,
    properties=PROPERTIES,
)
