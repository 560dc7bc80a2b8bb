"""An error record as a value: ``$_.Exception.Message``, ``$Error[0].CategoryInfo``,
``$_.InvocationInfo.ScriptLineNumber`` (about_Automatic_Variables, ErrorRecord's members).

An :class:`~rjkernel.errors.ErrorRecord` names its exception by its .NET type; here is
the part of .NET's exception hierarchy a runbook meets, so that ``catch
[System.Management.Automation.RuntimeException]`` also catches an
``ItemNotFoundException`` and ``catch [System.Exception]`` catches everything
(about_Try_Catch_Finally), and the objects PowerShell hands out for a record's
``Exception``, ``CategoryInfo`` and ``InvocationInfo``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from rjkernel.errors import ErrorRecord, position_message
from rjkernel.values import types
from rjkernel.values.conversion import dotnet_type_of, value_text
from rjkernel.values.operators import to_string

_SMA = "System.Management.Automation."
_BASES: dict[str, str] = {
    "System.SystemException": "System.Exception",
    "System.ApplicationException": "System.Exception",
    f"{_SMA}RuntimeException": "System.SystemException",
    f"{_SMA}ActionPreferenceStopException": f"{_SMA}RuntimeException",
    f"{_SMA}CommandNotFoundException": f"{_SMA}RuntimeException",
    f"{_SMA}SessionStateException": f"{_SMA}RuntimeException",
    f"{_SMA}ItemNotFoundException": f"{_SMA}SessionStateException",
    f"{_SMA}DriveNotFoundException": f"{_SMA}SessionStateException",
    f"{_SMA}ParameterBindingException": f"{_SMA}RuntimeException",
    f"{_SMA}ParameterBindingValidationException": f"{_SMA}ParameterBindingException",
    f"{_SMA}ParameterBindingArgumentTransformationException":
        f"{_SMA}ParameterBindingException",
    f"{_SMA}ParseException": f"{_SMA}RuntimeException",
    f"{_SMA}IncompleteParseException": f"{_SMA}ParseException",
    f"{_SMA}MethodException": f"{_SMA}RuntimeException",
    f"{_SMA}MethodInvocationException": f"{_SMA}MethodException",
    f"{_SMA}PipelineStoppedException": f"{_SMA}RuntimeException",
    f"{_SMA}NativeCommandExitException": f"{_SMA}RuntimeException",
    f"{_SMA}PSInvalidCastException": "System.InvalidCastException",
    f"{_SMA}PSArgumentException": "System.ArgumentException",
    f"{_SMA}PSArgumentNullException": "System.ArgumentNullException",
    f"{_SMA}PSArgumentOutOfRangeException": "System.ArgumentOutOfRangeException",
    f"{_SMA}PSInvalidOperationException": "System.InvalidOperationException",
    f"{_SMA}PSNotSupportedException": "System.NotSupportedException",
    f"{_SMA}PSNotImplementedException": "System.NotImplementedException",
    f"{_SMA}JobFailedException": "System.SystemException",
    f"{_SMA}ScriptCallDepthException": "System.SystemException",
    f"{_SMA}Remoting.PSRemotingTransportException": f"{_SMA}RuntimeException",
    f"{_SMA}Remoting.PSRemotingDataStructureException": f"{_SMA}RuntimeException",
    "System.ArgumentException": "System.SystemException",
    "System.ArgumentNullException": "System.ArgumentException",
    "System.ArgumentOutOfRangeException": "System.ArgumentException",
    "System.InvalidOperationException": "System.SystemException",
    "System.InvalidCastException": "System.SystemException",
    "System.FormatException": "System.SystemException",
    "System.NotSupportedException": "System.SystemException",
    "System.NotImplementedException": "System.SystemException",
    "System.TimeoutException": "System.SystemException",
    "System.UnauthorizedAccessException": "System.SystemException",
    "System.ArithmeticException": "System.SystemException",
    "System.DivideByZeroException": "System.ArithmeticException",
    "System.OverflowException": "System.ArithmeticException",
    "System.IO.IOException": "System.SystemException",
    "System.IO.FileNotFoundException": "System.IO.IOException",
    "System.IO.DirectoryNotFoundException": "System.IO.IOException",
    "System.Net.Sockets.SocketException": "System.ComponentModel.Win32Exception",
    "System.ComponentModel.Win32Exception": "System.Runtime.InteropServices.ExternalException",
    "System.Runtime.InteropServices.ExternalException": "System.SystemException",
}
_STOP = f"{_SMA}ActionPreferenceStopException"


def exception_chain(type_name: str) -> list[str]:
    """``type_name`` and its base classes up to System.Exception, most derived first."""
    chain = [type_name]
    while chain[-1] != "System.Exception":
        chain.append(_BASES.get(chain[-1], "System.Exception"))
    return chain


def catches(record: ErrorRecord, type_name: str) -> bool:
    """Whether ``catch [type_name]`` / ``trap [type_name]`` takes ``record``: its
    exception is that type or derives from it. The name may be written in full or
    without its namespace; an error stopped by ``-ErrorAction Stop`` is also an
    ActionPreferenceStopException."""
    chain = exception_chain(record.exception)
    if record.stopped:
        chain += exception_chain(_STOP)
    wanted = type_name.lower().removeprefix("system.")
    return any(name.lower().removeprefix("system.") == wanted
               or name.rsplit(".", 1)[-1].lower() == wanted for name in chain)


def _short(type_name: str) -> str:
    return type_name.rsplit(".", 1)[-1]


def _ellipsize(text: str) -> str:
    return text if len(text) <= 40 else f"{text[:19]}\u2026{text[-19:]}"


def activity(record: ErrorRecord) -> str:
    """CategoryInfo's Activity: the command that failed (not ``ParserError``)."""
    return record.command if record.command and record.command != "ParserError" else ""


