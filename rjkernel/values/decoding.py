"""Output bytes as text, keeping the bytes where they were not UTF-8.

A job's or a command's output is bytes; the notebook shows text, with U+FFFD where the
bytes are not UTF-8. A file must get the bytes back as they were (``Receive-Job $j >
file`` of a binary or Latin-1 output), so a chunk whose text had to replace something
also keeps the exact bytes that text came from (``TextChunk.data``). Only such chunks
carry them: valid UTF-8 — nearly all output — costs one scan for U+FFFD.
"""

from __future__ import annotations

import codecs


class OutputDecoder:
    """An incremental UTF-8 decoder (U+FFFD for what is not UTF-8) that also tells,
    per call, the bytes its text came from when those are not that text's UTF-8."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def decode(self, data: bytes, final: bool = False) -> tuple[str, bytes | None]:
        """The text of ``data`` (with bytes held from the previous call; an incomplete
        character at the end waits for the next), and its bytes if they were not UTF-8."""
        held = self._decoder.getstate()[0]
        text = self._decoder.decode(data, final)
        if "\ufffd" not in text:
            return text, None
        still_held = len(self._decoder.getstate()[0])
        raw = (held + data)[: len(held) + len(data) - still_held]
        return text, None if raw == text.encode("utf-8") else raw
