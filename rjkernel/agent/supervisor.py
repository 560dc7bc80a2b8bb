"""A job's supervisor: the process that runs one job and outlives the agent that started it.

The launcher (launcher.py) double-forks it: it belongs to no process of ours, in a
session of its own, and nothing that happens to the agent, the SSH connection or the
kernel reaches it. The supervisor

1. keeps only the job's spool, open and flocked by the agent before the launch (so the
   job counts as Running from its first moment, and for as long as this process holds
   it), and closes every other inherited descriptor: stdio becomes /dev/null, and it
   works in ``run/`` like the agents (notify.py). It writes its pid file, and honours a
   stop requested before it got that far (:func:`request_stop`);
2. spawns ``/bin/sh -c <init + command> rjkernel <argv...>`` (``posix_spawn``: no copy
   of this process) in the job's working directory and a process group of its own,
   stdin /dev/null, stdout and stderr on two pipes, with the request's environment
   additions;
3. copies both pipes into the spool through one :class:`~.spool.FrameWriter`, and tells
   the agent that holds the runspace at most every :data:`NOTIFY_INTERVAL` while output
   flows;
4. on SIGTERM (Stop-Job) sends SIGTERM to the job's process group, then SIGKILL after
   :data:`STOP_GRACE` if anything of it is left — holding the pipes or not;
5. once the shell has exited and both pipes are closed (background processes of the
   job that keep them open keep the job Running), writes status.json, notifies, and
   exits — which releases the lock.

A non-zero exit status makes the job Failed (the exit code is kept), a stop makes it
Stopped whatever the status, zero makes it Completed.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import time
from dataclasses import asdict, dataclass
from typing import Any, Dict, List, Optional, Tuple

from . import notify
from .private import open_file
from .protocol import COMPLETED, FAILED, STOPPED
from .spool import STDERR, STDOUT, FrameWriter
from .store import (
    JobPaths,
    Status,
    lock_is_held,
    read_json,
    write_status,
)

NOTIFY_INTERVAL = 0.1
STOP_GRACE = 2.0
ABANDON_AFTER_KILL = 0.5
"""After SIGKILL, how long pipes held open by processes outside the job's group may stay."""
GROUP_POLL = 0.02

READ_SIZE = 64 * 1024
_SHELL = "/bin/sh"
_DEFAULT_IN_SHELL = ("SIGINT", "SIGTERM", "SIGHUP", "SIGCHLD", "SIGPIPE", "SIGXFSZ", "SIGQUIT")
"""Signals the job's shell gets with their default action, whatever Python set here."""


@dataclass(frozen=True)
class JobSpec:
    """What to run; the agent sends it to the launcher with the job's directory."""

    runspace: str
    job: int
    owner_file: str
    run_dir: str
    script: str
    argv: Tuple[str, ...]
    cwd: str
    env: Dict[str, str]

    def to_wire(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_wire(cls, obj: dict[str, Any]) -> JobSpec:
        return cls(**{**obj, "argv": tuple(obj["argv"])})


def request_stop(paths: JobPaths) -> None:
    """Stop-Job: ask the job's supervisor, alive or just starting, to stop the job.

    The stop file is created before the pid file is read, and the supervisor writes its
    pid file (with its SIGTERM handler in place) before it looks for the stop file: so
    either it sees the file, or we see its pid and signal it — never neither.
    """
    os.close(open_file(paths.stop, os.O_WRONLY | os.O_CREAT))
    try:
        with os.fdopen(open_file(paths.pid, os.O_RDONLY), "rb") as f:
            pid = int(f.read())
    except (FileNotFoundError, ValueError):
        return
    # The lock is held exactly while the supervisor lives, so the pid is still its own.
    if lock_is_held(paths.spool):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)


def run(job_dir: str, spool_fd: int, spec: dict[str, Any]) -> None:
    """Be the supervisor of the job in ``job_dir``, holding its spool. Never returns."""
    paths = JobPaths(job_dir)
    job_spec: Optional[JobSpec] = None
    code = 1
    try:
        _detach(spool_fd)
        job_spec = JobSpec.from_wire(spec)
        _Supervisor(paths, job_spec, spool_fd).run()
        code = 0
    except BaseException as exc:  # recorded, since nobody else would see it
        write_status(
            paths,
            Status(state=FAILED, end=time.time(), reason=f"rjkernel supervisor error: {exc!r}"),
        )
        if job_spec is not None:
            _notify(job_spec, final=True)
    finally:
        os._exit(code)


