"""``python -m grader grade SUBMISSION --json RESULTS.json``: grade one submission folder.

Prints a summary (total, points per module, the progress board, failing tests) and
writes Gradescope's results JSON.  The exit status is 0 whenever grading completed,
whatever the score; 2 when the grader itself could not run (with the reason on stderr).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grader.define.i18n import LANGUAGES, Text, default_lang

SANDBOXES = ("auto", "bwrap", "none")
# What any command prints when Ctrl-C stops it before it could say more (grader.__main__).
INTERRUPTED = Text("interrupted", "중단했습니다")


def add_limit_arguments(parser: argparse.ArgumentParser) -> None:
    # Only the chosen command's arguments are built, so this import costs `grade` nothing extra.
    from grader.isolation.sandbox import Limits

    defaults = Limits()
    parser.add_argument(
        "--sandbox",
        choices=SANDBOXES,
        default="auto",
        help="isolation of student code: bubblewrap when available (auto), required "
        "(bwrap), or process limits only (none)",
    )
    parser.add_argument(
        "--call-seconds",
        type=float,
        default=None,
        help="wall-clock limit of one call to a student function, in seconds "
        f"(default: {defaults.call_seconds:g})",
    )
    parser.add_argument(
        "--submission-seconds",
        type=float,
        default=None,
        help="time budget of all calls of one submission, in seconds "
        f"(default: {defaults.submission_seconds:g})",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="language of the feedback (default: $DLKIT_LANG or en)",
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("submission", type=Path, help="folder holding the student's modules")
    parser.add_argument(
        "--json",
        dest="json_path",
        type=Path,
        default=None,
        help="write Gradescope's results JSON here (written last, atomically)",
    )
    parser.add_argument(
        "--junit",
        dest="junit_path",
        type=Path,
        default=None,
        help="also write JUnit XML here (one test case per property; for GitHub Classroom, "
        "CodeGrade, CI dashboards)",
    )
    parser.add_argument("--quiet", action="store_true", help="print only the total")
    add_limit_arguments(parser)
    add_junit_hidden_argument(parser)


def forget_keyboard_interrupt() -> None:
    """Call after handling a KeyboardInterrupt, so that the process ends with the status
    returned (130) instead of being killed by SIGINT.

    CPython remembers a KeyboardInterrupt that left code it ran through ``PyRun_*`` (the
    ``-m`` module, some imports) even when a caller caught it, and at exit then kills
    itself with SIGINT so that shells see the signal; after a handled Ctrl-C that turns
    the intended exit status into "killed by SIGINT".  Only the flag's value is touched,
    where the interpreter exports it."""
    import ctypes

    try:
        ctypes.c_int.in_dll(ctypes.pythonapi, "_Py_UnhandledKeyboardInterrupt").value = 0
    except (AttributeError, ValueError, OSError):
        pass


def add_junit_hidden_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--junit-reveal-hidden",
        action="store_true",
        help="name hidden tests and include their feedback in the JUnit XML (default: "
        "'hidden test N' with points and outcome only, since students may read the file)",
    )


def module_names() -> list[str]:
    """The file names of every topic's module (``activations.py``, ...), in course order."""
    from grader.topics import TOPICS

    return [topic.filename for topic in TOPICS]


def modules_in(folder: Path) -> list[str]:
    """The topic modules a folder holds directly."""
    return [name for name in module_names() if (folder / name).is_file()]


def submission_folders(folder: Path) -> list[str]:
    """The names of the visible subfolders of ``folder`` that hold a topic module."""
    try:
        children = sorted(folder.iterdir())
    except OSError:
        return []
    return [
        child.name
        for child in children
        if child.is_dir() and not child.name.startswith(".") and modules_in(child)
    ]


def expected_modules() -> str:
    names = module_names()
    return ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")


def _listing(names: list[str], shown: int = 3) -> str:
    return ", ".join(names[:shown]) + (f", ... ({len(names)} in all)" if len(names) > shown else "")


def not_a_submission(folder: Path) -> str | None:
    """Why ``folder`` is not one student's submission (None when it is one): it holds no
    topic module, perhaps because it is a class folder with one subfolder per student."""
    if modules_in(folder):
        return None
    students = submission_folders(folder)
    if students:
        return (
            f"{folder} looks like a class folder: it holds no exercise module, but "
            f"{len(students)} subfolder(s) that do ({_listing(students)}).\n"
            f"`grade` grades one submission, a folder holding {expected_modules()}.\n"
            f"To grade the class: python -m grader grade-all {folder} --out GRADED_DIR"
        )
    return (
        f"{folder} holds none of the exercise modules (expected a folder holding "
        f"{expected_modules()})."
    )


def limits_from(args: argparse.Namespace):  # -> grader.isolation.sandbox.Limits
    from dataclasses import replace

    from grader.isolation.sandbox import Limits

    limits = Limits()
    if args.call_seconds is not None:
        limits = replace(limits, call_seconds=args.call_seconds)
    if args.submission_seconds is not None:
        limits = replace(limits, submission_seconds=args.submission_seconds)
    return limits


def run(args: argparse.Namespace) -> int:
    # Imported here so `python -m grader --help` stays fast (these import PyTorch).
    from grader.engine.grading import GraderError, grade_submission
    from grader.frontends.report import gradescope_results, summary, write_json_atomic

    lang = args.lang or default_lang()
    if args.submission.is_dir():
        wrong = not_a_submission(args.submission)
        if wrong is not None:
            print(f"grader error: {wrong}", file=sys.stderr)
            return 2
    try:
        result = grade_submission(
            args.submission, lang=lang, sandbox=args.sandbox, limits=limits_from(args)
        )
    except GraderError as exc:
        print(f"grader error: {exc}", file=sys.stderr)
        return 2
    if args.quiet:
        print(f"{result.score}/{result.max_score}")
    else:
        print(summary(result, lang))
    if args.junit_path is not None:
        from grader.frontends.junit import write_junit

        try:
            student = args.submission.resolve().name
            write_junit(args.junit_path, result, student, reveal_hidden=args.junit_reveal_hidden)
        except OSError as exc:
            print(f"grader error: cannot write {args.junit_path}: {exc}", file=sys.stderr)
            return 2
    if args.json_path is not None:
        try:
            write_json_atomic(args.json_path, gradescope_results(result))
        except OSError as exc:
            print(f"grader error: cannot write {args.json_path}: {exc}", file=sys.stderr)
            return 2
    return 0
