"""Signatures and help of the cmdlets that talk to the person running the notebook
(Read-Host, Write-Verbose, Write-Debug, Write-Information), of the variable cmdlets, and
of Get-History/Clear-History (which read the notebook's journal).

Parameter names, sets, positions and aliases are PowerShell 7.4's; ``set`` (Set-Variable's
Windows alias) is left to the shell.
"""

from __future__ import annotations

from rjkernel.cmdlets.signature import (
    ALL_SETS,
    CmdletSpec,
    Example,
    ParameterSpec,
    switch,
)
from rjkernel.cmdlets.signature import SetMembership as In

_ALL = {ALL_SETS: In()}
_OPTIONS = ("None", "ReadOnly", "Constant", "Private", "AllScope", "Unspecified")



READ_HOST = CmdletSpec(
    name="Read-Host",
    default_set="AsString",
    parameters=(
        ParameterSpec("Prompt", "Object",
                      {ALL_SETS: In(0, from_remaining_arguments=True)},
                      help="Specifies the text of the prompt; a colon and a space follow it."),
        switch("AsSecureString", "Hides what is typed and returns a SecureString.",
                {"AsSecureString": In()}),
        switch("MaskInput", "Hides what is typed and returns a string.", {"AsString": In()}),
    ),
    synopsis="Reads a line of input from the console.",
    description=(
        "Read-Host asks the person running the notebook for a line of text, through the "
        "frontend's input box (papermill and other frontends without input refuse it). What "
        "is typed is never logged."
    ),
    examples=(
        Example("$ticket = Read-Host 'Change ticket'", "Asks for a ticket number."),
        Example("$pw = Read-Host 'Password' -AsSecureString", "Asks for a secret."),
    ),
    output_type="System.String",
)


def _message(alias: tuple[str, ...] = ("Msg",)) -> ParameterSpec:
    return ParameterSpec("Message", "String", {ALL_SETS: In(0, True, from_pipeline=True)},
                         aliases=alias, help="Specifies the message.")


WRITE_VERBOSE = CmdletSpec(
    name="Write-Verbose",
    parameters=(_message(),),
    synopsis="Writes text to the verbose message stream.",
    description=(
        "Write-Verbose shows VERBOSE: message (on stderr) when $VerbosePreference is "
        "Continue or the command has -Verbose; by default it shows nothing."
    ),
    examples=(
        Example("Write-Verbose 'checking web01' -Verbose", "Shows a verbose message."),
        Example("$VerbosePreference = 'Continue'; Write-Verbose 'step 2'",
                "Shows every verbose message from now on."),
    ),
)


WRITE_DEBUG = CmdletSpec(
    name="Write-Debug",
    parameters=(_message(),),
    synopsis="Writes a debug message to the console.",
    description=(
        "Write-Debug shows DEBUG: message (on stderr) when $DebugPreference is Continue or "
        "the command has -Debug; by default it shows nothing."
    ),
    examples=(
        Example("Write-Debug \"state is $($j.State)\" -Debug", "Shows a debug message."),
        Example("$DebugPreference = 'Continue'", "Shows every debug message from now on."),
    ),
)


WRITE_INFORMATION = CmdletSpec(
    name="Write-Information",
    parameters=(
        ParameterSpec("MessageData", "Object", {ALL_SETS: In(0, True)},
                      aliases=("Msg", "Message"), help="Specifies the message."),
        ParameterSpec("Tags", "String[]", {ALL_SETS: In(1)},
                      help="Specifies tags for the message."),
    ),
    synopsis="Specifies how PowerShell handles information stream data for a command.",
    description=(
        "Write-Information writes to the information stream: shown when "
        "$InformationPreference is Continue or the command has -InformationAction Continue; "
        "by default it shows nothing."
    ),
    examples=(
        Example("Write-Information 'backup done' -InformationAction Continue",
                "Shows a message."),
        Example("$InformationPreference = 'Continue'", "Shows information messages."),
    ),
)


def _names(help_text: str, mandatory: bool = True, many: bool = True) -> ParameterSpec:
    return ParameterSpec("Name", "String[]" if many else "String",
                         {ALL_SETS: In(0, mandatory, from_pipeline_by_property=True)},
                         wildcards=many, help=help_text)


def _filters() -> tuple[ParameterSpec, ...]:
    return (
        ParameterSpec("Include", "String[]", _ALL, wildcards=True,
                      help="Acts only on the variables with these names."),
        ParameterSpec("Exclude", "String[]", _ALL, wildcards=True,
                      help="Leaves out the variables with these names."),
    )


_SCOPE = ParameterSpec("Scope", "String", _ALL, values=("Global", "Local", "Script"),
                       help="Specifies the scope (the runspace has one: its own).")
_PASSTHRU = switch("PassThru", "Outputs the variable.")
_FORCE = switch("Force", "Acts even on a variable that exists or is read-only.")
_OPTION = ParameterSpec("Option", "String", _ALL, values=_OPTIONS,
                        help="Specifies options (accepted, not enforced).")
