"""Public tests of exercises/regularization.py, defined once in grader/topics/regularization/definition.py."""

from grader.frontends.pytest_support import make_tests

globals().update(make_tests("regularization"))
