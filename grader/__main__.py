"""The instructor's command line: dlkit COMMAND ... (or python -m grader COMMAND ...).

Each command lives in its own module exposing ``add_arguments(parser)`` and
``run(args) -> int``; this file only dispatches, so commands can grow independently.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

COMMANDS = {
    "grade": ("grader.frontends.cli_grade", "grade one submission folder"),
    "grade-all": (
        "grader.frontends.cli_grade_all",
        "grade every student folder of a class, in parallel",
    ),
    "merge": (
        "grader.frontends.merge",
        "combine the OUT folders of grade-all --shard I/N into the class's gradebook and report",
    ),
    "release": (
        "grader.frontends.release",
        "build the student bundle (no solutions, no hidden tests)",
    ),
    "notebooks": ("grader.frontends.notebooks", "write the exercises as an nbgrader course"),
    "gradescope": (
        "grader.frontends.gradescope",
        "build the Gradescope autograder zip (setup.sh, run_autograder, the kit)",
    ),
    "gradescope-run": (
        "grader.frontends.gradescope_run",
        "grade Gradescope's submission folder into results/results.json (run_autograder)",
    ),
    "classroom-workflow": (
        "grader.frontends.classroom",
        "print a GitHub Classroom workflow that grades with the kit (JUnit checks, points)",
    ),
    "grade-nbgrader": (
        "grader.frontends.nbgrader_grading",
        "grade nbgrader submissions with the kit's grader and record the scores",
    ),
}


def _prog() -> str:
    """How the user started us: the console command (``dlkit``) or ``python -m grader``."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return name if name and name not in ("__main__.py", "-c", "-") else "python -m grader"


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:
        # Ctrl-C while a command starts (its imports) or in a command that does not
        # handle it itself: the usual exit status, without a traceback.
        from grader.define.i18n import default_lang
        from grader.frontends.cli_grade import INTERRUPTED, forget_keyboard_interrupt

        forget_keyboard_interrupt()
        print(INTERRUPTED.get(default_lang()), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The output went to a reader that stopped reading (`... | head`): what was
        # printed is what the reader wanted.  Python's own advice: point stdout at
        # devnull so the flush at exit does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a command killed by it


def _main(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog=_prog(), description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # Only the chosen command's module is imported: `notebooks` pulls in nbformat (whose
    # JSON-schema stack compiles grammars for seconds), which `grade` must not pay for.
    chosen = next((arg for arg in argv if not arg.startswith("-")), None)
    module = None
    for name, (module_name, help_text) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        if name == chosen:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if (exc.name or "").split(".")[0] == "grader":
                    raise
                # notebooks and grade-nbgrader need the Jupyter packages of the extra.
                print(
                    f"{parser.prog} {name}: needs the Python package {exc.name!r}, which is "
                    "not installed: python -m pip install -r requirements-dev.txt "
                    "(or pip install 'dl-fundamentals-kit[nbgrader]')",
                    file=sys.stderr,
                )
                return 2
            module.add_arguments(command_parser)
    args = parser.parse_args(argv)
    assert module is not None  # argparse has refused any other command
    return int(module.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
