#!/usr/bin/env python3
"""Refresh nnviz's translations: ``python tools/update_translations.py``.

1. ``pyside6-lupdate nnviz -ts resources/translations/nnviz_<lang>.ts`` for
   every language (new strings arrive unfinished, removed ones are dropped);
2. zh_TW messages still unfinished whose zh_CN text is done get a draft made
   by OpenCC (s2twp) and the Taiwan terms of the glossary — only when
   ``opencc`` is importable (a development tool: ``pip install
   opencc-python-reimplemented``), and marked unfinished for review unless
   ``--accept-drafts``;
3. ``pyside6-lrelease`` compiles each ``.ts`` to the ``.qm`` the app loads;
4. a report: message counts, unfinished messages, glossary and lint problems.

Other commands:
  --check                 change nothing; exit 1 when a .ts is out of date with
                          the code, a message is unfinished, a .qm is stale, a
                          glossary term is used inconsistently or a lint rule fails
  --export-unfinished L   print the unfinished messages of language L as JSON
  --import L FILE.json    set translations of language L from {source: text}
                          (finished), then update and compile

Edit translations with Qt Linguist (``pyside6-linguist``) or any text editor;
run this tool afterwards.
"""
from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "nnviz"
TS_DIR = ROOT / "resources" / "translations"
GLOSSARY = TS_DIR / "glossary.toml"
LANGS = ("zh_CN", "zh_TW")


def _tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    if here.exists():
        return str(here)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6 (it ships {name})")
    return found


def ts_path(lang: str, where: Path = TS_DIR) -> Path:
    return where / f"nnviz_{lang}.ts"


def run_lupdate(ts_files: list[Path]) -> None:
    """lupdate over every module of nnviz/, plus a generated module naming the
    tr() calls lupdate cannot see (those inside f-strings)."""
    files = [str(f.relative_to(ROOT)) for f in sorted(SOURCES.rglob("*.py"))]
    with tempfile.TemporaryDirectory() as tmp:
        extra = Path(tmp) / "fstring_messages.py"
        extra.write_text("".join(f"QT_TR_NOOP({text!r})\n"
                                 for text in sorted(fstring_messages())), encoding="utf-8")
        cmd = [_tool("pyside6-lupdate"), *files, str(extra), "-locations", "none",
               "-no-obsolete", "-silent", "-ts", *map(str, ts_files)]
        subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True)


def run_lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
                   check=True, capture_output=True)


# -- reading and writing .ts ---------------------------------------------------
class Message:
    __slots__ = ("context", "source", "comment", "translation", "unfinished", "numerus",
                 "element")

    @property
    def key(self):
        return (self.context, self.source, self.comment)


def read_ts(path: Path) -> tuple[ET.ElementTree, list[Message]]:
    tree = ET.parse(path)
    out = []
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            msg = Message()
            msg.context, msg.element = name, m
            msg.source = m.findtext("source") or ""
            msg.comment = m.findtext("comment") or ""
            t = m.find("translation")
            msg.numerus = m.get("numerus") == "yes"
            forms = [f.text or "" for f in t.iter("numerusform")] if t is not None else []
            msg.translation = (forms[0] if forms else "") if msg.numerus else (
                (t.text or "") if t is not None else "")
            kind = t.get("type") if t is not None else "unfinished"
            msg.unfinished = kind == "unfinished" or not msg.translation
            if kind in ("obsolete", "vanished"):
                continue
            out.append(msg)
    return tree, out


def set_translation(msg: Message, text: str, finished: bool = True) -> None:
    t = msg.element.find("translation")
    if t is None:
        t = ET.SubElement(msg.element, "translation")
    if msg.numerus:
        forms = list(t.iter("numerusform")) or [ET.SubElement(t, "numerusform")]
        for f in forms:
            f.text = text
    else:
        t.text = text
    if finished:
        t.attrib.pop("type", None)
    else:
        t.set("type", "unfinished")
    msg.translation, msg.unfinished = text, not finished


def write_ts(tree: ET.ElementTree, path: Path) -> None:
    """Write, then let lupdate put the file back in its own format."""
    body = ET.tostring(tree.getroot(), encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
                    encoding="utf-8")


# -- what the code asks to translate (independent of lupdate) ------------------
TR_NAMES = {"tr", "QT_TR_NOOP"}


def _literal(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) \
        else None


def fstring_messages(root: Path = SOURCES) -> set[str]:
    """Texts of tr("literal") calls written inside f-strings."""
    out = set()
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for js in ast.walk(tree):
            if not isinstance(js, ast.JoinedStr):
                continue
            for node in ast.walk(js):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id in TR_NAMES and len(node.args) == 1):
                    text = _literal(node.args[0])
                    if text is not None:
                        out.add(text)
    return out


