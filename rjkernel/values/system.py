"""The static classes a runbook asks about its machine, its paths and its files:
``[Environment]`` (MachineName, UserName, NewLine, ProcessorCount, Get-/
SetEnvironmentVariable …), ``[System.Net.Dns]::GetHostName()``, ``[System.IO.Path]``,
and ``[System.IO.File]``/``[System.IO.Directory]``'s everyday members (Exists,
ReadAllText, ReadAllLines, WriteAllText, AppendAllText), which act on the files of the
machine the statement runs on, as Get-Content does.

What describes the machine is read where the statement runs — the runspace's place,
this machine or an SSH host — never from the kernel's own process: such a member is a
:class:`PlaceQuery` (the shell command that reads it and how its output becomes the
value), which the interpreter runs in the runspace's shell, so
``[Environment]::GetEnvironmentVariable('X')`` always agrees with ``$env:X`` and an
entered session answers with its host's name. ``[System.IO.Path]`` is pure text work
with .NET's rules on Unix (``/`` the only separator). References: learn.microsoft.com,
System.Environment, System.Net.Dns, System.IO.Path.
"""

from __future__ import annotations

import random
import re
import shlex
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rjkernel.errors import ErrorRecord, PSError
from rjkernel.values import types
from rjkernel.values.membertable import StaticMembers, register_statics
from rjkernel.values.objects import Hashtable, ScriptBlockValue
from rjkernel.values.operators import to_string
from rjkernel.values.strings import MethodFault


@dataclass(frozen=True)
class PlaceQuery:
    """A static member whose value lives at the runspace's place: ``command`` is shell
    text printing it, ``parse`` turns that output into the value."""

    command: str
    parse: Callable[[str], Any]


def _static_class(full_name: str, *names: str) -> None:
    """A class with static members only: ``[T]`` names it, nothing converts to it."""
    types.register(types.PSType(full_name, names, lambda v: False, lambda v: v))


_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _variable_name(value: Any) -> str:
    if value is None:
        raise MethodFault("Value cannot be null. (Parameter 'variable')")
    return to_string(value)


def get_environment_variable(name: Any, target: Any = None) -> Any:
    """The variable's value, ``$null`` when unset (an empty value stays ``''``)."""
    text = _variable_name(name)
    if not _ENV_NAME.fullmatch(text):
        return None
    return PlaceQuery(f'[ -n "${{{text}+x}}" ] && printf "=%s" "${text}"',
                      lambda out: out[1:] if out.startswith("=") else None)


def set_environment_variable(name: Any, value: Any, target: Any = None) -> Any:
    text = _variable_name(name)
    if not _ENV_NAME.fullmatch(text):
        raise MethodFault("Environment variable name or value is too long, or the name "
                          "is not valid here.")
    command = f"unset {text}" if value in (None, "") else \
        f"export {text}={shlex.quote(to_string(value))}"
    return PlaceQuery(command, lambda out: None)


def _environment_table(out: str) -> Hashtable:
    table = Hashtable()
    for entry in out.split("\0"):
        name, sep, value = entry.partition("=")
        if sep and name:
            table[name] = value
    return table


def _first_line(out: str) -> str:
    return out.strip().splitlines()[0] if out.strip() else ""


_HOST_NAME = PlaceQuery("uname -n", _first_line)

_static_class("System.Environment")
register_statics("System.Environment", StaticMembers(
    properties={
        # .NET on Unix: the host name cut at its first dot (Dns.GetHostName keeps it whole).
        "MachineName": lambda: PlaceQuery("uname -n", lambda out: _first_line(out)
                                          .split(".")[0]),
        "UserName": lambda: PlaceQuery("id -un", _first_line),
        "UserDomainName": lambda: PlaceQuery("uname -n", lambda out: _first_line(out)
                                             .split(".")[0]),
        "ProcessorCount": lambda: PlaceQuery("nproc", lambda out: int(_first_line(out))),
        "CurrentDirectory": lambda: PlaceQuery("pwd", _first_line),
        "NewLine": lambda: "\n",
        "Is64BitOperatingSystem": lambda: PlaceQuery("uname -m",
                                                     lambda out: "64" in out),
    },
    methods={
        "GetEnvironmentVariable": get_environment_variable,
        "SetEnvironmentVariable": set_environment_variable,
        "GetEnvironmentVariables": lambda *target: PlaceQuery("env -0", _environment_table),
    },
    at_place=True,
))

