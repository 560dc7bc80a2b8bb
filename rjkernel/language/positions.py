"""Character offsets to the line/column positions every syntax-tree node carries.

A cell is parsed in place, script-block bodies included, so an offset is always an
offset into the whole cell and the line/column it maps to is the one the user sees.
Line starts are computed once per cell; a lookup is a binary search.
"""

from __future__ import annotations

from bisect import bisect_right

from .ast import Pos


class SourceMap:
    """Maps offsets of one cell's text to :class:`Pos` (1-based line and column).

    Positions are memoised: a node and its first child usually start at the same offset.
    """

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        index = find("\n")
        while index >= 0:
            starts.append(index + 1)
            index = find("\n", index + 1)
        self._line_starts = starts
        self._memo: dict[int, Pos] = {}

    def pos(self, offset: int) -> Pos:
        position = self._memo.get(offset)
        if position is None:
            line = bisect_right(self._line_starts, offset) - 1
            position = Pos(offset, line + 1, offset - self._line_starts[line] + 1)
            self._memo[offset] = position
        return position
