"""The job store on disk: runspaces, their Id counters and their jobs, under one state dir.

Layout (the state dir and everything in it is private to the user: directories 0700,
files and sockets 0600 whatever the umask, no symbolic links followed — private.py)::

    run/                          sockets of live agents (notify.py); the agents' and
                                  supervisors' working directory
    runspaces/<runspace>/
        runspace.json             name, computer, kind, created: written once
        owner.json                the agent holding it: agent id, pid, boot id, host,
                                  socket, attached
        lock                      flock held while owner.json changes
        counter                   the next job Id (flocked itself while it changes)
        jobs/<id>/                one job (a parent Id <id> and its child <id + 1>)
            job.json              what was started: written once, before the job runs
            spec.json             how to run it, for its supervisor (which deletes it)
            supervisor.pid        the supervisor's pid, for Stop-Job
            lock                  flock held by the supervisor for as long as it lives
            spool                 output frames (spool.py)
            consumed              Receive-Job's cursor into the spool
            status.json           how the job ended: written once

Rules:

* Files that change are written to a temporary name and renamed, so a reader sees the
  old content or the new, and a crash never leaves half a record.
* Several agents may share a store (several kernels; "hosts" that are the same machine
  and user). Job Ids and runspace ownership change only under a flock.
  A runspace is attached by at most one agent at a time: attaching takes it over.
* A job is Running exactly while its supervisor holds the flock on the job's spool. The
  supervisor writes status.json before it exits (which releases the lock), so a free
  lock without status.json means the supervisor vanished: whoever notices records the
  job Failed.
* Starting a job creates few files (inode allocation is what a job start costs most on
  ext4): the job's directory, job.json, the spool, the pid file, later status.json.
* Nothing here blocks for long or talks to the client: this is plain file handling,
  used by the agent's request handlers and by supervisors.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import socket
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any, Iterator, Mapping, Optional

from . import notify
from .private import is_real_dir, open_file, private_dir, private_tree
from .protocol import (
    ATTACHED,
    DISCONNECTED,
    FAILED,
    RUNNING,
    ErrorCode,
    JobRecord,
    OpFailed,
    RunspaceInfo,
)
from .spool import scan_boundary

STATE_DIR_ENV = "RJKERNEL_STATE_DIR"


def default_state_dir(environ: Mapping[str, str]) -> str:
    """``$RJKERNEL_STATE_DIR``, else ``${XDG_STATE_HOME:-$HOME/.local/state}/rjkernel``."""
    explicit = environ.get(STATE_DIR_ENV)
    if explicit:
        return os.path.abspath(os.path.expanduser(explicit))
    base = environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return os.path.join(os.path.abspath(base), "rjkernel")


@lru_cache(maxsize=1)
def boot_id() -> str:
    """Linux's id of this boot: processes recorded under another boot id are gone."""
    try:
        with open("/proc/sys/kernel/random/boot_id") as f:
            return f.read().strip()
    except OSError:
        return ""


def write_json(path: str, obj: Any) -> None:
    """Replace ``path`` atomically: readers see the old content or the new."""
    tmp = f"{path}.{os.getpid()}.tmp"
    with os.fdopen(open_file(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), "w") as f:
        json.dump(obj, f, separators=(",", ":"))
    os.replace(tmp, path)


_NUMBER = b"%020d"


def read_number(path: str, default: int) -> int:
    """A number kept by :func:`write_number` (``default`` if the file does not exist).

    Numbers (the Id counter, the consumed cursor) are overwritten in place, at a fixed
    width: one small write, within one block, so a crash leaves the old value or the
    new. Renaming over the file instead would cost a data flush on ext4 each time.
    """
    try:
        with os.fdopen(open_file(path, os.O_RDONLY), "rb") as f:
            return int(f.read() or default)
    except FileNotFoundError:
        return default


