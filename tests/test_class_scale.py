"""`grade-all` at class scale, run as a person runs it (real processes, real signals):
Ctrl-C stops it at once with the rows done kept, `kill -9` at any moment loses nothing, a
rerun grades only what is missing or changed and ends with the gradebook an uninterrupted
run writes, and shards on separate processes merge into that same gradebook."""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.__main__ import main
from grader.frontends import class_state
from grader.frontends.cli_grade_all import grade_all
from grader.isolation.sandbox import Limits
from grader.topics import TOPICS

from .conftest import ROOT
from .test_grade_all import _student

SOLUTIONS = ROOT / "solutions"
STUDENTS = 5




@pytest.fixture(scope="module")
def class_dir(tmp_path_factory) -> Path:
    """Five students, each row different in kind: full marks, stubs, a syntax error (and
    nothing else submitted), a catalogued mistake (the report's mistakes section) and
    missing modules.  Only two are graded in full, to keep the many runs short."""
    from grader.define.catalogue import materialize
    from grader.engine.suites import all_mistakes

    root = tmp_path_factory.mktemp("class") / "submissions"
    mistake = all_mistakes()[0]
    stubs = {t.filename: (ROOT / "exercises" / t.filename).read_text() for t in TOPICS}
    _student(root, "ada_full_marks", {})
    _student(root, "bo_stubs", stubs, keep=False)
    _student(root, "cy_syntax_error", {"activations.py": "def sigmoid_forward(x:\n"}, keep=False)
    _student(root, "di_one_mistake", {f"{mistake.topic}.py": materialize(mistake)})
    _student(
        root,
        "ed_missing_file",
        {"activations.py": (SOLUTIONS / "activations.py").read_text()},
        keep=False,
    )
    return root


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), **extra}


def _command(class_dir: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "grader", "grade-all", str(class_dir), "--out", str(out), *extra]


def _run(class_dir: Path, out: Path, *extra: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        _command(class_dir, out, "--quiet", *extra),
        cwd=ROOT,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=600,
    )


def _start(
    class_dir: Path, out: Path, logs: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.Popen:
    """grade-all in a process group of its own, as a terminal starts a command; its
    output goes to files, so its exit is seen the moment it happens."""
    logs.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        _command(class_dir, out, "--quiet", *extra),
        cwd=ROOT,
        env=_env(**(env or {})),
        stdout=(logs / "stdout").open("w"),
        stderr=(logs / "stderr").open("w"),
        start_new_session=True,
    )


def _recorded(out: Path) -> int:
    folder = out / class_state.RECORDS
    return len(list(folder.glob("*.json"))) if folder.is_dir() else 0


