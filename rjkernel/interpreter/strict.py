"""Set-StrictMode's rules, checked only where a read came back empty (about_StrictMode).

Strict mode belongs to a scope and the scopes below it (``Variables.strict_version``;
``Set-StrictMode`` sets it where it runs). The evaluator asks here only on the rare path
— a variable that is not set, a property that is not there, an index past the end — so
code that never trips a rule pays nothing:

- version 1: reading a variable that was never set is an error, except inside a string;
- version 2: also inside a string, and reading a property an object does not have;
- version 3 (``Latest``): also an array index out of bounds.
"""

from __future__ import annotations

from typing import Any

from rjkernel.errors import ErrorRecord, PSError
from rjkernel.runspace.variables import Variables
from rjkernel.values.members import get_property
from rjkernel.values.objects import MISSING, Hashtable

# Variables PowerShell always defines that rjkernel does not store (the automatic and
# preference variables it does store are in ``runspace/automatic.py``): reading them is
# never a strict-mode error.
ALWAYS_DEFINED = frozenset({
    "formatenumerationlimit", "psdefaultparametervalues", "pscommandpath", "psscriptroot",
    "myinvocation", "psboundparameters", "input", "host", "pshome", "shellid",
    "executioncontext", "nestedpromptlevel", "stacktrace", "psstyle", "outputencoding",
    "profile", "psnativecommandargumentpassing", "psmoduleautoloadingpreference",
})


class UnsetVariableError(PSError):
    """A strict-mode read of a variable that was never set (an expandable string under
    version 1 catches it and reads ``$null``)."""


def unset_variable(scope: Variables, name: str) -> None:
    """The value of a variable that is not set: ``$null``, or in strict mode an error."""
    if scope.strict_version() == 0 or name.lower() in ALWAYS_DEFINED:
        return None
    raise UnsetVariableError(ErrorRecord(
        message=f"The variable '${name}' cannot be retrieved because it has not been set.",
        error_id="VariableIsUndefined", category="InvalidOperation", target=name,
        exception="System.Management.Automation.RuntimeException"))


def check_property(scope: Variables, target: Any, name: str) -> None:
    """Version 2+: ``$x.Name`` where the object has no such property (an array's
    elements are not checked; ``Count`` and ``Length`` exist on everything)."""
    if scope.strict_version() < 2 or isinstance(target, list) or \
            name.lower() in ("count", "length"):
        return
    if isinstance(target, Hashtable) or get_property(target, name) is not MISSING:
        return
    raise PSError(ErrorRecord(
        message=f"The property '{name}' cannot be found on this object. Verify that the "
                "property exists.",
        error_id="PropertyNotFoundStrict", category="NotSpecified", target=name,
        exception="System.Management.Automation.PropertyNotFoundException"))


def check_index(scope: Variables, target: Any, index: Any) -> None:
    """Version 3+: ``$a[9]`` past the end of an array."""
    if scope.strict_version() < 3 or not isinstance(target, (list, tuple)) or \
            not isinstance(index, int) or isinstance(index, bool):
        return
    if not -len(target) <= index < len(target):
        raise PSError(ErrorRecord(
            message="Index was outside the bounds of the array.",
            error_id="System.IndexOutOfRangeException", category="OperationStopped",
            exception="System.IndexOutOfRangeException"))
