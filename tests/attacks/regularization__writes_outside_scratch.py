# Writes marker files wherever it can: next to itself, in the folders above, in /tmp,
# in HOME, in the working directories of the processes it can see.  It only creates new
# files named DLKIT_ATTACK_MARKER, so the test can look for them afterwards.
import os
from pathlib import Path

NAME = "DLKIT_ATTACK_MARKER"


def _places():
    here = Path(__file__).resolve()
    yield from here.parents
    yield Path("/tmp")
    yield Path("/var/tmp")
    yield Path("/dev/shm")
    yield Path.home()
    yield Path("/work/main")
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                yield Path(os.readlink(f"/proc/{pid}/cwd"))
            except OSError:
                pass


def _scatter():
    for place in _places():
        try:
            (place / NAME).write_text("written by a submission")
        except OSError:
            pass


_scatter()


def l1_penalty_grad(w, lam):
    _scatter()
    return w * 0.0
