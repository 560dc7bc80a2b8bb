"""The file-system cmdlets: Get-ChildItem, Get-Item, Test-Path, New-, Remove-, Copy-,
Move- and Rename-Item, Resolve-Path, Set-, Add- and Clear-Content, Get-FileHash;
Join-Path and Split-Path.

They act where the statement runs — the runspace's place — as Get-Content and Out-File
do: in an entered session or an ``Invoke-Command -Session`` block that is the remote
host (about_Remote: after Enter-PSSession "the commands that you type run on the remote
computer"), never this machine by mistake. The place answers through
``runspace/fs_requests.py``; items come back as :class:`FileSystemItem`, PowerShell's
FileInfo/DirectoryInfo as far as a runbook reads them. Join-Path and Split-Path are
text only, with PowerShell's rules for ``/`` on Linux.
"""

from __future__ import annotations

import posixpath
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any

from rjkernel.cmdlets.base import Invocation, implements
from rjkernel.cmdlets.objects import input_objects
from rjkernel.cmdlets.signature import ENCODINGS
from rjkernel.errors import ErrorRecord, PSError
from rjkernel.runspace.files import PROVIDER, file_error, provider_path
from rjkernel.runspace.fs_requests import ask
from rjkernel.values import operators as ops
from rjkernel.values.members import get_property
from rjkernel.values.objects import MISSING, PSObject, ScriptBlockValue

FILE_INFO = "System.IO.FileInfo"
DIRECTORY_INFO = "System.IO.DirectoryInfo"
PATH_INFO = "System.Management.Automation.PathInfo"


