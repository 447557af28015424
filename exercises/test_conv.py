"""Public tests of exercises/conv.py, defined once in grader/topics/conv.py."""

from grader.pytest_support import make_tests

globals().update(make_tests("conv"))
