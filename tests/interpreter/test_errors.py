"""Errors as a runbook handles them, through the real engine: try/catch/finally, throw,
$Error, -ErrorAction/$ErrorActionPreference, -ErrorVariable, $LASTEXITCODE and
$PSNativeCommandUseErrorActionPreference (about_Try_Catch_Finally, about_Throw,
about_Preference_Variables, about_Automatic_Variables, about_CommonParameters)."""

from __future__ import annotations

from rjkernel.errors import ErrorRecord
from tests.fixtures.runspace import Session

JOB_99 = ("The command cannot find a job with the job ID 99. Verify the value of the Id "
          "parameter and then try the command again.")


def test_error_action_stop_is_caught_with_its_message(ps: Session) -> None:
    # issue 7: try { Get-Job -Id 99 -ErrorAction Stop } catch { $_.Exception.Message }
    out = ps.run("try { Get-Job -Id 99 -ErrorAction Stop } catch { $_.Exception.Message }")
    assert (out.status, out.stdout, out.stderr) == ("ok", JOB_99 + "\n", "")


def test_catch_by_type_and_base_type(ps: Session) -> None:
    # about_Try_Catch_Finally: a catch takes its type and the types derived from it;
    # several types per catch; the first matching catch wins; [System.Exception] takes all
    out = ps.run("""try { Get-Job -Foo }
catch [System.Management.Automation.ItemNotFoundException] { Write-Output 'wrong' }
catch [System.Management.Automation.CommandNotFoundException],
      [System.Management.Automation.ParameterBindingException] { Write-Output "binding" }
catch { Write-Output 'catch-all' }""")
    assert out.stdout == "binding\n"
    out = ps.run("try { throw 'x' } catch [System.Management.Automation.RuntimeException] "
                 "{ Write-Output 'runtime' }")
    assert out.stdout == "runtime\n"
    out = ps.run("try { Get-Job -Id 99 -ErrorAction Stop } catch [System.Exception] "
                 "{ Write-Output $_.Exception.GetType().FullName }")
    assert out.stdout == "System.Management.Automation.PSArgumentException\n"
    out = ps.run("try { Get-Job -Id 99 -EA Stop } "
                 "catch [System.Management.Automation.ActionPreferenceStopException] "
                 "{ Write-Output 'stopped' }")
    assert out.stdout == "stopped\n"


def test_uncaught_type_goes_on_and_finally_runs(ps: Session) -> None:
    out = ps.run("try { throw 'boom' } catch [System.IO.IOException] { Write-Output 'io' } "
                 "finally { Write-Output 'cleanup' }")
    assert out.stdout == "cleanup\n"
    assert out.status == "error"
    assert out.stderr == "Exception: boom\n"


def test_finally_runs_after_catch_and_on_success(ps: Session) -> None:
    out = ps.run("try { Write-Output 'work' } finally { Write-Output 'done' }")
    assert out.stdout == "work\ndone\n"
    out = ps.run("try { throw 'e' } catch { Write-Output \"caught $_\" } "
                 "finally { Write-Output 'done' }")
    assert (out.stdout, out.status) == ("caught e\ndone\n", "ok")


def test_throw_string_record_and_rethrow(ps: Session) -> None:
    # about_Throw: a string becomes a RuntimeException whose message, error id and target
    # are the string; an ErrorRecord is thrown as it is; a bare throw in catch rethrows
    ps.run("try { throw 'disk full' } catch { $caught = $_ }")
    record = ps.value("$caught")
    assert isinstance(record, ErrorRecord)
    assert ps.value("$caught.FullyQualifiedErrorId") == "disk full"
    assert ps.value("$caught.TargetObject") == "disk full"
    assert ps.value("$caught.Exception.WasThrownFromThrowStatement") is True
    assert ps.value("\"$($caught.CategoryInfo)\"") == \
        "OperationStopped: (disk full:String) [], RuntimeException"
    out = ps.run("try { try { Get-Job -Id 99 -EA Stop } catch { throw } } "
                 "catch { Write-Output \"outer $($_.FullyQualifiedErrorId)\" }")
    assert out.stdout == \
        "outer JobWithSpecifiedSessionNotFound,Microsoft.PowerShell.Commands.GetJobCommand\n"
    rethrown = ps.run("try { Get-Job -Id 99 -EA Stop } catch { throw $_ }")
    assert rethrown.stderr.startswith("Get-Job: " + JOB_99)


