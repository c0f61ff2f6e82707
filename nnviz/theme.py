"""Colours, colour maps and sizes shared by every view.

Colours are the Okabe–Ito palette, safe for the common colour-vision
deficiencies; signed values (weights, gradients) use an orange ↔ blue diverging
map, as in TensorFlow Playground, so negative is orange and positive is blue.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor

ORANGE = (230, 159, 0)
BLUE = (0, 114, 178)
SKY = (86, 180, 233)
GREEN = (0, 158, 115)
YELLOW = (240, 228, 66)
VERMILLION = (213, 94, 0)
PURPLE = (204, 121, 167)
GREY = (120, 120, 120)
BACKGROUND = (255, 255, 255)
FOREGROUND = (30, 30, 30)
NEUTRAL = (245, 245, 245)

# Class colours: class 0 orange, class 1 blue (Playground's convention), then more.
CLASS_COLORS = [ORANGE, BLUE, GREEN, VERMILLION, PURPLE, SKY, YELLOW,
                (0, 0, 0), (150, 80, 30), (90, 90, 200)]

# Forward values and gradients in the computation graph.
VALUE_COLOR = (0, 110, 60)       # dark green
GRAD_COLOR = (190, 40, 30)       # dark red
HIGHLIGHT = (255, 200, 0)


def qcolor(rgb, alpha=255) -> QColor:
    return QColor(int(rgb[0]), int(rgb[1]), int(rgb[2]), int(alpha))


def diverging_lut(n=256) -> np.ndarray:
    """(n, 4) uint8: orange (−1) → near-white (0) → blue (+1)."""
    t = np.linspace(-1.0, 1.0, n)[:, None]
    neg = np.array(ORANGE, float)
    pos = np.array(BLUE, float)
    mid = np.array(NEUTRAL, float)
    rgb = np.where(t < 0, mid + (neg - mid) * (-t), mid + (pos - mid) * t)
    return np.concatenate([rgb, np.full((n, 1), 255.0)], 1).astype(np.ubyte)


DIVERGING_LUT = diverging_lut()


def light_diverging_lut(n=256, lighten=0.45) -> np.ndarray:
    """(n, 4) uint8: orange → white → blue, lightened so that points drawn on
    top of a decision map stay visible (the data view, compared runs)."""
    t = np.linspace(-1.0, 1.0, n)[:, None]
    neg, pos = np.array(ORANGE, float), np.array(BLUE, float)
    white = np.full(3, 255.0)
    rgb = np.where(t < 0, white + (neg - white) * (-t), white + (pos - white) * t)
    rgb = 255 - (255 - rgb) * lighten
    return np.concatenate([rgb, np.full((n, 1), 255.0)], 1).round().astype(np.ubyte)


def signed_color(value: float, scale: float) -> tuple:
    """RGB for a signed value on the diverging map (|value| ≥ scale saturates)."""
    t = 0.0 if scale <= 0 else max(-1.0, min(1.0, value / scale))
    i = int(round((t + 1.0) * 0.5 * (len(DIVERGING_LUT) - 1)))
    r, g, b, _ = DIVERGING_LUT[i]
    return int(r), int(g), int(b)


def class_blend(probs: np.ndarray, alpha=1.0) -> np.ndarray:
    """(..., K) probabilities → (..., 4) uint8 RGBA blending class colours,
    lightened so points drawn on top stay visible."""
    K = probs.shape[-1]
    cols = np.array(CLASS_COLORS[:K], float)
    rgb = probs @ cols
    rgb = 255 - (255 - rgb) * 0.75
    a = np.full(probs.shape[:-1] + (1,), 255.0 * alpha)
    return np.concatenate([rgb, a], -1).clip(0, 255).astype(np.ubyte)


def hex_color(rgb) -> str:
    """"#rrggbb" for HTML labels."""
    r, g, b = (int(c) for c in rgb[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def css(rgb) -> str:
    """"rgb(r,g,b)" for Qt style sheets."""
    return "rgb({},{},{})".format(*(int(c) for c in rgb[:3]))


def fmt(v, digits=4) -> str:
    """A number for people: 4 significant digits, a real minus sign."""
    try:
        v = float(v)
    except (TypeError, ValueError):
        return str(v)
    if not np.isfinite(v):
        return "∞" if v > 0 else ("−∞" if v < 0 else "NaN")
    s = f"{v:.{digits}g}"
    return s.replace("-", "−")
