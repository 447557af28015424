"""conv: placeholder until its properties are written."""

from grader.i18n import Text
from grader.spec import Topic

TOPIC = Topic(name="conv", title=Text("conv", "conv"), functions=(), properties=())
