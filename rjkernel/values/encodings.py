"""Bytes and text: ``[byte[]]``, ``[System.Text.Encoding]::UTF8.GetBytes/GetString``,
``[Convert]::ToBase64String/FromBase64String/ToInt32(x, 16)/ToString(n, 2)`` and
``[BitConverter]::ToString``.

A byte array is a list of ints (it prints one number per line, as PowerShell's does)
typed ``System.Byte[]``. Encodings follow .NET: ``GetBytes`` never writes a preamble,
invalid bytes decode to U+FFFD, ASCII turns what it cannot encode into ``?``.
References: learn.microsoft.com, System.Text.Encoding, System.Convert, System.BitConverter.
"""

from __future__ import annotations

import base64
import binascii
import functools
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from rjkernel.values import numbers, types
from rjkernel.values.membertable import (
    StaticMembers,
    TypeMembers,
    register_members,
    register_statics,
)
from rjkernel.values.operators import to_number, to_string
from rjkernel.values.reference import out_argument
from rjkernel.values.strings import MethodFault


class ByteArray(list[int]):
    """``System.Byte[]``: what GetBytes and FromBase64String return."""

    type_names = ("System.Byte[]", "System.Array", "System.Object")


def _byte(value: Any) -> int:
    number = to_number(value)
    result = number if isinstance(number, int) else numbers.round_half_even(number)
    if not 0 <= result <= 255:
        raise types.CastFailure("Value was either too large or too small for an unsigned "
                                "byte.")
    return int(result)


def to_bytes(value: Any) -> bytes:
    """A byte-array argument as Python bytes."""
    if value is None:
        raise MethodFault("Value cannot be null. (Parameter 'bytes')")
    items = value if isinstance(value, (list, tuple)) else [value]
    try:
        return bytes(_byte(item) for item in items)
    except types.CastFailure as exc:
        raise MethodFault(exc.reason or "Cannot convert argument.") from None


def _byte_array(value: Any) -> ByteArray | None:
    if value is None:
        return None
    if isinstance(value, ByteArray):
        return value
    items: Iterable[Any] = value if isinstance(value, (list, tuple)) else [value]
    return ByteArray(_byte(item) for item in items)


types.register(types.PSType("System.Byte[]", ("byte[]",), lambda v: isinstance(v, ByteArray),
                            _byte_array, "System.Array", collection=True))


# ---------------------------------------------------------------------- encodings


class EncodingValue:
    """One ``System.Text.Encoding``: its Python codec and the names .NET gives it."""

    def __init__(self, codec: str, web_name: str, encoding_name: str, code_page: int,
                 type_name: str, preamble: bytes = b"") -> None:
        self.codec = codec
        self.web_name = web_name
        self.encoding_name = encoding_name
        self.code_page = code_page
        self.preamble = preamble
        self.type_names = (type_name, "System.Text.Encoding", "System.Object")

    def encode(self, text: Any) -> ByteArray:
        if text is None:
            raise MethodFault("Value cannot be null. (Parameter 's')")
        chars = "".join(to_string(c) for c in text) if isinstance(text, list) else \
            to_string(text)
        errors = "replace" if self.codec == "ascii" else "surrogatepass"
        return ByteArray(chars.encode(self.codec, errors))

    def decode(self, data: Any, index: Any = 0, count: Any = None) -> str:
        raw = to_bytes(data)
        start = int(to_number(index))
        end = len(raw) if count is None else start + int(to_number(count))
        if self.codec == "ascii":
            return "".join(chr(b) if b < 128 else "?" for b in raw[start:end])
        return raw[start:end].decode(self.codec, "replace")

    def ps_properties(self) -> dict[str, Any]:
        return {
            "Preamble": ByteArray(self.preamble), "BodyName": self.web_name,
            "EncodingName": self.encoding_name, "HeaderName": self.web_name,
            "WebName": self.web_name, "WindowsCodePage": 1200 if "16" in self.codec or
            "32" in self.codec else 1252, "IsBrowserDisplay": self.code_page in (65001, 1200),
            "IsBrowserSave": self.code_page in (65001, 1200),
            "IsMailNewsDisplay": self.code_page in (65001, 20127),
            "IsMailNewsSave": self.code_page in (65001, 20127),
            "IsSingleByte": self.codec in ("ascii", "latin-1"),
            "EncoderFallback": "System.Text.EncoderReplacementFallback",
            "DecoderFallback": "System.Text.DecoderReplacementFallback",
            "IsReadOnly": True, "CodePage": self.code_page,
        }

    def __str__(self) -> str:
        return self.type_names[0]


