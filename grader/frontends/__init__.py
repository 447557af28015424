"""Where people meet the kit.

* ``pytest_support`` and ``board``: ``pytest exercises/`` and its progress board;
* ``cli_grade``, ``cli_grade_all`` and ``report``: ``python -m grader grade`` / ``grade-all``
  and the Gradescope results;
* ``notebooks``, ``nb_cells`` and ``nbgrader_grading``: the nbgrader course and its grading
  (notebook cells call ``grader.nb``);
* ``release``: the student bundle;
* ``mutation``: mutation testing of the suites (``python -m grader.mutation``).
"""
