"""What the second stage of diagnosis says, in English and Korean.

Each message states a relation that held on every input looked at, names the constant or
argument concretely, and (in :data:`NOT_A_NAME`) says that it is an observation, not the
name of a known mistake.  Placeholders are code (``{arg}``, ``{c}``): in Korean they are
followed by a noun (인자, 값, 배) so that no particle has to agree with them.
"""

from __future__ import annotations

from grader.define.i18n import Text

LABEL = Text("What your output shows", "내 결과에서 보이는 점")
NOT_A_NAME = Text(
    "This is what comparing your outputs with PyTorch's shows on every input checked, "
    "not the name of a known mistake: look for the step of your code that would cause it.",
    "알려진 실수의 이름이 아니라, 확인한 모든 입력에서 내 결과를 PyTorch와 비교해 본 "
    "관찰입니다. 코드의 어느 단계가 이런 차이를 만드는지 찾아보세요.",
)

# --- the right numbers in the wrong form ---------------------------------------------------
FORM_DTYPE = Text(
    "Your numbers are right, but the array's dtype is {dtype}; PyTorch's (and the "
    "docstring's) is float64.",
    "숫자는 맞지만 배열의 dtype이 {dtype}입니다. PyTorch와 docstring의 dtype은 float64입니다.",
)
FORM_TYPE = Text(
    "Your numbers are right, but they are returned as {kind}, not as a NumPy array.",
    "숫자는 맞지만 NumPy 배열이 아니라 다른 형태({kind})로 돌려주고 있습니다.",
)
FORM_RESHAPE = Text(
    "Your numbers are right and in the right order, but in shape {got_shape}: reshaped to "
    "{want_shape}, they equal PyTorch's on every input checked.",
    "숫자와 순서는 맞지만 shape이 {got_shape}입니다. {want_shape} 모양으로 reshape하면 "
    "확인한 모든 입력에서 PyTorch와 같습니다.",
)
FORM_TRANSPOSE = Text(
    "Your output is the transpose of PyTorch's (`yours.T` equals PyTorch's) on every "
    "input checked.",
    "확인한 모든 입력에서 내 결과가 PyTorch 결과의 전치입니다 (`yours.T` 값이 PyTorch와 같습니다).",
)
FORM_AXES = Text(
    "Your output holds PyTorch's numbers with the axes in another order: "
    "`np.transpose(yours, {order})` equals PyTorch's on every input checked.",
    "내 결과는 PyTorch의 숫자를 축 순서만 바꿔 담고 있습니다. 확인한 모든 입력에서 "
    "`np.transpose(yours, {order})` 값이 PyTorch와 같습니다.",
)
FORM_FLIP = Text(
    "Your output is PyTorch's in reverse order along axis {axis}, on every input checked.",
    "확인한 모든 입력에서 내 결과가 축 {axis} 방향으로 PyTorch 결과를 뒤집은 순서입니다.",
)
FORM_SWAPPED = Text(
    "The values your function returns are right but in the wrong order: returned values "
    "number {first} and {second} are swapped, on every input checked.",
    "돌려주는 값은 맞지만 순서가 틀렸습니다. 확인한 모든 입력에서 {first}번째와 {second}번째로 "
    "돌려주는 값이 서로 바뀌어 있습니다.",
)

# --- the output is something simpler -------------------------------------------------------
EQUALS_INPUT = Text(
    "Your output is `{arg}` itself, unchanged, on every input checked; PyTorch's is not.",
    "확인한 모든 입력에서 내 결과가 `{arg}` 인자 그대로입니다. PyTorch의 결과는 그렇지 않습니다.",
)
ALL_ZEROS = Text(
    "Your output is all zeros on every input checked; PyTorch's is not.",
    "확인한 모든 입력에서 내 결과가 모두 0입니다. PyTorch의 결과는 그렇지 않습니다.",
)