_DESCRIPTION = ParameterSpec("Description", "String", _ALL,
                             help="Specifies a description of the variable.")

GET_VARIABLE = CmdletSpec(
    name="Get-Variable",
    aliases=("gv",),
    parameters=(
        ParameterSpec("Name", "String[]", {ALL_SETS: In(0, from_pipeline=True)}, wildcards=True,
                      help="Gets the variables with these names (without $). Wildcards are "
                           "permitted."),
        switch("ValueOnly", "Outputs only the values, not name/value pairs."),
    ),
    synopsis="Gets the variables in the current console.",
    description=(
        "Get-Variable lists the variables of the runspace the cell runs in, with their "
        "values. Each runspace (the kernel, each PSSession) has its own."
    ),
    examples=(
        Example("Get-Variable", "Lists every variable."),
        Example("Get-Variable job -ValueOnly", "Outputs the value of $job."),
    ),
    notes="Not available: -Exclude, -Include, -Scope.",
)

SET_VARIABLE = CmdletSpec(
    name="Set-Variable",
    aliases=("sv",),
    supports_should_process=True,
    parameters=(
        _names("Specifies the variables to set (without $)."),
        ParameterSpec("Value", "Object",
                      {ALL_SETS: In(1, from_pipeline=True, from_pipeline_by_property=True)},
                      help="Specifies the value."),
        *_filters(), _DESCRIPTION, _OPTION, _FORCE, _PASSTHRU, _SCOPE,
    ),
    synopsis="Sets the value of a variable.",
    description="Set-Variable sets (or creates) a variable; $name = value does the same.",
    examples=(
        Example("Set-Variable -Name hosts -Value web01, web02", "Sets $hosts."),
        Example("Get-Job | Set-Variable jobs", "Keeps the jobs in $jobs."),
    ),
)

NEW_VARIABLE = CmdletSpec(
    name="New-Variable",
    aliases=("nv",),
    supports_should_process=True,
    parameters=(
        _names("Specifies the name of the new variable (without $).", many=False),
        ParameterSpec("Value", "Object",
                      {ALL_SETS: In(1, from_pipeline=True, from_pipeline_by_property=True)},
                      help="Specifies the value."),
        _DESCRIPTION, _OPTION, _FORCE, _PASSTHRU, _SCOPE,
    ),
    synopsis="Creates a new variable.",
    description="New-Variable creates a variable, and fails if it exists (unless -Force).",
    examples=(
        Example("New-Variable -Name limit -Value 5", "Creates $limit."),
        Example("New-Variable started (Get-Date)", "Creates $started with the current time."),
    ),
)

CLEAR_VARIABLE = CmdletSpec(
    name="Clear-Variable",
    aliases=("clv",),
    supports_should_process=True,
    parameters=(
        _names("Specifies the variables to clear (without $). Wildcards are permitted."),
        *_filters(), _FORCE, _PASSTHRU, _SCOPE,
    ),
    synopsis="Deletes the value of a variable.",
    description="Clear-Variable sets variables to $null; they still exist.",
    examples=(
        Example("Clear-Variable failed", "Empties $failed."),
        Example("Clear-Variable part*", "Empties every variable whose name starts with part."),
    ),
)

REMOVE_VARIABLE = CmdletSpec(
    name="Remove-Variable",
    aliases=("rv",),
    supports_should_process=True,
    parameters=(
        _names("Specifies the variables to remove (without $). Wildcards are permitted."),
        *_filters(), _FORCE, _SCOPE,
    ),
    synopsis="Deletes a variable and its value.",
    description="Remove-Variable deletes variables from the runspace.",
    examples=(
        Example("Remove-Variable s", "Deletes $s."),
        Example("Remove-Variable tmp*", "Deletes the variables whose names start with tmp."),
    ),
)

GET_HISTORY = CmdletSpec(
    name="Get-History",
    aliases=("ghy",),  # h and history stay shell words (see the catalog tests)
    parameters=(
        ParameterSpec("Id", "Int64[]", {ALL_SETS: In(0, from_pipeline=True)},
                      help="Gets the cells with these history Ids."),
        ParameterSpec("Count", "Int32", {ALL_SETS: In(1)},
                      help="Gets this many of the most recent cells (with -Id: ending there)."),
    ),
    synopsis="Gets a list of the commands entered during the current session.",
    description=(
        "Get-History lists the cells of this notebook, oldest first, from its journal: they "
        "survive kernel restarts. Besides PowerShell's Id, CommandLine, ExecutionStatus, "
        "StartExecutionTime, EndExecutionTime and Duration, each entry has CellId, Notebook, "
        "User, Runspace, ComputerName, Hosts (every host the cell reached), Jobs (those it "
        "started, with their final State and ExitCode), Errors, OutputBytes and KernelId."
    ),
    examples=(
        Example("Get-History -Count 5", "The last five cells."),
        Example("Get-History | Where-Object ExecutionStatus -eq Failed | Select-Object Id, Errors",
                "The cells that failed, and why."),
        Example("(Get-History -Id 12).Jobs", "The jobs cell 12 started and how they ended."),
    ),
    output_type="Microsoft.PowerShell.Commands.HistoryInfo",
)