def category_info_text(record: ErrorRecord) -> str:
    """``ObjectNotFound: (99:Int32) [Get-Job], PSArgumentException``."""
    target = record.target
    type_name = "" if target is None else _short(dotnet_type_of(target))
    return (f"{record.category}: ({_ellipsize(value_text(target))}:{_ellipsize(type_name)}) "
            f"[{_ellipsize(activity(record))}], {_short(record.exception)}")


@dataclass(frozen=True)
class ExceptionValue:
    """``$_.Exception``: the exception of a record, by its .NET type."""

    record: ErrorRecord

    @property
    def type_names(self) -> tuple[str, ...]:
        return (*exception_chain(self.record.exception), "System.Object")

    def ps_properties(self) -> dict[str, Any]:
        return {
            "ErrorRecord": self.record,
            "WasThrownFromThrowStatement": self.record.thrown,
            "Message": self.record.message,
            "Data": {},
            "InnerException": self.record.extra.get("InnerException"),
            "TargetSite": None,
            "StackTrace": None,
            "HelpLink": None,
            "Source": None,
            "HResult": -2146233087,
        }

    def __str__(self) -> str:
        return self.record.message


@dataclass(frozen=True)
class CategoryInfoValue:
    """``$_.CategoryInfo``; as text, PowerShell's one-line summary."""

    record: ErrorRecord
    type_names = ("System.Management.Automation.ErrorCategoryInfo", "System.Object")

    def ps_properties(self) -> dict[str, Any]:
        target = self.record.target
        return {
            "Category": self.record.category,
            "Activity": activity(self.record),
            "Reason": _short(self.record.exception),
            "TargetName": "" if target is None else value_text(target),
            "TargetType": "" if target is None else _short(dotnet_type_of(target)),
        }

    def __str__(self) -> str:
        return category_info_text(self.record)