def code_messages(root: Path = SOURCES) -> tuple[set, list[str]]:
    """(set of (context, source, comment) the code translates, problems)."""
    found, problems = set(), []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(ROOT)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else (
                f.attr if isinstance(f, ast.Attribute) else None)
            if name in TR_NAMES and isinstance(f, ast.Name) and node.args:
                text = _literal(node.args[0])
                if text is not None:
                    comment = _literal(node.args[1]) if len(node.args) > 1 else None
                    found.add(("", text, comment or ""))
                elif isinstance(node.args[0], (ast.JoinedStr, ast.BinOp)) or (
                        isinstance(node.args[0], ast.Call)
                        and getattr(node.args[0].func, "attr", "") == "format"):
                    problems.append(f"{rel}:{node.lineno}: tr() of a built string; "
                                    "translate the template, then .format() it")
            elif name == "translate" and len(node.args) >= 2:
                ctx, text = _literal(node.args[0]), _literal(node.args[1])
                if ctx is not None and text is not None:
                    found.add((ctx, text, ""))
    return found, problems


# -- glossary --------------------------------------------------------------------
def load_glossary(path: Path = GLOSSARY) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text).replace("&amp;", "&").replace("&", "")
    return text.lower()


def glossary_problems(lang: str, messages: list[Message], glossary: dict) -> list[str]:
    """A message whose English uses a glossary term must use the term's
    translation; zh_TW must not use the mainland forms the glossary lists."""
    out = []
    terms = glossary.get("term", [])
    avoid = glossary.get("zh_TW", {}).get("avoid", {}) if lang == "zh_TW" else {}
    for m in messages:
        if m.unfinished:
            continue
        src = _plain(m.source)
        for t in terms:
            if not t.get("check", True):
                continue
            forms = [t["en"], *t.get("en_forms", [])]
            if not any(re.search(r"(?<![\w-])" + re.escape(f.lower()) + r"(?![\w-])", src)
                       for f in forms):
                continue
            wanted = [t[lang], *t.get(f"{lang}_alt", [])]
            if not any(w in m.translation for w in wanted):
                out.append(f"{lang}: '{t['en']}' should be '{t[lang]}' in: "
                           f"{m.source!r} → {m.translation!r}")
        for bad, good in avoid.items():
            if bad in m.translation:
                out.append(f"zh_TW: '{bad}' is mainland usage (Taiwan: '{good}') in: "
                           f"{m.translation!r}")
    return out


# -- zh_CN → zh_TW drafts --------------------------------------------------------
def tw_converter(glossary: dict):
    """A function zh_CN text → zh_TW draft, or None without opencc."""
    try:
        import opencc
    except ImportError:
        return None
    conv = opencc.OpenCC("s2twp")
    fixes = dict(glossary.get("zh_TW", {}).get("replace", {}))
    for t in glossary.get("term", []):
        auto = conv.convert(t["zh_CN"])
        if auto != t["zh_TW"]:
            fixes.setdefault(auto, t["zh_TW"])
    order = sorted(fixes, key=len, reverse=True)

    def convert(text: str) -> str:
        out = conv.convert(text)
        for bad in order:
            out = out.replace(bad, fixes[bad])
        return out
    return convert


# -- lint: user-visible literals that skip tr() -----------------------------------
VISIBLE_CALLS = {
    "setText", "setToolTip", "setStatusTip", "setWhatsThis", "setWindowTitle",
    "setPlaceholderText", "setTitle", "showMessage", "setPrefix", "setSuffix",
    "setSpecialValueText", "setTabText", "addTab", "addMenu", "setLabelText",
    "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QToolButton",
    "QAction", "QDockWidget", "QToolBar", "QMenu", "warning", "information",
    "critical", "question", "about", "show_message", "show_error", "show_warning",
}
# Text that is the same in every language (names, symbols, formulas).
_NEUTRAL = re.compile(r"^[\s\W\d_a-zA-Z]{0,3}$|^[^A-Za-z]*$")


def _visible_literal(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values
                       if isinstance(v, ast.Constant) and isinstance(v.value, str))
    else:
        return None
    plain = re.sub(r"<[^>]+>|&\w+;", " ", text)
    words = re.findall(r"[A-Za-z]{3,}", plain)
    if not words or _NEUTRAL.match(plain) or set(words) <= {"nnviz"}:
        return None
    return text


def lint_problems(root: Path = SOURCES) -> list[str]:
    """Literals with English words passed straight to a visible-text call.
    A line ending in ``# i18n: ok`` is exempt (symbols, names, code)."""
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(ROOT)
        src = path.read_text(encoding="utf-8")
        lines = src.splitlines()
        for node in ast.walk(ast.parse(src)):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else (
                f.attr if isinstance(f, ast.Attribute) else None)
            if name not in VISIBLE_CALLS:
                continue
            for arg in node.args:
                text = _visible_literal(arg)
                if text is None:
                    continue
                span = lines[arg.lineno - 1:(arg.end_lineno or arg.lineno)]
                if any("i18n: ok" in s for s in span):
                    continue
                out.append(f"{rel}:{arg.lineno}: {name}({text[:60]!r}) is not translated")
    return out


