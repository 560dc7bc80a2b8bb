"""Functions, parameters, scopes and script blocks through the real engine, against
PowerShell's documented behaviour (about_Functions, about_Functions_Advanced_Parameters,
about_Scopes, about_Script_Blocks, about_Return)."""

from __future__ import annotations

from rjkernel.language.parser import parse
from tests.fixtures.runspace import Session


def test_positional_and_named_binding(ps: Session) -> None:
    # about_Functions: "Named parameters", "Positional parameters", default values
    ps.run("function Get-Up { param($ComputerName, [int]$Count = 3) "
           "Write-Output \"$ComputerName x$Count\" }")
    assert ps.run("Get-Up web01").stdout == "web01 x3\n"
    assert ps.run("Get-Up -Count 5 -ComputerName db01").stdout == "db01 x5\n"
    assert ps.run("Get-Up -Comp db02 7").stdout == "db02 x7\n"  # unambiguous prefix
    assert ps.value("Get-Up a 2") == "a x2"


def test_a_function_line_is_powershell_not_shell(ps: Session) -> None:
    # issue 7 §1: a command the runspace knows — a function the user defined — is ours
    ps.run("function Deploy-Build { Write-Output 'deployed' }")
    out = ps.run("Deploy-Build")
    assert (out.stdout, out.stderr, out.status) == ("deployed\n", "", "ok")
    same_cell = ps.run("function Restart-Web { Write-Output 'restarted' }\nRestart-Web")
    assert same_cell.stdout == "restarted\n"



def test_a_cell_run_again_after_a_function_is_defined_is_parsed_anew(ps: Session) -> None:
    # cells are parsed once per text and line rule (parser.parse_cached): the same text
    # is a shell line before ``rjtool`` is a function and a call of it afterwards
    before = ps.run("rjtool hello")
    assert before.stdout == "" and "rjtool" in before.stderr
    ps.run("function rjtool { Write-Output \"ps $args\" }")
    assert ps.run("rjtool hello").stdout == "ps hello\n"
    assert ps.run("rjtool hello").stdout == "ps hello\n"

def test_args_of_a_simple_function(ps: Session) -> None:
    # about_Automatic_Variables $args: values for undeclared parameters, -Name included
    out = ps.run("function f { Write-Output $args.Count; Write-Output \"$args\" }; f 1 2 -Foo 3")
    assert out.stdout == "4\n1 2 -Foo 3\n"
    assert ps.run("function g($a) { $args.Count }; g 1 2 3").stdout == "2\n"
    assert ps.run("function h { $args.Count }; h 1,2").stdout == "1\n"


def test_switch_and_bound_parameters(ps: Session) -> None:
    # about_Functions "Switch Parameters"; $PSBoundParameters holds only what was given
    ps.run("function Sw([switch]$Force, [string]$Name = 'x') "
           "{ Write-Output $Force $PSBoundParameters.Count $Name }")
    assert ps.run("Sw").stdout == "False\n0\nx\n"
    assert ps.run("Sw -Force n1").stdout == "True\n2\nn1\n"
    assert ps.run("Sw -Force:$false").stdout == "False\n1\nx\n"


def test_typed_parameters_and_binding_errors(ps: Session) -> None:
    # a user function binds like a cmdlet: PowerShell's binding texts and ids
    ps.run("function Wait-Port([int]$Port) { $Port + 1 }")
    assert ps.value("Wait-Port '22'") == 23
    ps.run("function u([int]$n, [string]$s) { $n; $s.Length }")
    assert ps.value("u") == [0, 0]  # [int] unbound is 0, [string] is the empty string
    bad = ps.run("Wait-Port abc")
    assert bad.status == "error"
    record = bad.errors[0]
    assert record.fully_qualified_error_id == "CannotConvertArgumentNoMessage,Wait-Port"
    assert record.message.startswith("Cannot bind parameter 'Port'. Cannot convert value "
                                      '"abc" to type "System.Int32".')
    assert bad.stderr.startswith("Wait-Port: Cannot bind parameter 'Port'.")
    unknown = ps.run("function Adv { [CmdletBinding()] param($Name) $Name }; Adv -Nope 1")
    assert unknown.errors[0].message == \
        "A parameter cannot be found that matches parameter name 'Nope'."
    extra = ps.run("Adv a b")
    assert extra.errors[0].message == \
        "A positional parameter cannot be found that accepts argument 'b'."


