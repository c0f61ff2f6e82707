"""The lesson player: drives a :class:`core.session.Session` through a lesson, Qt-free.

``LessonPlayer(session, lesson).start()`` keeps the user's session aside,
puts the lesson's starting session in its place (same object, so every view
keeps its subscriptions), locks the settings the lesson fixes and runs the
first step's actions. :meth:`next` / :meth:`back` / :meth:`goto` move between
steps; each step's state is kept after its actions ran, so going back shows
exactly what it showed before. :meth:`leave` gives the user's session back.

Events on :attr:`LessonPlayer.events` (:class:`core.events.Events`):

=============  ================================================================
``step``       the current step changed (``index``, ``count``)
``answer``     the learner answered or asked for the reveal (``index``)
``view``       what the window should show changed: ``workspace``,
               ``highlight`` (network refs), ``surface`` (two names),
               ``present`` (``changed`` says which)
``finished``   the lesson was left (``restored``: the user's session is back)
=============  ================================================================

:func:`validate` plays a whole lesson on a scratch session, within a time
bound, and names the file, step and field of the first problem: a node the
graph lacks, a training goal not met, a stated number the engine disagrees
with, a question whose answer cannot be computed.
"""
from __future__ import annotations

import hashlib
import math
import re
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import NNVizError
from ..events import Events
from ..names import parse_param_label
from ..numbers import NumberError, parse_number
from .format import Lesson, LessonError, pick, read_lesson_file
from .templates import TemplateError, Values, format_number

CHUNK_EPOCHS = 10            # training goals are checked this often
VALIDATE_SECONDS = 30.0      # a whole lesson, played on a scratch session
_UNIT = re.compile(r"(x|ŷ|y|[hz](\d+)\.)(\d+)")


@dataclass(frozen=True)
class Verdict:
    correct: bool
    given: str
    value: str               # what the engine computed, as shown
    why: str


def _sign(v: float) -> str:
    return "0" if abs(v) < 1e-12 else ("+" if v > 0 else "-")