def test_throw_ends_the_cell_but_a_statement_error_does_not(ps: Session) -> None:
    # about_Throw: throw is script-terminating; a binding error ends only its statement
    out = ps.run("Write-Output 'before'\nthrow 'stop here'\nWrite-Output 'after'")
    assert out.stdout == "before\n"
    assert out.status == "error"
    assert out.stderr.startswith("Exception: stop here\nAt line:2 char:1\n")
    out = ps.run("Get-Job -Foo\nWrite-Output 'after'")
    assert out.stdout == "after\n"
    out = ps.run("Get-Job -Id 99 -ErrorAction Stop\nWrite-Output 'after'")
    assert out.stdout == ""
    assert out.stderr.startswith("Get-Job: " + JOB_99)


def test_errors_from_a_called_function_reach_the_try(ps: Session) -> None:
    ps.run("function Check-Job { Get-Job -Id 99 -ErrorAction Stop; Write-Output 'unreached' }")
    out = ps.run("try { Check-Job } catch { Write-Output \"handled: $($_.Exception.Message)\" }")
    assert out.stdout == f"handled: {JOB_99}\n"
    ps.run("function Deep { throw 'deep failure' }; function Mid { Deep; Write-Output 'no' }")
    out = ps.run("Mid\nWrite-Output 'no either'")
    assert (out.stdout, out.stderr.splitlines()[0]) == ("", "Exception: deep failure")


def test_error_variable_is_an_array_list_newest_first(ps: Session) -> None:
    # about_Automatic_Variables $Error: newest first, ErrorRecords, .Clear()
    ps.run("$Error.Clear()")
    ps.run("Get-Job -Id 98")
    ps.run("Get-Job -Id 99")
    assert ps.value("$Error.Count") == 2
    assert ps.value("$Error[0].Exception.Message") == JOB_99
    assert ps.value("$Error[0].CategoryInfo.Category") == "ObjectNotFound"
    assert ps.value("$Error[1].TargetObject") == 98
    assert ps.value("$Error[0].InvocationInfo.Line") == "Get-Job -Id 99"
    assert ps.value("$Error[0].GetType().FullName") == "System.Management.Automation.ErrorRecord"
    ps.run("$Error.Clear()")
    assert ps.value("$Error.Count") == 0
    ps.run("try { throw 'kept' } catch { }")
    assert ps.value("$Error[0].Exception.Message") == "kept"  # caught errors are kept too


def test_error_action_preference(ps: Session) -> None:
    # about_Preference_Variables $ErrorActionPreference
    out = ps.run("$ErrorActionPreference = 'SilentlyContinue'; Get-Job -Id 99; "
                 "$ErrorActionPreference = 'Continue'")
    assert (out.stderr, out.status) == ("", "ok")
    assert ps.value("$Error[0].Exception.Message") == JOB_99
    out = ps.run("$ErrorActionPreference = 'Stop'\n"
                 "try { Get-Job -Id 99; Write-Output 'no' } catch { Write-Output 'yes' }\n"
                 "$ErrorActionPreference = 'Continue'")
    assert out.stdout == "yes\n"
    out = ps.run("function Quiet { [CmdletBinding()] param() Get-Job -Id 99 }; "
                 "Quiet -ErrorAction Ignore")
    assert (out.stderr, out.status) == ("", "ok")


