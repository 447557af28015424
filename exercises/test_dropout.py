"""Public tests of exercises/dropout.py, defined once in grader/topics/dropout/definition.py."""

from grader.frontends.pytest_support import make_tests

globals().update(make_tests("dropout"))
