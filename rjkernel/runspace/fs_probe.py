"""File-system requests of the item cmdlets, answered where the runspace runs.

Get-ChildItem, Get-Item, Test-Path, New-, Remove-, Copy-, Move- and Rename-Item,
Resolve-Path and Get-FileHash act on the runspace's machine: this one, or — in an
entered session or an ``Invoke-Command -Session`` block — the remote host, as PowerShell
does after Enter-PSSession. So this module is self-contained (standard library only,
Python 3.8, like the job agent): the local place calls :func:`answer` in a thread; a
remote place runs this file's source with the host's ``python3`` in the session's shell
(``fs_requests.py``), so relative paths resolve against the shell's directory there,
and reads its JSON answer.

A request is ``{"op": …, …}``; the answer ``{"results": [...]}``, one entry per path:
``{"items": [item, …]}`` or ``{"error": code, "path": …}`` with the codes of
``runspace/files.py`` (``PathNotFound``, ``PermissionDenied`` …) and ``Exists``,
``HasChildren``. An item is a dict of what PowerShell's FileInfo/DirectoryInfo show.
"""

from __future__ import annotations

import datetime
import errno
import fnmatch
import grp
import hashlib
import json
import os
import pwd
import re
import shutil
import stat
import sys
from typing import Any

_CODES = {errno.ENOENT: "PathNotFound", errno.ENOTDIR: "PathNotFound",
          errno.EACCES: "PermissionDenied", errno.EPERM: "PermissionDenied",
          errno.EEXIST: "Exists", errno.ENOTEMPTY: "HasChildren",
          errno.EISDIR: "IsADirectory"}
_WILDCARD = re.compile(r"[*?\[]")


