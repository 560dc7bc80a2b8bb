"""Error records in ConciseView, NormalView and CategoryView; warning/verbose lines."""

from __future__ import annotations

from rjkernel.display.errors import (
    category_info,
    position_message,
    render_error,
    verbose_line,
    warning_line,
)
from rjkernel.errors import ErrorRecord, SourceSpan, parse_error
from tests.display.support import assert_text

NOT_FOUND = (
    "The command cannot find a job with the job ID 99. Verify the value of the Id parameter "
    "and then try the command again."
)


def job_not_found(position: SourceSpan | None = None) -> ErrorRecord:
    return ErrorRecord(
        message=NOT_FOUND,
        error_id="JobWithSpecifiedSessionNotFound",
        category="ObjectNotFound",
        command="Get-Job",
        target=99,
        position=position,
        exception="System.Management.Automation.PSArgumentException",
    )


def binding_error(cell: str, start: int, end: int) -> ErrorRecord:
    return ErrorRecord(
        message="A parameter cannot be found that matches parameter name 'Foo'.",
        error_id="NamedParameterNotFound",
        category="InvalidArgument",
        command="Get-Job",
        position=SourceSpan(cell, start, end),
        exception="System.Management.Automation.ParameterBindingException",
    )


def test_concise_view_names_the_command() -> None:
    assert_text(render_error(job_not_found()), f"Get-Job: {NOT_FOUND}")


def test_concise_view_keeps_a_first_line_runtime_error_on_one_line() -> None:
    record = job_not_found(SourceSpan("Get-Job -Id 99", 0, 14))
    assert_text(render_error(record), f"Get-Job: {NOT_FOUND}")


def test_concise_view_points_at_errors_after_the_first_line() -> None:
    cell = "Start-Job { sleep 1 }\nGet-Job -Id 99"
    record = job_not_found(SourceSpan(cell, 22, len(cell)))
    assert_text(
        render_error(record),
        f"Get-Job: {NOT_FOUND}\nAt line:2 char:1\n+ Get-Job -Id 99\n+ ~~~~~~~~~~~~~~",
    )


def test_concise_view_points_at_a_binding_error() -> None:
    assert_text(
        render_error(binding_error("Get-Job\nGet-Job -Foo", 16, 20)),
        "Get-Job: A parameter cannot be found that matches parameter name 'Foo'.\n"
        "At line:2 char:9\n"
        "+ Get-Job -Foo\n"
        "+         ~~~~",
    )
    assert_text(
        render_error(binding_error("Get-Job -Foo", 8, 12)),
        "Get-Job: A parameter cannot be found that matches parameter name 'Foo'.\n"
        "At line:1 char:9\n"
        "+ Get-Job -Foo\n"
        "+         ~~~~",
    )


def test_concise_view_of_a_parse_error() -> None:
    error = parse_error(
        "Missing closing '}' in statement block or type definition.",
        "MissingEndCurlyBrace",
        "Start-Job {\n  sleep 1\n",
        10,
        11,
    )
    assert_text(
        render_error(error.record),
        "ParserError: Missing closing '}' in statement block or type definition.\n"
        "At line:1 char:11\n"
        "+ Start-Job {\n"
        "+           ~",
    )


def test_native_stderr_prints_bare_in_every_view() -> None:
    record = ErrorRecord("ls: cannot access 'x': No such file", "NativeCommandError",
                         native=True, computer="web01")
    for view in ("ConciseView", "NormalView", "CategoryView"):
        assert_text(render_error(record, view), "ls: cannot access 'x': No such file")


def test_throw_reads_exception() -> None:
    record = ErrorRecord("boom", "boom", "OperationStopped", thrown=True)
    assert_text(render_error(record), "Exception: boom")


def test_error_without_command_is_labelled_by_category() -> None:
    record = ErrorRecord("You cannot call a method on a null-valued expression.",
                         "InvokeMethodOnNull", "InvalidOperation")
    assert_text(render_error(record),
                "InvalidOperation: You cannot call a method on a null-valued expression.")


def test_remote_transport_error_names_the_host_once() -> None:
    transport = "System.Management.Automation.Remoting.PSRemotingTransportException"
    bare = ErrorRecord("The SSH transport process has abruptly terminated.", "x", "OpenError",
                       command="New-PSSession", exception=transport, computer="web01")
    assert_text(render_error(bare),
                "New-PSSession: [web01] The SSH transport process has abruptly terminated.")
    framed = ErrorRecord("[web01] ssh: connect refused", "x", "OpenError",
                         exception=transport, computer="web01")
    assert_text(render_error(framed), "OpenError: [web01] ssh: connect refused")
    other = ErrorRecord("Cannot find path.", "x", "ObjectNotFound", command="Get-Item",
                        computer="web01")
    assert_text(render_error(other), "Get-Item: Cannot find path.")


