"""The progress board: every contract function as passed / failing / not started.

Computed from verdicts, so ``pytest exercises/`` and the grader show the same board.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from grader.define.i18n import LABELS
from grader.engine.running import FAILED, NOT_STARTED, PASSED, Verdict
from grader.topics import TOPICS

STATUS_MARK = {PASSED: "✔", FAILED: "✘", NOT_STARTED: "·", "not_run": " "}


@dataclass
class FunctionStatus:
    topic: str
    function: str
    status: str  # PASSED, FAILED, NOT_STARTED or "not_run"
    failing: int = 0
    total: int = 0
    waiting_for: str = ""
    # Why it fails when that is not one property's verdict (a module that cannot be imported).
    note: str = ""


def function_statuses(verdicts: Iterable[Verdict]) -> list[FunctionStatus]:
    by_function: dict[str, list[Verdict]] = {}
    for verdict in verdicts:
        for fn in verdict.property.functions:
            by_function.setdefault(fn, []).append(verdict)
    rows = []
    for topic in TOPICS:
        for spec in topic.functions:
            vs = by_function.get(spec.name, [])
            row = FunctionStatus(topic.name, spec.name, "not_run", total=len(vs))
            if vs:
                failed = [v for v in vs if v.status == FAILED]
                waiting = [v for v in vs if v.status == NOT_STARTED]
                row.failing = len(failed) + len(waiting)
                if failed:
                    row.status = FAILED
                elif waiting:
                    row.status = NOT_STARTED
                    deps = {v.waiting_for for v in waiting} - {spec.name}
                    row.waiting_for = ", ".join(sorted(deps))
                else:
                    row.status = PASSED
            rows.append(row)
    return rows


def render_board(rows: list[FunctionStatus], lang: str = "en") -> str:
    label = {k: v.get(lang) for k, v in LABELS.items()}
    words = {
        PASSED: label["passed"],
        FAILED: label["failing"],
        NOT_STARTED: label["not_started"],
        "not_run": label["not_run"],
    }
    done = sum(r.status == PASSED for r in rows)
    lines = [
        f"{label['board_title']}: " + label["functions_passing"].format(done=done, total=len(rows))
    ]
    width = max(len(r.function) for r in rows)
    previous_topic = None
    for r in rows:
        topic = r.topic if r.topic != previous_topic else ""
        previous_topic = r.topic
        detail = words[r.status]
        if r.status == FAILED:
            # "failing: 1 of 3 properties pass", never "failing (1/3)", which reads either way.
            counts = LABELS["properties_passing"].get(
                lang, passed=r.total - r.failing, total=r.total
            )
            detail += f": {r.note or counts}"
        if r.status == NOT_STARTED and r.waiting_for:
            detail += f" ({LABELS['waiting_for'].get(lang, dep=r.waiting_for)})"
        lines.append(f"  {topic:<15} {STATUS_MARK[r.status]} {r.function:<{width}}  {detail}")
    return "\n".join(lines)
