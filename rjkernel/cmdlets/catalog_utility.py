"""Signatures and help of the general-purpose cmdlets that job work leans on.

Reading and writing files (Get-Content, Out-File), filtering and formatting a pipeline
(Where-, ForEach-Object, Format-Table/-List, Out-String, Out-Null), writing to the
streams (Write-Output/-Host/-Error/-Warning), pausing (Start-Sleep), and finding one's
way (Get-Help, Get-Command). Selecting, sorting, grouping and measuring are in
``catalog_objects``; dates, JSON, CSV and text search in ``catalog_data``; the host and
variables in ``catalog_host``.

Only the parameters rjkernel implements are declared; each cmdlet's notes name the
PowerShell parameters left out. Aliases that are also common Linux commands or shell
builtins (``cat``, ``type``, ``sort``, ``sleep``, ``echo``, ``write``, ``ls`` …) are not
defined: PowerShell 7 on Linux drops most of them for the same reason, and here they
must reach the shell.
"""

from __future__ import annotations

from rjkernel.cmdlets.signature import (
    ALL_SETS,
    CmdletSpec,
    Example,
    ParameterSpec,
    encoding,
    input_object,
)
from rjkernel.cmdlets.signature import SetMembership as In

_ALL = {ALL_SETS: In()}




GET_CONTENT = CmdletSpec(
    name="Get-Content",
    aliases=("gc",),
    default_set="Path",
    parameters=(
        ParameterSpec("Path", "String[]", {"Path": In(0, True, from_pipeline_by_property=True)},
                      wildcards=True,
                      help="Specifies the files to read. Wildcards are permitted."),
        ParameterSpec("LiteralPath", "String[]",
                      {"LiteralPath": In(None, True, from_pipeline_by_property=True)},
                      aliases=("PSPath", "LP"),
                      help="Specifies the files to read, taking every character literally "
                           "(no wildcards)."),
        ParameterSpec("TotalCount", "Int64", _ALL, aliases=("First", "Head"),
                      help="Reads only this many lines from the start of each file."),
        ParameterSpec("Tail", "Int32", _ALL, aliases=("Last",),
                      help="Reads only this many lines from the end of each file."),
        ParameterSpec("Raw", "SwitchParameter", _ALL,
                      help="Returns each file as one string, newlines included, instead of "
                           "one string per line."),
        encoding(),
    ),
    synopsis="Gets the content of a file.",
    description=(
        "Get-Content reads text files and returns one string per line (or, with -Raw, one "
        "string per file). It reads files where the command runs: on this machine, or on "
        "the remote host in an entered session or inside Invoke-Command."
    ),
    examples=(
        Example("Get-Content /tmp/PsLog.txt -Tail 20", "Shows the last 20 lines of a log."),
        Example("Invoke-Command -Session $s { Get-Content /tmp/PsLog.txt }",
                "Reads a file on the host of session $s."),
        Example("Invoke-Command -ComputerName (Get-Content ~/hosts.txt) { uptime }",
                "Runs a command on every host listed, one per line, in a file."),
    ),
    output_type="System.String",
    notes="Not available: -Wait, -ReadCount, -Delimiter, -Filter, -Include, -Exclude, "
          "-Stream, -AsByteStream.",
)


OUT_FILE = CmdletSpec(
    name="Out-File",
    default_set="ByPath",
    supports_should_process=True,
    parameters=(
        ParameterSpec("FilePath", "String", {"ByPath": In(0, True)}, aliases=("Path",),
                      help="Specifies the file to write."),
        ParameterSpec("LiteralPath", "String", {"ByLiteralPath": In(None, True)},
                      aliases=("PSPath", "LP"),
                      help="Specifies the file to write, taking every character literally."),
        encoding(position=1),
        ParameterSpec("Append", "SwitchParameter", _ALL,
                      help="Adds to the end of the file instead of replacing it."),
        ParameterSpec("Force", "SwitchParameter", _ALL,
                      help="Overwrites a read-only file."),
        ParameterSpec("NoClobber", "SwitchParameter", _ALL, aliases=("NoOverwrite",),
                      help="Fails instead of overwriting a file that exists."),
        ParameterSpec("Width", "Int32", _ALL,
                      help="Specifies the line width of the formatted text. The default is "
                           "120 characters."),
        ParameterSpec("NoNewline", "SwitchParameter", _ALL,
                      help="Writes the texts one after the other, with no newline between or "
                           "after them."),
        input_object("to write to the file"),
    ),
    synopsis="Sends output to a file.",
    description=(
        "Out-File writes its input to a file as it would be displayed: strings as they are, "
        "objects as formatted tables or lists. It is what the > and >> redirections do. "
        "The file is written where the command runs: locally, or on the remote host in an "
        "entered session or inside Invoke-Command."
    ),
    examples=(
        Example("Receive-Job $job | Out-File /tmp/PsLog.txt",
                "Saves the job's results in a file (same as Receive-Job $job > /tmp/PsLog.txt)."),
        Example("Get-Job | Out-File -Append /tmp/jobs.txt",
                "Adds the job table to the end of a file."),
    ),
)