_UTF8_BOM = b"\xef\xbb\xbf"
_ENCODINGS = {
    "UTF8": EncodingValue("utf-8", "utf-8", "Unicode (UTF-8)", 65001,
                          "System.Text.UTF8Encoding+UTF8EncodingSealed", _UTF8_BOM),
    "ASCII": EncodingValue("ascii", "us-ascii", "US-ASCII", 20127,
                           "System.Text.ASCIIEncoding+ASCIIEncodingSealed"),
    "Unicode": EncodingValue("utf-16-le", "utf-16", "Unicode", 1200,
                             "System.Text.UnicodeEncoding", b"\xff\xfe"),
    "BigEndianUnicode": EncodingValue("utf-16-be", "utf-16BE", "Unicode (Big-Endian)", 1201,
                                      "System.Text.UnicodeEncoding", b"\xfe\xff"),
    "UTF32": EncodingValue("utf-32-le", "utf-32", "Unicode (UTF-32)", 12000,
                           "System.Text.UTF32Encoding", b"\xff\xfe\x00\x00"),
    "Latin1": EncodingValue("latin-1", "iso-8859-1", "Western European (ISO)", 28591,
                            "System.Text.Latin1Encoding+Latin1EncodingSealed"),
}
_UTF8_NO_BOM = EncodingValue("utf-8", "utf-8", "Unicode (UTF-8)", 65001,
                             "System.Text.UTF8Encoding")


def get_encoding(name: Any) -> EncodingValue:
    """Encoding.GetEncoding: by web name (``utf-8``), .NET name or code page."""
    key = to_string(name).strip().lower().replace("-", "").replace("_", "")
    for encoding in _ENCODINGS.values():
        if key in (encoding.web_name.replace("-", "").lower(), str(encoding.code_page),
                   encoding.codec.replace("-", "")):
            return encoding
    found = next((e for n, e in _ENCODINGS.items() if n.lower() == key), None)
    if found is None:
        raise MethodFault(f"'{to_string(name)}' is not a supported encoding name. For "
                          "information on defining a custom encoding, see the documentation "
                          "for the Encoding.RegisterProvider method. (Parameter 'name')")
    return found


register_members(EncodingValue, TypeMembers(
    properties={},
    methods={
        "GetBytes": (EncodingValue.encode, "byte[] GetBytes(string s), byte[] GetBytes("
                                           "char[] chars)"),
        "GetByteCount": (lambda e, s: len(e.encode(s)), "int GetByteCount(string s)"),
        "GetString": (EncodingValue.decode, "string GetString(byte[] bytes), string "
                                            "GetString(byte[] bytes, int index, int count)"),
        "GetPreamble": (lambda e: ByteArray(e.preamble), "byte[] GetPreamble()"),
    },
))

types.register(types.PSType("System.Text.Encoding", (),
                            lambda v: isinstance(v, EncodingValue), lambda v: v))
register_statics("System.Text.Encoding", StaticMembers(
    properties={**{name: functools.partial(_ENCODINGS.get, name)
                   for name in _ENCODINGS}, "Default": lambda: _UTF8_NO_BOM},
    methods={"GetEncoding": get_encoding},
))
types.register(types.PSType(
    "System.Text.UTF8Encoding", (), lambda v: isinstance(v, EncodingValue), lambda v: v,
    new=lambda bom=False, *_: _ENCODINGS["UTF8"] if bom is True else _UTF8_NO_BOM))


# ---------------------------------------------------------------------- Convert

_DIGITS = {2: "01", 8: "01234567", 10: "0123456789", 16: "0123456789abcdef"}


def _base(value: Any, parameter: str) -> int:
    base = int(to_number(value))
    if base not in _DIGITS:
        raise MethodFault(f"Invalid Base. (Parameter '{parameter}')")
    return base


def _integer(bits: int, name: str) -> Any:
    """Convert.ToInt32/ToInt64: a number rounded to even, text parsed; with a base, text
    in base 2, 8, 10 or 16 read as the two's complement of ``bits`` bits."""
    low, high = -(1 << (bits - 1)), (1 << (bits - 1)) - 1

    def convert(value: Any, base: Any = None) -> int:
        if base is not None:
            return _from_base(to_string(value), _base(base, "fromBase"), bits)
        if value is None:
            return 0
        if isinstance(value, str):
            try:
                number: Any = int(value.strip())
            except ValueError:
                raise MethodFault(f"The input string '{value}' was not in a correct format."
                                  ) from None
        else:
            number = to_number(value)
        result = number if isinstance(number, int) else numbers.round_half_even(number)
        if not low <= result <= high:
            raise MethodFault(f"Value was either too large or too small for an {name}.")
        return numbers.Int64(result) if bits == 64 else int(result)

    return convert


