"""The application's font: text laid out without OpenType shaping where its script needs none.

Qt shapes every string it measures or draws with HarfBuzz, unless the font asks it not to
(`QFont.PreferNoShaping`) and the script does not require shaping (Han and Latin do not; Arabic
and the Indic scripts do, and are still shaped). On a switch to an indicator page not built yet,
shaping was 15 % of the instructions (measured with bench/probe_switch_instructions.py), spent
again at every measure and every paint of each label.

What it changes on screen: Chinese text is drawn to the same pixels (tests/ui/test_app_font.py
draws every bundled rubric's Chinese texts both ways and compares them); Latin text loses its
OpenType kerning and ligatures ("fi"), a cosmetic difference in the English interface.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QGuiApplication


def prefer_unshaped_text(app: QGuiApplication) -> None:
    """Set the application font's style strategy (every widget's font inherits it)."""
    font = app.font()
    if not font.styleStrategy() & QFont.StyleStrategy.PreferNoShaping:
        font.setStyleStrategy(font.styleStrategy() | QFont.StyleStrategy.PreferNoShaping)
        app.setFont(font)
