"""Lessons, headless: every shipped lesson plays start to end without a window,
each question's revealed answer is the engine's, every stated number agrees
with the engine, and broken lessons fail when opened, naming file, step and field."""
from __future__ import annotations

import re

import numpy as np
import pytest

from core.data import circle_area_dataset
from core.graph import examples
from core.lessons import CURRICULUM_IDS, LessonError, LessonPlayer, parse_lesson, shipped_lessons
from core.lessons.player import validate
from core.lessons.templates import TemplateError, format_number, template_keys
from core.limits import LIMITS
from core.session import Session
from core.settings import Settings

LESSONS = shipped_lessons()
IDS = [lesson.id for lesson in LESSONS]


def by_id(lid):
    return next(x for x in LESSONS if x.id == lid)


def play(lesson):
    """(player, {step: verdict}) after playing every step and revealing every answer."""
    player = LessonPlayer(Session(), lesson)
    player.start()
    revealed = {}
    for k in range(player.count):
        player.goto(k)
        for lang in ("en", "zh_CN", "zh_TW"):
            assert "{" not in player.text(lang).replace("{input_dim", "")
        if player.question is not None:
            revealed[k] = (player.engine_answer(), player.reveal())
    return player, revealed


# -- the curriculum as a whole -----------------------------------------------------
def test_at_least_12_lessons_cover_all_21_curriculum_items_each_with_a_question():
    assert len(LESSONS) >= 12
    covered = {c for lesson in LESSONS for c in lesson.covers}
    assert covered == set(CURRICULUM_IDS) and len(CURRICULUM_IDS) == 21
    for lesson in LESSONS:
        assert any(s.question for s in lesson.steps), lesson.id
    assert len(set(IDS)) == len(IDS)


# -- every shipped lesson, start to end --------------------------------------------------
@pytest.mark.parametrize("lid", IDS)
def test_lesson_validates_and_plays_start_to_end(lid):
    lesson = by_id(lid)
    validate(lesson, force=True)          # all checks and expected answers, both languages
    player, revealed = play(lesson)
    for k, (truth, verdict) in revealed.items():
        q = lesson.steps[k].question
        # the reveal shows the engine's value, and the engine's value is judged right
        if q.kind == "number":
            assert verdict.value == format_number(truth, ".6g")
            assert player.goto(k) or player.index == k
            assert player.answer(repr(truth)).correct
            assert not player.answer(repr(truth + 10 * q.tolerance + 1)).correct
        elif q.kind == "sign":
            assert player.goto(k) or player.index == k
            assert player.answer(truth).correct
        else:
            assert player.goto(k) or player.index == k
            assert player.answer(q.answer).correct
            assert not player.answer(q.answer % len(q.choices) + 1).correct


def test_stated_numbers_are_checked_or_are_inputs():
    """Numbers written into texts (not live values) are the curriculum's inputs
    or appear in a check/expected answer of the same lesson, which the engine
    then confirms (test above)."""
    number = re.compile(r"(?<![\w.\[→^])[−-]?\d+(?:\.\d+)?(?:e[−-]?\d+)?")
    for lesson in LESSONS:
        known = set()
        for st in lesson.steps:
            for c in st.checks:
                known.add(float(c.expected) if not isinstance(c.expected, str) else None)
            if st.question and isinstance(st.question.expected, float):
                known.add(st.question.expected)
        raw = repr(lesson.settings) + repr([a for s in lesson.steps for a in s.actions])
        known |= {float(x) for x in re.findall(r"\d+(?:\.\d+)?", raw)}
        for st in lesson.steps:
            texts = [st.text["en"]] + ([st.question.why["en"]] if st.question else [])
            for text in texts:
                plain = re.sub(r"\{[^{}]*\}", "", text)
                for m in number.findall(plain):
                    v = abs(float(m.replace("−", "-")))
                    ok = v <= 10 or v in known or v in INPUTS
                    assert ok, f"{lesson.id}: {m} in {text[:60]!r} is neither live nor checked"


