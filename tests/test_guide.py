"""docs/adding-a-topic.md, followed to the letter: its files (kept in tests/guide_topic/)
added to a copy of the kit, then its commands run there, as a contributor would."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

GUIDE = ROOT / "docs" / "adding-a-topic.md"
TOPIC_FILES = ROOT / "tests" / "guide_topic"
COPIED = ("exercises", "solutions", "grader", "tests", "docs", "pyproject.toml", "setup.py", "requirements.txt", "README.md")


def _block_after(marker: str) -> list[str]:
    """The lines of the fenced block that follows ``marker`` in the guide."""
    text = GUIDE.read_text(encoding="utf-8")
    found = re.search(re.escape(marker) + r"\s*```\w*\n(.*?)```", text, re.S)
    assert found, f"the guide has no block after {marker}"
    return [line for line in found.group(1).splitlines() if line.strip()]


def test_the_guide_lists_exactly_the_files_of_its_worked_example():
    listed = sorted(line.split()[0] for line in _block_after("<!-- guide-files -->"))
    kept = sorted(
        str(p.relative_to(TOPIC_FILES))
        for p in TOPIC_FILES.rglob("*.py")
        if "__pycache__" not in p.parts
    )
    assert listed == kept


@pytest.fixture(scope="module")
def kit_with_the_guides_topic(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("kit")
    ignore = shutil.ignore_patterns("__pycache__", "guide_topic")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=ignore)
        else:
            shutil.copy2(source, copy / name)
    for path in TOPIC_FILES.rglob("*.py"):
        if "__pycache__" not in path.parts:
            target = copy / path.relative_to(TOPIC_FILES)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    return copy


COMMANDS = _block_after("<!-- guide-commands -->")


@pytest.mark.parametrize("line", COMMANDS, ids=[f"command{i}" for i in range(len(COMMANDS))])
def test_the_guides_commands_do_what_it_says_in_a_copy_of_the_kit(line, kit_with_the_guides_topic):
    command, _, comment = line.partition("#")
    assert command.split()[0] == "python"
    argv = _rejoin_quoted(command)
    env = dict(os.environ, DLKIT_CACHE_DIR=str(kit_with_the_guides_topic / ".cache"))
    done = subprocess.run(
        argv, cwd=kit_with_the_guides_topic, env=env, capture_output=True, text=True, timeout=900
    )
    output = done.stdout + done.stderr
    if comment.strip().startswith("fails"):
        assert done.returncode == 1, output[-3000:]
        assert "not started" in output, output[-3000:]
    else:
        assert done.returncode == 0, output[-3000:]  # pytest exits 5 when nothing ran


def _rejoin_quoted(command: str) -> list[str]:
    """The command's words, a double-quoted phrase kept as one word, python as this one."""
    words = re.findall(r'"([^"]*)"|(\S+)', command)
    argv = [quoted or plain for quoted, plain in words]
    return [sys.executable, *argv[1:]]
