"""ConvertTo-Csv, ConvertFrom-Csv, Export-Csv and Import-Csv (CsvCommands.cs, Csv.cs).

PowerShell 7's rules: no ``#TYPE`` line unless ``-IncludeTypeInformation``; the
columns are the first object's properties (a hashtable's keys); every field is quoted
(``-UseQuotes AsNeeded``: only fields holding the delimiter, a quote or a newline;
``Never``; ``-QuoteFields`` names the quoted columns), a quote doubled inside; a
``$null`` value is an empty, unquoted field; other values are their text in the current
culture. Reading turns each row into a custom object with string properties; a row
shorter than the header leaves ``$null`` properties. Files are read and written where
the statement runs (the runspace's place: this machine, or the host of an entered
session or ``Invoke-Command -Session`` block).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

from rjkernel.cmdlets.base import Invocation, implements
from rjkernel.cmdlets.content import read_text
from rjkernel.cmdlets.objects import input_objects
from rjkernel.errors import PSError
from rjkernel.values import members
from rjkernel.values import operators as ops
from rjkernel.values.members import properties_of
from rjkernel.values.objects import Hashtable, PSObject


def _field_text(value: Any) -> str | None:
    if value is None:
        return None
    return ops.to_string(members.call(value, "ToString", [])) if not isinstance(
        value, str) else value


class CsvWriter:
    """Turns objects into CSV lines with one cmdlet's quoting options."""

    def __init__(self, inv: Invocation) -> None:
        self.delimiter = ops.to_string(inv.get("Delimiter", ",")) or ","
        self.quotes = ops.to_string(inv.get("UseQuotes", "Always")).lower()
        fields = inv.get("QuoteFields")
        self.quote_fields = None if fields is None else {
            ops.to_string(f).lower() for f in ops.to_list(fields)}
        self.type_information = inv.switch("IncludeTypeInformation")
        self.header = not inv.switch("NoHeader")
        self.names: list[str] | None = None

    def _quoted(self, text: str, name: str) -> str:
        if self.quote_fields is not None:
            quote = name.lower() in self.quote_fields
        elif self.quotes == "never":
            quote = False
        elif self.quotes == "asneeded":
            quote = any(c in text for c in (self.delimiter, "\n", '"'))
        else:
            quote = True
        return '"' + text.replace('"', '""') + '"' if quote else text

    def lines(self, obj: Any) -> list[str]:
        """The lines for ``obj``: with the header first, for the first object."""
        out: list[str] = []
        if self.names is None:
            self.names = [ops.to_string(k) for k in obj] if isinstance(obj, Hashtable) else \
                list(properties_of(obj))
            if self.type_information:
                type_names = getattr(obj, "type_names", None)
                out.append("#TYPE " + (type_names[0] if type_names else "System.Object"))
            if self.header:
                out.append(self.delimiter.join(
                    self._quoted(name, name) if self.quotes != "asneeded" or any(
                        c in name for c in (self.delimiter, "\n", '"')) else name
                    for name in self.names))
        props = obj if isinstance(obj, Hashtable) else properties_of(obj)
        fields = []
        for name in self.names:
            text = _field_text(props.get(name))
            fields.append("" if text is None else self._quoted(text, name))
        out.append(self.delimiter.join(fields))
        return out


def parse_csv(lines: Iterable[str], delimiter: str = ",") -> list[list[str]]:
    """CSV records from text lines: quoted fields may hold delimiters, doubled quotes
    and newlines."""
    records: list[list[str]] = []
    fields: list[str] = []
    current: list[str] = []
    quoted = False
    pending = False
    for line in lines:
        i = 0
        if pending:
            current.append("\n")
        elif not line and not quoted:
            continue
        while i < len(line):
            c = line[i]
            if quoted:
                if c == '"':
                    if line[i + 1 : i + 2] == '"':
                        current.append('"')
                        i += 1
                    else:
                        quoted = False
                else:
                    current.append(c)
            elif c == '"':
                quoted = True
            elif c == delimiter:
                fields.append("".join(current))
                current = []
            else:
                current.append(c)
            i += 1
        if quoted:
            pending = True
            continue
        pending = False
        fields.append("".join(current))
        records.append(fields)
        fields, current = [], []
    if pending:
        fields.append("".join(current))
        records.append(fields)
    return records


