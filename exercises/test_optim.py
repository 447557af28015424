"""Public tests of exercises/optim.py, defined once in grader/topics/optim/definition.py."""

from grader.frontends.pytest_support import make_tests

globals().update(make_tests("optim"))
