"""Write-Host's colors and text, Get-Alias and Get-Command, and the default aliases as
first words of a line, in an engine, against PowerShell 7.4 (reference pages and
PowerShell's source named per test)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from rjkernel.interpreter import is_ours
from rjkernel.language.parser import CellParser
from tests.fixtures.runspace import Session

ESC = "\x1b"


def test_write_host_colors_are_ansi_escapes(ps: Session) -> None:
    # Write-Host -ForegroundColor/-BackgroundColor; the codes are VTUtils.cs's table
    # (Red 91, DarkBlue 34; a background is the foreground's code + 10)
    out = ps.run("Write-Host -ForegroundColor Red 'red'")
    assert out.stdout == f"{ESC}[91mred{ESC}[0m\n"
    out = ps.run("Write-Host -BackgroundColor DarkBlue -ForegroundColor White -NoNewline a; "
                 "Write-Host b")
    assert out.stdout == f"{ESC}[97m{ESC}[44ma{ESC}[0mb\n"
    assert ps.run("Write-Host -fore 12 x").stdout == f"{ESC}[91mx{ESC}[0m\n"  # by number


def test_write_host_rejects_a_color_that_is_no_console_color(ps: Session) -> None:
    # about_Parameter_Binding: a value the parameter's type cannot take
    out = ps.run("Write-Host -ForegroundColor Pink 'x'")
    assert out.status == "error" and out.stdout == ""
    assert out.stderr.startswith(
        "Write-Host: Cannot bind parameter 'ForegroundColor'. Cannot convert value \"Pink\" "
        "to type \"System.ConsoleColor\". Error: \"Unable to match the identifier name Pink "
        "to a valid enumerator name. Specify one of the following enumerator names and try "
        "again:\nBlack, DarkBlue, DarkGreen, DarkCyan, DarkRed, DarkMagenta, DarkYellow, "
        "Gray, DarkGray, Blue, Green, Cyan, Red, Magenta, Yellow, White\"")


def test_write_host_joins_arguments_and_unrolls_arrays(ps: Session) -> None:
    # Write-Host: -Object takes the remaining arguments; arrays, nested ones too, are
    # joined with -Separator (WriteConsoleCmdlet.ProcessObject); no argument is a blank line
    assert ps.run("Write-Host @(1, 2) 3").stdout == "1 2 3\n"
    assert ps.run("Write-Host (1, (2, 3)) 4 -Separator ', '").stdout == "1, 2, 3, 4\n"
    assert ps.run("Write-Host -Object a -NoNewline; Write-Host b").stdout == "ab\n"
    assert ps.run("Write-Host").stdout == "\n"
    assert ps.run("'x', 'y' | Write-Host").stdout == "x\ny\n"
    assert ps.run("$h = Write-Host 'shown'; $h -eq $null").stdout == "shown\nTrue\n"


def test_get_alias_shows_the_command_info_table(ps: Session) -> None:
    # Get-Alias; the CommandInfo view of PowerShellCore_format_ps1xml.cs (widths 15, 50, 10)
    out = ps.run("Get-Alias gjb")
    assert out.stdout.splitlines()[1:4] == [
        "CommandType     Name                                               Version    Source",
        "-----------     ----                                               -------    ------",
        "Alias           gjb -> Get-Job" + " " * 48,
    ]
    assert ps.value("(Get-Alias gjb).Definition") == "Get-Job"
    assert ps.value('"$(Get-Alias gjb) $(Get-Command Get-Job)"') == "gjb Get-Job"  # ToString
    assert ps.value("(gal -Definition Where-Object).Name") == ["?", "where"]
    assert ps.value("(Get-Alias g* -Exclude gc*, gv, gi, gl).Name") == \
        ["gal", "ghy", "gjb", "gm", "group", "gsn", "gu"]


def test_get_alias_of_an_unknown_name_is_an_error(ps: Session) -> None:
    # Get-Alias: "This command cannot find a matching alias …"
    out = ps.run("Get-Alias nosuch")
    assert out.errors[0].fully_qualified_error_id == \
        "ItemNotFoundException,Microsoft.PowerShell.Commands.GetAliasCommand"
    assert out.stderr.startswith("Get-Alias: This command cannot find a matching alias because "
                                 "an alias with the name 'nosuch' does not exist.")
    assert ps.run("Get-Alias nosuch*").errors == []  # a wildcard that matches nothing


def test_get_command_sorts_by_type_then_name_unless_names_are_exact(ps: Session) -> None:
    # Get-Command (GetCommandCommand.CommandInfoComparer: Alias, Function, Filter, Cmdlet)
    ps.run("function Get-Rjb { 1 }")
    out = ps.run("Get-Command *rjb")
    assert [line.split()[:2] for line in out.stdout.splitlines()[3:-1]] == [
        ["Alias", "rjb"], ["Function", "Get-Rjb"]]
    out = ps.run("Get-Command Get-Job, gjb")  # the order asked
    assert [line.split()[0] for line in out.stdout.splitlines()[3:-1]] == ["Cmdlet", "Alias"]
    assert ps.value("(Get-Command -Noun Alias).Name") == \
        ["Get-Alias", "New-Alias", "Remove-Alias", "Set-Alias"]
    out = ps.run("Get-Command Get-Jobz")
    assert "The term 'Get-Jobz' is not recognized" in out.stderr


@pytest.mark.parametrize("line", [
    "gal", "gcm *-Job", "gjb | ft", "gc /etc/hostname", "icm -ComputerName web01 { uptime }",
])
def test_default_aliases_start_powershell_lines(line: str) -> None:
    # about_Aliases: the built-in aliases are commands like any other
    assert CellParser(line, is_ours).line_is_ours(0)


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Session]:
    session = Session(tmp_path)
    yield session
    session.close()


def test_set_alias_makes_a_command_of_any_kind(fresh: Session, tmp_path: Path) -> None:
    # Set-Alias (about_Aliases): an alias of a native command, a function, an alias;
    # known to the line rule from the next line of the same cell
    (tmp_path / "f.txt").write_text("x")
    out = fresh.run(f"Set-Alias -Name lister -Value ls\nlister {tmp_path}\n"
                    "function Get-Up { \"up $args\" }\nsal up Get-Up\nup web01\n"
                    "Set-Alias jobs2 gjb -PassThru | % Definition")
    assert out.status == "ok", out.stderr
    assert "f.txt\n" in out.stdout and out.stdout.endswith("up web01\ngjb\n")
    assert fresh.value("(Get-Alias up).Definition") == "Get-Up"
    assert fresh.value("(Get-Command lister).DisplayName") == "lister -> ls"
    assert fresh.engine.complete("lis", 3)[0] == ["lister"]
    assert "NAME\n    Get-Job\n" in fresh.run("Get-Help jobs2").stdout  # help on its command


def test_new_alias_and_remove_alias(fresh: Session) -> None:
    # New-Alias fails on an existing alias unless -Force; Remove-Alias (PowerShell 7)
    fresh.run("New-Alias gl2 Get-Location")
    out = fresh.run("New-Alias gl2 Get-Date")
    assert out.stderr.startswith("New-Alias: The alias is not allowed, because an alias "
                                 "with the name 'gl2' already exists.")
    assert fresh.run("New-Alias gl2 Get-Date -Force").errors == []
    assert fresh.value("(Get-Alias gl2).Definition") == "Get-Date"
    assert fresh.run("Remove-Alias gl2").errors == []
    assert "cannot find a matching alias" in fresh.run("Remove-Alias gl2").stderr
    out = fresh.run("Get-Alias gl2")  # a non-terminating error: the cell's reply is ok
    assert (out.status, out.stderr) == ("ok", "Get-Alias: This command cannot find a matching "
                                        "alias because an alias with the name 'gl2' does "
                                        "not exist.\n")


def test_aliases_are_scoped_and_loops_are_errors(fresh: Session) -> None:
    # about_Scopes: an alias made in a function ends with it unless -Scope Global
    fresh.run("function Make { Set-Alias here Get-Date; Set-Alias there Get-Date "
              "-Scope Global }; Make")
    assert "with the name 'here' does not exist" in fresh.run("Get-Alias here").stderr
    assert fresh.value("(Get-Alias there).Definition") == "Get-Date"
    out = fresh.run("Set-Alias a1 a2; Set-Alias a2 a1; a1")
    assert "The alias 'a1' refers to itself: a1 -> a2 -> a1." in out.stderr


def test_read_only_built_in_aliases_change_only_with_force(fresh: Session) -> None:
    # Set-Alias -Force: "If set to true and an existing alias of the same name exists and
    # is ReadOnly, the alias will be overwritten" (WriteAliasCommandBase.Force); gci is
    # ReadOnly, gjb is not, select is ReadOnly and AllScope (InitialSessionState.cs)
    out = fresh.run("Set-Alias gci Get-Date; 'next'")
    assert (out.status, out.stdout, out.stderr) == (
        "ok", "next\n", "Set-Alias: Alias is not writeable because alias gci is read-only "
        "or constant and cannot be written to.\n")
    assert fresh.value("(Get-Alias gci).Definition") == "Get-ChildItem"
    assert fresh.value("(Get-Alias gci, gjb, select).Options") == \
        ["ReadOnly", "None", "ReadOnly, AllScope"]
    assert fresh.run("Set-Alias gjb Get-Date").errors == []
    out = fresh.run("function F { Set-Alias gci Get-Date; (gal gci).Definition; "
                    "Set-Alias select Get-Date }; F; (gal gci).Definition")
    assert out.stdout == "Get-Date\nGet-ChildItem\n"  # a function's own gci, not select
    assert "because alias select is read-only" in out.stderr
    assert fresh.run("Set-Alias gci Get-Date -Force").errors == []
    assert fresh.value("(Get-Alias gci).Definition") == "Get-Date"
    fresh.run("Remove-Alias gci")
    out = fresh.run("Remove-Alias gci")
    assert out.stderr.startswith("Remove-Alias: Alias was not removed because alias gci is "
                                 "constant or read-only.")


def test_help_is_the_built_in_function(ps: Session) -> None:
    # PowerShell's help is a function over Get-Help (InitialSessionState.cs
    # BuiltInFunctions): Get-Alias help finds nothing, Get-Command calls it a Function
    assert "'help' does not exist" in ps.run("Get-Alias help").stderr
    assert ps.value("(Get-Command help).CommandType") == "Function"
    assert ps.run("help Get-Job").stdout.startswith("NAME\n    Get-Job\n")
    assert ps.engine.complete("hel", 3)[0] == ["help"]


def test_get_command_by_command_type(ps: Session) -> None:
    # Get-Command -CommandType (alias -Type); types rjkernel does not list are an error
    assert ps.value("@(gcm -Type Cmdlet *-Alias).Name") == \
        ["Get-Alias", "New-Alias", "Remove-Alias", "Set-Alias"]
    assert ps.value("@(Get-Command -CommandType Alias gc*).Name") == ["gc", "gci", "gcm"]
    assert "is not recognized" in ps.run("Get-Command -CommandType Alias Get-Job").stderr
    out = ps.run("Get-Command -CommandType ExternalScript x")
    assert out.stderr.startswith("Get-Command: rjkernel lists commands of type Alias, "
                                 "Function, Filter, Cmdlet and Application, not "
                                 "'externalscript'.")


def test_get_command_finds_linux_commands_as_applications(ps: Session) -> None:
    # Get-Command: a native command is an ApplicationInfo (Version 0.0.0.0, Source its
    # path); the runbook idiom that tests whether a tool is installed
    out = ps.run("Get-Command sh")
    path = shutil.which("sh")
    assert out.stdout.splitlines()[3] == f"Application     sh{' ' * 49}0.0.0.0    {path}"
    assert ps.value("(Get-Command -CommandType Application sh).Source") == path
    out = ps.run("if (-not (Get-Command no-such-tool-rj -ErrorAction SilentlyContinue)) "
                 "{ 'missing' }")
    assert (out.stdout, out.errors) == ("missing\n", [])
    out = ps.run("Get-Command -CommandType Cmdlet sh")
    assert out.stderr.startswith("Get-Command: The term 'sh' is not recognized as a name of a "
                                 "cmdlet")


def test_out_host_shows_now_and_passes_nothing_on(ps: Session) -> None:
    # Out-Host: "sends the output to the host"; nothing reaches the variable
    out = ps.run("$x = 'shown' | Out-Host; \"x: [$x]\"")
    assert out.stdout == "shown\nx: []\n"
    out = ps.run("Get-Alias gjb | oh")
    assert "Alias           gjb -> Get-Job" in out.stdout


def test_invoke_expression_runs_text_as_powershell_here(ps: Session) -> None:
    # Invoke-Expression: the string is PowerShell, run in the current scope
    assert ps.run("$c = 'Get-Alias gjb | % Definition'; Invoke-Expression $c").stdout == \
        "Get-Job\n"
    assert ps.value("'1 + 2' | iex") == 3
    ps.run("iex '$madeByIex = 5'")
    assert ps.value("$madeByIex") == 5
    assert ps.run("iex 'if ('").errors[0].fully_qualified_error_id != ""


def test_measure_command_times_a_block_and_drops_its_output(ps: Session) -> None:
    # Measure-Command: a TimeSpan; the block's output is not returned
    out = ps.run("$t = Measure-Command { Start-Sleep -Milliseconds 50; 'dropped' }; "
                 "$t.TotalMilliseconds -ge 50; $t.GetType().Name")
    assert out.stdout == "True\nTimeSpan\n"
    assert ps.run("Measure-Command { $inBlock = 1 }; $inBlock").stdout.endswith("\n1\n")


def test_write_progress_is_accepted_and_checked(ps: Session) -> None:
    # Write-Progress: PowerShell's parameters and ValidateRange(-1, 100); nothing drawn
    out = ps.run("Write-Progress -Activity Deploying -Status web01 -PercentComplete 40 "
                 "-Id 1; Write-Progress Deploying -Completed -Id 1; 'ok'")
    assert (out.stdout, out.stderr) == ("ok\n", "")
    out = ps.run("Write-Progress -Activity x -PercentComplete 150")
    assert out.stderr.startswith(
        "Write-Progress: Cannot validate argument on parameter 'PercentComplete'. The 150 "
        "argument is greater than the maximum allowed range of 100.")
    # WriteProgressCmdlet.cs: only -Completed may leave out -Activity; -Status is
    # [ValidateNotNullOrEmpty]
    assert ps.run("Write-Progress -Completed; 'done'").stdout == "done\n"
    out = ps.run("Write-Progress")
    assert (out.status, out.stderr) == ("error", "Write-Progress: Missing value for "
                                        "mandatory parameter. (Parameter 'Activity')\n")
    assert "The argument is null or empty." in ps.run("Write-Progress a -Status ''").stderr