OUT_NULL = CmdletSpec(
    name="Out-Null",
    parameters=(input_object("to discard"),),
    synopsis="Discards output.",
    description="Out-Null discards its input instead of displaying it.",
    examples=(
        Example("Start-Job { make -C ~/src } | Out-Null",
                "Starts a job without displaying the job object."),
        Example("$null = New-PSSession web01", "Assigning to $null discards output too."),
    ),
)


INVOKE_EXPRESSION = CmdletSpec(
    name="Invoke-Expression",
    aliases=("iex",),
    parameters=(
        ParameterSpec("Command", "String", {ALL_SETS: In(0, True, from_pipeline=True)},
                      help="Specifies the PowerShell text to run."),
    ),
    synopsis="Runs commands or expressions on the local computer.",
    description=(
        "Invoke-Expression reads a string as PowerShell and runs it in the current scope, "
        "returning its output. Words that are not PowerShell commands run as Linux "
        "commands, as they would at the start of a line."
    ),
    examples=(
        Example("$cmd = 'Get-Job -State Failed'; Invoke-Expression $cmd",
                "Runs a command held in a variable."),
        Example("'1 + 2' | iex", "Returns 3."),
    ),
)

MEASURE_COMMAND = CmdletSpec(
    name="Measure-Command",
    parameters=(
        ParameterSpec("Expression", "ScriptBlock", {ALL_SETS: In(0, True)},
                      help="Specifies the block to time. Its output is discarded."),
        input_object("bound to $_ in the block, one run each"),
    ),
    synopsis="Measures the time it takes to run script blocks and cmdlets.",
    description=(
        "Measure-Command runs a block in the current scope and returns how long it took "
        "as a TimeSpan (shown as a list: Days … TotalMilliseconds)."
    ),
    examples=(
        Example("(Measure-Command { Wait-Job $jobs }).TotalSeconds",
                "How many seconds the jobs took to finish."),
        Example("Measure-Command { Get-ChildItem /var/log -Recurse }",
                "Times a directory walk."),
    ),
    output_type="System.TimeSpan",
)


OUT_HOST = CmdletSpec(
    name="Out-Host",
    aliases=("oh",),
    parameters=(input_object("to display"),),
    synopsis="Sends output to the command line.",
    description="Out-Host displays its input in the cell right away, formatted as at the "
                "end of a pipeline, and passes nothing on: a variable assigned from it "
                "stays empty.",
    examples=(
        Example("Get-Job | Out-Host; 'after the table'", "Shows the table before the text "
                                                         "that follows."),
        Example("$null = Receive-Job $j -Keep | Out-Host", "Shows the output without "
                                                           "keeping it."),
    ),
    notes="Not available: -Paging.",
)


OUT_STRING = CmdletSpec(
    name="Out-String",
    parameters=(
        ParameterSpec("Stream", "SwitchParameter", _ALL,
                      help="Returns one string per line of the formatted text instead of a "
                           "single string."),
        ParameterSpec("Width", "Int32", _ALL,
                      help="Specifies the line width of the formatted text. The default is "
                           "120 characters."),
        input_object("to format as text"),
    ),
    synopsis="Outputs input objects as a string.",
    description=(
        "Out-String formats objects as they would be displayed and returns the text as a "
        "string, so that it can be searched, stored or passed on."
    ),
    examples=(
        Example("$text = Get-Job | Out-String", "Keeps the job table as text."),
        Example("Get-PSSession | Out-String -Width 200",
                "Formats the session table 200 characters wide."),
    ),
    output_type="System.String",
    notes="Not available: -NoNewline.",
)


