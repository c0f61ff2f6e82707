"""Core's messages in the window's language.

``core`` speaks English (it has no Qt and its command line stays English);
its errors, the divergence and health messages, the step-through's notices
and the undo texts are f-strings. :func:`translate_message` recognises the
common ones by pattern and rebuilds them from a translated template whose
parts (a setting's name, a sub-clause) are translated in turn. Anything it
does not recognise is shown in English, unchanged.

Templates are marked with ``QT_TR_NOOP`` so ``pyside6-lupdate`` extracts them.
"""
from __future__ import annotations

import re

from .i18n import QT_TR_NOOP, tr

# Words core hands to the window on their own (shown through tr(word)).
CORE_WORDS = (
    QT_TR_NOOP("classification"), QT_TR_NOOP("regression"),
    QT_TR_NOOP("forward"), QT_TR_NOOP("backward"), QT_TR_NOOP("update"),
    QT_TR_NOOP("start"), QT_TR_NOOP("scalar"), QT_TR_NOOP("layer"),
)

# What core calls its settings and limits (core/limits.py, core/settings.py).
NAMES = {
    "hidden layers": QT_TR_NOOP("hidden layers"),
    "units in a hidden layer": QT_TR_NOOP("units in a hidden layer"),
    "inputs": QT_TR_NOOP("inputs"),
    "outputs": QT_TR_NOOP("outputs"),
    "parameters": QT_TR_NOOP("parameters"),
    "leaky-ReLU slope": QT_TR_NOOP("leaky-ReLU slope"),
    "seed": QT_TR_NOOP("seed"),
    "learning rate": QT_TR_NOOP("learning rate"),
    "lr": QT_TR_NOOP("learning rate"),
    "batch size": QT_TR_NOOP("batch size"),
    "L1 rate": QT_TR_NOOP("L1 rate"),
    "L2 rate": QT_TR_NOOP("L2 rate"),
    "l1": QT_TR_NOOP("L1 rate"),
    "l2": QT_TR_NOOP("L2 rate"),
    "epochs": QT_TR_NOOP("epochs"),
    "epoch": QT_TR_NOOP("epoch"),
    "steps": QT_TR_NOOP("steps"),
    "samples": QT_TR_NOOP("samples"),
    "n samples": QT_TR_NOOP("samples"),
    "classes": QT_TR_NOOP("classes"),
    "noise": QT_TR_NOOP("noise"),
    "test fraction": QT_TR_NOOP("test fraction"),
    "value": QT_TR_NOOP("value"),
    "weight": QT_TR_NOOP("weight"),
    "bias": QT_TR_NOOP("bias"),
    "session file size": QT_TR_NOOP("session file size"),
    "CSV file size": QT_TR_NOOP("CSV file size"),
    "CSV columns": QT_TR_NOOP("CSV columns"),
    "values": QT_TR_NOOP("values"),
    "rates": QT_TR_NOOP("rates"),
    "learning rates": QT_TR_NOOP("learning rates"),
    "optimizer": QT_TR_NOOP("optimiser"),
    "activation": QT_TR_NOOP("activation"),
    "layers": QT_TR_NOOP("layers"),
    "dataset": QT_TR_NOOP("data set"),
    "init": QT_TR_NOOP("initialiser"),
    "momentum": QT_TR_NOOP("momentum"),
    "train seed": QT_TR_NOOP("training seed"),
    "data seed": QT_TR_NOOP("data seed"),
}

_N = r"(?P<{0}>[-+−]?[\d.,]+(?:e[-+]?\d+)?|[-+−]?inf|nan)"


def _num(name):
    return _N.format(name)


