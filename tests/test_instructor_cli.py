"""What an instructor meets on the command line: `grade-all`'s summary and gradebook tell
which submissions could not be graded in full and why, output files are readable as the
umask allows, a folder of the wrong kind is refused with the reason, and `notebooks`
does not overwrite a course's edited files or reset its language."""

from __future__ import annotations

import csv
import os
import shutil
import stat
from pathlib import Path

import nbformat
import pytest

from grader.__main__ import main
from grader.topics import TOPICS

from .conftest import ROOT

SOLUTIONS = ROOT / "solutions"

# A function that never returns: conv's first function, whatever the topics are.
CONV = next(t for t in TOPICS if t.name == "conv")
HANGS = CONV.functions[0].name


def _student(root: Path, name: str, replaced: dict[str, str], keep: bool = True) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    if keep:
        for path in SOLUTIONS.glob("*.py"):
            shutil.copy(path, folder / path.name)
    for filename, source in replaced.items():
        (folder / filename).write_text(source)
    return folder


@pytest.fixture(scope="module")
def summary_and_out(tmp_path_factory):
    """The summary grade-all prints (captured from its own process) and its out folder."""
    import subprocess
    import sys

    root = tmp_path_factory.mktemp("class")
    class_dir = root / "submissions"
    _student(class_dir, "ada_full_marks", {})
    _student(class_dir, "cy_syntax_error", {"activations.py": "\n\ndef sigmoid_forward(x:\n"})
    _student(
        class_dir,
        "ed_missing_files",
        {"activations.py": (SOLUTIONS / "activations.py").read_text()},
        keep=False,
    )
    hang = f"\n\ndef {HANGS}(*args, **kwargs):\n    while True:\n        pass\n"
    _student(class_dir, "ti_loops_forever", {"conv.py": (SOLUTIONS / "conv.py").read_text() + hang})
    out = root / "out"
    command = [sys.executable, "-m", "grader", "grade-all", str(class_dir), "--out", str(out)]
    command += ["--jobs", "2", "--quiet", "--call-seconds", "1"]
    umask_then_run = ["sh", "-c", 'umask 027 && exec "$@"', "sh", *command]
    done = subprocess.run(
        umask_then_run,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, out


def _gradebook(out: Path) -> dict[str, dict[str, str]]:
    with (out / "gradebook.csv").open(encoding="utf-8") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


def test_gradebook_error_column_records_syntax_errors_missing_modules_and_timeouts(
    summary_and_out,
):
    _, out = summary_and_out
    book = _gradebook(out)
    assert book["ada_full_marks"]["error"] == ""
    assert book["cy_syntax_error"]["error"] == "activations.py: syntax error on line 3"
    missing = [t.filename for t in TOPICS if t.filename != "activations.py"]
    assert book["ed_missing_files"]["error"] == "; ".join(f"{m}: not submitted" for m in missing)
    assert book["ti_loops_forever"]["error"] == f"{HANGS}: timed out (1 s)"


def test_summary_names_the_students_with_errors_and_gives_the_score_distribution(
    summary_and_out,
):
    stdout, out = summary_and_out
    lines = stdout.splitlines()
    assert lines[0].startswith("graded 4 submissions in ")
    assert lines[1] == "3 of 4 submissions could not be graded in full:"
    named = {line.split()[0]: line for line in lines[2:5]}
    assert set(named) == {"cy_syntax_error", "ed_missing_files", "ti_loops_forever"}
    assert "syntax error on line 3" in named["cy_syntax_error"]
    assert f"{HANGS}: timed out" in named["ti_loops_forever"]
    book = _gradebook(out)
    totals = sorted(float(row["total"]) for row in book.values())
    most = float(book["ada_full_marks"]["max_score"])
    assert lines[5].startswith(f"Scores (of {most:g}): min {totals[0]:g}, ")
    assert lines[5].endswith(f"max {most:g}")
    bins = lines[6:16]
    assert lines[16:] == [f"report: {out / 'report.html'}"]
    assert len(bins) == 10 and bins[0].startswith("  [  0%,  10%)")
    assert bins[-1].startswith("  [ 90%, 100%]")
    assert sum(int(line.split()[-1]) for line in bins if line.split()[-1].isdigit()) == 4


def test_output_files_are_readable_by_the_group_as_the_umask_allows(summary_and_out):
    _, out = summary_and_out
    files = [out / "gradebook.csv", *sorted((out / "results").glob("*.json"))]
    assert len(files) == 5
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o640, path


def test_grade_on_a_class_folder_says_what_was_expected_and_exits_2(tmp_path, capsys):
    _student(tmp_path / "class", "ada", {})
    _student(tmp_path / "class", "bo", {})
    assert main(["grade", str(tmp_path / "class"), "--json", str(tmp_path / "r.json")]) == 2
    err = capsys.readouterr().err
    assert "looks like a class folder" in err and "2 subfolder(s) that do (ada, bo)" in err
    assert f"python -m grader grade-all {tmp_path / 'class'} --out" in err
    assert "Traceback" not in err and not (tmp_path / "r.json").exists()


def test_grade_on_a_folder_without_any_module_says_what_was_expected_and_exits_2(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("hello")
    assert main(["grade", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "holds none of the exercise modules" in err and TOPICS[0].filename in err


def test_grade_all_on_one_submission_says_what_was_expected_and_exits_2(tmp_path, capsys):
    one = _student(tmp_path, "ada", {})
    assert main(["grade-all", str(one), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "looks like one student's submission" in err
    assert f"python -m grader grade {one}" in err
    assert not (tmp_path / "out").exists()


def test_grade_all_on_a_folder_without_student_folders_exits_2(tmp_path, capsys):
    assert main(["grade-all", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert "has no student folders" in capsys.readouterr().err


# --- notebooks --------------------------------------------------------------------------


def _notebooks(course: Path, *extra: str) -> int:
    return main(["notebooks", str(course), "--topic", "conv", *extra])


def test_notebooks_refuses_to_overwrite_an_edited_notebook_without_force(tmp_path, capsys):
    course = tmp_path / "course"
    assert _notebooks(course) == 0
    assert _notebooks(course) == 0  # unedited files are the kit's to rewrite
    path = course / "source" / "conv" / "conv.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    nb.cells[0].source += "\n\nRead chapter 7 before this."
    nbformat.write(nb, str(path))
    edited = path.read_bytes()
    capsys.readouterr()
    assert _notebooks(course) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "--force" in err
    assert path.read_bytes() == edited
    assert _notebooks(course, "--force") == 0
    assert "chapter 7" not in path.read_text()


def test_notebooks_refuses_to_overwrite_an_edited_config_without_force(tmp_path, capsys):
    course = tmp_path / "course"
    assert _notebooks(course) == 0
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text() + "c.Exchange.root = '/srv/exchange'\n")
    capsys.readouterr()
    assert _notebooks(course) == 2
    assert str(config) in capsys.readouterr().err
    assert "/srv/exchange" in config.read_text()


def test_notebooks_keeps_the_course_language_unless_told_otherwise(tmp_path, capsys):
    course = tmp_path / "course"
    assert _notebooks(course, "--lang", "ko") == 0
    assert _notebooks(course) == 0
    config = (course / "nbgrader_config.py").read_text()
    assert 'os.environ.setdefault("DLKIT_LANG", "ko")' in config
    assert "kept the language of the existing config (ko)" in capsys.readouterr().out
    assert _notebooks(course, "--lang", "en") == 0
    assert 'setdefault("DLKIT_LANG", "en")' in (course / "nbgrader_config.py").read_text()


def test_output_piped_to_a_reader_that_stopped_ends_without_a_traceback(tmp_path):
    """`dlkit grade ... | head -1`: the reader has gone when the report is printed."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "grader", "grade", str(ROOT / "exercises"), "--sandbox", "none"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # a reader that stops before anything is printed
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 141, stderr
    assert "Traceback" not in stderr