def _wait_until(condition, proc: subprocess.Popen, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert proc.poll() is None, "grade-all ended before the moment the test waits for"
        assert time.monotonic() < deadline
        time.sleep(0.02)


def _files(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in ("gradebook.csv", "report.html")}


def _results_stats(out: Path) -> dict[str, tuple[int, int]]:
    """Each results file's inode and modification time: unchanged when not regraded
    (results files are replaced by a rename, so a rewrite gets a new inode)."""
    return {
        path.stem: (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in (out / "results").glob("*.json")
    }


@pytest.fixture(scope="module")
def uninterrupted_out(class_dir, tmp_path_factory) -> Path:
    """The out folder of one uninterrupted, unsharded run."""
    out = tmp_path_factory.mktemp("uninterrupted") / "out"
    done = _run(class_dir, out, "--jobs", "2")
    assert done.returncode == 0, done.stderr
    assert not (out / class_state.INCOMPLETE).exists()
    return out


@pytest.fixture(scope="module")
def uninterrupted(uninterrupted_out) -> dict[str, bytes]:
    """gradebook.csv and report.html of one uninterrupted, unsharded run."""
    return _files(uninterrupted_out)


# --- Ctrl-C -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ctrl_c(class_dir, tmp_path_factory):
    """grade-all stopped with SIGINT to its whole process group once one row is recorded."""
    root = tmp_path_factory.mktemp("ctrl_c")
    out = root / "out"
    proc = _start(class_dir, out, root / "logs", "--jobs", "2")
    _wait_until(lambda: _recorded(out) >= 1, proc)
    os.killpg(proc.pid, signal.SIGINT)
    sent = time.monotonic()
    try:
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    seconds = time.monotonic() - sent
    stderr = (root / "logs" / "stderr").read_text()
    return out, proc.returncode, seconds, stderr


def test_ctrl_c_stops_grade_all_within_2_s_with_exit_130_and_no_traceback(ctrl_c):
    _, returncode, seconds, stderr = ctrl_c
    assert returncode == 130, stderr
    assert seconds < 2.0
    assert "Traceback" not in stderr
    assert "interrupted:" in stderr and "Run the same command again" in stderr


def test_ctrl_c_writes_the_rows_done_to_a_gradebook_marked_incomplete(ctrl_c, uninterrupted):
    out, _, _, _ = ctrl_c
    assert (out / class_state.INCOMPLETE).is_file()
    assert not (out / "gradebook.csv").exists()  # only a complete gradebook has that name
    partial = (out / class_state.PARTIAL_GRADEBOOK).read_text().splitlines()
    full = uninterrupted["gradebook.csv"].decode().splitlines()
    assert partial[0] == full[0]
    assert 1 <= len(partial) - 1 < STUDENTS
    # Every row written is the row the uninterrupted run wrote for that student.
    assert set(partial[1:]) <= set(full[1:])
    assert len(partial) - 1 == _recorded(out)


def test_a_rerun_after_ctrl_c_grades_only_the_rest_and_writes_the_uninterrupted_gradebook(
    ctrl_c, class_dir, uninterrupted
):
    out, _, _, _ = ctrl_c
    kept = {
        name: stat
        for name, stat in _results_stats(out).items()
        if class_state.record_path(out, name).exists()
    }
    done = _run(class_dir, out, "--jobs", "2")
    assert done.returncode == 0, done.stderr
    assert _files(out) == uninterrupted
    assert not (out / class_state.INCOMPLETE).exists()
    assert not (out / class_state.PARTIAL_GRADEBOOK).exists()
    assert f"graded {STUDENTS - len(kept)} submissions" in done.stdout
    assert f"{len(kept)} other submissions were graded by an earlier run" in done.stdout
    after = _results_stats(out)
    assert {name: after[name] for name in kept} == kept  # not graded again


@pytest.mark.parametrize("seconds", [0.0, 0.2, 0.5])
def test_ctrl_c_while_grade_all_starts_exits_130_without_a_traceback(seconds, class_dir, tmp_path):
    """Ctrl-C during the command's imports and the drawing of inputs, before any pool
    exists.  The moment is counted from the first import of grade-all's module
    (class_state), which Python reports on stderr with -X importtime: a signal during the
    interpreter's own start (its site module) is out of any program's hands."""
    logs = tmp_path / "logs"
    proc = _start(class_dir, tmp_path / "out", logs, env={"PYTHONPROFILEIMPORTTIME": "1"})
    _wait_until(lambda: "grader.frontends.class_state" in (logs / "stderr").read_text(), proc)
    time.sleep(seconds)
    os.killpg(proc.pid, signal.SIGINT)
    try:
        returncode = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    stderr = (logs / "stderr").read_text()
    assert returncode == 130, stderr
    assert "Traceback" not in stderr and "interrupted" in stderr


# --- kill -9 ------------------------------------------------------------------------------------


def _process_tree(pid: int) -> set[int]:
    """``pid`` and every process under it (from /proc: workers run in sessions of their own)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_bytes()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(b")", 1)[1].split()[1])
    tree, grew = {pid}, True
    while grew:
        found = {child for child, parent in parents.items() if parent in tree}
        grew = not found <= tree
        tree |= found
    return tree


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in (b"Z", b"X")


# (rows recorded before the kill, then seconds more), once grading has begun (the folder
# is marked incomplete): drawn from a fixed seed, so that a failure names the moment that
# broke and running the test again repeats it.
_DRAW = random.Random(20240613)
KILL_MOMENTS = [
    (0, round(_DRAW.uniform(0, 1.0), 2)),
    (_DRAW.randint(1, 2), round(_DRAW.uniform(0, 0.6), 2)),
]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize("recorded, seconds", KILL_MOMENTS)
def test_after_kill_9_of_grade_all_a_rerun_writes_the_uninterrupted_gradebook(
    recorded, seconds, class_dir, uninterrupted, tmp_path
):
    out = tmp_path / "out"
    proc = _start(class_dir, out, tmp_path / "logs", "--jobs", "2")
    _wait_until(
        lambda: (out / class_state.INCOMPLETE).exists() and _recorded(out) >= recorded, proc
    )
    time.sleep(seconds)
    tree = _process_tree(proc.pid) - {proc.pid}
    proc.kill()
    assert proc.wait(timeout=30) == -signal.SIGKILL, "grade-all had ended before the kill"
    # Its pool processes and their workers end too, instead of grading on unseen.
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in tree) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in tree if _alive(pid)]
    assert (out / class_state.INCOMPLETE).is_file()
    assert not (out / "gradebook.csv").exists()

    done = _run(class_dir, out, "--jobs", "2")
    assert done.returncode == 0, done.stderr
    assert _files(out) == uninterrupted
    assert not (out / class_state.INCOMPLETE).exists()


# --- what a rerun grades again --------------------------------------------------------------------


def test_a_rerun_grades_again_the_submission_that_changed_and_only_it(
    class_dir, uninterrupted_out, uninterrupted, tmp_path
):
    submissions = tmp_path / "submissions"
    shutil.copytree(class_dir, submissions)
    out = tmp_path / "out"
    shutil.copytree(uninterrupted_out, out)  # the class as graded, moved: still current
    before = _results_stats(out)
    solved = (SOLUTIONS / "activations.py").read_text()
    (submissions / "bo_stubs" / "activations.py").write_text(solved)

    done = _run(submissions, out, "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert "graded 1 submissions" in done.stdout
    after = _results_stats(out)
    assert after.pop("bo_stubs") != before.pop("bo_stubs")
    assert after == before
    lines = (out / "gradebook.csv").read_text().splitlines()
    baseline = uninterrupted["gradebook.csv"].decode().splitlines()
    changed = [line for line in lines if line not in baseline]
    assert [line.split(",")[0] for line in changed] == ["bo_stubs"]
    with (out / "gradebook.csv").open() as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    assert float(rows["bo_stubs"]["total"]) > 0


def test_fresh_grades_every_submission_again(tmp_path):
    stubs = {t.filename: (ROOT / "exercises" / t.filename).read_text() for t in TOPICS}
    _student(tmp_path / "class", "bo_stubs", stubs, keep=False)
    run = dict(jobs=1, sandbox="none", limits=Limits(call_seconds=2.0), progress=False)
    (first,) = grade_all(tmp_path / "class", tmp_path / "out", **run)
    (again,) = grade_all(tmp_path / "class", tmp_path / "out", **run)
    (fresh,) = grade_all(tmp_path / "class", tmp_path / "out", fresh=True, **run)
    assert (first.reused, again.reused, fresh.reused) == (False, True, False)
    assert first.total == again.total == fresh.total == 0


def test_the_resume_key_changes_with_the_files_the_kit_and_every_option_that_changes_results(
    tmp_path, monkeypatch
):
    base = dict(
        lang="en", isolation="bubblewrap", limits=Limits(), junit=False, reveal_hidden=False
    )
    options = class_state.grading_options(**base)
    key = class_state.record_key("kit", options, "files")
    assert class_state.record_key("kit", class_state.grading_options(**base), "files") == key
    assert class_state.record_key("kit2", options, "files") != key
    assert class_state.record_key("kit", options, "files2") != key
    for change in (
        {"lang": "ko"},
        {"isolation": "process-limits"},
        {"limits": Limits(call_seconds=1.0)},
        {"junit": True},
    ):
        other = class_state.grading_options(**{**base, **change})
        assert class_state.record_key("kit", other, "files") != key, change
    # Files: any file of the folder, by content and by name.
    folder = tmp_path / "student"
    folder.mkdir()
    (folder / "activations.py").write_text("x = 1\n")
    digest = class_state.submission_digest(folder)
    (folder / "helper.py").write_text("")
    assert class_state.submission_digest(folder) != digest
    # The kit: any file of the grader package.
    kit = tmp_path / "grader"
    kit.mkdir()
    (kit / "spec.py").write_text("A = 1\n")
    monkeypatch.setattr(class_state, "GRADER_DIR", kit)
    fingerprint = class_state.kit_fingerprint.__wrapped__()
    (kit / "spec.py").write_text("A = 2\n")
    assert class_state.kit_fingerprint.__wrapped__() != fingerprint


# --- shards -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shards(class_dir, tmp_path_factory) -> list[Path]:
    """The class graded as three shards by three processes at once, each told its shard
    as a scheduler tells it: Kubernetes' JOB_COMPLETION_INDEX, Slurm's
    SLURM_ARRAY_TASK_ID, and a number on the command line (a GitHub Actions matrix)."""
    root = tmp_path_factory.mktemp("shards")
    ways = [
        ("JOB_COMPLETION_INDEX/3", {"JOB_COMPLETION_INDEX": "0"}),
        ("SLURM_ARRAY_TASK_ID/3", {"SLURM_ARRAY_TASK_ID": "1"}),
        ("2/3", {}),
    ]
    outs = [root / f"shard-{index}" for index in range(3)]
    procs = [
        subprocess.Popen(
            _command(class_dir, out, "--quiet", "--jobs", "1", "--shard", shard),
            cwd=ROOT,
            env=_env(**env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for out, (shard, env) in zip(outs, ways)
    ]
    for proc in procs:
        _, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 0, stderr
    return outs


def _gradebook_students(out: Path) -> list[str]:
    with (out / "gradebook.csv").open() as handle:
        return [row["student"] for row in csv.DictReader(handle)]


def test_shards_split_the_class_into_disjoint_parts_of_sizes_within_one(shards, class_dir):
    parts = [_gradebook_students(out) for out in shards]
    everyone = sorted(p.name for p in class_dir.iterdir())
    assert sorted(sum(parts, [])) == everyone
    assert max(map(len, parts)) - min(map(len, parts)) <= 1
    assert parts == [everyone[index::3] for index in range(3)]


def test_three_shard_processes_then_merge_give_the_unsharded_gradebook_and_report(
    shards, uninterrupted, tmp_path
):
    merged = tmp_path / "merged"
    done = subprocess.run(
        [sys.executable, "-m", "grader", "merge", *map(str, shards), "--out", str(merged)],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert _files(merged) == uninterrupted
    students = _gradebook_students(merged)
    # The report's links lead somewhere: every student's feedback page is there.
    assert sorted(p.stem for p in (merged / "feedback").glob("*.html")) == students
    assert sorted(p.stem for p in (merged / "results").glob("*.json")) == students


def _copy(shard: Path, tmp_path: Path, name: str) -> Path:
    copy = tmp_path / name
    shutil.copytree(shard, copy)
    return copy


def _with_manifest(shard: Path, tmp_path: Path, **changes) -> Path:
    copy = _copy(shard, tmp_path, "changed")
    manifest = json.loads((copy / class_state.MANIFEST).read_text())
    manifest.update(changes)
    (copy / class_state.MANIFEST).write_text(json.dumps(manifest))
    return copy


MERGE_REFUSALS = {
    "missing": (lambda s, t: [s[0], s[1]], "shard(s) 2 of 3 are missing"),
    "overlapping": (lambda s, t: [s[0], s[1], s[1], s[2]], "shard 1/3 is given twice"),
    "incomplete": (
        lambda s, t: [s[0], s[1], _incomplete(s[2], t)],
        "is incomplete",
    ),
    "other_options": (
        lambda s, t: [
            s[0],
            s[1],
            _with_manifest(
                s[2],
                t,
                options={
                    **json.loads((s[2] / class_state.MANIFEST).read_text())["options"],
                    "lang": "ko",
                },
            ),
        ],
        "another kit or other options",
    ),
    "other_kit": (
        lambda s, t: [s[0], s[1], _with_manifest(s[2], t, kit="0" * 32)],
        "another kit or other options",
    ),
    "not_a_shard": (lambda s, t: [s[0], s[1], t], "is not a grade-all output folder"),
}


def _incomplete(shard: Path, tmp_path: Path) -> Path:
    copy = _copy(shard, tmp_path, "incomplete")
    (copy / class_state.INCOMPLETE).write_text("")
    return copy


@pytest.mark.parametrize("case", sorted(MERGE_REFUSALS))
def test_merge_refuses_shards_that_do_not_make_one_class_in_one_line(
    case, shards, tmp_path, capsys
):
    folders, reason = MERGE_REFUSALS[case]
    given = folders(shards, tmp_path)
    merged = tmp_path / "merged"
    assert main(["merge", *map(str, given), "--out", str(merged)]) == 2
    err = capsys.readouterr().err
    assert reason in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not merged.exists()


def test_merge_refuses_an_output_folder_that_is_not_empty_unless_forced(shards, tmp_path, capsys):
    merged = tmp_path / "merged"
    merged.mkdir()
    (merged / "notes.txt").write_text("mine")
    assert main(["merge", *map(str, shards), "--out", str(merged)]) == 2
    assert "exists and is not empty (use --force" in capsys.readouterr().err
    assert not (merged / "gradebook.csv").exists()
    assert main(["merge", *map(str, shards), "--out", str(merged), "--force"]) == 0
    assert (merged / "gradebook.csv").is_file() and (merged / "notes.txt").is_file()


@pytest.mark.parametrize(
    "value, reason",
    [
        ("3/3", "the index must be from 0 to 2"),
        ("x", "expected INDEX/COUNT"),
        ("1/0", "at least 1"),
        ("-1/3", "expected INDEX/COUNT"),
        ("DLKIT_TEST_UNSET_SHARD/3", "DLKIT_TEST_UNSET_SHARD is not set"),
    ],
)
def test_a_bad_shard_is_refused_in_one_line_before_anything_is_graded(
    value, reason, class_dir, tmp_path, capsys
):
    out = tmp_path / "out"
    assert main(["grade-all", str(class_dir), "--out", str(out), f"--shard={value}"]) == 2
    err = capsys.readouterr().err
    assert reason in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out.exists()


def test_shard_parts_may_name_environment_variables():
    environ = {"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4", "BAD": "two"}
    assert class_state.parse_shard("SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT", environ) == (2, 4)
    assert class_state.parse_shard(" 1 / 4 ", environ) == (1, 4)
    with pytest.raises(class_state.ShardError, match="not a whole number"):
        class_state.parse_shard("BAD/4", environ)
