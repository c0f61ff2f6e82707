"""Lessons: guided, checked walks through the curriculum (DESIGN.md, "Lessons are data").

``format`` reads and checks lesson files (TOML), ``templates`` fills in live
values, ``probes`` names engine computations lessons quote, ``player`` plays
a lesson on a :class:`core.session.Session` without any window.
"""
from __future__ import annotations

CURRICULUM_IDS = tuple(f"C{i}" for i in range(1, 12)) + tuple(f"E{i}" for i in range(1, 11))

from .format import Lesson, LessonError, parse_lesson, read_lesson_file  # noqa: E402
from .player import LessonPlayer, lesson_paths, load_lesson, shipped_lessons  # noqa: E402

__all__ = ["CURRICULUM_IDS", "Lesson", "LessonError", "LessonPlayer", "lesson_paths",
           "load_lesson", "parse_lesson", "read_lesson_file", "shipped_lessons"]