def test_parameter_attributes(ps: Session) -> None:
    # about_Functions_Advanced_Parameters: Position, ValueFromPipeline, ValidateSet, Alias
    ps.run("""function Set-Env {
    [CmdletBinding()]
    param(
        [Parameter(Position = 1)] [string] $Name,
        [Parameter(Position = 0)] [ValidateSet('dev', 'prod')] [string] $Stage,
        [Alias('cn')] $Computer
    )
    Write-Output "$Stage/$Name/$Computer"
}""")
    assert ps.run("Set-Env prod api -cn web01").stdout == "prod/api/web01\n"
    bad = ps.run("Set-Env qa api")
    assert bad.errors[0].fully_qualified_error_id == "ParameterArgumentValidationError,Set-Env"
    assert bad.errors[0].message == (
        "Cannot validate argument on parameter 'Stage'. The argument \"qa\" does not belong "
        "to the set \"dev,prod\" specified by the ValidateSet attribute. Supply an argument "
        "that is in the set and then try the command again.")


def test_mandatory_parameter_is_asked_for(ps: Session) -> None:
    # about_Functions_Advanced_Parameters "Mandatory argument": the host prompts
    ps.run("function Need { param([Parameter(Mandatory)][string]$Ticket, "
           "[Parameter(Mandatory)][int[]]$Ids) Write-Output \"$Ticket $($Ids.Count)\" }")
    out = ps.run("Need", answers=["CHG-1", "4", "5", ""])
    assert out.status == "ok", out.stderr
    assert out.stdout == ("cmdlet Need at command pipeline position 1\n"
                          "Supply values for the following parameters:\nCHG-1 2\n")
    assert ps.host.prompts == ["Ticket: ", "Ids[0]: ", "Ids[1]: ", "Ids[2]: "]
    empty = ps.run("Need -Ids 1", answers=[""])
    assert empty.errors[0].message == \
        "Cannot bind argument to parameter 'Ticket' because it is an empty string."


def test_pipeline_input_begin_process_end(ps: Session) -> None:
    # about_Functions "Piping Objects to Functions", about_Functions_Advanced_Methods
    ps.run("function Count-It { begin { $n = 0 } process { $n += $_ } end { Write-Output $n } }")
    assert ps.run("@(1..4) | Count-It").stdout == "10\n"
    ps.run("function Show-Input { Write-Output $input.Count }")
    assert ps.run("@('a','b','c') | Show-Input").stdout == "3\n"
    ps.run("filter Double { $_ * 2 }")
    assert ps.run("@(1, 2, 3) | Double").stdout == "2\n4\n6\n"
    ps.run("function Tag { param([Parameter(ValueFromPipeline)][string]$Line) "
           "process { Write-Output \"[$Line]\" } }")
    assert ps.run("@('x','y') | Tag").stdout == "[x]\n[y]\n"
    assert ps.run("Tag z").stdout == "[z]\n"
    ps.run("function Name-Of { param([Parameter(ValueFromPipelineByPropertyName)]$Name) "
           "process { $Name } }")
    assert ps.run("[pscustomobject]@{Name='web01'} | Name-Of").stdout == "web01\n"


def test_return(ps: Session) -> None:
    # about_Return: output before return is kept; return in process ends that object's run
    assert ps.run("function r { Write-Output 1; return 2; Write-Output 3 }; r").stdout == "1\n2\n"
    assert ps.run("function Early { return; Write-Output 'no' }; Early").stdout == ""
    assert ps.run("@(1,2) | & { process { $_; return; 'no' } }").stdout == "1\n2\n"