START_SLEEP = CmdletSpec(
    name="Start-Sleep",
    default_set="Seconds",
    parameters=(
        ParameterSpec("Seconds", "Double", {"Seconds": In(0, True, from_pipeline_by_property=True)},
                      help="Specifies how many seconds to wait; fractions are allowed."),
        ParameterSpec("Milliseconds", "Int32",
                      {"Milliseconds": In(None, True, from_pipeline_by_property=True)},
                      aliases=("ms",), help="Specifies how many milliseconds to wait."),
    ),
    synopsis="Waits for a given time.",
    description=(
        "Start-Sleep pauses the cell for the given time. The kernel stays interruptible, "
        "and background jobs and live job displays go on meanwhile. There is no sleep "
        "alias: sleep is the shell command."
    ),
    examples=(
        Example("Start-Sleep 5", "Waits five seconds."),
        Example("Start-Sleep -Milliseconds 250", "Waits a quarter of a second."),
    ),
)



# Where-Object's comparison operators: (parameter, set name, meaning, case-sensitive twin).
# Each operator is a switch that is mandatory in its own set, as in PowerShell, except -EQ,
# which is optional so that "Where-Object HasMoreData" (no operator) binds to EqualSet.
_OPERATORS = (
    ("EQ", "Equal", "is equal to the value"),
    ("NE", "NotEqual", "is not equal to the value"),
    ("GT", "GreaterThan", "is greater than the value"),
    ("LT", "LessThan", "is less than the value"),
    ("GE", "GreaterOrEqual", "is greater than or equal to the value"),
    ("LE", "LessOrEqual", "is less than or equal to the value"),
    ("Like", "Like", "matches the value, a wildcard pattern"),
    ("NotLike", "NotLike", "does not match the value, a wildcard pattern"),
    ("Match", "Match", "matches the value, a regular expression"),
    ("NotMatch", "NotMatch", "does not match the value, a regular expression"),
    ("Contains", "Contains", "is a collection that contains the value"),
    ("NotContains", "NotContains", "is a collection that does not contain the value"),
    ("In", "In", "is one of the values"),
    ("NotIn", "NotIn", "is none of the values"),
)


def _where_object_parameters() -> tuple[ParameterSpec, ...]:
    comparison_sets: list[str] = []
    operators: list[ParameterSpec] = []
    for name, set_stem, meaning in _OPERATORS:
        for sensitive in (False, True):
            set_name = ("CaseSensitive" if sensitive else "") + set_stem + "Set"
            comparison_sets.append(set_name)
            mandatory = not (name == "EQ" and not sensitive)
            operators.append(ParameterSpec(
                ("C" if sensitive else "") + name, "SwitchParameter",
                {set_name: In(None, mandatory)},
                aliases=() if sensitive else ("I" + name,),
                help=f"Gets the objects whose property {meaning}"
                     + (", comparing case-sensitively." if sensitive else
                        " (case-insensitive)."),
            ))
    return (
        ParameterSpec("FilterScript", "ScriptBlock", {"ScriptBlockSet": In(0, True)},
                      help="Specifies a condition as a script block; $_ (or $PSItem) is the "
                           "current object, for example { $_.State -eq 'Failed' }."),
        ParameterSpec("Property", "String",
                      {s: In(0, True) for s in [*comparison_sets, "Not"]},
                      help="Specifies the property to test."),
        ParameterSpec("Value", "Object", {s: In(1) for s in comparison_sets},
                      help="Specifies the value to compare the property with. Without an "
                           "operator and a value, the property's own truth is tested."),
        *operators,
        ParameterSpec("Not", "SwitchParameter", {"Not": In(None, True)},
                      help="Gets the objects whose property is false, empty or absent."),
        input_object("to filter"),
    )


WHERE_OBJECT = CmdletSpec(
    name="Where-Object",
    aliases=("where", "?"),
    default_set="EqualSet",
    parameters=_where_object_parameters(),
    synopsis="Selects objects from a collection based on their property values.",
    description=(
        "Where-Object passes on the objects that meet a condition. Write the condition as a "
        "script block (Where-Object { $_.State -eq 'Failed' }) or, for one property, as a "
        "comparison statement (Where-Object State -eq Failed). String comparisons ignore "
        "case unless you use a case-sensitive operator such as -CEQ or -CLike."
    ),
    examples=(
        Example("Get-Job | Where-Object State -eq Failed", "Gets the failed jobs."),
        Example("Get-Job | Where-Object { $_.Location -like 'web*' }",
                "Gets the jobs that run on hosts whose names start with web."),
        Example("Get-PSSession | ? State -ne Opened", "Gets the sessions that are not open."),
    ),
    notes="Not available: the -Is and -IsNot type tests.",
)


