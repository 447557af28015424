"""Public tests of exercises/activations.py, defined once in grader/topics/activations/definition.py."""

from grader.frontends.pytest_support import make_tests

globals().update(make_tests("activations"))