@dataclass(frozen=True)
class InvocationInfoValue:
    """``$_.InvocationInfo``: where in the cell the failing command was."""

    record: ErrorRecord
    type_names = ("System.Management.Automation.InvocationInfo", "System.Object")

    def __str__(self) -> str:
        """.NET's ToString of a class that has none of its own: its type name (what
        ``"$($_.InvocationInfo)"`` and an Export-Csv field of it show)."""
        return self.type_names[0]

    def ps_properties(self) -> dict[str, Any]:
        position = self.record.position or self.record.invocation
        return {
            "MyCommand": self.record.command,
            "ScriptLineNumber": position.line if position else 0,
            "OffsetInLine": position.column if position else 0,
            "ScriptName": "",
            "Line": position.line_text if position else "",
            "PositionMessage": _position_message(self.record),
            "InvocationName": self.record.command or "",
        }


def _position_message(record: ErrorRecord) -> str:
    position = record.position or record.invocation
    return position_message(position) if position else ""


def _invocation(record: ErrorRecord) -> Any:
    known = record.position or record.invocation or record.command
    return InvocationInfoValue(record) if known else None


def _stack_trace(record: ErrorRecord) -> str:
    position = record.position or record.invocation
    line = position.line if position else 1
    return f"at <ScriptBlock>, <No file>: line {line}"


Getter = Callable[[Any], Any]

ERROR_RECORD_PROPERTIES: dict[str, tuple[Getter, str]] = {
    "Exception": (ExceptionValue, "System.Exception Exception {get;}"),
    "TargetObject": (lambda r: r.target, "System.Object TargetObject {get;}"),
    "CategoryInfo": (CategoryInfoValue,
                     "System.Management.Automation.ErrorCategoryInfo CategoryInfo {get;}"),
    "FullyQualifiedErrorId": (lambda r: r.fully_qualified_error_id,
                              "string FullyQualifiedErrorId {get;}"),
    "ErrorDetails": (lambda r: None,
                     "System.Management.Automation.ErrorDetails ErrorDetails {get;set;}"),
    "InvocationInfo": (_invocation,
                       "System.Management.Automation.InvocationInfo InvocationInfo {get;}"),
    "ScriptStackTrace": (_stack_trace, "string ScriptStackTrace {get;}"),
    "PipelineIterationInfo": (lambda r: [],
                              "System.Collections.ObjectModel.ReadOnlyCollection[int] "
                              "PipelineIterationInfo {get;}"),
}


# ---------------------------------------------------------------------- exception types


def new_exception(type_name: str, message: str, inner: Any = None) -> ExceptionValue:
    """An exception object a runbook builds to throw: ``throw [ArgumentException]::new(
    'bad')`` gives a record whose id is the message and whose category is
    OperationStopped, as ``throw 'text'`` does (about_Throw)."""
    record = ErrorRecord(message=message, error_id=message, category="OperationStopped",
                         exception=type_name, thrown=True,
                         extra={} if inner is None else {"InnerException": inner})
    return ExceptionValue(record)


def _exception_type(full_name: str) -> types.PSType:
    """``[full_name]``: .NET's (), (message) and (message, innerException) constructors;
    a string casts through the (message) one (``[System.Exception]'boom'``)."""

    def new(*args: Any) -> ExceptionValue:
        if len(args) > 2:
            raise TypeError("overload")
        message = to_string(args[0]) if args and args[0] is not None else \
            f"Exception of type '{full_name}' was thrown."
        return new_exception(full_name, message, args[1] if len(args) == 2 else None)

    def is_one(value: Any) -> bool:
        return isinstance(value, ExceptionValue) and full_name in value.type_names

    def convert(value: Any) -> ExceptionValue:
        if is_one(value):
            return cast(ExceptionValue, value)
        if isinstance(value, str):
            return new(value)
        raise types.CastFailure()

    return types.PSType(full_name, (), is_one, convert, _BASES.get(full_name, "System.Object"),
                        new=new)


for _name in ("System.Exception", *_BASES):
    types.register(_exception_type(_name))
