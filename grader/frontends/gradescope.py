"""Gradescope: ``python -m grader gradescope OUT.zip`` builds the autograder zip, and
``python -m grader gradescope-run`` is what its ``run_autograder`` calls.

The zip (Gradescope's "Autograder Specifications",
https://gradescope-autograders.readthedocs.io/en/latest/specs/) holds at its root:

* ``setup.sh``, run once as root when Gradescope builds the image (Ubuntu): installs
  Python, venv and bubblewrap with apt, the kit's dependencies into
  ``/autograder/venv`` from ``requirements-gradescope.txt`` (exact versions: those of
  the machine that built the zip, torch from PyTorch's CPU index), then grades the
  reference solutions once so the drawn inputs and PyTorch's answers are cached in the
  image (``/autograder/source/cache``) and no submission pays for them;
* ``run_autograder``, run for every submission: grades ``/autograder/submission`` into
  ``/autograder/results/results.json`` (the kit's usual results, see
  :func:`grader.frontends.report.gradescope_results`);
* ``kit/``: the grader (with the hidden suites and the catalogue, which students never
  see on Gradescope), the reference solutions (the catalogue's mistakes are edits of
  them) and the stubs (notebook answers are put after the stubs' imports).

What students may upload (:func:`collect_submission`): the ``.py`` modules, the topic
notebooks (their answer cells are taken as ``grade-nbgrader`` takes them,
:func:`grader.frontends.nbgrader_grading.extract_module`), or a zip with a folder inside;
at any depth, with macOS and checkpoint litter ignored.  What was found, and from where,
opens the results' ``output``.

``DLKIT_AUTOGRADER_ROOT`` (default ``/autograder``) moves the whole layout, which is how
``tests/test_gradescope.py`` runs ``run_autograder`` on real submissions in a temporary
folder; ``DLKIT_PYTHON`` picks the interpreter.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import re
import shutil
import stat
import sys
import tempfile
import zipfile
from pathlib import Path

from grader.define.i18n import LANGUAGES, Text, default_lang
from grader.topics import TOPICS

KIT_ROOT = Path(__file__).resolve().parents[2]
ROOT_ENV = "DLKIT_AUTOGRADER_ROOT"
DEFAULT_ROOT = "/autograder"

# Pinned as on the machine that builds the zip (what the kit was tested with there).
PINNED = ("numpy", "hypothesis", "pytest", "greenlet", "torch")
TORCH_INDEX = "https://download.pytorch.org/whl/cpu"

SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, while building the autograder image (Ubuntu).
set -euo pipefail
ROOT="${{{root_env}:-{default_root}}}"
SOURCE="$ROOT/source"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq bubblewrap >/dev/null || echo "no bubblewrap: process limits only" >&2
# The Python the zip was built and tested with, for the exact versions pinned; where the
# image has no such package, its python3 with the kit's own version ranges.
PY={python}
REQUIREMENTS="$SOURCE/requirements-gradescope.txt"
if ! apt-get install -y -qq "$PY" "$PY-venv" >/dev/null 2>&1; then
    echo "no $PY package here: using python3 and kit/requirements.txt" >&2
    PY=python3
    REQUIREMENTS="$SOURCE/kit/requirements.txt"
    apt-get install -y -qq python3 python3-venv >/dev/null
fi
"$PY" -m venv "$ROOT/venv"
"$ROOT/venv/bin/python" -m pip install -q --upgrade pip
"$ROOT/venv/bin/python" -m pip install -q --extra-index-url {torch_index} -r "$REQUIREMENTS"
# Draw every input and ask PyTorch once, now: each submission then starts from the cache.
cd "$SOURCE/kit"
DLKIT_CACHE_DIR="$SOURCE/cache" "$ROOT/venv/bin/python" -m grader grade solutions --quiet
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for every submission: /autograder/submission is graded into
# /autograder/results/results.json.
ROOT="${{{root_env}:-{default_root}}}"
PYTHON="${{DLKIT_PYTHON:-$ROOT/venv/bin/python}}"
export DLKIT_CACHE_DIR="${{DLKIT_CACHE_DIR:-$ROOT/source/cache}}"
export DLKIT_LANG="${{DLKIT_LANG:-{lang}}}"
cd "$ROOT/source/kit" || exit 1
exec "$PYTHON" -m grader gradescope-run --root "$ROOT"
"""

NOTES = {
    "found": Text(
        "Graded {module} (from {origin}).", "{module}: {origin}에서 가져와 채점했습니다."
    ),
    "notebook": Text("{path}, the answer cells", "{path}의 답안 셀"),
    "missing": Text(
        "Not found in your submission: {modules}. Upload the .py files ({expected}), the "
        "topic notebooks, or a zip of a folder holding them.",
        "제출물에서 찾지 못한 모듈: {modules}. .py 파일({expected})이나 주제별 노트북, "
        "또는 그것들이 든 폴더를 압축한 zip 파일을 올리세요.",
    ),
    "unreadable": Text(
        "Could not read {path}: {reason}", "{path} 파일을 읽을 수 없습니다: {reason}"
    ),
    "duplicate": Text(
        "Several files could be {module}; graded {chosen}.",
        "{module} 후보가 여러 개여서 {chosen} 파일을 채점했습니다.",
    ),
}

