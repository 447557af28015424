"""Reports of a graded submission: Gradescope's results JSON and a terminal summary.

Gradescope's format (https://gradescope-autograders.readthedocs.io, "Output format"):
top-level ``score``, ``execution_time``, ``output`` and ``tests[]``, each test with
``name``, ``score``, ``max_score``, ``output``, ``visibility`` and ``tags``.  Public
properties are ``visible``; hidden ones ``after_published`` (students see them once the
grades are published).  Everything but ``execution_time`` depends only on the
submission, so grading twice gives the same file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from grader.define.i18n import Text
from grader.engine.grading import GradeResult
from grader.engine.running import PASSED
from grader.frontends.board import function_statuses, render_board

SUMMARY = {
    "total": Text("Total: {score}/{max_score} points", "총점: {score}/{max_score}점"),
    "isolation": Text(
        "Student code ran in a separate process ({mode}).",
        "학생 코드는 별도 프로세스에서 실행했습니다 ({mode}).",
    ),
    "unsandboxed": Text(
        "Warning: bubblewrap was not available, so the student code ran with process "
        "limits only (no filesystem or network isolation).",
        "주의: bubblewrap을 쓸 수 없어 학생 코드는 프로세스 제한만 걸고 실행했습니다 "
        "(파일 시스템·네트워크 격리 없음).",
    ),
    "topics": Text("Points per module:", "모듈별 점수:"),
    "failing": Text("Tests not passed:", "통과하지 못한 테스트:"),
    "hidden": Text("hidden", "비공개"),
    "hidden_failing": Text(
        "+ {count} hidden test(s) not passed (shown when grades are published)",
        "+ 비공개 테스트 {count}개 통과 못 함 (성적 공개 후 볼 수 있음)",
    ),
    "printed": Text("Your code printed (first {n} characters):", "코드가 출력한 내용 (앞 {n}자):"),
    "all_passed": Text("Every test passed.", "모든 테스트를 통과했습니다."),
}

PRINTED_SHOWN = 2000


def _num(value: float) -> str:
    return f"{value:g}"


def summary(
    result: GradeResult,
    lang: str | None = None,
    failing_limit: int = 40,
    show_hidden: bool = True,
) -> str:
    """The human-readable summary: total, points per module, the board, what failed.

    With ``show_hidden=False`` (the text students see on Gradescope before grades are
    published) failing hidden tests are counted, not named."""
    lang = lang or result.lang
    lines = [
        SUMMARY["total"].get(lang, score=_num(result.score), max_score=_num(result.max_score)),
        SUMMARY["isolation"].get(lang, mode=result.isolation),
    ]
    if result.isolation != "bubblewrap":
        lines.append(SUMMARY["unsandboxed"].get(lang))
    lines += ["", SUMMARY["topics"].get(lang)]
    for topic, (got, most) in result.topics.items():
        lines.append(f"  {topic:<16} {_num(got):>6}/{_num(most)}")
    lines += ["", render_board(function_statuses(result.verdicts), lang), ""]
    failing = [t for t in result.tests if t.status != PASSED]
    named = [t for t in failing if show_hidden or t.visibility == "visible"]
    if failing:
        lines.append(SUMMARY["failing"].get(lang))
        for test in named[:failing_limit]:
            tag = f" ({SUMMARY['hidden'].get(lang)})" if test.visibility != "visible" else ""
            lines.append(f"  ✘ {test.name}{tag}  0/{_num(test.max_score)}")
        if len(named) > failing_limit:
            lines.append(f"  ... +{len(named) - failing_limit}")
        if len(named) < len(failing):
            count = len(failing) - len(named)
            lines.append("  " + SUMMARY["hidden_failing"].get(lang, count=count))
    else:
        lines.append(SUMMARY["all_passed"].get(lang))
    if result.printed.strip():
        lines += [
            "",
            SUMMARY["printed"].get(lang, n=PRINTED_SHOWN),
            result.printed[:PRINTED_SHOWN],
        ]
    return "\n".join(lines)


def gradescope_results(result: GradeResult) -> dict[str, Any]:
    """The results JSON for Gradescope (and the kit's own gradebook)."""
    return {
        "score": result.score,
        "execution_time": round(result.execution_time, 3),
        "output": summary(result, show_hidden=False),
        "tests": [
            {
                "name": test.name,
                "score": test.score,
                "max_score": test.max_score,
                "status": "passed" if test.status == PASSED else "failed",
                "output": test.output,
                "visibility": test.visibility,
                "tags": list(test.functions),
            }
            for test in result.tests
        ],
        "extra_data": {
            "max_score": result.max_score,
            "isolation": result.isolation,
            "language": result.lang,
            "functions": {
                name: {"score": got, "max_score": most}
                for name, (got, most) in result.functions.items()
            },
            "topics": {
                name: {"score": got, "max_score": most}
                for name, (got, most) in result.topics.items()
            },
        },
    }


def dumps(results: dict[str, Any]) -> str:
    return json.dumps(results, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_json_atomic(path: str | Path, results: dict[str, Any]) -> None:
    """Write the results file in one step (see :func:`write_text_atomic`)."""
    write_text_atomic(path, dumps(results))


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write a file in one step: a temporary file in the same folder, then a rename over
    the target, so readers never see half a file and whatever was at that path before
    (a submission may have written there) is replaced."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