def test_error_variable_parameter(ps: Session) -> None:
    # about_CommonParameters -ErrorVariable, +name appends
    ps.run("Get-Job -Id 97 -ErrorVariable bad -ErrorAction SilentlyContinue")
    assert ps.value("$bad.Count") == 1
    ps.run("Get-Job -Id 96 -ErrorVariable +bad -ErrorAction SilentlyContinue")
    assert ps.value("$bad.Count") == 2
    assert ps.value("$bad[1].TargetObject") == 96


def test_last_exit_code_and_native_errors(ps: Session) -> None:
    # about_Automatic_Variables $LASTEXITCODE; about_Preference_Variables
    # $PSNativeCommandUseErrorActionPreference (7.3+)
    ps.run("sh -c 'exit 3'")
    assert ps.value("$LASTEXITCODE") == 3
    quiet = ps.run("ls /nonexistent-rjkernel")
    assert quiet.errors == []  # stderr text only, as PowerShell 7.2+
    ps.run("$PSNativeCommandUseErrorActionPreference = $true")
    out = ps.run("sh -c 'exit 4'; 'after'")
    # a non-terminating error under Continue: shown, the cell goes on and replies ok
    assert (out.status, out.stdout) == ("ok", "after\n")
    assert [e.error_id for e in out.errors] == ["ProgramExitedWithNonZeroCode"]
    assert out.stderr == 'sh: Program "sh" ended with non-zero exit code: 4 (0x04).\n'
    stopped = ps.run("$ErrorActionPreference = 'Stop'\nsh -c 'exit 4'\n'after'")
    ps.run("$ErrorActionPreference = 'Continue'")
    assert (stopped.status, stopped.state, stopped.stdout) == ("error", "Failed", "")
    out = ps.run("$ErrorActionPreference = 'Stop'\n"
                 "try {\n  sh -c 'exit 5'\n} catch { Write-Output $_.Exception.GetType().Name }\n"
                 "$ErrorActionPreference = 'Continue'")
    assert out.stdout == "NativeCommandExitException\n"
    ps.run("$PSNativeCommandUseErrorActionPreference = $false")
    assert ps.run("sh -c 'exit 6'").status == "ok"


def test_parse_errors_of_try_and_function(ps: Session) -> None:
    # PowerShell's ParserStrings texts
    assert ps.run("try { }").errors[0].message == \
        "The Try statement is missing its Catch or Finally block."
    assert ps.run("try { } catch [int]").errors[0].message == \
        "The Catch block is missing its statement block."
    assert ps.run("function f($a, $a) { }").errors[0].message == \
        "Duplicate parameter $a in parameter list."
    assert ps.run("function Get-X").errors[0].message == \
        "Missing function body in function declaration."


def test_write_error_in_a_function_is_the_functions_error(ps: Session) -> None:
    # a non-terminating error written by a function shows and is identified as its own
    ps.run("function Check-Disk { Write-Error 'disk 91% full'; Write-Output 'checked' }")
    out = ps.run("Check-Disk")
    assert out.stdout == "checked\n"
    assert out.stderr == "Check-Disk: disk 91% full\n"
    assert out.errors[0].fully_qualified_error_id == \
        "Microsoft.PowerShell.Commands.WriteErrorException,Check-Disk"
    out = ps.run("try { Check-Disk -ErrorAction Stop } catch { Write-Output \"stop: $_\" }")
    assert out.stdout == "stop: disk 91% full\n"


def test_status_variable(ps: Session) -> None:
    # about_Automatic_Variables $?: the last statement's success
    ps.run("Get-Job -Id 99")
    assert ps.run("Write-Output $?").stdout == "False\n"
    ps.run("Get-Job")
    assert ps.run("Write-Output $?").stdout == "True\n"
    ps.run("function Fails { Write-Error 'no' }; Fails")
    assert ps.run("Write-Output $?").stdout == "False\n"
    ps.run("try { throw 'x' } catch { }")
    assert ps.run("Write-Output $?").stdout == "True\n"


