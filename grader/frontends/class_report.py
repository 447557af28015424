"""``report.html``: what ``grade-all`` tells an instructor about a class, in a browser.

One self-contained file (no network, no script, no external style sheet or font: the
figures are inline SVG drawn here), so it opens from a course share, an e-mail or an
offline laptop exactly as it was written:

* the distribution of total scores (a histogram by tenths of the maximum);
* per function, how many students got full, partial or no points (stacked bars);
* the diagnosed mistakes (:mod:`grader.engine.diagnosis`), ranked by how many students
  made each, with the catalogue's name for it and one student's feedback as an example;
* the students whose submission could not be graded in full (syntax errors, modules not
  submitted, timeouts, or the grader's own failure);
* every student with their total and a link to their feedback page
  (``feedback/<student>.html``, written by :func:`write_feedback_page`).

English or Korean (``--lang ko``).  Everything is escaped with :func:`html.escape`; the
page is built from strings because it is small and fixed, and a template engine would be
one more dependency of the grader for a single page.
"""

from __future__ import annotations

import html
import statistics
from pathlib import Path
from typing import Any
from urllib.parse import quote

from grader.define.i18n import Text
from grader.engine.grading import GradeResult
from grader.engine.running import PASSED
from grader.frontends.report import row_errors, score_bins, summary, write_text_atomic
from grader.topics import TOPICS

FULL, PARTIAL, ZERO = "#2e7d32", "#f2a900", "#c62828"

T = {
    "title": Text("Class report: {name}", "학급 채점 보고서: {name}"),
    "overview": Text(
        "{count} students; mean {mean} of {most} points, median {median}.",
        "학생 {count}명, 평균 {mean}점, 중앙값 {median}점 ({most}점 만점).",
    ),
    "totals": Text("Total scores", "총점 분포"),
    "totals_caption": Text(
        "Number of students per tenth of the maximum score.",
        "만점을 10구간으로 나눈 각 구간의 학생 수입니다.",
    ),
    "functions": Text("Points per function", "함수별 점수"),
    "functions_caption": Text(
        "For each function: students with full points, some points, no points.",
        "함수마다 만점, 부분 점수, 0점을 받은 학생 수입니다.",
    ),
    "full": Text("full points", "만점"),
    "partial": Text("some points", "부분 점수"),
    "zero": Text("no points", "0점"),
    "mistakes": Text("Diagnosed mistakes", "진단된 실수"),
    "mistakes_caption": Text(
        "Failures the grader recognised as a known mistake, by number of students.",
        "채점기가 알려진 실수로 알아본 실패를 학생 수가 많은 순서로 보여 줍니다.",
    ),
    "no_mistakes": Text(
        "No failure was recognised as a known mistake.", "알려진 실수로 진단된 실패가 없습니다."
    ),
    "mistake": Text("Mistake", "실수"),
    "function": Text("Function", "함수"),
    "students": Text("Students", "학생 수"),
    "example": Text("Example feedback ({student})", "피드백 예시 ({student})"),
    "errors": Text("Submissions not graded in full", "전부 채점하지 못한 제출물"),
    "errors_caption": Text(
        "Modules that could not be imported or were not submitted, functions that ran "
        "out of time, submissions the grader could not grade.",
        "import할 수 없었거나 제출하지 않은 모듈, 시간 안에 끝나지 않은 함수, 채점기가 "
        "채점하지 못한 제출물입니다.",
    ),
    "no_errors": Text(
        "Every submission was graded in full.", "모든 제출물을 빠짐없이 채점했습니다."
    ),
    "student": Text("Student", "학생"),
    "problems": Text("What went wrong", "문제"),
    "all_students": Text("All students", "전체 학생"),
    "total": Text("Total", "총점"),
    "feedback": Text("feedback", "피드백"),
    "not_graded": Text("not graded", "채점 안 됨"),
    "bar_label": Text("{count} students", "학생 {count}명"),
    "page_title": Text("Feedback: {student}", "피드백: {student}"),
    "details": Text("Every test not passed", "통과하지 못한 모든 테스트"),
    "back": Text("back to the class report", "학급 보고서로 돌아가기"),
}

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans KR", "Malgun Gothic",
  sans-serif; margin: 2rem auto; max-width: 980px; padding: 0 1rem; color: #1f2328; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #d0d7de; }