# Numbers that are inputs to an example, not results (curriculum and formulas).
INPUTS = {100, 150, 1.1, 0.1, 1e-4, 1e-5, 1e-6, 0.001, 3.14, 1.4, 12.56, 314, 1256, 20, 400,
          3000, 95, 50, 75, 600, 200, 0.5, 0.8, 0.3, 0.9, 2.5, 0.01, 0.02, 0.2, 0.00005, 1.5,
          25, 18, 6.15, 12, 11, 30}


# -- the numbers the curriculum pins ------------------------------------------------------------
def test_quoted_numbers_match_curriculum_and_engine():
    _, rev = play(by_id("graph-e1"))
    assert [t for t, _ in rev.values()] == [3.0, -4.0, "-"]
    trace = examples.e1().run()
    grads = {s.node: s.grad for s in trace if s.phase == "backward" and s.complete}
    assert grads["x"] == grads["y"] == -4 and grads["z"] == 3
    _, rev = play(by_id("shopping-e2"))
    assert [round(t, 9) for t, _ in rev.values()] == [650.0, 2.2]
    _, rev = play(by_id("sigmoid"))
    assert rev[1][0] == pytest.approx(0.19661193, abs=1e-8)
    assert rev[3][0] == 0.5
    _, rev = play(by_id("shapes-count"))
    assert [t for t, _ in rev.values()] == [2, 43, 200]
    _, rev = play(by_id("moons-deep"))
    assert rev[0][0] == 117
    _, rev = play(by_id("circle-area"))
    ds = circle_area_dataset()
    w = np.linalg.lstsq(np.c_[ds.X ** 2, np.ones(5)], ds.y, rcond=None)[0][0]
    assert rev[0][0] == pytest.approx(w, abs=1e-3) and abs(rev[0][0] - 3.14) < 0.01


def test_softmax_ce_gradient_is_y_hat_minus_y_in_the_lesson():
    player = LessonPlayer(Session(), by_id("softmax-backprop"))
    player.start()
    player.goto(2)
    v = player.values
    yhat, y = np.asarray(v.get("value:ŷ")), np.asarray(v.get("value:y"))
    np.testing.assert_allclose(v.get("grad:z2"), yhat - y, atol=1e-12)


# -- leaving gives the session back ------------------------------------------------------------
def test_leave_restores_the_users_session_and_back_replays_exactly():
    s = Session(Settings(dataset="circles", hidden=(3,), activations=("relu",), lr=0.1))
    s.train_epochs(7)
    s.path, theta, hist = "/tmp/mine.nnviz", s.net.theta.copy(), len(s.history)
    events = []
    lesson = by_id("line-bowl")
    p = LessonPlayer(s, lesson)
    p.events.connect("step", lambda e: events.append(e.info["index"]))
    p.start()
    assert s.settings.dataset == "line" and "dataset" in s.locked
    with pytest.raises(Exception, match="keeps dataset fixed"):
        s.set(dataset="moons")
    p.next()
    loss2 = s.current_metrics()["train_loss"]
    p.next()
    assert s.diverged
    p.back()
    assert not s.diverged and s.current_metrics()["train_loss"] == pytest.approx(loss2, rel=1e-9)
    assert p.progress() == (2, lesson.count if hasattr(lesson, "count") else 4)
    assert events == [0, 1, 2, 1]
    assert p.leave()
    assert s.settings.dataset == "circles" and not s.locked and s.path == "/tmp/mine.nnviz"
    np.testing.assert_array_equal(s.net.theta, theta)
    assert len(s.history) == hist


def test_rewind_action_calls_the_session_timeline():
    if not hasattr(Session, "rewind"):
        pytest.skip("Session.rewind (the timeline API) is not integrated yet")
    p = LessonPlayer(Session(), by_id("line-bowl"))
    p.start()
    p.goto(2)
    assert p.session.trainer.epoch == 7          # rewound to 0, then diverged at 7


