""".NET numbers as PowerShell uses them: which type a number is, arithmetic with
PowerShell's widening, and .NET's numeric format strings.

Python's ``int`` and ``float`` carry Int32/Int64 and Double; :class:`Int64` marks a
number that is an Int64 although it would fit an Int32 (``[long]5``, ``5L``), and
``decimal.Decimal`` is ``[decimal]``. Rules (about_Arithmetic_Operators, PowerShell's
``ParserOps``/``ArithmeticOps``):

- The result has the wider operand's type: Int32 < Int64 < Double; Decimal wins over
  all of them. An integer result that overflows its type becomes a Double
  (``[int]::MaxValue + 1`` is ``2147483648``, a Double).
- ``/`` of two integers is an integer when it divides evenly, else a Double
  (``7/2`` is ``3.5``, ``6/2`` is ``3``).
- ``%`` takes the sign of the dividend, as C#'s ``%`` does (``-7 % 3`` is ``-1``).
- Integer division by zero is ``Attempted to divide by zero.``; a Double division by
  zero is Infinity or NaN.
- Converting to an integer type rounds half to even (``[int]2.5`` is 2), as .NET does.

Formatting follows .NET's numeric format strings, en-US culture where a culture
matters (``N``, ``C``, ``P``): standard ones (``C D E F G N P R X``, with precision)
and custom ones (``0 # . , % E0 ;`` sections, quoted literals). Midpoints round away
from zero, as .NET's formatting does (``{0:F0}`` of 2.5 is ``3``).
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


class Int64(int):
    """An Int64 whose value would also fit an Int32 (``[long]5``)."""

    def __repr__(self) -> str:
        return f"Int64({int(self)})"

    def __str__(self) -> str:  # its text is the number's, as .NET's ToString()
        return int.__repr__(self)


class NumberError(Exception):
    """A number operation .NET refuses; ``message`` is its text."""

    def __init__(self, message: str, error_id: str = "RuntimeException") -> None:
        super().__init__(message)
        self.message = message
        self.error_id = error_id


DIVIDE_BY_ZERO = "Attempted to divide by zero."
BAD_FORMAT = "Input string was not in a correct format."


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def kind(value: Any) -> str:
    """``Int32``, ``Int64``, ``Double`` or ``Decimal`` (booleans count as Int32)."""
    if isinstance(value, float):
        return "Double"
    if isinstance(value, Decimal):
        return "Decimal"
    if isinstance(value, Int64) or not INT32_MIN <= int(value) <= INT32_MAX:
        return "Int64"
    return "Int32"


_RANK = {"Int32": 0, "Int64": 1, "Double": 2, "Decimal": 3}


def _integer_result(value: int, wider: str) -> int | float:
    if wider == "Int32":
        return value if INT32_MIN <= value <= INT32_MAX else float(value)
    if INT64_MIN <= value <= INT64_MAX:
        return value if not INT32_MIN <= value <= INT32_MAX else Int64(value)
    return float(value)


def _truncated_division(a: int, b: int) -> tuple[int, int]:
    """C#'s integer ``/`` and ``%``: the quotient rounds toward zero."""
    q = abs(a) // abs(b)
    if (a < 0) != (b < 0):
        q = -q
    return q, a - b * q


def remainder(a: int, b: int) -> int:
    """C#'s integer ``%`` (the sign of the dividend); ``b`` is not 0."""
    return _truncated_division(a, b)[1]


def arithmetic(op: str, a: int | float | Decimal, b: int | float | Decimal) -> Any:
    """``a op b`` for two numbers (``+ - * / %``), with PowerShell's result type."""
    wider = max(kind(a), kind(b), key=_RANK.__getitem__)
    if wider == "Decimal":
        x, y = Decimal(str(a)) if isinstance(a, float) else Decimal(a), \
            Decimal(str(b)) if isinstance(b, float) else Decimal(b)
        if op in "/%" and y == 0:
            raise NumberError(DIVIDE_BY_ZERO)
        if op == "%":
            return x - y * (x / y).to_integral_value(rounding="ROUND_DOWN")
        return {"+": x + y, "-": x - y, "*": x * y, "/": x / y}[op]
    if wider == "Double":
        u, v = float(a), float(b)
        if op == "/":
            if v == 0:
                return math.nan if u == 0 or math.isnan(u) else math.copysign(math.inf, u) * (
                    math.copysign(1, v))
            return u / v
        if op == "%":
            return math.fmod(u, v) if v != 0 else math.nan
        return {"+": u + v, "-": u - v, "*": u * v}[op]
    i, j = int(a), int(b)
    if op in "/%" and j == 0:
        raise NumberError(DIVIDE_BY_ZERO)
    if op == "/":
        q, r = _truncated_division(i, j)
        return _integer_result(q, wider) if r == 0 else i / j
    if op == "%":
        return _integer_result(_truncated_division(i, j)[1], wider)
    return _integer_result({"+": i + j, "-": i - j, "*": i * j}[op], wider)