def test_scopes(ps: Session) -> None:
    # about_Scopes: a child scope reads its parent's variables; an assignment is local
    # unless $script:/$global: says otherwise; scopes are dynamic
    ps.run("$level = 'cell'; $count = 1")
    ps.run("function Inner { Write-Output $level; $count = 99; $script:seen = 'yes'; "
           "$global:g = 'G' }")
    assert ps.run("Inner").stdout == "cell\n"
    assert ps.value("$count") == 1
    assert ps.value("$seen") == "yes"
    assert ps.value("$g") == "G"
    ps.run("function Outer { $level = 'outer'; Inner }")
    assert ps.run("Outer").stdout == "outer\n"  # the caller's scope, not the definer's
    assert ps.run("function L { $local:level }; L").stdout == ""
    nested = ps.run("function Def { function Helper { Write-Output 'h' }; Helper }; Def")
    assert nested.stdout == "h\n"
    assert ps.run("Helper").stdout == ""  # gone with Def's scope


def test_script_blocks(ps: Session) -> None:
    # about_Script_Blocks: & runs in a child scope, . (dot-source) in the current one;
    # arguments by position and by param(); .Invoke() returns the output
    ps.run("$sb = { param($a, $b = 10) $a + $b }")
    assert ps.run("& $sb 1").stdout == "11\n"
    assert ps.run("& $sb 1 2").stdout == "3\n"
    assert ps.run("& $sb -b 5 -a 1").stdout == "6\n"
    assert ps.value("$sb.Invoke(4)") == [14]
    ps.run("$q = 5; & { $q = 6 }")
    assert ps.value("$q") == 5
    ps.run(". { $q = 7 }")
    assert ps.value("$q") == 7
    assert ps.run("& { Write-Output $args.Count } a b c").stdout == "3\n"
    assert ps.run("& 'Write-Output' via-call").stdout == "via-call\n"


def test_function_overrides_cmdlet_and_completion(ps: Session) -> None:
    # about_Command_Precedence: a function comes before a cmdlet of the same name
    ps.run("function Get-Date { Write-Output 'my date' }")
    assert ps.run("Get-Date").stdout == "my date\n"
    ps.run("function Invoke-Deploy { param($Target, [switch]$DryRun) }")
    matches, _, _, _ = ps.engine.complete("Invoke-Dep", 10)
    assert "Invoke-Deploy" in matches
    params, _, _, _ = ps.engine.complete("Invoke-Deploy -D", 16)
    assert "-DryRun" in params


def test_definitions_parse() -> None:
    # the parse tree of a function with a param block and named blocks
    script = parse("function global:Get-X {\n  [CmdletBinding()]\n  param(\n"
                   "    [Parameter(Mandatory, Position=0)][string[]]$Name = 'a'\n  )\n"
                   "  begin { 1 }\n  process { 2 }\n}", is_ours=lambda _w: False)
    definition = script.statements[0]
    assert definition.name == "global:Get-X"  # type: ignore[union-attr]
    body = definition.body  # type: ignore[union-attr]
    assert body.param is not None and body.param.attributes[0].name == "CmdletBinding"
    decl = body.param.parameters[0]
    assert [a.name for a in decl.attributes] == ["Parameter", "string[]"]
    assert [a.name for a in decl.attributes[0].arguments] == ["Mandatory", "Position"]
    assert body.begin is not None and body.process is not None and body.statements == ()


def test_get_command_and_get_help_know_functions(ps: Session) -> None:
    # Get-Command lists functions (CommandType Function/Filter); Get-Help shows the syntax
    # PowerShell makes of a param block
    ps.run("function Get-Uptime { param([Parameter(Mandatory)][string]$HostName, "
           "[int]$Times = 2, [switch]$Fast) }; filter Twice { $_ * 2 }")
    listed = ps.run("Get-Command Get-Uptime, Twice")
    assert "Function        Get-Uptime" in listed.stdout
    assert "Filter          Twice" in listed.stdout
    helped = ps.run("Get-Help Get-Uptime")
    assert "Get-Uptime [-HostName] <String> [[-Times] <Int32>] [-Fast] [<CommonParameters>]" \
        in helped.stdout