def test_concise_view_adds_the_recommendation() -> None:
    record = ErrorRecord("Host key unknown.", "x", "SecurityError", command="New-PSSession",
                         recommended_action="Run ssh-keyscan web01 >> ~/.ssh/known_hosts")
    assert_text(
        render_error(record),
        "New-PSSession: Host key unknown.\n"
        "  Recommendation: Run ssh-keyscan web01 >> ~/.ssh/known_hosts",
    )


def test_normal_view() -> None:
    record = job_not_found(SourceSpan("Get-Job -Id 99", 0, 14))
    assert_text(
        render_error(record, "NormalView"),
        f"Get-Job : {NOT_FOUND}\n"
        "At line:1 char:1\n"
        "+ Get-Job -Id 99\n"
        "+ ~~~~~~~~~~~~~~\n"
        "+ CategoryInfo          : ObjectNotFound: (99:Int32) [Get-Job], PSArgumentException\n"
        "+ FullyQualifiedErrorId : JobWithSpecifiedSessionNotFound,"
        "Microsoft.PowerShell.Commands.GetJobCommand",
    )


def test_normal_view_without_position_and_from_a_host() -> None:
    record = ErrorRecord("boom", "JobStateFailed", "InvalidResult", command="Receive-Job",
                         computer="web01")
    assert_text(
        render_error(record, "NormalView"),
        "Receive-Job : boom\n"
        "+ CategoryInfo          : InvalidResult: (:) [Receive-Job], RuntimeException\n"
        "+ FullyQualifiedErrorId : JobStateFailed,Microsoft.PowerShell.Commands.ReceiveJobCommand\n"
        "+ PSComputerName        : web01",
    )


def test_normal_view_of_a_parse_error_starts_with_the_position() -> None:
    error = parse_error("Missing an argument for parameter 'Id'.", "MissingArgument",
                        "Get-Job -Id", 11, 12)
    assert_text(
        render_error(error.record, "NormalView"),
        "At line:1 char:12\n"
        "+ Get-Job -Id\n"
        "+            ~\n"
        "Missing an argument for parameter 'Id'.\n"
        "+ CategoryInfo          : ParserError: (:) [], ParseException\n"
        "+ FullyQualifiedErrorId : MissingArgument",
    )


def test_category_view_and_long_targets() -> None:
    assert_text(render_error(job_not_found(), "CategoryView"),
                "ObjectNotFound: (99:Int32) [Get-Job], PSArgumentException")
    record = ErrorRecord("x", "y", "ObjectNotFound", command="Get-Job", target="n" * 50)
    assert_text(category_info(record),
                f"ObjectNotFound: ({'n' * 19}…{'n' * 19}:String) [Get-Job], RuntimeException")


def test_position_expands_tabs() -> None:
    assert_text(
        position_message(SourceSpan("\tGet-Job -Foo", 9, 13)),
        "At line:1 char:10\n+     Get-Job -Foo\n+             ~~~~",
    )


def test_position_of_a_long_line_is_cut_around_the_error() -> None:
    cell = "Start-Job { " + "x" * 80 + " } -Foo"
    start = cell.index("-Foo")
    assert_text(
        position_message(SourceSpan(cell, start, start + 4)),
        f"At line:1 char:{start + 1}\n"
        f"+ … {'x' * 62} }} -Foo\n"
        f"+ {' ' * 67}~~~~",
    )


def test_position_at_end_of_input_and_on_an_empty_line() -> None:
    assert_text(position_message(SourceSpan("Get-Job -Id", 11, 11)),
                "At line:1 char:12\n+ Get-Job -Id\n+            ~")
    assert_text(position_message(SourceSpan("Get-Job\n\n", 8, 9)), "At line:2 char:1\n+ ")


def test_multi_line_span_is_underlined_to_the_end_of_its_first_line() -> None:
    cell = "Start-Job {\n sleep 1 }"
    assert_text(position_message(SourceSpan(cell, 10, len(cell))),
                "At line:1 char:11\n+ Start-Job {\n+           ~")


def test_stream_lines() -> None:
    assert warning_line("careful") == "WARNING: careful"
    assert verbose_line("detail") == "VERBOSE: detail"
