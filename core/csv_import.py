"""Reading the user's CSV file: one function for the window and the CLI.

The file is opened without blocking and refused unless it is a regular file
within limits "csv_bytes"; rows are counted (and refused past limits
"samples") before any number is parsed, so a huge file costs little time or
memory. Separators ``,`` ``;`` and tab are sniffed; a header row, a UTF-8 or
UTF-16 BOM and decimal commas (``1,5`` in a ``;`` file) are understood; every
number goes through :func:`core.numbers.parse_number` (plain literals take an
equivalent fast path). Labels may be numbers or text ("cat"): text labels
become classes, named and sorted. Inputs are standardised (z-score with the
training rows' mean and spread) unless asked not to; the Dataset records it.
Every message is one line naming the file, the line and the column.
"""
from __future__ import annotations

import csv
import io
import os
import re
import stat
from array import array
from pathlib import Path

import numpy as np

from .errors import DataError
from .limits import LIMITS
from .numbers import NumberError, parse_number, quote

SEPARATORS = ("\t", ";", ",")           # preference when several fit
SEP_NAMES = {"\t": "tab", ";": "semicolon", ",": "comma"}
MAX_LABEL_CHARS = 60
MAX_NAME_CHARS = 40
SNIFF_LINES = 20
# Characters for which float() accepts exactly what parse_number accepts (no
# letters: no nan/inf; no '_' digit grouping; no ',' decimal comma).
_PLAIN = dict.fromkeys(map(ord, "0123456789.eE+- \t"), None)
_MAX_NUMBER_CHARS = 64                  # core.numbers.MAX_TEXT
_MISSING = {"nan", "inf", "infinity", "na", "n/a", "null", "none", "?", "-", "#n/a"}


def load_csv(source, task=None, test_fraction=0.2, seed=0, standardize=True):
    """A :class:`~core.data.Dataset` from CSV: input columns, then a last
    label (classification) or target (regression) column.

    ``source`` is a path (``Path``, or a one-line ``str``), the text itself
    (a ``str`` with a line break) or ``bytes``. ``task`` None guesses: text labels,
    or whole numbers ≥ 0 with at most limits "classes" distinct values, mean
    classification. Raises :class:`DataError` with a one-line message.
    """
    from .data import Dataset, split_indices  # data.py re-exports this module

    if task not in (None, "classification", "regression"):
        raise DataError(f"task must be classification or regression, got {quote(task)}")
    if isinstance(source, (bytes, bytearray, memoryview)):
        raw, label = bytes(source), "CSV data"
        if len(raw) > LIMITS["csv_bytes"].hi:
            raise DataError(f"{label}: {_size(len(raw))} is more than the "
                            f"{_size(LIMITS['csv_bytes'].hi)} a CSV file may have")
        text = _decode(raw, label)
    elif isinstance(source, (Path, os.PathLike)) or (
            isinstance(source, str) and "\n" not in source and "\r" not in source
            and len(source) < 4096):
        path = Path(source)
        label = _short(path.name or str(path))
        text = _decode(read_capped(path, label), label)
    elif isinstance(source, str):
        text, label = source, "CSV text"
        if len(text) > LIMITS["csv_bytes"].hi:
            raise DataError(f"{label}: more than {_size(LIMITS['csv_bytes'].hi)} of text")
    else:
        raise DataError(f"CSV source must be a path or text, got {type(source).__name__}")

    text = text[1:] if text.startswith("\ufeff") else text
    if "\r" in text and "\n" not in text:        # classic Mac line ends
        text = text.replace("\r", "\n")
    sep = sniff_separator(text)
    table = _scan(text, sep, label)
    kind, classes = _label_kind(table, task, label)
    A, y, lines = _parse(text, sep, label, table, kind, classes)
    X = A
    n = X.shape[0]
    class_names: tuple = ()
    n_classes = 0
    notes = []
    if kind == "regression":
        task = "regression"
        y = y.astype(float)
        top = float(np.abs(y).max())
        if top >= 1e3:
            notes.append(f"targets reach {top:.3g}: the loss is in squared target "
                         "units, so expect large values and a small learning rate")
    else:
        task = "classification"
        y, class_names = _classes(y, lines, kind, classes, label, table)
        n_classes = len(class_names)
    rng = np.random.default_rng(seed)
    if test_fraction and n > 1:
        tr, te = split_indices(n, float(test_fraction), rng)
    else:
        tr, te = np.arange(n), np.arange(0)
    source_doc = {"kind": "points", "file": label, "separator": SEP_NAMES[sep]}
    if kind == "text":
        notes.append(f"text labels became {n_classes} classes: "
                     + _short(", ".join(class_names), 120))
    if standardize:
        X, mean, std, const = standardize_inputs(X, tr)
        source_doc.update(standardized=True, mean=mean.tolist(), std=std.tolist())
        note = ("inputs standardised (minus the training mean, divided by the "
                "training spread)")
        if const:
            note += "; constant column(s) " + _short(", ".join(
                table["names"][i] for i in const), 60) + " left as they are"
        notes.insert(0, note)
    if notes:
        source_doc["notes"] = notes
    return Dataset("csv", task, X, y, tr, te, n_classes, table["names"], class_names,
                   source_doc)


