"""The GitHub Classroom workflow `python -m grader classroom-workflow` prints: valid
YAML whose reporter adds up every topic's points, and whose grading and points commands,
run with bash in a folder laid out like the runner's workspace, grade a real submission,
write JUnit that junitparser reads, and pass exactly the topics with full points."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
import yaml
from junitparser import JUnitXml

from grader.define.catalogue import materialize
from grader.engine.suites import all_hidden
from grader.frontends.classroom import workflow_yaml
from grader.topics import TOPICS, all_properties
from grader.topics.activations.mistakes import MISTAKES

from .conftest import ROOT

FULL = sum(p.points for _, p in all_properties()) + sum(p.points for _, p in all_hidden())
SLIP = next(m for m in MISTAKES if m.id == "relu_gradient_one_at_zero")


@pytest.fixture(scope="module")
def steps():
    data = yaml.safe_load(workflow_yaml("acme/kit", "v1"))
    return data["jobs"]["grade"]["steps"]


def test_the_workflow_is_valid_yaml_and_the_reporter_sums_every_topic(steps):
    graders = [s for s in steps if "autograding-command-grader" in s.get("uses", "")]
    assert [s["with"]["test-name"] for s in graders] == [t.name for t in TOPICS]
    assert sum(s["with"]["max-score"] for s in graders) == FULL
    (reporter,) = [s for s in steps if "autograding-grading-reporter" in s.get("uses", "")]
    ids = [s["id"] for s in graders]
    assert reporter["with"]["runners"].split(",") == ids
    assert set(reporter["env"]) == {f"{i.upper()}_RESULTS" for i in ids}
    for i in ids:
        assert reporter["env"][f"{i.upper()}_RESULTS"] == f"${{{{steps.{i}.outputs.result}}}}"
    checkout = next(s for s in steps if s.get("with", {}).get("repository") == "acme/kit")
    assert checkout["with"]["ref"] == "v1" and "secrets.DLKIT_TOKEN" in checkout["with"]["token"]


def test_the_docs_show_the_workflow_the_command_prints_today():
    text = (ROOT / "docs" / "github-classroom.md").read_text()
    (block,) = re.findall(r"```yaml\n(.*?)```", text, re.S)
    shown = yaml.safe_load(block)
    assert shown == yaml.safe_load(workflow_yaml("YOUR-ORG/dl-fundamentals-kit", "main"))


def test_the_grading_and_points_commands_work_in_the_runners_workspace(steps, tmp_path):
    workspace = tmp_path / "workspace"
    exercises = workspace / "exercises"
    exercises.mkdir(parents=True)
    for path in (ROOT / "solutions").glob("*.py"):
        shutil.copy(path, exercises / path.name)
    (exercises / "activations.py").write_text(materialize(SLIP))
    (workspace / ".dlkit").symlink_to(ROOT)  # what the kit's checkout step puts there
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "GITHUB_WORKSPACE": str(workspace)}

    def bash(command: str) -> int:
        done = subprocess.run(["bash", "-c", command], cwd=workspace, env=env, timeout=900)
        return done.returncode

    grade = next(s for s in steps if s.get("name") == "Grade")
    assert bash(grade["run"]) == 0
    junit = JUnitXml.fromfile(str(workspace / "junit.xml"))
    failed = [c for suite in junit for c in suite if not c.is_passed]
    assert failed and all(c.classname == "exercises.activations" for c in failed)
    assert any("ReLU gradient 1 at x == 0" in (c.result[0].text or "") for c in failed)
    passed = {
        s["with"]["test-name"]: bash(s["with"]["command"]) == 0
        for s in steps
        if "autograding-command-grader" in s.get("uses", "")
    }
    assert passed == {t.name: t.name != "activations" for t in TOPICS}
