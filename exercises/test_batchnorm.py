"""Public tests of exercises/batchnorm.py, defined once in grader/topics/batchnorm/definition.py."""

from grader.frontends.pytest_support import make_tests

globals().update(make_tests("batchnorm"))
