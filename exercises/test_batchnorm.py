"""Public tests of exercises/batchnorm.py, defined once in grader/topics/batchnorm.py."""

from grader.pytest_support import make_tests

globals().update(make_tests("batchnorm"))
