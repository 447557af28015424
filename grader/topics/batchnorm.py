"""batchnorm: placeholder until its properties are written."""

from grader.i18n import Text
from grader.spec import Topic

TOPIC = Topic(name="batchnorm", title=Text("batchnorm", "batchnorm"), functions=(), properties=())