p.caption { color: #57606a; margin-top: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #eaeef2;
  vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #f6f8fa; padding: .6rem; overflow-x: auto; font-size: .85rem;
  white-space: pre-wrap; }
svg text { font-family: inherit; font-size: 12px; fill: #1f2328; }
td ul { margin: 0; padding-left: 1.2em; }
.legend span { display: inline-block; width: .9em; height: .9em; margin: 0 .3em 0 1em;
  vertical-align: -.1em; }
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _num(value: float) -> str:
    return f"{value:g}"


def _page(title: str, body: list[str], lang: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def feedback_link(student: str) -> str:
    return f"feedback/{quote(student)}.html"


# --- figures ------------------------------------------------------------------------------


def totals_figure(totals: list[float], most: float, lang: str) -> str:
    """A histogram of the totals, by tenths of the maximum (the last tenth holds full marks)."""
    counts = score_bins(totals, most)
    width, height, left, bottom, top = 640, 220, 40, 30, 12
    bar = (width - left - 10) / len(counts)
    peak = max(max(counts), 1)
    scale = (height - bottom - top) / peak
    parts = [
        f'<svg id="totals-figure" class="figure" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{_e(T['totals'].get(lang))}</title>",
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" '
        'stroke="#8c959f"/>',
    ]
    for index, count in enumerate(counts):
        x = left + index * bar
        h = count * scale
        y = height - bottom - h
        low, high = index * 10, (index + 1) * 10
        label = T["bar_label"].get(lang, count=count)
        parts.append(
            f'<rect class="bar" x="{x + 2:.1f}" y="{y:.1f}" width="{bar - 4:.1f}" '
            f'height="{h:.1f}" fill="#0969da"><title>{low}-{high}%: {_e(label)}</title></rect>'
        )
        if count:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" class="count">{count}</text>'
            )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" '
            f'text-anchor="middle">{low}-{high}%</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def functions_figure(rows: list[Any], lang: str) -> str:
    """One stacked bar per function: students with full, partial and no points."""
    names = [spec.name for topic in TOPICS for spec in topic.functions]
    graded = [row for row in rows if not row.error]
    width, row_height, left, right = 760, 24, 210, 40
    height = row_height * len(names) + 10
    span = width - left - right
    parts = [
        f'<svg id="functions-figure" class="figure" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{_e(T['functions'].get(lang))}</title>",
    ]
    for index, name in enumerate(names):
        y = 5 + index * row_height
        full = partial = zero = 0
        for row in graded:
            got, most = row.functions.get(name, 0), row.function_max.get(name, 0)
            if most and got >= most:
                full += 1
            elif got > 0:
                partial += 1
            else:
                zero += 1
        parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{_e(name)}</text>')
        x = float(left)
        for count, colour, key in (
            (full, FULL, "full"),
            (partial, PARTIAL, "partial"),
            (zero, ZERO, "zero"),
        ):
            if not count:
                continue
            w = span * count / max(len(graded), 1)
            label = f"{name}: {T[key].get(lang)}, {T['bar_label'].get(lang, count=count)}"
            parts.append(
                f'<rect class="bar {key}" x="{x:.1f}" y="{y + 2}" width="{w:.1f}" '
                f'height="{row_height - 6}" fill="{colour}"><title>{_e(label)}</title></rect>'
            )
            if w > 18:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 15}" text-anchor="middle" '
                    f'style="fill:#fff">{count}</text>'
                )
            x += w
    parts.append("</svg>")
    legend = " ".join(
        f'<span style="background:{colour}"></span>{_e(T[key].get(lang))}'
        for colour, key in ((FULL, "full"), (PARTIAL, "partial"), (ZERO, "zero"))
    )
    return "\n".join(parts) + f'\n<p class="legend">{legend}</p>'


