"""Public tests of exercises/losses.py, defined once in grader/topics/losses/definition.py."""

from grader.frontends.pytest_support import make_tests

globals().update(make_tests("losses"))
