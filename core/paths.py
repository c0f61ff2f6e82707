"""Where nnviz's bundled files are: ``resources/`` in a source checkout, the
same files shipped inside the package (``core/_resources``) once installed.

Installed, they are not a top-level ``resources`` package: that name is too
common to claim in site-packages.
"""
from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent
_CANDIDATES = (_HERE / "_resources", _HERE.parent / "resources")


def resource_path(*parts: str) -> Path:
    """Path of a bundled file, e.g. ``resource_path("datasets", "iris.csv")``."""
    for root in _CANDIDATES:
        p = root.joinpath(*parts)
        if p.exists():
            return p
    raise FileNotFoundError(f"bundled file {'/'.join(parts)} is missing from this "
                            "installation of nnviz")
