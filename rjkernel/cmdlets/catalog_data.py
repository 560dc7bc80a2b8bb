"""Signatures and help of the cmdlets that turn values into text and back: dates and
time spans (Get-Date, New-TimeSpan), JSON, CSV, Select-String and Tee-Object.

Parameter names, sets, positions and aliases are PowerShell 7.4's; the notes of each
cmdlet name what is left out.
"""

from __future__ import annotations

from rjkernel.cmdlets.signature import (
    ALL_SETS,
    CmdletSpec,
    Example,
    ParameterSpec,
    encoding,
    switch,
)
from rjkernel.cmdlets.signature import SetMembership as In

_ALL = {ALL_SETS: In()}




_DATE_SETS = ("DateAndFormat", "DateAndUFormat")
_UNIX_SETS = ("UnixTimeSecondsAndFormat", "UnixTimeSecondsAndUFormat")
_FORMAT_SETS = ("DateAndFormat", "UnixTimeSecondsAndFormat")
_UFORMAT_SETS = ("DateAndUFormat", "UnixTimeSecondsAndUFormat")


def _part(name: str, low: int, high: int) -> ParameterSpec:
    return ParameterSpec(name, "Int32", _ALL,
                         help=f"Replaces the {name.lower()} of the date ({low}–{high}).")


GET_DATE = CmdletSpec(
    name="Get-Date",
    default_set="DateAndFormat",
    parameters=(
        ParameterSpec("Date", "DateTime",
                      {s: In(0, from_pipeline=True, from_pipeline_by_property=True)
                       for s in _DATE_SETS}, aliases=("LastWriteTime",),
                      help="Specifies the date and time to use instead of now, such as "
                           "'2026-12-02 18:40' or a job's PSBeginTime."),
        ParameterSpec("UnixTimeSeconds", "Int64", {s: In(None, True) for s in _UNIX_SETS},
                      aliases=("UnixTime",),
                      help="Specifies the date as seconds since 1970-01-01 00:00 UTC."),
        _part("Year", 1, 9999), _part("Month", 1, 12), _part("Day", 1, 31),
        _part("Hour", 0, 23), _part("Minute", 0, 59), _part("Second", 0, 59),
        _part("Millisecond", 0, 999),
        ParameterSpec("DisplayHint", "String", _ALL, values=("Date", "Time", "DateTime"),
                      help="Shows only the date, only the time, or both (the default) when "
                           "the date is displayed; the value is the same."),
        ParameterSpec("UFormat", "String", {s: In(None, True) for s in _UFORMAT_SETS},
                      help="Formats the date with UNIX-style specifiers such as "
                           "'%Y-%m-%d %H:%M' and returns a string."),
        ParameterSpec("Format", "String", {s: In() for s in _FORMAT_SETS},
                      values=("FileDate", "FileDateUniversal", "FileDateTime",
                              "FileDateTimeUniversal"),
                      help="Formats the date with a .NET format string such as 'yyyy-MM-dd' "
                           "or 'o', or FileDate/FileDateTime for file names, and returns a "
                           "string."),
        switch("AsUTC", "Converts the date to UTC."),
    ),
    synopsis="Gets the current date and time.",
    description=(
        "Get-Date gets a DateTime: now, or the date given. Dates support arithmetic "
        "($end - $start is a TimeSpan, $d.AddDays(-7), comparisons) and print in en-US form. "
        "With -Format or -UFormat the result is a string."
    ),
    examples=(
        Example("Get-Date -Format 'yyyy-MM-dd HH:mm'", "Gets the current time as text."),
        Example("$cutoff = (Get-Date).AddDays(-7)", "Keeps the date a week ago."),
        Example("Get-Date -UFormat %s", "Gets the seconds since the UNIX epoch."),
    ),
    output_type="System.DateTime",
    notes="Not available: -Culture formatting other than en-US.",
)


