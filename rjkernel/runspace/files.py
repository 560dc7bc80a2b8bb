"""PowerShell's error records for file access, shared by the local and remote places.

Both places meet the same failures (missing file, missing directory, permission, a
directory where a file was expected); whether the failure came from ``open()`` here or
from the job agent on a host, the user reads PowerShell's text for it.
"""

from __future__ import annotations

import errno
import posixpath

from rjkernel.errors import ErrorRecord, PSError

CODES_BY_ERRNO = {
    errno.ENOENT: "PathNotFound",
    errno.EACCES: "PermissionDenied",
    errno.EPERM: "PermissionDenied",
    errno.EISDIR: "IsADirectory",
    errno.ENOTDIR: "PathNotFound",
}


def file_error(code: str, path: str, *, writing: bool = False, detail: str = "") -> PSError:
    """A PSError for a failed read or write of ``path``; ``code`` is the agent's code."""
    if code == "PathNotFound" and writing:
        record = ErrorRecord(
            message=f"Could not find a part of the path '{path}'.",
            error_id="FileOpenFailure", category="OpenError", target=path,
            exception="System.IO.DirectoryNotFoundException",
        )
    elif code == "PathNotFound":
        record = ErrorRecord(
            message=f"Cannot find path '{path}' because it does not exist.",
            error_id="PathNotFound", category="ObjectNotFound", target=path,
            exception="System.Management.Automation.ItemNotFoundException",
        )
    elif code == "NulInPath":
        record = ErrorRecord(
            message=f"The path '{path.replace(chr(0), '`0')}' is not valid: it contains a NUL "
            "character (`0), which no file name can hold.",
            error_id="NulCharacterInPath", category="InvalidArgument", target=path,
            exception="System.ArgumentException",
        )
    elif code == "PermissionDenied":
        record = ErrorRecord(
            message=f"Access to the path '{path}' is denied.",
            error_id="UnauthorizedAccessError" if writing
            else "GetContentReaderUnauthorizedAccessError",
            category="PermissionDenied", target=path,
            exception="System.UnauthorizedAccessException",
        )
    elif code == "IsADirectory":
        record = ErrorRecord(
            message=f"Unable to get content because it is a directory: '{path}'. Please use "
            "'Get-ChildItem' instead." if not writing else
            f"Access to the path '{path}' is denied.",
            error_id="GetContentReaderUnauthorizedAccessError", category="ReadError",
            target=path,
        )
    else:
        record = ErrorRecord(
            message=f"Could not {'write' if writing else 'read'} '{path}': {detail or code}.",
            error_id="FileIOError", category="WriteError" if writing else "ReadError",
            target=path,
        )
    return PSError(record)


PROVIDER = "Microsoft.PowerShell.Core\\FileSystem"


def provider_path(path: str) -> str:
    """A path without PowerShell's provider qualifier: an item's ``PSPath``
    (``Microsoft.PowerShell.Core\\FileSystem::/tmp/x``) names the file ``/tmp/x``."""
    return path.removeprefix(PROVIDER + "::")


def resolved_path(path: str, cwd: str, home: str) -> str:
    """``path`` as PowerShell's errors name it (LocationGlobber resolves it before the
    provider looks): against the current location ``cwd``, ``~`` the place's ``home``,
    ``..`` folded — ``Cannot find path '/tmp/x/nope.txt'`` for ``nope.txt``."""
    if path == "~" or path.startswith("~/"):
        path = home + path[1:]
    return posixpath.normpath(posixpath.join(cwd, path))


def checked_path(path: str) -> str:
    """``path``, unless it holds a NUL character (no file name can; ``open()`` would
    raise a Python ValueError, the agent's protocol a field error)."""
    if "\0" in path:
        raise file_error("NulInPath", path)
    return path


def os_file_error(exc: OSError, path: str, *, writing: bool = False) -> PSError:
    return file_error(CODES_BY_ERRNO.get(exc.errno or 0, "IOError"), path, writing=writing,
                      detail=exc.strerror or str(exc))
