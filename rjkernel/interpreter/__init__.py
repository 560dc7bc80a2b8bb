"""The interpreter: evaluates a parsed cell in a runspace.

``evaluator.py`` holds a run's state and dispatches each statement and expression node
to the handler registered for its class (``tables.py``): ``statements.py``,
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
