"""Decimal parsing for scores and points: never floats, always exact strings."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def parse_decimal(value: object, *, what: str) -> Decimal:
    """Parse a decimal from a string or int (floats and bools are refused).

    JSON score files carry decimals as strings ("1.5"); ints are accepted because a
    hand-written file may say 2. A float is refused because its value is not what
    the author wrote (0.1 is not 1/10 in binary).
    """
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{what}: expected a number written as a string like \"1.5\", got {value!r}")
    if isinstance(value, float):
        raise ValueError(f"{what}: write decimals as strings (\"{value}\"), not as JSON numbers with a fraction")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, str):
        text = value.strip()
        try:
            d = Decimal(text)
        except (InvalidOperation, ValueError):
            raise ValueError(f"{what}: {value!r} is not a number") from None
    else:
        raise ValueError(f"{what}: expected a number written as a string, got {type(value).__name__}")
    if not d.is_finite():
        raise ValueError(f"{what}: {value!r} is not a finite number")
    return d


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