# --- mistakes -------------------------------------------------------------------------------


def _mistake_titles(lang: str) -> dict[str, str]:
    """Catalogued mistake id -> its name in ``lang`` (empty where the catalogue is absent)."""
    titles: dict[str, str] = {}
    try:
        from grader.engine.suites import mistakes
    except ImportError:
        return titles
    for topic in TOPICS:
        try:
            for mistake in mistakes(topic.name):
                titles[mistake.id] = mistake.title.get(lang)
        except (ImportError, AttributeError):
            continue
    return titles


def ranked_mistakes(rows: list[Any]) -> list[dict[str, Any]]:
    """Each diagnosed mistake with the students who made it (most students first), and
    the first of them's feedback as the example."""
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        for entry in row.mistakes:
            seen = found.setdefault(
                entry["mistake"],
                {
                    "mistake": entry["mistake"],
                    "function": entry["function"],
                    "students": [],
                    "example": entry,
                    "example_student": row.student,
                },
            )
            if row.student not in seen["students"]:
                seen["students"].append(row.student)
    return sorted(found.values(), key=lambda m: (-len(m["students"]), m["mistake"]))


def _mistakes_section(rows: list[Any], lang: str) -> list[str]:
    ranked = ranked_mistakes(rows)
    out = [f'<h2 id="mistakes">{_e(T["mistakes"].get(lang))}</h2>']
    if not ranked:
        return out + [f"<p>{_e(T['no_mistakes'].get(lang))}</p>"]
    out.append(f'<p class="caption">{_e(T["mistakes_caption"].get(lang))}</p>')
    titles = _mistake_titles(lang)
    peak = len(ranked[0]["students"])
    out.append(
        f'<table id="mistakes-table"><thead><tr><th>#</th><th>{_e(T["mistake"].get(lang))}</th>'
        f"<th>{_e(T['function'].get(lang))}</th><th>{_e(T['students'].get(lang))}</th></tr>"
        "</thead><tbody>"
    )
    for rank, entry in enumerate(ranked, start=1):
        count = len(entry["students"])
        title = titles.get(entry["mistake"]) or entry["mistake"]
        bar_width = 120 * count / peak
        bar = (
            f'<svg class="figure mistake-bar" width="160" height="16" role="img" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{_e(T["bar_label"].get(lang, count=count))}'
            f'</title><rect x="0" y="2" width="{bar_width:.1f}" height="12" fill="#8250df"/>'
            f'<text x="{bar_width + 4:.1f}" y="13">{count}</text></svg>'
        )
        example = entry["example"]
        students = ", ".join(
            f'<a href="{_e(feedback_link(s))}">{_e(s)}</a>' for s in entry["students"]
        )
        out.append(
            f"<tr><td class=num>{rank}</td><td><strong>{_e(title)}</strong>"
            f"<details><summary>{_e(T['example'].get(lang, student=entry['example_student']))}"
            f"</summary><pre>{_e(example['feedback'])}</pre></details>"
            f"<div>{students}</div></td>"
            f"<td><code>{_e(entry['function'])}</code></td><td>{bar}</td></tr>"
        )
    out.append("</tbody></table>")
    return out


# --- the pages ------------------------------------------------------------------------------


