"""What a ``grade-all`` output folder remembers, so that a rerun resumes and shards merge.

A class of thousands takes hours to grade; an interruption (Ctrl-C, a preempted pod, a
job's time limit, ``kill -9``) must not cost the submissions already graded.  So, beside
the results files, ``OUT`` holds:

``OUT/rows/<student>.json``
    The student's gradebook row and the **key** it was graded under, written (atomically)
    by the main process once the student's results, feedback page and JUnit file are all
    on disk.  A rerun into the same ``OUT`` takes the row from here instead of grading the
    student again when the key is the same.  The key (:func:`record_key`) is a hash of

    * the submission's files (every file under the student's folder, by path and content,
      ``__pycache__`` aside: :func:`submission_digest`);
    * the kit (:func:`kit_fingerprint`: every file of the ``grader`` package, which holds
      the properties, hidden suites, catalogue, feedback and report code; the reference
      solutions and stubs diagnosis reads; the versions of Python, NumPy, Hypothesis and
      PyTorch, which the drawn inputs and PyTorch's answers depend on);
    * the options that change what is written (:func:`grading_options`: the language, the
      isolation actually used, every limit, JUnit and whether it names hidden tests).

    ``--jobs``, ``--quiet`` and the shard do not change a student's results, so they are
    not in the key.  A row whose student could not be graded at all (its ``error``: the
    grading process died, say) is recorded for ``merge`` but graded again by a rerun: the
    cause may have been outside the submission.

``OUT/grading.json`` (:data:`MANIFEST`)
    The kit fingerprint, the options, the class's name and students, the shard this
    folder holds and whether it is complete: what ``merge`` checks before combining.

``OUT/INCOMPLETE`` (:data:`INCOMPLETE`)
    Present while ``grade-all`` runs and after it was interrupted.  ``gradebook.csv``,
    ``report.html`` and ``junit.xml`` are removed when a run starts and written when it
    ends, so a ``gradebook.csv`` in ``OUT`` is always complete.  An interrupted run writes
    the rows it has to ``OUT/gradebook-incomplete.csv`` (:data:`PARTIAL_GRADEBOOK`).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from grader.define.i18n import Text, TextError

FORMAT = 1
RECORDS = "rows"
MANIFEST = "grading.json"
INCOMPLETE = "INCOMPLETE"
PARTIAL_GRADEBOOK = "gradebook-incomplete.csv"
# What a run writes for the whole class (or shard): removed when a run starts, so that
# none of them can describe an earlier state of the folder while INCOMPLETE is there.
CLASS_OUTPUTS = ("gradebook.csv", "report.html", "junit.xml", PARTIAL_GRADEBOOK)

GRADER_DIR = Path(__file__).resolve().parents[1]


# --- keys -----------------------------------------------------------------------------------


@functools.cache
def kit_fingerprint() -> str:
    """A hash of everything in the kit that can change a student's results (see the
    module's docstring).  Hashing the whole ``grader`` package is deliberately coarse: a
    kit edited anywhere regrades everyone, which costs time, never a wrong grade."""
    from grader import kit_files

    digest = hashlib.sha256()
    versions = [f"python {sys.version_info[0]}.{sys.version_info[1]}"]
    for package in ("numpy", "hypothesis", "torch"):
        try:
            versions.append(f"{package} {importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package} none")
    digest.update("\n".join(versions).encode() + b"\0")
    roots = [("grader", GRADER_DIR, "*")]
    roots += [(name, kit_files.folder(name), "*.py") for name in ("solutions", "exercises")]
    for label, root, pattern in roots:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                digest.update(f"{label}/{path.relative_to(root).as_posix()}".encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


def submission_digest(folder: Path) -> str:
    """A hash of every file under a student's folder, by relative path and content.

    Every file counts, not only the topic modules: a module may import a helper file of
    its own.  An unreadable folder gets a digest no record can have, so it is graded."""
    digest = hashlib.sha256()
    try:
        for path in sorted(folder.rglob("*")):
            if "__pycache__" in path.parts or not path.is_file():
                continue
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    except OSError as exc:
        return f"unreadable: {exc}"
    return digest.hexdigest()


def grading_options(
    *, lang: str, isolation: str, limits: Any, junit: bool, reveal_hidden: bool
) -> dict[str, Any]:
    """The options that change what is written for a student.  ``isolation`` is the mode
    actually used ("bubblewrap" or "process-limits"), not the ``--sandbox`` request:
    ``auto`` means either, and the results file names the one that graded."""
    return {
        "lang": lang,
        "isolation": isolation,
        "limits": asdict(limits),
        "junit": bool(junit),
        "junit_reveal_hidden": bool(junit and reveal_hidden),
    }


def record_key(kit: str, options: dict[str, Any], files: str) -> str:
    """The key a student's row is recorded under (see the module's docstring)."""
    blob = json.dumps(
        {"format": FORMAT, "kit": kit, "options": options, "files": files}, sort_keys=True
    )
    return hashlib.sha256(blob.encode()).hexdigest()


# --- records ----------------------------------------------------------------------------------


def record_path(out: Path, student: str) -> Path:
    return out / RECORDS / f"{student}.json"


def write_record(
    out: Path, student: str, key: str, kit: str, options: dict[str, Any], row: dict[str, Any]
) -> None:
    """Record a student's row under ``key``, in one step (a rename), so that a process
    killed at any moment leaves the old record, the new one or none, never half of one."""
    from grader.frontends.report import write_text_atomic

    record = {
        "format": FORMAT,
        "student": student,
        "key": key,
        "kit": kit,
        "options": options,
        "row": row,
    }
    write_text_atomic(record_path(out, student), json.dumps(record, ensure_ascii=False) + "\n")


def read_record(path: Path) -> dict[str, Any] | None:
    """The record at ``path``; None when there is none or it cannot be read as one."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        return None
    if not isinstance(record.get("row"), dict) or not isinstance(record.get("key"), str):
        return None
    return record


