"""nbformat (and through it nbgrader), imported without compiling grammars nobody uses.

jsonschema, which nbformat imports, registers an ``iri`` format check through
``rfc3987_syntax`` when that is installed (``jsonschema[format-nongpl]``, which Jupyter
pulls in), and ``rfc3987_syntax`` compiles some forty Lark grammars as it is imported:
1.3 s of CPU, a third of everything ``grade-nbgrader`` did for a class of three students
(measured on the 2-core machine of ``benchmarks/bench_nbgrader.py``; jsonschema issue
#1428).  No notebook or nbgrader schema uses the ``iri`` formats, so ``rfc3987_syntax`` is
hidden while jsonschema loads, and only then: anything that imports it later still
gets it.  Import ``nbformat`` from here, before nbgrader, in commands that need it.
"""

from __future__ import annotations

import importlib
import sys


def import_jsonschema_without_iri_grammar() -> None:
    """Import jsonschema without ``rfc3987_syntax`` (see the module's docstring); does
    nothing when either is imported already."""
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        return
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # its import fails
    try:
        importlib.import_module("jsonschema")
    except ImportError:
        pass  # nbformat, imported next, names what is missing
    finally:
        del sys.modules["rfc3987_syntax"]


import_jsonschema_without_iri_grammar()
nbformat = importlib.import_module("nbformat")
