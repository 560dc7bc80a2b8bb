"""Runtime values that only exist in the cell language.

Plain Python types carry most PowerShell values: ``str``, ``int``, ``float``, ``bool``,
``None`` (``$null``) and ``list`` (arrays). This module adds the few that need their own
shape: script blocks (kept as source text with their position in the cell, so a block
parsed later still reports errors at cell coordinates), hashtables (case-insensitive
keys, insertion order kept as PowerShell's ``[ordered]`` would, which is what users
expect to see printed), and custom objects (``Select-Object`` output).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar


@dataclass(frozen=True)
class ScriptBlockValue:
    """A ``{ … }`` as a value: its verbatim text and where that text sits in its cell.

    ``source`` is the whole cell the block was written in and ``start`` the offset of
    ``text`` inside it, so ``parse(source, start=start, end=start+len(text))`` parses the
    body with correct positions, whichever later cell evaluates it.
    """

    text: str
    source: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def __str__(self) -> str:
        return self.text


class Hashtable(MutableMapping[Any, Any]):
    """``@{ … }``: keys compare case-insensitively; iteration keeps insertion order.

    PowerShell's own Hashtable enumerates in hash order, which .NET randomises per
    process for string keys; insertion order is the one order a reader can predict.
    """

    type_names = ("System.Collections.Hashtable", "System.Object")

    def __init__(self, items: Iterable[tuple[Any, Any]] = ()) -> None:
        self._data: dict[Any, tuple[Any, Any]] = {}
        for key, value in items:
            self[key] = value

    def _fold(self, key: Any) -> Any:
        """The key as the table compares it (a generic Dictionary compares otherwise)."""
        return key.lower() if isinstance(key, str) else key

    def __setitem__(self, key: Any, value: Any) -> None:
        self._data[self._fold(key)] = (key, value)

    def __getitem__(self, key: Any) -> Any:
        return self._data[self._fold(key)][1]

    def __delitem__(self, key: Any) -> None:
        del self._data[self._fold(key)]

    def __contains__(self, key: object) -> bool:
        return self._fold(key) in self._data

    def __iter__(self) -> Iterator[Any]:
        return (k for k, _ in self._data.values())

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return "@{" + "; ".join(f"{k}={v!r}" for k, v in self.items()) + "}"

    def entries(self) -> list[Any]:
        """The pairs enumeration yields (``GetEnumerator()``, the formatter): a
        Hashtable's are DictionaryEntry objects (Name, Key, Value)."""
        return [DictionaryEntry(k, v) for k, v in self.items()]


def duplicate_key_message(table: Hashtable, key: Any) -> str:
    """.NET's text for adding a key a hashtable already has."""
    existing = next(k for k in table if table._fold(k) == table._fold(key))
    return (f"Item has already been added. Key in dictionary: '{existing}'  "
            f"Key being added: '{key}'")


class OrderedHashtable(Hashtable):
    """``[ordered]@{ … }``: a System.Collections.Specialized.OrderedDictionary.

    Keys keep their order (as every Hashtable here does) and an integer index reads by
    position (``$o[0]``), which is what tells the two types apart in PowerShell.
    """

    type_names = ("System.Collections.Specialized.OrderedDictionary", "System.Object")


class DictionaryEntry:
    """One key/value pair of a hashtable, as enumeration (``GetEnumerator()``, the
    formatter) yields it."""

    type_names = ("System.Collections.DictionaryEntry", "System.ValueType", "System.Object")

    def __init__(self, key: Any, value: Any) -> None:
        self.key = key
        self.value = value

    def ps_properties(self) -> dict[str, Any]:
        return {"Name": self.key, "Key": self.key, "Value": self.value}

    def __repr__(self) -> str:
        return f"[{self.key!r}, {self.value!r}]"


class ArrayList(list[Any]):
    """System.Collections.ArrayList: an array that grows in place (``$Error``, with
    ``.Clear()``, ``.Add()``, ``.Remove()``); otherwise a PowerShell array."""

    type_names = ("System.Collections.ArrayList", "System.Object")


class Enumerator:
    """``$foreach`` and ``$switch`` (about_Automatic_Variables): the running loop's own
    enumerator over its values. ``MoveNext()`` in the body takes the next value, which
    the loop then skips; ``Current`` is the value it stands on."""

    type_names = ("System.Collections.IEnumerator", "System.Object")

    def __init__(self, items: list[Any]) -> None:
        self.items = items
        self.index = -1

    @property
    def current(self) -> Any:
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    def move_next(self) -> bool:
        if self.index < len(self.items):
            self.index += 1
        return self.index < len(self.items)

    def reset(self) -> None:
        self.index = -1

    def ps_properties(self) -> dict[str, Any]:
        return {"Current": self.current}

    def ps_methods(self) -> dict[str, Any]:
        return {"MoveNext": Enumerator.move_next, "Reset": Enumerator.reset}


class Char(str):
    """A System.Char: one character (``'abc'[0]``, ``[char]65``), text everywhere a
    string is, a number for ``[int]``."""

    type_names = ("System.Char", "System.ValueType", "System.Object")


