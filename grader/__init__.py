"""The exercise kit's checking and grading machinery.

Everything is derived from one definition per topic (``grader/topics/<topic>.py``):
the public pytest suites in ``exercises/``, the hidden suites in ``grader/hidden/``,
the command-line grader and the student release.
"""
