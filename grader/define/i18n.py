"""Student-facing text in English and Korean.

Every message a student can see is a :class:`Text` holding both languages, so a missing
translation is a construction error, not a silent fallback.  The language is chosen by
``--lang`` (pytest and the grader) or the ``DLKIT_LANG`` environment variable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

LANGUAGES = ("en", "ko")
ENV_VAR = "DLKIT_LANG"


@dataclass(frozen=True)
class Text:
    """One message in both languages; ``str.format`` fields are allowed in both."""

    en: str
    ko: str

    def __post_init__(self) -> None:
        if not self.en.strip() or not self.ko.strip():
            raise ValueError(f"Text needs both English and Korean: {self.en!r} / {self.ko!r}")

    def get(self, lang: str, **fields: object) -> str:
        template = self.ko if lang == "ko" else self.en
        return template.format(**fields) if fields else template


class TextError(Exception):
    """An error whose one-line message is a :class:`Text`: ``str()`` is the English,
    ``message(lang)`` the language asked for."""

    def __init__(self, text: Text, **fields: object) -> None:
        super().__init__(text.get("en", **fields))
        self.text, self.fields = text, fields

    def message(self, lang: str) -> str:
        return self.text.get(lang, **self.fields)


def default_lang() -> str:
    """The language from ``DLKIT_LANG`` (``en`` when unset or unknown)."""
    lang = os.environ.get(ENV_VAR, "en").strip().lower()
    return lang if lang in LANGUAGES else "en"


# Labels used by the feedback formatter and the progress board.
LABELS = {
    "property": Text("Property", "검사한 성질"),
    "input": Text("Smallest failing input", "실패하는 가장 작은 입력"),
    # An input shown as it was found, without a search for a smaller one.
    "failing_input": Text("Failing input", "실패하는 입력"),
    "expected": Text("Expected (PyTorch)", "기대값 (PyTorch)"),
    "got": Text("Got (yours)", "내 결과"),
    "worst": Text("Largest difference", "가장 크게 다른 곳"),
    "hint": Text("Hint", "힌트"),
    "diagnosis": Text("Likely mistake", "자주 하는 실수와 같습니다"),
    "passed": Text("passed", "통과"),
    "failing": Text("failing", "실패"),
    "not_started": Text("not started", "아직 시작 안 함"),
    "not_run": Text("not run", "실행 안 됨"),
    "board_title": Text("Progress", "진행 상황"),
    "functions_passing": Text(
        "{done}/{total} functions passing", "함수 {total}개 중 {done}개 통과"
    ),
    "waiting_for": Text("waiting for {dep}", "{dep} 먼저 구현하세요"),
    "properties_passing": Text(
        "{passed} of {total} properties pass", "성질 {total}개 중 {passed}개 통과"
    ),
}
