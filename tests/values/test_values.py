"""The value model against PowerShell's documented behaviour (pure: no engine).

Each test names the reference page it follows.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from rjkernel.errors import PSError
from rjkernel.values import dates, members, numbers, regexes, strings, types
from rjkernel.values import operators as ops
from rjkernel.values.builtins import index_value
from rjkernel.values.composite import format_operator
from rjkernel.values.objects import Char, Hashtable, OrderedHashtable, PSObject
from tests.fixtures.runspace import Session

D = datetime(2026, 12, 2, 18, 40, 48, 123000)


# ---------------------------------------------------------------- about_Arithmetic_Operators


@pytest.mark.parametrize(("op", "a", "b", "result", "type_name"), [
    ("/", 7, 2, 3.5, "Double"),            # "7/2 # result = 3.5"
    ("/", 6, 2, 3, "Int32"),               # integer when it divides evenly
    ("%", -7, 3, -1, "Int32"),             # the remainder takes the dividend's sign
    ("+", 2147483647, 1, 2147483648.0, "Double"),  # Int32 overflow widens to Double
    ("+", 2147483648, 1, 2147483649, "Int64"),
    ("*", 2, 1.5, 3.0, "Double"),
])
def test_arithmetic_types(op: str, a: object, b: object, result: object, type_name: str) -> None:
    value = ops.arithmetic(op, a, b)
    assert value == result
    assert numbers.kind(value) == type_name


def test_integer_division_by_zero_is_an_error() -> None:
    with pytest.raises(PSError, match="Attempted to divide by zero"):
        ops.arithmetic("/", 1, 0)


def test_string_operands() -> None:
    assert ops.arithmetic("+", "10", 2) == "102"   # left string: concatenation
    assert ops.arithmetic("-", "10", 2) == 8       # else the string converts
    assert ops.arithmetic("*", "ab", 3) == "ababab"
    assert ops.arithmetic("+", 2, "3") == 5


# ---------------------------------------------------------------- about_Arrays


def test_array_append_and_index() -> None:
    failed: object = []
    failed = ops.arithmetic("+", failed, "web01")
    failed = ops.arithmetic("+", failed, "db01")
    assert failed == ["web01", "db01"]
    numbers_ = list(range(1, 11))
    assert index_value(numbers_, -1) == 10
    assert index_value(numbers_, [1, 2, 3]) == [2, 3, 4]
    assert index_value(numbers_, [0, 2]) == [1, 3]
    assert index_value(numbers_, 20) is None


def test_comparison_filters_arrays() -> None:  # about_Comparison_Operators
    assert ops.compare("-gt", [1, 2, 3], 1) == [2, 3]
    assert ops.compare("-contains", ["a", "B"], "b") is True
    assert ops.compare("-in", "web01", ["web01", "db01"]) is True
    assert ops.compare("-notin", "x", ["a"]) is True


# ---------------------------------------------------------------- about_Hash_Tables


def test_hashtable_members() -> None:
    h = Hashtable([("a", 1), ("b", 2)])
    assert members.get_property(h, "Count") == 2
    assert members.get_property(h, "Keys") == ["a", "b"]
    assert members.get_property(h, "Values") == [1, 2]
    assert members.call(h, "ContainsKey", ["A"]) is True
    assert members.get_property(Hashtable([("Count", 5)]), "Count") == 5  # keys first


def test_hashtable_addition_and_duplicates() -> None:
    merged = ops.arithmetic("+", Hashtable([("a", 1)]), Hashtable([("b", 2)]))
    assert list(merged.items()) == [("a", 1), ("b", 2)]
    with pytest.raises(PSError) as info:
        ops.arithmetic("+", Hashtable([("a", 1)]), Hashtable([("A", 2)]))
    assert info.value.record.message == (
        "Item has already been added. Key in dictionary: 'a'  Key being added: 'A'")
    ordered = ops.arithmetic("+", OrderedHashtable([("a", 1)]), Hashtable([("b", 2)]))
    assert isinstance(ordered, OrderedHashtable)


def test_ordered_index_by_position() -> None:
    o = OrderedHashtable([("x", "first"), ("y", "second")])
    assert index_value(o, 1) == "second"
    assert index_value(o, "x") == "first"
    assert types.type_of(o).full_name == "System.Collections.Specialized.OrderedDictionary"


# ---------------------------------------------------------------- DateTime / TimeSpan


def test_datetime_text_forms() -> None:  # about_Type_Conversion: invariant culture
    assert ops.to_string(D) == "12/02/2026 18:40:48"
    assert members.call(D, "ToString", []) == "12/2/2026 6:40:48 PM"
    assert dates.long_text(D) == "Wednesday, December 2, 2026 6:40:48 PM"
    assert members.call(D, "ToString", ["yyyy-MM-dd HH:mm:ss.fff"]) == "2026-12-02 18:40:48.123"
    assert members.call(D, "ToString", ["s"]) == "2026-12-02T18:40:48"
    assert str(members.get_property(D, "DayOfWeek")) == "Wednesday"


def test_datetime_arithmetic() -> None:
    span = ops.arithmetic("-", D, D - timedelta(minutes=1, seconds=5, milliseconds=123))
    assert span == timedelta(minutes=1, seconds=5, milliseconds=123)
    assert members.get_property(span, "TotalSeconds") == 65.123
    assert members.get_property(span, "Seconds") == 5
    assert members.get_property(span, "Milliseconds") == 123
    assert ops.to_string(span) == "00:01:05.1230000"
    assert members.call(D, "AddDays", [1]).day == 3
    assert members.call(D, "AddMonths", [-11]) == datetime(2026, 1, 2, 18, 40, 48, 123000)
    assert ops.compare("-lt", D, "2027-01-01") is True


def test_uformat() -> None:  # Get-Date -UFormat
    assert dates.uformat(D, "%Y-%m-%d %H:%M") == "2026-12-02 18:40"
    assert dates.uformat(D, "%A %j") == "Wednesday 336"


def test_timespan_formats() -> None:
    span = timedelta(days=1, hours=2, minutes=3, seconds=4)
    assert dates.format_timespan(span) == "1.02:03:04"
    assert dates.format_timespan(span, "g") == "1:2:03:04"
    assert dates.format_timespan(span, r"hh\:mm") == "02:03"
    with pytest.raises(dates.DateFormatError):
        dates.format_timespan(span, "hh:mm")  # .NET wants the colon escaped
    assert dates.parse_timespan("01:30:00") == timedelta(hours=1, minutes=30)


# ---------------------------------------------------------------- about_Type_Conversion


def test_casts() -> None:
    assert types.cast("int", 2.5) == 2        # round half to even
    assert types.cast("int", 3.5) == 4
    assert types.cast("int", "42") == 42
    assert types.cast("long", 5) == 5 and numbers.kind(types.cast("long", 5)) == "Int64"
    assert types.cast("string[]", [1, 2]) == ["1", "2"]
    assert types.cast("bool", "false") is True
    assert types.cast("char", 65) == "A"
    assert types.cast("datetime", "2026-12-02") == datetime(2026, 12, 2)
    assert types.cast("timespan", "00:05:00") == timedelta(minutes=5)
    assert isinstance(types.cast("pscustomobject", Hashtable([("a", 1)])), PSObject)
    with pytest.raises(PSError) as info:
        types.cast("int", "abc")
    assert info.value.record.message == ('Cannot convert value "abc" to type "System.Int32". '
                                         'Error: "The input string \'abc\' was not in a '
                                         'correct format."')
    with pytest.raises(PSError, match=r"Unable to find type \[nosuch\]"):
        types.cast("nosuch", 1)


def test_as_and_is() -> None:  # about_Type_Operators
    assert types.try_cast("int", "x") is None
    assert types.try_cast("int", "5") == 5
    assert types.is_instance(5, "int") is True
    assert types.is_instance(5, "long") is False
    assert types.is_instance("a", "string") is True
    assert types.is_instance([1], "array") is True
    assert types.is_instance(Char("a"), "char") is True


# ---------------------------------------------------------------- System.String


@pytest.mark.parametrize(("method", "target", "args", "result"), [
    ("Split", "a  b", [], ["a", "", "b"]),
    ("Split", "a,b;c", [",", ";"], ["a", "b", "c"]),
    ("Split", "a,b;c", [",;"], ["a,b;c"]),             # PowerShell 7: Split(string)
    ("Split", "a,,b", [[","], "RemoveEmptyEntries"], ["a", "b"]),
    ("Split", "a,b,c", [[","], 2], ["a", "b,c"]),
    ("Trim", "xxhixx", ["x"], "hi"),
    ("Replace", "a.b.c", [".", "-"], "a-b-c"),
    ("Substring", "hostname", [4], "name"),
    ("Substring", "hostname", [0, 4], "host"),
    ("IndexOf", "web01", ["01"], 3),
    ("PadLeft", "7", [3, "0"], "007"),
    ("StartsWith", "Web01", ["web", "OrdinalIgnoreCase"], True),
    ("Contains", "Web01", ["web"], False),
])
def test_string_methods(method: str, target: str, args: list[object], result: object) -> None:
    assert members.call(target, method, args) == result


def test_method_errors() -> None:
    with pytest.raises(PSError) as info:
        members.call("x", "Substring", [5])
    assert info.value.record.message == (
        'Exception calling "Substring" with "1" argument(s): "startIndex cannot be larger '
        "than length of string. (Parameter 'startIndex')\"")
    with pytest.raises(PSError, match='Cannot find an overload for "Substring" and the '
                                      'argument count: "3"'):
        members.call("x", "Substring", [1, 2, 3])
    with pytest.raises(PSError, match=r"\[System.String\] does not contain a method named "
                                      r"'Nope'"):
        members.call("x", "Nope", [])
    assert strings.split("", ",") == [""]


# ---------------------------------------------------------------- -f, -replace, -split


@pytest.mark.parametrize(("fmt", "args", "result"), [
    ("{0,10}|", "a", "         a|"),
    ("{0,-5}|", "a", "a    |"),
    ("{0:N2}", 1234.5, "1,234.50"),
    ("{0:D3}", 7, "007"),
    ("{0:F0}", 2.5, "3"),                     # .NET formatting rounds half away from zero
    ("{0:0.00}", 3.14159, "3.14"),
    ("{0:#,0}", 1234567, "1,234,567"),
    ("{0:X}", 255, "FF"),
    ("{0:yyyy-MM-dd}", D, "2026-12-02"),
    ("{0}", D, "12/2/2026 6:40:48 PM"),
    ("{{{0}}}", 1, "{1}"),
])
def test_format_operator(fmt: str, args: object, result: str) -> None:  # about_Operators
    assert format_operator(fmt, args) == result


def test_format_operator_error() -> None:
    with pytest.raises(PSError, match="Error formatting a string: Index"):
        format_operator("{1}", ["a"])


def test_replace_and_split() -> None:  # about_Regular_Expressions, about_Split
    assert ops.replace("web01", [r"(?<n>\d+)", "[${n}]"]) == "web[01]"
    assert ops.replace("a.b", [r"\.", "$$"]) == "a$b"
    assert ops.replace("abc", ["B", "x"], case=True) == "abc"
    assert ops.replace("abc", "b") == "ac"
    assert ops.split("a1b2c", r"\d") == ["a", "b", "c"]
    assert ops.split("a,b,c,d", [",", 2]) == ["a", "b,c,d"]
    assert ops.split("a,b,c,d", [",", -2]) == ["a,b,c", "d"]
    assert ops.split("a.b", [".", 0, "SimpleMatch"]) == ["a", "b"]
    assert ops.split("a-b", "(-)") == ["a", "-", "b"]       # captures are kept
    assert ops.split(" a  b ") == ["a", "b"]                # unary: whitespace, trimmed


def test_match_fills_matches() -> None:
    table = Hashtable()
    assert ops.match("web01-prod", r"(?<host>\w+)-(\w+)", matches=table)
    assert table["host"] == "web01" and table[1] == "prod" and table[0] == "web01-prod"


def test_dotnet_regex_translation() -> None:
    assert regexes.compile_regex(r"(?<a>x)\k<a>\z").search("xx")
    with pytest.raises(regexes.RegexError):
        regexes.compile_regex("(")


def test_double_text() -> None:
    assert numbers.double_text(0.1 + 0.2) == "0.30000000000000004"
    assert numbers.double_text(1e20) == "1E+20"
    assert numbers.double_text(1.5e-5) == "1.5E-05"
    assert numbers.double_text(math.inf) == "Infinity"
    assert numbers.number_text(Decimal("1.50")) == "1.50"


def test_powershell_shows_doubles_with_15_digits(ps: Session) -> None:
    # PowerShell's Conversions.Tests.ps1, 'float/double precision when converting to
    # string': [string], -as, "$x" and Out-String use G15 (LanguagePrimitives.
    # DoublePrecision); the .NET ToString() keeps the shortest round-trip digits.
    assert ps.run("1.1 * 3").stdout == "3.3\n"
    assert ps.run("(1.1 * 3).ToString()").stdout == "3.3000000000000003\n"
    assert ps.value('"$(1.1 * 6)"') == "6.6"
    assert ps.value("[string](1/3)") == "0.333333333333333"
    assert ps.value("(1.1 * 3) -as [string]") == "3.3"
    assert ps.value("[string][math]::PI") == "3.14159265358979"
    assert ps.run("1e20; 0.00001; 0.0001").stdout == "1E+20\n1E-05\n0.0001\n"
    assert ps.run("'{0}' -f (0.1 + 0.2)").stdout == "0.30000000000000004\n"  # String.Format


def test_decimals_keep_their_scale(ps: Session) -> None:
    # about_Numeric_Literals: the d suffix makes a [decimal]; Decimal.Parse and .NET
    # decimal arithmetic keep the written scale, so PowerShell prints 1.50 and 2.50.
    assert ps.run("1.50d; [decimal]'1.50'; [decimal]'1.50' + 1; 2d * 1.5d").stdout == \
        "1.50\n1.50\n2.50\n3.0\n"
    assert ps.value("1.50d") == Decimal("1.50")
    assert ps.run("[decimal]1.50").stdout == "1.5\n"  # a double first: 1.5