def _detach(keep_fd: int) -> None:
    """Drop every descriptor inherited from the launcher but ``keep_fd``."""
    signal.set_wakeup_fd(-1)
    try:
        fds = [int(fd) for fd in os.listdir("/proc/self/fd")]
    except OSError:
        fds = list(range(os.sysconf("SC_OPEN_MAX")))
    for fd in fds:
        if fd != keep_fd:
            with contextlib.suppress(OSError):
                os.close(fd)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        if fd != null:
            os.dup2(null, fd)
        os.set_inheritable(fd, True)  # the job's shell gets /dev/null as its stdin
    if null > 2:
        os.close(null)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)


def _spawn_shell(spec: JobSpec, stdout_fd: int, stderr_fd: int) -> int:
    """Start the job's shell; returns its pid (also its process group)."""
    env = dict(os.environ)
    env.update(spec.env)
    env["PWD"] = spec.cwd
    os.chdir(spec.cwd)  # posix_spawn starts the child where we are
    try:
        return os.posix_spawn(
            _SHELL,
            [_SHELL, "-c", spec.script, "rjkernel", *spec.argv],
            env,
            file_actions=[
                (os.POSIX_SPAWN_DUP2, stdout_fd, 1),
                (os.POSIX_SPAWN_DUP2, stderr_fd, 2),
            ],
            setpgroup=0,
            setsigmask=(),
            setsigdef=[getattr(signal, name) for name in _DEFAULT_IN_SHELL],
        )
    finally:
        os.chdir(spec.run_dir)


def _notify(spec: JobSpec, *, final: bool) -> None:
    """Tell the agent holding the job's runspace, if one is attached, that the job changed."""
    owner = read_json(spec.owner_file)
    if owner and owner.get("attached") and isinstance(owner.get("socket"), str):
        notify.send(owner["socket"], {"job": [spec.runspace, spec.job]}, 1.0 if final else 0.0)