# -- commands ----------------------------------------------------------------------
def counts(messages: list[Message]) -> tuple[int, int]:
    return len(messages), sum(m.unfinished for m in messages)


def update(accept_drafts: bool = False, imports: dict | None = None,
           redraft: bool = False) -> int:
    TS_DIR.mkdir(parents=True, exist_ok=True)
    glossary = load_glossary()
    run_lupdate([ts_path(lang) for lang in LANGS])
    cn_text = {}
    for lang in LANGS:                     # zh_CN first: zh_TW drafts read it
        tree, msgs = read_ts(ts_path(lang))
        changed = False
        table = (imports or {}).get(lang, {})
        for m in msgs:
            if m.source in table and table[m.source]:
                set_translation(m, table[m.source], True)
                changed = True
        if lang == "zh_TW":
            convert = tw_converter(glossary)
            if convert is None and any(m.unfinished for m in msgs):
                print("note: pip install opencc-python-reimplemented for zh_TW drafts")
            for m in msgs:
                if convert and (m.unfinished or redraft) and m.key in cn_text:
                    set_translation(m, convert(cn_text[m.key]), accept_drafts)
                    changed = True
        if lang == "zh_CN":
            cn_text = {m.key: m.translation for m in msgs if not m.unfinished}
        if changed:
            write_ts(tree, ts_path(lang))
    run_lupdate([ts_path(lang) for lang in LANGS])      # lupdate's own layout
    status = 0
    for lang in LANGS:
        run_lrelease(ts_path(lang), ts_path(lang).with_suffix(".qm"))
        _, msgs = read_ts(ts_path(lang))
        total, unfinished = counts(msgs)
        print(f"{lang}: {total} messages, {unfinished} unfinished")
        problems = glossary_problems(lang, msgs, glossary)
        for p in problems:
            print("  glossary:", p)
        status |= bool(unfinished or problems)
    _, problems = code_messages()
    for p in problems + lint_problems():
        print("lint:", p)
        status = 1
    print(f"glossary: {len(glossary.get('term', []))} terms")
    return status


def check() -> list[str]:
    """Everything wrong with the committed translations, as sentences."""
    problems = []
    glossary = load_glossary()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        fresh = {}
        for lang in LANGS:
            if not ts_path(lang).exists():
                problems.append(f"{ts_path(lang).name} is missing")
                continue
            shutil.copy(ts_path(lang), ts_path(lang, tmp))
            fresh[lang] = ts_path(lang, tmp)
        run_lupdate(list(fresh.values()))
        wanted, code_problems = code_messages()
        problems += code_problems
        for lang, path in fresh.items():
            _, old = read_ts(ts_path(lang))
            _, new = read_ts(path)
            old_keys, new_keys = {m.key for m in old}, {m.key for m in new}
            for k in sorted(new_keys - old_keys):
                problems.append(f"{lang}: new in the code, not in the .ts: {k[1]!r}")
            for k in sorted(old_keys - new_keys):
                problems.append(f"{lang}: in the .ts, gone from the code: {k[1]!r}")
            for k in sorted(wanted - new_keys):
                problems.append(f"{lang}: lupdate misses {k[1]!r}")
            for m in new:
                if m.unfinished:
                    problems.append(f"{lang}: unfinished: {m.source!r}")
            problems += glossary_problems(lang, new, glossary)
            qm = ts_path(lang).with_suffix(".qm")
            run_lrelease(ts_path(lang), tmp / qm.name)
            if not qm.exists() or qm.read_bytes() != (tmp / qm.name).read_bytes():
                problems.append(f"{qm.name} is stale: run tools/update_translations.py")
    problems += lint_problems()
    return problems


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--check", action="store_true")
    p.add_argument("--accept-drafts", action="store_true",
                   help="mark OpenCC zh_TW drafts finished (after you reviewed the glossary)")
    p.add_argument("--redraft", action="store_true",
                   help="draft every zh_TW message again from zh_CN (overwrites zh_TW)")
    p.add_argument("--export-unfinished", metavar="LANG", choices=LANGS)
    p.add_argument("--import", dest="imports", nargs=2, metavar=("LANG", "FILE"))
    args = p.parse_args(argv)
    if args.check:
        problems = check()
        for line in problems:
            print(line)
        print("translations ok" if not problems else f"{len(problems)} problems")
        return 1 if problems else 0
    if args.export_unfinished:
        _, msgs = read_ts(ts_path(args.export_unfinished))
        print(json.dumps({m.source: m.translation for m in msgs if m.unfinished},
                         ensure_ascii=False, indent=1))
        return 0
    imports = None
    if args.imports:
        lang, file = args.imports
        imports = {lang: json.loads(Path(file).read_text(encoding="utf-8"))}
    return update(args.accept_drafts, imports, args.redraft)


if __name__ == "__main__":
    sys.exit(main())
