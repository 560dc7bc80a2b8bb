"""Signatures and help of the cmdlets that make, choose, order, group, compare and
measure objects: Select-, Sort-, Group-, Compare-, Measure-, New-Object, Get-Member,
Add-Member, Get-Random, Get-Unique and Join-String.

Parameter names, sets, positions and aliases are PowerShell 7.4's; the notes of each
cmdlet name what is left out.
"""

from __future__ import annotations

from rjkernel.cmdlets.signature import (
    ALL_SETS,
    CmdletSpec,
    Example,
    ParameterSpec,
    input_object,
    switch,
)
from rjkernel.cmdlets.signature import SetMembership as In

_ALL = {ALL_SETS: In()}




_CULTURE = ParameterSpec("Culture", "String", _ALL,
                         help="Specifies the culture for comparing strings (en-US only).")
_CASE = switch("CaseSensitive", "Compares strings case-sensitively.")
_SELECT_SETS = ("DefaultParameter", "SkipLastParameter")

SELECT_OBJECT = CmdletSpec(
    name="Select-Object",
    aliases=("select",),
    default_set="DefaultParameter",
    parameters=(
        input_object("to select from"),
        ParameterSpec("Property", "Object[]", {s: In(0) for s in _SELECT_SETS}, wildcards=True,
                      help="Specifies the properties to keep: names (wildcards allowed) or "
                           "calculated properties @{Name='…'; Expression={…}}."),
        ParameterSpec("ExcludeProperty", "String[]", {s: In() for s in _SELECT_SETS},
                      wildcards=True, help="Leaves out these properties."),
        ParameterSpec("ExpandProperty", "String", {s: In() for s in _SELECT_SETS},
                      help="Outputs the value of this property instead of the object."),
        switch("Unique", "Drops objects identical to one already selected (case-sensitive "
                          "unless -CaseInsensitive)."),
        switch("CaseInsensitive", "Makes -Unique ignore case."),
        ParameterSpec("Last", "Int32", {"DefaultParameter": In()},
                      help="Selects this many objects from the end."),
        ParameterSpec("First", "Int32", {"DefaultParameter": In()},
                      help="Selects this many objects from the start."),
        ParameterSpec("Skip", "Int32", {"DefaultParameter": In()},
                      help="Skips this many objects: from the start, or with -Last from the "
                           "end."),
        ParameterSpec("SkipLast", "Int32", {"SkipLastParameter": In()},
                      help="Skips this many objects at the end."),
        ParameterSpec("Index", "Int32[]", {"IndexParameter": In()},
                      help="Selects the objects at these positions (from 0)."),
    ),
    synopsis="Selects objects or object properties.",
    description=(
        "Select-Object keeps some of the objects that reach it (-First, -Last, -Skip, "
        "-Index, -Unique) and, with -Property, only some of their properties."
    ),
    examples=(
        Example("Get-Job | Select-Object Id, Name, State, ExitCode",
                "Shows four properties of every job."),
        Example("Receive-Job $job -Keep | Select-Object -Last 5",
                "Shows the last five lines the job wrote."),
        Example("Get-Job -State Failed | Select-Object -ExpandProperty Name",
                "Outputs the names of the failed jobs as strings."),
    ),
    notes="Not available: -Wait.",
)


SORT_OBJECT = CmdletSpec(
    name="Sort-Object",
    default_set="Default",
    parameters=(
        switch("Stable", "Keeps objects with equal keys in their input order (always so "
                          "here).", {"Default": In()}),
        switch("Descending", "Sorts in descending order."),
        switch("Unique", "Drops duplicates, comparing without regard to case."),
        ParameterSpec("Top", "Int32", {"Top": In(None, True)},
                      help="Outputs only the first this many sorted objects."),
        ParameterSpec("Bottom", "Int32", {"Bottom": In(None, True)},
                      help="Outputs only the last this many sorted objects."),
        input_object("to sort"),
        ParameterSpec("Property", "Object[]", {ALL_SETS: In(0)},
                      help="Specifies the properties to sort by, most significant first: "
                           "names, script blocks, or @{Expression=…; Descending=$true}."),
        _CULTURE, _CASE,
    ),
    synopsis="Sorts objects by property values.",
    description=(
        "Sort-Object sorts the objects it receives by one or more properties: numbers as "
        "numbers, text ignoring case, $null first. It has no sort alias: sort is the shell "
        "command."
    ),
    examples=(
        Example("Get-Job | Sort-Object PSEndTime -Descending",
                "Lists the jobs, the most recently ended first."),
        Example("Get-Job | Sort-Object @{e='State'; d=$true}, Name",
                "Sorts by state descending, then by name."),
    ),
)