def write_number(path: str, value: int) -> None:
    """Overwrite a number kept by :func:`read_number`."""
    fd = open_file(path, os.O_WRONLY | os.O_CREAT)
    try:
        os.pwrite(fd, _NUMBER % value, 0)
    finally:
        os.close(fd)


def read_json(path: str) -> Any:
    """The JSON in ``path``, or None if there is no such file."""
    try:
        with os.fdopen(open_file(path, os.O_RDONLY), "rb") as f:
            return json.load(f)
    except FileNotFoundError:
        return None


@contextmanager
def flocked(path: str) -> Iterator[None]:
    """Hold an exclusive flock on ``path`` (created if missing) for the block."""
    fd = open_file(path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def lock_is_held(path: str) -> bool:
    """Whether some process holds a flock on ``path`` (a missing file is not held)."""
    try:
        fd = open_file(path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


@dataclass(frozen=True)
class Owner:
    """Who holds a runspace: ``socket`` is the agent's name in run/ (notify.py)."""

    agent: str
    pid: int
    boot_id: str
    host: str
    socket: str
    attached: bool
    since: float

    def alive(self) -> bool:
        """Whether that agent still runs (its socket answers and the host did not reboot)."""
        return self.boot_id == boot_id() and notify.send(self.socket, {"ping": self.agent})


@dataclass(frozen=True)
class Status:
    """How a job ended (status.json)."""

    state: str
    end: float
    exit_code: Optional[int] = None
    signal: Optional[int] = None
    reason: Optional[str] = None


class JobPaths:
    """The files of one job (see the layout above)."""

    def __init__(self, directory: str) -> None:
        self.dir = directory
        self.meta = os.path.join(directory, "job.json")
        self.pid = os.path.join(directory, "supervisor.pid")
        self.stop = os.path.join(directory, "stop")
        self.spool = os.path.join(directory, "spool")
        self.consumed = os.path.join(directory, "consumed")
        self.status = os.path.join(directory, "status.json")


def write_status(paths: JobPaths, status: Status) -> None:
    write_json(paths.status, asdict(status))


def read_status(paths: JobPaths) -> Status | None:
    obj = read_json(paths.status)
    return None if obj is None else Status(**obj)


VANISHED = (
    "The job's supervisor process ended without recording how the job ended "
    "(it was killed, or the host restarted)."
)


class Store:
    """One agent's view of the store, with caches of what can no longer change."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.run_dir = os.path.join(root, "run")
        self.runspaces_dir = os.path.join(root, "runspaces")
        self._meta: dict[tuple[str, int], dict[str, Any]] = {}
        self._final: dict[tuple[str, int], Status] = {}
        self._boundary: dict[tuple[str, int], int] = {}
        self._paths: dict[tuple[str, int], JobPaths] = {}

    def open(self) -> None:
        """Create the state dir if needed and make sure every level is ours alone
        (private.py: a link or another owner is refused with UnsafeStore)."""
        private_tree(self.root)
        private_dir(self.run_dir)
        private_dir(self.runspaces_dir)

    # -- runspaces ---------------------------------------------------------------------

    def runspace_dir(self, runspace: str) -> str:
        return os.path.join(self.runspaces_dir, runspace)

    def runspace_ids(self) -> list[str]:
        return sorted(
            name
            for name in os.listdir(self.runspaces_dir)
            if is_real_dir(os.path.join(self.runspaces_dir, name))
            and os.path.exists(os.path.join(self.runspaces_dir, name, "runspace.json"))
        )

    def runspace_meta(self, runspace: str) -> dict[str, Any]:
        meta = read_json(os.path.join(self.runspace_dir(runspace), "runspace.json"))
        if meta is None:
            raise OpFailed(ErrorCode.RUNSPACE_NOT_FOUND, f"there is no runspace {runspace!r}")
        return meta  # type: ignore[no-any-return]

    @contextmanager
    def runspace_lock(self, runspace: str) -> Iterator[None]:
        with flocked(os.path.join(self.runspace_dir(runspace), "lock")):
            yield

    def ensure_runspace(self, runspace: str, name: str, computer: str, kind: str) -> None:
        """Create the runspace unless it exists (its first name/computer/kind stay)."""
        directory = self.runspace_dir(runspace)
        private_dir(directory)
        private_dir(os.path.join(directory, "jobs"))
        meta_path = os.path.join(directory, "runspace.json")
        if not os.path.exists(meta_path):
            meta = {"name": name, "computer": computer, "kind": kind, "created": time.time()}
            with self.runspace_lock(runspace):
                if not os.path.exists(meta_path):
                    write_json(meta_path, meta)

    def owner(self, runspace: str) -> Owner | None:
        obj = read_json(os.path.join(self.runspace_dir(runspace), "owner.json"))
        return None if obj is None else Owner(**obj)

    def set_owner(self, runspace: str, owner: Owner) -> None:
        """Record the holder; call with the runspace's lock held."""
        write_json(os.path.join(self.runspace_dir(runspace), "owner.json"), asdict(owner))

    def alloc_ids(self, runspace: str, count: int) -> int:
        """Reserve ``count`` consecutive job Ids; returns the first. Ids are never reused.

        The counter file is its own lock: read, add, write back under one flock.
        """
        fd = open_file(os.path.join(self.runspace_dir(runspace), "counter"), os.O_RDWR | os.O_CREAT)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            first = int(os.pread(fd, 64, 0) or 1)
            os.pwrite(fd, _NUMBER % (first + count), 0)
        finally:
            os.close(fd)
        return first

    def runspace_info(self, runspace: str, agent: str) -> RunspaceInfo:
        """The runspace as ``Get-PSSession`` sees it, from the point of view of ``agent``."""
        meta = self.runspace_meta(runspace)
        owner = self.owner(runspace)
        held = owner is not None and owner.attached and (owner.agent == agent or owner.alive())
        states: dict[str, int] = {}
        for job in self.job_ids(runspace):
            state = self.job_record(runspace, job, check_alive=True).state
            states[state] = states.get(state, 0) + 1
        return RunspaceInfo(
            id=runspace,
            name=meta["name"],
            computer=meta["computer"],
            kind=meta["kind"],
            created=meta["created"],
            state=ATTACHED if held else DISCONNECTED,
            owner_pid=owner.pid if held and owner is not None else None,
            attached_here=held and owner is not None and owner.agent == agent,
            job_states=states,
        )

    def delete_runspace(self, runspace: str) -> None:
        for key in [k for k in self._meta if k[0] == runspace]:
            self._forget(key)
        shutil.rmtree(self.runspace_dir(runspace), ignore_errors=True)

    # -- jobs --------------------------------------------------------------------------

    def job_paths(self, runspace: str, job: int) -> JobPaths:
        paths = self._paths.get((runspace, job))
        if paths is None:
            paths = JobPaths(os.path.join(self.runspace_dir(runspace), "jobs", str(job)))
            self._paths[(runspace, job)] = paths
        return paths

    def job_ids(self, runspace: str) -> list[int]:
        jobs_dir = os.path.join(self.runspace_dir(runspace), "jobs")
        try:
            names = os.listdir(jobs_dir)
        except FileNotFoundError:
            return []
        return sorted(
            int(name)
            for name in names
            if name.isdigit()
            and is_real_dir(os.path.join(jobs_dir, name))
            and os.path.exists(os.path.join(jobs_dir, name, "job.json"))
        )

    def create_job(self, runspace: str, meta: dict[str, Any]) -> tuple[JobPaths, int]:
        """Write a new job's record and create its spool, flocked.

        Returns the paths and the spool's descriptor (open for appending, locked), which
        the caller hands to the job's supervisor: the job counts as Running from the
        moment its record exists.
        """
        paths = self.job_paths(runspace, meta["id"])
        os.mkdir(paths.dir, 0o700)  # a new job: its Id was never used
        private_dir(paths.dir)
        spool_fd = open_file(paths.spool, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL)
        try:
            fcntl.flock(spool_fd, fcntl.LOCK_EX)
            write_json(paths.meta, meta)
        except BaseException:
            os.close(spool_fd)
            raise
        self._meta[(runspace, meta["id"])] = meta
        return paths, spool_fd

    def new_job_record(self, runspace: str, job: int) -> JobRecord:
        """A job just created: Running, nothing spooled or consumed (no files read)."""
        return self._record(runspace, job, self._meta[(runspace, job)], None, 0, 0)

    def job_record(self, runspace: str, job: int, *, check_alive: bool = False) -> JobRecord:
        """The job now. ``check_alive`` also detects a supervisor that vanished."""
        key = (runspace, job)
        paths = self.job_paths(runspace, job)
        meta = self._meta.get(key)
        if meta is None:
            meta = read_json(paths.meta)
            if meta is None:
                raise OpFailed(
                    ErrorCode.JOB_NOT_FOUND, f"there is no job {job} in runspace {runspace!r}"
                )
            self._meta[key] = meta
        status = self._final.get(key) or read_status(paths)
        if status is None and check_alive and not lock_is_held(paths.spool):
            status = read_status(paths) or self._record_vanished(paths)
        if status is not None:
            self._final[key] = status
        return self._record(
            runspace, job, meta, status, self._spooled(key, paths), read_number(paths.consumed, 0)
        )

    @staticmethod
    def _record(
        runspace: str,
        job: int,
        meta: dict[str, Any],
        status: Status | None,
        size: int,
        consumed: int,
    ) -> JobRecord:
        return JobRecord(
            runspace=runspace,
            id=job,
            child_id=meta["child_id"],
            name=meta["name"],
            command=meta["command"],
            type_name=meta["type_name"],
            location=meta["location"],
            cwd=meta["cwd"],
            begin=meta["begin"],
            state=RUNNING if status is None else status.state,
            end=None if status is None else status.end,
            exit_code=None if status is None else status.exit_code,
            signal=None if status is None else status.signal,
            reason=None if status is None else status.reason,
            size=size,
            consumed=consumed,
        )

    def _spooled(self, key: tuple[str, int], paths: JobPaths) -> int:
        """The spool's length up to its last complete frame (scanning only what is new)."""
        known = self._boundary.get(key, 0)
        try:
            fd = open_file(paths.spool, os.O_RDONLY)
        except FileNotFoundError:
            return known
        try:
            boundary = scan_boundary(fd, known, os.fstat(fd).st_size)
        finally:
            os.close(fd)
        self._boundary[key] = boundary
        return boundary

    def _record_vanished(self, paths: JobPaths) -> Status:
        status = Status(state=FAILED, end=time.time(), reason=VANISHED)
        write_status(paths, status)
        return status

    def commit(self, runspace: str, job: int, offset: int) -> JobRecord:
        """Move the job's consumption cursor forward to ``offset`` (never backwards)."""
        record = self.job_record(runspace, job)
        if offset > record.size:
            raise OpFailed(
                ErrorCode.INVALID_OFFSET,
                f"offset {offset} is beyond the {record.size} bytes spooled for job {job}",
            )
        if offset > record.consumed:
            write_number(self.job_paths(runspace, job).consumed, offset)
            record = self.job_record(runspace, job)
        return record

    def delete_job(self, runspace: str, job: int) -> None:
        self._forget((runspace, job))
        shutil.rmtree(self.job_paths(runspace, job).dir, ignore_errors=True)

    def _forget(self, key: tuple[str, int]) -> None:
        self._paths.pop(key, None)
        self._meta.pop(key, None)
        self._final.pop(key, None)
        self._boundary.pop(key, None)


def make_owner(agent: str, socket_name: str, *, attached: bool) -> Owner:
    return Owner(
        agent=agent,
        pid=os.getpid(),
        boot_id=boot_id(),
        host=socket.gethostname(),
        socket=socket_name,
        attached=attached,
        since=time.time(),
    )
