"""Where people meet the kit.

* ``pytest_support`` and ``board``: ``pytest exercises/`` and its progress board;
* ``cli_grade``, ``cli_grade_all`` and ``report``: ``python -m grader grade`` / ``grade-all``
  and the Gradescope results; ``class_state``: what grade-all's output folder remembers
  (resuming, shards); ``merge``: ``python -m grader merge`` of the shards;
  ``class_report``: grade-all's ``report.html``; ``junit``:
  JUnit XML; ``classroom``: the GitHub Classroom workflow; ``gradescope`` and
  ``gradescope_run``: the Gradescope autograder zip and its ``run_autograder``;
* ``notebooks``, ``nb_cells`` and ``nbgrader_grading``: the nbgrader course and its grading
  (notebook cells call ``grader.nb``);
* ``release``: the student bundle;
* ``mutation``: mutation testing of the suites (``python -m grader.mutation``).
"""