class LessonPlayer:
    """See the module docstring."""

    def __init__(self, session, lesson: Lesson, lang: str = "en", deadline=None):
        self.session = session
        self.lesson = lesson
        self.lang = lang
        self.events = Events()
        self.values = Values(session)
        self.index = -1
        self.workspace = lesson.workspace
        self.highlight: list = []
        self.surface: tuple = ()
        self.present = False
        self.answers: dict[int, Verdict] = {}
        self._saved = None           # the user's session, given back on leave
        self._states: dict[int, dict] = {}
        self._deadline = deadline    # validation: stop training past this time
        self.active = False

    # -- the lesson's steps ---------------------------------------------------------
    @property
    def count(self) -> int:
        return len(self.lesson.steps)

    @property
    def step(self):
        return self.lesson.steps[self.index]

    @property
    def question(self):
        return self.step.question if self.index >= 0 else None

    def title(self) -> str:
        return pick(self.lesson.title, self.lang)

    def text(self, lang=None) -> str:
        return self.values.render(pick(self.step.text, lang or self.lang))

    def progress(self) -> tuple[int, int]:
        """(1-based step, count), for "step 3 of 9"."""
        return self.index + 1, self.count

    # -- starting and leaving ----------------------------------------------------------
    def _step_state(self) -> dict:
        st = self.session.stepthrough
        return {"mode": st.mode, "expression": st.expression, "values": st.values_text,
                "granularity": st.granularity, "cursor": st.cursor}

    def _put_step_state(self, d):
        st = self.session.stepthrough
        if d["mode"] == "expression":
            st.set_mode("expression", text=d["expression"], values=d["values"])
        else:
            st.set_mode(d["mode"], granularity=d["granularity"])
        st.seek(d["cursor"])

    def start(self):
        """Keep the user's session aside and open the lesson at step 1."""
        from ..session import Session
        s = self.session
        s.pause()
        if self._saved is None:
            self._saved = {"session": s.detach(),      # content and undo, as they are
                           "locked": set(s.locked), "step": self._step_state(),
                           "selection": s.selection, "sample": s.sample_index}
        fresh = self._start_session(Session)
        s.replace_with(fresh)
        s.set_locked(self.lesson.locked)
        self.active = True
        st = self.lesson.stepthrough
        self._put_step_state({"mode": st.get("mode", "network"),
                              "expression": st.get("expression", ""),
                              "values": st.get("values", ""),
                              "granularity": st.get("granularity", "auto"), "cursor": 0})
        self.workspace, self.highlight, self.surface = self.lesson.workspace, [], ()
        self.present = False
        self.answers.clear()
        self._states.clear()
        self.index = -1
        self._enter(0)

    def _start_session(self, Session):
        from ..data import circle_area_dataset
        from ..settings import Settings, validate_settings
        raw = dict(self.lesson.settings)
        try:
            settings = validate_settings(Settings.from_dict(
                {k: (list(v) if isinstance(v, list) else v) for k, v in raw.items()}))
            dataset = circle_area_dataset() if self.lesson.data == "circle_area_points" \
                else None
            if dataset is not None:
                from dataclasses import replace
                settings = replace(settings, dataset="circle_area")
            return Session(settings, dataset)
        except NNVizError as e:
            raise LessonError(f"{self.lesson.source}: start: settings: {e}") from None

    def leave(self) -> bool:
        """Give the user's session back. Returns whether one was restored."""
        if not self.active:
            return False
        saved, self._saved = self._saved, None
        self.active = False
        s = self.session
        s.pause()
        restored = False
        if saved is not None:
            s.set_locked(())
            s.replace_with(saved["session"], keep_undo=True)
            s.set_locked(saved["locked"])
            try:
                self._put_step_state(saved["step"])
            except NNVizError:
                pass
            if saved["selection"] is not None:
                s.select(saved["selection"])
            s.select_sample(saved["sample"])
            restored = True
        self.index = -1
        self.events.emit("finished", restored=restored)
        return restored

    # -- moving -------------------------------------------------------------------------
    def next(self) -> bool:
        return self.goto(self.index + 1)

    def back(self) -> bool:
        return self.goto(self.index - 1)

    def restart(self):
        saved = self._saved
        self.start()
        self._saved = saved

    def goto(self, k: int) -> bool:
        """Show step ``k`` (0-based) as it looks after its actions ran."""
        k = int(k)
        if not self.active or not 0 <= k < self.count or k == self.index:
            return False
        if k in self._states:
            self._restore(k)
        else:
            for j in range(max(self._states, default=-1) + 1, k + 1):
                if j - 1 in self._states and self.index != j - 1:
                    self._restore(j - 1)
                self._enter(j)
            return True
        return True

    def _enter(self, k):
        self.index = k
        for i, action in enumerate(self.lesson.steps[k].actions, start=1):
            try:
                self._run(action)
            except LessonError:
                raise
            except (NNVizError, ValueError, KeyError) as e:
                raise LessonError(f"{self.lesson.source}: step {k + 1}: do[{i}].{action.kind}: "
                                  f"{str(e)[:200]}") from None
        self._states[k] = {"state": self.session.to_state(), "step": self._step_state(),
                           "selection": self.session.selection,
                           "sample": self.session.sample_index,
                           "view": (self.workspace, list(self.highlight), self.surface,
                                    self.present)}
        self._emit_view()
        self.events.emit("step", index=k, count=self.count)

    def _restore(self, k):
        from ..session import Session
        d = self._states[k]
        s = self.session
        s.set_locked(())
        s.replace_with(Session.from_state(d["state"]))
        s.set_locked(self.lesson.locked)
        self._put_step_state(d["step"])
        s.select(d["selection"])
        s.select_sample(d["sample"])
        self.workspace, highlight, self.surface, self.present = d["view"]
        self.highlight = list(highlight)
        if self.surface:
            s.surface.set_plane(mode="params", names=self._engine_names(self.surface))
        self.index = k
        self._emit_view()
        self.events.emit("step", index=k, count=self.count)

    def _emit_view(self):
        self.events.emit("view", changed=frozenset({"workspace", "highlight", "surface",
                                                    "present"}),
                         workspace=self.workspace, highlight=list(self.highlight),
                         surface=self.surface, present=self.present)

    # -- actions ------------------------------------------------------------------------
    def _unlocked(self, fn):
        s = self.session
        locked = set(s.locked)
        s.set_locked(())
        try:
            return fn()
        finally:
            s.set_locked(locked)

    def _run(self, a):
        s, st, v = self.session, self.session.stepthrough, a.arg
        if a.kind == "set":
            changes = {k: (tuple(x) if isinstance(x, list) else x) for k, x in v.items()}
            self._unlocked(lambda: s.set(**changes))
        elif a.kind == "params":
            entries = []
            for label, value in v.items():
                name, idx = parse_param_label(label)
                entries.append((name, idx, float(value)))
            s.set_params(entries, "Lesson: set parameters")
        elif a.kind == "reset":
            s.reset()
        elif a.kind == "train":
            # a fixed number of epochs may end in divergence: lessons show it
            self._train_to(lambda: s.trainer.epoch >= v or s.trainer.diverged,
                           int(v) - s.trainer.epoch, f"epoch {int(v)}")
        elif a.kind in ("train_until_loss", "train_until_accuracy"):
            within = int(a.opts.get("within", 20_000))
            if a.kind == "train_until_loss":
                def goal():
                    return s.trainer.epoch > 0 and s.current_metrics()["train_loss"] <= v
                what = f"a training loss ≤ {v:g}"
            else:
                def goal():
                    return s.trainer.epoch > 0 and s.current_metrics()["train_metric"] >= v
                what = f"a training accuracy ≥ {v:g}"
            self._train_to(goal, within, what)
        elif a.kind == "mode":
            if v == "expression":
                st.set_mode("expression", text=a.opts["expression"],
                            values=a.opts.get("values", ""))
            else:
                st.set_mode(v, granularity=a.opts.get("granularity", st.granularity))
        elif a.kind == "step_to":
            phase = a.opts.get("phase", "forward")
            hits = [x.index for x in st.trace if x.node == v and x.phase == phase
                    and (phase != "backward" or x.complete)]
            if not hits:
                raise LessonError(self._here(a, f"no {phase} step for node {v[:40]!r} "
                                                f"(nodes: {', '.join(st.trace.names[:12])})"))
            st.seek(hits[0] + 1)
        elif a.kind == "phase":
            tr = st.trace
            ends = {"start": 0, "forward": tr.phase_range("forward").stop,
                    "backward": tr.phase_range("backward").stop or
                    tr.phase_range("forward").stop, "update": len(tr), "end": len(tr)}
            st.seek(ends[v])
        elif a.kind == "workspace":
            self.workspace = v
        elif a.kind == "select":
            s.select(self.ref(v))
        elif a.kind == "highlight":
            names = [v] if isinstance(v, str) else v
            self.highlight = [self.ref(n) for n in names]
        elif a.kind == "surface":
            s.surface.set_plane(mode="params", names=self._engine_names(v))
            self.surface = tuple(v)
        elif a.kind == "rewind":
            rewind = getattr(s, "rewind", None)
            if rewind is None:
                raise LessonError(self._here(a, "this version of nnviz cannot rewind the "
                                                "timeline (no Session.rewind)"))
            rewind(int(v))
        elif a.kind == "sample":
            n = len(s.dataset.train_idx)
            if not 1 <= v <= n:
                raise LessonError(self._here(a, f"sample {v} of {n}: out of range"))
            s.select_sample(int(v) - 1)
        elif a.kind == "present":
            self.present = bool(v)

    def _here(self, a, msg):
        i = self.lesson.steps[self.index].actions.index(a) + 1
        return f"{self.lesson.source}: step {self.index + 1}: do[{i}].{a.kind}: {msg}"

    def _train_to(self, goal, bound, what):
        # The step-through would rebuild its graph after every chunk: pause it.
        st = self.session.stepthrough
        active = st.active
        st.set_active(False)
        try:
            self._train_loop(goal, bound, what)
        finally:
            st.set_active(active)

    def _train_loop(self, goal, bound, what):
        s = self.session
        left = max(0, int(bound))
        while not goal():
            if s.trainer.diverged:
                raise NNVizError(f"training diverged before reaching {what}")
            if left <= 0:
                m = s.current_metrics()
                raise NNVizError(f"unreachable: {what} is not met within the bound "
                                 f"(epoch {s.trainer.epoch}, loss {m['train_loss']:.4g}, "
                                 f"accuracy {m['train_metric']:.4g})")
            if self._deadline is not None and time.perf_counter() > self._deadline:
                raise NNVizError(f"unreachable in time: {what} not met after "
                                 f"{VALIDATE_SECONDS:g} s of training")
            n = min(CHUNK_EPOCHS, left)
            s.train_epochs(n)
            left -= n

    def _engine_names(self, labels):
        out = []
        for label in labels:
            name, idx = parse_param_label(label)
            out.append(f"{name}[{','.join(map(str, idx))}]")
        return tuple(out)

    def ref(self, name: str):
        """A name users see (``h1.2``, ``z1.2``, ``x1``, ``ŷ1``, ``w1[1→2]``,
        ``b1[2]``, or a step-through node such as ``p1[1→2]``) → a network ref."""
        net = self.session.net
        L = len(net.layers)
        sizes = net.sizes
        m = _UNIT.fullmatch(name.strip())
        if m:
            head, layer, unit = m.group(1), m.group(2), int(m.group(3))
            l = 0 if head == "x" else L if head in ("ŷ", "y") else int(layer)
            if 0 <= l <= L and 1 <= unit <= sizes[l]:
                return ("neuron", l, unit - 1)
            raise NNVizError(f"this network has no unit {name[:40]!r}")
        try:
            pname, idx = parse_param_label(name)
        except ValueError:
            pname = None
        if pname is not None:
            arr = net.params.get(pname)
            if arr is None or len(idx) != arr.ndim or any(
                    not 0 <= i < n for i, n in zip(idx, arr.shape)):
                raise NNVizError(f"this network has no parameter {name[:40]!r}")
            l = int(pname[1:])
            return ("edge", l, *idx) if pname[0] == "W" else ("bias", l, idx[0])
        trace = self.session.stepthrough.trace
        refs = [x.ref for x in trace if x.node == name and x.ref]
        if refs:
            return tuple(refs[0])
        if name in trace.names:
            return name            # a graph node with no network element (q, total, L)
        raise NNVizError(f"no unit, parameter or graph node named {name[:40]!r}")

    # -- questions --------------------------------------------------------------------------
    def engine_answer(self):
        """The current question's answer as the engine computes it: a number
        (number), "+"/"-"/"0" (sign) or the 1-based choice."""
        q = self.question
        if q is None:
            return None
        if q.kind == "choice":
            return q.answer
        v = self.values.number(q.answer)
        return v if q.kind == "number" else _sign(v)

    def reveal(self) -> Verdict:
        return self.answer(None)

    def answer(self, given) -> Verdict:
        """Judge ``given`` (text or number; None: just reveal) and record it."""
        q = self.question
        if q is None:
            raise LessonError("this step has no question")
        truth = self.engine_answer()
        correct = False
        if q.kind == "number":
            shown = format_number(truth, ".6g")
            if given is not None and str(given).strip():
                try:
                    g = float(parse_number(str(given).replace("\u2212", "-"), "answer"))
                    correct = math.isfinite(g) and abs(g - truth) <= q.tolerance
                except (NumberError, NNVizError):
                    correct = False
        elif q.kind == "sign":
            shown = {"+": "+", "-": "\u2212", "0": "0"}[truth] + \
                f"  ({format_number(self.values.number(q.answer), '.6g')})"
            g = str(given or "").strip().replace("\u2212", "-")
            correct = g == truth
        else:
            shown = self.values.render(pick(q.choices[truth - 1], self.lang))
            try:
                correct = int(given) == truth
            except (TypeError, ValueError):
                correct = False
        v = Verdict(correct, "" if given is None else str(given), shown,
                    self.values.render(pick(q.why, self.lang)))
        self.answers[self.index] = v
        self.events.emit("answer", index=self.index, correct=correct)
        return v