FOREACH_OBJECT = CmdletSpec(
    name="ForEach-Object",
    aliases=("foreach", "%"),
    default_set="ScriptBlockSet",
    parameters=(
        ParameterSpec("Process", "ScriptBlock[]", {"ScriptBlockSet": In(0, True)},
                      help="Specifies the script block run for each object; $_ is the "
                           "object."),
        ParameterSpec("Begin", "ScriptBlock", {"ScriptBlockSet": In()},
                      help="Specifies a script block run once, before the first object."),
        ParameterSpec("End", "ScriptBlock", {"ScriptBlockSet": In()},
                      help="Specifies a script block run once, after the last object."),
        ParameterSpec("RemainingScripts", "ScriptBlock[]",
                      {"ScriptBlockSet": In(from_remaining_arguments=True)},
                      help="Takes the script blocks after the first positional one: "
                           "'ForEach-Object {begin} {process} {end}'."),
        ParameterSpec("MemberName", "String", {"PropertyAndMethodSet": In(0, True)},
                      help="Outputs the value of this property of each object, or what "
                           "this method returns ('ForEach-Object ToUpper')."),
        ParameterSpec("ArgumentList", "Object[]",
                      {"PropertyAndMethodSet": In(from_remaining_arguments=True)},
                      aliases=("Args",),
                      help="The arguments of the method -MemberName names "
                           "('ForEach-Object Split ,')."),
        input_object("to process"),
    ),
    synopsis="Performs an operation against each item in a collection of input objects.",
    description=(
        "ForEach-Object runs a script block once for each object it receives, with $_ "
        "holding the object, or outputs one property of each object (-MemberName). The "
        "block is evaluated in the kernel, so it can use job and session cmdlets."
    ),
    examples=(
        Example("Get-Job -State Completed | ForEach-Object { Receive-Job $_ -Keep }",
                "Receives the results of every completed job."),
        Example("Get-Job | % Name", "Outputs the name of every job."),
    ),
    notes="Not available: -Parallel, -RemainingScripts, -ArgumentList.",
)




FORMAT_TABLE = CmdletSpec(
    name="Format-Table",
    aliases=("ft",),
    parameters=(
        ParameterSpec("Property", "Object[]", {ALL_SETS: In(0)}, wildcards=True,
                      help="Specifies the properties to show as columns, in order."),
        ParameterSpec("AutoSize", "SwitchParameter", _ALL,
                      help="Sizes the columns to their contents instead of the view's "
                           "widths."),
        ParameterSpec("HideTableHeaders", "SwitchParameter", _ALL,
                      help="Omits the column headers and their underlines."),
        ParameterSpec("Wrap", "SwitchParameter", _ALL,
                      help="Wraps long values onto more lines instead of cutting them "
                           "with …."),
        ParameterSpec("GroupBy", "Object", _ALL,
                      help="Starts a new table, headed by this property's value, each "
                           "time the value changes (sort by it first)."),
        input_object("to format"),
    ),
    synopsis="Formats the output as a table.",
    description=(
        "Format-Table shows objects as a text table, one row per object, one column per "
        "property: the view's columns by default (jobs: Id, Name, PSJobTypeName, State, "
        "HasMoreData, Location, Command), or the properties you name."
    ),
    examples=(
        Example("Get-Job | Format-Table Id, Name, State, ExitCode -AutoSize",
                "Shows four job properties in narrow columns."),
        Example("Get-PSSession | Format-Table -HideTableHeaders",
                "Shows the session table without headers."),
    ),
    notes="Not available: -View, -ShowError, -DisplayError, -Force, -Expand; -GroupBy "
          "takes a property name.",
)


