"""Where the journal lives and how lines get in and out of it.

Rules:

* One file per notebook: ``<state dir>/journal/<name>.jsonl`` where the state dir is
  ``$RJKERNEL_STATE_DIR`` or ``~/.local/state/rjkernel`` and the name is the notebook's
  path as the server gives it (``JPY_SESSION_NAME``), else the kernel's id. The same
  notebook run again (a restart, another day) appends to the same file, which is what
  lets ``Get-History`` reach back across restarts.
* The directory is 0700 and the file 0600: the journal holds the code of every cell.
  It is part of the job store and keeps the store's rules (``agent/private.py``): no
  level reached through a symbolic link, modes exact whatever the umask.
* A line is appended with one ``write`` on an ``O_APPEND`` descriptor, so a crash never
  leaves half a line in the middle of the file; a torn last line is skipped on reading.
* ``RJKERNEL_JOURNAL=off`` (or ``0``, ``false``, ``no``) turns the journal off for the
  process; ``$RJJournal = $false`` does it for a runspace (see ``journaling.py``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rjkernel.agent.private import open_file, private_tree
from rjkernel.agent.store import default_state_dir

JOURNAL_ENV = "RJKERNEL_JOURNAL"
SESSION_NAME_ENV = "JPY_SESSION_NAME"
_OFF = {"0", "off", "false", "no"}


def kernel_id(app: object) -> str:
    """The kernel's id, from the connection file the server named (``kernel-<id>.json``),
    for a journal with no notebook name; the process id when there is no such file."""
    name = os.path.basename(str(getattr(app, "connection_file", "") or ""))
    if name.startswith("kernel-") and name.endswith(".json"):
        return name[len("kernel-"):-len(".json")]
    return f"pid-{os.getpid()}"


def journal_enabled(environ: Mapping[str, str]) -> bool:
    return environ.get(JOURNAL_ENV, "").strip().lower() not in _OFF


def journal_path(environ: Mapping[str, str], kernel_id: str) -> Path:
    """The journal of this notebook (or, without one, of this kernel)."""
    name = environ.get(SESSION_NAME_ENV) or kernel_id
    # one file name, readable, for any path: "ops/web.ipynb" -> "ops%2Fweb.ipynb.jsonl"
    return Path(default_state_dir(environ)) / "journal" / (quote(name, safe="") + ".jsonl")


class Journal:
    """Append-only JSON lines with a history Id counter that survives restarts."""

    def __init__(self, path: Path, *, notebook: str | None, kernel_id: str) -> None:
        self.path = path
        self.notebook = notebook
        self.kernel_id = kernel_id
        self._last_id: int | None = None  # read from the file on first use
        self._dir_checked = False  # the store's levels, checked on the first append

    @classmethod
    def for_process(cls, kernel_id: str, environ: Mapping[str, str] | None = None
                    ) -> Journal | None:
        env = os.environ if environ is None else environ
        if not journal_enabled(env):
            return None
        return cls(journal_path(env, kernel_id), notebook=env.get(SESSION_NAME_ENV),
                   kernel_id=kernel_id)

    def next_id(self) -> int:
        """The history Id of the next cell: one past the largest ever written here."""
        self._last_id = self._known_last_id() + 1
        return self._last_id

    def _known_last_id(self) -> int:
        if self._last_id is None:
            self._last_id = max((int(line.get("id", 0)) for line in self.lines()), default=0)
        return self._last_id

    def append(self, line: Mapping[str, Any]) -> None:
        """Add one line. The journal lives in the job store and keeps its rules
        (agent/private.py): the store and ``journal/`` private directories reached
        without links, the file exactly 0600 and never a link; OSError (UnsafeStore
        among them) when they are broken, for the caller to report."""
        data = _encode(line).encode()
        if not self._dir_checked:
            private_tree(str(self.path.parent.parent), self.path.parent.name)
            self._dir_checked = True
        fd = open_file(str(self.path), os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)

    def lines(self) -> Iterator[dict[str, Any]]:
        """Every whole line, oldest first (a torn or foreign line is skipped)."""
        try:
            with os.fdopen(open_file(str(self.path), os.O_RDONLY), encoding="utf-8") as f:
                for text in f:
                    try:
                        line = json.loads(text)
                    except ValueError:
                        continue
                    if isinstance(line, dict):
                        yield line
        except FileNotFoundError:
            return

    def rewrite(self, keep: list[dict[str, Any]]) -> None:
        """Replace the file by ``keep`` (Clear-History), atomically, still 0600; Ids
        keep counting from where they were, as PowerShell's do after a clear."""
        marker = {"v": 1, "kind": "cleared", "id": self._known_last_id()}
        temporary = self.path.with_name(self.path.name + ".tmp")
        fd = open_file(str(temporary), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            for line in [marker, *keep]:
                f.write(_encode(line))
        os.replace(temporary, self.path)


def _encode(line: Mapping[str, Any]) -> str:
    return json.dumps(line, ensure_ascii=False, separators=(",", ":"), default=str) + "\n"