# -- broken lessons ----------------------------------------------------------------------------
GOOD = '''
id = "t"
covers = ["E1"]
title.en = "T"
title.zh_CN = "T"
[start]
workspace = "backprop"
stepthrough = { mode = "e1" }
[[steps]]
text.en = "one"
text.zh_CN = "一"
[[steps]]
text.en = "q = {value:q}"
text.zh_CN = "q = {value:q}"
do = [ { phase = "forward" } ]
'''


def broken(old, new):
    assert old in GOOD
    return GOOD.replace(old, new)


@pytest.mark.parametrize("text, message", [
    (broken('text.zh_CN = "一"', ''), r"t\.toml: step 1: text\.zh_CN: missing translation"),
    (broken('{ phase = "forward" }', '{ set = { learning_rate = 1 } }'),
     r"t\.toml: step 2: do\[1\]\.set\.learning_rate: unknown setting"),
    (broken('{ phase = "forward" }', '{ fly = 1 }'), r"step 2: do\[1\]: name exactly one"),
    (broken('covers = ["E1"]', 'covers = ["E99"]'), r"t\.toml: covers: unknown curriculum"),
    (broken('"q = {value:q}"', '"q = {valu:q}"'), r"step 2: text\.en: unknown live value"),
    (broken('workspace = "backprop"', 'workspace = "cellar"'), r"start: workspace"),
    ("id = ", r"not valid TOML"),
])
def test_static_errors_name_file_step_and_field(text, message):
    with pytest.raises(LessonError, match=message):
        parse_lesson(text, "t.toml")


@pytest.mark.parametrize("text, message", [
    (broken('{value:q}"\ndo', '{value:q9}"\ndo'),
     r"t\.toml: step 2: text\.zh_CN: no node 'q9' in the step-through graph"),
    (broken('{ phase = "forward" }', '{ step_to = "nowhere", phase = "backward" }'),
     r"t\.toml: step 2: do\[1\]\.step_to: no backward step for node 'nowhere'"),
    (broken('stepthrough = { mode = "e1" }',
            'settings = { dataset = "xor", hidden = [2], activations = ["identity"] }'
            '\nstepthrough = { mode = "e1" }').replace(
        '{ phase = "forward" }', '{ train_until_accuracy = 0.99, within = 50 }'),
     r"t\.toml: step 2: do\[1\]\.train_until_accuracy: unreachable: .*within the bound"),
    (broken('do = [ { phase = "forward" } ]',
            'do = [ { phase = "forward" } ]\nchecks = [ { value = "value:f", is = -13 } ]'),
     r"step 2: checks\[1\]: the lesson states -13 .* engine computes -12"),
    (broken('do = [ { phase = "forward" } ]', 'do = [ { phase = "forward" } ]\n'
            '[steps.question]\nkind = "number"\nprompt.en = "?"\nprompt.zh_CN = "？"\n'
            'why.en = "."\nwhy.zh_CN = "。"\nanswer = "grad:x"\ntolerance = 0\nexpected = 4'),
     r"step 2: question\.expected: the lesson expects 4.0 but the engine computes -4"),
])
def test_played_errors_name_file_step_and_field(text, message):
    lesson = parse_lesson(text, "t.toml")
    with pytest.raises(LessonError, match=message):
        validate(lesson, force=True)


def test_limits(tmp_path):
    big = tmp_path / "big.toml"
    big.write_text(GOOD + "#" * int(LIMITS["lesson_bytes"].hi))
    from core.lessons import read_lesson_file
    with pytest.raises(LessonError, match="big.toml: .*bytes"):
        read_lesson_file(big)
    with pytest.raises(LessonError, match="not an ordinary file"):
        read_lesson_file(tmp_path)
    many = GOOD + ('[[steps]]\ntext.en = "x"\ntext.zh_CN = "x"\n' * 40)
    with pytest.raises(LessonError, match="steps: 42 steps; at most 40"):
        parse_lesson(many, "t.toml")
    long = broken('text.en = "one"', 'text.en = "' + "a" * 10_001 + '"')
    with pytest.raises(LessonError, match="step 1: text.en: 10,001 characters"):
        parse_lesson(long, "t.toml")


