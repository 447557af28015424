"""Public tests of exercises/activations.py, defined once in grader/topics/activations.py."""

from grader.pytest_support import make_tests

globals().update(make_tests("activations"))
