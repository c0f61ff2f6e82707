"""Translation hook: every user-visible string goes through :func:`tr`."""
from PySide6.QtCore import QCoreApplication


def tr(text: str, context: str = "nnviz") -> str:
    return QCoreApplication.translate(context, text)
