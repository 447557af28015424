"""Where the kit's own files are: the repository's ``exercises/`` and ``solutions/``, or the
copies an installed kit carries.

From a clone (or an editable install) the folders beside ``grader/`` are used.  A wheel
(``pip install .``) carries them inside the package as ``grader/_exercises`` and
``grader/_solutions`` (``setup.py`` maps them there), so an instructor who installed the
kit grades from any folder with the same results: diagnosis needs the reference
solutions (each catalogued mistake is the solution with one function replaced), and the
notebooks are built from the stubs and the solutions.  ``DLKIT_ROOT`` points at another
checkout.  The student release ships neither (``grader/frontends/release.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT_ENV = "DLKIT_ROOT"


def checkout() -> Path | None:
    """The repository this kit runs from ($DLKIT_ROOT, or the folder holding ``grader/``
    when it has ``exercises/``), or None for an installed kit."""
    configured = os.environ.get(ROOT_ENV)
    if configured and (Path(configured) / "exercises").is_dir():
        return Path(configured).resolve()
    parent = PACKAGE_DIR.parent
    if (parent / "exercises").is_dir():
        return parent
    return None


def folder(name: str) -> Path:
    """``exercises`` or ``solutions``: the checkout's, else the installed package's copy
    (which may not exist: the student release has no solutions)."""
    root = checkout()
    if root is not None and (root / name).is_dir():
        return root / name
    return PACKAGE_DIR / f"_{name}"