def _owner(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _group(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def item(path: str) -> dict[str, Any]:
    """What PowerShell's FileSystemInfo shows of ``path`` (an absolute path)."""
    link = os.lstat(path)
    try:
        info = os.stat(path)
    except OSError:
        info = link  # a dangling link
    full = os.path.normpath(path) if path != "/" else "/"
    if full.startswith("//"):
        full = full[1:]
    when = datetime.datetime.fromtimestamp(link.st_mtime)
    return {
        "full": full, "name": os.path.basename(full) or full,
        "parent": os.path.dirname(full) if full != "/" else "",
        "dir": stat.S_ISDIR(info.st_mode), "mode": stat.filemode(link.st_mode),
        "user": _owner(link.st_uid), "group": _group(link.st_gid),
        "size": link.st_size, "mtime": when.isoformat(),
        "target": os.readlink(path) if stat.S_ISLNK(link.st_mode) else None,
    }


def _absolute(path: str, cwd: str) -> str:
    """``path`` as PowerShell resolves it against the current location: ``~`` expanded,
    ``.``/``..`` folded (FullName and error messages show it so)."""
    return os.path.normpath(os.path.join(cwd, os.path.expanduser(path)))


def _expand(path: str, literal: bool, cwd: str, force: bool = False) -> list[str]:
    """The paths ``path`` names: itself, or what its wildcards match."""
    full = _absolute(path, cwd)
    if literal or not _WILDCARD.search(path):
        os.lstat(full)  # raises when missing
        return [full]
    return _glob(full, force)


def _glob(full: str, force: bool) -> list[str]:
    """PowerShell's LocationGlobber over the FileSystem provider: segment by segment,
    a segment with wildcards matched ignoring case (WildcardOptions.IgnoreCase, on Linux
    too) against the children in the provider's order — directories, then files, each
    by name ignoring case; dot entries only with -Force."""
    found = ["/"]
    for segment in full.split("/")[1:]:
        deeper: list[str] = []
        for directory in found:
            if not _WILDCARD.search(segment):
                candidate = os.path.join(directory, segment)
                if os.path.lexists(candidate):
                    deeper.append(candidate)
                continue
            try:
                names = os.listdir(directory)
            except OSError:
                continue
            pattern = segment.lower()
            names = [n for n in names if fnmatch.fnmatchcase(n.lower(), pattern)
                     and (force or not n.startswith("."))]
            names.sort(key=lambda n: (not os.path.isdir(os.path.join(directory, n)),
                                      n.lower(), n))
            deeper += [os.path.join(directory, n) for n in names]
        found = deeper
    return found


def _children(directory: str, args: dict[str, Any], depth: int, prefix: str,
              out: list[dict[str, Any]]) -> None:
    """Get-ChildItem's Dir(): directories, then files, each sorted by name ignoring
    case, hidden (dot) entries only with -Force; then each subdirectory when recursing
    (not through links)."""
    names = sorted(os.listdir(directory), key=lambda n: (n.lower(), n))
    if not args.get("force"):
        names = [n for n in names if not n.startswith(".")]
    pattern = args.get("filter")
    entries = [item(os.path.join(directory, n)) for n in names]
    for want_dir in (True, False):
        for entry in entries:
            if entry["dir"] != want_dir:
                continue
            if pattern and not fnmatch.fnmatch(entry["name"].lower(), pattern.lower()):
                continue
            if (args.get("files_only") and want_dir) or (args.get("dirs_only") and not want_dir):
                continue
            entry["relative"] = prefix + entry["name"]
            out.append(entry)
    if args.get("recurse") and depth != 0:
        for entry in entries:
            if entry["dir"] and entry["target"] is None:
                _children(entry["full"], args, depth - 1, prefix + entry["name"] + "/", out)


def _like(name: str, patterns: Any) -> bool:
    return any(fnmatch.fnmatch(name.lower(), p.lower()) for p in patterns)


def _filtered(directory: str, args: dict[str, Any], depth: int, prefix: str,
              out: list[dict[str, Any]]) -> None:
    """Get-ChildItem with -Include/-Exclude (SessionStateContainer.ProcessPathItems):
    each child, directories first, emitted when its name matches (and passes -Filter,
    -File, -Directory), then — recursing — its own children right after it."""
    names = sorted(os.listdir(directory), key=lambda n: (n.lower(), n))
    if not args.get("force"):
        names = [n for n in names if not n.startswith(".")]
    entries = [item(os.path.join(directory, n)) for n in names]
    include, exclude = args.get("include") or ["*"], args.get("exclude") or []
    pattern = args.get("filter")
    for entry in [e for e in entries if e["dir"]] + [e for e in entries if not e["dir"]]:
        name = entry["name"]
        wanted = _like(name, include) and not _like(name, exclude) and (
            not pattern or fnmatch.fnmatch(name.lower(), pattern.lower())) and not (
            (args.get("files_only") and entry["dir"]) or
            (args.get("dirs_only") and not entry["dir"]))
        if wanted:
            entry["relative"] = prefix + name
            out.append(entry)
        if args.get("recurse") and entry["dir"] and entry["target"] is None and depth != 0:
            _filtered(entry["full"], args, depth - 1, prefix + name + "/", out)


def _one(op: str, path: str, args: dict[str, Any], cwd: str) -> dict[str, Any]:
    literal = bool(args.get("literal"))
    if op == "new":
        return {"items": [_new(_absolute(path, cwd), args)]}
    found = _expand(path, literal, cwd, bool(args.get("force")))
    if op == "test":
        return {"items": [p for p in found if _passes(p, args)]}
    if op == "remove":
        for full in found:
            _remove(full, args)
        return {"items": []}
    if op == "hash":
        return {"items": [_hashed(full, args["algorithm"]) for full in found]}
    if op in ("copy", "move", "rename"):
        return {"items": [_transfer(op, full, _absolute(args["destination"], cwd), args)
                          for full in found]}
    if op == "children":
        out: list[dict[str, Any]] = []
        for full in found:
            if os.path.isdir(full):
                depth = -1 if args.get("depth") is None else int(args["depth"])
                walk = _filtered if args.get("include") or args.get("exclude") else _children
                walk(full, args, depth, "", out)
            elif not args.get("dirs_only"):
                entry = item(full)
                entry["relative"] = entry["name"]
                out.append(entry)
        return {"items": out}
    return {"items": [item(full) for full in found]}  # "get"


def _passes(path: str, args: dict[str, Any]) -> bool:
    """Test-Path's verdict on an existing ``path`` (TestPathCommand): -PathType Container
    asks only whether it is a directory; otherwise the FileSystem provider's ItemExists
    applies -OlderThan, then -NewerThan (the last one given decides, as there), and Leaf
    adds that it is no directory."""
    kind = args.get("kind", "any")
    if kind == "container":
        return os.path.isdir(path)
    written = datetime.datetime.fromtimestamp(os.lstat(path).st_mtime)
    result = True
    if args.get("older"):
        result = written < datetime.datetime.fromisoformat(args["older"])
    if args.get("newer"):
        result = written > datetime.datetime.fromisoformat(args["newer"])
    return result and (kind == "any" or not os.path.isdir(path))


def _new(full: str, args: dict[str, Any]) -> dict[str, Any]:
    """New-Item: a directory (with its parents, as PowerShell creates them), or a file
    (its parents only with -Force) holding ``value``; -Force replaces a file and
    returns an existing directory."""
    force = bool(args.get("force"))
    if args.get("type") == "directory":
        if os.path.isdir(full) and not force:
            raise FileExistsError(errno.EEXIST, "exists", full)
        os.makedirs(full, exist_ok=True)
    else:
        if os.path.exists(full) and not force:
            raise FileExistsError(errno.EEXIST, "exists", full)
        if force:
            os.makedirs(os.path.dirname(full) or "/", exist_ok=True)
        with open(full, "w", encoding="utf-8") as handle:
            handle.write(args.get("value") or "")
    return item(full)


def _transfer(op: str, full: str, destination: str, args: dict[str, Any]) -> dict[str, Any]:
    """Copy-, Move- or Rename-Item of one item; the new item. Into a directory that
    exists, an item keeps its name; a directory is copied with its contents only with
    -Recurse; an existing target is replaced by a copy, by a move only with -Force, and
    never by a rename."""
    if op == "rename":
        target = os.path.join(os.path.dirname(full), os.path.basename(destination))
    elif os.path.isdir(destination):
        target = os.path.join(destination, os.path.basename(full))
    else:
        target = destination
    if op == "copy":
        if not os.path.isdir(full):
            shutil.copy2(full, target)
        elif args.get("recurse"):
            shutil.copytree(full, target, symlinks=True, dirs_exist_ok=True)
        else:
            os.makedirs(target, exist_ok=True)
        return item(target)
    if os.path.lexists(target):
        if op == "rename" or not args.get("force") or os.path.isdir(target):
            raise FileExistsError(errno.EEXIST, "exists", target)
        os.unlink(target)
    if not os.path.isdir(os.path.dirname(target) or "/"):
        raise FileNotFoundError(errno.ENOENT, "no parent", target)
    shutil.move(full, target)
    return item(target)


def _hashed(full: str, algorithm: str) -> dict[str, Any]:
    """Get-FileHash of one matched path; one that cannot be read (a directory too) is an
    error of its own, as GetHash.cs's ComputeFileHash writes one, and the others are
    still hashed."""
    try:
        return {"full": full, "hash": _digest(full, algorithm)}
    except OSError as exc:
        return {"full": full, "error": _CODES.get(exc.errno or 0, "IOError"),
                "detail": exc.strerror or str(exc)}


def _digest(full: str, algorithm: str) -> str:
    """Get-FileHash: the file's digest in upper-case hex, as .NET prints it."""
    digest = hashlib.new(algorithm.lower())  # sha1, sha256, sha384, sha512, md5
    with open(full, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest().upper()


def _remove(full: str, args: dict[str, Any]) -> None:
    if os.path.isdir(full) and not os.path.islink(full):
        if os.listdir(full) and not args.get("recurse"):
            raise OSError(errno.ENOTEMPTY, "has children", full)
        shutil.rmtree(full)
    else:
        os.unlink(full)


def answer(request: dict[str, Any]) -> dict[str, Any]:
    """The answer to one request (see the module's docstring)."""
    cwd = request.get("cwd") or os.getcwd()
    results = []
    destinations = request.get("destinations")  # copy, move, rename: one per path
    for index, path in enumerate(request["paths"]):
        args = request if destinations is None else {**request,
                                                     "destination": destinations[index]}
        try:
            results.append(_one(request["op"], path, args, cwd))
        except OSError as exc:  # PowerShell names the resolved path (LocationGlobber)
            results.append({"error": _CODES.get(exc.errno or 0, "IOError"),
                            "path": _absolute(path, cwd), "detail": exc.strerror or str(exc)})
        except ValueError:  # a NUL character: no file name can hold one
            results.append({"error": "NulInPath", "path": path})
    return {"results": results}


if __name__ == "__main__":
    sys.stdout.write(json.dumps(answer(json.loads(sys.argv[1]))))