def test_binding_error_of_a_function_names_it(ps: Session) -> None:
    # PowerShell qualifies a function's binding error ids with the function's name
    ps.run("function Named-Only { [CmdletBinding()] param($A) }")
    out = ps.run("Named-Only -B 1")
    assert out.errors[0].fully_qualified_error_id == "NamedParameterNotFound,Named-Only"
    assert out.stderr.startswith("Named-Only: A parameter cannot be found that matches "
                                 "parameter name 'B'.")


def test_runaway_recursion_is_a_call_depth_error(ps: Session) -> None:
    # PowerShell's ScriptCallDepthException, never a crash of the kernel
    ps.run("function Down([int]$n) { if ($n -gt 0) { Down ($n - 1) } else { 'bottom' } }")
    assert ps.run("Down 50").stdout == "bottom\n"
    out = ps.run("function Forever { Forever }; Forever")
    assert out.errors[0].message == "The script failed due to call depth overflow."
    assert out.errors[0].error_id == "CallDepthOverflow"
    assert ps.run("Write-Output 'still here'").stdout == "still here\n"


def test_should_process_and_what_if(ps: Session) -> None:
    # about_Functions_CmdletBindingAttribute SupportsShouldProcess; $PSCmdlet
    ps.run("""function Clear-Cache {
    [CmdletBinding(SupportsShouldProcess, DefaultParameterSetName = 'ByHost')]
    param([Parameter(ParameterSetName = 'ByHost', Position = 0)] $HostName)
    $go = $PSCmdlet.ShouldProcess($HostName)
    Write-Output "go: $go" $PSCmdlet.ParameterSetName
}""")
    assert ps.run("Clear-Cache web01").stdout == "go: True\nByHost\n"
    out = ps.run("Clear-Cache web01 -WhatIf")
    assert out.stdout == ('What if: Performing the operation "Clear-Cache" on target '
                          '"web01".\ngo: False\nByHost\n')


def test_a_cells_own_param_block_sets_its_defaults(ps: Session) -> None:
    # about_Scripts, "Parameters": a cell runs as a script given no arguments — each
    # parameter is its default, typed and validated from then on
    out = ps.run("[CmdletBinding()]\nparam(\n  [string[]]$Hosts = @('web01', 'db01'),\n"
                 "  [ValidateRange(1, 10)][int]$Retries = '3',\n  [switch]$DryRun\n)\n"
                 "\"$($Hosts.Count) $($Retries.GetType().Name) $Retries $DryRun\"\n"
                 "$Retries = 11")
    assert out.stdout == "2 Int32 3 False\n"
    assert [e.message for e in out.errors] == [
        "The variable cannot be validated because the value 11 is not a valid value for the "
        "Retries variable."]


def test_a_cell_param_default_its_type_refuses_stops_the_cell(ps: Session) -> None:
    # about_Scripts: binding a script's parameters fails before its body runs
    out = ps.run("param([int]$Port = 'http')\n'ran'")
    assert (out.stdout, out.status) == ("", "error")
    assert out.errors[0].message.startswith('Cannot convert value "http" to type "System.Int32".')


def test_my_invocation_in_a_function(ps: Session) -> None:
    # about_Automatic_Variables, $MyInvocation: logging code names the running function
    out = ps.run("function Write-Log { param($Message) \"[$($MyInvocation.MyCommand.Name)] "
                 "$Message\" }\nWrite-Log 'hello'\n"
                 "function Deploy-App { [CmdletBinding()] param($Name, [switch]$Force)\n"
                 "  \"$($MyInvocation.MyCommand): $($MyInvocation.BoundParameters.Keys -join ',')"
                 " at line $($MyInvocation.ScriptLineNumber)\" }\nDeploy-App -Name x -Force")
    assert (out.status, out.stdout) == ("ok", "[Write-Log] hello\nDeploy-App: Name,Force at "
                                              "line 5\n")
