"""Running student code: in this process (``calls.InProcess``, for ``pytest exercises/``)
or in a sandboxed worker process (for grading).

* ``calls`` and ``call_rules``: one call of a student function and how it can fail;
* ``sandbox``: bubblewrap or process limits, and the resource limits;
* ``worker_client``: the grader's side of a worker (``launch_worker``, sessions);
* ``worker_main``, ``wire``, ``fork_server``: what runs inside the sandbox (copied there,
  never imported from the grader package), and the data-only format it speaks;
* ``fork_client``: workers forked from a sandbox that stays up;
* ``malloc``: reuse of freed memory by the grader and the workers.
"""
