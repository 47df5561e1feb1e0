"""Decimal parsing for scores and points: never floats, always exact strings.

One grammar for every score a file or the command line gives: `^[0-9]+(\\.[0-9]{1,2})?$`
(ASCII digits only, no sign, no exponent, no underscores, no spaces, at most two
decimals, at most 6 integer digits). Python's `Decimal()` alone is far too lenient: it
reads "0_5" as 5, "1e-999999999" as 0, and accepts "+1" and full-width digits.
"""

from __future__ import annotations

import re
from decimal import Decimal

SCORE_GRAMMAR = r"^[0-9]{1,6}(\.[0-9]{1,2})?$"
_SCORE_RE = re.compile(SCORE_GRAMMAR, re.ASCII)
MAX_INT = 999_999  # the largest whole number the grammar allows (6 digits)

# Full-width digits and point, as a Chinese input method types them: only the window
# normalises these (visibly); files and the CLI must use ASCII.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．。", "0123456789..")


def normalize_input_digits(text: str) -> str:
    """Full-width digits / point to ASCII, for text typed in the window (shown to the user)."""
    return text.translate(_FULLWIDTH).strip()


def parse_decimal(value: object, *, what: str) -> Decimal:
    """Parse a decimal from a grammar-conforming string or a small non-negative int.

    JSON score files carry decimals as strings ("1.5"); ints are accepted because a
    hand-written file may say 2. A float is refused because its value is not what
    the author wrote (0.1 is not 1/10 in binary).
    """
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{what}: expected a number written as a string like \"1.5\", got {value!r}")
    if isinstance(value, float):
        raise ValueError(f"{what}: write decimals as strings (\"{value}\"), not as JSON numbers with a fraction")
    if isinstance(value, int):
        if not 0 <= value <= MAX_INT:
            raise ValueError(f"{what}: {_short(value)} is out of range (0 to {MAX_INT})")
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite() or value < 0:
            raise ValueError(f"{what}: {value!r} is not a non-negative finite number")
        return value
    if isinstance(value, str):
        if not _SCORE_RE.fullmatch(value):  # fullmatch: '$' alone would let "1\n" through
            raise ValueError(f"{what}: {_short(value)!r} is not a number written like \"1.5\" "
                             "(digits 0-9, at most two decimals, no sign, exponent or spaces)")
        return Decimal(value)
    raise ValueError(f"{what}: expected a number written as a string, got {type(value).__name__}")


def _short(v: object) -> str:
    text = v if isinstance(v, str) else repr(v) if not isinstance(v, int) else _int_text(v)
    return text if len(text) <= 24 else text[:20] + "…"


def _int_text(v: int) -> str:
    try:
        return str(v)
    except ValueError:  # more digits than Python will print
        return "a huge number"


def fmt(d: Decimal) -> str:
    """Canonical text of a decimal: no exponent, no trailing zeros ("86.5", "30", "0")."""
    if d == 0:
        return "0"
    q = d.normalize()
    sign, digits, exp = q.as_tuple()
    if isinstance(exp, int) and exp > 0:
        q = q.quantize(Decimal(1))
    text = format(q, "f")
    return text
