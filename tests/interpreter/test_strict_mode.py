"""Set-StrictMode (Set-StrictMode reference page; about_Scopes for where it applies)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.runspace import Session

UNSET = "The variable '${0}' cannot be retrieved because it has not been set."


@pytest.fixture
def strict(tmp_path: Path) -> Iterator[Session]:
    session = Session(tmp_path)
    yield session
    session.close()


def test_off_by_default_unset_variables_are_null(strict: Session) -> None:
    assert strict.run("$null -eq $neverSet; \"[$neverSet]\"").stdout == "True\n[]\n"


def test_latest_makes_reading_an_unset_variable_an_error(strict: Session) -> None:
    # "-Version Latest … Prohibits references to uninitialized variables"
    assert strict.run("Set-StrictMode -Version Latest").errors == []
    out = strict.run("$hosts = 'web01'\n$hots")
    assert out.status == "error"
    assert out.errors[0].fully_qualified_error_id == "VariableIsUndefined"
    assert out.stderr.startswith("InvalidOperation: " + UNSET.format("hots"))
    assert strict.run('"to $hots"').status == "error"  # in strings too from 2.0
    assert strict.run("$global:hots").status == "error"
    out = strict.run("try { $hots } catch { 'caught: ' + $_.Exception.Message }")
    assert out.stdout == "caught: " + UNSET.format("hots") + "\n"
    # set variables, automatic ones and the preference variables still read
    assert strict.run("$hosts; $true; $VerbosePreference; $null -eq $PSScriptRoot; $_"
                      ).stdout == "web01\nTrue\nSilentlyContinue\nTrue\n"
    assert strict.run('$two = 1, 2; "[$two]"').stdout == "[1 2]\n"  # $OFS unset is no error
    assert strict.run("Set-StrictMode -Off; $hots; 'off'").stdout == "off\n"


def test_version_1_leaves_strings_alone(strict: Session) -> None:
    # "1.0: Prohibits references to uninitialized variables, except for uninitialized
    # variables in strings."
    strict.run("Set-StrictMode -Version 1.0")
    assert strict.run('"[$nothing]"').stdout == "[]\n"
    assert strict.run("$nothing").status == "error"
    assert strict.run("$o = [pscustomobject]@{ a = 1 }; $o.b; 'no error'").stdout == \
        "no error\n"


def test_version_2_checks_properties_and_3_indexes(strict: Session) -> None:
    # "2.0: Prohibits references to non-existent properties of an object";
    # "3.0: Prohibits out of bounds or unresolvable array indexes"
    strict.run("Set-StrictMode -Version 2; $o = [pscustomobject]@{ a = $null }; "
               "$a = 1, 2")
    out = strict.run("$o.b")
    # ConciseView names a NotSpecified error by its exception's type
    assert out.stderr.startswith("PropertyNotFoundException: The property 'b' cannot be "
                                 "found on this object. Verify that the property exists.")
    assert strict.run("$o.a; @($o).Count; $a.Count; $a[5]; 'ok'").stdout == "1\n2\nok\n"
    # PSGetMemberBinder: a single object's .Count/.Length (the singleton's 1) is an
    # error from version 2; member enumeration asks each element (EnumerableOps)
    out = strict.run("$o.Count")
    assert out.stderr.startswith("PropertyNotFoundException: The property 'Count' cannot "
                                 "be found on this object.")
    assert "The property 'b' cannot" in strict.run("@($o, $o).b").stderr
    assert strict.run("@().b; $null.Count; 'abc'.Length; @{a = 1}.Count").stdout == \
        "0\n3\n1\n"
    strict.run("Set-StrictMode -Version 3")
    out = strict.run("$a[5]")
    assert out.stderr.startswith("OperationStopped: Index was outside the bounds of the "
                                 "array.")
    assert strict.run("$a[-1]").stdout == "2\n"
    assert strict.run("'abc'[5]").stderr.startswith(  # strings too (IndexWithNegativeChecks)
        "OperationStopped: Index was outside the bounds of the array.")


def test_version_2_forbids_calling_a_command_as_a_method(strict: Session) -> None:
    # Set-StrictMode's Example 2 (add(3,4) under -Version 2.0): InvalidOperation; Compiler.cs
    # checks f(a,b) only: an array literal in parens touching the command name
    strict.run("function f($a, $b) { \"$a|$b\" }")
    assert strict.run("f(1,2)").stdout == "1 2|\n"  # off: one array argument
    strict.run("Set-StrictMode -Version 2")
    out = strict.run("f(1,2); 'next'")
    assert (out.stdout, out.stderr) == ("next\n", "InvalidOperation: The function or command "
                                        "was called as if it were a method. Parameters "
                                        "should be separated by spaces. For information "
                                        "about parameters, see the about_Parameters Help "
                                        "topic.\n")
    assert strict.run("f (1,2); f(1); f 1 2").stdout == "1 2|\n1|\n1|2\n"


def test_strict_mode_is_scoped(strict: Session) -> None:
    # about_Scopes: a function's Set-StrictMode ends when it returns
    strict.run("function Loose { Set-StrictMode -Off; \"in: [$x]\" }\n"
               "function Tight { Set-StrictMode -Version Latest; $x }")
    out = strict.run("Tight")
    assert out.status == "error" and UNSET.format("x") in out.stderr
    assert strict.run("$x; 'top is off'").stdout == "top is off\n"
    strict.run("Set-StrictMode -Version Latest")
    assert strict.run("Loose").stdout == "in: []\n"
    assert strict.run("$x").status == "error"


def test_an_unknown_version_is_a_binding_error(strict: Session) -> None:
    out = strict.run("Set-StrictMode -Version 4")
    assert out.stderr.startswith(
        "Set-StrictMode: Cannot bind parameter 'Version'. Cannot convert value \"4\" to "
        "type \"System.Version\". Error: \"The value 4 is not a valid strict mode version. "
        "Specify 1.0, 2.0, 3.0 or Latest.\"")
    assert strict.run("Set-StrictMode").status == "error"  # a set must be chosen
