"""Validation attributes on function parameters and on variables, evaluated by a real
engine (``ps``), against about_Functions_Advanced_Parameters ("Parameter and variable
validation attributes") with PowerShell's texts (Metadata.resx)."""

from __future__ import annotations

import pytest

from tests.fixtures.runspace import Session

_PREFIX = "Cannot validate argument on parameter '{}'. "


def binding_error(ps: Session, code: str) -> str:
    """The one error a call makes, which must be a parameter validation error."""
    out = ps.run(code)
    assert out.stdout == "" and len(out.errors) == 1, out.stderr
    record = out.errors[0]
    assert record.error_id.startswith("ParameterArgumentValidationError")
    assert record.category == "InvalidData"
    return record.message


@pytest.mark.parametrize(
    ("param", "call", "reason"),
    [
        ("[ValidateRange(1, 5)][int]$n", "f 9",
         "The 9 argument is greater than the maximum allowed range of 5. Supply an argument "
         "that is less than or equal to 5 and then try the command again."),
        ("[ValidateRange(1, 5)][int]$n", "f 0",
         "The 0 argument is less than the minimum allowed range of 1. Supply an argument "
         "that is greater than or equal to 1 and then try the command again."),
        ("[ValidateRange('Positive')][int]$n", "f 0",
         'The argument "0" cannot be validated because its value is not greater than zero.'),
        ("[ValidateRange(1, 5)][int[]]$n", "f 1, 7",  # each element of an array
         "The 7 argument is greater than the maximum allowed range of 5. Supply an argument "
         "that is less than or equal to 5 and then try the command again."),
        ("[ValidatePattern('^web\\d+$')][string]$n", "f db01",
         'The argument "db01" does not match the "^web\\d+$" pattern. Supply an argument '
         'that matches "^web\\d+$" and try the command again.'),
        ("[ValidateScript({ $_ -gt 0 })][int]$n", "f -1",
         'The " $_ -gt 0 " validation script for the argument with value "-1" did not '
         "return a result of True. Determine why the validation script failed, and then try "
         "the command again."),
        ("[ValidateScript({ $_ -like 'web*' }, ErrorMessage = '{0} is not a web host')]$n",
         "f db01", "db01 is not a web host"),
        ("[ValidateCount(1, 2)][string[]]$n", "f a, b, c",
         "The parameter requires at least 1 value(s) and no more than 2 value(s) - 3 "
         "value(s) were provided."),
        ("[ValidateCount(2, 2)][string[]]$n", "f a",
         "The parameter requires exactly 2 value(s) - 1 value(s) were provided."),
        ("[ValidateLength(2, 4)][string]$n", "f a",
         'The character length (1) of the argument is too short. Specify an argument with a '
         'length that is greater than or equal to "2", and then try the command again.'),
        ("[ValidateLength(2, 4)][string]$n", "f abcdef",
         'The character length (6) of the argument is too long. Specify an argument with a '
         'length that is shorter than or equal to "4", and then try the command again.'),
        ("[ValidateSet('a', 'b')]$n", "f c",
         'The argument "c" does not belong to the set "a,b" specified by the ValidateSet '
         "attribute. Supply an argument that is in the set and then try the command again."),
        ("[ValidateNotNull()]$n", "f $null",
         "The argument is null. Provide a valid value for the argument, and then try "
         "running the command again."),
        ("[ValidateNotNullOrEmpty()][string]$n", "f ''",
         "The argument is null or empty. Provide an argument that is not null or empty, and "
         "then try the command again."),
        ("[ValidateNotNullOrWhiteSpace()][string]$n", "f '  '",
         "The argument is null, empty, or consists of only white-space characters. Provide "
         "an argument that contains non white-space characters, and then try the command "
         "again."),
    ],
)
def test_parameter_validation_fails_with_powershells_text(ps: Session, param: str, call: str,
                                                          reason: str) -> None:
    message = binding_error(ps, f"function f {{ param({param}) $n }}; {call}")
    assert message == _PREFIX.format("n") + reason


def test_valid_arguments_pass(ps: Session) -> None:
    code = ("function f {\n  param([ValidateRange(1, 5)][int]$n, [ValidatePattern('^web')]$h,\n"
            "        [ValidateScript({ $_ -ne 'x' })]$s = 'y', [ValidateCount(1, 3)]$l = @(1))\n"
            "  \"$n $h $s $($l.Count)\"\n}\nf 5 web01; f -n '2' -h WEB02 -s z -l 1, 2, 3")
    out = ps.run(code)
    assert (out.status, out.stdout) == ("ok", "5 web01 y 1\n2 WEB02 z 3\n")