FORMAT_LIST = CmdletSpec(
    name="Format-List",
    aliases=("fl",),
    parameters=(
        ParameterSpec("Property", "Object[]", {ALL_SETS: In(0)}, wildcards=True,
                      help="Specifies the properties to show; * shows all of them."),
        input_object("to format"),
    ),
    synopsis="Formats the output as a list of properties.",
    description=(
        "Format-List shows each object as a list of Name : Value lines, which shows long "
        "values (such as a multi-line Command) in full."
    ),
    examples=(
        Example("Get-Job -Id 1 | Format-List", "Shows job 1 property by property."),
        Example("Get-PSSession | Format-List *", "Shows every property of every session."),
    ),
    notes="Not available: -GroupBy, -View, -ShowError, -DisplayError, -Force, -Expand.",
)


FORMAT_WIDE = CmdletSpec(
    name="Format-Wide",
    aliases=("fw",),
    parameters=(
        ParameterSpec("Property", "Object", {ALL_SETS: In(0)}, wildcards=True,
                      help="Specifies the one property to show; by default the object's "
                           "Name (or Id, Key) property, else its first."),
        ParameterSpec("AutoSize", "SwitchParameter", _ALL,
                      help="Puts as many values on a row as the longest one allows."),
        ParameterSpec("Column", "Int32", _ALL,
                      help="Specifies the number of values on a row (2 by default)."),
        input_object("to format"),
    ),
    synopsis="Formats objects as a wide table that shows only one property of each object.",
    description=(
        "Format-Wide shows one property of each object, two (or -Column) objects to a "
        "row, the line shared evenly between them. Strings and numbers print as they "
        "are, one to a line."
    ),
    examples=(
        Example("Get-Job | Format-Wide -Column 4", "Shows the jobs' names, four to a row."),
        Example("Get-Job | Format-Wide -Property Location -AutoSize",
                "Shows the jobs' locations, as many to a row as fit."),
    ),
    notes="Not available: -GroupBy, -View, -Force, -ShowError, -DisplayError, -Expand.",
)


WRITE_OUTPUT = CmdletSpec(
    name="Write-Output",
    parameters=(
        ParameterSpec("InputObject", "PSObject[]",
                      {ALL_SETS: In(0, True, from_pipeline=True, from_remaining_arguments=True)},
                      help="Specifies the objects to output. Several arguments are output one "
                           "after another."),
        ParameterSpec("NoEnumerate", "SwitchParameter", _ALL,
                      help="Outputs a collection as one object instead of item by item."),
    ),
    synopsis="Writes objects to the pipeline.",
    description=(
        "Write-Output sends objects down the pipeline, or displays them at its end. A bare "
        "value on a line does the same. There is no echo alias: echo (and write) are the "
        "shell commands."
    ),
    examples=(
        Example('Write-Output "deploy finished"', "Outputs a string."),
        Example("Write-Output a b c", "Outputs three strings."),
    ),
)


_CONSOLE_COLORS = (
    "Black", "DarkBlue", "DarkGreen", "DarkCyan", "DarkRed", "DarkMagenta", "DarkYellow",
    "Gray", "DarkGray", "Blue", "Green", "Cyan", "Red", "Magenta", "Yellow", "White",
)

WRITE_HOST = CmdletSpec(
    name="Write-Host",
    parameters=(
        ParameterSpec("Object", "Object",
                      {ALL_SETS: In(0, from_pipeline=True, from_remaining_arguments=True)},
                      aliases=("Msg", "Message"),
                      help="Specifies what to display; several arguments, and the items of "
                           "an array, are joined with the separator (a space)."),
        ParameterSpec("NoNewline", "SwitchParameter", _ALL,
                      help="Does not end the text with a newline."),
        ParameterSpec("Separator", "Object", _ALL,
                      help="Specifies the text placed between the objects displayed. The "
                           "default is a space."),
        ParameterSpec("ForegroundColor", "ConsoleColor", _ALL, values=_CONSOLE_COLORS,
                      help="Specifies the text color. The acceptable values are: "
                           f"{', '.join(_CONSOLE_COLORS)}."),
        ParameterSpec("BackgroundColor", "ConsoleColor", _ALL, values=_CONSOLE_COLORS,
                      help="Specifies the background color. The acceptable values are: "
                           f"{', '.join(_CONSOLE_COLORS)}."),
    ),
    synopsis="Writes customized output to a host.",
    description=(
        "Write-Host displays text directly in the cell. Unlike Write-Output, what it writes "
        "does not go down the pipeline and cannot be captured in a variable. Colors are "
        "written as ANSI escape sequences, as PowerShell writes them to a terminal; "
        "Jupyter shows them in color."
    ),
    examples=(
        Example('Write-Host "Waiting for" $job.Name', "Displays a message."),
        Example("Write-Host -NoNewline 'checking… '; Write-Host done",
                "Displays both texts on one line."),
        Example("Write-Host -ForegroundColor Red -BackgroundColor Yellow 'FAILED:' $h",
                "Displays a message in red on yellow."),
        Example("Write-Host (1, 2, 3) -Separator ', '", "Displays 1, 2, 3."),
    ),
)