def _wrapped(value: int, bits: int) -> int:
    """``value`` cut to a signed integer of ``bits`` bits, as .NET's unchecked ints."""
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def _integer_operand(value: int | float | Decimal) -> tuple[int, int]:
    """An operand of a bitwise operator as an integer and its width (32 or 64 bits);
    a fractional number rounds as .NET converts it."""
    if isinstance(value, (float, Decimal)):
        whole = round_half_even(value)
        return whole, 32 if INT32_MIN <= whole <= INT32_MAX else 64
    return int(value), 32 if kind(value) == "Int32" else 64


def _of_width(value: int, bits: int) -> int:
    wrapped = _wrapped(value, bits)
    return wrapped if bits == 32 or not INT32_MIN <= wrapped <= INT32_MAX else Int64(wrapped)


def bitwise(op: str, a: int | float | Decimal, b: int | float | Decimal) -> int:
    """``-band -bor -bxor -shl -shr`` (about_Arithmetic_Operators): on Int32 unless an
    operand is wider, then Int64; a shift counts modulo the width and ``-shr`` keeps
    the sign, as .NET's ``<<`` and ``>>``."""
    i, width_i = _integer_operand(a)
    j, width_j = _integer_operand(b)
    if op in ("-shl", "-shr"):
        bits = width_i
        count = j & (bits - 1)
        return _of_width(i << count if op == "-shl" else i >> count, bits)
    bits = max(width_i, width_j)
    result = {"-band": i & j, "-bor": i | j, "-bxor": i ^ j}[op]
    return _of_width(result, bits)


def bitwise_not(value: int | float | Decimal) -> int:
    """``-bnot``: the one's complement in the operand's width."""
    i, bits = _integer_operand(value)
    return _of_width(~i, bits)


def negate(value: int | float | Decimal) -> Any:
    if isinstance(value, (float, Decimal)):
        return -value
    return _integer_result(-int(value), kind(value))


def round_half_even(value: float | Decimal) -> int:
    """.NET's conversion of a fractional number to an integer type."""
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


# ---------------------------------------------------------------------- text of a number


def double_text(value: float) -> str:
    """A Double as .NET prints it: shortest round-trip digits, ``E+XX`` past 1E15."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0" if math.copysign(1, value) > 0 else "-0"
    digits, exponent = _shortest_digits(value)
    sign = "-" if value < 0 else ""
    point = exponent + 1  # digits before the decimal point
    if -5 < exponent < 15:
        if point <= 0:
            return sign + "0." + "0" * -point + digits
        if point >= len(digits):
            return sign + digits + "0" * (point - len(digits))
        return sign + digits[:point] + "." + digits[point:]
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{sign}{mantissa}E{'+' if exponent >= 0 else '-'}{abs(exponent):02d}"


def _shortest_digits(value: float) -> tuple[str, int]:
    """Significant digits of ``repr(value)`` (the shortest that round-trip) and the
    decimal exponent of the first one."""
    exact = Decimal(repr(abs(value))).normalize()
    digits = "".join(str(d) for d in exact.as_tuple().digits)
    return digits, exact.adjusted()


def ps_double_text(value: float) -> str:
    """A Double as PowerShell itself turns it into text (display, ``"$x"``, ``[string]``,
    ``-join``): .NET's ``G15``, LanguagePrimitives.DoublePrecision, so ``0.1 + 0.2``
    reads ``0.3`` and ``1/3`` ``0.333333333333333``. ``.ToString()``, ``-f`` and JSON
    call .NET directly and keep :func:`double_text`'s round-trip digits."""
    if math.isnan(value) or math.isinf(value):
        return double_text(value)
    return _general(value, 15)


