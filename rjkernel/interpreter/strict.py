"""Set-StrictMode's rules, checked only where a read came back empty (about_StrictMode).

Strict mode belongs to a scope and the scopes below it (``Variables.strict_version``;
``Set-StrictMode`` sets it where it runs). The evaluator asks here only on the rare path
— a variable that is not set, a property that is not there, an index past the end — so
code that never trips a rule pays nothing:

- version 1: reading a variable that was never set is an error, except inside a string;
- version 2: also inside a string, reading a property an object does not have
  (``.Count``/``.Length`` of a single object too), and calling a command as a method;
- version 3 (``Latest``): also an array or string index out of bounds.
"""

from __future__ import annotations

from typing import Any

from rjkernel.errors import ErrorRecord, PSError
from rjkernel.language import ast
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
    """Version 2+: ``$x.Name`` came back empty where the object has no such property —
    or, for an array, where an element has none (member enumeration asks each element,
    EnumerableOps.PropertyGetter)."""
    if scope.strict_version() < 2:
        return
    if isinstance(target, list):
        missing = any(_lacks(item, name) for item in target if item is not None)
    else:
        missing = _lacks(target, name) and not (
            target is None and name.lower() in ("count", "length"))  # $null.Count is 0
    if missing:
        _property_not_found(name)


def check_singleton_count(scope: Variables, target: Any, name: str) -> None:
    """Version 2+: ``.Count``/``.Length`` of a single object that has no such property
    (the singleton's 1) is an error, as PSGetMemberBinder makes it (``@($x).Count`` is
    the strict-safe form)."""
    if target is not None and not isinstance(target, list) and _lacks(target, name) and \
            scope.strict_version() >= 2:
        _property_not_found(name)


def check_method_syntax(scope: Variables, cmd: ast.Command) -> None:
    """Version 2+: ``f(1,2)`` — a command called as if it were a method. Compiler.cs adds
    this check when the only argument is a parenthesized array literal right after the
    command name (``f (1,2)`` and ``f(1)`` pass one array or value, and are fine)."""
    if len(cmd.elements) != 1:
        return
    element = cmd.elements[0]
    if not isinstance(element, ast.Argument) or \
            not isinstance(paren := element.value, ast.SubExpression) or paren.dollar or \
            element.span.start.offset != cmd.span.start.offset + len(cmd.name) or \
            len(paren.statements) != 1:
        return
    pipeline = paren.statements[0]
    if isinstance(pipeline, ast.Pipeline) and len(pipeline.elements) == 1 and \
            isinstance(only := pipeline.elements[0], ast.CommandExpression) and \
            isinstance(only.expr, ast.ArrayLiteral) and scope.strict_version() >= 2:
        raise PSError(ErrorRecord(
            message="The function or command was called as if it were a method. Parameters "
                    "should be separated by spaces. For information about parameters, see "
                    "the about_Parameters Help topic.",
            error_id="StrictModeFunctionCallWithParens", category="InvalidOperation",
            exception="System.Management.Automation.RuntimeException"))


def _lacks(target: Any, name: str) -> bool:
    return not isinstance(target, Hashtable) and get_property(target, name) is MISSING


def _property_not_found(name: str) -> None:
    raise PSError(ErrorRecord(
        message=f"The property '{name}' cannot be found on this object. Verify that the "
                "property exists.",
        error_id="PropertyNotFoundStrict", category="NotSpecified", target=name,
        exception="System.Management.Automation.PropertyNotFoundException"))


def check_index(scope: Variables, target: Any, index: Any) -> None:
    """Version 3+: ``$a[9]`` past the end of an array or a string (IndexWithNegativeChecks
    rethrows .NET's IndexOutOfRangeException)."""
    if scope.strict_version() < 3 or not isinstance(target, (list, tuple, str)) or \
            not isinstance(index, int) or isinstance(index, bool):
        return
    if not -len(target) <= index < len(target):
        raise PSError(ErrorRecord(
            message="Index was outside the bounds of the array.",
            error_id="System.IndexOutOfRangeException", category="OperationStopped",
            exception="System.IndexOutOfRangeException"))