# (pattern, template): every named group of the pattern is a field of the
# template; fields named ``name``/``what``/``desc``/``back`` are translated too.
PATTERNS: list[tuple[str, str]] = [
    # core/limits.py
    (r"(?P<name>.+?) must be from (?P<lo>\S+) to (?P<hi>\S+), got (?P<value>.+)",
     QT_TR_NOOP("{name} must be from {lo} to {hi}, got {value}")),
    (r"(?P<name>.+?) must be above (?P<lo>\S+) and at most (?P<hi>\S+), got (?P<value>.+)",
     QT_TR_NOOP("{name} must be above {lo} and at most {hi}, got {value}")),
    (r"(?P<name>[^:]+): (?P<value>.+) is not a whole number",
     QT_TR_NOOP("{name}: {value} is not a whole number")),
    # core/numbers.py
    (r"(?P<name>[^:]+): expected a number, got (?P<value>.+)",
     QT_TR_NOOP("{name}: expected a number, got {value}")),
    (r"(?P<name>[^:]+): (?P<value>.+) is not a number",
     QT_TR_NOOP("{name}: {value} is not a number")),
    (r"(?P<name>[^:]+): (?P<value>.+) is too large",
     QT_TR_NOOP("{name}: {value} is too large")),
    (r"(?P<name>[^:]+): (?P<value>.+) is too long to be a number",
     QT_TR_NOOP("{name}: {value} is too long to be a number")),
    (r"(?P<name>[^:]+): must be a finite number, got (?P<value>.+)",
     QT_TR_NOOP("{name}: must be a finite number, got {value}")),
    (r"(?P<name>[^:]+): (?P<value>.+) is ambiguous — write (?P<a>\S+) or (?P<b>\S+)",
     QT_TR_NOOP("{name}: {value} is ambiguous — write {a} or {b}")),
    # core/session_training.py: the most epochs a session keeps
    (r"This run has reached (?P<n>\S+) epochs, the most a session keeps\. Continue from "
     r"an earlier epoch, or Reset\.",
     QT_TR_NOOP("This run has reached {n} epochs, the most a session keeps. Continue from "
                "an earlier epoch, or Reset.")),
    # core/train.py: divergence and health
    (r"Training diverged: (?P<what>.+)\. The learning rate (?P<lr>\S+) is probably too "
     r"large — try (?P<lr10>\S+)\. The last finite parameters were kept\.",
     QT_TR_NOOP("Training diverged: {what}. The learning rate {lr} is probably too large "
                "— try {lr10}. The last finite parameters were kept.")),
    (r"the loss became (?P<value>\S+) at step (?P<step>\d+)",
     QT_TR_NOOP("the loss became {value} at step {step}")),
    (r"the loss grew from (?P<a>\S+) to (?P<b>\S+) by step (?P<step>\d+)",
     QT_TR_NOOP("the loss grew from {a} to {b} by step {step}")),
    (r"the parameters blew up \(beyond (?P<cap>\S+)\) at step (?P<step>\d+)",
     QT_TR_NOOP("the parameters blew up (beyond {cap}) at step {step}")),
    (r"Training is going nowhere: (?P<what>.+)\. Lower the learning rate by 10× "
     r"\(to (?P<lr>[^)]+)\)(?P<back>, going back to epoch \d+)?\.",
     QT_TR_NOOP("Training is going nowhere: {what}. Lower the learning rate by 10× "
                "(to {lr}){back}.")),
    (r", going back to epoch (?P<epoch>\d+)", QT_TR_NOOP(", going back to epoch {epoch}")),
    (r"the loss jumps up and down between (?P<a>\S+) and (?P<b>\S+) over the last "
     r"(?P<n>\d+) epochs without getting lower",
     QT_TR_NOOP("the loss jumps up and down between {a} and {b} over the last {n} epochs "
                "without getting lower")),
    (r"the loss has stayed at (?P<low>\S+) or above for (?P<n>\d+) epochs, more than "
     r"(?P<k>\S+)× the (?P<base>\S+) of predicting the average, and is not improving",
     QT_TR_NOOP("the loss has stayed at {low} or above for {n} epochs, more than {k}× the "
                "{base} of predicting the average, and is not improving")),
    # core/stepthrough.py
    (r"The scalar graph draws every weight as a node and allows at most (?P<cap>\d+) "
     r"parameters; this network has (?P<n>\d+), so it is shown by layers\.",
     QT_TR_NOOP("The scalar graph draws every weight as a node and allows at most {cap} "
                "parameters; this network has {n}, so it is shown by layers.")),
    # core/session.py: undo texts (Edit ▸ Undo …)
    (r"Change (?P<desc>.+)", QT_TR_NOOP("Change {desc}")),
    (r"Reset training", QT_TR_NOOP("Reset training")),
    (r"Lower learning rate to (?P<lr>\S+)", QT_TR_NOOP("Lower learning rate to {lr}")),
    (r"Continue from epoch (?P<epoch>\d+)", QT_TR_NOOP("Continue from epoch {epoch}")),
    # file errors (core/files, core/session_files.py, OSError)
    (r"no such file", QT_TR_NOOP("no such file")),
    (r"\[Errno 2\] No such file or directory: (?P<path>.+)",
     QT_TR_NOOP("no such file: {path}")),
    (r"\[Errno 13\] Permission denied: (?P<path>.+)",
     QT_TR_NOOP("permission denied: {path}")),
    (r"\[Errno 21\] Is a directory: (?P<path>.+)",
     QT_TR_NOOP("it is a folder, not a file: {path}")),
    (r"\[Errno 28\] No space left on device(?P<rest>.*)",
     QT_TR_NOOP("no space left on the disk")),
    (r"it is a folder, not a (?P<kind>.+)", QT_TR_NOOP("it is a folder, not a {kind}")),
    (r"not a valid file name", QT_TR_NOOP("not a valid file name")),
    (r"cannot read it now \(the file is busy\)",
     QT_TR_NOOP("cannot read it now (the file is busy)")),
    (r"the file is too large \((?P<size>[^)]+)\); a (?P<kind>.+?) is at most (?P<cap>.+)",
     QT_TR_NOOP("the file is too large ({size}); a {kind} is at most {cap}")),
    (r"the file is empty \(not an? (?P<kind>.+)\)",
     QT_TR_NOOP("the file is empty (not a {kind})")),
    (r"not an? (?P<kind>.+?): it is a binary file, not text",
     QT_TR_NOOP("not a {kind}: it is a binary file, not text")),
    (r"not an? (?P<kind>.+?): not valid JSON \((?P<detail>.+)\)",
     QT_TR_NOOP("not a {kind}: not valid JSON ({detail})")),
    (r"not an? (?P<kind>.+?): not UTF-8 text \(byte (?P<byte>\d+)\)",
     QT_TR_NOOP("not a {kind}: not UTF-8 text (byte {byte})")),
    (r"made by a newer nnviz \(version (?P<version>[^)]+)\)(?P<rest>.*)",
     QT_TR_NOOP("made by a newer nnviz (version {version}); update nnviz to open it")),
    (r"missing field '(?P<field>[^']+)'", QT_TR_NOOP("missing field '{field}'")),
]
# File kinds core names in its file errors.
KINDS = {"session file": QT_TR_NOOP("session file"), "CSV file": QT_TR_NOOP("CSV file"),
         "nnviz session": QT_TR_NOOP("nnviz session"), "file": QT_TR_NOOP("file"),
         "lesson file": QT_TR_NOOP("lesson file"), "spec file": QT_TR_NOOP("spec file")}