MEASURE_OBJECT = CmdletSpec(
    name="Measure-Object",
    aliases=("measure",),
    default_set="GenericMeasure",
    parameters=(
        input_object("to measure"),
        ParameterSpec("Property", "String[]", {ALL_SETS: In(0)}, wildcards=True,
                      help="Specifies the properties to measure; each gets its own result."),
        *(switch(name, text, {"GenericMeasure": In()}) for name, text in (
            ("StandardDeviation", "Computes the sample standard deviation."),
            ("Sum", "Adds up the values."),
            ("AllStats", "Computes every statistic."),
            ("Average", "Averages the values."),
            ("Maximum", "Finds the largest value."),
            ("Minimum", "Finds the smallest value."),
        )),
        *(switch(name, text, {"TextMeasure": In()}) for name, text in (
            ("Line", "Counts the lines of text."),
            ("Word", "Counts the words."),
            ("Character", "Counts the characters."),
            ("IgnoreWhiteSpace", "Leaves white space out of the character count."),
        )),
    ),
    synopsis="Calculates the numeric properties of objects, and the characters, words, and "
             "lines in string objects.",
    description=(
        "Measure-Object counts the objects it receives and computes, for numbers or numeric "
        "properties, their sum, average, maximum, minimum and standard deviation; for text, "
        "its lines, words and characters."
    ),
    examples=(
        Example("Get-Job -State Failed | Measure-Object", "Counts the failed jobs."),
        Example("Get-Job | Measure-Object -Property ExitCode -Maximum",
                "Finds the highest exit status among the jobs."),
        Example("Receive-Job $job -Keep | Measure-Object -Line", "Counts a job's output lines."),
    ),
    output_type="Microsoft.PowerShell.Commands.GenericMeasureInfo",
)


GROUP_OBJECT = CmdletSpec(
    name="Group-Object",
    aliases=("group",),
    default_set="DefaultParameter",
    parameters=(
        switch("NoElement", "Leaves the Group property (the members) out."),
        switch("AsHashTable", "Returns a hashtable: each group's value is a key.",
                {"HashTable": In()}, aliases=("AHT",)),
        switch("AsString", "Makes the hashtable's keys strings.", {"HashTable": In()}),
        ParameterSpec("InputObject", "PSObject",
                      {"DefaultParameter": In(from_pipeline=True),
                       "HashTable": In(from_pipeline=True)},
                      help="Specifies the objects to group. Usually they come through the "
                           "pipeline."),
        ParameterSpec("Property", "Object[]", {ALL_SETS: In(0)},
                      help="Specifies the properties to group by: names, script blocks or "
                           "calculated properties."),
        _CULTURE, _CASE,
    ),
    synopsis="Groups objects that contain the same value for specified properties.",
    description=(
        "Group-Object puts objects with equal property values together and returns one group "
        "per value, with its Count, Name and the objects (Group)."
    ),
    examples=(
        Example("Get-Job | Group-Object State", "Counts the jobs in each state."),
        Example("$byHost = Get-Job -IncludeChildJob | Group-Object Location -AsHashTable "
                "-AsString", "Indexes the jobs by host."),
    ),
    output_type="Microsoft.PowerShell.Commands.GroupInfo",
)