class _Supervisor:
    """The copy loop of steps 2–5 of the module docstring, driven by poll()."""

    def __init__(self, paths: JobPaths, spec: JobSpec, spool_fd: int) -> None:
        self.paths = paths
        self.spec = spec
        self.writer = FrameWriter(spool_fd, os.fstat(spool_fd).st_size)
        self.stop_requested = False
        self.stop_at: Optional[float] = None
        self.killed_at: Optional[float] = None
        self.wait_status: Optional[int] = None
        self.last_notify = 0.0
        self.dirty = False

    def _on_sigterm(self, signum: int, frame: object) -> None:
        self.stop_requested = True

    def run(self) -> None:
        spec, paths = self.spec, self.paths
        os.chdir(spec.run_dir)
        wake_r, wake_w = os.pipe()
        os.set_blocking(wake_r, False)
        os.set_blocking(wake_w, False)
        signal.set_wakeup_fd(wake_w)
        signal.signal(signal.SIGTERM, self._on_sigterm)
        signal.signal(signal.SIGCHLD, lambda signum, frame: None)
        _write_pid(paths)
        if os.path.exists(paths.stop):
            self.stop_requested = True

        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        try:
            self.pid = _spawn_shell(spec, out_w, err_w)
        except OSError as exc:
            message = f"rjkernel: cannot start the job in {spec.cwd}: {exc.strerror or exc}\n"
            self.writer.feed(STDERR, message.encode())
            self.pid = 0
            self.wait_status = 127 << 8  # what a shell reports for a command it cannot run
            for fd in (out_r, err_r):
                os.close(fd)
            self.streams: Dict[int, str] = {}
        else:
            self.streams = {out_r: STDOUT, err_r: STDERR}
        os.close(out_w)
        os.close(err_w)

        self.poller = select.poll()
        for fd in (*self.streams, wake_r):
            self.poller.register(fd, select.POLLIN)
        while self.streams or self.wait_status is None:
            for fd, _ in self.poller.poll(self._timeout_ms()):
                if fd == wake_r:
                    _drain(wake_r)
                else:
                    self._copy(fd)
            self._step(time.monotonic())
        if self.stop_at is not None:
            self._end_group()
        write_status(paths, self._status())
        _notify(spec, final=True)

    def _timeout_ms(self) -> int:
        if self.stop_requested and self.stop_at is None:
            return 0  # a stop asked for before the loop started: act on it now
        deadlines: List[float] = []
        if self.dirty:
            deadlines.append(self.last_notify + NOTIFY_INTERVAL)
        if self.stop_at is not None and self.killed_at is None:
            deadlines.append(self.stop_at + STOP_GRACE)
        if self.killed_at is not None and self.wait_status is not None and self.streams:
            deadlines.append(self.killed_at + ABANDON_AFTER_KILL)
        if not deadlines:
            return -1
        return max(0, int((min(deadlines) - time.monotonic()) * 1000) + 1)

    def _copy(self, fd: int) -> None:
        data = os.read(fd, READ_SIZE)
        stream = self.streams[fd]
        if data:
            written = self.writer.feed(stream, data)
        else:
            written = self.writer.flush(stream)
            self._close_stream(fd)
        self.dirty = self.dirty or written > 0

    def _close_stream(self, fd: int) -> None:
        self.poller.unregister(fd)
        os.close(fd)
        del self.streams[fd]

    def _step(self, now: float) -> None:
        if self.wait_status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.wait_status = status
        self._enforce_stop(now)
        if self.dirty and now - self.last_notify >= NOTIFY_INTERVAL:
            self.dirty = False
            self.last_notify = now
            _notify(self.spec, final=False)

    def _enforce_stop(self, now: float) -> None:
        """Stop-Job: SIGTERM, SIGKILL after the grace period, then stop waiting for pipes."""
        if not self.stop_requested:
            return
        if self.stop_at is None:
            self.stop_at = now
            _killpg(self.pid, signal.SIGTERM)
        running = self.wait_status is None or bool(self.streams)
        if self.killed_at is None:
            if running and now >= self.stop_at + STOP_GRACE:
                self.killed_at = now
                _killpg(self.pid, signal.SIGKILL)
        elif self.wait_status is not None and now >= self.killed_at + ABANDON_AFTER_KILL:
            for fd in list(self.streams):
                self.writer.flush(self.streams[fd])
                self._close_stream(fd)

    def _end_group(self) -> None:
        """After a stop, no process of the job may remain, pipes or not: give what is
        left of the group the rest of the grace period, then SIGKILL it. (Nothing
        signals a group's end, so this polls — briefly, and only while stopping.)"""
        assert self.stop_at is not None
        deadline = self.stop_at + STOP_GRACE
        while _group_alive(self.pid) and self.killed_at is None:
            if time.monotonic() >= deadline:
                self.killed_at = time.monotonic()
                _killpg(self.pid, signal.SIGKILL)
            else:
                time.sleep(GROUP_POLL)

    def _status(self) -> Status:
        status = self.wait_status or 0
        if os.WIFSIGNALED(status):
            sig: Optional[int] = os.WTERMSIG(status)
            code = 128 + os.WTERMSIG(status)
        else:
            sig, code = None, os.WEXITSTATUS(status)
        end = time.time()
        if self.stop_at is not None:
            return Status(STOPPED, end, code, sig)
        if code == 0:
            return Status(COMPLETED, end, code)
        if sig is not None:
            reason = f"The job was terminated by signal {sig} ({_signal_name(sig)})."
        else:
            reason = f"The job's command exited with status {code}."
        return Status(FAILED, end, code, sig, reason)


def _write_pid(paths: JobPaths) -> None:
    """One small write to a new file: a reader sees all of it, or no number at all."""
    fd = open_file(paths.pid, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    try:
        os.write(fd, b"%d" % os.getpid())
    finally:
        os.close(fd)


def _killpg(pgid: int, sig: int) -> None:
    if pgid > 0:  # never our own group
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, sig)


def _group_alive(pgid: int) -> bool:
    if pgid <= 0:  # no job was started: never ask about our own group
        return False
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 4096):
            pass
    except BlockingIOError:
        pass


def _signal_name(sig: int) -> str:
    try:
        return signal.Signals(sig).name
    except ValueError:
        return f"signal {sig}"