_COMPILED = [(re.compile(p, re.S), t) for p, t in PATTERNS]
_CJK = re.compile(r"[\u3400-\u9fff]")


def _field(key: str, value: str | None) -> str:
    if value is None:
        return ""
    if key == "name":
        return _name(value)
    if key == "kind":
        return tr(KINDS[value]) if value in KINDS else value
    if key in ("what", "desc", "back"):
        return translate_message(value)
    return value


def _name(value: str) -> str:
    return tr(NAMES[value]) if value in NAMES else value


def _desc(value: str) -> str | None:
    """``learning rate to 0.01`` (core.settings.describe) translated."""
    parts = []
    for piece in value.split(", "):
        key, sep, v = piece.partition(" to ")
        if not sep or key not in NAMES:
            return None
        parts.append(tr("{name} to {value}").format(name=tr(NAMES[key]), value=v))
    return tr(", ").join(parts)


_CLASS = re.compile(r"class (\d+)")


def class_label(name) -> str:
    """A class's name for the screen: core's generic "class 3" in the
    window's language; names from the data ("setosa", "cat") as they are."""
    m = _CLASS.fullmatch(str(name))
    return tr("class {k}").format(k=m.group(1)) if m else str(name)


def translate_message(text) -> str:
    """``text`` (an English message from core) in the window's language."""
    text = str(text)
    if not text or _CJK.search(text):
        return text
    own = tr(text)
    if own != text:
        return own
    stripped = text.strip()
    for rx, template in _COMPILED:
        m = rx.fullmatch(stripped)
        if m is None:
            continue
        fields = {}
        for k, v in m.groupdict().items():
            if k == "desc":
                d = _desc(v or "")
                fields[k] = d if d is not None else (v or "")
            else:
                fields[k] = _field(k, v)
        try:
            return tr(template).format(**fields)
        except (KeyError, IndexError, ValueError):
            return text
    # "what: message" — a prefix naming the field, then a known message
    head, sep, rest = stripped.partition(": ")
    if sep and len(head) < 60:
        inner = translate_message(rest)
        if inner != rest:
            return tr("{name}: {message}").format(name=_name(head), message=inner)
    return text


# The templates used above, so lupdate sees them.
_HELPERS = (QT_TR_NOOP("{name} to {value}"), QT_TR_NOOP(", "), QT_TR_NOOP("{name}: {message}"))

__all__ = ["translate_message", "PATTERNS", "NAMES"]
