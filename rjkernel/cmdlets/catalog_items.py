"""Signatures and help of the file-system cmdlets a runbook uses between job cmdlets.

Get-ChildItem, Get-Item, Test-Path, New-, Remove-, Copy-, Move- and Rename-Item,
Resolve-Path, Get-Location, Set-Content and Add-Content act where the statement runs: on
this machine, or on the remote host in an entered session or an ``Invoke-Command
-Session`` block, as PowerShell does after Enter-PSSession (``items.py``). Join-Path
and Split-Path only work on the text of paths. Parameter names, sets and positions are
PowerShell 7.4's; only the parameters rjkernel implements are declared. The aliases are
PowerShell 7's on Linux (``gci``, ``gi``, ``ni``, ``ri``, ``cpi``, ``mi``, ``rni``,
``rvpa``, ``gl``); ``ls``, ``dir``, ``rm``, ``cp``, ``mv``, ``del``, ``copy``, ``move``,
``ren``, ``pwd`` … stay the shell's.
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


def _path(what: str, *, mandatory: bool = True, pipeline: bool = True,
          sets: tuple[str, ...] = ("Path",)) -> ParameterSpec:
    """A -Path parameter; ``$null`` stays None (the cmdlet refuses it, or for
    Get-ChildItem and Test-Path takes it, as PowerShell's binder does)."""
    return ParameterSpec(
        "Path", "String[]",
        {s: In(0, mandatory, from_pipeline=pipeline, from_pipeline_by_property=True)
         for s in sets},
        wildcards=True, help=f"Specifies {what}. Wildcards are permitted.", allow_null=True)


def _literal_path(what: str, sets: tuple[str, ...] = ("LiteralPath",)) -> ParameterSpec:
    return ParameterSpec(
        "LiteralPath", "String[]", {s: In(None, True, from_pipeline_by_property=True)
                                    for s in sets},
        aliases=("PSPath", "LP"),
        help=f"Specifies {what}, taking every character literally (no wildcards).",
        allow_null=True)


_WHERE = ("It acts where the statement runs: on this machine, or on the remote host in an "
          "entered session or inside Invoke-Command -Session.")

GET_CHILD_ITEM = CmdletSpec(
    name="Get-ChildItem",
    aliases=("gci",),
    default_set="Items",
    parameters=(
        _path("the directories (or files) to list; the default is the current directory",
              mandatory=False, sets=("Items",)),
        _literal_path("the directories to list"),
        ParameterSpec("Filter", "String", {ALL_SETS: In(1)},
                      help="Lists only the names that match this pattern (* and ?)."),
        ParameterSpec("Include", "String[]", _ALL, wildcards=True,
                      help="Lists only the items whose names match one of these patterns."),
        ParameterSpec("Exclude", "String[]", _ALL, wildcards=True,
                      help="Leaves out the items whose names match one of these patterns."),
        switch("Recurse", "Lists the subdirectories' contents too.", aliases=("s", "r")),
        ParameterSpec("Depth", "Int32", _ALL,
                      help="Recurses at most this many levels below the directory."),
        switch("File", "Lists only files.", aliases=("af",)),
        switch("Directory", "Lists only directories.", aliases=("ad",)),
        switch("Name", "Returns the names (relative paths) instead of the items."),
        switch("Force", "Lists hidden items (names starting with a dot) too."),
    ),
    synopsis="Gets the items and child items in one or more specified locations.",
    description="Get-ChildItem lists the files and directories in a directory, grouped by "
                "directory as PowerShell 7 on Linux shows them (UnixMode, User, Group, "
                "LastWriteTime, Size, Name). " + _WHERE,
    examples=(
        Example("Get-ChildItem /var/log -Filter *.log", "Lists the .log files in /var/log."),
        Example("gci /tmp -Recurse -File | Measure-Object -Property Size -Sum",
                "Adds up the sizes of all files below /tmp."),
        Example("Enter-PSSession web01; Get-ChildItem /etc/nginx",
                "Lists a directory on web01."),
    ),
    output_type="System.IO.FileInfo, System.IO.DirectoryInfo",
    notes="Not available: -Attributes, -Hidden, -ReadOnly, -System, -FollowSymlink.",
)

GET_ITEM = CmdletSpec(
    name="Get-Item",
    aliases=("gi",),
    default_set="Path",
    parameters=(
        _path("the items to get"),
        _literal_path("the items to get"),
        switch("Force", "Gets hidden items too."),
    ),
    synopsis="Gets the item at the specified location.",
    description="Get-Item gets a file or directory (not its contents). " + _WHERE,
    examples=(
        Example("(Get-Item /var/log/syslog).Size", "The size of a file in bytes."),
        Example("(Get-Item ~/deploy/current).Target", "Where a symbolic link points."),
    ),
    output_type="System.IO.FileInfo, System.IO.DirectoryInfo",
)

TEST_PATH = CmdletSpec(
    name="Test-Path",
    default_set="Path",
    parameters=(
        _path("the paths to test"),
        _literal_path("the paths to test"),
        ParameterSpec("PathType", "String", _ALL, aliases=("Type",),
                      values=("Any", "Container", "Leaf"),
                      help="Tests for a directory (Container), a file (Leaf), or either "
                           "(Any, the default)."),
        ParameterSpec("IsValid", "SwitchParameter", _ALL,
                      help="Tests whether the path's syntax is valid (on Linux: it holds no "
                           "NUL character), whether or not it exists."),
        ParameterSpec("OlderThan", "DateTime", _ALL,
                      help="Tests whether the item was last written before this time."),
        ParameterSpec("NewerThan", "DateTime", _ALL,
                      help="Tests whether the item was last written after this time."),
    ),
    synopsis="Determines whether all elements of a path exist.",
    description="Test-Path returns True when the path exists (and is of -PathType), False "
                "otherwise; with wildcards, whether anything matches. " + _WHERE,
    examples=(
        Example("if (Test-Path /etc/nginx/nginx.conf) { 'configured' }",
                "Acts only if a file exists."),
        Example("Test-Path /var/log -PathType Container", "Whether /var/log is a directory."),
        Example("Test-Path /var/backups/db.dump -NewerThan (Get-Date).AddDays(-1)",
                "Whether last night's dump was written."),
    ),
    output_type="System.Boolean",
    notes="Not available: -Include, -Exclude, -Filter.",
)

NEW_ITEM = CmdletSpec(
    name="New-Item",
    aliases=("ni",),
    default_set="pathSet",
    parameters=(
        ParameterSpec("Path", "String[]", {"pathSet": In(0, True, from_pipeline_by_property=True),
                                           "nameSet": In(0, from_pipeline_by_property=True)},
                      help="Specifies where to create the item."),
        ParameterSpec("Name", "String", {"nameSet": In(None, True, from_pipeline_by_property=True)},
                      help="Specifies the name of the item, in the -Path directory."),
        ParameterSpec("ItemType", "String", _ALL, aliases=("Type",),
                      values=("File", "Directory"),
                      help="File (the default) or Directory."),
        ParameterSpec("Value", "Object", {ALL_SETS: In(from_pipeline=True)},
                      help="Specifies the content of a new file."),
        switch("Force", "Replaces an existing file, returns an existing directory instead "
                        "of failing, and creates a file's missing parent directories."),
    ),
    synopsis="Creates a new item.",
    description="New-Item creates a file or a directory (with its missing parents) and "
                "returns it. " + _WHERE,
    examples=(
        Example("New-Item -ItemType Directory -Force /tmp/deploy/logs",
                "Creates a directory and its parents, or finds it if it exists."),
        Example("New-Item /tmp/deploy/VERSION -Value '1.4.2'", "Creates a file holding a text."),
    ),
    output_type="System.IO.FileInfo, System.IO.DirectoryInfo",
    notes="Not available: -ItemType SymbolicLink/HardLink/Junction.",
)

REMOVE_ITEM = CmdletSpec(
    name="Remove-Item",
    aliases=("ri",),
    default_set="Path",
    supports_should_process=True,
    parameters=(
        _path("the items to remove"),
        _literal_path("the items to remove"),
        switch("Recurse", "Removes a directory with everything in it."),
        switch("Force", "Removes items the user could otherwise not (accepted for "
                        "PowerShell's sake: on Linux permissions decide)."),
    ),
    synopsis="Deletes the specified items.",
    description="Remove-Item deletes files and directories; a directory that is not empty "
                "only with -Recurse. -WhatIf says what would be removed. " + _WHERE,
    examples=(
        Example("Remove-Item /tmp/deploy -Recurse -Force", "Removes a directory tree."),
        Example("Remove-Item /tmp/*.log -WhatIf", "Shows which files would be removed."),
    ),
    notes="Not available: -Include, -Exclude, -Filter, -Confirm prompts.",
)

def _transfer(name: str, alias: str, synopsis: str, description: str,
              target: ParameterSpec, extra: tuple[ParameterSpec, ...],
              examples: tuple[Example, ...]) -> CmdletSpec:
    return CmdletSpec(
        name=name,
        aliases=(alias,),
        default_set="Path",
        parameters=(
            _path(f"the items to {name.split('-')[0].lower()}"),
            _literal_path(f"the items to {name.split('-')[0].lower()}"),
            target, *extra,
            switch("PassThru", "Returns the new items."),
        ),
        synopsis=synopsis,
        description=description + " " + _WHERE,
        examples=examples,
        output_type="None, or System.IO.FileInfo/DirectoryInfo with -PassThru",
        notes="Not available: -Include, -Exclude, -Filter, -WhatIf, -Confirm, -ToSession, "
              "-FromSession (use scp in a shell line).",
    )


def _destination(what: str) -> ParameterSpec:
    return ParameterSpec("Destination", "String",
                         {ALL_SETS: In(1, from_pipeline_by_property=True)},
                         help=f"Specifies where to {what}: a new path, or a directory that "
                              "exists to put the items in.")


COPY_ITEM = _transfer(
    "Copy-Item", "cpi", "Copies an item from one location to another.",
    "Copy-Item copies files (replacing a file at the destination) and directories (their "
    "contents only with -Recurse).",
    _destination("copy"),
    (switch("Recurse", "Copies a directory with everything in it."),
     switch("Force", "Accepted for PowerShell's sake: a copy replaces a file anyway.")),
    (Example("Copy-Item /etc/nginx/nginx.conf /tmp/nginx.conf.bak", "Backs up a file."),
     Example("Copy-Item ~/release /srv/app -Recurse", "Copies a directory tree.")),
)

MOVE_ITEM = _transfer(
    "Move-Item", "mi", "Moves an item from one location to another.",
    "Move-Item moves (or renames across directories) files and directories; a file at "
    "the destination is replaced only with -Force.",
    _destination("move"),
    (switch("Force", "Replaces a file at the destination."),),
    (Example("Move-Item /tmp/app.tar.gz /srv/releases/", "Moves a file into a directory."),
     Example("Move-Item app.log app.log.1 -Force", "Rotates a log, replacing the old one.")),
)

RENAME_ITEM = _transfer(
    "Rename-Item", "rni", "Renames an item in a PowerShell provider namespace.",
    "Rename-Item gives a file or directory a new name in the same directory; it never "
    "replaces an item that has that name.",
    ParameterSpec("NewName", "Object", {ALL_SETS: In(1, True, from_pipeline_by_property=True)},
                  help="Specifies the new name (a name, not a path), or a script block that "
                       "computes it from each piped item ($_)."),
    (switch("Force", "Accepted for PowerShell's sake: permissions decide on Linux."),),
    (Example("Rename-Item /srv/app/current current.old", "Renames a directory."),
     Example("Get-ChildItem *.log | Rename-Item -NewName { $_.Name + '.1' }",
             "A new name for each log (a script block computes it).")),
)


RESOLVE_PATH = CmdletSpec(
    name="Resolve-Path",
    aliases=("rvpa",),
    default_set="Path",
    parameters=(
        _path("the paths to resolve"),
        _literal_path("the paths to resolve"),
        switch("Relative", "Returns paths relative to the current directory (./x)."),
    ),
    synopsis="Resolves the wildcard characters in a path, and displays the path contents.",
    description="Resolve-Path turns relative paths, ~ and wildcards into the full paths of "
                "the items that exist. " + _WHERE,
    examples=(
        Example("Resolve-Path ~/deploy/*.tar.gz", "The full paths of the archives."),
        Example("Resolve-Path -Relative /var/log/*.log", "The same, relative to the current "
                                                          "directory."),
    ),
    output_type="System.Management.Automation.PathInfo",
)

GET_LOCATION = CmdletSpec(
    name="Get-Location",
    aliases=("gl",),
    parameters=(),
    synopsis="Gets information about the current working location.",
    description="Get-Location returns the current directory of the runspace's shell (cd "
                "is the shell's), on the remote host in an entered session.",
    examples=(
        Example("(Get-Location).Path", "The current directory as a string."),
        Example("cd /var/log; Get-Location", "Shows /var/log: cd is the shell's."),
    ),
    output_type="System.Management.Automation.PathInfo",
)


def _location(name: str, alias: tuple[str, ...], synopsis: str, description: str,
              examples: tuple[Example, ...]) -> CmdletSpec:
    return CmdletSpec(
        name=name,
        aliases=alias,
        default_set="Path",
        parameters=(
            ParameterSpec("Path", "String", {"Path": In(0, from_pipeline=True,
                                                        from_pipeline_by_property=True)},
                          help="Specifies the directory to go to (~ is the home "
                               "directory)."),
            ParameterSpec("LiteralPath", "String",
                          {"LiteralPath": In(None, True, from_pipeline_by_property=True)},
                          aliases=("PSPath", "LP"),
                          help="Specifies the directory, taking every character literally."),
            switch("PassThru", "Returns the new location (Push-Location: the old one)."),
        ),
        synopsis=synopsis,
        description=description,
        examples=examples,
        output_type="None, or System.Management.Automation.PathInfo with -PassThru",
        notes="Not available: -StackName.",
    )


SET_LOCATION = _location(
    "Set-Location", ("sl",), "Sets the current working location to a specified location.",
    "Set-Location changes the directory of the runspace's shell, as cd does: relative "
    "paths, $PWD and the next shell line all follow it. Without a path it goes home.",
    (Example("Set-Location /var/log", "Goes to /var/log."),
     Example("Set-Location ~", "Goes to the home directory.")))

PUSH_LOCATION = _location(
    "Push-Location", (), "Adds the current location to the top of a location stack.",
    "Push-Location remembers the current directory and, given a path, goes there; "
    "Pop-Location comes back.",
    (Example("Push-Location /srv/app; make; Pop-Location",
             "Runs make in /srv/app and comes back."),
     Example("Push-Location", "Remembers the current directory.")))

POP_LOCATION = CmdletSpec(
    name="Pop-Location",
    parameters=(switch("PassThru", "Returns the location it goes back to."),),
    synopsis="Changes the current location to the location most recently pushed onto the "
             "stack.",
    description="Pop-Location goes back to the directory Push-Location remembered last; "
                "with nothing remembered it does nothing.",
    examples=(
        Example("Pop-Location", "Goes back."),
        Example("(Pop-Location -PassThru).Path", "Goes back and says where."),
    ),
    output_type="None, or System.Management.Automation.PathInfo with -PassThru",
    notes="Not available: -StackName.",
)


def _content(name: str, synopsis: str, verb: str) -> CmdletSpec:
    return CmdletSpec(
        name=name,
        default_set="Path",
        parameters=(
            _path("the files to write", pipeline=False),
            _literal_path("the files to write"),
            ParameterSpec("Value", "Object[]", {ALL_SETS: In(1, True, from_pipeline=True)},
                          help="Specifies the content: each object becomes a line."),
            switch("NoNewline", "Writes the texts one after the other, with no newlines."),
            encoding(),
        ),
        synopsis=synopsis,
        description=f"{name} {verb} a file, one line per value (UTF-8 without a byte order "
                    "mark unless -Encoding says otherwise). " + _WHERE,
        examples=(
            Example(f"{name} /tmp/hosts.txt -Value 'web01', 'web02'",
                    f"Writes two lines ({name} {verb} the file)."),
            Example(f"Get-Job | ForEach-Object Name | {name} /tmp/jobs.txt",
                    "Writes one job name per line."),
        ),
        notes="Not available: -PassThru, -Stream, -Filter, -Include, -Exclude.",
    )


SET_CONTENT = _content("Set-Content", "Writes new content or replaces existing content in "
                       "a file.", "replaces the content of")
ADD_CONTENT = _content("Add-Content", "Adds content to the specified items, such as adding "
                       "words to a file.", "appends to")

CLEAR_CONTENT = CmdletSpec(
    name="Clear-Content",
    aliases=("clc",),
    default_set="Path",
    parameters=(_path("the files to empty", pipeline=False),
                _literal_path("the files to empty")),
    synopsis="Deletes the contents of an item, but does not delete the item.",
    description="Clear-Content empties files and keeps them. " + _WHERE,
    examples=(
        Example("Clear-Content /var/log/app/*.log", "Empties the logs."),
        Example("Get-ChildItem /tmp/cache -File | Clear-Content", "Empties piped files."),
    ),
    notes="Not available: -Filter, -Include, -Exclude, -Stream.",
)

GET_FILE_HASH = CmdletSpec(
    name="Get-FileHash",
    default_set="Path",
    parameters=(
        _path("the files to hash"),
        _literal_path("the files to hash"),
        ParameterSpec("Algorithm", "String", {ALL_SETS: In(1)},
                      values=("SHA1", "SHA256", "SHA384", "SHA512", "MD5"),
                      help="Specifies the hash function: SHA256 (the default), SHA1, SHA384, "
                           "SHA512 or MD5."),
    ),
    synopsis="Computes the hash value for a file by using a specified hash algorithm.",
    description="Get-FileHash returns each file's hash (upper-case hexadecimal) with the "
                "algorithm and the file's full path. " + _WHERE,
    examples=(
        Example("(Get-FileHash /tmp/app.tar.gz).Hash -eq $expected",
                "Checks a download against its published SHA256."),
        Example("Get-FileHash /etc/*.conf -Algorithm MD5", "MD5 sums of several files."),
    ),
    output_type="Microsoft.PowerShell.Commands.FileHashInfo",
    notes="Not available: -InputStream.",
)

JOIN_PATH = CmdletSpec(
    name="Join-Path",
    parameters=(
        ParameterSpec("Path", "String[]", {ALL_SETS: In(0, True, from_pipeline=True,
                                                         from_pipeline_by_property=True)},
                      aliases=("PSPath",), help="Specifies the main paths."),
        ParameterSpec("ChildPath", "String[]",
                      {ALL_SETS: In(1, True, from_pipeline_by_property=True)},
                      help="Specifies the paths to append to each main path, in order."),
        ParameterSpec("AdditionalChildPath", "String[]",
                      {ALL_SETS: In(2, from_remaining_arguments=True)},
                      help="Specifies more paths to append, in order."),
        ParameterSpec("Resolve", "SwitchParameter", _ALL,
                      help="Returns the joined paths as they resolve where the statement "
                           "runs: every match of a wildcard; a missing path is an error."),
    ),
    synopsis="Combines a path and a child path into a single path.",
    description="Join-Path joins paths with one / between them. It works on text only "
                "(the paths need not exist) unless -Resolve is given.",
    examples=(
        Example("Join-Path /var/log nginx access.log", "Returns /var/log/nginx/access.log."),
        Example("Join-Path -Path /srv/a, /srv/b -ChildPath current",
                "Returns /srv/a/current and /srv/b/current."),
    ),
    output_type="System.String",
)

_SPLIT_SETS = ("ParentSet", "LeafSet", "LeafBaseSet", "ExtensionSet", "IsAbsoluteSet")

SPLIT_PATH = CmdletSpec(
    name="Split-Path",
    default_set="ParentSet",
    parameters=(
        ParameterSpec("Path", "String[]",
                      {s: In(0, True, from_pipeline=True, from_pipeline_by_property=True)
                       for s in _SPLIT_SETS},
                      help="Specifies the paths to split."),
        switch("Parent", "Returns the parent directory (the default).", {"ParentSet": In()}),
        switch("Leaf", "Returns the last element of the path.", {"LeafSet": In()}),
        switch("LeafBase", "Returns the last element without its extension.",
               {"LeafBaseSet": In()}),
        switch("Extension", "Returns the extension of the last element (.gz).",
               {"ExtensionSet": In()}),
        switch("IsAbsolute", "Returns whether the path is absolute.", {"IsAbsoluteSet": In()}),
    ),
    synopsis="Returns the specified part of a path.",
    description="Split-Path returns the parent directory, the leaf, its base name or its "
                "extension. It works on text only: the paths need not exist.",
    examples=(
        Example("Split-Path /var/log/nginx/access.log", "Returns /var/log/nginx."),
        Example("Split-Path /tmp/app.tar.gz -Extension", "Returns .gz."),
    ),
    output_type="System.String",
    notes="Not available: -Qualifier, -NoQualifier, -Resolve, -LiteralPath.",
)

ITEM_CMDLETS = (
    GET_CHILD_ITEM, GET_ITEM, TEST_PATH, NEW_ITEM, REMOVE_ITEM, COPY_ITEM, MOVE_ITEM,
    RENAME_ITEM, RESOLVE_PATH, GET_LOCATION, SET_LOCATION, PUSH_LOCATION, POP_LOCATION,
    SET_CONTENT, ADD_CONTENT, CLEAR_CONTENT, GET_FILE_HASH, JOIN_PATH, SPLIT_PATH,
)