NEW_TIMESPAN = CmdletSpec(
    name="New-TimeSpan",
    default_set="Date",
    parameters=(
        ParameterSpec("Start", "DateTime",
                      {"Date": In(0, from_pipeline=True, from_pipeline_by_property=True)},
                      aliases=("LastWriteTime",),
                      help="Specifies the start of the time span; the default is now."),
        ParameterSpec("End", "DateTime", {"Date": In(1, from_pipeline_by_property=True)},
                      help="Specifies the end of the time span; the default is now."),
        *(ParameterSpec(unit, "Int32", {"Time": In()},
                        help=f"Specifies the {unit.lower()} of the time span.")
          for unit in ("Days", "Hours", "Minutes", "Seconds", "Milliseconds")),
    ),
    synopsis="Creates a TimeSpan object.",
    description=(
        "New-TimeSpan returns the time between two dates, or a time span made of days, "
        "hours, minutes, seconds and milliseconds. Its TotalSeconds, TotalMinutes … give "
        "the whole span in one unit."
    ),
    examples=(
        Example("New-TimeSpan -Start $job.PSBeginTime -End $job.PSEndTime",
                "Gets how long a job ran."),
        Example("(New-TimeSpan -Minutes 90).TotalHours", "Converts 90 minutes to hours: 1.5."),
    ),
    output_type="System.TimeSpan",
)


CONVERTTO_JSON = CmdletSpec(
    name="ConvertTo-Json",
    parameters=(
        ParameterSpec("InputObject", "Object", {ALL_SETS: In(0, True, from_pipeline=True)},
                      help="Specifies the objects to convert; several make a JSON array."),
        ParameterSpec("Depth", "Int32", _ALL,
                      help="Specifies how many levels of contained objects are included "
                           "(default 2, at most 100); deeper objects become their text."),
        switch("Compress", "Omits white space and indentation."),
        switch("EnumsAsStrings", "Writes enumeration values (a job's State) as names "
                                  "instead of numbers."),
        switch("AsArray", "Writes a JSON array even for a single object."),
    ),
    synopsis="Converts an object to a JSON-formatted string.",
    description=(
        "ConvertTo-Json writes objects, hashtables and arrays as JSON, indented by two "
        "spaces as PowerShell 7 writes it."
    ),
    examples=(
        Example("Get-Job | Select-Object Name, State | ConvertTo-Json",
                "Writes the names and states of the jobs as JSON."),
        Example("@{host='web01'; ok=$true} | ConvertTo-Json -Compress",
                "Writes a hashtable as one line of JSON."),
    ),
    output_type="System.String",
    notes="Not available: -EscapeHandling.",
)


CONVERTFROM_JSON = CmdletSpec(
    name="ConvertFrom-Json",
    parameters=(
        ParameterSpec("InputObject", "String", {ALL_SETS: In(0, True, from_pipeline=True)},
                      help="Specifies the JSON text; lines from the pipeline are joined."),
        switch("AsHashtable", "Returns ordered hashtables instead of custom objects."),
        ParameterSpec("Depth", "Int32", _ALL,
                      help="Specifies the deepest nesting allowed in the JSON (default 1024)."),
        switch("NoEnumerate", "Outputs a JSON array as one array object."),
    ),
    synopsis="Converts a JSON-formatted string to a custom object or a hash table.",
    description=(
        "ConvertFrom-Json reads JSON: objects become custom objects whose properties can be "
        "read with dots, arrays become arrays, ISO 8601 dates become DateTimes."
    ),
    examples=(
        Example("$cfg = Get-Content /etc/app/config.json -Raw | ConvertFrom-Json",
                "Reads a JSON file into an object."),
        Example("Invoke-Command -Session $s { cat /tmp/status.json } | ConvertFrom-Json",
                "Reads JSON printed on a host."),
    ),
    output_type="System.Management.Automation.PSCustomObject",
)

_QUOTES = ("Always", "AsNeeded", "Never")


def _csv_writing(path_params: tuple[ParameterSpec, ...], input_position: int | None
                 ) -> tuple[ParameterSpec, ...]:
    return (
        ParameterSpec("InputObject", "PSObject",
                      {ALL_SETS: In(input_position, True, from_pipeline=True)},
                      help="Specifies the objects to convert; each becomes a row."),
        *path_params,
        ParameterSpec("Delimiter", "Char", {"Delimiter": In(1)},
                      help="Specifies the character between fields; the default is a comma."),
        switch("UseCulture", "Uses the culture's list separator (a comma) as the delimiter.",
                {"UseCulture": In(None, True)}),
        switch("IncludeTypeInformation", "Writes a #TYPE line first.", aliases=("ITI",)),
        switch("NoTypeInformation", "Writes no #TYPE line (the default in PowerShell 7).",
                aliases=("NTI",)),
        ParameterSpec("QuoteFields", "String[]", _ALL, aliases=("QF",),
                      help="Quotes only the fields of these columns."),
        ParameterSpec("UseQuotes", "String", _ALL, aliases=("UQ",), values=_QUOTES,
                      help="Quotes every field (Always, the default), only fields that need "
                           "it (AsNeeded), or none (Never)."),
        switch("NoHeader", "Writes no header row."),
    )


