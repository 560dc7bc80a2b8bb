"""The persistent shell's wire protocol: how a chunk is sent, and how its end is found.

One POSIX shell (dash, bash, …) reads commands from its stdin, the pipe we write to.
Each chunk of user text is sent as::

    __rj_i=; for __rj_ in 1; do command eval '<text>'; done </dev/null >&8 2>&9 8>&- 9>&-
    __rj_s=$?; [ -z "${__rj_i-}" ] || __rj_s=130
    printf '\036%s[%d %s]%s' <T> "$__rj_s" "$PWD" <T> >&8; printf '\036%s[]%s' <T> <T> >&9

Rules, each found by trying dash and bash:

* The text is one single-quoted word (``'`` becomes ``'\''``), so no quote, ``$``,
  backtick or newline in it can end the word early; the shell parses it only inside
  ``eval``. A syntax error there (an unterminated quote, ``if then fi``) fails the eval
  with status 2; ``command`` stops dash from exiting on it, as a special builtin's
  error otherwise would.
* Its stdin is /dev/null, so it cannot read the commands that follow it.
* At start the shell saves its stdout/stderr as fds 8 and 9; every chunk starts with
  fresh stdout/stderr from them, and 8/9 are closed inside it (children never inherit
  them). The end markers go to 8 and 9, so a chunk's ``exec 2>&1`` or ``exec >log``
  (permanent inside ``eval``) cannot swallow or swap them, and lasts only to the end of
  that chunk.
* Interrupts: the bootstrap traps SIGINT with ``__rj_i=1; break 1000``. The signal kills
  the foreground command (it has the default SIGINT again after exec, because the
  shell traps the signal rather than ignoring it), and the trap's ``break`` leaves every
  loop up to the one-pass ``for`` around the chunk: the rest of the chunk is skipped,
  even when the signal lands between two of its commands. The chunk then reports 130.
  (A ``break`` cannot leave a shell function, so a chunk interrupted inside one of its
  own functions carries on after that function returns.) A ``continue`` at the top of a
  chunk ends it rather than repeating it, as the ``for`` has one pass.
* The end marker, ``\036<T>[<status> <cwd>]<T>`` on stdout and ``\036<T>[]<T>`` on
  stderr, can follow output that has no final newline. ``<T>`` is random per shell and
  never stored in a shell variable (``set`` would print it). Output is delivered as it
  arrives; only a tail that could be the start of a marker (it begins with the rare
  byte 0x1e) is held back until the next read decides.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from rjkernel.transport.shell_text import refuse_nul

MARK = b"\x1e"
PROTOCOL_STDOUT = 8
PROTOCOL_STDERR = 9


def new_token() -> str:
    """A fresh marker token: letters and hex only, so it needs no quoting."""
    return "rj" + secrets.token_hex(16)


def bootstrap(token: str, *, start_in_home: bool) -> tuple[bytes, bytes]:
    """The shell's first input: (raw setup lines, the wrapped hello command).

    The setup saves the protocol fds and installs the SIGINT trap (module docstring).
    The hello reports ``$$`` (the process group to signal: the shell leads its own
    session), the user name and HOME.
    """
    setup = (
        f"exec {PROTOCOL_STDOUT}>&1 {PROTOCOL_STDERR}>&2\n"
        "trap '__rj_i=1; break 1000 2>/dev/null' INT\n"
    ).encode()
    hello = ("cd || :; " if start_in_home else "") + (
        'printf \'%s\\n\' "$$" "$(id -un 2>/dev/null || printf %s "${USER:-}")" "$HOME"'
    )
    return setup, wrap(hello, token)


def wrap(text: str, token: str) -> bytes:
    """The bytes that run ``text`` as one chunk and then print both end markers."""
    refuse_nul([text])
    quoted = "'" + text.replace("'", "'\\''") + "'"
    out, err = PROTOCOL_STDOUT, PROTOCOL_STDERR
    return (
        f"__rj_i=; for __rj_ in 1; do command eval {quoted}; done "
        f"</dev/null >&{out} 2>&{err} {out}>&- {err}>&-\n"
        '__rj_s=$?; [ -z "${__rj_i-}" ] || __rj_s=130\n'
        f'printf \'\\036%s[%d %s]%s\' {token} "$__rj_s" "$PWD" {token} >&{out}; '
        f"printf '\\036%s[]%s' {token} {token} >&{err}\n"
    ).encode()


@dataclass(frozen=True)
class Marker:
    """An end marker: ``payload`` is ``b"<status> <cwd>"`` on stdout, empty on stderr."""

    payload: bytes


def parse_status(payload: bytes) -> tuple[int, str]:
    """(exit status, cwd) from a stdout marker's payload."""
    status, _, cwd = payload.partition(b" ")
    return int(status), cwd.decode("utf-8", "surrogateescape")


class MarkerScanner:
    """Splits one output stream into output bytes and end markers, incrementally."""

    def __init__(self, token: str) -> None:
        self._open = MARK + token.encode() + b"["
        self._close = b"]" + token.encode()
        self._buffer = b""

    def feed(self, data: bytes) -> list[bytes | Marker]:
        """The output and markers that ``data`` completes, in stream order."""
        buffer = self._buffer + data
        events: list[bytes | Marker] = []
        while True:
            start = buffer.find(self._open)
            if start < 0:
                keep = self._partial_open(buffer)
                cut = len(buffer) - keep
                if cut:
                    events.append(buffer[:cut])
                self._buffer = buffer[cut:]
                return events
            end = buffer.find(self._close, start + len(self._open))
            if start:
                events.append(buffer[:start])
            if end < 0:
                self._buffer = buffer[start:]
                return events
            events.append(Marker(buffer[start + len(self._open) : end]))
            buffer = buffer[end + len(self._close) :]

    def _partial_open(self, buffer: bytes) -> int:
        """Length of the tail of ``buffer`` that may be the start of a marker.

        The opening sequence holds MARK only as its first byte, so such a tail starts at
        the last MARK within reach of the end.
        """
        at = buffer.rfind(MARK, max(0, len(buffer) - len(self._open) + 1))
        if at >= 0 and self._open.startswith(buffer[at:]):
            return len(buffer) - at
        return 0