# -- files ---------------------------------------------------------------------------------
def lesson_paths() -> list[Path]:
    """The shipped lesson files, in teaching order (by file name)."""
    from ..paths import resource_path
    try:
        root = resource_path("lessons")
    except FileNotFoundError:
        return []
    return sorted(p for p in root.glob("*.toml") if p.is_file())


def shipped_lessons() -> list[Lesson]:
    """Every shipped lesson, read and statically checked (fast)."""
    return [read_lesson_file(p) for p in lesson_paths()]


_VALIDATED: dict[str, str] = {}


def _fingerprint(lesson: Lesson) -> str:
    return hashlib.sha256(repr(lesson).encode("utf-8")).hexdigest()


def validate(lesson: Lesson, seconds: float = VALIDATE_SECONDS, force=False) -> None:
    """Play ``lesson`` on a scratch session from start to end; LessonError
    naming file, step and field at the first problem. Cached per content."""
    key = _fingerprint(lesson)
    if not force and key in _VALIDATED:
        return
    from ..session import Session
    scratch = Session()
    player = LessonPlayer(scratch, lesson, deadline=time.perf_counter() + seconds)
    player.start()
    for k in range(lesson.count if hasattr(lesson, "count") else len(lesson.steps)):
        if k:
            player.goto(k)
        _check_step(player, k)
    _VALIDATED[key] = lesson.source