_CATEGORIES = (
    "NotSpecified", "OpenError", "CloseError", "DeviceError", "DeadlockDetected",
    "InvalidArgument", "InvalidData", "InvalidOperation", "InvalidResult", "InvalidType",
    "MetadataError", "NotImplemented", "NotInstalled", "ObjectNotFound", "OperationStopped",
    "OperationTimeout", "SyntaxError", "ParserError", "PermissionDenied", "ResourceBusy",
    "ResourceExists", "ResourceUnavailable", "ReadError", "WriteError", "FromStdErr",
    "SecurityError", "ProtocolError", "ConnectionError", "AuthenticationError",
    "LimitsExceeded", "QuotaExceeded", "NotEnabled",
)

WRITE_ERROR = CmdletSpec(
    name="Write-Error",
    parameters=(
        ParameterSpec("Message", "String", {ALL_SETS: In(0, True, from_pipeline=True)},
                      aliases=("Msg",), help="Specifies the text of the error."),
        ParameterSpec("ErrorId", "String", _ALL,
                      help="Specifies an identifier for the error, for scripts to match on."),
        ParameterSpec("Category", "String", _ALL, values=_CATEGORIES,
                      help="Specifies the category of the error; the default is NotSpecified."),
        ParameterSpec("TargetObject", "Object", _ALL,
                      help="Specifies the object the error is about."),
    ),
    synopsis="Writes an object to the error stream.",
    description=(
        "Write-Error writes a non-terminating error: it is displayed (as Write-Error: "
        "message) and recorded, and the cell goes on. Inside a job, errors are kept with the "
        "job's results and shown by Receive-Job."
    ),
    examples=(
        Example('Write-Error "backup failed on web02"', "Writes an error."),
        Example("Write-Error 'no such host' -Category ObjectNotFound -ErrorId HostMissing",
                "Writes an error with a category and an id."),
    ),
    notes="Not available: -Exception, -ErrorRecord, -RecommendedAction and the other "
          "category fields.",
)


WRITE_WARNING = CmdletSpec(
    name="Write-Warning",
    parameters=(
        ParameterSpec("Message", "String", {ALL_SETS: In(0, True, from_pipeline=True)},
                      aliases=("Msg",), help="Specifies the text of the warning."),
    ),
    synopsis="Writes a warning message.",
    description="Write-Warning displays a message prefixed with WARNING:.",
    examples=(
        Example('Write-Warning "web02 is still disconnected"',
                "Displays WARNING: web02 is still disconnected."),
        Example("Get-PSSession | ? State -ne Opened | % { Write-Warning $_.Name }",
                "Writes a warning naming each session that is not open."),
    ),
)


GET_HELP = CmdletSpec(
    name="Get-Help",
    default_set="AllUsersView",
    parameters=(
        ParameterSpec("Name", "String", {ALL_SETS: In(0)},
                      help="Specifies a cmdlet, alias or help topic (such as "
                           "about_Remote_Jobs). Without it, lists what help exists."),
        ParameterSpec("Full", "SwitchParameter", {"AllUsersView": In()},
                      help="Shows the whole article: description, every parameter, examples "
                           "and notes."),
        ParameterSpec("Detailed", "SwitchParameter", {"DetailedView": In(None, True)},
                      help="Shows the description, the parameters and the examples."),
        ParameterSpec("Examples", "SwitchParameter", {"Examples": In(None, True)},
                      help="Shows only the examples."),
        ParameterSpec("Parameter", "String[]", {"Parameters": In(None, True)}, wildcards=True,
                      help="Shows only the help of these parameters. Wildcards are "
                           "permitted."),
    ),
    synopsis="Displays information about cmdlets and concepts.",
    description=(
        "Get-Help shows the help of a cmdlet (what it does, its syntax, parameters and "
        "examples, written for rjkernel) or of a conceptual topic such as about_Remote_Jobs. "
        "In a notebook, Shift-Tab on a cmdlet name shows the same synopsis."
    ),
    examples=(
        Example("Get-Help Receive-Job", "Shows the help of Receive-Job."),
        Example("Get-Help Invoke-Command -Examples", "Shows only the examples."),
        Example("help Start-Job -Parameter ScriptBlock", "Shows the help of one parameter."),
        Example("Get-Help about_Remote_Jobs", "Shows the conceptual topic on remote jobs."),
    ),
    notes="Not available: -Online, -ShowWindow, -Category, -Component, -Functionality, -Role.",
)


