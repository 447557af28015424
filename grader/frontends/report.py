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
import re
import tempfile
from pathlib import Path
from typing import Any

from grader.define.i18n import Text
from grader.engine.grading import (
    FORBIDDEN_IMPORT,
    IMPORT_ERROR,
    MISSING_MODULE,
    SYNTAX_ERROR,
    TIMED_OUT,
    GradeResult,
    Problem,
)
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

PROBLEMS = {
    SYNTAX_ERROR: Text(
        "{where}: syntax error on line {detail}", "{where}: {detail}번째 줄에 문법 오류"
    ),
    SYNTAX_ERROR + "-": Text("{where}: syntax error", "{where}: 문법 오류"),
    IMPORT_ERROR: Text("{where}: import failed ({detail})", "{where}: import 실패 ({detail})"),
    MISSING_MODULE: Text("{where}: not submitted", "{where}: 제출하지 않음"),
    FORBIDDEN_IMPORT: Text(
        "{where}: imports {detail} (no credit)", "{where}: 금지된 import 사용 ({detail}, 0점)"
    ),
    TIMED_OUT: Text("{where}: timed out ({detail})", "{where}: 시간 초과 ({detail})"),
}
_WHOLE = Text("whole submission", "제출물 전체")
_WHILE_IMPORTING = Text("while importing", "import 중")


def problem_text(problem: Problem, lang: str = "en") -> str:
    """One line naming what could not be graded, for the gradebook, terminal and report."""
    key = problem.kind
    if key == SYNTAX_ERROR and not problem.detail:
        key += "-"
    detail = problem.detail.replace(" (whole submission)", ", " + _WHOLE.get(lang))
    detail = detail.replace("while importing", _WHILE_IMPORTING.get(lang))
    if lang == "ko":  # "5 s" -> "5초"
        detail = re.sub(r"(\d+(?:\.\d+)?) s\b", r"\1초", detail)
    text = PROBLEMS.get(key)
    if text is None:
        return f"{problem.where}: {problem.kind} {detail}".strip()
    return text.get(lang, where=problem.where, detail=detail)


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
        # mkstemp creates the file 0600; give it the mode any new file gets here, so a
        # course staff's group can read the results the umask lets it read.
        os.fchmod(fd, 0o666 & ~current_umask())
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def current_umask() -> int:
    """This process's umask, read without changing it where Linux tells it
    (``/proc/self/status``); elsewhere set and restored at once."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def row_errors(row: Any, lang: str = "en") -> list[str]:
    """What went wrong with a student's submission, one line each: the grader's error
    when it could not grade it at all (``row.error``), else each module that was missing
    or could not be imported and each function that ran out of time (``row.problems``).
    ``row`` is a gradebook row of ``grade-all`` (grader.frontends.cli_grade_all.Row)."""
    if row.error:
        return [row.error]
    return [problem_text(problem, lang) for problem in row.problems]


def score_bins(totals: list[float], most: float, bins: int = 10) -> list[int]:
    """How many totals fall in each tenth of ``most`` (the last bin holds full marks)."""
    counts = [0] * bins
    for total in totals:
        share = total / most if most > 0 else 0.0
        counts[min(bins - 1, max(0, int(share * bins)))] += 1
    return counts