def _check_step(player: LessonPlayer, k: int):
    lesson, step = player.lesson, player.lesson.steps[k]
    where = f"{lesson.source}: step {k + 1}"

    def render(texts, field):
        for lang, t in texts.items():
            try:
                player.values.render(t)
            except (TemplateError, NNVizError) as e:
                raise LessonError(f"{where}: {field}.{lang}: {str(e)[:200]}") from None

    render(step.text, "text")
    for i, c in enumerate(step.checks, start=1):
        try:
            got = player.values.number(c.key)
            want = player.values.number(c.expected) if isinstance(c.expected, str) \
                else c.expected
        except (TemplateError, NNVizError) as e:
            raise LessonError(f"{where}: checks[{i}].value: {str(e)[:200]}") from None
        if not abs(got - want) <= c.tolerance:
            stated = f"{c.expected} (= {want:.10g})" if isinstance(c.expected, str) \
                else f"{want:g}"
            raise LessonError(f"{where}: checks[{i}]: the lesson states {stated} for "
                              f"{c.key} but the engine computes {got:.10g}")
    q = step.question
    if q is None:
        return
    render(q.prompt, "question.prompt")
    render(q.why, "question.why")
    for i, c in enumerate(q.choices, start=1):
        render(c, f"question.choices[{i}]")
    try:
        truth = player.engine_answer()
    except (TemplateError, NNVizError) as e:
        raise LessonError(f"{where}: question.answer: {str(e)[:200]}") from None
    if q.expected is not None:
        ok = abs(truth - q.expected) <= q.tolerance if q.kind == "number" \
            else truth == q.expected
        if not ok:
            raise LessonError(f"{where}: question.expected: the lesson expects {q.expected} "
                              f"but the engine computes {truth}")


def load_lesson(source, check=True) -> Lesson:
    """A lesson by shipped id or by file path, checked completely (played once
    on a scratch session) unless ``check`` is False."""
    p = Path(str(source))
    if not p.suffix and not p.exists():
        found = [x for x in lesson_paths() if read_lesson_file(x).id == str(source)]
        if not found:
            ids = ", ".join(read_lesson_file(x).id for x in lesson_paths())
            raise LessonError(f"no lesson {str(source)[:60]!r}; shipped: {ids}")
        p = found[0]
    lesson = read_lesson_file(p)
    if check:
        validate(lesson)
    return lesson


__all__ = ["LessonPlayer", "Verdict", "lesson_paths", "load_lesson", "shipped_lessons",
           "validate"]