def test_the_parameter_variable_keeps_its_validation(ps: Session) -> None:
    # about_Functions_Advanced_Parameters: the attributes stay on the parameter variable
    out = ps.run("function f { param([ValidateRange(1, 5)][int]$n) $n = 9; \"still $n\" }; f 2")
    assert out.stdout == "still 2\n"
    assert [e.message for e in out.errors] == [
        "The variable cannot be validated because the value 9 is not a valid value for the n "
        "variable."]


def test_a_validated_variable_checks_every_assignment(ps: Session) -> None:
    # about_Variables: "[ValidateRange(1,5)][int]$v" validates the declaration and
    # every later assignment; a failure is a MetadataError and keeps the old value
    out = ps.run("[ValidateRange(1, 5)][int]$v = 9")
    assert out.stderr == ("MetadataError: The variable cannot be validated because the value "
                          "9 is not a valid value for the v variable.\n")
    out = ps.run("[ValidateRange(1, 5)][int]$v = 3; $v = 9; $v; $v = '4'; $v\n"
                 "$v.GetType().Name; $v++; $v; $v++; $v")
    assert out.stdout == "3\n4\nInt32\n5\n5\n"
    assert [e.category for e in out.errors] == ["MetadataError", "MetadataError"]
    out = ps.run("[ValidateSet('dev', 'prod')][string]$stage = 'test'")
    assert out.errors[0].message == ("The variable cannot be validated because the value "
                                     "test is not a valid value for the stage variable.")


def test_a_type_constrained_variable_converts_later_assignments(ps: Session) -> None:
    # about_Variables, "Types of variables": [int]$x keeps converting to Int32
    out = ps.run("[int]$count = '5'; $count = '7'; $count.GetType().Name; $count\n"
                 "$count = 'many'; $count")
    assert out.stdout == "Int32\n7\n7\n"
    assert out.errors[0].category == "MetadataError"
    assert out.errors[0].message == ('Cannot convert value "many" to type "System.Int32". '
                                     'Error: "The input string \'many\' was not in a correct '
                                     'format."')
    # a redeclaration replaces the constraint
    assert ps.run("[string]$count = 'many'; $count").stdout == "many\n"


@pytest.mark.parametrize(
    ("param", "call", "reason", "error_id"),
    [
        ("[string]$n", "f -n ''", "an empty string", "EmptyStringNotAllowed"),
        ("[string]$n", "f -n $null", "an empty string", "EmptyStringNotAllowed"),
        ("$n", "f -n $null", "null", "NullNotAllowed"),
        ("[string[]]$n", "f -n @()", "an empty array", "EmptyArrayNotAllowed"),
        ("[string[]]$n", "f -n 'a', ''", "an empty string", "EmptyStringNotAllowed"),
    ],
)
def test_a_mandatory_parameter_refuses_null_and_empty(ps: Session, param: str, call: str,
                                                      reason: str, error_id: str) -> None:
    # about_Functions_Advanced_Parameters: AllowNull, AllowEmptyString and
    # AllowEmptyCollection lift what a mandatory parameter refuses
    message = binding_error(ps, f"function f {{ param([Parameter(Mandatory)]{param}) $n }}; "
                                f"{call}")
    assert message == f"Cannot bind argument to parameter 'n' because it is {reason}."
    assert ps.run(f"function f {{ param([Parameter(Mandatory)]{param}) $n }}; {call}"
                  ).errors[0].error_id == f"ParameterArgumentValidationError{error_id},f"


def test_allow_attributes_let_null_and_empty_through(ps: Session) -> None:
    out = ps.run("function f { param([Parameter(Mandatory)][AllowEmptyString()][string]$s,\n"
                 "  [Parameter(Mandatory)][AllowNull()]$o,\n"
                 "  [Parameter(Mandatory)][AllowEmptyCollection()][string[]]$a)\n"
                 "  \"[$s] [$($null -eq $o)] [$($a.Count)]\" }\n"
                 "f -s '' -o $null -a @()\n"
                 "function g { param([string]$s) \"[$s]\" }; g -s ''")  # not mandatory
    assert (out.status, out.stdout) == ("ok", "[] [True] [0]\n[]\n")


def test_a_mandatory_pipeline_parameter_refuses_a_null_object(ps: Session) -> None:
    # about_Functions_Advanced_Parameters (Mandatory, ValueFromPipeline): each pipeline
    # object is bound and validated as the parameter takes it; one that is refused is
    # that object's non-terminating error, and the others run
    out = ps.run("function f { param([Parameter(Mandatory, ValueFromPipeline)]$x)"
                 " process { \"got $x\" } }\n1, $null, 2 | f")
    assert (out.stdout, out.status) == ("got 1\ngot 2\n", "ok")
    assert [e.message for e in out.errors] == [
        "Cannot bind argument to parameter 'x' because it is null."]