def _csv_reading(source: ParameterSpec, *more: ParameterSpec) -> tuple[ParameterSpec, ...]:
    return (
        source, *more,
        ParameterSpec("Delimiter", "Char", {"Delimiter": In(1)},
                      help="Specifies the character between fields; the default is a comma."),
        switch("UseCulture", "Uses the culture's list separator (a comma) as the delimiter.",
                {"UseCulture": In(None, True)}),
        ParameterSpec("Header", "String[]", _ALL,
                      help="Specifies the column names; the first line is then data."),
    )


CONVERTTO_CSV = CmdletSpec(
    name="ConvertTo-Csv",
    default_set="Delimiter",
    parameters=_csv_writing((), 0),
    synopsis="Converts .NET objects into a series of character-separated value (CSV) strings.",
    description=(
        "ConvertTo-Csv returns a header line of property names and one line per object, "
        "every field quoted, as PowerShell 7 writes them."
    ),
    examples=(
        Example("Get-Job | Select-Object Id, Name, State | ConvertTo-Csv",
                "Converts the job list to CSV lines."),
        Example("$rows | ConvertTo-Csv -UseQuotes AsNeeded -Delimiter ';'",
                "Quotes only where needed, separated by semicolons."),
    ),
    output_type="System.String",
)


EXPORT_CSV = CmdletSpec(
    name="Export-Csv",
    aliases=("epcsv",),
    default_set="Delimiter",
    supports_should_process=True,
    parameters=(
        *_csv_writing((
            ParameterSpec("Path", "String", {ALL_SETS: In(0)},
                          help="Specifies the file to write."),
            ParameterSpec("LiteralPath", "String", _ALL, aliases=("PSPath", "LP"),
                          help="Specifies the file to write, taking every character "
                               "literally."),
            switch("Force", "Overwrites a read-only file."),
            switch("NoClobber", "Fails instead of overwriting a file that exists.",
                    aliases=("NoOverwrite",)),
            encoding(),
            switch("Append", "Adds the rows to the end of the file, under its header."),
        ), None),
    ),
    synopsis="Converts objects into a series of CSV strings and saves them to a file.",
    description=(
        "Export-Csv writes a CSV file (header and one row per object) where the statement "
        "runs: on this machine, or on the host of an entered session or an Invoke-Command "
        "-Session block."
    ),
    examples=(
        Example("Get-Job | Select-Object Name, State, PSBeginTime | Export-Csv /tmp/jobs.csv",
                "Saves the job list as CSV."),
        Example("$failed | Export-Csv /tmp/failed.csv -Append",
                "Adds rows to an existing file."),
    ),
)


IMPORT_CSV = CmdletSpec(
    name="Import-Csv",
    aliases=("ipcsv",),
    default_set="Delimiter",
    parameters=_csv_reading(
        ParameterSpec("Path", "String[]", {ALL_SETS: In(0, from_pipeline=True)},
                      help="Specifies the CSV files to read."),
        ParameterSpec("LiteralPath", "String[]", {ALL_SETS: In(
            from_pipeline_by_property=True)}, aliases=("PSPath", "LP"),
            help="Specifies the CSV files to read, taking every character literally."),
        encoding(),
    ),
    synopsis="Creates table-like custom objects from the items in a CSV file.",
    description=(
        "Import-Csv reads a CSV file where the statement runs and returns one custom object "
        "per row, with the header's names as properties (their values are strings)."
    ),
    examples=(
        Example("$hosts = Import-Csv ~/inventory.csv", "Reads an inventory file."),
        Example("Import-Csv /tmp/jobs.csv | Where-Object State -eq Failed",
                "Filters the rows of a file."),
    ),
    output_type="System.Management.Automation.PSCustomObject",
)


CONVERTFROM_CSV = CmdletSpec(
    name="ConvertFrom-Csv",
    default_set="Delimiter",
    parameters=_csv_reading(
        ParameterSpec("InputObject", "PSObject[]",
                      {ALL_SETS: In(0, True, from_pipeline=True,
                                    from_pipeline_by_property=True)},
                      help="Specifies the CSV lines to convert."),
    ),
    synopsis="Converts object properties in CSV format into CSV versions of the original "
             "objects.",
    description=(
        "ConvertFrom-Csv turns CSV lines (a header, then rows) into custom objects, such as "
        "the output of a shell command that prints CSV."
    ),
    examples=(
        Example("Invoke-Command -Session $s { cat /tmp/report.csv } | ConvertFrom-Csv",
                "Reads CSV printed on a host."),
        Example("'name;state', 'web01;up' | ConvertFrom-Csv -Delimiter ';'",
                "Reads semicolon-separated lines."),
    ),
    output_type="System.Management.Automation.PSCustomObject",
)


