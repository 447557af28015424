"""regularization: placeholder until its properties are written."""

from grader.i18n import Text
from grader.spec import Topic

TOPIC = Topic(
    name="regularization",
    title=Text("regularization", "regularization"),
    functions=(),
    properties=(),
)
