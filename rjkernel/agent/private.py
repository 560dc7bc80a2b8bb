"""The job store is the user's alone: exact modes whatever the umask, and no symlinks.

Jobs' commands, output and sockets live in the store, so another user must not read it,
write it, or make rjkernel write somewhere else. Three rules, kept by the functions here:

* Every directory of the store, from its root down (``run/``, ``runspaces/``, each
  runspace, ``jobs/``, each job, ``asjob/``), is a real directory owned by the user with
  mode 0700. It is opened with ``O_NOFOLLOW | O_DIRECTORY`` and checked on the open
  descriptor, so there is no window between check and use: a symbolic link (even to a
  directory of the user's), something that is not a directory, or another owner is
  refused with :class:`UnsafeStore`, never used. A directory of the user's that is
  wider (made by an older rjkernel, or under an open umask) is narrowed to 0700.
* Files are created with mode 0600 and set to exactly 0600 on the open descriptor (a
  umask can only narrow a mode at creation; ``fchmod`` makes it exact both ways); every
  file of the store is opened with ``O_NOFOLLOW``, so a planted link is an error
  (``ELOOP``), never followed.
* Sockets are bound inside ``run/`` and set to 0600 right after.

Because each checked level is 0700 and the user's, no other user can swap an entry
below it afterwards; so a path checked once stays what it was for the agent's life.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat

NOFOLLOW = os.O_NOFOLLOW | os.O_CLOEXEC
FILE_MODE = 0o600
DIR_MODE = 0o700


class UnsafeStore(PermissionError):
    """A directory of the store that rjkernel refuses to use (``strerror`` says why)."""

    def __init__(self, path: str, why: str) -> None:
        super().__init__(
            errno.EPERM,
            f"{path} {why}. The job store must be a real directory of the user's own "
            "(mode 0700), reached without symbolic links: remove or move it, or set "
            "RJKERNEL_STATE_DIR to another directory",
        )


def private_dir(path: str) -> None:
    """Make sure ``path`` is a private directory of the store (created if missing)."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(path, DIR_MODE)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | NOFOLLOW)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):  # Linux says ENOTDIR for a link
            link = stat.S_ISLNK(os.lstat(path).st_mode)
            why = "is a symbolic link" if link else "is not a directory"
            raise UnsafeStore(path, why) from None
        raise
    try:
        info = os.fstat(fd)
        if info.st_uid != os.getuid():
            raise UnsafeStore(path, f"belongs to another user (uid {info.st_uid})")
        if stat.S_IMODE(info.st_mode) != DIR_MODE:
            os.fchmod(fd, DIR_MODE)
    finally:
        os.close(fd)


def private_tree(root: str, *names: str) -> str:
    """``root/names…``, every level from ``root`` down a private directory; returns it.

    The directories above ``root`` are the user's business (created if missing, with
    the usual modes, as for any ``~/.local/state``).
    """
    os.makedirs(os.path.dirname(root) or ".", exist_ok=True)
    path = root
    private_dir(path)
    for name in names:
        path = os.path.join(path, name)
        private_dir(path)
    return path


def is_real_dir(path: str) -> bool:
    """Whether ``path`` is a directory itself, not a link to one (for listings)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except FileNotFoundError:
        return False


def open_file(path: str, flags: int) -> int:
    """``os.open`` that never follows a link; a created file is made exactly 0600."""
    fd = os.open(path, flags | NOFOLLOW, FILE_MODE)
    if flags & os.O_CREAT:
        try:
            os.fchmod(fd, FILE_MODE)
        except BaseException:
            os.close(fd)
            raise
    return fd


def private_socket_file(path: str) -> None:
    """A socket just bound at ``path`` (in ``run/``, 0700): readable by the user alone."""
    os.chmod(path, FILE_MODE)