def class_report_html(rows: list[Any], lang: str, name: str) -> str:
    """The whole report page for the rows of ``grade-all`` (grader.frontends.cli_grade_all.Row)."""
    graded = [row for row in rows if not row.error]
    most = max((row.max_score for row in graded), default=0)
    totals = [row.total for row in graded]
    body = [f"<h1>{_e(T['title'].get(lang, name=name))}</h1>"]
    if totals:
        body.append(
            "<p>"
            + _e(
                T["overview"].get(
                    lang,
                    count=len(rows),
                    mean=f"{statistics.fmean(totals):.1f}",
                    most=_num(most),
                    median=_num(statistics.median(totals)),
                )
            )
            + "</p>"
        )
        body += [
            f'<h2 id="totals">{_e(T["totals"].get(lang))}</h2>',
            f'<p class="caption">{_e(T["totals_caption"].get(lang))}</p>',
            totals_figure(totals, most, lang),
            f'<h2 id="functions">{_e(T["functions"].get(lang))}</h2>',
            f'<p class="caption">{_e(T["functions_caption"].get(lang))}</p>',
            functions_figure(rows, lang),
        ]
    body += _mistakes_section(rows, lang)

    body.append(f'<h2 id="errors">{_e(T["errors"].get(lang))}</h2>')
    troubled = [(row, row_errors(row, lang)) for row in rows if row_errors(row, lang)]
    if troubled:
        body.append(f'<p class="caption">{_e(T["errors_caption"].get(lang))}</p>')
        body.append(
            f'<table id="errors-table"><thead><tr><th>{_e(T["student"].get(lang))}</th>'
            f"<th>{_e(T['problems'].get(lang))}</th></tr></thead><tbody>"
        )
        for row, errors in troubled:
            link = (
                f'<a href="{_e(feedback_link(row.student))}">{_e(row.student)}</a>'
                if not row.error
                else _e(row.student)
            )
            items = "".join(f"<li>{_e(error)}</li>" for error in errors)
            body.append(f"<tr><td>{link}</td><td><ul>{items}</ul></td></tr>")
        body.append("</tbody></table>")
    else:
        body.append(f"<p>{_e(T['no_errors'].get(lang))}</p>")

    body.append(f'<h2 id="students">{_e(T["all_students"].get(lang))}</h2>')
    body.append(
        f'<table id="students-table"><thead><tr><th>{_e(T["student"].get(lang))}</th>'
        f'<th class="num">{_e(T["total"].get(lang))}</th><th class="num">%</th>'
        f"<th></th></tr></thead><tbody>"
    )
    for row in rows:
        if row.error:
            body.append(
                f"<tr><td>{_e(row.student)}</td><td class=num>-</td><td class=num>-</td>"
                f"<td>{_e(T['not_graded'].get(lang))}</td></tr>"
            )
            continue
        share = 100 * row.total / row.max_score if row.max_score else 0
        body.append(
            f"<tr><td>{_e(row.student)}</td><td class=num>{_num(row.total)}/"
            f"{_num(row.max_score)}</td><td class=num>{share:.0f}</td>"
            f'<td><a class="feedback" href="{_e(feedback_link(row.student))}">'
            f"{_e(T['feedback'].get(lang))}</a></td></tr>"
        )
    body.append("</tbody></table>")
    return _page(T["title"].get(lang, name=name), body, lang)


def write_class_report(path: Path, rows: list[Any], lang: str, name: str) -> None:
    write_text_atomic(path, class_report_html(rows, lang, name))


def feedback_page_html(result: GradeResult, student: str, lang: str) -> str:
    """One student's feedback: the summary ``grade`` prints, then every test not passed
    with its full feedback (hidden ones too: this page is the instructor's)."""
    body = [
        f'<p><a href="../report.html">{_e(T["back"].get(lang))}</a></p>',
        f"<h1>{_e(T['page_title'].get(lang, student=student))}</h1>",
        f"<pre>{_e(summary(result, lang))}</pre>",
    ]
    failing = [test for test in result.tests if test.status != PASSED]
    if failing:
        body.append(f"<h2>{_e(T['details'].get(lang))}</h2>")
        for test in failing:
            body.append(
                f"<details><summary><code>{_e(test.name)}</code> "
                f"0/{_num(test.max_score)}</summary><pre>{_e(test.output)}</pre></details>"
            )
    return _page(T["page_title"].get(lang, student=student), body, lang)


def write_feedback_page(path: str | Path, result: GradeResult, student: str, lang: str) -> None:
    write_text_atomic(path, feedback_page_html(result, student, lang))
