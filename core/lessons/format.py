"""Lesson files: plain TOML, read with the standard library and checked completely.

A lesson is data (DESIGN.md, "Lessons are data"). This module reads a file
into frozen dataclasses and checks everything that can be checked without
running the engine: the structure, the types, every text in each language
(en and zh_CN required; zh_TW optional, read as zh_CN when absent), the names
of settings, workspaces, step-through modes and phases, the action
keywords, the template keys and the limits. :mod:`core.lessons.player` then
plays the lesson on a scratch session (node names, reachable training goals,
the numbers a lesson states). Every message names the file, the step and the
field: ``e1-graph.toml: step 3: question.answer: …``.

The format is documented for teachers in ``docs/lessons.md``.
"""
from __future__ import annotations

import math
import os
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import NNVizError
from ..limits import LIMITS
from ..settings import SETTING_NAMES
from .templates import TemplateError, template_keys

LANGS = ("en", "zh_CN", "zh_TW")
REQUIRED_LANGS = ("en", "zh_CN")      # zh_TW is optional: without it, zh_TW reads zh_CN
# The language a text falls back to when it has none in the reader's language.
FALLBACK = {"zh_TW": "zh_CN"}
WORKSPACES = ("train", "backprop", "landscape", "lab")
PANES = ("controls", "data", "curves", "inspector", "network")
STEP_MODES = ("network", "expression", "e1", "e2")
PHASES = ("start", "forward", "backward", "update", "end")
DATA_SPECIAL = ("circle_area_points",)
QUESTION_KINDS = ("number", "sign", "choice")
SIGNS = ("+", "-", "0")
# Lesson-specific caps (the byte and text caps come from core/limits.py).
MAX_STEPS = 40
MAX_ACTIONS = 16
MAX_CHOICES = 6
MAX_CHECKS = 12
MAX_TRAIN_EPOCHS = 20_000       # one training action, at validation and in class
TITLE_CHARS = 120
ACTION_KEYS = {
    # keyword: other keys it may carry
    "set": set(), "params": set(), "reset": set(), "train": set(),
    "train_until_loss": {"within"}, "train_until_accuracy": {"within"},
    "mode": {"expression", "values", "granularity"}, "step_to": {"phase"},
    "phase": set(), "workspace": set(), "select": set(), "highlight": set(),
    "surface": set(), "rewind": set(), "sample": set(), "present": set(),
}


class LessonError(NNVizError):
    """A lesson that cannot be used; the message names file, step and field."""


@dataclass(frozen=True)
class Action:
    kind: str
    arg: object
    opts: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    kind: str                       # number | sign | choice
    prompt: dict
    why: dict
    answer: object                  # template key (number, sign) or 1-based index (choice)
    tolerance: float = 0.0
    expected: object = None         # a hard-coded answer the engine must agree with
    choices: tuple = ()             # of {lang: text}


@dataclass(frozen=True)
class Check:
    key: str                        # template key, e.g. "grad:x"
    expected: object                # a number, or another live value that must agree
    tolerance: float


@dataclass(frozen=True)
class Step:
    text: dict
    actions: tuple = ()
    question: Question | None = None
    checks: tuple = ()


@dataclass(frozen=True)
class Lesson:
    id: str
    title: dict
    summary: dict
    covers: tuple
    settings: dict
    data: str | None
    workspace: str
    stepthrough: dict
    locked: tuple
    hidden: tuple
    steps: tuple
    source: str = "<lesson>"        # file name for messages

    def pick(self, texts: dict, lang: str) -> str:
        return pick(texts, lang)


def pick(texts: dict, lang: str) -> str:
    """The text in ``lang``, else in its fallback (zh_TW → zh_CN), else English."""
    while lang:
        if texts.get(lang):
            return texts[lang]
        lang = FALLBACK.get(lang)
    return texts.get("en", "")


def lesson_language(lang: str) -> str:
    """The lesson language for a UI language (``nnviz.i18n``): en, zh_CN or
    zh_TW. A lesson without zh_TW texts shows zh_TW readers its zh_CN ones."""
    if isinstance(lang, str) and lang.startswith("zh"):
        return "zh_TW" if lang == "zh_TW" else "zh_CN"
    return "en"


