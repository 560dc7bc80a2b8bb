"""Argument conversions: PowerShell's results and .NET's error texts, and the identity
rule the binder's exact-match preference relies on."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest

from rjkernel.jobs.states import JobState
from rjkernel.values.conversion import (
    DEFAULT_CONVERTERS,
    BooleanArgumentError,
    ConversionError,
    default_converters,
    dotnet_name,
    dotnet_type_of,
    element_type,
    format_double,
    to_boolean,
    to_datetime,
    to_double,
    to_guid,
    to_hashtable,
    to_int32,
    to_int64,
    to_scriptblock,
    to_string,
    value_text,
)
from rjkernel.values.enums import ActionPreference, OutTarget, SessionFilterState
from rjkernel.values.objects import Hashtable, PSObject, ScriptBlockValue


def reason(convert, value: object) -> str | None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConversionError) as info:
        convert(value)
    return info.value.reason


@pytest.mark.parametrize(("value", "expected"), [
    (5, 5), ("5", 5), (" 12 ", 12), ("-3", -3), ("0x10", 16), ("", 0), (None, 0),
    (True, 1), (2.5, 2), (3.5, 4), ("2.5", 2), ("1e3", 1000), (JobState.Failed, 3),
])
def test_int32(value: object, expected: int) -> None:
    result = to_int32(value)
    assert result == expected
    assert type(result) is int


def test_int32_errors() -> None:
    assert reason(to_int32, "x") == "The input string 'x' was not in a correct format."
    assert reason(to_int32, "1_000") == "The input string '1_000' was not in a correct format."
    assert reason(to_int32, 2**31) == "Value was either too large or too small for an Int32."
    assert reason(to_int32, [1]) is None
    assert to_int64(2**40) == 2**40
    assert reason(to_int64, 2**63) == "Value was either too large or too small for an Int64."


def test_double() -> None:
    assert to_double("1.5") == 1.5
    assert to_double(2) == 2.0
    assert reason(to_double, "abc") == "The input string 'abc' was not in a correct format."


def test_values_of_the_target_type_come_back_as_the_same_object() -> None:
    samples: list[tuple[str, object]] = [
        ("Int32", 123456), ("Double", 1.5), ("String", "text"), ("Boolean", True),
        ("Guid", uuid.uuid4()), ("DateTime", datetime(2024, 5, 1)),
        ("Hashtable", Hashtable()), ("ScriptBlock", ScriptBlockValue(" x ", "{ x }", 1)),
        ("Object", object()), ("PSObject", PSObject([])), ("JobState", JobState.Running),
    ]
    for type_name, value in samples:
        assert DEFAULT_CONVERTERS[type_name](value) is value, type_name


def test_string() -> None:
    assert to_string(3) == "3"
    assert to_string(2.0) == "2"
    assert to_string(True) == "True"
    assert to_string(JobState.Completed) == "Completed"
    assert to_string(None) == ""
    assert reason(to_string, ScriptBlockValue(" x ", "{ x }", 1)) is None
    assert reason(to_string, ["a", "b"]) is None


def test_boolean() -> None:
    assert to_boolean(0) is False
    assert to_boolean(2) is True
    assert to_boolean(None) is False
    with pytest.raises(BooleanArgumentError):
        to_boolean("true")


def test_guid_datetime_hashtable_scriptblock() -> None:
    guid = "0f8fad5b-d9cb-469f-a165-70867728950e"
    assert to_guid(guid) == uuid.UUID(guid)
    assert to_guid("{" + guid + "}") == uuid.UUID(guid)
    assert reason(to_guid, "zzz") == "Unrecognized Guid format."
    assert to_datetime("2024-05-01T10:30") == datetime(2024, 5, 1, 10, 30)
    assert to_datetime("5/1/2024 10:30") == datetime(2024, 5, 1, 10, 30)
    assert reason(to_datetime, "soon") == "String 'soon' was not recognized as a valid DateTime."
    table = to_hashtable({"a": 1})
    assert isinstance(table, Hashtable)
    assert table["A"] == 1
    assert reason(to_hashtable, "a=1") is None
    assert reason(to_scriptblock, "ls") is None


def test_enums_by_name_any_case_or_number() -> None:
    convert = DEFAULT_CONVERTERS["JobState"]
    assert convert("completed") is JobState.Completed
    assert convert(" Failed ") is JobState.Failed
    assert convert("4") is JobState.Stopped
    assert convert(1) is JobState.Running
    assert DEFAULT_CONVERTERS["ActionPreference"]("stop") is ActionPreference.Stop
    assert DEFAULT_CONVERTERS["SessionFilterState"]("Disconnected") is (
        SessionFilterState.Disconnected)
    assert DEFAULT_CONVERTERS["OutTarget"]("job") is OutTarget.Job
    assert reason(DEFAULT_CONVERTERS["OutTarget"], "file") == (
        "Unable to match the identifier name file to a valid enumerator name. Specify one of "
        "the following enumerator names and try again:\nDefault, Host, Job")
    assert reason(convert, 99) is not None
    assert reason(convert, True) is None


def test_the_registry_is_extendable_by_copy() -> None:
    mine = default_converters()
    mine["Job"] = str
    assert "Job" not in DEFAULT_CONVERTERS
    with pytest.raises(TypeError):
        DEFAULT_CONVERTERS["Job"] = str  # type: ignore[index]


def test_type_names() -> None:
    assert element_type("Int32[]") == "Int32"
    assert element_type("Int32") is None
    assert dotnet_name("PSSession[]") == "System.Management.Automation.Runspaces.PSSession[]"
    assert dotnet_name("JobState") == "System.Management.Automation.JobState"
    assert dotnet_type_of("x") == "System.String"
    assert dotnet_type_of(7) == "System.Int32"
    assert dotnet_type_of(2**40) == "System.Int64"
    assert dotnet_type_of([1]) == "System.Object[]"
    assert dotnet_type_of(JobState.Failed) == "System.Management.Automation.JobState"
    assert dotnet_type_of(PSObject([])) == "System.Management.Automation.PSCustomObject"


def test_value_text() -> None:
    assert value_text([1, 2]) == "System.Object[]"
    assert value_text(False) == "False"
    assert value_text(Hashtable()) == "System.Collections.Hashtable"
    assert value_text(datetime(2024, 5, 1, 9, 5, 0)) == "05/01/2024 09:05:00"
    assert format_double(1.5) == "1.5"
    assert format_double(1e20) == "1E+20"
    assert format_double(float("nan")) == "NaN"