class PSObject:
    """A custom object with ordered, case-insensitively named properties.

    ``type_names`` mimics PowerShell's ``PSTypeNames`` (the first one picks the view);
    ``Select-Object`` produces ``Selected.<original type>`` objects.
    """

    def __init__(self, properties: Iterable[tuple[str, Any]], type_names: tuple[str, ...] = ()):
        self.properties = Hashtable(properties)
        self.type_names = type_names or ("System.Management.Automation.PSCustomObject",)

    def __repr__(self) -> str:
        return "@{" + "; ".join(f"{k}={v}" for k, v in self.properties.items()) + "}"


class _Missing:
    """The absence of a property (distinct from a property whose value is ``$null``)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class TextChunk:
    """Output text as it arrived from a shell or a job's spool, not yet cut into lines.

    Streaming text as chunks (rather than one string per line) is what keeps a 1 GiB
    ``Receive-Job … > file`` flat in memory and fast: files and the notebook get the
    text as is; only a consumer that needs objects (an assignment, ``Where-Object``)
    splits it into lines, see :class:`TextLines`. ``computer`` names the host it came
    from (remote output; its lines carry ``PSComputerName``); ``label`` asks the notebook
    to prefix each line with ``[computer]``, which it does when several hosts answer one
    command. ``data``: the bytes ``text`` was decoded from when they were not UTF-8
    (``text`` shows U+FFFD there), so a file gets them back as they were (decoding.py).
    """

    text: str
    computer: str | None = None
    label: bool = False
    data: bytes | None = None
    origin: LineOrigin | None = None


@dataclass(frozen=True)
class LineOrigin:
    """Where a job's output was written: the host, the stream, when the job's spool got
    it, the job that wrote it (a child: the host's job) and the job the user started
    (its top-level parent, what Get-Job lists). ``Receive-Job`` attaches it to each line
    it returns — output lines and stderr's error records alike — so each answers
    ``.PSComputerName``, ``.Stream``, ``.Timestamp``, ``.JobId`` and ``.ParentJobId``
    without any parsing (``Group-Object PSComputerName``, ``Export-Csv``)."""

    computer: str
    stream: str
    time: datetime
    job_id: int
    parent_id: int

    def notes(self, text: str) -> dict[str, Any]:
        """The note properties a line written here carries, in PowerShell's order for
        them (before the object's own properties, as remoting's ``PSComputerName`` is);
        ``Line`` is the text, so ``Export-Csv`` keeps it (a bare string exports only
        its ``Length``)."""
        return {"PSComputerName": self.computer, "Stream": self.stream, "Line": str(text),
                "Timestamp": self.time, "JobId": self.job_id, "ParentJobId": self.parent_id}


_Line = TypeVar("_Line", bound="RemoteText")


class RemoteText(str):
    """A line of remote output: a string that also has ``PSComputerName``.

    PowerShell decorates every remote output object with the computer it came from,
    strings included, while printing them bare; ``… | Select-Object PSComputerName``
    then tells where each line came from.
    """

    computer: str

    def __new__(cls: type[_Line], text: str, computer: str) -> _Line:
        line = str.__new__(cls, text)
        line.computer = computer
        return line

    def ps_properties(self) -> dict[str, Any]:
        return {"Length": len(self), "PSComputerName": self.computer}


class OutputLine(RemoteText):
    """A line of a job's output as ``Receive-Job`` returns it: a string (it prints bare,
    compares and matches as text) that also carries its :class:`LineOrigin`."""

    origin: LineOrigin

    def __new__(cls, text: str, origin: LineOrigin) -> OutputLine:
        line = super().__new__(cls, text, origin.computer)
        line.origin = origin
        return line

    def ps_properties(self) -> dict[str, Any]:
        return {**self.origin.notes(self), "Length": len(self)}


class LineSplitter:
    """Cut a stream of TextChunks into lines, carrying partial lines across chunks."""

    def __init__(self) -> None:
        self._partial = ""

    def feed(self, text: str) -> list[str]:
        data = self._partial + text
        lines = data.split("\n")
        self._partial = lines.pop()
        return [line[:-1] if line.endswith("\r") else line for line in lines]

    def flush(self) -> list[str]:
        rest, self._partial = self._partial, ""
        return [rest] if rest else []


class TextLines:
    """Text chunks as PowerShell strings, one per line, per source.

    Chunks of several hosts interleave in a fan-out, so each host's (and each job's)
    partial line is carried on its own; remote lines become :class:`RemoteText`, job
    output lines :class:`OutputLine` with the origin of the chunk that ended them.
    """

    def __init__(self) -> None:
        self._splitters: dict[tuple[str | None, int | None], LineSplitter] = {}
        self._origins: dict[tuple[str | None, int | None], LineOrigin | None] = {}

    def feed(self, chunk: TextChunk) -> list[str]:
        origin = chunk.origin
        key = (chunk.computer, None if origin is None else origin.job_id)
        splitter = self._splitters.setdefault(key, LineSplitter())
        self._origins[key] = origin
        return self._tag(splitter.feed(chunk.text), chunk.computer, origin)

    def flush(self) -> list[str]:
        lines: list[str] = []
        for key, splitter in self._splitters.items():
            lines.extend(self._tag(splitter.flush(), key[0], self._origins[key]))
        self._splitters.clear()
        self._origins.clear()
        return lines

    @staticmethod
    def _tag(lines: list[str], computer: str | None, origin: LineOrigin | None) -> list[str]:
        if origin is not None:
            return [OutputLine(line, origin) for line in lines]
        return lines if computer is None else [RemoteText(line, computer) for line in lines]
