"""The drawn inputs and PyTorch's answers, kept on disk for every process that checks or
grades: the grader, ``pytest exercises/`` and the notebooks.

Drawing the inputs with Hypothesis is most of the time of a cold run (tens of seconds for
all topics).  They depend on the kit's definitions, the seed and the library versions, so
they are kept on disk, keyed by a fingerprint of exactly those, in the wire format (data
only); any change to the definitions draws them afresh.  They also depend, slightly, on
which modules the drawing process has imported (Hypothesis mixes in constants found in
local modules' source), which is one more reason for every process to take them from this
one file instead of drawing its own.  PyTorch's answers are kept beside them, so a process
whose answers are all known never imports PyTorch.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import sys
from collections.abc import Iterable
from pathlib import Path

import hypothesis
import numpy as np

from grader.define import oracle
from grader.define.spec import Property
from grader.engine.examples import SEED, drawn_examples, preload_examples
from grader.isolation import wire

CACHE_ENV = "DLKIT_CACHE_DIR"
GRADER_DIR = Path(__file__).resolve().parents[1]
_CACHE_MAX_BYTES = 1 << 31


def cache_dir() -> Path:
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dlkit-grader"


def cache_path() -> Path:
    """The file holding this kit version's drawn examples."""
    return cache_dir() / f"examples-{kit_fingerprint()}.wire"


def references_path() -> Path:
    """The file holding PyTorch's answers for this kit version and this PyTorch."""
    try:
        torch_version = importlib.metadata.version("torch")
    except importlib.metadata.PackageNotFoundError:
        torch_version = "none"
    return cache_dir() / f"references-{kit_fingerprint()}-torch-{torch_version}.wire"


def kit_fingerprint() -> str:
    """A hash of everything the drawn examples depend on."""
    digest = hashlib.sha256()
    versions = (SEED, hypothesis.__version__, np.__version__, sys.version_info[:2])
    digest.update(repr(versions).encode())
    for path in _definition_files():
        digest.update(str(path.relative_to(GRADER_DIR)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


# What the properties and their strategies are made of (the topic and hidden modules and
# everything they import from the kit); grading, reports and workers are not.
_DEFINITION_MODULES = (
    "isolation/calls.py",
    "define/compare.py",
    "engine/feedback.py",
    "define/i18n.py",
    "define/oracle.py",
    "engine/running.py",
    "engine/examples.py",
    "define/spec.py",
    "define/strategies.py",
)


def _definition_files() -> list[Path]:
    files = [GRADER_DIR / name for name in _DEFINITION_MODULES]
    for topic in sorted((GRADER_DIR / "topics").iterdir()):
        files += [topic / "definition.py", topic / "hidden.py"]
    return [path for path in files if path.is_file()]


_loaded = False


def load(properties: Iterable[Property], draw_missing: bool, use_disk: bool = True) -> None:
    """Take the properties' drawn examples, and PyTorch's answers, from the disk cache.

    With ``draw_missing`` the examples of every property the file lacks are drawn now and
    the file is written whole (the grader: it will need them all).  Without it, missing
    examples are drawn when a property first runs, and :func:`save_examples` adds them at
    the end (``pytest exercises/ -m <function>`` draws only what it checks)."""
    global _loaded
    properties = list(properties)
    cached = _read_table(cache_path()) if use_disk else {}
    complete = True
    for prop in properties:
        cases = cached.get(prop.id)
        if isinstance(cases, list) and all(isinstance(c, dict) for c in cases):
            preload_examples(prop, tuple(cases))
        else:
            complete = False
    if not complete and use_disk and draw_missing:
        save_examples(properties)
    if use_disk:
        oracle.load_references(_read_table(references_path()))
        # Answers computed before the first load are not this kit's to keep; a later load
        # (the grader preparing more topics) must not drop those computed since.
        if not _loaded:
            oracle.mark_saved()
        _loaded = True


def save_examples(properties: Iterable[Property]) -> None:
    """Add these properties' drawn examples to the file, keeping what it holds already."""
    properties = list(properties)
    if not properties:
        return
    path = cache_path()
    table = _read_table(path)
    new = {p.id: list(drawn_examples(p)) for p in properties if p.id not in table}
    if new:
        table.update(new)
        _write_table(path, table)


# Past this many entries the references cache stops growing (inputs shrunk from failures
# are new every time; the drawn inputs all fit many times over).
_MAX_REFERENCES = 100_000


def save_references() -> None:
    """Keep the references computed so far on disk, if any are new (see grader.define.oracle)."""
    if not _loaded or not oracle.references_changed():
        return
    # Merged with the file as it is now: other grading processes (grade-all's pool) save
    # into it too, and none should drop what another added.
    path = references_path()
    table = _read_table(path)
    for name, entries in oracle.references().items():
        known = table.setdefault(name, {})
        if isinstance(known, dict):
            known.update(entries)
    if sum(len(entries) for entries in table.values() if isinstance(entries, dict)) <= (
        _MAX_REFERENCES
    ):
        _write_table(path, table)
    oracle.mark_saved()


def _read_table(path: Path) -> dict:
    try:
        loaded = wire.decode(path.read_bytes())
    except (OSError, wire.WireError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


# Cache files of older kit versions are removed beyond this many of each kind.
_KEEP_VERSIONS = 3


def _write_table(path: Path, table: dict) -> None:
    """Write atomically (another grading process may be reading or writing it too)."""
    try:
        body = wire.encode(table, max_bytes=_CACHE_MAX_BYTES)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(body)
        os.replace(tmp, path)
        _prune(path)
    except (OSError, wire.WireError):
        pass


def _prune(path: Path) -> None:
    """Remove the oldest files of the same kind (other kit versions) past a few, so the
    cache folder does not grow with every change to the kit."""
    kind = path.name.split("-", 1)[0]
    others = [p for p in path.parent.glob(f"{kind}-*.wire") if p != path]
    others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[_KEEP_VERSIONS - 1 :]:
        old.unlink(missing_ok=True)


