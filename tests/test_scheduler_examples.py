"""The scheduler examples in examples/schedulers/ (Kubernetes Indexed Job, Slurm job array,
GitHub Actions matrix) are valid files that call the kit's real commands: each grading
command parses with grade-all's own parser, its shard is read from the variable the
scheduler sets and covers 0 to N-1 with the N the scheduler runs, and the merge step
names every shard's output folder."""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from grader.frontends import class_state, cli_grade_all, merge

from .conftest import ROOT

EXAMPLES = ROOT / "examples" / "schedulers"


def _parser(module) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(exit_on_error=False)
    module.add_arguments(parser)
    return parser


def _grade_all(argv: list[str]) -> argparse.Namespace:
    assert argv[0] == "grade-all", argv
    return _parser(cli_grade_all).parse_args(argv[1:])


def _merge(argv: list[str]) -> argparse.Namespace:
    assert argv[0] == "merge", argv
    return _parser(merge).parse_args(argv[1:])


def _shards(shard: str, variables: dict[str, str], count: int) -> list[tuple[int, int]]:
    """The shard each of the scheduler's ``count`` tasks grades, given what it sets."""
    found = []
    for index in range(count):
        environ = {
            name: value.format(index=index, count=count) for name, value in variables.items()
        }
        found.append(class_state.parse_shard(shard, environ))
    return found


# --- Kubernetes ---------------------------------------------------------------------------------


def _container(path: Path) -> tuple[dict, dict]:
    (job,) = list(yaml.safe_load_all(path.read_text()))
    assert job["apiVersion"] == "batch/v1" and job["kind"] == "Job"
    (container,) = job["spec"]["template"]["spec"]["containers"]
    return job, container


def _expand_k8s(value: str, env: dict[str, str]) -> str:
    """Kubernetes' $(VAR) expansion in args, for the variables the container declares."""
    for name, replacement in env.items():
        value = value.replace(f"$({name})", replacement)
    return value


def test_the_kubernetes_indexed_job_grades_shard_job_completion_index_of_completions():
    job, container = _container(EXAMPLES / "kubernetes" / "grade-job.yaml")
    spec = job["spec"]
    assert spec["completionMode"] == "Indexed"
    count = spec["completions"]
    args = _grade_all(container["args"])
    assert args.shard.startswith("JOB_COMPLETION_INDEX/")
    shards = _shards(args.shard, {"JOB_COMPLETION_INDEX": "{index}"}, count)
    assert shards == [(index, count) for index in range(count)]
    # $(JOB_COMPLETION_INDEX) in args is expanded only for a variable the container declares.
    declared = {
        entry["name"]: entry["valueFrom"]["fieldRef"]["fieldPath"] for entry in container["env"]
    }
    assert declared["JOB_COMPLETION_INDEX"] == (
        "metadata.annotations['batch.kubernetes.io/job-completion-index']"
    )
    assert "$(JOB_COMPLETION_INDEX)" in str(args.out)
    # One grading process per CPU requested (os.cpu_count() in a pod is the node's).
    assert args.jobs == int(container["resources"]["requests"]["cpu"])
    assert args.sandbox == "bwrap"
    security = container["securityContext"]
    assert security["seccompProfile"]["type"] == "Unconfined"
    assert "privileged" not in security and security["allowPrivilegeEscalation"] is False

    _, merger = _container(EXAMPLES / "kubernetes" / "merge-job.yaml")
    merged = _merge(merger["args"])
    outs = [_expand_k8s(str(args.out), {"JOB_COMPLETION_INDEX": str(i)}) for i in range(count)]
    assert [str(path) for path in merged.shards] == outs
    assert str(merged.out) not in outs


def test_the_kubernetes_dockerfile_installs_bubblewrap_and_runs_the_kit():
    text = (EXAMPLES / "kubernetes" / "Dockerfile").read_text()
    assert "bubblewrap" in text and 'ENTRYPOINT ["dlkit"]' in text and "USER 1000" in text


# --- Slurm ------------------------------------------------------------------------------------


def _sbatch_option(script: str, name: str) -> str:
    for line in script.splitlines():
        if line.startswith(f"#SBATCH --{name}="):
            return line.split("=", 1)[1]
    raise AssertionError(f"no #SBATCH --{name}")


