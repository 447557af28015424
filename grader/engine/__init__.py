"""The checking engine: runs a topic's properties against an implementation.

* ``examples``: the fixed inputs every property is checked on;
* ``running``: one property against one implementation (fast pass, then shrinking);
* ``lockstep``: a property's inputs checked together, their calls sent in rounds;
* ``feedback``: what a student reads about a failure;
* ``diagnosis`` and ``fingerprints``: naming a failure as a catalogued mistake;
* ``explain/``: otherwise, the relation between the student's outputs and PyTorch's that
  explains it, found by generic detectors (the second stage of diagnosis);
* ``suites``: the hidden suites and catalogues of the topics (never shipped);
* ``grading``: a whole submission graded in a sandboxed worker, with points.
"""