SELECT_STRING = CmdletSpec(
    name="Select-String",
    aliases=("sls",),
    default_set="File",
    parameters=(
        ParameterSpec("Pattern", "String[]", {ALL_SETS: In(0, True)},
                      help="Specifies the text to find: a regular expression, or literal "
                           "text with -SimpleMatch."),
        ParameterSpec("Path", "String[]", {"File": In(1, True, from_pipeline_by_property=True)},
                      wildcards=True,
                      help="Specifies the files to search (wildcards on this machine)."),
        ParameterSpec("LiteralPath", "String[]",
                      {"LiteralFile": In(None, True, from_pipeline_by_property=True)},
                      aliases=("PSPath", "LP"),
                      help="Specifies the files to search, taking every character "
                           "literally."),
        ParameterSpec("InputObject", "PSObject", {"Object": In(None, True, from_pipeline=True)},
                      help="Specifies the text to search; lines from the pipeline, such as "
                           "a job's output."),
        switch("SimpleMatch", "Searches for the pattern as literal text."),
        switch("CaseSensitive", "Matches case-sensitively."),
        switch("NotMatch", "Selects the lines that do not match."),
        switch("AllMatches", "Finds every match in each line, not only the first."),
        ParameterSpec("Context", "Int32[]", _ALL,
                      help="Shows this many lines before and after each match (one number, "
                           "or before and after)."),
        switch("Quiet", "Returns True if something matched, else False."),
        switch("List", "Returns only the first match of each file."),
        switch("Raw", "Returns the matching lines as strings."),
        switch("NoEmphasis", "Does not highlight the matches (rjkernel never does)."),
        encoding(),
    ),
    synopsis="Finds text in strings and files.",
    description=(
        "Select-String finds lines that match a pattern, in the pipeline's strings (a job's "
        "output, a file's lines) or in files. Each match prints as the line, or for files "
        "as path:line-number:line."
    ),
    examples=(
        Example("Receive-Job $job -Keep | Select-String -Pattern error -Context 2",
                "Shows the lines of a job's output that mention error, with two lines "
                "around each."),
        Example("Select-String -Path /var/log/syslog -Pattern 'Out of memory' -SimpleMatch",
                "Searches a log file for literal text."),
    ),
    output_type="Microsoft.PowerShell.Commands.MatchInfo",
    notes="Not available: -Include, -Exclude, -Culture.",
)


TEE_OBJECT = CmdletSpec(
    name="Tee-Object",
    default_set="File",
    parameters=(
        ParameterSpec("InputObject", "PSObject", {ALL_SETS: In(None, from_pipeline=True)},
                      help="Specifies the objects to save and pass on."),
        ParameterSpec("FilePath", "String", {"File": In(0, True)}, aliases=("Path",),
                      help="Specifies the file to write as well."),
        ParameterSpec("LiteralPath", "String", {"LiteralFile": In(None, True)},
                      aliases=("PSPath", "LP"),
                      help="Specifies the file to write, taking every character literally."),
        switch("Append", "Adds to the end of the file.", {"File": In(), "LiteralFile": In()}),
        encoding(),
        ParameterSpec("Variable", "String", {"Variable": In(None, True)},
                      help="Specifies a variable (without $) to keep the objects in as well."),
    ),
    synopsis="Saves command output in a file or variable and also sends it down the pipeline.",
    description=(
        "Tee-Object passes its input on unchanged and also keeps it: in a file (as it would "
        "display, written where the statement runs) or in a variable. There is no tee "
        "alias: tee is the shell command."
    ),
    examples=(
        Example("Receive-Job $job | Tee-Object -FilePath /tmp/out.txt | Select-String error",
                "Saves a job's output and searches it."),
        Example("Get-Job | Tee-Object -Variable jobs | Measure-Object",
                "Counts the jobs and keeps them in $jobs."),
    ),
)


DATA_CMDLETS = (
    GET_DATE, NEW_TIMESPAN, CONVERTTO_JSON, CONVERTFROM_JSON, CONVERTTO_CSV, EXPORT_CSV,
    IMPORT_CSV, CONVERTFROM_CSV, SELECT_STRING, TEE_OBJECT,
)