COMPARE_OBJECT = CmdletSpec(
    name="Compare-Object",
    parameters=(
        ParameterSpec("ReferenceObject", "PSObject[]", {ALL_SETS: In(0, True)},
                      help="Specifies the objects used as a reference."),
        ParameterSpec("DifferenceObject", "PSObject[]",
                      {ALL_SETS: In(1, True, from_pipeline=True)},
                      help="Specifies the objects compared with the reference."),
        ParameterSpec("SyncWindow", "Int32", _ALL,
                      help="Specifies how far apart matching objects may be."),
        ParameterSpec("Property", "Object[]", _ALL,
                      help="Specifies the properties to compare."),
        switch("ExcludeDifferent", "Outputs only the objects that are equal."),
        switch("IncludeEqual", "Outputs the equal objects too (SideIndicator ==)."),
        switch("PassThru", "Outputs the objects themselves, with a SideIndicator property."),
        _CULTURE, _CASE,
    ),
    synopsis="Compares two sets of objects.",
    description=(
        "Compare-Object shows the objects that are only in the reference set "
        "(SideIndicator <=) or only in the difference set (=>), and with -IncludeEqual those "
        "in both (==)."
    ),
    examples=(
        Example("Compare-Object (Get-Content /tmp/before.txt) (Get-Content /tmp/after.txt)",
                "Shows the lines that differ between two files."),
        Example("Compare-Object $expected $running -Property Name",
                "Compares two lists of objects by name."),
    ),
)


GET_MEMBER = CmdletSpec(
    name="Get-Member",
    aliases=("gm",),
    parameters=(
        input_object("whose members to get"),
        ParameterSpec("Name", "String[]", {ALL_SETS: In(0)}, wildcards=True,
                      help="Gets only the members with these names."),
        ParameterSpec("MemberType", "String[]", _ALL, aliases=("Type",),
                      values=("Property", "NoteProperty", "ScriptProperty", "Method",
                              "Properties", "Methods", "All"),
                      help="Gets only members of these kinds."),
        switch("Static", "Gets static members (none are listed here)."),
        switch("Force", "Includes hidden members (none are hidden here)."),
    ),
    synopsis="Gets the properties and methods of objects.",
    description=(
        "Get-Member lists the members of the objects it receives, once per type, under a "
        "TypeName header: properties with their values' types, and methods with their "
        "signatures."
    ),
    examples=(
        Example("$job | Get-Member -MemberType Property", "Lists the properties of a job."),
        Example("(Get-Date) | Get-Member -Name Add*", "Lists the Add methods of a date."),
    ),
    output_type="Microsoft.PowerShell.Commands.MemberDefinition",
    notes="Not available: -View. Members are the ones rjkernel implements for each type.",
)


NEW_OBJECT = CmdletSpec(
    name="New-Object",
    default_set="Net",
    parameters=(
        ParameterSpec("TypeName", "String", {"Net": In(0, True)},
                      help="Specifies the .NET type to create: a full name "
                           "(System.Collections.ArrayList, "
                           "System.Collections.Generic.List[string]) or an accelerator "
                           "(PSObject, hashtable, datetime)."),
        ParameterSpec("ArgumentList", "Object[]", {"Net": In(1)}, aliases=("Args",),
                      help="Specifies the arguments of the type's constructor."),
        ParameterSpec("Property", "Hashtable", _ALL,
                      help="Sets these properties on the new object (adds them to a "
                           "PSObject)."),
    ),
    synopsis="Creates an instance of a Microsoft .NET Framework or COM object.",
    description=(
        "New-Object creates an object of a .NET type, calling the constructor that takes "
        "the -ArgumentList given, and sets the properties of -Property on it. "
        "New-Object PSObject -Property @{...} makes a custom object."
    ),
    examples=(
        Example("$failed = New-Object System.Collections.ArrayList",
                "Creates a list that grows in place: [void]$failed.Add('web01')."),
        Example("New-Object PSObject -Property @{Host='web01'; State='Failed'}",
                "Creates a custom object with two properties."),
        Example("New-Object TimeSpan 0,5,0", "Creates a five-minute TimeSpan."),
    ),
    output_type="System.Object",
    notes="Not available: -ComObject, -Strict. Types are the ones rjkernel models: "
          "collections, PSObject, hashtables, dates, time spans, strings, regexes, "
          "versions, GUIDs.",
)


_MEMBER_TYPES = ("NoteProperty", "AliasProperty", "ScriptProperty", "CodeProperty",
                 "ScriptMethod", "CodeMethod", "PropertySet", "MemberSet")
