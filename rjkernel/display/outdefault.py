"""Out-Default for a notebook: where a statement's output objects become what a cell shows.

Each top-level statement is formatted on its own, as at PowerShell's interactive prompt
(one ``Out-Default`` per line typed), so a cell holding ``$job`` then ``Get-PSSession``
shows a job table and a session table, not one merged document.

Text that streams (shell output, ``Receive-Job -Wait``) is written the moment it
arrives; tables are published once nothing more can join them. Text from several hosts
is labelled line by line with ``[host] `` so interleaved output stays readable (a
deliberate rjkernel addition: PowerShell prints remote strings bare).

:func:`format_for_file` is the same formatting for ``>`` and ``Out-File``: streamed text
is written as is (a 1 GiB receive stays flat in memory; bytes that were not UTF-8 as they
were), objects as their text table; :func:`format_as_text` is that text for Out-String.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from rjkernel.display.cells import truncate_at_newline
from rjkernel.display.documents import Display, TableDisplay, TextDisplay
from rjkernel.display.errors import render_error
from rjkernel.display.formatter import Formatter
from rjkernel.display.table import DEFAULT_WIDTH
from rjkernel.display.views import JOB_VIEW
from rjkernel.errors import ErrorRecord
from rjkernel.runspace.host import Host
from rjkernel.values.members import properties_of
from rjkernel.values.objects import TextChunk, TextLines

FAILURES_SHOWN = 10  # reasons listed under a job table's text face


class HostLabeller:
    """Prefix each complete line of host-tagged text with ``[host] ``."""

    def __init__(self) -> None:
        self._lines = TextLines()  # lines come out as RemoteText, knowing their host

    def feed(self, chunk: TextChunk) -> str:
        if chunk.computer is None or not chunk.label:
            return chunk.text
        return self._labelled(self._lines.feed(chunk))

    def flush(self) -> str:
        return self._labelled(self._lines.flush())

    @staticmethod
    def _labelled(lines: list[str]) -> str:
        return "".join(f"[{getattr(line, 'computer', '')}] {line}\n" for line in lines)


class OutDefault:
    """A sink that shows output objects on a :class:`Host`."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self._formatter = Formatter()
        self._published = 0
        self._labels = HostLabeller()

    async def emit(self, obj: Any) -> None:
        if isinstance(obj, TextChunk):
            self._publish(final=True)
            self.host.write_text(self._labels.feed(obj))
        elif isinstance(obj, ErrorRecord):
            self._publish(final=True)
            self.host.write_error(obj)
        else:
            self._formatter.add(obj)
            self._publish(final=False)

    async def boundary(self) -> None:
        """A statement ended: show everything, start afresh for the next one."""
        self._publish(final=True)
        self.host.write_text(self._labels.flush())
        self._formatter = Formatter()
        self._published = 0

    async def close(self) -> None:
        await self.boundary()

    def _publish(self, *, final: bool) -> None:
        displays = self._formatter.displays
        ready = len(displays) if final else len(displays) - 1
        while self._published < ready:
            self._show(displays[self._published])
            self._published += 1
        if final:
            self._formatter = Formatter()
            self._published = 0

    def _show(self, display: Display) -> None:
        if isinstance(display, TextDisplay):
            self.host.write_text(display.text())
        else:
            self.host.write_display(display)


def notebook_text(display: Display) -> str:
    """The text/plain face in a notebook: PowerShell's 120 columns, or a fixed-width
    table's natural width when that is wider; a job table is followed by why its Failed
    jobs failed (:func:`failure_lines`)."""
    width = max(DEFAULT_WIDTH, getattr(display, "natural_width", 0))
    return display.text(width) + failure_lines(display)


def failure_lines(display: Display, limit: int = FAILURES_SHOWN) -> str:
    """``Job5 (nohost) failed: <first line of its reason>`` for the Failed rows of a job
    table, at most ``limit`` of them — the reason PowerShell's table has no column for
    and a reader of a saved notebook could not ask for. Out-String and files keep
    PowerShell's table alone."""
    if not isinstance(display, TableDisplay) or display.view is not JOB_VIEW:
        return ""
    failed = [(props.get("Name"), props.get("Location"), message)
              for props in map(properties_of, display.rows)
              if (message := props.get("StatusMessage"))]
    if not failed:
        return ""
    lines = [f"{name} ({location}) failed: {truncate_at_newline(str(message))}"
             for name, location, message in failed[:limit]]
    if len(failed) > limit:
        lines.append(f"… and {len(failed) - limit} more: "
                     "Get-Job -State Failed | Format-List Name, Location, StatusMessage")
    return "\n".join(lines) + "\n\n"


async def format_for_file(items: AsyncIterator[Any]) -> AsyncIterator[bytes]:
    """Output objects as the bytes ``Out-File`` writes (PowerShell: what would display,
    in UTF-8); streamed text that came as bytes that are not UTF-8 is those bytes."""
    async for piece in _file_pieces(items):
        if isinstance(piece, str):
            yield piece.encode("utf-8")
        else:
            yield piece.data if piece.data is not None else piece.text.encode("utf-8")


async def format_as_text(items: AsyncIterator[Any]) -> AsyncIterator[str]:
    """The text :func:`format_for_file` writes, as text (U+FFFD for bytes not UTF-8)."""
    async for piece in _file_pieces(items):
        yield piece if isinstance(piece, str) else piece.text


async def _file_pieces(items: AsyncIterator[Any]) -> AsyncIterator[str | TextChunk]:
    """Formatted text, and streamed text chunks as they came."""
    formatter = Formatter()

    def pending() -> str:
        nonlocal formatter
        text = "".join(d.text() for d in formatter.displays)
        formatter = Formatter()
        return text

    async for obj in items:
        if isinstance(obj, TextChunk):
            before = pending()
            if before:
                yield before
            if obj.text:
                yield obj
            continue
        if isinstance(obj, ErrorRecord):
            text = pending() + render_error(obj) + "\n"
        else:
            formatter.add(obj)
            continue
        if text:
            yield text
    rest = pending()
    if rest:
        yield rest
