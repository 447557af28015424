"""The study notebooks of the student release: one per topic and language, no solutions.

Each notebook holds the topic's explanation (``grader/topics/<topic>/notebook.py``, in
English or Korean), its figures (code cells drawing what PyTorch computes), then for each
function the stub as the student has it in ``exercises/`` (signature, docstring,
``raise NotImplementedError``) in an answer cell, followed by one check cell per public
property that calls :func:`grader.frontends.study.report`: the same feedback as
``pytest exercises/``, printed, never raised, so "Run all" shows every result.

The notebooks work from any folder once the student has installed the release
(``pip install .``); from inside the release folder they also work without installing.
Written as plain nbformat-4 JSON, so building the release needs no Jupyter packages.
Answer cells carry ``metadata.dlkit.answer = <function>`` and check cells
``metadata.dlkit.check = <property id>`` (tests/test_study_notebooks.py uses them).
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from grader.define.i18n import Text
from grader.define.notebook import Content
from grader.define.spec import Topic
from grader.frontends.nb_cells import (
    EXERCISES,
    _contract_defs,
    _home_function,
    _lines,
    _source,
    stub_scaffolding,
)
from grader.topics import TOPICS

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

SETUP = """\
# Setup: what your code may use, and the kit that runs the check cells.
{imports}
try:
    from grader.frontends.study import report
except ModuleNotFoundError:  # not installed: look for the kit in the folders above
    import pathlib, sys
    sys.path += [str(p) for p in pathlib.Path.cwd().parents if (p / "grader").is_dir()][:1]
    try:
        from grader.frontends.study import report
    except ModuleNotFoundError:
        raise ModuleNotFoundError({missing!r}) from None"""

NOT_INSTALLED = Text(
    "The exercise kit is not installed: run `python -m pip install .` in the folder of "
    "the student kit, then restart the kernel.",
    "연습 키트가 설치되어 있지 않습니다. 학생용 키트 폴더에서 `python -m pip install .`을 "
    "실행한 뒤 커널을 다시 시작하세요.",
)
HOW_TO = Text(
    "**How this notebook works.** Write each function in its answer cell, in place of "
    "`raise NotImplementedError`, with NumPy only, run the cell, then run the check cells "
    "below it. They run the same property tests as `pytest exercises/`, against PyTorch: "
    "✔ when a property holds, otherwise the property in plain words, the smallest failing "
    'input, what PyTorch gives and what you gave, and a hint. "Run all" runs every check, '
    "even after a failing one.",
    "**이 노트북 사용법.** 각 함수의 답안 셀에서 `raise NotImplementedError` 자리에 NumPy만으로 "
    "코드를 쓰고 셀을 실행한 다음, 그 아래의 검사 셀을 실행하세요. 검사 셀은 "
    "`pytest exercises/`와 같은 성질 테스트를 PyTorch와 비교해 돌립니다. 성질이 성립하면 ✔를, "
    "아니면 그 성질의 설명, 실패하는 가장 작은 입력, PyTorch의 값과 내 값, 힌트를 보여 줍니다. "
    '"모두 실행"을 하면 실패한 검사가 있어도 모든 검사를 끝까지 실행합니다.',
)
CHECKS = Text("Check cells below: {n}.", "아래 검사 셀: {n}개.")


def _cell(kind: str, source: str, cell_id: str, meta: dict | None = None) -> dict:
    cell: dict = {
        "cell_type": kind,
        "id": cell_id,
        "metadata": {"dlkit": meta} if meta else {},
        "source": source,
    }
    if kind == "code":
        cell["execution_count"] = None
        cell["outputs"] = []
    return cell


def notebook_content(topic: Topic) -> Content | None:
    """The topic's ``notebook.py`` content, or None without one (as grader/frontends/notebooks.py,
    which imports nbformat; this module must not)."""
    try:
        module = importlib.import_module(f"grader.topics.{topic.name}.notebook")
    except ModuleNotFoundError as exc:
        if exc.name != f"grader.topics.{topic.name}.notebook":
            raise
        return None
    return module.CONTENT


def stub_function(topic: Topic, function: str) -> str:
    """The function exactly as the stub in exercises/ has it."""
    text, tree = _source(EXERCISES / topic.filename)
    return "\n".join(_lines(text, _contract_defs(topic, tree)[function]))


def study_notebook(topic: Topic, lang: str) -> dict:
    content = notebook_content(topic)
    if content is not None:
        explanation = (content.explanation_ko if lang == "ko" else "") or content.explanation
    else:
        explanation = topic.notes.get(lang)
    title = topic.title.get(lang)
    cells = [_cell("markdown", f"# {title}\n\n{explanation}\n\n{HOW_TO.get(lang)}", "intro")]
    imports = stub_scaffolding(topic, keep_docstring=False).strip()
    setup = SETUP.format(imports=imports, missing=NOT_INSTALLED.get(lang))
    cells.append(_cell("code", setup, "setup"))
    for index, figure in enumerate(content.figures if content else (), start=1):
        intro = (figure.intro_ko if lang == "ko" else "") or figure.intro
        cells.append(_cell("markdown", intro, f"figure-{index}-text"))
        cells.append(_cell("code", figure.code, f"figure-{index}"))
    for spec in topic.functions:
        props = [p for p in topic.properties if _home_function(topic, p) == spec.name]
        about = f"## `{spec.name}`\n\n{spec.summary.get(lang)}\n\n{CHECKS.get(lang, n=len(props))}"
        cells.append(_cell("markdown", about, f"about-{spec.name}"))
        cells.append(
            _cell(
                "code",
                stub_function(topic, spec.name),
                f"answer-{spec.name}",
                {"answer": spec.name},
            )
        )
        for prop in props:
            source = f'# {prop.claim.get(lang)}\nreport("{prop.id}", globals(), lang="{lang}")'
            # Cell ids are at most 64 characters: numbered, with the property id in metadata.
            cell_id = f"check-{sum(c['id'].startswith('check-') for c in cells) + 1}"
            cells.append(_cell("code", source, cell_id, {"check": prop.id}))
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": dict(KERNELSPEC),
            "language_info": {"name": "python"},
            "dlkit": {"topic": topic.name, "lang": lang},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def write_study_notebooks(out: Path, languages: tuple[str, ...] = ("en", "ko")) -> list[str]:
    """Write ``notebooks/<lang>/<topic>.ipynb`` under `out`; return the relative paths."""
    written = []
    for lang in languages:
        for topic in TOPICS:
            relative = f"notebooks/{lang}/{topic.name}.ipynb"
            path = out / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            notebook = study_notebook(topic, lang)
            path.write_text(json.dumps(notebook, ensure_ascii=False, indent=1) + "\n")
            written.append(relative)
    return written
