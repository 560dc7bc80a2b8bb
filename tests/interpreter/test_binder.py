"""The parameter binder against the catalog's real cmdlet signatures.

Every rule of ps-semantics §5.1 with PowerShell's exact texts and error ids: name
matching (prefixes, aliases, ambiguity), values of named parameters, parameter-set
resolution, positional binding by set and type, pipeline binding, mandatory
parameters, conversions, and where each error points.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import pytest

from rjkernel.cmdlets.catalog import resolve
from rjkernel.cmdlets.signature import ALL_SETS, CmdletSpec, ParameterSpec, SetMembership
from rjkernel.errors import BindingError, ErrorRecord, SourceSpan
from rjkernel.interpreter.binder import NO_VALUE, Bound, ParamArg, ValueArg, bind, resolve_parameter
from rjkernel.jobs.states import JobState
from rjkernel.values.conversion import default_converters
from rjkernel.values.enums import ActionPreference
from rjkernel.values.objects import Hashtable, PSObject, ScriptBlockValue
from tests.fixtures.binding import FakeJob, FakeSession, fake_converters
from tests.fixtures.runspace import Session

CONVERTERS = fake_converters()


@dataclass(frozen=True)
class Colon:
    """``-Name:value`` (the colon form)."""

    name: str
    value: object
    written: str


def block(text: str) -> ScriptBlockValue:
    return ScriptBlockValue(text, "{" + text + "}", 1)


def _written(value: object) -> str:
    if isinstance(value, ScriptBlockValue):
        return "{" + value.text + "}"
    if isinstance(value, list):
        return ",".join(_written(v) for v in value)
    if isinstance(value, bool):
        return "$true" if value else "$false"
    return str(value)


def command(name: str, *tokens: object) -> tuple[SourceSpan, list[ParamArg | ValueArg]]:
    """The cell text ``name token token …`` and its arguments, with real spans into it.

    A string starting with ``-`` is a parameter; a :class:`Colon` is the colon form;
    anything else is a value.
    """
    pieces: list[tuple[str, object]] = []
    text = name
    for token in tokens:
        text += " "
        if isinstance(token, Colon):
            written = f"-{token.name}:{token.written}"
        elif isinstance(token, str) and token.startswith("-") and len(token) > 1:
            written = token
        else:
            written = _written(token)
        pieces.append((written, token))
        text += written
    args: list[ParamArg | ValueArg] = []
    offset = len(name)
    for written, token in pieces:
        start = offset + 1
        span = SourceSpan(text, start, start + len(written))
        offset = span.end
        if isinstance(token, Colon):
            args.append(ParamArg(token.name, span, token.value))
        elif isinstance(token, str) and token.startswith("-") and len(token) > 1:
            args.append(ParamArg(token[1:], span))
        else:
            args.append(ValueArg(token, span))
    return SourceSpan(text, 0, len(text)), args


def run(name: str, *tokens: object, pipe: Sequence[object] | None = None) -> Bound:
    spec = resolve(name)
    assert spec is not None
    span, args = command(name, *tokens)
    return bind(spec, args, pipeline_input=pipe, converters=CONVERTERS, command_span=span)


def fails(name: str, *tokens: object, pipe: Sequence[object] | None = None) -> ErrorRecord:
    with pytest.raises(BindingError) as info:
        run(name, *tokens, pipe=pipe)
    record = info.value.record
    assert record.category == "InvalidArgument"
    assert record.command == resolve(name).name  # type: ignore[union-attr]
    return record


def pointed_at(record: ErrorRecord) -> str:
    assert record.position is not None
    return record.position.text[record.position.start:record.position.end]


# --- parameter names ---------------------------------------------------------------


@pytest.mark.parametrize(("cmdlet", "typed", "canonical"), [
    ("Invoke-Command", "comp", "ComputerName"),
    ("Invoke-Command", "as", "AsJob"),
    ("Invoke-Command", "Th", "ThrottleLimit"),
    ("Invoke-Command", "hcn", "HideComputerName"),
    ("Get-Job", "Inc", "IncludeChildJob"),
    ("Get-Job", "id", "Id"),
    ("Receive-Job", "K", "Keep"),
    ("Receive-Job", "SessionId", "Id"),
    ("Receive-Job", "cn", "ComputerName"),
    ("Wait-Job", "T", "Timeout"),
    ("Wait-Job", "TimeoutSec", "Timeout"),
    ("Where-Object", "In", "In"),          # exact name beats InputObject, INE, …
    ("Where-Object", "not", "Not"),        # exact name beats NotLike, NotMatch, …
    ("Where-Object", "ieq", "EQ"),         # alias
    ("Start-Sleep", "ms", "Milliseconds"),
])
def test_names_resolve_by_exact_name_alias_or_unique_prefix(
    cmdlet: str, typed: str, canonical: str
) -> None:
    spec = resolve(cmdlet)
    assert spec is not None
    param, is_common = resolve_parameter(spec, typed)
    assert (param.name, is_common) == (canonical, False)


def test_common_parameters_resolve_and_are_flagged_common() -> None:
    spec = resolve("Get-Job")
    assert spec is not None
    assert resolve_parameter(spec, "ea")[0].name == "ErrorAction"
    assert resolve_parameter(spec, "ErrorV") == (resolve_parameter(spec, "ev")[0], True)


def test_a_cmdlet_parameter_beats_common_parameters_sharing_its_prefix() -> None:
    # -P matches PassThru, PipelineVariable and ProgressAction; PassThru is the only
    # declared one. (-Wa on Receive-Job would not do: "wa" is WarningAction's exact alias.)
    assert run("Stop-Job", "-P", "-Id", 1).values == {"PassThru": True, "Id": [1]}
    assert run("Receive-Job", "-wa", "Stop", "-Id", 1).common == {
        "WarningAction": ActionPreference.Stop}


@pytest.mark.parametrize(("cmdlet", "typed", "matches"), [
    ("Get-Job", "I", "-Id -IncludeChildJob -InstanceId -InformationAction -InformationVariable"),
    ("Receive-Job", "W", "-Wait -WriteEvents -WriteJobInResults -WarningAction -WarningVariable"),
    ("Invoke-Command", "C", "-ComputerName -ConnectingTimeout -Credential -ScriptBlock"),
    ("Get-Job", "Inf", "-InformationAction -InformationVariable"),
])
def test_ambiguous_prefixes_list_every_candidate(cmdlet: str, typed: str, matches: str) -> None:
    record = fails(cmdlet, "-" + typed)
    assert record.error_id == "AmbiguousParameter"
    assert record.message == (
        f"Parameter cannot be processed because the parameter name '{typed}' is ambiguous. "
        f"Possible matches include: {matches}."
    )
    assert pointed_at(record) == "-" + typed


def test_unknown_parameter() -> None:
    record = fails("Get-Job", "-Foo")
    assert record.error_id == "NamedParameterNotFound"
    assert record.message == "A parameter cannot be found that matches parameter name 'Foo'."
    assert record.fully_qualified_error_id == (
        "NamedParameterNotFound,Microsoft.PowerShell.Commands.GetJobCommand")
    assert pointed_at(record) == "-Foo"


def test_whatif_exists_only_on_cmdlets_that_support_should_process() -> None:
    assert run("Stop-Job", "-Id", 1, "-WhatIf").common == {"WhatIf": True}
    assert fails("Get-Job", "-WhatIf").error_id == "NamedParameterNotFound"


def test_seed_receive_job_session_id_form_binds_to_id() -> None:
    bound = run("Receive-Job", "-SessionId", 2, "-Keep")
    assert bound.set_name == "SessionIdParameterSet"
    assert bound.values == {"Id": [2], "Keep": True}


# --- values of named parameters ----------------------------------------------------


def test_a_non_switch_parameter_takes_the_next_value() -> None:
    assert run("Get-Job", "-Name", "backup").values == {"Name": ["backup"]}


def test_missing_argument_names_the_dotnet_type() -> None:
    record = fails("Get-Job", "-Id")
    assert record.error_id == "MissingArgument"
    assert record.message == (
        "Missing an argument for parameter 'Id'. Specify a parameter of type "
        "'System.Int32[]' and try again.")
    assert pointed_at(record) == "-Id"


@pytest.mark.parametrize(("cmdlet", "param", "dotnet"), [
    ("Get-Job", "State", "System.Management.Automation.JobState"),
    ("Wait-Job", "Job", "System.Management.Automation.Job[]"),
    ("Invoke-Command", "Session", "System.Management.Automation.Runspaces.PSSession[]"),
    ("Start-Job", "ScriptBlock", "System.Management.Automation.ScriptBlock"),
    ("Get-Job", "Filter", "System.Collections.Hashtable"),
    ("Start-Job", "ArgumentList", "System.Object[]"),
    ("Get-Job", "InstanceId", "System.Guid[]"),
    ("Get-PSSession", "State", "Microsoft.PowerShell.Commands.SessionFilterState"),
])
def test_missing_argument_type_names(cmdlet: str, param: str, dotnet: str) -> None:
    assert fails(cmdlet, "-" + param).message == (
        f"Missing an argument for parameter '{param}'. Specify a parameter of type "
        f"'{dotnet}' and try again.")


def test_a_parameter_is_not_a_value_for_the_one_before() -> None:
    assert fails("Get-Job", "-Id", "-IncludeChildJob").error_id == "MissingArgument"


def test_a_switch_never_takes_the_following_value() -> None:
    bound = run("Receive-Job", "-Keep", 3)
    assert bound.values == {"Keep": True, "Id": [3]}
    assert bound.set_name == "SessionIdParameterSet"


def test_colon_form_sets_a_switch_off() -> None:
    bound = run("Receive-Job", Colon("Keep", False, "$false"), "-Id", 1)
    assert bound.values["Keep"] is False
    assert bound.switch("Keep") is False
    assert run("Receive-Job", "-Id", 1).switch("Keep") is False


def test_colon_form_gives_a_value_to_a_non_switch() -> None:
    assert run("Get-Job", Colon("Id", 3, "3")).values == {"Id": [3]}


@pytest.mark.parametrize("second", ["-Id", "-SessionId"])
def test_a_repeated_parameter_is_an_error(second: str) -> None:
    record = fails("Receive-Job", "-Id", 1, second, 2)
    assert record.error_id == "ParameterAlreadyBound"
    assert record.message == (
        "Cannot bind parameter because parameter 'Id' is specified more than once. To provide "
        "multiple values to parameters that can accept multiple values, use the array syntax. "
        'For example, "-parameter value1,value2,value3".')
    assert pointed_at(record) == second


def test_a_repeated_common_parameter_is_an_error() -> None:
    assert fails("Get-Job", "-ea", "Stop", "-ErrorAction", "Stop").error_id == (
        "ParameterAlreadyBound")


# --- parameter sets ----------------------------------------------------------------


def test_parameters_of_different_sets_cannot_be_combined() -> None:
    record = fails("Get-Job", "-Name", "x", "-State", "Running")
    assert record.error_id == "AmbiguousParameterSet"
    assert record.message == (
        "Parameter set cannot be resolved using the specified named parameters. One or more "
        "parameters issued cannot be used together or an insufficient number of parameters "
        "were provided.")
    assert record.position is not None
    assert pointed_at(record) == record.position.text  # the whole command


def test_asjob_without_a_target_cannot_choose_a_set() -> None:
    # PowerShell issues #21152/#17276: no fallback to a local job.
    assert fails("Invoke-Command", "-AsJob", "-ScriptBlock", block(" x ")).error_id == (
        "AmbiguousParameterSet")


def test_throttle_limit_is_not_in_the_ssh_set() -> None:
    assert fails("New-PSSession", "-HostName", "a", "-ThrottleLimit", 2).error_id == (
        "AmbiguousParameterSet")


def test_the_default_set_wins_when_several_remain() -> None:
    assert run("Get-Job").set_name == "SessionIdParameterSet"
    assert run("Get-Job", "-IncludeChildJob").set_name == "SessionIdParameterSet"


def test_the_only_satisfied_set_wins_when_the_default_is_out() -> None:
    bound = run("Receive-PSSession", "-ComputerName", "web01", "-Name", "build")
    assert bound.set_name == "ComputerSessionName"
    assert fails("Receive-PSSession", "-ComputerName", "web01").error_id == (
        "AmbiguousParameterSet")


def test_a_set_without_parameters_binds_nothing() -> None:
    bound = run("Exit-PSSession")
    assert (bound.set_name, bound.values) == (ALL_SETS, {})


# --- positional binding ------------------------------------------------------------


@pytest.mark.parametrize(("cmdlet", "value", "set_name", "param"), [
    ("Get-Job", 1, "SessionIdParameterSet", "Id"),
    ("Get-Job", "Job1", "NameParameterSet", "Name"),
    ("Get-Job", "1", "NameParameterSet", "Name"),  # a string is a name, as in PowerShell
    ("Receive-Job", 3, "SessionIdParameterSet", "Id"),
    ("Receive-Job", "Job1", "NameParameterSet", "Name"),
    ("Get-PSSession", 2, "Id", "Id"),
    ("Get-PSSession", "web01", "ComputerName", "ComputerName"),
    ("Enter-PSSession", "web01", "ComputerName", "ComputerName"),
    ("Enter-PSSession", 2, "Id", "Id"),
    ("Start-Sleep", 5, "Seconds", "Seconds"),
    ("Where-Object", "HasMoreData", "EqualSet", "Property"),
    ("ForEach-Object", "Name", "PropertyAndMethodSet", "MemberName"),
])
def test_positional_values_choose_the_set_by_type(
    cmdlet: str, value: object, set_name: str, param: str
) -> None:
    bound = run(cmdlet, value)
    assert bound.set_name == set_name
    assert list(bound.values) == [param]


def test_job_objects_bind_to_job_parameters() -> None:
    job = FakeJob()
    received = run("Receive-Job", job)
    assert (received.set_name, received.values) == ("Location", {"Job": [job]})
    # Get-Job has no -Job in PowerShell; the seed's "Get-Job $job" binds to a hidden one.
    got = run("Get-Job", job)
    assert (got.set_name, got.values) == ("JobParameterSet", {"Job": [job]})
    session = FakeSession()
    entered = run("Enter-PSSession", session)
    assert (entered.set_name, entered.values) == ("Session", {"Session": session})


def test_positions_are_counted_within_the_chosen_set() -> None:
    script = block(" uptime ")
    local = run("Invoke-Command", script)
    assert (local.set_name, local.values) == ("InProcess", {"ScriptBlock": script})
    remote = run("Invoke-Command", "web01", script)
    assert remote.set_name == "ComputerName"
    assert remote.values == {"ComputerName": ["web01"], "ScriptBlock": script}
    session = FakeSession()
    in_session = run("Invoke-Command", "-Session", session, script)
    assert in_session.values == {"Session": [session], "ScriptBlock": script}
    job = FakeJob()
    assert run("Receive-Job", job, "web01", "-Keep").values == {
        "Job": [job], "Location": ["web01"], "Keep": True}


def test_comparison_statement_of_where_object() -> None:
    bound = run("Where-Object", "State", "-eq", "Completed")
    assert bound.set_name == "EqualSet"
    assert bound.values == {"EQ": True, "Property": "State", "Value": "Completed"}
    like = run("Where-Object", "Location", "-CLike", "web*")
    assert like.set_name == "CaseSensitiveLikeSet"
    script = block(" $_.State -eq 'Failed' ")
    assert run("?", script).values == {"FilterScript": script}


def test_an_extra_positional_value_is_an_error() -> None:
    record = fails("Get-Job", 1, "extra")
    assert record.error_id == "PositionalParameterNotFound"
    assert record.message == "A positional parameter cannot be found that accepts argument 'extra'."
    assert pointed_at(record) == "extra"


def test_a_positional_script_block_is_quoted_by_its_text() -> None:
    record = fails("Exit-PSSession", block(" ls "))
    assert record.message == "A positional parameter cannot be found that accepts argument ' ls '."


def test_a_positional_value_that_converts_nowhere_reports_the_conversion() -> None:
    record = fails("Start-Sleep", "abc")
    assert record.error_id == "CannotConvertArgumentNoMessage"
    assert record.message == (
        "Cannot bind parameter 'Seconds'. Cannot convert value \"abc\" to type "
        "\"System.Double\". Error: \"The input string 'abc' was not in a correct format.\"")
    assert pointed_at(record) == "abc"


def test_remaining_arguments_are_collected() -> None:
    assert run("Write-Output", "a", "b", "c").values == {"InputObject": ["a", "b", "c"]}
    assert run("Write-Output", [1, 2]).values == {"InputObject": [1, 2]}
    assert run("Write-Host", "hello").values == {"Object": "hello"}
    assert run("Write-Host", "hello", "world").values == {"Object": ["hello", "world"]}


# --- pipeline ----------------------------------------------------------------------


def test_pipeline_binds_by_value_to_the_job_parameter() -> None:
    first, second = FakeJob(1), FakeJob(3)
    bound = run("Wait-Job", "-Any", pipe=[first, second])
    assert bound.set_name == "JobParameterSet"
    assert bound.pipeline_parameter == "Job"
    assert bound.values == {"Any": True, "Job": [first, second]}
    assert run("Receive-Job", "-Keep", pipe=[first]).set_name == "Location"


def test_pipeline_binds_by_property_name() -> None:
    bound = run("Stop-Job", pipe=[PSObject([("Id", 3)]), PSObject([("Id", 5)])])
    assert (bound.set_name, bound.pipeline_parameter) == ("SessionIdParameterSet", "Id")
    assert bound.values == {"Id": [3, 5]}


def test_pipeline_by_property_name_uses_aliases() -> None:
    job = FakeJob()
    bound = run("Receive-Job", "-Job", job, pipe=[PSObject([("Cn", "web01")])])
    assert (bound.set_name, bound.pipeline_parameter) == ("ComputerName", "ComputerName")
    assert bound.values == {"Job": [job], "ComputerName": ["web01"]}


def test_pipeline_input_that_fits_no_parameter() -> None:
    record = fails("Stop-Job", pipe=["not a job"])
    assert record.error_id == "InputObjectNotBound"
    assert record.message == (
        "The input object cannot be bound to any parameters for the command either because "
        "the command does not take pipeline input or the input and its properties do not match "
        "any of the parameters that take pipeline input.")


def test_a_parameter_given_by_name_is_not_available_to_the_pipeline() -> None:
    assert fails("Receive-Job", "-Id", 1, pipe=[FakeJob()]).error_id == "InputObjectNotBound"


def test_empty_pipeline_input_satisfies_mandatory_pipeline_parameters() -> None:
    bound = run("Remove-Job", pipe=[])
    assert bound.set_name == "SessionIdParameterSet"
    assert (bound.pipeline_parameter, bound.values) == ("Id", {"Id": []})
    received = run("Receive-Job", pipe=[])
    assert (received.pipeline_parameter, received.values) == ("Job", {"Job": []})


def test_pipeline_to_object_parameters_keeps_the_items() -> None:
    items = ["a", 1, FakeJob()]
    bound = run("Select-Object", "-First", 2, pipe=items)
    assert bound.values == {"First": 2, "InputObject": items}


# --- mandatory parameters ----------------------------------------------------------


@pytest.mark.parametrize(("cmdlet", "missing"), [
    ("Remove-Job", "Id"), ("Wait-Job", "Id"), ("Stop-Job", "Id"), ("Remove-PSSession", "Id"),
    ("Receive-Job", "Job"), ("Start-Job", "ScriptBlock"), ("Write-Output", "InputObject"),
])
def test_missing_mandatory_parameters(cmdlet: str, missing: str) -> None:
    record = fails(cmdlet)
    assert record.error_id == "MissingMandatoryParameter"
    assert record.message == (
        "Cannot process command because of one or more missing mandatory parameters: "
        f"{missing}.")


def test_several_missing_mandatory_parameters_are_listed() -> None:
    spec = CmdletSpec("Test-Thing", (
        ParameterSpec("Alpha", "String", {ALL_SETS: SetMembership(mandatory=True)}),
        ParameterSpec("Beta", "Int32", {ALL_SETS: SetMembership(mandatory=True)}),
    ))
    span, _ = command("Test-Thing")
    with pytest.raises(BindingError) as info:
        bind(spec, [], pipeline_input=None, converters=CONVERTERS, command_span=span)
    assert info.value.record.message == (
        "Cannot process command because of one or more missing mandatory parameters: Alpha Beta.")


# --- conversions -------------------------------------------------------------------


def test_enum_names_are_case_insensitive_and_numbers_work() -> None:
    assert run("Get-Job", "-State", "running").values == {"State": JobState.Running}
    assert run("Get-Job", "-State", 2).values == {"State": JobState.Completed}
    assert run("Get-Job", "-State", "Failed").set_name == "StateParameterSet"


def test_bad_enum_value_lists_the_names() -> None:
    record = fails("Get-Job", "-State", "Runnin")
    assert record.error_id == "CannotConvertArgumentNoMessage"
    assert record.message == (
        "Cannot bind parameter 'State'. Cannot convert value \"Runnin\" to type "
        "\"System.Management.Automation.JobState\". Error: \"Unable to match the identifier "
        "name Runnin to a valid enumerator name. Specify one of the following enumerator names "
        "and try again:\nNotStarted, Running, Completed, Failed, Stopped, Blocked, Suspended, "
        "Disconnected, Suspending, Stopping, AtBreakpoint\"")
    assert pointed_at(record) == "Runnin"


def test_bad_integer() -> None:
    record = fails("Get-Job", "-Id", "x")
    assert record.message == (
        "Cannot bind parameter 'Id'. Cannot convert value \"x\" to type \"System.Int32\". "
        "Error: \"The input string 'x' was not in a correct format.\"")


def test_a_bad_element_of_an_array_is_the_one_reported() -> None:
    record = fails("Get-Job", "-Id", [1, "x"])
    assert 'Cannot convert value "x" to type "System.Int32"' in record.message


def test_a_colon_value_error_points_at_the_parameter() -> None:
    assert pointed_at(fails("Get-Job", Colon("Id", "x", "x"))) == "-Id:x"


def test_a_value_with_no_conversion_at_all() -> None:
    assert fails("Start-Job", "-ScriptBlock", "ls").message == (
        "Cannot bind parameter 'ScriptBlock'. Cannot convert the \"ls\" value of type "
        "\"System.String\" to type \"System.Management.Automation.ScriptBlock\".")
    assert fails("Wait-Job", "-Job", "Job1").message == (
        "Cannot bind parameter 'Job'. Cannot convert the \"Job1\" value of type "
        "\"System.String\" to type \"System.Management.Automation.Job\".")


def test_an_array_given_to_a_scalar_parameter() -> None:
    record = fails("Wait-Job", "-Id", 1, "-Timeout", [1, 2])
    assert record.error_id == "CannotConvertArgument"
    assert record.message == (
        "Cannot convert 'System.Object[]' to the type 'System.Int32' required by parameter "
        "'Timeout'. Specified method is not supported.")
    assert run("Wait-Job", "-Id", 1, "-Timeout", [5]).values["Timeout"] == 5


def test_booleans_accept_only_booleans_and_numbers() -> None:
    assert run("Get-Job", "-HasMoreData", False).values == {"HasMoreData": False}
    assert run("Get-Job", "-HasMoreData", 1).values == {"HasMoreData": True}
    record = fails("Get-Job", "-HasMoreData", "false")
    assert record.error_id == "ParameterArgumentTransformationError"
    assert record.message == (
        "Cannot process argument transformation on parameter 'HasMoreData'. Cannot convert "
        "value \"System.String\" to type \"System.Boolean\". Boolean parameters accept only "
        "Boolean values and numbers, such as $True, $False, 1 or 0.")


def test_numbers_bind_to_strings_as_text_and_lists_to_arrays() -> None:
    assert run("Start-Job", block(" x "), "-Name", 42).values["Name"] == "42"
    assert run("Get-Job", "-Id", [1, 3]).values == {"Id": [1, 3]}
    assert run("Invoke-Command", "-ComputerName", ["web01", "web02"], block(" x ")).values[
        "ComputerName"] == ["web01", "web02"]


def test_guids_hashtables_and_dates() -> None:
    guid = "0f8fad5b-d9cb-469f-a165-70867728950e"
    assert run("Get-Job", "-InstanceId", guid).values == {"InstanceId": [uuid.UUID(guid)]}
    assert fails("Get-Job", "-InstanceId", "nope").message.endswith(
        'Error: "Unrecognized Guid format."')
    filt = Hashtable([("State", "Failed")])
    assert run("Get-Job", "-Filter", filt).values == {"Filter": filt}
    assert run("Get-Job", "-After", "2024-05-01").values["After"] == datetime(2024, 5, 1)


def test_common_parameters_are_converted_and_kept_apart() -> None:
    bound = run("Get-Job", "-ErrorAction", "silentlycontinue", "-ov", "out")
    assert bound.values == {}
    assert bound.common == {"ErrorAction": ActionPreference.SilentlyContinue, "OutVariable": "out"}
    assert run("Get-Job", "-ea", 1).common == {"ErrorAction": ActionPreference.Stop}


def test_param_arg_defaults_to_no_value() -> None:
    _, args = command("Get-Job", "-IncludeChildJob")
    assert isinstance(args[0], ParamArg)
    assert args[0].value is NO_VALUE


def test_a_type_without_a_converter_is_a_programming_error() -> None:
    spec = resolve("Wait-Job")
    assert spec is not None
    span, args = command("Wait-Job", "-Job", "x")
    with pytest.raises(LookupError):
        bind(spec, args, pipeline_input=None, converters=default_converters(), command_span=span)


# about_Pipelines ("One-at-a-time processing"): a cmdlet whose parameter takes pipeline
# input runs its process step once per object, with that object bound.
def test_each_piped_object_is_bound_and_processed(ps: Session) -> None:
    out = ps.run("'disk low', 'swap low' | Write-Warning")
    assert out.stderr == "WARNING: disk low\nWARNING: swap low\n"
    out = ps.run("'e1', 'e2' | Write-Error")
    assert [e.message for e in out.errors] == ["e1", "e2"]
    out = ps.run("'2026-01-05', ([datetime]'2024-03-01') | Get-Date -Format 'MM-dd'")
    assert (out.stdout, out.errors) == ("01-05\n03-01\n", [])
    # by property name (Get-Date's -Date takes a Date property)
    assert ps.run("[pscustomobject]@{ Date = '2020-01-01' } | Get-Date -UFormat %Y").stdout \
        == "2020\n"
    assert ps.run("@() | Write-Warning").stderr == ""


def test_an_object_that_binds_nowhere_is_its_own_error(ps: Session) -> None:
    """The object that fits no parameter is a non-terminating error; the rest run."""
    out = ps.run("'2026-01-05', 'not a date', '2024-03-01' | Get-Date -Format yyyy")
    assert out.stdout == "2026\n2024\n"
    assert [e.error_id for e in out.errors] == ["InputObjectNotBound"]
    assert out.uncaught == []