_static_class("System.Net.Dns")
register_statics("System.Net.Dns", StaticMembers(
    properties={}, methods={"GetHostName": lambda: _HOST_NAME}, at_place=True))


# ---------------------------------------------------------------------- System.IO.Path


def _path(value: Any) -> str | None:
    return None if value is None else to_string(value)


def get_file_name(path: Any) -> str | None:
    text = _path(path)
    return None if text is None else text.rsplit("/", 1)[-1]


def get_extension(path: Any) -> str | None:
    name = get_file_name(path)
    if name is None:
        return None
    dot = name.rfind(".")
    return "" if dot < 0 or dot == len(name) - 1 else name[dot:]


def get_file_name_without_extension(path: Any) -> str | None:
    name = get_file_name(path)
    if name is None:
        return None
    dot = name.rfind(".")
    return name if dot < 0 else name[:dot]


def get_directory_name(path: Any) -> str | None:
    """``/a/b.txt`` → ``/a``; the root and ``''`` have none (``$null``)."""
    text = _path(path)
    if not text or text.strip("/") == "":
        return None
    if "/" not in text:
        return ""
    head = text.rsplit("/", 1)[0]
    return head.rstrip("/") or "/"


def combine(*parts: Any) -> str:
    """Path.Combine: a rooted part starts over; separators are added where missing."""
    if len(parts) == 1 and isinstance(parts[0], list):
        parts = tuple(parts[0])
    if any(p is None for p in parts):
        raise MethodFault("Value cannot be null. (Parameter 'paths')")
    result = ""
    for part in (to_string(p) for p in parts):
        if part.startswith("/"):
            result = part
        elif part:
            result = part if not result else result + ("" if result.endswith("/") else "/") + \
                part
    return result


def join(*parts: Any) -> str:
    """Path.Join: like Combine, but a rooted part does not start over."""
    texts = [to_string(p) for p in parts if p is not None and to_string(p)]
    result = ""
    for part in texts:
        result = part if not result else result + ("" if result.endswith("/") or
                                                   part.startswith("/") else "/") + part
    return result


def change_extension(path: Any, extension: Any) -> str | None:
    text = _path(path)
    if text is None:
        return None
    name = get_file_name(text) or ""
    dot = name.rfind(".")
    stem = text[: len(text) - len(name) + dot] if dot >= 0 else text
    if extension is None:
        return stem
    ext = to_string(extension)
    return stem + (ext if ext.startswith(".") or not ext else "." + ext)


def random_file_name() -> str:
    """Path.GetRandomFileName: eight and three random lower-case letters and digits."""
    alphabet = string.ascii_lowercase + string.digits
    pick = random.SystemRandom().choice
    return "".join(pick(alphabet) for _ in range(8)) + "." + \
        "".join(pick(alphabet) for _ in range(3))


def _with_slash(out: str) -> str:
    text = _first_line(out) or "/tmp"
    return text if text.endswith("/") else text + "/"


_static_class("System.IO.Path")
register_statics("System.IO.Path", StaticMembers(
    properties={
        "DirectorySeparatorChar": lambda: "/",
        "AltDirectorySeparatorChar": lambda: "/",
        "PathSeparator": lambda: ":",
        "VolumeSeparatorChar": lambda: "/",
    },
    methods={
        "ChangeExtension": change_extension,
        "Combine": combine,
        "GetDirectoryName": get_directory_name,
        "GetExtension": get_extension,
        "GetFileName": get_file_name,
        "GetFileNameWithoutExtension": get_file_name_without_extension,
        "GetRandomFileName": random_file_name,
        "GetTempPath": lambda: PlaceQuery('printf "%s" "${TMPDIR:-/tmp/}"', _with_slash),
        "GetTempFileName": lambda: PlaceQuery('mktemp "${TMPDIR:-/tmp}/tmpXXXXXX.tmp"',
                                              _first_line),
        "HasExtension": lambda path: bool(get_extension(path)),
        "IsPathRooted": lambda path: to_string(path).startswith("/") if path else False,
        "IsPathFullyQualified": lambda path: to_string(path).startswith("/"),
        "Join": join,
    },
    at_place=True,
))