# Litter that is never a submission: macOS resource forks, editor and Jupyter state.
_IGNORED = re.compile(r"(^|/)(__MACOSX|\.ipynb_checkpoints|__pycache__|\.[^/]*)(/|$)")
_MAX_DEPTH = 4
_ZIP_MAX_BYTES = 64 * 1024**2
_ZIP_MAX_ENTRIES = 2000


# --- the zip ------------------------------------------------------------------------------


def pinned_requirements() -> str:
    """The kit's dependencies at the exact versions installed here."""
    lines = [
        "# The versions of the machine that built this autograder (python -m grader gradescope)."
    ]
    for name in PINNED:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        lines.append(f"{name}=={version.split('+')[0]}")
    return "\n".join(lines) + "\n"


def _python() -> str:
    """The Debian/Ubuntu package name of this Python (``python3.11``)."""
    return f"python{sys.version_info.major}.{sys.version_info.minor}"


def _kit_files() -> list[tuple[Path, str]]:
    """(file, name in the zip) for the kit's part of the autograder."""
    files: list[tuple[Path, str]] = []
    for folder in ("grader", "solutions"):
        for path in sorted((KIT_ROOT / folder).rglob("*")):
            relative = path.relative_to(KIT_ROOT).as_posix()
            if path.is_file() and "__pycache__" not in relative and not path.suffix == ".pyc":
                files.append((path, f"kit/{relative}"))
    for topic in TOPICS:  # the stubs: notebook answers go after their imports
        files.append((KIT_ROOT / "exercises" / topic.filename, f"kit/exercises/{topic.filename}"))
    for name in ("requirements.txt", "pyproject.toml", "README.md"):
        files.append((KIT_ROOT / name, f"kit/{name}"))
    return files


def _add(archive: zipfile.ZipFile, name: str, data: bytes, executable: bool = False) -> None:
    # Fixed dates and modes: the same kit gives the same zip, byte for byte.
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = ((0o755 if executable else 0o644) | stat.S_IFREG) << 16
    archive.writestr(info, data)


def build_autograder(out: Path, lang: str = "en") -> list[str]:
    """Write the autograder zip; return the names it holds."""
    fields = {"root_env": ROOT_ENV, "default_root": DEFAULT_ROOT}
    entries: list[tuple[str, bytes, bool]] = [
        (
            "setup.sh",
            SETUP_SH.format(torch_index=TORCH_INDEX, python=_python(), **fields).encode(),
            True,
        ),
        ("run_autograder", RUN_AUTOGRADER.format(lang=lang, **fields).encode(), True),
        ("requirements-gradescope.txt", pinned_requirements().encode(), False),
    ]
    entries += [(name, path.read_bytes(), False) for path, name in _kit_files()]
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w") as archive:
            for name, data, executable in entries:
                _add(archive, name, data, executable)
        from grader.frontends.report import current_umask

        os.chmod(tmp, 0o666 & ~current_umask())
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return [name for name, _, _ in entries]


# --- what students upload -------------------------------------------------------------------