def _run_with_fake_dlkit(script: Path, tmp_path: Path, env: dict[str, str]) -> list[str]:
    """Run the batch script with bash as Slurm would, a stand-in `dlkit` recording the
    arguments it was given after the shell expanded them."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    record = tmp_path / "argv"
    fake = bin_dir / "dlkit"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {shlex.quote(str(record))}\n')
    fake.chmod(0o755)
    path = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
    subprocess.run(["bash", str(script)], env={**env, "PATH": path}, check=True, timeout=60)
    return record.read_text().splitlines()


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_slurm_array_grades_shard_slurm_array_task_id_and_merge_names_every_shard(tmp_path):
    grade = EXAMPLES / "slurm" / "grade.sbatch"
    merger = EXAMPLES / "slurm" / "merge.sbatch"
    for script in (grade, merger):
        subprocess.run(["bash", "-n", str(script)], check=True)
    first, last = map(int, _sbatch_option(grade.read_text(), "array").split("-"))
    assert first == 0  # shards are numbered from 0
    count = last + 1
    cpus = _sbatch_option(grade.read_text(), "cpus-per-task")
    graded = tmp_path / "graded"
    outs = []
    for index in range(count):
        slurm = {
            "SLURM_ARRAY_TASK_ID": str(index),
            "SLURM_ARRAY_TASK_COUNT": str(count),
            "SLURM_CPUS_PER_TASK": cpus,
            "CLASS": str(tmp_path / "submissions"),
            "GRADED": str(graded),
            "HOME": str(tmp_path),
        }
        args = _grade_all(_run_with_fake_dlkit(grade, tmp_path, slurm))
        assert class_state.parse_shard(args.shard, slurm) == (index, count)
        assert args.jobs == int(cpus) and args.sandbox == "bwrap"
        assert args.submissions == tmp_path / "submissions"
        outs.append(args.out)
        args.out.mkdir(parents=True)  # what the task leaves for merge.sbatch to find
    assert len(set(outs)) == count
    merged = _merge(
        _run_with_fake_dlkit(merger, tmp_path, {"GRADED": str(graded), "HOME": str(tmp_path)})
    )
    assert sorted(merged.shards) == sorted(outs)
    assert merged.out not in outs


# --- GitHub Actions ------------------------------------------------------------------------------


def test_the_github_actions_matrix_grades_every_shard_and_a_merge_job_combines_them():
    workflow = yaml.safe_load((EXAMPLES / "github-actions" / "grade-class.yml").read_text())
    jobs = workflow["jobs"]
    shards = jobs["grade"]["strategy"]["matrix"]["shard"]
    assert shards == list(range(len(shards)))
    runs = [
        step["run"] for step in jobs["grade"]["steps"] if "grader grade-all" in step.get("run", "")
    ]
    (command,) = runs
    outs = []
    for shard in shards:
        argv = shlex.split(command.replace("${{ matrix.shard }}", str(shard)))
        assert argv[:3] == ["python", "-m", "grader"]
        args = _grade_all(argv[3:])
        assert class_state.parse_shard(args.shard, {}) == (shard, len(shards))
        outs.append(args.out)
    uploads = [
        s for s in jobs["grade"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact")
    ]
    assert uploads[0]["with"]["path"] == "graded/shard-${{ matrix.shard }}"
    assert uploads[0]["with"]["name"] == "shard-${{ matrix.shard }}"

    assert jobs["merge"]["needs"] == "grade"
    (download,) = [
        s
        for s in jobs["merge"]["steps"]
        if s.get("uses", "").startswith("actions/download-artifact")
    ]
    # Each artifact lands in graded/<its name>: graded/shard-0, graded/shard-1, ...
    assert download["with"] == {"pattern": "shard-*", "path": "graded"}
    (merge_run,) = [s["run"] for s in jobs["merge"]["steps"] if "grader merge" in s.get("run", "")]
    argv = shlex.split(merge_run)
    assert argv[:3] == ["python", "-m", "grader"]
    merged = _merge(argv[3:])
    assert [str(p) for p in merged.shards] == ["graded/shard-*"]  # the shell's glob
    assert all(Path("graded") / f"shard-{shard}" == out for shard, out in zip(shards, outs))
