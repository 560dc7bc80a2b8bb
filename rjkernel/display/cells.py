"""Screen-cell arithmetic and line breaking, as PowerShell's formatter does it.

PowerShell measures text in *buffer cells*, not characters: East Asian wide and
full-width characters take two cells (``DisplayCells.LengthInBufferCells``); .NET strings
are UTF-16, so a character outside the Basic Multilingual Plane (an emoji) is two
one-cell surrogates — two cells here too. Every width, pad and truncation in the table
and list writers goes through :func:`cell_width`, so they agree on what fits.

Line breaking mirrors ``StringManipulationHelper`` for an English culture, the word-wrap
variant: a value is split at CR/LF first, then each line too wide is broken after spaces
and tabs (which stay at the end of the line they close), a word longer than a whole
line is cut character by character, a soft hyphen (U+00AD) breaks and shows ``-`` only
where it ends a full line, and a no-break space (U+00A0) or non-breaking hyphen (U+2011)
ends a word without being kept (PowerShell drops them; so do we). Escape sequences are
not special-cased: rjkernel does not put ANSI styles into table cells.
"""

from __future__ import annotations

ELLIPSIS = "\u2026"
SOFT_HYPHEN = "\u00ad"
_DROPPED_BREAKS = ("\u2011", "\u00a0")


def _char_cells(ch: str) -> int:
    code = ord(ch)
    if code > 0xFFFF:
        return 2
    wide = code >= 0x1100 and (
        code <= 0x115F
        or code in (0x2329, 0x232A)
        or (0x2E80 <= code <= 0xA4CF and code != 0x303F)
        or 0xAC00 <= code <= 0xD7A3
        or 0xF900 <= code <= 0xFAFF
        or 0xFE10 <= code <= 0xFE19
        or 0xFE30 <= code <= 0xFE6F
        or 0xFF00 <= code <= 0xFF60
        or 0xFFE0 <= code <= 0xFFE6
    )
    return 2 if wide else 1


def cell_width(text: str) -> int:
    """How many screen cells ``text`` takes."""
    if text.isascii():
        return len(text)
    return sum(_char_cells(ch) for ch in text)


def head_fitting(text: str, cells: int) -> int:
    """How many leading characters of ``text`` fit in ``cells`` cells."""
    used = 0
    for index, ch in enumerate(text):
        used += _char_cells(ch)
        if used > cells:
            return index
    return len(text)


def tail_start(text: str, cells: int) -> int:
    """Index where the longest suffix of ``text`` that fits in ``cells`` cells starts."""
    used = 0
    for index in range(len(text) - 1, -1, -1):
        used += _char_cells(text[index])
        if used > cells:
            return index + 1
    return 0


def truncate_at_newline(text: str) -> str:
    """The first line of ``text``, with ``…`` appended when more lines follow."""
    for index, ch in enumerate(text):
        if ch in "\r\n":
            return text[:index] + ELLIPSIS
    return text


def first_text_line(text: str) -> str:
    """The first line of ``text`` that is not blank, with ``…`` when more text follows:
    a script block typed on lines of its own (``{`` newline ``sleep 60``) reads as its
    first command, not as PowerShell's bare ``…``."""
    lines = [line for line in split_lines(text) if line.strip()]
    if not lines:
        return text.strip("\r\n")
    return lines[0] + (ELLIPSIS if len(lines) > 1 else "")


def split_lines(text: str) -> list[str]:
    """Split at LF, dropping every CR (so CRLF and LF both end a line)."""
    return text.replace("\r", "").split("\n")


def _words(line: str) -> list[tuple[str, str]]:
    """``(word, delimiter)`` pairs; the delimiter is the break character that ended it."""
    words: list[tuple[str, str]] = []
    current: list[str] = []
    for ch in line:
        if ch in (" ", "\t", SOFT_HYPHEN):
            words.append(("".join(current), ch))
            current = []
        elif ch in _DROPPED_BREAKS:
            words.append(("".join(current), ""))
            current = []
        else:
            current.append(ch)
    words.append(("".join(current), ""))
    return words


def wrap_lines(text: str, first_width: int, next_width: int) -> list[str]:
    """Break ``text`` into lines of at most ``first_width`` then ``next_width`` cells."""
    if not text:
        return [text]
    out: list[str] = []
    for line in split_lines(text):
        if cell_width(line) <= first_width:
            out.append(line)
        else:
            out.extend(_wrap_line(line, first_width, next_width))
    return out


def _wrap_line(line: str, first_width: int, next_width: int) -> list[str]:
    out: list[str] = []
    line_width = spaces_left = first_width
    first = True
    pending = ""
    for word, delimiter in _words(line):
        if delimiter == SOFT_HYPHEN:
            # the hyphen shows only when the word exactly fills the rest of the line
            suffix = "-" if cell_width(word) + 1 == spaces_left else ""
        else:
            suffix = delimiter
        word += suffix
        width = cell_width(word)
        if line_width == 0:
            if first:
                first = False
                line_width = next_width
            if line_width == 0:
                break
            spaces_left = line_width
        if width > line_width:
            for ch in word:
                ch_width = _char_cells(ch)
                if ch_width > line_width:
                    ch, ch_width = "?", 1
                if ch_width > spaces_left:
                    out.append(pending)
                    pending = ch
                    if first:
                        first = False
                        line_width = next_width
                    spaces_left = line_width - ch_width
                else:
                    pending += ch
                    spaces_left -= ch_width
        elif width > spaces_left:
            out.append(pending)
            pending = word
            if first:
                first = False
                line_width = next_width
            spaces_left = line_width - width
        else:
            pending += word
            spaces_left -= width
    out.append(pending)
    return out