_ADD_SETS = ("TypeNameSet", "MemberSet", "NotePropertySingleMemberSet",
             "NotePropertyMultiMemberSet")

ADD_MEMBER = CmdletSpec(
    name="Add-Member",
    default_set="TypeNameSet",
    parameters=(
        ParameterSpec("InputObject", "PSObject",
                      {s: In(None, True, from_pipeline=True) for s in _ADD_SETS},
                      help="Specifies the object the member is added to. Usually it comes "
                           "through the pipeline."),
        ParameterSpec("MemberType", "PSMemberTypes", {"MemberSet": In(0, True)},
                      aliases=("Type",),
                      values=_MEMBER_TYPES,
                      help="Specifies the kind of member to add (NoteProperty here)."),
        ParameterSpec("Name", "String", {"MemberSet": In(1, True)},
                      help="Specifies the name of the member."),
        ParameterSpec("Value", "Object", {"MemberSet": In(2)},
                      help="Specifies the value of the member."),
        ParameterSpec("SecondValue", "Object", {"MemberSet": In(3)},
                      help="Specifies a second value (for members that take one)."),
        ParameterSpec("NotePropertyName", "String",
                      {"NotePropertySingleMemberSet": In(0, True)},
                      help="Specifies the name of the note property to add."),
        ParameterSpec("NotePropertyValue", "Object",
                      {"NotePropertySingleMemberSet": In(1, True)},
                      help="Specifies the value of the note property."),
        ParameterSpec("NotePropertyMembers", "Hashtable",
                      {"NotePropertyMultiMemberSet": In(0, True)},
                      help="Adds a note property for each name and value of this hashtable."),
        ParameterSpec("TypeName", "String",
                      {"TypeNameSet": In(None, True), "MemberSet": In(),
                       "NotePropertySingleMemberSet": In(), "NotePropertyMultiMemberSet": In()},
                      help="Adds this name to the object's type names (PSTypeNames)."),
        switch("Force", "Replaces a member that has the same name.",
               {s: In() for s in _ADD_SETS[1:]}),
        switch("PassThru", "Outputs the object (Add-Member outputs nothing by default)."),
    ),
    synopsis="Adds custom properties and methods to an instance of a PowerShell object.",
    description=(
        "Add-Member adds note properties to a custom object ([pscustomobject], "
        "New-Object PSObject) in place; with -PassThru it also outputs the object."
    ),
    examples=(
        Example("$row | Add-Member -NotePropertyName ExitCode -NotePropertyValue $job.ExitCode",
                "Adds an ExitCode property to a custom object."),
        Example("$o = New-Object PSObject; $o | Add-Member -MemberType NoteProperty "
                "-Name Host -Value web01", "Builds an object property by property."),
        Example("[pscustomobject]@{a=1} | Add-Member @{b=2; c=3} -PassThru",
                "Adds two properties and outputs the object."),
    ),
    notes="Only note properties (and -TypeName) are available, and only on custom "
          "objects: PowerShell's script, alias and code members are not.",
)


_RANDOM_SETS = ("RandomNumberParameterSet", "RandomListItemParameterSet")

GET_RANDOM = CmdletSpec(
    name="Get-Random",
    default_set="RandomNumberParameterSet",
    parameters=(
        ParameterSpec("SetSeed", "Int32", _ALL,
                      help="Seeds this runspace's generator, so what follows repeats."),
        ParameterSpec("Maximum", "Object", {"RandomNumberParameterSet": In(0)},
                      help="Specifies the upper bound, not included (default: "
                           "[int]::MaxValue)."),
        ParameterSpec("Minimum", "Object", {"RandomNumberParameterSet": In()},
                      help="Specifies the lower bound, included (default: 0)."),
        ParameterSpec("InputObject", "Object[]",
                      {"RandomListItemParameterSet": In(0, True, from_pipeline=True),
                       "ShuffleParameterSet": In(0, True, from_pipeline=True)},
                      help="Specifies the collection to pick objects from."),
        ParameterSpec("Count", "Int32", {s: In() for s in _RANDOM_SETS},
                      help="Outputs this many numbers, or this many distinct objects of the "
                           "input."),
        switch("Shuffle", "Outputs all the input objects in random order.",
               {"ShuffleParameterSet": In(None, True)}),
    ),
    synopsis="Gets a random number, or selects objects randomly from a collection.",
    description=(
        "Get-Random returns a random integer from 0 up to (not including) Int32.MaxValue, "
        "or between -Minimum and -Maximum (a double when either is one); given objects, "
        "it picks -Count of them at random, or all of them in random order with -Shuffle."
    ),
    examples=(
        Example("Get-Random -Minimum 1 -Maximum 7", "Rolls a die."),
        Example("$hosts | Get-Random -Count 2", "Picks two hosts at random."),
        Example("Start-Sleep -Milliseconds (Get-Random -Maximum 500)",
                "Waits a random time before retrying."),
    ),
    output_type="System.Int32",
)


