"""Where a statement's output objects go: the notebook, a variable, or a file."""

from __future__ import annotations

from typing import Any, Protocol

from rjkernel.values.objects import TextChunk, TextLines

STATEMENT_END: Any = object()  # in a statement stream: the statement before it has ended


class Sink(Protocol):
    async def emit(self, obj: Any) -> None: ...

    async def boundary(self) -> None:
        """A top-level statement ended (the notebook formats each one on its own)."""

    async def close(self) -> None: ...


class ListSink:
    """Captures output as PowerShell values: text chunks become lines (strings)."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._lines = TextLines()

    async def emit(self, obj: Any) -> None:
        self.add(obj)

    def add(self, obj: Any) -> None:
        """:meth:`emit`, for a caller that is not a coroutine."""
        if isinstance(obj, TextChunk):
            self.items.extend(self._lines.feed(obj))
        else:
            self.items.extend(self._lines.flush())
            self.items.append(obj)

    async def boundary(self) -> None:
        return None

    async def close(self) -> None:
        self.finish()

    def finish(self) -> None:
        """:meth:`close`, for a caller that is not a coroutine."""
        self.items.extend(self._lines.flush())

    def value(self) -> Any:
        """``$x = …``: nothing → ``$null``, one object → it, several → an array."""
        if not self.items:
            return None
        return self.items[0] if len(self.items) == 1 else list(self.items)
