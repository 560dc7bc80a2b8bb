"""The cell language: PowerShell's job/remoting subset mixed with POSIX shell lines.

``parse`` turns a cell (or a script-block body, in place) into the tree of
:mod:`.ast`; ``is_complete`` answers Jupyter's is_complete_request.
"""

from .completeness import is_complete
from .parser import parse

__all__ = ["is_complete", "parse"]