def current_rows(out: Path, keys: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The recorded rows of the students whose record has the key given for them."""
    found = {}
    for student, key in keys.items():
        record = read_record(record_path(out, student))
        if (
            record is not None
            and record["key"] == key
            and record.get("student") == student
            and not record["row"].get("error")
        ):
            found[student] = record["row"]
    return found


# --- the folder's state ---------------------------------------------------------------------------


def write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    from grader.frontends.report import write_text_atomic

    write_text_atomic(out / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")


def read_manifest(out: Path) -> dict[str, Any] | None:
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return None
    shard = manifest.get("shard")
    if not (
        isinstance(manifest.get("kit"), str)
        and isinstance(manifest.get("options"), dict)
        and isinstance(manifest.get("class"), str)
        and isinstance(manifest.get("students"), list)
        and isinstance(shard, list)
        and len(shard) == 2
        and all(isinstance(part, int) for part in shard)
        and 0 <= shard[0] < shard[1]
    ):
        return None
    return manifest


def begin(out: Path, manifest: dict[str, Any]) -> None:
    """Mark ``out`` incomplete, then remove the class outputs of any earlier run: from
    here until :func:`finish`, whatever ends this process, ``out`` says it is incomplete
    and holds no gradebook that could be taken for this run's."""
    from grader.frontends.report import write_text_atomic

    out.mkdir(parents=True, exist_ok=True)
    write_text_atomic(out / INCOMPLETE, INCOMPLETE_NOTE)
    write_manifest(out, {**manifest, "complete": False})
    for name in CLASS_OUTPUTS:
        (out / name).unlink(missing_ok=True)


def finish(out: Path, manifest: dict[str, Any]) -> None:
    """Mark ``out`` complete (its class outputs are written)."""
    write_manifest(out, {**manifest, "complete": True})
    (out / PARTIAL_GRADEBOOK).unlink(missing_ok=True)
    (out / INCOMPLETE).unlink(missing_ok=True)


def is_complete(out: Path, manifest: dict[str, Any]) -> bool:
    return manifest.get("complete") is True and not (out / INCOMPLETE).exists()


INCOMPLETE_NOTE = (
    "grade-all has not finished grading into this folder (it is running, or it was\n"
    "interrupted). gradebook-incomplete.csv, when present, holds the rows graded so far.\n"
    "Run the same grade-all command again: it grades only what is missing or changed,\n"
    "then writes gradebook.csv and removes this file.\n"
)


# --- shards -----------------------------------------------------------------------------------


class ShardError(TextError, ValueError):
    """A ``--shard`` value that cannot be used; ``message(lang)`` says why, in one line."""


SHARD_ERRORS = {
    "form": Text(
        "--shard {value}: expected INDEX/COUNT, such as 0/4 (shards are numbered from 0)",
        "--shard {value}: 0/4처럼 번호/개수 형식으로 지정해야 합니다 (번호는 0부터 셉니다)",
    ),
    "unset": Text(
        "--shard {value}: the environment variable {name} is not set",
        "--shard {value}: 설정되지 않은 환경 변수입니다: {name}",
    ),
    "not_a_number": Text(
        "--shard {value}: {name} holds {found!r}, not a whole number",
        "--shard {value}: {name}에 정수가 아닌 값이 들어 있습니다 ({found!r})",
    ),
    "count": Text(
        "--shard {value}: the count of shards must be at least 1",
        "--shard {value}: 샤드 개수는 1 이상이어야 합니다",
    ),
    "range": Text(
        "--shard {value}: the index must be from 0 to {last} (shards are numbered from 0, "
        "as Kubernetes' JOB_COMPLETION_INDEX is)",
        "--shard {value}: 번호는 0부터 {last}까지여야 합니다 (Kubernetes의 "
        "JOB_COMPLETION_INDEX처럼 0부터 셉니다)",
    ),
}


def parse_shard(value: str, environ: dict[str, str] | None = None) -> tuple[int, int]:
    """``INDEX/COUNT`` -> (index, count), with 0 <= index < count.

    Either part may name an environment variable instead of a number
    (``JOB_COMPLETION_INDEX/8``, ``SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT``), so a
    scheduler that starts the command without a shell (a Kubernetes container's ``args``)
    needs no shell to expand it."""
    environ = os.environ if environ is None else environ
    parts = value.split("/")
    if len(parts) != 2 or not all(part.strip() for part in parts):
        raise ShardError(SHARD_ERRORS["form"], value=value)
    index, count = (_shard_number(value, part.strip(), environ) for part in parts)
    if count < 1:
        raise ShardError(SHARD_ERRORS["count"], value=value)
    if not 0 <= index < count:
        raise ShardError(SHARD_ERRORS["range"], value=value, last=count - 1)
    return index, count


def _shard_number(value: str, part: str, environ: Any) -> int:
    if part.isdigit():
        return int(part)
    if not part.isidentifier():
        raise ShardError(SHARD_ERRORS["form"], value=value)
    if part not in environ:
        raise ShardError(SHARD_ERRORS["unset"], value=value, name=part)
    found = environ[part].strip()
    if not found.isdigit():
        raise ShardError(SHARD_ERRORS["not_a_number"], value=value, name=part, found=found)
    return int(found)


def shard_part(students: list[Any], index: int, count: int) -> list[Any]:
    """The students of shard ``index`` of ``count``: every count-th of the class in
    name order, starting at the index-th.

    Round robin over sorted names gives shards whose sizes differ by at most one (the
    slowest shard sets when the class is done), and each shard is known from the class
    list alone, so ``merge`` needs no other record of who went where."""
    return [student for position, student in enumerate(students) if position % count == index]