def test_templates():
    assert template_keys("{grad:z1.1|.3f} {{x}} {loss}") == ["grad:z1.1", "loss"]
    with pytest.raises(TemplateError, match="lone"):
        template_keys("a } b")
    with pytest.raises(TemplateError, match="format"):
        template_keys("{loss|%d}")
    assert format_number(-4.0) == "−4" and format_number(0.125, ".2f") == "0.12"
    assert format_number(np.array([1.0, -2.5])) == "[1, −2.5]"


# -- 繁體中文 (zh_TW): optional, complete in the shipped lessons, else zh_CN ---------------------
def all_texts(lesson):
    """(field, {lang: text}) for every translated text of a lesson."""
    yield "title", lesson.title
    yield "summary", lesson.summary
    for k, st in enumerate(lesson.steps, start=1):
        yield f"step {k}: text", st.text
        q = st.question
        if q is not None:
            yield f"step {k}: question.prompt", q.prompt
            yield f"step {k}: question.why", q.why
            for i, c in enumerate(q.choices, start=1):
                yield f"step {k}: question.choices[{i}]", c


PLACEHOLDER = re.compile(r"\{\{|\}\}|\{[^{}]*\}")
# What differs between Simplified and Traditional: Han characters, CJK and
# full-width punctuation, and the quotation marks (“” → 「」). Everything else
# (formulas, numbers, Latin and Greek letters, {live values}) must be equal.
HAN_AND_PUNCTUATION = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’]")


@pytest.mark.parametrize("lid", IDS)
def test_shipped_lesson_has_zh_tw_for_every_zh_cn_text(lid):
    lesson = by_id(lid)
    for where, texts in all_texts(lesson):
        assert set(texts) == {"en", "zh_CN", "zh_TW"}, f"{lid}: {where}"
        assert texts["zh_TW"].strip(), f"{lid}: {where}: no zh_TW"


@pytest.mark.parametrize("lid", IDS)
def test_placeholders_and_formulas_are_identical_across_languages(lid):
    for where, texts in all_texts(by_id(lid)):
        keys = {lang: sorted(template_keys(t)) for lang, t in texts.items()}
        assert keys["en"] == keys["zh_CN"] == keys["zh_TW"], f"{lid}: {where}"
        # zh_TW is zh_CN in other characters: {…} byte-identical and in the same
        # order, and every formula, number and symbol unchanged
        cn, tw = texts["zh_CN"], texts["zh_TW"]
        assert PLACEHOLDER.findall(cn) == PLACEHOLDER.findall(tw), f"{lid}: {where}"
        assert HAN_AND_PUNCTUATION.sub("", cn) == HAN_AND_PUNCTUATION.sub("", tw), \
            f"{lid}: {where}"


def test_zh_tw_texts_use_taiwan_terms():
    """The glossary's mainland forms ([zh_TW.avoid]) never appear in zh_TW texts;
    quotation marks are 「」."""
    import tomllib

    from core.paths import resource_path
    with open(resource_path("translations", "glossary.toml"), "rb") as f:
        glossary = tomllib.load(f)
    avoid = glossary["zh_TW"]["avoid"]
    for lesson in LESSONS:
        for where, texts in all_texts(lesson):
            tw = texts["zh_TW"]
            for bad, good in avoid.items():
                assert bad not in tw, f"{lesson.id}: {where}: {bad} (write {good})"
            assert not set("“”‘’") & set(tw), f"{lesson.id}: {where}: use 「」"
            for simplified in ("网", "数据", "学习率", "权重", "传播"):
                assert simplified not in tw, f"{lesson.id}: {where}: {simplified}"


