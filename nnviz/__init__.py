"""nnviz's desktop application (PySide6 + pyqtgraph) over the Qt-free ``core``."""
__version__ = "0.1.0"