def _unzip(archive: Path, dest: Path) -> str | None:
    """Extract a student's zip safely (no absolute paths, no '..', no links, bounded
    size); the reason when it cannot be read."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = zipped.infolist()
            if len(members) > _ZIP_MAX_ENTRIES:
                return f"more than {_ZIP_MAX_ENTRIES} files"
            if sum(m.file_size for m in members) > _ZIP_MAX_BYTES:
                return f"more than {_ZIP_MAX_BYTES // 1024**2} MB unpacked"
            for member in members:
                name = member.filename.replace("\\", "/")
                parts = [p for p in name.split("/") if p not in ("", ".")]
                kind = stat.S_IFMT(member.external_attr >> 16)
                if member.is_dir() or ".." in parts or name.startswith("/") or kind == stat.S_IFLNK:
                    continue
                target = dest.joinpath(*parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(zipped.read(member))
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError) as exc:
        return str(exc) or type(exc).__name__
    return None


def _candidates(folder: Path) -> list[Path]:
    """The files of ``folder`` (to a few levels), litter excluded, shallowest first."""
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and not path.is_symlink() and not _IGNORED.search(relative):
            if relative.count("/") < _MAX_DEPTH:
                found.append(path)
    return sorted(found, key=lambda p: (len(p.relative_to(folder).parts), str(p)))


def _notebook_module(path: Path, topic_name: str) -> str | None:
    """The module a topic notebook amounts to (its answer cells after the stub's imports),
    or None when it has no answer cell for the topic."""
    import nbformat

    from grader.frontends.nb_cells import answer_id, stub_scaffolding
    from grader.frontends.nbgrader_grading import extract_module
    from grader.topics import BY_NAME

    nb = nbformat.read(str(path), as_version=4)
    topic = BY_NAME[topic_name]
    ids = [answer_id(spec.name) for spec in topic.functions]
    has_ids = any(
        cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") in ids for cell in nb.cells
    )
    if has_ids:
        return extract_module(nb, topic_name, ids)
    # Metadata stripped (opened in another editor): the code cells defining a function
    # of the topic, in order.
    names = [spec.name for spec in topic.functions]
    cells = [
        cell.source
        for cell in nb.cells
        if cell.cell_type == "code"
        and any(re.search(rf"^def {name}\s*\(", cell.source, re.M) for name in names)
    ]
    if not cells:
        return None
    return "\n\n\n".join([stub_scaffolding(topic).rstrip(), *cells]) + "\n"


def _notebook_topic(path: Path) -> str | None:
    import json

    from grader.topics import BY_NAME

    try:
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError, AttributeError):
        meta = {}
    topic = (meta.get("dlkit") or {}).get("topic") if isinstance(meta, dict) else None
    if topic in BY_NAME:
        return topic
    return path.stem if path.stem in BY_NAME else None


def collect_submission(upload: Path, dest: Path, lang: str = "en") -> list[str]:
    """Put the modules a student uploaded into ``dest`` (``activations.py``, ...) and
    return notes on what was found, for the results' ``output``."""
    dest.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="dlkit-upload-") as scratch:
        roots = [upload]
        for archive in [p for p in _candidates(upload) if p.suffix.lower() == ".zip"]:
            unpacked = Path(scratch) / f"{len(roots)}"
            reason = _unzip(archive, unpacked)
            if reason is not None:
                notes.append(NOTES["unreadable"].get(lang, path=archive.name, reason=reason))
            roots.append(unpacked)
        files = [(root, path) for root in roots for path in _candidates(root)]

        def shown(root: Path, path: Path) -> str:
            # A path in the upload, or within the student's zip.
            return path.relative_to(root).as_posix()

        missing = []
        for topic in TOPICS:
            modules = [(r, p) for r, p in files if p.name == topic.filename]
            if modules:
                root, chosen = modules[0]
                shutil.copyfile(chosen, dest / topic.filename)
                notes.append(
                    NOTES["found"].get(lang, module=topic.filename, origin=shown(root, chosen))
                )
                if len(modules) > 1:
                    notes.append(
                        NOTES["duplicate"].get(
                            lang, module=topic.filename, chosen=shown(root, chosen)
                        )
                    )
                continue
            notebooks = [
                (r, p)
                for r, p in files
                if p.suffix == ".ipynb" and _notebook_topic(p) == topic.name
            ]
            module = None
            for root, path in notebooks:
                try:
                    module = _notebook_module(path, topic.name)
                except Exception as exc:  # not a notebook nbformat can read
                    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                    notes.append(NOTES["unreadable"].get(lang, path=path.name, reason=reason))
                    continue
                if module is not None:
                    (dest / topic.filename).write_text(module, encoding="utf-8")
                    origin = NOTES["notebook"].get(lang, path=shown(root, path))
                    notes.append(NOTES["found"].get(lang, module=topic.filename, origin=origin))
                    break
            if module is None:
                missing.append(topic.filename)
        if missing:
            expected = ", ".join(t.filename for t in TOPICS)
            notes.append(NOTES["missing"].get(lang, modules=", ".join(missing), expected=expected))
    return notes


# --- run_autograder -----------------------------------------------------------------------------


def run_autograder(root: Path, lang: str) -> int:
    """Grade ``root/submission`` into ``root/results/results.json``."""
    from grader.engine.grading import GraderError, grade_submission
    from grader.frontends.report import gradescope_results, write_json_atomic

    results = root / "results" / "results.json"
    with tempfile.TemporaryDirectory(prefix="dlkit-submission-") as folder:
        modules = Path(folder) / "submission"
        notes = collect_submission(root / "submission", modules, lang)
        try:
            result = grade_submission(modules, lang=lang)
        except GraderError as exc:
            # Not the student's doing: no results, so Gradescope reports a failed
            # autograder to the staff instead of a score of 0.
            print(f"grader error: {exc}", file=sys.stderr)
            return 1
        data = gradescope_results(result)
    data["output"] = "\n".join(notes) + "\n\n" + data["output"]
    write_json_atomic(results, data)
    print(f"{data['score']}/{result.max_score}; results: {results}")
    return 0


# --- command line ---------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, help="the autograder zip to write (e.g. autograder.zip)")
    parser.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="language of the students' feedback"
    )


def run(args: argparse.Namespace) -> int:
    if args.out.suffix.lower() != ".zip":
        print(
            f"grader error: {args.out} should end in .zip (Gradescope takes a zip)", file=sys.stderr
        )
        return 2
    try:
        names = build_autograder(args.out, args.lang)
    except OSError as exc:
        print(f"grader error: cannot write {args.out}: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.out} ({len(names)} files): upload it as the assignment's autograder")
    return 0


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--root",
        type=Path,
        default=Path(os.environ.get(ROOT_ENV, DEFAULT_ROOT)),
        help=f"Gradescope's folder (default: ${ROOT_ENV} or {DEFAULT_ROOT})",
    )
    parser.add_argument("--lang", choices=LANGUAGES, default=None)


def run_run(args: argparse.Namespace) -> int:
    return run_autograder(args.root, args.lang or default_lang())
