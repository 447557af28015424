"""Public tests of exercises/init.py, defined once in grader/topics/init/definition.py."""

from grader.frontends.pytest_support import make_tests

globals().update(make_tests("init"))