def test_trap(ps: Session) -> None:
    # about_Trap: a trap handles its statement list's terminating errors; without
    # continue/break the error is shown and the next statement runs; continue hides it;
    # break rethrows it; a typed trap takes its type only; a called function's error
    # reaches the caller's trap
    out = ps.run("trap { Write-Output \"trapped: $_\" }\nWrite-Output 1\nthrow 'boom'\n"
                 "Write-Output 2")
    assert out.stdout == "1\ntrapped: boom\n2\n"
    assert out.stderr.startswith("Exception: boom")
    out = ps.run("trap { Write-Output 'quiet'; continue }\n"
                 "Get-Job -Id 99 -ErrorAction Stop\nWrite-Output 'after'")
    assert (out.stdout, out.stderr, out.status) == ("quiet\nafter\n", "", "ok")
    assert ps.value("$Error[0].Exception.Message") == JOB_99
    out = ps.run("trap { Write-Output 'fatal'; break }\nthrow 'x'\nWrite-Output 'not here'")
    assert (out.stdout, out.status) == ("fatal\n", "error")
    out = ps.run("trap [System.IO.IOException] { Write-Output 'io' }\nthrow 'not io'\n"
                 "Write-Output 'after'")
    assert (out.stdout, out.status) == ("", "error")
    ps.run("function Fail-Deep { throw 'from deep' }")
    out = ps.run("trap { Write-Output \"outer: $_\"; continue }\nFail-Deep\nWrite-Output 'went on'")
    assert out.stdout == "outer: from deep\nwent on\n"


# about_Throw ("throw [System.FormatException]::new('…')") and about_Try_Catch_Finally: a
# runbook throws .NET exceptions it builds, and catch picks them by type or base type.
def test_throw_a_dotnet_exception_object(ps: Session) -> None:
    out = ps.run("try { throw [System.ArgumentException]::new('bad host') } "
                 "catch [System.SystemException] { $_.Exception.GetType().FullName; "
                 "$_.Exception.Message; $_.FullyQualifiedErrorId; $_.CategoryInfo.Category }")
    assert out.stdout == "System.ArgumentException\nbad host\nbad host\nOperationStopped\n"
    out = ps.run("try { throw [System.IO.FileNotFoundException]::new('no cfg', "
                 "[Exception]::new('disk gone')) } "
                 "catch [IO.IOException] { $_.Exception.InnerException.Message }")
    assert out.stdout == "disk gone\n"
    out = ps.run("throw [System.Exception]'plain'")  # a string casts via (string message)
    assert (out.stderr, [e.exception for e in out.uncaught]) == (
        "Exception: plain\n", ["System.Exception"])
    assert ps.value("[Exception]::new().Message") == \
        "Exception of type 'System.Exception' was thrown."
    assert ps.value("(New-Object System.InvalidOperationException 'x') -is [Exception]") is True


def test_scriptblock_create_builds_a_block_from_text(ps: Session) -> None:
    """[scriptblock]::Create (ScriptBlock.Create): text parsed when the block runs."""
    ps.run("$double = [scriptblock]::Create('param($n) $n * 2')")
    assert ps.run("& $double 21").stdout == "42\n"
    assert ps.value("$double.ToString()") == "param($n) $n * 2"
    out = ps.run("& ([scriptblock]::Create('if ('))")
    assert [e.error_id for e in out.uncaught] == ["IfStatementMissingCondition"]


def test_setting_a_missing_property_is_a_runtime_error(ps: Session) -> None:
    """about_Properties: '$null.b = 1' or a property a string lacks is PowerShell's
    PropertyNotFound at run time (not a parse error), and the cell goes on."""
    out = ps.run("$h = @{}; $h.a.b = 1; 'after'")
    assert out.stdout == "after\n"
    assert [(e.error_id, e.category) for e in out.errors] == [
        ("PropertyNotFound", "InvalidOperation")]
    assert out.errors[0].message == ("The property 'b' cannot be found on this object. "
                                     "Verify that the property exists and can be set.")