def _from_base(text: str, base: int, bits: int) -> int:
    digits = text.strip().lower()
    if base == 16 and digits.startswith("0x"):
        digits = digits[2:]
    negative = base == 10 and digits.startswith("-")
    digits = digits.removeprefix("-") if negative else digits
    if not digits:
        raise MethodFault("Index was out of range. Must be non-negative and less than the "
                          "size of the collection. (Parameter 'startIndex')")
    if any(c not in _DIGITS[base] for c in digits):
        raise MethodFault("Could not find any recognizable digits." if digits[0] not in
                          _DIGITS[base] else "Additional non-parsable characters are at the "
                                             "end of the string.")
    value = int(digits, base)
    if value >= 1 << bits or (base == 10 and value > (1 << (bits - 1)) - (not negative)):
        raise MethodFault(f"Value was either too large or too small for an Int{bits}.")
    if negative:
        return -value
    return value - (1 << bits) if value >= 1 << (bits - 1) else value


def _to_string(value: Any, base: Any = None) -> str:
    """Convert.ToString: an integer in base 2, 8, 10 or 16 (negative: two's complement)."""
    if base is None:
        return to_string(value)
    radix = _base(base, "toBase")
    number = int(to_number(value))
    if radix == 10:
        return str(number)
    if number < 0:
        width = 32 if number >= -(1 << 31) and not isinstance(value, numbers.Int64) else 64
        number += 1 << width
    return format(number, {2: "b", 8: "o", 16: "x"}[radix])


def _from_base64(text: Any) -> ByteArray:
    try:
        return ByteArray(base64.b64decode("".join(to_string(text).split()), validate=True))
    except (binascii.Error, ValueError):
        raise MethodFault("The input is not a valid Base-64 string as it contains a non-base "
                          "64 character, more than two padding characters, or an illegal "
                          "character among the padding characters.") from None


def _to_double(value: Any) -> float:
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            raise MethodFault(f"The input string '{value}' was not in a correct format."
                              ) from None
    return float(to_number(value)) if value is not None else 0.0


types.register(types.PSType("System.Convert", (), lambda v: False, lambda v: v))
register_statics("System.Convert", StaticMembers(
    properties={},
    methods={
        "ToBase64String": lambda data, *_: base64.b64encode(to_bytes(data)).decode("ascii"),
        "FromBase64String": _from_base64,
        "ToInt32": _integer(32, "Int32"),
        "ToInt64": _integer(64, "Int64"),
        "ToInt16": _integer(16, "Int16"),
        "ToByte": lambda value, base=None: _byte_of(value, base),
        "ToString": _to_string,
        "ToDouble": _to_double,
        "ToDecimal": lambda value: Decimal(to_string(value).strip()),
        "ToBoolean": lambda value: types.cast("bool", value) if not isinstance(value, str)
        else _boolean(value),
        "ToDateTime": lambda value: types.cast("datetime", value),
        "ToChar": lambda value: types.cast("char", value),
    },
))


def _byte_of(value: Any, base: Any) -> int:
    number = _from_base(to_string(value), _base(base, "fromBase"), 64) if base is not None \
        else _integer(32, "Int32")(value)
    if not 0 <= number <= 255:
        raise MethodFault("Value was either too large or too small for an unsigned byte.")
    return number


def _boolean(text: str) -> bool:
    word = text.strip().lower()
    if word not in ("true", "false"):
        raise MethodFault(f"String '{text}' was not recognized as a valid Boolean.")
    return word == "true"


types.register(types.PSType("System.BitConverter", (), lambda v: False, lambda v: v))
register_statics("System.BitConverter", StaticMembers(
    properties={"IsLittleEndian": lambda: True},
    methods={"ToString": lambda data, *_: "-".join(f"{b:02X}" for b in to_bytes(data))},
))


# ---------------------------------------------------------------------- Int32.Parse …


def _parse(convert: Any) -> Any:
    """Int32.Parse / Int64.Parse / Double.Parse: the argument read as text."""
    def parse(text: Any, *_: Any) -> Any:
        if text is None:
            raise MethodFault("Value cannot be null. (Parameter 's')")
        return convert(to_string(text))

    return parse


def _try_parse(convert: Any) -> Any:
    """Int32.TryParse(s, [ref]$n) …: whether ``s`` parses; ``$n`` gets the number or 0."""
    def try_parse(text: Any, result: Any) -> bool:
        box = out_argument(result, 2)
        try:
            number = None if text is None else convert(to_string(text))
        except MethodFault:
            number = None
        box.value = convert("0") if number is None else number
        return number is not None

    return try_parse


for _name, _convert in (("System.Int32", _integer(32, "Int32")),
                        ("System.Int64", _integer(64, "Int64")),
                        ("System.Double", _to_double)):
    register_statics(_name, StaticMembers(properties={}, methods={
        "Parse": _parse(_convert), "TryParse": _try_parse(_convert)}))