# --- a constant between yours and PyTorch's ------------------------------------------------
RATIO = Text(
    "Your output is exactly {c} times PyTorch's on every input checked.",
    "확인한 모든 입력에서 내 결과가 PyTorch 값의 정확히 {c}배입니다.",
)
RATIO_HERE = Text(
    "Your output is exactly {c} times PyTorch's on every input checked (on the input "
    "shown, {c} = {value}).",
    "확인한 모든 입력에서 내 결과가 PyTorch 값의 정확히 {c}배입니다 (위의 입력에서는 "
    "{c} = {value}).",
)
OPPOSITE_SIGN = Text(
    "Your output is exactly PyTorch's with the opposite sign (-1 times it), on every input "
    "checked.",
    "확인한 모든 입력에서 내 결과가 PyTorch 값과 부호만 반대입니다 (-1배).",
)
PLUS = Text(
    "Your output is PyTorch's plus {c} on every input checked.",
    "확인한 모든 입력에서 내 결과가 PyTorch 값에 {c} 값을 더한 것과 같습니다.",
)
MINUS = Text(
    "Your output is PyTorch's minus {c} on every input checked.",
    "확인한 모든 입력에서 내 결과가 PyTorch 값에서 {c} 값을 뺀 것과 같습니다.",
)
ONE_MORE = Text(
    "Your result is exactly 1 more than PyTorch's on every input checked (off by one).",
    "확인한 모든 입력에서 결과가 PyTorch보다 정확히 1 큽니다 (하나 차이).",
)
ONE_LESS = Text(
    "Your result is exactly 1 less than PyTorch's on every input checked (off by one).",
    "확인한 모든 입력에서 결과가 PyTorch보다 정확히 1 작습니다 (하나 차이).",
)
SOMETIMES_ONE_MORE = Text(
    "Your result is either PyTorch's or 1 more, never further off: right on {right} of the "
    "inputs checked, 1 too large on the other {off}.",
    "결과가 PyTorch와 같거나 정확히 1 크고, 그보다 더 다른 적은 없습니다. 확인한 입력 중 "
    "{right}개에서는 맞고 나머지 {off}개에서는 1 큽니다.",
)
SOMETIMES_ONE_LESS = Text(
    "Your result is either PyTorch's or 1 less, never further off: right on {right} of the "
    "inputs checked, 1 too small on the other {off}.",
    "결과가 PyTorch와 같거나 정확히 1 작고, 그보다 더 다른 적은 없습니다. 확인한 입력 중 "
    "{right}개에서는 맞고 나머지 {off}개에서는 1 작습니다.",
)

# --- PyTorch's reference with one argument changed -----------------------------------------
ARGUMENT = Text(
    "Your output equals PyTorch's computed with {change}, on every input checked.",
    "확인한 모든 입력에서 내 결과가 {change} 계산한 PyTorch 결과와 같습니다.",
)
AS_IF_UNUSED = Text(
    "That is as if `{arg}` were not used.",
    "`{arg}` 인자를 쓰지 않은 것과 같습니다.",
)
SET_TO = Text(
    "`{arg}` = {value} instead of the value given",
    "`{arg}` 인자를 주어진 값 대신 {value} 값으로 바꾸어",
)
ALL_SET_TO = Text(
    "`{arg}` set to all {value}s",
    "`{arg}` 인자를 모두 {value} 값으로 채워",
)
IN_PLACE_OF = Text(
    "`{new}` in place of `{arg}`",
    "`{arg}` 인자 대신 `{new}` 값을 넣어",
)
FLIPPED_FLAG = Text(
    "`{arg}` = {value} (the opposite of the value given)",
    "`{arg}` 인자를 주어진 값과 반대인 {value} 값으로 바꾸어",
)
SWAPPED = Text(
    "`{first}` and `{second}` swapped",
    "`{first}` 인자와 `{second}` 인자를 서로 바꾸어",
)
REVERSED = Text(
    "the items of `{arg}` in reverse order",
    "`{arg}` 인자의 항목 순서를 뒤집어",
)

# --- where the differences are -------------------------------------------------------------
ONLY_AT = Text(
    "Your output equals PyTorch's everywhere except at positions where {where}: on every "
    "input checked, every difference is at such a position.",
    "확인한 모든 입력에서 내 결과는 {where} 위치를 빼면 PyTorch와 같습니다. 다른 값은 모두 "
    "그런 위치에만 있습니다.",
)
WHERE_ZERO = Text("`{arg}` == 0", "`{arg}` == 0인")
WHERE_NEGATIVE = Text("`{arg}` < 0", "`{arg}` < 0인")
WHERE_POSITIVE = Text("`{arg}` > 0", "`{arg}` > 0인")
WHERE_FIRST = Text("the index along axis {axis} is the first", "축 {axis} 방향으로 첫 번째인")
WHERE_LAST = Text("the index along axis {axis} is the last", "축 {axis} 방향으로 마지막인")

CONSTANT_ALONG = Text(
    "Your output does not change along axis {axis} (every slice along it holds the same "
    "values) on every input checked, whereas PyTorch's does.",
    "확인한 모든 입력에서 내 결과는 축 {axis} 방향으로 변하지 않는데 (그 방향의 값이 모두 "
    "같습니다), PyTorch의 결과는 변합니다.",
)
VARIES_ALONG = Text(
    "PyTorch's output does not change along axis {axis} on any input checked, but yours does.",
    "확인한 모든 입력에서 PyTorch의 결과는 축 {axis} 방향으로 변하지 않는데, 내 결과는 변합니다.",
)