def number_text(value: Any) -> str:
    """Any number's invariant ToString()."""
    if isinstance(value, float):
        return double_text(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(int(value))


# ---------------------------------------------------------------------- format strings

_STANDARD = re.compile(r"([A-Za-z])(\d{0,9})\Z")


def _exact(value: Any) -> Decimal:
    if isinstance(value, float):
        return Decimal(value)
    return value if isinstance(value, Decimal) else Decimal(int(value))


def _fixed(value: Any, decimals: int) -> str:
    """|value| with ``decimals`` decimals, midpoints away from zero."""
    quantum = Decimal(1).scaleb(-decimals)
    return str(abs(_exact(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def _group(whole: str) -> str:
    return f"{int(whole):,}"


def _scientific(value: Any, precision: int, letter: str, exp_digits: int = 3) -> str:
    exact = abs(_exact(value))
    if exact == 0:
        mantissa, exponent = "0" + ("." + "0" * precision if precision else ""), 0
    else:
        exponent = exact.adjusted()
        scaled = (exact.scaleb(-exponent)).quantize(
            Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP)
        if scaled >= 10:
            exponent += 1
            scaled = (exact.scaleb(-exponent)).quantize(
                Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP)
        mantissa = str(scaled)
    sign = "+" if exponent >= 0 else "-"
    return f"{mantissa}{letter}{sign}{abs(exponent):0{exp_digits}d}"


def _negative(value: Any) -> bool:
    return bool(value < 0) and (not isinstance(value, float) or not math.isnan(value))


def format_number(value: Any, fmt: str) -> str:
    """``value.ToString(fmt)`` in en-US culture, for an Int32/Int64/Double/Decimal."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if not fmt:
        return number_text(value)
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return double_text(value)
    standard = _STANDARD.match(fmt)
    if standard is None:
        return _custom(value, fmt)
    letter, digits = standard.group(1), standard.group(2)
    precision = int(digits) if digits else None
    upper = letter.upper()
    sign = "-" if _negative(value) else ""
    if upper == "D":
        if not isinstance(value, int) or isinstance(value, float):
            raise NumberError("Format specifier was invalid.", "FormatException")
        return sign + str(abs(int(value))).rjust(precision or 0, "0")
    if upper == "X":
        if not isinstance(value, int):
            raise NumberError("Format specifier was invalid.", "FormatException")
        bits = 64 if kind(value) == "Int64" else 32
        text = format(int(value) & ((1 << bits) - 1), "X" if letter == "X" else "x")
        return text.rjust(precision or 0, "0")
    if upper == "F":
        text = _fixed(value, 2 if precision is None else precision)
        return _signed(sign, text)
    if upper == "N":
        text = _fixed(value, 2 if precision is None else precision)
        whole, _, frac = text.partition(".")
        return _signed(sign, _group(whole) + ("." + frac if frac else ""))
    if upper == "P":
        text = _fixed(_exact(value) * 100, 2 if precision is None else precision)
        whole, _, frac = text.partition(".")
        return _signed(sign, _group(whole) + ("." + frac if frac else "") + "%")
    if upper == "C":
        text = _fixed(value, 2 if precision is None else precision)
        whole, _, frac = text.partition(".")
        return _signed(sign, "$" + _group(whole) + ("." + frac if frac else ""))
    if upper == "E":
        return _signed(sign, _scientific(value, 6 if precision is None else precision, letter))
    if upper in ("G", "R"):
        if precision is None or upper == "R":
            text = number_text(value)
        else:
            text = _general(value, precision)
        return text if letter.isupper() else text.replace("E", "e")
    return _custom(value, fmt)


def _signed(sign: str, text: str) -> str:
    """A minus sign only when something other than zeros is shown (.NET: no ``-0.00``)."""
    return sign + text if sign and any(c in "123456789" for c in text) else text


def _general(value: Any, precision: int) -> str:
    exact = _exact(value)
    if exact == 0:
        return "0"
    rounded = abs(exact).quantize(Decimal(1).scaleb(abs(exact).adjusted() - precision + 1),
                                  rounding=ROUND_HALF_UP)
    exponent = rounded.adjusted()
    sign = "-" if exact < 0 else ""
    if exponent >= precision or exponent <= -5:
        digits = str(rounded.scaleb(-exponent).normalize())
        return f"{sign}{digits}E{'+' if exponent >= 0 else '-'}{abs(exponent):02d}"
    text = format(rounded.normalize(), "f")
    return sign + text


def _sections(fmt: str) -> list[str]:
    """Split a custom format at unquoted ``;``."""
    parts, current, quote, i = [], [], "", 0
    while i < len(fmt):
        c = fmt[i]
        if quote:
            current.append(c)
            if c == quote:
                quote = ""
        elif c in "'\"":
            quote = c
            current.append(c)
        elif c == "\\" and i + 1 < len(fmt):
            current.append(fmt[i : i + 2])
            i += 1
        elif c == ";":
            parts.append("".join(current))
            current = []
        else:
            current.append(c)
        i += 1
    parts.append("".join(current))
    return parts


def _custom(value: Any, fmt: str) -> str:
    """.NET custom numeric format: ``0 # . , % ‰ E+0``, literals, sections."""
    sections = _sections(fmt)
    exact = _exact(value)
    section = sections[0]
    negative_section = False
    if exact < 0 and len(sections) > 1 and sections[1]:
        section, negative_section = sections[1], True
    elif exact == 0 and len(sections) > 2 and sections[2]:
        section = sections[2]
    text = _custom_section(abs(exact) if negative_section or exact >= 0 else -exact, section)
    if exact < 0 and not negative_section and any(c in "123456789" for c in text):
        text = "-" + text
    return text


def _custom_section(number: Decimal, fmt: str) -> str:
    # Tokenise into placeholders and literals.
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(fmt):
        c = fmt[i]
        if c in "'\"":
            end = fmt.find(c, i + 1)
            end = len(fmt) if end < 0 else end
            tokens.append(("lit", fmt[i + 1 : end]))
            i = end + 1
            continue
        if c == "\\" and i + 1 < len(fmt):
            tokens.append(("lit", fmt[i + 1]))
            i += 2
            continue
        if c in "Ee" and i + 1 < len(fmt) and (fmt[i + 1] == "0" or (
                fmt[i + 1] in "+-" and fmt[i + 2 : i + 3] == "0")):
            j = i + 1
            sign = ""
            if fmt[j] in "+-":
                sign = fmt[j]
                j += 1
            k = j
            while k < len(fmt) and fmt[k] == "0":
                k += 1
            tokens.append(("exp", f"{c}{sign}{k - j}"))
            i = k
            continue
        tokens.append(("ph" if c in "0#.,%‰" else "lit", c))
        i += 1
    placeholders = "".join(t for k, t in tokens if k == "ph")
    if "." in placeholders:
        int_part, frac_part = placeholders.split(".", 1)
    else:
        int_part, frac_part = placeholders, ""
    # Thousands scaling: commas right before the point (or end) divide by 1000 each.
    scale_commas = len(int_part) - len(int_part.rstrip(","))
    grouping = "," in int_part.rstrip(",")
    int_part = int_part.replace(",", "")
    frac_part = frac_part.replace(",", "")
    if "%" in placeholders:
        number *= 100
    if "‰" in placeholders:
        number *= 1000
    number = number.scaleb(-3 * scale_commas)
    exp_token = next((t for k, t in tokens if k == "exp"), None)
    exponent = 0
    int_digits_wanted = int_part.replace("%", "").replace("‰", "")
    if exp_token is not None and number != 0:
        lead = max(1, len(int_digits_wanted))
        exponent = number.adjusted() - (lead - 1)
        number = number.scaleb(-exponent)
    decimals = len(frac_part.replace("%", "").replace("‰", ""))
    rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if exp_token is not None and rounded >= Decimal(10) ** max(1, len(int_digits_wanted)):
        exponent += 1
        rounded = number.scaleb(-1).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    whole, _, frac = f"{rounded:f}".partition(".")
    whole = whole.lstrip("0")
    min_int = int_digits_wanted.count("0")
    if min_int:
        first_zero = int_digits_wanted.index("0")
        min_int = len(int_digits_wanted) - first_zero
    whole = whole.rjust(min_int, "0")
    if grouping and whole:
        whole = f"{int(whole):,}"
    frac_spec = frac_part.replace("%", "").replace("‰", "")
    frac = frac.ljust(len(frac_spec), "0")
    last_zero = frac_spec.rfind("0")
    keep = len(frac.rstrip("0"))
    frac = frac[: max(keep, last_zero + 1)]
    # Emit: literals keep their place; the number goes where its placeholders were.
    out: list[str] = []
    number_done = False
    for kind_, text in tokens:
        if kind_ == "lit":
            out.append(text)
        elif kind_ == "exp":
            letter, sign, width = text[0], text[1:-1] if len(text) > 2 else "", int(text[-1])
            digits = str(abs(exponent)).rjust(width, "0")
            if exponent < 0:
                out.append(f"{letter}-{digits}")
            else:
                out.append(f"{letter}{'+' if sign == '+' else ''}{digits}")
        elif text in "%‰":
            out.append(text)
        elif not number_done:
            number_done = True
            out.append(whole + ("." + frac if frac else ""))
    return "".join(out)


def parse_number(text: str) -> int | float | Decimal:
    """A string as PowerShell converts it to a number (``"5"``, ``"0x1F"``, ``"1.5e3"``,
    ``" 7 "``); raises ValueError if it is not one."""
    s = text.strip()
    if not s:
        return 0
    sign = -1 if s.startswith("-") else 1
    body = s[1:] if s[:1] in "+-" else s
    if _HEX.fullmatch(body):
        return sign * int(body, 16)
    if _DIGITS.fullmatch(body):
        value = sign * int(body)
        if INT64_MIN <= value <= INT64_MAX:
            return value
        return float(value)
    if _REAL.fullmatch(body):
        return sign * float(body)
    raise ValueError(text)


_HEX = re.compile(r"0[xX][0-9a-fA-F]+")
_DIGITS = re.compile(r"\d+")
_REAL = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