GET_UNIQUE = CmdletSpec(
    name="Get-Unique",
    aliases=("gu",),
    default_set="AsString",
    parameters=(
        input_object("to reduce; they should already be sorted"),
        switch("AsString", "Compares the objects as text.", {"AsString": In()}),
        switch("OnType", "Outputs one object of each type in a run.",
               {"UniqueByType": In()}),
        switch("CaseInsensitive", "Compares without regard to case."),
    ),
    synopsis="Returns unique items from a sorted list.",
    description=(
        "Get-Unique drops each object that equals the one before it, so on sorted input "
        "it leaves one of each. Comparison is case-sensitive unless -CaseInsensitive."
    ),
    examples=(
        Example("$lines | Sort-Object | Get-Unique", "Lists the distinct lines."),
        Example("Get-Job | Sort-Object State | Select-Object -ExpandProperty State | "
                "Get-Unique", "Lists the states the jobs are in."),
    ),
)


_JOIN_SETS = ("SingleQuote", "DoubleQuote", "Format")

JOIN_STRING = CmdletSpec(
    name="Join-String",
    default_set="default",
    parameters=(
        ParameterSpec("Property", "Object", {ALL_SETS: In(0)},
                      help="Joins the values of this property (a name or a script block) "
                           "instead of the objects."),
        ParameterSpec("Separator", "String", {ALL_SETS: In(1)},
                      help="Specifies the text put between the values (default: $OFS, "
                           "else nothing)."),
        ParameterSpec("OutputPrefix", "String", _ALL, aliases=("op",),
                      help="Specifies text put before the result."),
        ParameterSpec("OutputSuffix", "String", _ALL, aliases=("os",),
                      help="Specifies text put after the result."),
        switch("SingleQuote", "Puts each value in single quotes.", {"SingleQuote": In()}),
        switch("DoubleQuote", "Puts each value in double quotes.", {"DoubleQuote": In()}),
        ParameterSpec("FormatString", "String", {"Format": In()},
                      help="Formats each value with this .NET format string ({0:N2})."),
        switch("UseCulture", "Uses the current culture's separator and formats (en-US)."),
        ParameterSpec("InputObject", "PSObject",
                      {s: In(from_pipeline=True) for s in ("default", *_JOIN_SETS)},
                      help="Specifies the objects to join. Usually they come through the "
                           "pipeline."),
    ),
    synopsis="Combines objects from the pipeline into a single string.",
    description=(
        "Join-String turns the objects it receives (or one property of each) into text and "
        "joins them with -Separator, optionally quoting or formatting each one, between "
        "-OutputPrefix and -OutputSuffix."
    ),
    examples=(
        Example("$failed | Join-String -Separator ', '", "Lists the failed hosts on one line."),
        Example("Get-Job | Join-String -Property Name -SingleQuote -Separator ','",
                "Outputs 'job1','job2'."),
        Example("1.5, 2 | Join-String -FormatString '{0:N2}' -Separator ' | '",
                "Outputs 1.50 | 2.00."),
    ),
    output_type="System.String",
)


OBJECT_CMDLETS = (
    SELECT_OBJECT, SORT_OBJECT, MEASURE_OBJECT, GROUP_OBJECT, COMPARE_OBJECT, GET_MEMBER,
    NEW_OBJECT, ADD_MEMBER, GET_RANDOM, GET_UNIQUE, JOIN_STRING,
)