GET_COMMAND = CmdletSpec(
    name="Get-Command",
    aliases=("gcm",),
    default_set="AllCommandSet",
    parameters=(
        ParameterSpec("Name", "String[]",
                      {"AllCommandSet": In(0, from_pipeline_by_property=True)}, wildcards=True,
                      help="Gets the cmdlets (or aliases) with these names. Wildcards are "
                           "permitted."),
        ParameterSpec("Verb", "String[]", {"CmdletSet": In(from_pipeline_by_property=True)},
                      wildcards=True, help="Gets the cmdlets with these verbs (Get, Start …)."),
        ParameterSpec("Noun", "String[]", {"CmdletSet": In(from_pipeline_by_property=True)},
                      wildcards=True, help="Gets the cmdlets with these nouns (Job, PSSession …)."),
        ParameterSpec("CommandType", "String[]", {"AllCommandSet": In()}, aliases=("Type",),
                      values=("Alias", "Function", "Filter", "Cmdlet", "Application", "All"),
                      help="Gets only commands of these types: Alias, Function, Filter, "
                           "Cmdlet, Application (a Linux command on the PATH), or All."),
        ParameterSpec("Syntax", "SwitchParameter", _ALL,
                      help="Shows each cmdlet's syntax, one line per parameter set, instead "
                           "of the command objects."),
    ),
    synopsis="Gets all commands.",
    description=(
        "Get-Command lists the cmdlets, aliases and functions rjkernel understands. Any "
        "other command name is run by the shell: asked for by its exact name, a Linux "
        "command on the PATH of the runspace's shell is an Application (its Source is "
        "its path), so 'if (Get-Command git -ErrorAction SilentlyContinue)' tests for a "
        "tool."
    ),
    examples=(
        Example("Get-Command", "Lists every cmdlet."),
        Example("Get-Command -Noun Job", "Lists the job cmdlets."),
        Example("Get-Command Receive-Job -Syntax", "Shows how Receive-Job can be called."),
    ),
)


GET_ALIAS = CmdletSpec(
    name="Get-Alias",
    aliases=("gal",),
    default_set="Default",
    parameters=(
        ParameterSpec("Name", "String[]", {"Default": In(0, from_pipeline_by_property=True)},
                      wildcards=True,
                      help="Gets the aliases with these names. Wildcards are permitted."),
        ParameterSpec("Definition", "String[]", {"Definition": In()}, wildcards=True,
                      help="Gets the aliases of these commands (Get-Job …). Wildcards are "
                           "permitted."),
        ParameterSpec("Exclude", "String[]", _ALL, wildcards=True,
                      help="Leaves out the aliases with these names."),
    ),
    synopsis="Gets the aliases for the current session.",
    description=(
        "Get-Alias lists your aliases (Set-Alias) and PowerShell's default aliases for the "
        "cmdlets rjkernel has, as "
        "PowerShell 7 defines them on Linux: the ones that would hide a Linux command or a "
        "shell builtin (ls, cat, cd, echo, sort, ps …) are not aliases here, so those words "
        "reach the shell."
    ),
    examples=(
        Example("Get-Alias gjb", "Shows what gjb stands for."),
        Example("Get-Alias -Definition Get-ChildItem", "Lists the aliases of Get-ChildItem."),
    ),
    output_type="System.Management.Automation.AliasInfo",
    notes="Not available: -Scope.",
)