# -- reading -------------------------------------------------------------------------
def read_lesson_file(path) -> Lesson:
    """Read and check a lesson file (structure only; see :func:`validate`)."""
    path = Path(path)
    name = path.name
    try:
        st = os.stat(path)
    except OSError as e:
        raise LessonError(f"{name}: cannot read: {e.strerror or e}") from None
    if not stat.S_ISREG(st.st_mode):
        raise LessonError(f"{name}: not an ordinary file")
    cap = int(LIMITS["lesson_bytes"].hi)
    if st.st_size > cap:
        raise LessonError(f"{name}: {st.st_size:,} bytes; a lesson file may have "
                          f"at most {cap:,}")
    with open(path, "rb") as f:
        raw = f.read(cap + 1)
    if len(raw) > cap:
        raise LessonError(f"{name}: larger than {cap:,} bytes")
    return parse_lesson(raw, name)


def parse_lesson(raw, source="<lesson>") -> Lesson:
    """Parse TOML bytes or text into a checked :class:`Lesson`."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise LessonError(f"{source}: not UTF-8 text (byte {e.start})") from None
    if len(raw.encode("utf-8")) > LIMITS["lesson_bytes"].hi:
        raise LessonError(f"{source}: larger than {int(LIMITS['lesson_bytes'].hi):,} bytes")
    try:
        doc = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as e:
        raise LessonError(f"{source}: not valid TOML: {str(e)[:100]}") from None
    return _Reader(source).lesson(doc)


class _Reader:
    def __init__(self, source):
        self.source = source
        self.where = ""

    def fail(self, fieldname, message):
        at = f"{self.where}: " if self.where else ""
        raise LessonError(f"{self.source}: {at}{fieldname}: {message}")

    # -- small typed getters ----------------------------------------------------------
    def texts(self, d, fieldname, required=True, templated=True, key=None):
        key = key or fieldname.rsplit(".", 1)[-1]
        v = d.get(key) if isinstance(d, dict) else None
        if v is None:
            if required:
                self.fail(fieldname, "missing (give en and zh_CN texts; zh_TW optional)")
            return {}
        if isinstance(v, str):
            self.fail(fieldname, "needs one text per language, e.g. "
                                 "text.en = \"…\" and text.zh_CN = \"…\"")
        if not isinstance(v, dict):
            self.fail(fieldname, "must be a table of texts by language")
        cap = TITLE_CHARS if fieldname in ("title",) else int(LIMITS["text_chars"].hi)
        for lang in LANGS:
            t = v.get(lang)
            if lang not in REQUIRED_LANGS and lang not in v:
                continue                # optional language, absent: readers fall back
            if not isinstance(t, str) or not t.strip():
                self.fail(f"{fieldname}.{lang}", "missing translation")
        extra = set(v) - set(LANGS)
        if extra:
            self.fail(fieldname, f"unknown language(s) {', '.join(sorted(extra))[:60]}; "
                                 f"use {', '.join(LANGS)}")
        present = [lang for lang in LANGS if lang in v]
        for lang in present:
            if len(v[lang]) > cap:
                self.fail(f"{fieldname}.{lang}", f"{len(v[lang]):,} characters; "
                                                 f"at most {cap:,}")
            if templated:
                try:
                    template_keys(v[lang])
                except TemplateError as e:
                    self.fail(f"{fieldname}.{lang}", str(e))
        return {lang: v[lang].strip() for lang in present}

    def number(self, v, fieldname, lo=-1e12, hi=1e12):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            self.fail(fieldname, f"must be a number, got {str(v)[:40]!r}")
        if not lo <= v <= hi:
            self.fail(fieldname, f"must be from {lo:g} to {hi:g}, got {v:g}")
        return v

    def key(self, v, fieldname):
        if not isinstance(v, str):
            self.fail(fieldname, "must be a live value such as \"grad:x\"")
        try:
            keys = template_keys("{" + v + "}")
        except TemplateError as e:
            self.fail(fieldname, str(e))
        if len(keys) != 1:
            self.fail(fieldname, f"{v[:40]!r} is not one live value")
        return v

    # -- the lesson ---------------------------------------------------------------------
    def lesson(self, doc) -> Lesson:
        known = {"id", "title", "summary", "covers", "start", "steps"}
        unknown = set(doc) - known
        if unknown:
            self.fail(sorted(unknown)[0], f"unknown field; a lesson has {', '.join(sorted(known))}")
        lid = doc.get("id")
        if not isinstance(lid, str) or not lid or len(lid) > 60 or not all(
                c.isalnum() or c in "-_" for c in lid):
            self.fail("id", "must be a short name of letters, digits, - and _")
        title = self.texts(doc, "title", templated=False)
        summary = self.texts(doc, "summary", required=False, templated=False)
        covers = doc.get("covers")
        from . import CURRICULUM_IDS
        if not isinstance(covers, list) or not covers:
            self.fail("covers", "list the curriculum ids it teaches, e.g. [\"E1\"]")
        for c in covers:
            if c not in CURRICULUM_IDS:
                self.fail("covers", f"unknown curriculum id {str(c)[:20]!r}; "
                                    f"use C1…C11 or E1…E10")
        start = doc.get("start", {})
        if not isinstance(start, dict):
            self.fail("start", "must be a table")
        self.where = "start"
        settings, data, workspace, stepthrough, locked, hidden = self.start(start)
        steps = doc.get("steps")
        self.where = ""
        if not isinstance(steps, list) or not steps:
            self.fail("steps", "a lesson needs at least one [[steps]]")
        if len(steps) > MAX_STEPS:
            self.fail("steps", f"{len(steps)} steps; at most {MAX_STEPS}")
        out = []
        for k, st in enumerate(steps, start=1):
            self.where = f"step {k}"
            out.append(self.step(st))
        return Lesson(lid, title, summary or title, tuple(covers), settings, data, workspace,
                      stepthrough, locked, hidden, tuple(out), self.source)

    def start(self, d):
        known = {"settings", "data", "workspace", "stepthrough", "locked", "hidden"}
        unknown = set(d) - known
        if unknown:
            self.fail(sorted(unknown)[0], f"unknown field; start has {', '.join(sorted(known))}")
        settings = d.get("settings", {})
        if not isinstance(settings, dict):
            self.fail("settings", "must be a table of settings")
        self.settings_names(settings, "settings")
        data = d.get("data")
        if data is not None and data not in DATA_SPECIAL:
            self.fail("data", f"unknown {str(data)[:40]!r}; use {', '.join(DATA_SPECIAL)} "
                              f"or settings.dataset")
        ws = d.get("workspace", "train")
        if ws not in WORKSPACES:
            self.fail("workspace", f"unknown {str(ws)[:40]!r}; use {', '.join(WORKSPACES)}")
        st = d.get("stepthrough", {})
        if not isinstance(st, dict):
            self.fail("stepthrough", "must be a table such as { mode = \"e1\" }")
        if st:
            self.mode_action(st.get("mode", "network"), st, "stepthrough")
        locked = d.get("locked", [])
        if not isinstance(locked, list) or any(not isinstance(x, str) for x in locked):
            self.fail("locked", "must be a list of setting names")
        bad = [x for x in locked if x not in SETTING_NAMES]
        if bad:
            self.fail("locked", f"unknown setting {bad[0][:40]!r}")
        hidden = d.get("hidden", [])
        if not isinstance(hidden, list) or any(x not in PANES for x in hidden):
            self.fail("hidden", f"must be a list of panes from {', '.join(PANES)}")
        return settings, data, ws, dict(st), tuple(locked), tuple(hidden)

    def settings_names(self, d, fieldname):
        for k in d:
            if k not in SETTING_NAMES:
                self.fail(f"{fieldname}.{k}", f"unknown setting; known: "
                                              f"{', '.join(sorted(SETTING_NAMES))[:200]}")

    def step(self, st) -> Step:
        if not isinstance(st, dict):
            self.fail("steps", "each step must be a table")
        known = {"text", "do", "question", "checks"}
        unknown = set(st) - known
        if unknown:
            self.fail(sorted(unknown)[0], f"unknown field; a step has {', '.join(sorted(known))}")
        text = self.texts(st, "text")
        do = st.get("do", [])
        if not isinstance(do, list):
            self.fail("do", "must be a list of actions")
        if len(do) > MAX_ACTIONS:
            self.fail("do", f"{len(do)} actions; at most {MAX_ACTIONS}")
        actions = tuple(self.action(a, f"do[{i + 1}]") for i, a in enumerate(do))
        q = st.get("question")
        question = self.question(q) if q is not None else None
        checks = st.get("checks", [])
        if not isinstance(checks, list) or len(checks) > MAX_CHECKS:
            self.fail("checks", f"must be a list of at most {MAX_CHECKS} checks")
        out = []
        for i, c in enumerate(checks, start=1):
            f = f"checks[{i}]"
            if not isinstance(c, dict) or set(c) - {"value", "is", "tolerance"} \
                    or "value" not in c or "is" not in c:
                self.fail(f, "write { value = \"grad:x\", is = -4 } (tolerance optional)")
            expected = self.key(c["is"], f"{f}.is") if isinstance(c["is"], str) \
                else float(self.number(c["is"], f"{f}.is"))
            out.append(Check(self.key(c["value"], f"{f}.value"), expected,
                             float(self.number(c.get("tolerance", 1e-9), f"{f}.tolerance",
                                               0, 1e12))))
        return Step(text, actions, question, tuple(out))

    def action(self, a, f) -> Action:
        if not isinstance(a, dict) or not a:
            self.fail(f, "an action is a table such as { train = 100 }")
        kinds = [k for k in a if k in ACTION_KEYS and not (k == "phase" and "step_to" in a)]
        if len(kinds) != 1:
            self.fail(f, f"name exactly one action of {', '.join(ACTION_KEYS)}")
        kind = kinds[0]
        extra = set(a) - {kind} - ACTION_KEYS[kind]
        if kind == "step_to" and "phase" in a:
            extra.discard("phase")
        if extra:
            self.fail(f"{f}.{sorted(extra)[0]}", f"not an option of {kind}")
        v = a[kind]
        opts = {k: a[k] for k in a if k != kind}
        ff = f"{f}.{kind}"
        if kind == "set":
            if not isinstance(v, dict) or not v:
                self.fail(ff, "a table of settings, e.g. { lr = 0.1 }")
            self.settings_names(v, ff)
        elif kind == "params":
            if not isinstance(v, dict) or not v:
                self.fail(ff, "a table of parameter labels and values, e.g. "
                              "{ \"w1[1→1]\" = 0.5 }")
            from ..names import parse_param_label
            for label, val in v.items():
                try:
                    parse_param_label(label)
                except ValueError as e:
                    self.fail(ff, str(e)[:100])
                self.number(val, f"{ff}.{label}")
        elif kind == "reset":
            if v is not True:
                self.fail(ff, "write { reset = true }")
        elif kind == "train":
            self.number(v, ff, 0, MAX_TRAIN_EPOCHS)
            if v != int(v):
                self.fail(ff, "must be a whole number of epochs")
        elif kind in ("train_until_loss", "train_until_accuracy"):
            self.number(v, ff, 0, 1e12 if kind.endswith("loss") else 1)
            self.number(opts.get("within", MAX_TRAIN_EPOCHS), f"{f}.within", 1,
                        MAX_TRAIN_EPOCHS)
        elif kind == "mode":
            self.mode_action(v, opts, f)
        elif kind == "step_to":
            if not isinstance(v, str) or not v:
                self.fail(ff, "the name of a step-through node, e.g. \"z1.1\"")
            if opts.get("phase", "forward") not in ("forward", "backward", "update"):
                self.fail(f"{f}.phase", "forward, backward or update")
        elif kind == "phase":
            if v not in PHASES:
                self.fail(ff, f"one of {', '.join(PHASES)}")
        elif kind == "workspace":
            if v not in WORKSPACES:
                self.fail(ff, f"unknown {str(v)[:40]!r}; use {', '.join(WORKSPACES)}")
        elif kind in ("select", "highlight"):
            names = [v] if isinstance(v, str) else v
            if not isinstance(names, list) or not names or \
                    any(not isinstance(n, str) for n in names):
                self.fail(ff, "a name such as \"h1.2\" or \"w1[1→2]\" (highlight: a list)")
            if kind == "select" and not isinstance(v, str):
                self.fail(ff, "one name")
        elif kind == "surface":
            if not isinstance(v, list) or len(v) != 2 or \
                    any(not isinstance(n, str) for n in v):
                self.fail(ff, "two parameter labels, e.g. [\"w1[1→1]\", \"b1[1]\"]")
        elif kind == "rewind":
            self.number(v, ff, 0, LIMITS["epochs"].hi)
            if v != int(v):
                self.fail(ff, "must be a whole epoch")
        elif kind == "sample":
            self.number(v, ff, 1, LIMITS["samples"].hi)
        elif kind == "present":
            if not isinstance(v, bool):
                self.fail(ff, "true or false")
        return Action(kind, v, opts)

    def mode_action(self, mode, opts, f):
        if mode not in STEP_MODES:
            self.fail(f"{f}.mode", f"unknown {str(mode)[:40]!r}; use {', '.join(STEP_MODES)}")
        if mode == "expression" and not isinstance(opts.get("expression"), str):
            self.fail(f"{f}.expression", "expression mode needs a formula")
        for k in ("expression", "values"):
            if k in opts and (not isinstance(opts[k], str) or len(opts[k]) >
                              LIMITS["formula_chars"].hi):
                self.fail(f"{f}.{k}", "must be a short text")
        if opts.get("granularity", "auto") not in ("auto", "scalar", "layer"):
            self.fail(f"{f}.granularity", "auto, scalar or layer")

    def question(self, q) -> Question:
        f = "question"
        if not isinstance(q, dict):
            self.fail(f, "must be a table")
        known = {"kind", "prompt", "why", "answer", "tolerance", "expected", "choices"}
        unknown = set(q) - known
        if unknown:
            self.fail(f"{f}.{sorted(unknown)[0]}", "unknown field")
        kind = q.get("kind")
        if kind not in QUESTION_KINDS:
            self.fail(f"{f}.kind", f"one of {', '.join(QUESTION_KINDS)}")
        prompt = self.texts(q, "question.prompt")
        why = self.texts(q, "question.why")
        ans = q.get("answer")
        tol, expected, choices = 0.0, q.get("expected"), ()
        if kind == "choice":
            raw = q.get("choices")
            if not isinstance(raw, list) or not 2 <= len(raw) <= MAX_CHOICES:
                self.fail(f"{f}.choices", f"2 to {MAX_CHOICES} choices")
            choices = tuple(self._choice(c, i) for i, c in enumerate(raw))
            if isinstance(ans, bool) or not isinstance(ans, int) or \
                    not 1 <= ans <= len(choices):
                self.fail(f"{f}.answer", f"the number of the right choice, 1 to {len(choices)}")
            if expected is not None:
                self.fail(f"{f}.expected", "a choice question has no expected value; "
                                           "state numbers in checks")
        else:
            self.key(ans, f"{f}.answer")
            if kind == "number":
                if "tolerance" not in q:
                    self.fail(f"{f}.tolerance", "say how close an answer must be")
                tol = float(self.number(q["tolerance"], f"{f}.tolerance", 0, 1e12))
                if expected is not None:
                    expected = float(self.number(expected, f"{f}.expected"))
            else:
                if "tolerance" in q:
                    self.fail(f"{f}.tolerance", "a sign question has no tolerance")
                if expected is not None and expected not in SIGNS:
                    self.fail(f"{f}.expected", "one of \"+\", \"-\", \"0\"")
        return Question(kind, prompt, why, ans, tol, expected, choices)

    def _choice(self, c, i):
        f = f"question.choices[{i + 1}]"
        if not isinstance(c, dict):
            self.fail(f, "a table { en = …, zh_CN = … } (zh_TW = … optional)")
        return self.texts({"v": c}, f, key="v")


__all__ = ["ACTION_KEYS", "Action", "Check", "FALLBACK", "LANGS", "Lesson", "LessonError",
           "MAX_STEPS", "PANES", "Question", "REQUIRED_LANGS", "Step", "WORKSPACES",
           "lesson_language", "parse_lesson", "pick", "read_lesson_file"]