class FileSystemItem:
    """A file or directory as Get-ChildItem returns it; ``"$item"`` is its full path."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.type_names = (DIRECTORY_INFO if data["dir"] else FILE_INFO,
                           "System.IO.FileSystemInfo", "System.MarshalByRefObject",
                           "System.Object")

    def ps_properties(self) -> dict[str, Any]:
        d = self.data
        name, full, target = d["name"], d["full"], d["target"]
        dot = name.rfind(".")
        extension = name[dot:] if dot >= 0 and dot < len(name) - 1 else ""
        mode = ("l" if target is not None else "d" if d["dir"] else "-") + "----"
        props: dict[str, Any] = {
            "PSPath": f"{PROVIDER}::{full}", "PSParentPath": f"{PROVIDER}::{d['parent']}",
            "PSChildName": name, "PSIsContainer": d["dir"], "Mode": mode,
            "BaseName": name if d["dir"] else name[: len(name) - len(extension)],
            "Target": target, "LinkType": "SymbolicLink" if target is not None else None,
            "Name": name, "FullName": full,
        }
        if d["dir"]:
            props["Parent"] = d["parent"]
        else:
            props["Length"] = d["size"]
            props["DirectoryName"] = d["parent"]
        props.update({
            "Exists": True, "Extension": extension,
            "LastWriteTime": datetime.fromisoformat(d["mtime"]),
            "UnixMode": d["mode"], "User": d["user"], "Group": d["group"], "Size": d["size"],
            "NameString": name if target is None else f"{name} -> {target}",
        })
        return props

    def __str__(self) -> str:
        return str(self.data["full"])


class PathInfo:
    """PowerShell's PathInfo (Get-Location, Resolve-Path): shows as a ``Path`` table;
    ``"$(Get-Location)"`` is the path."""

    type_names = (PATH_INFO, "System.Object")

    def __init__(self, path: str) -> None:
        self.path = path

    def ps_properties(self) -> dict[str, Any]:
        return {"Drive": "/", "Provider": PROVIDER, "ProviderPath": self.path,
                "Path": self.path}

    def __str__(self) -> str:
        return self.path


async def pipeline_values(inv: Invocation, name: str) -> list[Any]:
    """A parameter's values: as bound, or — when the pipeline feeds it — each input
    object's (the object itself, or its property of that name or alias: ``gci |
    Remove-Item`` binds ``-LiteralPath`` from ``PSPath``)."""
    if inv.input is None or inv.bound.pipeline_parameter != name:
        return ops.to_list(inv.get(name))
    param = inv.spec.parameter(name)
    keys = (name, *param.aliases) if param is not None else (name,)
    values: list[Any] = []
    async for item in input_objects(inv):
        value = item
        if not isinstance(item, str):
            value = next((found for key in keys
                          if (found := get_property(item, key)) is not MISSING), item)
        values.extend(ops.to_list(value))
    return values


async def _paths(inv: Invocation, default: str | None = None) -> tuple[list[str], bool]:
    """The -Path (or -LiteralPath) strings, provider prefix dropped, and whether they
    are literal. Only Get-ChildItem (``default``) takes ``$null`` for the current
    directory; for the others a ``$null``, ``''`` or empty array is the binder's error
    (ParameterBinderBase.ValidateNullOrEmptyArgument), so ``Remove-Item $unset -Recurse``
    never falls back to the current directory."""
    literal = inv.has("LiteralPath")
    name = "LiteralPath" if literal else "Path"
    given = await pipeline_values(inv, name)
    if default is None or literal:
        _refuse_empty(inv, name, given)
    paths = [provider_path(ops.to_string(p)) for p in given if p is not None]
    return (paths or ([default] if default is not None and not literal else [])), literal


def _refuse_empty(inv: Invocation, name: str, given: list[Any]) -> None:
    if None in given:
        reason, error_id = "null", "NullNotAllowed"
    elif "" in given:
        reason, error_id = "an empty string", "EmptyStringNotAllowed"
    elif not given and inv.has(name) and inv.bound.pipeline_parameter != name:
        reason, error_id = "an empty array", "EmptyArrayNotAllowed"
    else:
        return
    raise PSError(inv.error_record(
        f"Cannot bind argument to parameter '{name}' because it is {reason}.",
        "ParameterArgumentValidationError" + error_id, "InvalidData",
        exception="System.Management.Automation.ParameterBindingValidationException"))


def _not_found(inv: Invocation, path: str) -> ErrorRecord:
    return inv.error_record(
        f"Cannot find path '{path}' because it does not exist.", "PathNotFound",
        "ObjectNotFound", target=path,
        exception="System.Management.Automation.ItemNotFoundException")


def _failure(inv: Invocation, result: dict[str, Any], *, writing: bool = False) -> ErrorRecord:
    """The error record of a failed path (``fs_probe``'s codes)."""
    path, code = result["path"], result["error"]
    if code == "PathNotFound" and not writing:
        return _not_found(inv, path)
    return file_error(code, path, writing=writing, detail=result.get("detail", "")).record


async def _results(inv: Invocation, op: str, paths: list[str], literal: bool,
                   **args: Any) -> list[dict[str, Any]]:
    try:
        return await ask(inv.runspace.place, {"op": op, "paths": paths, "literal": literal,
                                              **args})
    except PSError as exc:
        raise PSError(exc.record.with_command(inv.spec.name)) from None


def _items(inv: Invocation, results: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Each item found; each failed path a non-terminating error, as PowerShell's (a
    wildcard that matches nothing is no error)."""
    for result in results:
        if "error" in result:
            inv.write_error(_failure(inv, result))
            continue
        yield from result["items"]


@implements("Get-ChildItem")
async def get_child_item(inv: Invocation) -> AsyncIterator[Any]:
    paths, literal = await _paths(inv, ".")
    results = await _results(
        inv, "children", paths, literal, filter=inv.get("Filter"),
        recurse=inv.switch("Recurse") or inv.has("Depth"), depth=inv.get("Depth"),
        files_only=inv.switch("File"), dirs_only=inv.switch("Directory"),
        force=inv.switch("Force"),
        include=[ops.to_string(p) for p in ops.to_list(inv.get("Include"))],
        exclude=[ops.to_string(p) for p in ops.to_list(inv.get("Exclude"))])
    for data in _items(inv, results):
        yield data["relative"] if inv.switch("Name") else FileSystemItem(data)


@implements("Get-Item")
async def get_item(inv: Invocation) -> AsyncIterator[Any]:
    paths, literal = await _paths(inv)
    results = await _results(inv, "get", paths, literal, force=inv.switch("Force"))
    for data in _items(inv, results):
        yield FileSystemItem(data)


@implements("Test-Path")
async def test_path(inv: Invocation) -> AsyncIterator[Any]:
    """True or False per path, in order. As TestPathCommand does in PowerShell 7.4: a
    blank path is False, a null one (or none at all) a non-terminating error."""
    literal = inv.has("LiteralPath")
    given = await pipeline_values(inv, "LiteralPath" if literal else "Path")
    kind = ops.to_string(inv.get("PathType") or "Any").lower()
    if kind not in ("any", "container", "leaf"):
        raise inv.terminate(
            f"Cannot bind parameter 'PathType'. Cannot convert value \"{kind}\" to type "
            "\"Microsoft.PowerShell.Commands.TestPathType\". Error: \"Unable to match the "
            f"identifier name {kind} to a valid enumerator name. Specify one of the "
            "following enumerator names and try again:\nAny, Container, Leaf\"",
            "CannotConvertArgumentNoMessage", "InvalidArgument")
    if not given:
        given = [None]
    paths = [provider_path(ops.to_string(p)) for p in given if p is not None]
    ages = {key: _wall_clock(inv.get(name)) for key, name in
            (("older", "OlderThan"), ("newer", "NewerThan")) if inv.get(name) is not None}
    valid = inv.switch("IsValid")
    results = iter([] if valid else await _results(
        inv, "test", [p for p in paths if p.strip()], literal, kind=kind, **ages))
    for value in given:
        if value is None:
            inv.write_error(inv.error_record(
                "The provided Path argument was null or an empty collection.",
                "NullPathNotPermitted", "InvalidArgument",
                exception="System.ArgumentNullException"))
        else:
            path = provider_path(ops.to_string(value))
            if not path.strip():
                yield False
            else:
                yield "\0" not in path if valid else bool(next(results).get("items"))


def _wall_clock(when: datetime) -> str:
    """A DateTime as the place's files' times compare with it: local wall-clock time."""
    if when.tzinfo is not None:
        when = when.astimezone().replace(tzinfo=None)
    return when.isoformat()


@implements("New-Item")
async def new_item(inv: Invocation) -> AsyncIterator[Any]:
    kind = ops.to_string(inv.get("ItemType") or "File").lower()
    if kind not in ("file", "directory"):
        raise inv.terminate(
            f"rjkernel's New-Item creates files and directories; it cannot create a "
            f"'{inv.get('ItemType')}'. Use -ItemType File or -ItemType Directory, or ln -s "
            "in a shell line.", "NewItemTypeNotSupported", "InvalidArgument")
    paths = [ops.to_string(p) for p in ops.to_list(inv.get("Path"))] or ["."]
    if inv.has("Name"):
        paths = [join_paths(p, ops.to_string(inv.get("Name"))) for p in paths]
    value = await pipeline_values(inv, "Value")
    text = ops.to_string(value[0] if len(value) == 1 else value) if value else None
    results = await _results(inv, "new", paths, True, type=kind, force=inv.switch("Force"),
                             value=text)
    for result in results:
        if "error" not in result:
            yield FileSystemItem(result["items"][0])
        elif result["error"] == "Exists" and kind == "directory":
            inv.write_error(inv.error_record(
                f"An item with the specified name {result['path']} already exists.",
                "DirectoryExist", "ResourceExists", target=result["path"],
                exception="System.IO.IOException"))
        elif result["error"] == "Exists":
            inv.write_error(inv.error_record(
                f"The file '{result['path']}' already exists.", "NewItemIOError",
                "WriteError", target=result["path"], exception="System.IO.IOException"))
        else:
            inv.write_error(_failure(inv, result, writing=True))


@implements("Remove-Item")
async def remove_item(inv: Invocation) -> AsyncIterator[Any]:
    paths, literal = await _paths(inv)
    if inv.bound.common.get("WhatIf"):
        found = await _results(inv, "get", paths, literal)
        for data in _items(inv, found):
            what = "Remove Directory" if data["dir"] else "Remove File"
            inv.host.write_text(
                f'What if: Performing the operation "{what}" on target "{data["full"]}".\n')
        return
    results = await _results(inv, "remove", paths, literal, recurse=inv.switch("Recurse"))
    for result in results:
        if result.get("error") == "HasChildren":
            inv.write_error(inv.error_record(
                f"The item at {result['path']} has children and the Recurse parameter was "
                "not specified. Nothing was removed: add -Recurse to remove it with all "
                "its children.", "DirectoryNotEmpty", "WriteError", target=result["path"]))
        elif "error" in result:
            inv.write_error(_failure(inv, result))
    return
    yield  # pragma: no cover


def _item_path(item: Any) -> str:
    """The path of a pipeline object (an item's ``PSPath``, else its text)."""
    path = get_property(item, "PSPath") if not isinstance(item, str) else MISSING
    return provider_path(ops.to_string(item if path is MISSING else path))


async def _transfer(inv: Invocation, op: str, target_name: str, default: str = ""
                    ) -> AsyncIterator[Any]:
    """Copy-, Move- or Rename-Item. A script block as the target is PowerShell's
    delay-bind argument: run for each pipeline object, with ``$_`` set to it."""
    target = inv.get(target_name)
    if isinstance(target, ScriptBlockValue):
        paths, destinations = [], []
        async for item in input_objects(inv):
            paths.append(_item_path(item))
            output = await inv.context.invoke_block(target, underscore=item)
            destinations.append(ops.to_string(output[0] if len(output) == 1 else output))
        literal = True
    else:
        paths, literal = await _paths(inv)
        destinations = [ops.to_string(target) if target is not None else default] * len(paths)
    results = await _results(inv, op, paths, literal, destinations=destinations,
                             recurse=inv.switch("Recurse"), force=inv.switch("Force"))
    verb = {"copy": "CopyItem", "move": "MoveItem", "rename": "RenameItem"}[op]
    for result in results:
        if result.get("error") == "Exists":
            inv.write_error(inv.error_record(
                "Cannot create a file when that file already exists.", f"{verb}IOError",
                "WriteError", target=result["path"], exception="System.IO.IOException"))
            continue
        for data in _items(inv, [result]):
            if inv.switch("PassThru"):
                yield FileSystemItem(data)


@implements("Copy-Item")
def copy_item(inv: Invocation) -> AsyncIterator[Any]:
    return _transfer(inv, "copy", "Destination", ".")


@implements("Move-Item")
def move_item(inv: Invocation) -> AsyncIterator[Any]:
    return _transfer(inv, "move", "Destination", ".")


@implements("Rename-Item")
def rename_item(inv: Invocation) -> AsyncIterator[Any]:
    return _transfer(inv, "rename", "NewName")


@implements("Resolve-Path")
async def resolve_path(inv: Invocation) -> AsyncIterator[Any]:
    paths, literal = await _paths(inv)
    cwd = inv.runspace.place.cwd
    for data in _items(inv, await _results(inv, "get", paths, literal)):
        full = data["full"]
        if not inv.switch("Relative"):
            yield PathInfo(full)
            continue
        relative = posixpath.relpath(full, cwd or "/")
        yield relative if relative.startswith("..") else "./" + relative


# -Encoding: Python's codec and the byte order mark PowerShell writes at a file's start.
_ENCODINGS = {
    "ascii": ("ascii", b""), "utf8": ("utf-8", b""), "utf8nobom": ("utf-8", b""),
    "utf8bom": ("utf-8", b"\xef\xbb\xbf"), "oem": ("utf-8", b""), "utf7": ("utf-7", b""),
    "unicode": ("utf-16-le", b"\xff\xfe"), "bigendianunicode": ("utf-16-be", b"\xfe\xff"),
    "utf32": ("utf-32-le", b"\xff\xfe\x00\x00"),
    "bigendianutf32": ("utf-32-be", b"\x00\x00\xfe\xff"),
}


def encoded(inv: Invocation, text: str, *, at_start: bool) -> bytes:
    """``text`` in the -Encoding asked for (UTF-8 without BOM by default; ASCII writes
    ``?`` for what it cannot hold, as .NET does), with its BOM at a file's start."""
    name = ops.to_string(inv.get("Encoding") or "utf8NoBOM").lower()
    if name not in _ENCODINGS:
        raise inv.terminate(
            "Cannot process argument transformation on parameter 'Encoding'. "
            f"'{inv.get('Encoding')}' is not a supported encoding name. For information on "
            "defining a custom encoding, see the documentation for the "
            "Encoding.RegisterProvider method. (Parameter 'name') The names rjkernel "
            f"knows: {', '.join(ENCODINGS)}.",
            "ParameterArgumentTransformationError", "InvalidData")
    codec, bom = _ENCODINGS[name]
    return (bom if at_start else b"") + text.encode(codec, errors="replace")


async def _write_content(inv: Invocation, append: bool) -> None:
    values = await pipeline_values(inv, "Value")
    end = "" if inv.switch("NoNewline") else "\n"
    # a $null writes nothing, not an empty line (FileSystemContentWriter.WriteObject), so
    # Set-Content $file $null empties the file
    data = encoded(inv, "".join(ops.to_string(v) + end for v in values if v is not None),
                   at_start=not append)
    paths, _literal = await _paths(inv)
    for path in paths:

        async def chunks() -> AsyncIterator[bytes]:
            yield data

        try:
            await inv.runspace.place.write_file(path, chunks(), append)
        except PSError as exc:
            inv.write_error(exc.record)


@implements("Clear-Content")
async def clear_content(inv: Invocation) -> AsyncIterator[Any]:
    """Empty each file, keeping it (a missing one is PowerShell's not-found error)."""
    paths, literal = await _paths(inv)
    for data in _items(inv, await _results(inv, "get", paths, literal)):

        async def nothing() -> AsyncIterator[bytes]:
            return
            yield  # pragma: no cover

        try:
            await inv.runspace.place.write_file(data["full"], nothing(), False)
        except PSError as exc:
            inv.write_error(exc.record)
    return
    yield  # pragma: no cover


@implements("Set-Content")
async def set_content(inv: Invocation) -> AsyncIterator[Any]:
    await _write_content(inv, append=False)
    return
    yield  # pragma: no cover


@implements("Add-Content")
async def add_content(inv: Invocation) -> AsyncIterator[Any]:
    await _write_content(inv, append=True)
    return
    yield  # pragma: no cover


FILE_HASH_INFO = "Microsoft.PowerShell.Commands.FileHashInfo"
HASH_ALGORITHMS = ("SHA1", "SHA256", "SHA384", "SHA512", "MD5")


@implements("Get-FileHash")
async def get_file_hash(inv: Invocation) -> AsyncIterator[Any]:
    algorithm = ops.to_string(inv.get("Algorithm") or "SHA256").upper()
    if algorithm not in HASH_ALGORITHMS:
        raise inv.terminate(
            f"Cannot validate argument on parameter 'Algorithm'. The argument "
            f"\"{inv.get('Algorithm')}\" does not belong to the set "
            f"\"{','.join(HASH_ALGORITHMS)}\" specified by the ValidateSet attribute. Supply "
            "an argument that is in the set and then try the command again.",
            "ParameterArgumentValidationError", "InvalidData")
    paths, literal = await _paths(inv)
    for data in _items(inv, await _results(inv, "hash", paths, literal, algorithm=algorithm)):
        if "error" in data:
            inv.write_error(_unreadable(inv, data))
            continue
        yield PSObject([("Algorithm", algorithm), ("Hash", data["hash"]),
                        ("Path", data["full"])], (FILE_HASH_INFO, "System.Object"))


def _unreadable(inv: Invocation, data: dict[str, Any]) -> ErrorRecord:
    """Get-FileHash's error for a path it could not read (GetHash.cs): .NET's
    File.OpenRead refuses a directory or a forbidden file as UnauthorizedAccess."""
    full = data["full"]
    if data["error"] in ("IsADirectory", "PermissionDenied"):
        return inv.error_record(f"Access to the path '{full}' is denied.",
                                "UnauthorizedAccessError", "InvalidData", target=full,
                                exception="System.UnauthorizedAccessException")
    return inv.error_record(f"{data['detail']}: '{full}'", "FileReadError", "ReadError",
                            target=full, exception="System.IO.IOException")


# ---------------------------------------------------------------------- path text


def join_paths(parent: str, child: str) -> str:
    """PowerShell's Path.Combine on Linux: one ``/`` between (``\\`` counts as ``/``)."""
    parent, child = parent.replace("\\", "/"), child.replace("\\", "/")
    if not parent:
        return child
    if not child:
        return parent
    return parent.rstrip("/") + "/" + child.lstrip("/")


@implements("Join-Path")
async def join_path(inv: Invocation) -> AsyncIterator[Any]:
    children = [ops.to_string(c) for c in ops.to_list(inv.get("ChildPath"))]
    children += [ops.to_string(c) for c in inv.bound.remaining or
                 ops.to_list(inv.get("AdditionalChildPath"))]
    child = ""
    for part in children:
        child = join_paths(child, part)
    joined = [join_paths(ops.to_string(path), child)
              for path in await pipeline_values(inv, "Path")]
    if not inv.switch("Resolve"):
        for path in joined:
            yield path
        return
    # -Resolve: each joined path as it resolves where the statement runs (all matches of
    # a wildcard), a missing one PowerShell's ItemNotFound error
    for data in _items(inv, await _results(inv, "get", joined, False)):
        yield data["full"]


def split_path(path: str, part: str) -> str | bool:
    """One part of ``path`` (Split-Path's switches; ``parent`` by default), as .NET's
    Path.GetFileName/GetExtension/GetFileNameWithoutExtension give it."""
    path = path.replace("\\", "/")
    if part == "isabsolute":
        return path.startswith(("/", "~"))
    trimmed = path.rstrip("/") or path[:1]
    if part == "parent":
        if trimmed == "/" or "/" not in trimmed:
            return ""
        return trimmed.rsplit("/", 1)[0] or "/"
    leaf = trimmed.rsplit("/", 1)[-1] if trimmed != "/" else ""
    dot = leaf.rfind(".")
    extension = leaf[dot:] if 0 <= dot < len(leaf) - 1 else ""
    if part == "extension":
        return extension
    if part == "leafbase":
        return leaf[:dot] if dot >= 0 else leaf
    return leaf


@implements("Split-Path")
async def split_path_cmdlet(inv: Invocation) -> AsyncIterator[Any]:
    part = next((name.lower() for name in ("Leaf", "LeafBase", "Extension", "IsAbsolute")
                 if inv.switch(name)), "parent")
    for path in await pipeline_values(inv, "Path"):
        yield split_path(ops.to_string(path), part)

