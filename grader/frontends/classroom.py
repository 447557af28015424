"""``python -m grader classroom-workflow``: a GitHub Classroom workflow that grades with the kit.

Prints ``.github/workflows/classroom.yml`` for the assignment's template repository (the
student release): it checks out the instructor's copy of the kit next to the student's
work, installs the kit's pinned dependencies, runs ``python -m grader grade exercises
--junit junit.xml --json results.json``, publishes the JUnit file as a check (one line
per property, the feedback on failures) and gives GitHub Classroom its points with one
``autograding-command-grader`` step per topic (full points for a topic whose every
property passed) and the ``autograding-grading-reporter`` step that sums them.

Generated, not written by hand, so the topics and their points always match
``grader.topics.TOPICS`` and the hidden suites: run it again after adding a topic.
See ``docs/github-classroom.md`` for the set-up and its limits.
"""

from __future__ import annotations

import argparse

import yaml

from grader.engine.suites import hidden
from grader.topics import TOPICS

RESULTS = "results.json"
JUNIT = "junit.xml"
KIT = ".dlkit"
CHECK = (
    "python -c \"import json,sys; t=json.load(open('{results}'))['extra_data']['topics']"
    "['{topic}']; sys.exit(0 if t['score'] >= t['max_score'] else 1)\""
)


def topic_points() -> dict[str, float]:
    """Each topic's points, public and hidden properties together (as ``grade`` counts)."""
    return {
        topic.name: sum(p.points for p in topic.properties)
        + sum(p.points for p in hidden(topic.name))
        for topic in TOPICS
    }


def workflow(kit_repository: str, ref: str, lang: str = "en") -> dict:
    """The workflow, as the data YAML will hold."""
    steps: list[dict] = [
        {"name": "Check out the submission", "uses": "actions/checkout@v4"},
        {
            "name": "Check out the grading kit",
            "uses": "actions/checkout@v4",
            "with": {
                "repository": kit_repository,
                "ref": ref,
                "token": "${{ secrets.DLKIT_TOKEN }}",
                "path": KIT,
            },
        },
        {"uses": "actions/setup-python@v5", "with": {"python-version": "3.11"}},
        {
            "name": "Install the kit's pinned dependencies and bubblewrap",
            "run": "sudo apt-get install -y -qq bubblewrap\n"
            f"python -m pip install -q -r {KIT}/requirements.txt "
            "--extra-index-url https://download.pytorch.org/whl/cpu\n",
        },
        {
            "name": "Grade",
            # From the kit's folder, so `python -m grader` is the kit's grader and not
            # the student release's partial copy in the workspace.
            "run": f'cd {KIT} && python -m grader grade "$GITHUB_WORKSPACE/exercises" '
            f'--lang {lang} --json "$GITHUB_WORKSPACE/{RESULTS}" '
            f'--junit "$GITHUB_WORKSPACE/{JUNIT}"',
        },
        {
            "name": "Publish the results of every property",
            "if": "always()",
            "uses": "mikepenz/action-junit-report@v4",
            "with": {
                "report_paths": JUNIT,
                "include_passed": True,
                "detailed_summary": True,
                "check_name": "dlkit properties",
            },
        },
    ]
    points = topic_points()
    runners = []
    for topic in TOPICS:
        runner = f"{topic.name}-topic"
        runners.append(runner)
        steps.append(
            {
                "name": f"Points: {topic.name}",
                "id": runner,
                "uses": "classroom-resources/autograding-command-grader@v1",
                "with": {
                    "test-name": topic.name,
                    "setup-command": "",
                    "command": CHECK.format(results=RESULTS, topic=topic.name),
                    "timeout": 1,
                    "max-score": points[topic.name],
                },
            }
        )
    steps.append(
        {
            "name": "Autograding Reporter",
            "uses": "classroom-resources/autograding-grading-reporter@v1",
            "env": {
                f"{runner.upper()}_RESULTS": f"${{{{steps.{runner}.outputs.result}}}}"
                for runner in runners
            },
            "with": {"runners": ",".join(runners)},
        }
    )
    return {
        "name": "Autograding",
        "on": ["push", "workflow_dispatch", "repository_dispatch"],
        "permissions": {"checks": "write", "actions": "read", "contents": "read"},
        "jobs": {
            "grade": {
                "runs-on": "ubuntu-latest",
                "if": "github.actor != 'github-classroom[bot]'",
                "timeout-minutes": 30,
                "steps": steps,
            }
        },
    }


class _Dumper(yaml.SafeDumper):
    """Multi-line strings (the shell commands) as YAML block literals, as people write them."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def workflow_yaml(kit_repository: str, ref: str, lang: str = "en") -> str:
    header = (
        "# Generated by `python -m grader classroom-workflow`; run it again after adding a topic.\n"
        "# Needs the repository secret DLKIT_TOKEN: a token that can read the kit's repository.\n"
    )
    body = yaml.dump(
        workflow(kit_repository, ref, lang),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )
    return header + body


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kit-repository",
        default="YOUR-ORG/dl-fundamentals-kit",
        help="owner/name of the repository holding the kit with its hidden suites",
    )
    parser.add_argument("--ref", default="main", help="branch or tag of the kit to grade with")
    parser.add_argument("--lang", choices=("en", "ko"), default="en", help="feedback language")


def run(args: argparse.Namespace) -> int:
    print(workflow_yaml(args.kit_repository, args.ref, args.lang), end="")
    return 0