def test_lesson_without_zh_tw_falls_back_to_zh_cn():
    lesson = parse_lesson(GOOD, "t.toml")
    assert "zh_TW" not in lesson.title and "zh_TW" not in lesson.steps[0].text
    player = LessonPlayer(Session(), lesson, lang="zh_TW")
    player.start()
    assert player.title() == "T" and player.text() == "一"
    from core.lessons.format import pick
    assert pick({"en": "a", "zh_CN": "乙"}, "zh_TW") == "乙"
    assert pick({"en": "a", "zh_CN": "乙", "zh_TW": "丙"}, "zh_TW") == "丙"
    assert pick({"en": "a", "zh_CN": "乙", "zh_TW": "丙"}, "zh_CN") == "乙"
    assert pick({"en": "a", "zh_CN": "乙"}, "fr") == "a"


def test_zh_tw_is_read_and_checked_like_the_others():
    text = broken('text.zh_CN = "一"', 'text.zh_CN = "一"\ntext.zh_TW = "壹"')
    text = text.replace('title.zh_CN = "T"', 'title.zh_CN = "T"\ntitle.zh_TW = "丁"')
    lesson = parse_lesson(text, "t.toml")
    assert lesson.title["zh_TW"] == "丁" and lesson.steps[0].text["zh_TW"] == "壹"
    assert lesson.steps[1].text == {"en": "q = {value:q}", "zh_CN": "q = {value:q}"}
    player = LessonPlayer(Session(), lesson, lang="zh_TW")
    player.start()
    assert player.title() == "丁" and player.text() == "壹"
    player.goto(1)
    assert player.text() == "q = 3"                # no zh_TW: the zh_CN text
    with pytest.raises(LessonError, match=r"t\.toml: step 1: text\.zh_TW: missing translation"):
        parse_lesson(broken('text.zh_CN = "一"', 'text.zh_CN = "一"\ntext.zh_TW = " "'),
                     "t.toml")
    with pytest.raises(LessonError, match=r"step 2: text\.zh_TW: unknown live value"):
        parse_lesson(broken('text.zh_CN = "q = {value:q}"',
                            'text.zh_CN = "q = {value:q}"\ntext.zh_TW = "q = {valu:q}"'),
                     "t.toml")
    with pytest.raises(LessonError, match=r"step 1: text: unknown language\(s\) zh_HK"):
        parse_lesson(broken('text.zh_CN = "一"', 'text.zh_CN = "一"\ntext.zh_HK = "一"'),
                     "t.toml")
    played = parse_lesson(broken('text.zh_CN = "q = {value:q}"',
                                 'text.zh_CN = "q = {value:q}"\ntext.zh_TW = "q = {value:q9}"'),
                          "t.toml")
    with pytest.raises(LessonError, match=r"step 2: text\.zh_TW: no node 'q9'"):
        validate(played, force=True)


def test_lesson_language_and_the_lessons_listing(capsys):
    from core.lessons.format import lesson_language
    from nnviz.app import list_lessons
    assert [lesson_language(x) for x in ("en", "zh_CN", "zh_TW", "", None)] == \
        ["en", "zh_CN", "zh_TW", "en", "en"]
    assert list_lessons("zh_TW") == 0
    lines = dict(line.split("\t", 1) for line in capsys.readouterr().out.splitlines())
    assert lines["graph-e1"] == by_id("graph-e1").title["zh_TW"] == "計算圖：f = (x + y)·z"
    assert lines["sigmoid"] == "Sigmoid 函數：斜率與飽和"
    assert list_lessons("zh_CN") == 0
    lines = dict(line.split("\t", 1) for line in capsys.readouterr().out.splitlines())
    assert lines["graph-e1"] == "计算图：f = (x + y)·z"
