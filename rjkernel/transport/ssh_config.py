"""The OpenSSH client config, read once and evaluated per host from the blocks that apply.

asyncssh reads and tokenises the whole config for every connection. With a fleet that
is the dominant client cost — a config naming 1,000 hosts is ~3,000 lines, split with
``shlex`` for each of the 1,000 connections. ``ClientConfig`` instead:

* splits every line once per change of the files (``stamp``: size, mtime and inode of
  each file read, and of each directory an ``Include`` globbed);
* indexes ``Host`` blocks whose patterns are all literal names by those names;
* evaluates a host (alias, user, port) by replaying, in file order, only the lines that
  can apply to it — the global lines, ``Match`` blocks, ``Host`` blocks with wildcards
  or negations, and the literal blocks naming it — through asyncssh's own handlers
  (``SSHClientConfig``), so every option, ``Match`` condition, ``%`` token and error
  message is asyncssh's;
* keeps the result per (alias, user, port) until the files change.

A literal ``Host`` block that does not name the alias is skipped without loss:
asyncssh ignores every line of a block whose patterns do not match (its patterns are
matched against the alias as typed, case-sensitively, as here). Lines asyncssh cannot
split are kept for every host, so the error it reports is the same.

``Include`` in the global part of a file (before any ``Host``/``Match``) is expanded
here, the way asyncssh resolves it (relative patterns under ``~/.ssh``), so large
fleets kept in ``config.d/`` are indexed too; after an included file, lines apply to
every host again, as after asyncssh's include. An ``Include`` inside a block is left to
asyncssh (conditional inclusion) and read per host. One difference, on purpose: ``%``
tokens are expanded once at the end (OpenSSH's behaviour) rather than again at the end
of each included file.

The replay uses asyncssh's handler table and state (private attributes of
``SSHClientConfig``); tests/transport/test_ssh_config.py compares it with asyncssh's
own parse on a rich config, so a change in asyncssh shows there first.
"""

from __future__ import annotations

import getpass
import os
import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from asyncssh.config import SSHClientConfig

_MAX_INCLUDE_DEPTH = 16  # OpenSSH's READCONF_MAX_DEPTH
_WILDCARDS = frozenset("*?[]!")

Stamp = tuple[tuple[str, tuple[int, int, int] | None], ...]


@dataclass(frozen=True)
class ConfigLine:
    """One line, split as asyncssh splits it. ``option`` is the lower-case keyword;
    ``error`` a split error asyncssh would raise at this line; ``option`` None marks
    the end of an expanded Include (lines apply to every host again)."""

    path: Path
    number: int
    option: str | None
    args: tuple[str, ...] = ()
    error: str | None = None


class _Replayed(SSHClientConfig):
    """An asyncssh client config filled from pre-split lines instead of files."""

    def replay(self, lines: Iterable[ConfigLine]) -> None:
        self._tokens = {"%": "%"}
        self._matching = True
        for line in lines:
            self._path, self._line_no = line.path, line.number
            if line.error is not None:
                self._error(line.error)
            if line.option is None:
                self._matching = True
                continue
            if not self._matching and line.option not in self._conditionals:
                continue
            entry = self._handlers.get(line.option)
            if entry is None:
                continue  # an option asyncssh does not know: ignored, as asyncssh does
            option, handler = entry
            args = list(line.args)
            if not args:
                self._error(f"Missing {option} value")
            handler(self, option, args)
            if args:
                self._error(f'Extra data at end: {" ".join(args)}')
        self._set_tokens()
        for option in self._percent_expand:
            value = self._options.get(option)
            if isinstance(value, list):
                self._options[option] = [self._expand_val(item) for item in value]
            elif isinstance(value, str):
                self._options[option] = self._expand_val(value)
        self.loaded = True


def split_line(path: Path, number: int, text: str) -> ConfigLine | None:
    """``text`` as asyncssh's parser splits it (None for blank lines and comments):
    ``Keyword args`` or ``Keyword=args``; ``=`` inside the arguments only separates
    for ``Host``/``Match``; ProxyCommand and RemoteCommand keep their raw text."""
    text = text.strip()
    if not text or text[0] == "#":
        return None
    try:
        words = shlex.split(text)
    except ValueError as exc:
        return ConfigLine(path, number, "", error=str(exc))
    args: list[str] = []
    option = ""
    allow_equal = True
    for index, word in enumerate(words, 1):
        if word.startswith("="):
            if len(word) > 1:
                args.append(word[1:])
        elif not allow_equal:
            args.extend(words[index - 1 :])
            break
        elif word.endswith("="):
            args.append(word[:-1])
        elif "=" in word:
            args.extend(word.split("=", 1))
        else:
            args.append(word)
        if index == 1:
            option = args.pop(0).lower() if args else ""
            allow_equal = option in SSHClientConfig._conditionals
    if option in SSHClientConfig._no_split:
        args = [text.lstrip()[len(option) :].strip()]
    return ConfigLine(path, number, option, tuple(args))


