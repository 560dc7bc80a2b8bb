"""The value model of the cell language, apart from any engine.

What a PowerShell value is here and what can be done with it: the shapes plain Python
types cannot carry (``objects``: hashtables, custom objects, script blocks, streamed
text), the operators (``operators``), conversion to parameter types (``conversion``),
the .NET members and casts a runbook uses (``builtins``) and the enumerations cmdlets
bind to (``enums``). Nothing here runs a command or knows a runspace, so the parser's
users, the evaluator, the cmdlets and the display layer can all import it.
"""

# ``objects`` first: it re-exports the property lookup of ``members``, which needs its
# classes (see the end of objects.py).
# Then the type families, which register their types and member tables when imported
# (types.py, membertable.py): once here, before anything looks a type up.
from rjkernel.values import objects  # noqa: F401, I001
from rjkernel.values import (  # noqa: F401
    containers,
    encodings,
    primitives,
    psobjectview,
    regexmembers,
    stopwatch,
    stringbuilder,
    system,
    uri,
)