def _alias_spec(name: str, alias: str, synopsis: str, description: str) -> CmdletSpec:
    def by_property(position: int) -> In:
        return In(position, True, from_pipeline_by_property=True)

    return CmdletSpec(
        name=name,
        aliases=(alias,),
        parameters=(
            ParameterSpec("Name", "String", {ALL_SETS: by_property(0)},
                          help="Specifies the alias."),
            ParameterSpec("Value", "String", {ALL_SETS: by_property(1)},
                          help="Specifies the command the alias runs: a cmdlet, a function, "
                               "another alias or a Linux command."),
            ParameterSpec("Scope", "String", _ALL, values=("Local", "Script", "Global"),
                          help="Makes the alias in this scope (Local, the default) or for "
                               "the whole runspace (Script, Global)."),
            ParameterSpec("PassThru", "SwitchParameter", _ALL,
                          help="Returns the alias (an AliasInfo)."),
            ParameterSpec("Force", "SwitchParameter", _ALL,
                          help="Replaces an alias that exists (New-Alias)."),
        ),
        synopsis=synopsis,
        description=description,
        examples=(
            Example(f"{name} k kubectl", "k get pods then runs kubectl get pods."),
            Example(f"{name} up Get-Uptime -Scope Global", "An alias of a function, for the "
                                                           "whole runspace."),
        ),
        output_type="None, or System.Management.Automation.AliasInfo with -PassThru",
        notes="Not available: -Description, -Option.",
    )


SET_ALIAS = _alias_spec(
    "Set-Alias", "sal", "Creates or changes an alias for a cmdlet or other command in the "
    "current PowerShell session.",
    "Set-Alias makes an alias, or changes what one stands for. The alias is a command from "
    "the next line on: a line that starts with it is PowerShell's.")
NEW_ALIAS = _alias_spec(
    "New-Alias", "nal", "Creates a new alias.",
    "New-Alias makes an alias; unlike Set-Alias it fails when the alias exists, unless "
    "-Force is given.")

REMOVE_ALIAS = CmdletSpec(
    name="Remove-Alias",
    parameters=(
        ParameterSpec("Name", "String[]", {ALL_SETS: In(0, True, from_pipeline=True,
                                                        from_pipeline_by_property=True)},
                      help="Specifies the aliases to remove."),
    ),
    synopsis="Remove an alias from the current session.",
    description="Remove-Alias removes aliases made with Set-Alias or New-Alias.",
    examples=(
        Example("Remove-Alias k", "Removes the alias k."),
        Example("Get-Alias k* | Remove-Alias", "Removes every alias starting with k."),
    ),
    notes="Not available: -Scope, -Force. The built-in aliases cannot be removed (the "
          "read-only ones say so as PowerShell does without -Force).",
)


GET_VERB = CmdletSpec(
    name="Get-Verb",
    default_set="__AllParameterSets",
    parameters=(
        ParameterSpec("Verb", "String[]", {ALL_SETS: In(0, from_pipeline=True,
                                                        from_pipeline_by_property=True)},
                      wildcards=True, help="Gets only these verbs. Wildcards are permitted."),
        ParameterSpec("Group", "String[]", {ALL_SETS: In(1, from_pipeline=True,
                                                         from_pipeline_by_property=True)},
                      values=("Common", "Communications", "Data", "Diagnostic", "Lifecycle",
                              "Other", "Security"),
                      help="Gets only the verbs of these groups."),
    ),
    synopsis="Gets approved PowerShell verbs.",
    description=(
        "Get-Verb lists the verbs PowerShell approves for command names, with their alias "
        "prefix, group and meaning. In rjkernel a Verb-Noun word with an approved verb is "
        "always read as a PowerShell command: an unknown one is a CommandNotFoundException, "
        "not a shell error."
    ),
    examples=(
        Example("Get-Verb", "Lists all 100 approved verbs."),
        Example("Get-Verb -Group Security", "Lists the verbs of the Security group."),
        Example("Get-Verb Re*", "Lists the approved verbs that start with Re."),
    ),
    output_type="System.Management.Automation.VerbInfo",
)


UTILITY_CMDLETS = (
    GET_CONTENT, OUT_FILE, OUT_NULL, OUT_STRING, START_SLEEP, WHERE_OBJECT, FOREACH_OBJECT,
    FORMAT_TABLE, FORMAT_LIST, FORMAT_WIDE, WRITE_OUTPUT, WRITE_HOST, WRITE_ERROR, WRITE_WARNING,
    GET_HELP,
    OUT_HOST, INVOKE_EXPRESSION, MEASURE_COMMAND, GET_COMMAND, GET_ALIAS, SET_ALIAS,
    NEW_ALIAS, REMOVE_ALIAS, GET_VERB,
)
