"""Translations (issue #13): catalogues complete and up to date with the code,
the window in Chinese, core messages translated, View ▸ Language."""
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "update_translations.py"


def _tool():
    spec = importlib.util.spec_from_file_location("update_translations", TOOL)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture
def chinese(qapp):
    """Install a language for one test, English again afterwards."""
    from nnviz import i18n
    yield lambda lang: i18n.install(qapp, lang)
    i18n.install(qapp, "en")


def test_catalogues_complete_and_up_to_date():
    """lupdate into a temporary copy finds exactly the committed messages, all
    finished; glossary terms used consistently; .qm files compiled from the
    .ts; no user-visible literal skips tr()."""
    problems = _tool().check()
    assert not problems, "run: python tools/update_translations.py\n" + "\n".join(problems)


def test_glossary_and_catalogue_files():
    tool = _tool()
    g = tool.load_glossary()
    assert len(g["term"]) >= 40
    for t in g["term"]:
        assert t["en"] and t["zh_CN"] and t["zh_TW"], t
    for lang in ("zh_CN", "zh_TW"):
        _, msgs = tool.read_ts(tool.ts_path(lang))
        assert len(msgs) > 400
        assert not [m.source for m in msgs if m.unfinished]


def test_glossary_check_catches_a_wrong_term():
    tool = _tool()
    _, msgs = tool.read_ts(tool.ts_path("zh_TW"))
    m = next(m for m in msgs if m.source == "Cannot change the learning rate")
    m.translation = "無法修改學習速度"
    n = next(m for m in msgs if m.source == "Network")
    n.translation = "網絡"
    problems = tool.glossary_problems("zh_TW", msgs, tool.load_glossary())
    assert any("learning rate" in p for p in problems)
    assert any("網絡" in p for p in problems)


def test_language_names_and_system_locale():
    from PySide6.QtCore import QLocale

    from nnviz import i18n
    assert i18n.normalize_language("zh-Hant-TW") == "zh_TW"
    assert i18n.normalize_language("zh_HK") == "zh_TW"
    assert i18n.normalize_language("zh_SG") == "zh_CN"
    assert i18n.normalize_language("en_GB.UTF-8") == "en"
    assert i18n.normalize_language("fr_FR") is None
    assert i18n.system_language(QLocale("zh_CN")) == "zh_CN"
    assert i18n.system_language(QLocale("zh_TW")) == "zh_TW"
    assert i18n.system_language(QLocale("zh_HK")) == "zh_TW"
    assert i18n.system_language(QLocale("de_DE")) == "en"
    assert set(i18n.available_languages()) == {"en", "zh_CN", "zh_TW"}


def test_saved_choice_is_used_when_no_flag(qapp, chinese):
    from PySide6.QtCore import QSettings

    from nnviz import i18n
    QSettings().setValue("view/language", "zh_TW")
    assert chinese(None) == "zh_TW"
    assert i18n.tr("&File") == "檔案(&F)"
    assert chinese("zh_CN") == "zh_CN"          # --lang overrides the saved choice
    assert i18n.tr("&File") == "文件(&F)"


@pytest.mark.parametrize("lang, titles", [
    ("zh_CN", ["文件(&F)", "编辑(&E)", "训练(&T)", "视图(&V)", "帮助(&H)"]),
    ("zh_TW", ["檔案(&F)", "編輯(&E)", "訓練(&T)", "檢視(&V)", "說明(&H)"]),
])
def test_window_menus_in_chinese(qapp, chinese, session, lang, titles):
    from nnviz import i18n
    from nnviz.main_window import MainWindow
    chinese(lang)
    win = MainWindow(session, restore_layout=False)
    win._quitting_ok = True
    menu_titles = [a.text() for a in win.menuBar().actions()]
    for t in titles:
        assert t in menu_titles
    sub = i18n.language_menu(win)
    assert sub.title() in ("语言(&L)", "語言(&L)")
    names = [a.text() for a in sub.actions()]
    assert names == ["English", "简体中文", "繁體中文"]
    assert win.language_actions[lang].isChecked()
    win.close()


def test_language_menu_remembers_choice_with_note(qapp, session, monkeypatch):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from nnviz import i18n
    from nnviz.main_window import MainWindow
    win = MainWindow(session, restore_layout=False)
    win._quitting_ok = True
    notes = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text: notes.append(text))
    i18n.language_menu(win)
    win.language_actions["zh_CN"].trigger()
    assert QSettings().value("view/language") == "zh_CN"
    assert notes and "starts again" in notes[0]
    assert "重新启动" in notes[0]          # said in the chosen language too
    win.close()


def test_core_messages_translated(qapp, chinese):
    from nnviz.i18n_messages import translate_message as t
    chinese("zh_CN")
    assert t("learning rate must be above 0 and at most 1e+06, got '-1'") == \
        "学习率必须大于 0 且不超过 1e+06，而不是 '-1'"
    assert t("noise: 'abc' is not a number") == "噪声：'abc' 不是数字"
    msg = t("Training diverged: the loss became inf at step 12. The learning rate 10 is "
            "probably too large — try 1. The last finite parameters were kept.")
    assert msg.startswith("训练发散：损失在第 12 步变成了 inf。")
    assert "试试 1" in msg
    assert t("Change learning rate to 0.01") == "把学习率改为 0.01"
    assert t("something core says that nobody translated") == \
        "something core says that nobody translated"
    chinese("zh_TW")
    assert t("[Errno 2] No such file or directory: 'x.nnviz'") == "檔案不存在：'x.nnviz'"


def test_screenshot_in_chinese(tmp_path):
    """The command-line contract: --lang zh_CN --screenshot renders a picture."""
    out = tmp_path / "zh.png"
    r = subprocess.run([sys.executable, "-m", "nnviz", "--lang", "zh_TW", "--steps", "5",
                        "--size", "1024x768", "--screenshot", str(out)],
                       cwd=ROOT, capture_output=True, text=True, timeout=120,
                       env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert r.returncode == 0, r.stderr
    assert out.stat().st_size > 10_000