def objects_from_records(inv: Invocation, records: list[list[str]],
                         header: list[str] | None) -> list[PSObject]:
    type_name = None
    if records and records[0] and records[0][0].startswith("#TYPE "):
        type_name = "CSV:" + records[0][0][6:].strip()
        records = records[1:]
    if header is None:
        if not records:
            return []
        header, records = records[0], records[1:]
    names = [h if h else f"H{i + 1}" for i, h in enumerate(header)]
    lowered = [n.lower() for n in names]
    duplicate = next((n for i, n in enumerate(names) if n.lower() in lowered[:i]), None)
    if duplicate is not None:
        raise inv.terminate(
            f"The member \"{duplicate}\" is already present.", "AlreadyPresentPSMemberInfoInt"
            "ernalCollectionAdd", "NotSpecified")
    out = []
    for record in records:
        pairs = [(name, record[i] if i < len(record) else None)
                 for i, name in enumerate(names)]
        if len(record) > len(names):
            pairs.append((f"H{len(names) + 1}", record[len(names)]))
        type_names = (type_name, "System.Management.Automation.PSCustomObject") if type_name \
            else ()
        out.append(PSObject(pairs, type_names))
    return out


def _header(inv: Invocation) -> list[str] | None:
    header = inv.get("Header")
    return None if header is None else [ops.to_string(h) for h in ops.to_list(header)]


def _delimiter(inv: Invocation) -> str:
    return ops.to_string(inv.get("Delimiter", ",")) or ","


@implements("ConvertTo-Csv")
async def convert_to_csv(inv: Invocation) -> AsyncIterator[Any]:
    writer = CsvWriter(inv)
    async for item in input_objects(inv):
        for line in writer.lines(item):
            yield line


@implements("ConvertFrom-Csv")
async def convert_from_csv(inv: Invocation) -> AsyncIterator[Any]:
    lines: list[str] = []
    async for item in input_objects(inv):
        lines.extend(ops.to_string(item).split("\n"))
    for obj in objects_from_records(inv, parse_csv(lines, _delimiter(inv)), _header(inv)):
        yield obj


async def _file_lines(inv: Invocation, path: str) -> list[str]:
    text = "".join([t async for t in read_text(inv, path)])
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


@implements("Import-Csv", per_record=True)
async def import_csv(inv: Invocation) -> AsyncIterator[Any]:
    paths = ops.to_list(inv.get("Path")) + ops.to_list(inv.get("LiteralPath"))
    for path in paths:
        try:
            lines = await _file_lines(inv, ops.to_string(path))
        except PSError as exc:
            inv.write_error(exc.record)
            continue
        for obj in objects_from_records(inv, parse_csv(lines, _delimiter(inv)), _header(inv)):
            yield obj


@implements("Export-Csv")
async def export_csv(inv: Invocation) -> AsyncIterator[Any]:
    path = ops.to_string(inv.get("Path") or inv.get("LiteralPath"))
    append = inv.switch("Append")
    existing: list[str] = []
    if append or inv.switch("NoClobber"):
        try:
            existing = await _file_lines(inv, path)
        except PSError:
            existing = []
        else:
            if inv.switch("NoClobber") and not append:
                raise inv.terminate(f"The file '{path}' already exists.", "NoClobber",
                                    "ResourceExists")
    writer = CsvWriter(inv)
    if append and existing:
        header = parse_csv(existing[:1], writer.delimiter)
        if header:
            writer.names = header[0]
    items = [item async for item in input_objects(inv)]

    async def chunks() -> AsyncIterator[bytes]:
        for item in items:
            yield "".join(line + "\n" for line in writer.lines(item)).encode("utf-8")

    try:
        await inv.runspace.place.write_file(path, chunks(), append)
    except PSError as exc:
        raise PSError(exc.record.with_command(inv.spec.name)) from None
    if inv.switch("PassThru"):
        for item in items:
            yield item
    return
