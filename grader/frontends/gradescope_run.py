"""``python -m grader gradescope-run``: what the autograder's ``run_autograder`` calls
(see :mod:`grader.frontends.gradescope`)."""

from grader.frontends.gradescope import add_run_arguments as add_arguments
from grader.frontends.gradescope import run_run as run

__all__ = ["add_arguments", "run"]
