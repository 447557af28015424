"""Public tests of exercises/conv.py, defined once in grader/topics/conv/definition.py."""

from grader.frontends.pytest_support import make_tests

globals().update(make_tests("conv"))
