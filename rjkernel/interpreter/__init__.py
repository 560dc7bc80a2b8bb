"""The interpreter: evaluates a parsed cell in a runspace.

``evaluator.py`` holds a run's state and runs each statement and expression node by
what is registered for its class (``tables.py``) — a compiler to closures kept on the
node (``code.py``), or a streaming handler: ``statements.py``,
``expressions.py``, ``flow.py`` (if, switch, loops; ``signals.py`` for break and
continue), ``functions.py``, ``trycatch.py``, ``pipelines.py`` (commands and cmdlet
invocation),
``redirection.py``, ``native.py`` (what goes to the shell), ``blocks.py`` (script
blocks run here). ``shell_text.py`` makes shell text from values; ``context.py`` is
what a cmdlet sees of all this. Importing the package registers every handler.
"""

from rjkernel.interpreter import expressions, flow, functions, statements, trycatch
from rjkernel.interpreter.commands import is_ours, resolve_command
from rjkernel.interpreter.evaluator import CellState, Evaluator

__all__ = ["CellState", "Evaluator", "expressions", "flow", "functions", "is_ours",
           "resolve_command", "statements", "trycatch"]