def _literal_names(line: ConfigLine) -> list[str] | None:
    """The names a ``Host`` line matches if all its patterns are literal, else None."""
    names = [name for arg in line.args for name in arg.split(",")]
    if not names or any(not name or _WILDCARDS & set(name) for name in names):
        return None
    return names


def file_stamp(path: str | Path) -> tuple[int, int, int] | None:
    """What tells a changed file (or directory) from the one read: mtime, size, inode."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class _Index:
    """The lines of one version of the config files, with literal Host blocks indexed."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.watched: dict[Path, None] = {}  # files and include directories, in order
        self.lines: list[ConfigLine] = []
        for path in paths:
            self._read(path, 0)
            self.lines.append(ConfigLine(path, 0, None))
        # A block runs from a Host/Match line (or an include's end) to the next one.
        self.always: list[tuple[int, int]] = []
        self.named: dict[str, list[tuple[int, int]]] = {}
        self.whole = any(line.error is not None for line in self.lines)
        start, names = 0, None
        for index, line in enumerate([*self.lines, None]):
            if line is None or line.option in ("host", "match", None):
                block = (start, index)
                if names is None:
                    self.always.append(block)
                else:
                    for name in dict.fromkeys(names):
                        self.named.setdefault(name, []).append(block)
                if line is not None:
                    start = index
                    names = _literal_names(line) if line.option == "host" else None

    def stamp(self) -> Stamp:
        return tuple((str(path), file_stamp(path)) for path in self.watched)

    def lines_for(self, host: str) -> list[ConfigLine]:
        if self.whole:  # a line asyncssh cannot split fails every host, matching or not
            return self.lines
        blocks = sorted([*self.always, *self.named.get(host, ())])
        return [line for start, end in blocks for line in self.lines[start:end]]

    def _read(self, path: Path, depth: int) -> None:
        """Append ``path``'s lines; Includes before its first block are expanded."""
        self.watched[path] = None
        try:
            text = path.read_text()
        except FileNotFoundError:
            return  # as asyncssh: a missing top-level file is no config at all
        global_part = True
        for number, raw in enumerate(text.splitlines(), 1):
            line = split_line(path, number, raw)
            if line is None:
                continue
            if line.option in ("host", "match"):
                global_part = False
            if global_part and line.option == "include" and depth < _MAX_INCLUDE_DEPTH:
                for included in self._include_paths(line.args):
                    self._read(included, depth + 1)
                    self.lines.append(ConfigLine(line.path, line.number, None))
                continue
            self.lines.append(line)

    def _include_paths(self, patterns: Sequence[str]) -> list[Path]:
        """Files an Include names, found as asyncssh finds them."""
        found: list[Path] = []
        for pattern in patterns:
            path = Path(pattern).expanduser()
            if path.anchor:
                pattern, base = str(Path(*path.parts[1:])), Path(path.anchor)
            else:
                base = Path("~", ".ssh").expanduser()
            self.watched[base / os.path.dirname(pattern)] = None  # a file added there
            found.extend(p for p in base.glob(pattern) if p.is_file())
        return found


class ClientConfig:
    """The client config files, evaluated per host; see the module docstring.

    ``paths`` are the files to read (default ``~/.ssh/config``; a missing file is an
    empty config).
    """

    def __init__(self, paths: Sequence[Path] | None = None) -> None:
        self._paths = list(paths) if paths is not None else None
        self._index: _Index | None = None
        self._stamp: Stamp = ()
        self._hosts: dict[tuple[str, str | None, int | None], SSHClientConfig] = {}
        self._local_user = getpass.getuser()

    def for_host(self, host: str, user: str | None = None, port: int | None = None
                 ) -> SSHClientConfig:
        """The evaluated config of ``host`` (an alias as typed), with ``user``/``port``
        given by the caller (None: the config's or the default). The same object is
        returned until the files change. Raises asyncssh's ConfigParseError for a
        config it cannot read."""
        index = self._fresh_index()
        key = (host, user, port)
        config = self._hosts.get(key)
        if config is None:
            # asyncssh's hints say str/int; its "not given" is (), as in connect()
            config = _Replayed(None, False, False, False,  # type: ignore[arg-type]
                               self._local_user,
                               user if user is not None else (),  # type: ignore[arg-type]
                               host, port if port is not None else ())  # type: ignore[arg-type]
            config.replay(index.lines_for(host))
            self._hosts[key] = config
        return config

    def _fresh_index(self) -> _Index:
        index = self._index
        if index is None or index.stamp() != self._stamp:
            paths = self._paths if self._paths is not None else [
                Path("~", ".ssh", "config").expanduser()]
            index = self._index = _Index(paths)
            self._stamp = index.stamp()
            self._hosts.clear()
        return index
