"""What a topic's notebook says and shows besides the exercises: the shape of
``grader/topics/<topic>/notebook.py``.

Explanations are short, in English with the Korean terms of the course notes
(``shared/course-notes/``: 기울기 소실, 배치 정규화, 드롭아웃, ...), and state PyTorch's
conventions, which the properties check.  Figures are drawn by code cells with
matplotlib (rendered by the kernel's inline backend, which uses Agg and needs no
display) from what PyTorch computes, so they show the idea without giving away the NumPy
code the student is asked to write.

The Korean study notebooks of the student release use ``explanation_ko`` and each
figure's ``intro_ko``.

A topic without a ``notebook.py`` still gets a notebook: its title and ``Topic.notes``
stand in.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    intro: str  # markdown above the code cell
    code: str
    intro_ko: str = ""  # the same in Korean, for the Korean study notebooks


@dataclass(frozen=True)
class Content:
    explanation: str  # markdown
    figures: tuple[Figure, ...] = ()
    # The explanation in Korean (the Korean study notebooks; tests/test_korean.py checks
    # every topic has one and that it reads as Korean).
    explanation_ko: str = ""