# ---------------------------------------------------------------------- IO.File, IO.Directory

_END = "\x01"  # printed after a file's text, so its final newline survives


def _failed(method: str, argc: int, message: str) -> PSError:
    return PSError(ErrorRecord(
        message=f'Exception calling "{method}" with "{argc}" argument(s): "{message}"',
        error_id="MethodInvocationException", category="NotSpecified",
        exception="System.Management.Automation.MethodInvocationException"))


def _file_path(value: Any) -> str:
    if value is None or not to_string(value):
        raise MethodFault("The value cannot be an empty string. (Parameter 'path')"
                          if value is not None else "Value cannot be null. (Parameter 'path')")
    return to_string(value)


def _read(method: str, argc: int, path: Any, as_lines: bool) -> PlaceQuery:
    text = _file_path(path)
    quoted = shlex.quote(text)

    def parse(out: str) -> Any:
        if not out.endswith(_END):
            raise _failed(method, argc, f"Could not find file '{text}'.")
        content = out[: -len(_END)]
        if not as_lines:
            return content
        lines = content.split("\n")
        return lines[:-1] if lines and lines[-1] == "" else lines

    return PlaceQuery(f"[ -f {quoted} ] && cat {quoted} && printf '{_END}'", parse)


def _write(method: str, argc: int, path: Any, contents: Any, append: bool) -> PlaceQuery:
    text = _file_path(path)
    body = "\n".join(to_string(c) for c in contents) + "\n" if isinstance(contents, list) \
        else to_string(contents)
    redirect = ">>" if append else ">"

    def parse(out: str) -> None:
        if out != "ok":
            raise _failed(method, argc, f"Could not find a part of the path '{text}'.")

    return PlaceQuery(f"{{ printf '%s' {shlex.quote(body)} {redirect} {shlex.quote(text)}; }} "
                      "2>/dev/null && printf ok", parse)


def _exists(test: str) -> Callable[[Any], Any]:
    def exists(path: Any) -> Any:
        if path is None or not to_string(path):
            return False
        return PlaceQuery(f"[ {test} {shlex.quote(to_string(path))} ] && printf yes",
                          lambda out: out == "yes")

    return exists


_static_class("System.IO.File")
register_statics("System.IO.File", StaticMembers(properties={}, methods={
    "Exists": _exists("-f"),
    "ReadAllText": lambda path, *enc: _read("ReadAllText", 1 + len(enc), path, False),
    "ReadAllLines": lambda path, *enc: _read("ReadAllLines", 1 + len(enc), path, True),
    "WriteAllText": lambda path, text, *enc: _write("WriteAllText", 2 + len(enc), path,
                                                    text, False),
    "WriteAllLines": lambda path, lines, *enc: _write("WriteAllLines", 2 + len(enc), path,
                                                      lines if isinstance(lines, list)
                                                      else [lines], False),
    "AppendAllText": lambda path, text, *enc: _write("AppendAllText", 2 + len(enc), path,
                                                     text, True),
}, at_place=True))
_static_class("System.IO.Directory")
register_statics("System.IO.Directory", StaticMembers(properties={}, methods={
    "Exists": _exists("-d"),
}, at_place=True))


# ---------------------------------------------------------------------- ScriptBlock


def _create_block(text: Any) -> ScriptBlockValue:
    """``[scriptblock]::Create(text)``: a block of text built at run time; it parses when
    it is invoked (``& $sb``), so an error in it points into that text."""
    body = to_string(text)
    return ScriptBlockValue(body, body, 0)


register_statics("System.Management.Automation.ScriptBlock", StaticMembers(
    properties={}, methods={"Create": _create_block}))
