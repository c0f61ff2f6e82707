"""Export a widget as PNG or SVG.

SVG goes through QSvgGenerator + ``QWidget.render`` because pyqtgraph 0.14.0's
own SVG exporter is broken (its issue #3485).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget


def export_png(widget: QWidget, path, scale: float = 2.0) -> None:
    """Render at ``scale``× for a crisp image on slides; atomic write."""
    size = widget.size()
    from PySide6.QtGui import QImage
    img = QImage(QSize(int(size.width() * scale), int(size.height() * scale)),
                 QImage.Format_ARGB32)
    img.fill(0xFFFFFFFF)
    img.setDevicePixelRatio(scale)
    painter = QPainter(img)
    try:
        widget.render(painter, QPoint(0, 0))
    finally:
        painter.end()
    _atomic(path, lambda tmp: img.save(tmp, "PNG"))


def export_svg(widget: QWidget, path, title: str = "nnviz") -> None:
    size = widget.size()

    def write(tmp):
        gen = QSvgGenerator()
        gen.setFileName(tmp)
        gen.setSize(size)
        gen.setViewBox(QRect(0, 0, size.width(), size.height()))
        gen.setTitle(title)
        painter = QPainter(gen)
        try:
            widget.render(painter, QPoint(0, 0))
        finally:
            painter.end()
        return True

    _atomic(path, write)


def _atomic(path, write) -> None:
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix,
                               dir=path.parent or ".")
    os.close(fd)
    try:
        if write(tmp) is False or os.path.getsize(tmp) == 0:
            raise OSError(f"could not write {path.name}")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)     # mkstemp makes 0600; exports are shared
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
