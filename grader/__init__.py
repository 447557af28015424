"""The exercise kit's checking and grading machinery, in five parts:

* ``define/``: the definition language (contract functions, properties with points,
  strategies, the PyTorch oracle, tolerances, English and Korean text);
* ``topics/<topic>/``: one folder per topic, written in that language (its contract,
  checks and public properties, hidden suite, catalogued mistakes and notebook text);
* ``engine/``: running properties against an implementation, feedback, diagnosis, grading;
* ``isolation/``: student code in this process or in a sandboxed worker;
* ``frontends/``: pytest support, the command line, reports, notebooks and nbgrader, the
  student release, mutation testing.

``nb`` is what notebook cells call, ``__main__`` the command line (``python -m grader``)
and ``mutation`` the mutation run (``python -m grader.mutation``).  Everything is derived
from the topic folders: the public pytest suites in ``exercises/``, the hidden suites, the
notebooks, the grader and the student release.
"""