CLEAR_HISTORY = CmdletSpec(
    name="Clear-History",
    aliases=("clhy",),
    default_set="IDParameter",
    supports_should_process=True,
    parameters=(
        ParameterSpec("Id", "Int32[]", {"IDParameter": In(0)},
                      help="Deletes the entries with these history Ids."),
        ParameterSpec("CommandLine", "String[]", {"CommandLineParameter": In()},
                      wildcards=True, help="Deletes the entries whose command matches."),
        ParameterSpec("Count", "Int32", {ALL_SETS: In(1)},
                      help="Deletes this many entries: the oldest, or with -Id those ending "
                           "there."),
        switch("Newest", "With -Count, deletes the newest entries instead."),
    ),
    synopsis="Deletes entries from the PowerShell session history.",
    description=(
        "Clear-History deletes entries from the notebook's journal (all of them without "
        "parameters). The remaining entries keep their Ids, and new cells keep counting on."
    ),
    examples=(
        Example("Clear-History", "Deletes the whole history of this notebook."),
        Example("Clear-History -Id 3, 4", "Deletes two entries."),
        Example("Clear-History -Count 10 -Newest", "Deletes the ten newest entries."),
    ),
)

WRITE_PROGRESS = CmdletSpec(
    name="Write-Progress",
    parameters=(
        ParameterSpec("Activity", "String", {ALL_SETS: In(0)},
                      help="Specifies what is in progress."),
        ParameterSpec("Status", "String", {ALL_SETS: In(1)},
                      help="Specifies the state of the activity."),
        ParameterSpec("Id", "Int32", {ALL_SETS: In(2)},
                      help="Distinguishes progress records of several activities."),
        ParameterSpec("PercentComplete", "Int32", _ALL,
                      help="Specifies how much is done, -1 (unknown) to 100."),
        ParameterSpec("SecondsRemaining", "Int32", _ALL,
                      help="Specifies how many seconds are left."),
        ParameterSpec("CurrentOperation", "String", _ALL,
                      help="Specifies the operation under way."),
        ParameterSpec("ParentId", "Int32", _ALL,
                      help="Specifies the activity this one is part of."),
        switch("Completed", "Says the activity is done."),
        ParameterSpec("SourceId", "Int32", _ALL, help="Specifies the source of the record."),
    ),
    synopsis="Displays a progress bar within a PowerShell command window.",
    description=(
        "Write-Progress is accepted with PowerShell's parameters and checks (-PercentComplete "
        "-1 to 100) but draws nothing: PowerShell's bar is an overlay of an interactive "
        "console that captured output never contains. Wait-Job and Receive-Job -Wait show "
        "their own progress in the notebook."
    ),
    examples=(
        Example("Write-Progress -Activity Deploying -Status $h -PercentComplete 40",
                "Reports progress (not drawn in the notebook)."),
        Example("Write-Progress -Activity Deploying -Completed", "Ends the activity."),
    ),
)


SET_STRICT_MODE = CmdletSpec(
    name="Set-StrictMode",
    default_set="Version",
    parameters=(
        ParameterSpec("Version", "Version", {"Version": In(None, True)}, aliases=("v",),
                      values=("1.0", "2.0", "3.0", "Latest"),
                      help="Turns strict mode on. 1.0: reading a variable that was never "
                           "set is an error (not inside strings); 2.0: inside strings too, "
                           "and reading a property an object does not have; 3.0 or Latest: "
                           "also an array index out of bounds."),
        switch("Off", "Turns strict mode off.", {"Off": In(None, True)}),
    ),
    synopsis="Establishes and enforces coding rules in expressions, scripts, and script "
             "blocks.",
    description=(
        "Set-StrictMode turns strict mode on or off for the scope it runs in and the "
        "scopes below it: at a cell's top level for the whole runspace, in a function "
        "until it returns (about_Scopes)."
    ),
    examples=(
        Example("Set-StrictMode -Version Latest; $hots", "A typo in a variable name is an "
                "error: The variable '$hots' cannot be retrieved because it has not been "
                "set."),
        Example("Set-StrictMode -Off", "Unset variables read as $null again."),
    ),
)

HOST_CMDLETS = (
    READ_HOST, WRITE_VERBOSE, WRITE_DEBUG, WRITE_INFORMATION, GET_VARIABLE, SET_VARIABLE,
    NEW_VARIABLE, CLEAR_VARIABLE, REMOVE_VARIABLE, GET_HISTORY, CLEAR_HISTORY, SET_STRICT_MODE,
    WRITE_PROGRESS,
)
