"""Get-Content, Out-File, Out-Host, Out-String, Format-Table, Format-List, Tee-Object.

Files are read and written where the statement runs — the runspace's place — so in an
entered session or an ``Invoke-Command -Session`` block they are the remote host's
files (about_Remote_Jobs, method 1 step 4 and method 3 step 3). Text streams through as
chunks: a large file or job output never has to fit in memory.
"""

from __future__ import annotations

import codecs
from collections.abc import AsyncIterator
from typing import Any

from rjkernel.cmdlets.base import Invocation, implements
from rjkernel.cmdlets.calculated import format_selection
from rjkernel.cmdlets.items import pipeline_values
from rjkernel.cmdlets.objects import input_objects
from rjkernel.display.formatter import format_list, format_table, format_wide
from rjkernel.display.outdefault import OutDefault, format_as_text
from rjkernel.errors import PSError
from rjkernel.runspace.files import provider_path
from rjkernel.runspace.output_files import write_output_file
from rjkernel.values import operators as ops
from rjkernel.values.objects import LineSplitter, TextChunk


async def read_text(inv: Invocation, path: str) -> AsyncIterator[str]:
    """A file's text where the statement runs, decoded as UTF-8 as it streams."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    try:
        async for data in inv.runspace.place.read_file(path):
            text = decoder.decode(data)
            if text:
                yield text
    except PSError as exc:
        raise PSError(exc.record.with_command(inv.spec.name)) from None
    tail = decoder.decode(b"", final=True)
    if tail:
        yield tail


@implements("Get-Content", per_record=True)
async def get_content(inv: Invocation) -> AsyncIterator[Any]:
    literal = inv.has("LiteralPath")
    # every piped path (an item's PSPath too), not only the one binding looked at
    paths = [provider_path(ops.to_string(p)) for p in
             await pipeline_values(inv, "LiteralPath" if literal else "Path")]
    head = inv.get("TotalCount")
    tail = inv.get("Tail")
    raw = inv.switch("Raw")
    for path in paths:
        try:
            stream = read_text(inv, ops.to_string(path))
            if raw:
                yield "".join([t async for t in stream])
            elif head is None and tail is None:
                text = ""
                async for text in stream:
                    yield TextChunk(text)
                if text and not text.endswith("\n"):  # its last line ends, as a string does
                    yield TextChunk("\n")
            else:
                async for line in _limited_lines(stream, head, tail):
                    yield line
        except PSError as exc:
            inv.write_error(exc.record)


async def _limited_lines(stream: AsyncIterator[str], head: Any, tail: Any) -> AsyncIterator[str]:
    splitter = LineSplitter()
    kept: list[str] = []
    count = 0
    limit = None if head is None or int(head) < 0 else int(head)
    async for text in stream:
        for line in splitter.feed(text):
            if limit is not None and count >= limit:
                return
            count += 1
            if tail is None:
                yield line
            else:
                kept = ([*kept, line])[-int(tail):] if int(tail) > 0 else []
    for line in splitter.flush():
        if limit is not None and count >= limit:
            return
        if tail is None:
            yield line
        else:
            kept = ([*kept, line])[-int(tail):] if int(tail) > 0 else []
    for line in kept:
        yield line


@implements("Out-File")
async def out_file(inv: Invocation) -> AsyncIterator[Any]:
    path = ops.to_string(inv.get("FilePath") or inv.get("LiteralPath"))
    if inv.switch("NoClobber") and not inv.switch("Append"):
        try:
            async for _ in inv.runspace.place.read_file(path):
                break
        except PSError:
            pass
        else:
            raise inv.terminate(
                f"The file '{path}' already exists.", "NoClobber", "ResourceExists"
            )
    items = input_objects(inv) if inv.input is None else _ended_lines(inv.input)
    await write_output_file(inv.runspace, path, items, append=inv.switch("Append"))
    return
    yield  # pragma: no cover


async def _ended_lines(items: AsyncIterator[Any]) -> AsyncIterator[Any]:
    """Pipeline input for a file as it came — text chunks whole, so bytes that were not
    UTF-8 are written back as they were — with the newline that ends each string object
    after text whose last line had none."""
    open_line = False
    async for item in items:
        if open_line and not isinstance(item, TextChunk):
            yield TextChunk("\n")
        yield item
        if isinstance(item, TextChunk) and item.text:
            open_line = not item.text.endswith("\n")
    if open_line:
        yield TextChunk("\n")


@implements("Out-Host")
async def out_host(inv: Invocation) -> AsyncIterator[Any]:
    """Show the input now, as Out-Default would at the pipeline's end."""
    sink = OutDefault(inv.host)
    if inv.input is not None:
        async for item in inv.input:
            await sink.emit(item)
    else:
        for item in ops.to_list(inv.get("InputObject")):
            await sink.emit(item)
    await sink.close()
    return
    yield  # pragma: no cover


@implements("Out-String")
async def out_string(inv: Invocation) -> AsyncIterator[Any]:
    text = "".join([t async for t in format_as_text(input_objects(inv))])
    if inv.switch("Stream"):
        for line in text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"):
            yield line
    else:
        yield text


@implements("Format-Table")
async def format_table_cmdlet(inv: Invocation) -> AsyncIterator[Any]:
    items = [i async for i in input_objects(inv)]
    group_by = inv.get("GroupBy")
    for display in format_table(
        items, await format_selection(inv, items), autosize=inv.switch("AutoSize"),
        hide_headers=inv.switch("HideTableHeaders"), wrap=inv.switch("Wrap"),
        group_by=None if group_by is None else ops.to_string(group_by),
    ):
        yield display


@implements("Format-List")
async def format_list_cmdlet(inv: Invocation) -> AsyncIterator[Any]:
    items = [i async for i in input_objects(inv)]
    for display in format_list(items, await format_selection(inv, items)):
        yield display



@implements("Format-Wide")
async def format_wide_cmdlet(inv: Invocation) -> AsyncIterator[Any]:
    items = [i async for i in input_objects(inv)]
    column = inv.get("Column")
    selection = await format_selection(inv, items)
    for display in format_wide(items, selection, autosize=inv.switch("AutoSize"),
                               columns=None if column is None else int(column)):
        yield display


@implements("Tee-Object")
async def tee_object(inv: Invocation) -> AsyncIterator[Any]:
    """Pass input on and keep it: in a file (as Out-File writes it, where the statement
    runs, after the last object) or in a variable (one object, or an array)."""
    kept: list[Any] = []
    async for item in input_objects(inv):
        kept.append(item)
        yield item
    variable = inv.get("Variable")
    if variable is not None:
        inv.variables.set(ops.to_string(variable).lstrip("$"),
                                   None if not kept else kept[0] if len(kept) == 1 else kept)
        return

    async def items() -> AsyncIterator[Any]:
        for item in kept:
            yield item

    path = ops.to_string(inv.get("FilePath") or inv.get("LiteralPath"))
    await write_output_file(inv.runspace, path, items(), append=inv.switch("Append"))