# -- reading -----------------------------------------------------------------------
def read_capped(path, label=None, cap=None) -> bytes:
    """The bytes of a regular file of at most ``cap`` bytes (limits
    "csv_bytes"). Never blocks on a FIFO or a device: it is opened
    non-blocking and refused after ``fstat``."""
    cap = int(LIMITS["csv_bytes"].hi if cap is None else cap)
    label = label or _short(Path(path).name)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise DataError(f"no such file: {_short(str(path), 200)}") from None
    except PermissionError:
        raise DataError(f"{label}: permission denied") from None
    except OSError as e:
        raise DataError(f"cannot open {label}: {e.strerror or e}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise DataError(f"{label} is {_file_kind(st.st_mode)}, not a regular file")
        if st.st_size > cap:
            raise DataError(f"{label}: {_size(st.st_size)} is more than the "
                            f"{_size(cap)} a CSV file may have")
        chunks, total = [], 0
        while total <= cap:     # the file may grow while we read: stop anyway
            b = os.read(fd, min(1 << 20, cap + 1 - total))
            if not b:
                break
            chunks.append(b)
            total += len(b)
        if total > cap:
            raise DataError(f"{label}: more than the {_size(cap)} a CSV file may have")
        return b"".join(chunks)
    except BlockingIOError:
        raise DataError(f"{label}: could not be read without waiting") from None
    except OSError as e:
        raise DataError(f"cannot read {label}: {e.strerror or e}") from None
    finally:
        os.close(fd)


def _file_kind(mode) -> str:
    for test, what in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"),
                       (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return what
    return "not a regular file"


def _decode(raw: bytes, label) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):        # Excel "Unicode text"
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise DataError(f"{label} is not a text (CSV) file") from None
    if b"\x00" in raw:
        raise DataError(f"{label} is not a text (CSV) file (it holds binary data)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        # Windows spreadsheets save in their own code page; text that has
        # control characters besides tab/CR/LF is binary, not that.
        if any(c < 32 and c not in (9, 10, 13) for c in raw[:65536]):
            raise DataError(f"{label} is not a text (CSV) file") from None
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            raise DataError(f"{label} is not UTF-8 text (byte {e.start + 1} is "
                            f"not valid)") from None


def sniff_separator(text: str) -> str:
    """``\\t``, ``;`` or ``,``: the one found the same number of times on each
    of the first non-blank lines (tab, then semicolon win ties: a ``;`` file's
    commas are decimal commas)."""
    sample = []
    for line in io.StringIO(text[:1 << 20], newline=""):
        if line.strip():
            sample.append(line)
            if len(sample) >= SNIFF_LINES:
                break
    if not sample:
        return ","
    for sep in SEPARATORS:
        counts = {line.count(sep) for line in sample}
        if len(counts) == 1 and counts.pop() > 0:
            return sep
    # Ragged: the one that appears most on the first line (errors name lines).
    return max(SEPARATORS, key=lambda s: (sample[0].count(s), s == ","))


def _lines(text, sep, label):
    """Physical lines for csv.reader, refusing a line with too many cells
    before csv builds a list of millions of fields."""
    cap = int(LIMITS["csv_columns"].hi)
    # Sliced from the text itself: io.StringIO would hold a second copy at
    # 4 bytes a character.
    pos, end_all, find, i = 0, len(text), text.find, 0
    while pos < end_all:
        i += 1
        end = find("\n", pos) + 1 or end_all
        line = text[pos:end]
        pos = end
        if len(line) > cap and line.count(sep) >= cap:
            raise DataError(f"{label}, line {i}: more than {cap} columns")
        yield line


def _reader(text, sep, label):
    # field_size_limit is global to the csv module; the default (128 KB) is
    # fine since lines are capped by the file size anyway.
    return csv.reader(_lines(text, sep, label), delimiter=sep, skipinitialspace=False,
                      strict=False)


def _blank(cells) -> bool:
    # Most rows start with a non-blank cell: decide those without a join.
    return not (cells and cells[0].strip()) and not "".join(cells).strip()


def _number(cell):
    try:
        return parse_number(cell)
    except NumberError:
        return None


_NUMBERISH = re.compile(r"\s*[-+\u2212]?[\d.,\s]*\d[\d.,\s]*([eE][-+]?\d+)?\s*")
# A comma with other than three digits after it can only be a decimal comma.
_SURE_DECIMAL_COMMA = re.compile(r"(?<![\d.,])\d+,(\d{1,2}|\d{4,})(?![\d.,])")
_DOT_DECIMAL = re.compile(r"(?<![\d.,])\d*\.\d")


def _is_header_cell(cell) -> bool:
    """Text that is no number at all (a bad or ambiguous number is data, and
    its row gets the error message)."""
    return _number(cell) is None and not _NUMBERISH.fullmatch(cell)


def decimal_comma_file(text, sep) -> bool:
    """True when a ``;``/tab file writes decimals with commas (some number has
    a comma that cannot be a thousands separator, none has a decimal point):
    then ``0,125`` means 0.125 there, where alone it would be ambiguous."""
    if sep == ",":
        return False
    sample = text[:1 << 16]
    return bool(_SURE_DECIMAL_COMMA.search(sample)) and not _DOT_DECIMAL.search(sample)


def _scan(text, sep, label) -> dict:
    """Pass 1, no number parsing: header, width, row count (stops at the
    limit), and up to limits "classes" + 1 distinct labels (bounded)."""
    hi_rows = int(LIMITS["samples"].hi)
    hi_classes = int(LIMITS["classes"].hi)
    reader = _reader(text, sep, label)
    first = first_line = None
    width = n = 0
    labels: dict[str, int] = {}      # raw label → line of its first use; at
                                     # most hi_classes + 1 (more is "too many")
    header = None
    try:
        for cells in reader:
            if _blank(cells):
                continue
            line = reader.line_num
            if first is None:
                first, first_line, width = cells, line, len(cells)
                if width < 2:
                    raise DataError(f"{label}, line {line}: need at least two columns "
                                    "(inputs, then the label or target) separated by "
                                    "comma, semicolon or tab")
                LIMITS["csv_columns"].check(width, f"{label}: columns", DataError)
                # A header if an input cell is not a number; if only the
                # label cell is text, the next row decides.
                if any(_is_header_cell(c) for c in cells[:-1]):
                    header = True
                elif _number(cells[-1]) is not None:
                    header = False
                continue
            if len(cells) != width:
                raise DataError(f"{label}, line {line}: {len(cells)} columns, "
                                f"expected {width} (separator: {SEP_NAMES[sep]})")
            if header is None:
                header = _number(cells[-1]) is not None
            if n == 0 and not header:
                n = 1
                labels[first[-1].strip()] = first_line
            n += 1
            if n > hi_rows:
                raise DataError(f"{label}: more than {hi_rows} rows of data (line "
                                f"{line}); at most {hi_rows} samples")
            lab = cells[-1].strip()
            if len(labels) <= hi_classes and lab not in labels:
                labels[lab] = line
    except csv.Error as e:
        raise DataError(f"{label}, line {reader.line_num}: not valid CSV "
                        f"({_short(str(e), 80)})") from None
    if first is None:
        raise DataError(f"{label}: the file has no rows")
    if header is None:
        header = False
    if n == 0 and not header:
        n = 1
        labels[first[-1].strip()] = first_line
    if n == 0:
        raise DataError(f"{label}: only a header row, no data")
    if header:
        names = tuple(_column_name(c, i) for i, c in enumerate(first[:-1]))
    else:
        names = default_input_names(width - 1)
    return {"rows": n, "width": width, "header": header, "header_line": first_line,
            "labels": labels, "names": names}


def default_input_names(d) -> tuple:
    return ("x1", "x2") if d == 2 else tuple(f"x{i + 1}" for i in range(d))


def _column_name(cell, i) -> str:
    name = " ".join(cell.split())       # one line, no runs of spaces
    return _short(name, MAX_NAME_CHARS) if name else f"x{i + 1}"


def _label_kind(table, task, label):
    """("text", names) | ("numeric", None) | ("regression", None)."""
    labels = table["labels"]
    hi = int(LIMITS["classes"].hi)
    values = {lab: _number(lab) for lab in labels}
    text = [lab for lab, v in values.items() if v is None]
    if text and task == "regression":
        lab = min(text, key=labels.get)
        raise DataError(f"{label}, line {labels[lab]}, column {table['width']}: "
                        f"target {quote(lab)} is not a number")
    if text:
        if len(labels) > hi:
            line = max(labels.values())
            raise DataError(f"{label}, line {line}: more than {hi} different labels; "
                            f"a classifier here takes at most {hi} classes")
        if len(labels) < 2:
            raise DataError(f"{label}: every row has the label {quote(text[0])}; a "
                            "classifier needs at least two classes")
        for lab in labels:
            if not lab:
                raise DataError(f"{label}, line {labels[lab]}, column "
                                f"{table['width']}: the label is empty")
            if len(lab) > MAX_LABEL_CHARS:
                raise DataError(f"{label}, line {labels[lab]}, column {table['width']}: "
                                f"label {quote(lab)} is longer than {MAX_LABEL_CHARS} "
                                "characters")
        return "text", tuple(sorted(labels))
    if task == "regression":
        return "regression", None
    if task == "classification":
        return "numeric", None
    distinct = set(values.values())
    if (len(labels) <= hi and len(distinct) <= hi
            and all(v == int(v) and v >= 0 for v in distinct)):
        return "numeric", None
    return "regression", None


def _parse(text, sep, label, table, kind, classes):
    """Pass 2: the numbers, into preallocated storage. Returns (X (n, d),
    y (n,) floats or class indices, line number of each row)."""
    n, width = table["rows"], table["width"]
    d = width - 1
    out = array("d")
    y_text = np.empty(n, dtype=np.int64) if kind == "text" else None
    index = {c: i for i, c in enumerate(classes)} if kind == "text" else None
    lines = np.empty(n, dtype=np.int64)
    reader = _reader(text, sep, label)
    skip_header = table["header"]
    commas = decimal_comma_file(text, sep)
    i = 0
    hi = LIMITS["abs_value"].hi
    try:
        for cells in reader:
            if _blank(cells):
                continue
            if skip_header:
                skip_header = False
                continue
            line = reader.line_num
            if len(cells) != width:         # pass 1 checked; a file can't change here
                raise DataError(f"{label}, line {line}: {len(cells)} columns, "
                                f"expected {width}")
            if kind == "text":
                y_text[i] = index[cells[-1].strip()]
                cells = cells[:-1]
            out.extend(_row(cells, label, line, kind, commas))
            lines[i] = line
            i += 1
    except csv.Error as e:
        raise DataError(f"{label}, line {reader.line_num}: not valid CSV "
                        f"({_short(str(e), 80)})") from None
    A = np.frombuffer(out, dtype=float).reshape(i, -1)
    bad = ~(np.abs(A) <= hi)               # also inf from the fast path
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise DataError(f"{label}, line {int(lines[r])}, column {int(c) + 1}: value "
                        f"{A[r, c]:.6g} is beyond ±{hi:g}")
    if kind == "text":
        return A, y_text, lines
    return A[:, :d].copy(), A[:, d].copy(), lines


def _row(cells, label, line, kind, commas=False):
    """The numbers of one row: a fast path for plain literals (exactly what
    parse_number would return for them), parse_number for the rest."""
    joined = "".join(cells)
    if (not joined.translate(_PLAIN) and joined
            and max(map(len, cells)) <= _MAX_NUMBER_CHARS):
        try:
            return list(map(float, cells))
        except ValueError:
            pass
    vals = []
    for col, cell in enumerate(cells, 1):
        try:
            if commas and "," in cell and "." not in cell:
                cell = cell.replace(",", ".", 1)    # this file's decimal comma
            vals.append(parse_number(cell))
        except NumberError as e:
            what = "target" if kind == "regression" and col == len(cells) else "value"
            msg = str(e).split(": ", 1)[-1]
            word = cell.strip().lower()
            if not word:
                msg = f"the {what} is empty (missing values are not supported)"
            elif word.lstrip("+-−") in _MISSING:
                msg = (f"{quote(cell.strip())}: NaN, infinite or missing values are not "
                       "supported; remove or fill that row")
            raise DataError(f"{label}, line {line}, column {col}: {msg}") from None
    return vals


def _classes(y, lines, kind, classes, label, table):
    """(int labels, class names) for classification."""
    hi = int(LIMITS["classes"].hi)
    if kind == "text":
        return y, classes
    col = table["width"]
    frac = np.flatnonzero(y != np.floor(y))
    if frac.size:
        r = frac[0]
        raise DataError(f"{label}, line {int(lines[r])}, column {col}: class label "
                        f"{y[r]:g} is not a whole number (use regression for "
                        "numeric targets)")
    values = np.unique(y)             # checked before any name is built
    if values.size > hi:
        raise DataError(f"{label}: {values.size} different labels; a classifier "
                        f"here takes at most {hi} classes")
    if values.size < 2:
        raise DataError(f"{label}: every row has the label {values[0]:g}; a "
                        "classifier needs at least two classes")
    k = values.size
    if values[0] == 0 and values[-1] == k - 1:
        return y.astype(np.int64), tuple(f"class {i}" for i in range(k))
    # Other numbers (1..3, −1/1, 1e9) keep their meaning as the class names.
    return (np.searchsorted(values, y).astype(np.int64),
            tuple(f"{v:g}" for v in values))


def standardize_inputs(X, train_idx):
    """(X standardised, mean, std, constant columns): z-score with the
    training rows' mean and spread; constant columns keep mean 0, std 1."""
    rows = X[train_idx] if len(train_idx) else X
    mean = rows.mean(axis=0)
    std = rows.std(axis=0)
    const = [int(j) for j in np.flatnonzero(~(std > 1e-12 * np.maximum(1.0, np.abs(mean))))]
    mean[const] = 0.0
    std[const] = 1.0
    return (X - mean) / std, mean, std, const


def _short(text, limit=60) -> str:
    """One line of at most ``limit`` characters (names in messages)."""
    s = "".join(ch if ch.isprintable() else "?" for ch in str(text)[:limit + 1])
    return s if len(s) <= limit else s[:limit - 1] + "…"


def _size(n) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n} bytes"


__all__ = ["load_csv", "read_capped", "sniff_separator", "standardize_inputs",
           "default_input_names"]
