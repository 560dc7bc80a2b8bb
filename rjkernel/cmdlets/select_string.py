"""Select-String: lines that match a pattern, from input strings or files
(MatchString.cs).

Each match is a ``MatchInfo`` (``Line``, ``LineNumber``, ``Path``, ``Filename``,
``Pattern``, ``Matches``, ``Context``) that prints as PowerShell's ToString: the bare line
for input strings, ``path:line:text`` for files (the path relative to the current
directory); with ``-Context`` the matched line is marked ``> `` and context lines are
indented two spaces, each context line shown once even where matches are close.
Patterns are .NET regular expressions (``-SimpleMatch``: literal text), case-insensitive
unless ``-CaseSensitive``. ``-Raw`` outputs the lines as strings, ``-Quiet`` a Boolean.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from rjkernel.cmdlets.base import Invocation, implements
from rjkernel.cmdlets.content import read_text
from rjkernel.cmdlets.objects import input_objects
from rjkernel.errors import PSError
from rjkernel.values import operators as ops
from rjkernel.values import regexes
from rjkernel.values.objects import LineSplitter

INPUT_STREAM = "InputStream"


@dataclass
class MatchContext:
    pre: list[str] = field(default_factory=list)
    post: list[str] = field(default_factory=list)
    type_names = ("Microsoft.PowerShell.Commands.MatchInfoContext",)

    def ps_properties(self) -> dict[str, Any]:
        return {"PreContext": self.pre, "PostContext": self.post,
                "DisplayPreContext": self.pre, "DisplayPostContext": self.post}


@dataclass
class MatchInfo:
    """One selected line."""

    line: str
    line_number: int
    path: str
    pattern: str
    ignore_case: bool
    matches: list[regexes.MatchValue]
    display_path: str = ""
    context: MatchContext | None = None

    type_names = ("Microsoft.PowerShell.Commands.MatchInfo", "System.Object")

    @property
    def from_file(self) -> bool:
        return self.path != INPUT_STREAM

    def ps_properties(self) -> dict[str, Any]:
        return {"IgnoreCase": self.ignore_case, "LineNumber": self.line_number,
                "Line": self.line, "Filename": os.path.basename(self.path) if self.from_file
                else INPUT_STREAM, "Path": self.path, "Pattern": self.pattern,
                "Context": self.context, "Matches": self.matches}

    def _format(self, text: str, number: int, prefix: str) -> str:
        if self.from_file:
            return f"{prefix}{self.display_path or self.path}:{number}:{text}"
        return f"{prefix}{text}"

    def __str__(self) -> str:
        if self.context is None:
            return self._format(self.line, self.line_number, "")
        number = self.line_number - len(self.context.pre)
        lines = []
        for text in self.context.pre:
            lines.append(self._format(text, number, "  "))
            number += 1
        lines.append(self._format(self.line, number, "> "))
        number += 1
        for text in self.context.post:
            lines.append(self._format(text, number, "  "))
            number += 1
        return "\n".join(lines)

    def ps_custom_text(self) -> str:
        return str(self)


def relative_path(path: str, directory: str) -> str:
    """MatchInfo.RelativePath: the path without the current directory in front."""
    if directory and path.lower().startswith(directory.lower()) and len(path) > len(directory):
        if directory.endswith("/"):
            return path[len(directory):]
        if path[len(directory)] == "/":
            return path[len(directory) + 1:]
    return path


class Selector:
    """One Select-String run's options, applied to one source's lines."""

    def __init__(self, inv: Invocation) -> None:
        self.patterns = [ops.to_string(p) for p in ops.to_list(inv.get("Pattern"))]
        self.case = inv.switch("CaseSensitive")
        self.simple = inv.switch("SimpleMatch")
        self.not_match = inv.switch("NotMatch")
        self.all_matches = inv.switch("AllMatches")
        context = [int(ops.to_number(c)) for c in ops.to_list(inv.get("Context"))]
        self.context: tuple[int, int] | None = None
        if context:
            self.context = (context[0], context[1] if len(context) > 1 else context[0])
        try:
            self.regexes = [regexes.compile_regex(re.escape(p) if self.simple else p, self.case)
                            for p in self.patterns]
        except regexes.RegexError as exc:
            raise inv.terminate(exc.message, "InvalidRegex", "InvalidArgument") from None

    def match(self, line: str) -> tuple[str, list[regexes.MatchValue]] | None:
        for pattern, regex in zip(self.patterns, self.regexes, strict=True):
            if self.all_matches:
                found = [regexes.MatchValue(m) for m in regex.finditer(line)]
            else:
                first = regex.search(line)
                found = [regexes.MatchValue(first)] if first else []
            if found:
                return (None, []) if self.not_match else (pattern, found)  # type: ignore[return-value]
        return (self.patterns[0], []) if self.not_match else None

    def select(self, lines: Sequence[str], path: str, display: str) -> list[MatchInfo]:
        hits: list[tuple[int, str, list[regexes.MatchValue]]] = []
        for index, line in enumerate(lines):
            found = self.match(line)
            if found is not None and found[0] is not None:
                hits.append((index, found[0], found[1]))
        out = []
        shown_until = -1
        hit_lines = {h[0] for h in hits}
        for position, (index, pattern, matches) in enumerate(hits):
            context = None
            if self.context is not None:
                before, after = self.context
                start = max(index - before, shown_until + 1, 0)
                pre = list(lines[start:index])
                following = hits[position + 1][0] if position + 1 < len(hits) else len(lines)
                end = min(index + 1 + after, following)
                post = [line for i, line in enumerate(lines[index + 1 : end], index + 1)
                        if i not in hit_lines]
                shown_until = index + len(post)
                context = MatchContext(pre, post)
            out.append(MatchInfo(lines[index], index + 1, path, pattern, not self.case,
                                 matches, display, context))
        return out


async def _file_lines(inv: Invocation, path: str) -> list[str]:
    splitter = LineSplitter()
    lines: list[str] = []
    async for text in read_text(inv, path):
        lines.extend(splitter.feed(text))
    lines.extend(splitter.flush())
    return lines


def _expand(inv: Invocation, path: str) -> list[str]:
    """Wildcards expand on this machine; a remote place takes paths as written."""
    if not ops.has_wildcards(path) or inv.runspace.is_remote:
        return [path]
    base = inv.runspace.place.cwd
    return sorted(glob.glob(os.path.join(base, os.path.expanduser(path))))


@implements("Select-String")
async def select_string(inv: Invocation) -> AsyncIterator[Any]:
    selector = Selector(inv)
    results: list[MatchInfo] = []
    quiet, raw, first_only = inv.switch("Quiet"), inv.switch("Raw"), inv.switch("List")
    paths = ops.to_list(inv.get("Path")) + ops.to_list(inv.get("LiteralPath"))
    cwd = inv.runspace.place.cwd
    if paths:
        for written in paths:
            literal = inv.has("LiteralPath")
            for path in [ops.to_string(written)] if literal else _expand(
                    inv, ops.to_string(written)):
                full = path if path.startswith("/") else os.path.join(cwd, path)
                try:
                    lines = await _file_lines(inv, full)
                except PSError as exc:
                    inv.write_error(exc.record)
                    continue
                found = selector.select(lines, full, relative_path(full, cwd))
                results.extend(found[:1] if first_only else found)
    else:
        lines = [ops.to_string(item) async for item in input_objects(inv)]
        found = selector.select(lines, INPUT_STREAM, "")
        results.extend(found[:1] if first_only else found)
    if quiet:
        yield bool(results)
        return
    for result in results:
        yield result.line if raw else result
