"""The agent protocol as pure code: request validation, message encoding, records."""

from __future__ import annotations

import json

import pytest

from rjkernel.agent.protocol import (
    CHUNK_SIZE,
    OPS,
    VERSION,
    DataHeader,
    ErrorCode,
    Event,
    Hello,
    JobRecord,
    ProtocolError,
    Reply,
    Request,
    RunspaceInfo,
    encode_data_header,
    encode_error,
    encode_event,
    encode_hello,
    encode_ok,
    encode_request,
    parse_agent_line,
    parse_client_line,
)


def line(obj: object) -> bytes:
    return json.dumps(obj).encode() + b"\n"


def refused(obj: object) -> ProtocolError:
    with pytest.raises(ProtocolError) as info:
        parse_client_line(line(obj) if not isinstance(obj, bytes) else obj)
    return info.value


def test_a_valid_request_gets_its_defaults() -> None:
    request = parse_client_line(
        line({"id": 7, "op": "start_job", "runspace": "r1", "command": "ls"})
    )
    assert request == Request(
        7,
        "start_job",
        {
            "runspace": "r1",
            "command": "ls",
            "argv": [],
            "name": None,
            "cwd": None,
            "init": None,
            "env": {},
            "display_command": None,
            "type_name": "BackgroundJob",
            "location": "localhost",
        },
    )


@pytest.mark.parametrize(
    ("message", "code"),
    [
        (b"not json\n", ErrorCode.BAD_REQUEST),
        (b"\xff\xfe\n", ErrorCode.BAD_REQUEST),
        (b"[" * 100_000 + b"]" * 100_000 + b"\n", ErrorCode.BAD_REQUEST),
        ([1, 2], ErrorCode.BAD_REQUEST),
        ({"op": "ping"}, ErrorCode.BAD_REQUEST),
        ({"id": "1", "op": "ping"}, ErrorCode.BAD_REQUEST),
        ({"id": True, "op": "ping"}, ErrorCode.BAD_REQUEST),
        ({"id": -1, "op": "ping"}, ErrorCode.BAD_REQUEST),
        ({"id": 1.5, "op": "ping"}, ErrorCode.BAD_REQUEST),
        ({"id": 1}, ErrorCode.BAD_REQUEST),
        ({"id": 1, "op": 3}, ErrorCode.BAD_REQUEST),
        ({"id": 1, "op": "format_disk"}, ErrorCode.UNKNOWN_OP),
        ({"id": 1, "op": "ping", "extra": 1}, ErrorCode.INVALID_ARGUMENT),
        ({"id": 1, "op": "list_jobs"}, ErrorCode.INVALID_ARGUMENT),
        ({"id": 1, "op": "list_jobs", "runspace": "../etc"}, ErrorCode.INVALID_ARGUMENT),
        ({"id": 1, "op": "list_jobs", "runspace": "a/b"}, ErrorCode.INVALID_ARGUMENT),
        ({"id": 1, "op": "list_jobs", "runspace": ""}, ErrorCode.INVALID_ARGUMENT),
        ({"id": 1, "op": "list_jobs", "runspace": "x" * 65}, ErrorCode.INVALID_ARGUMENT),
        ({"id": 1, "op": "alloc_ids", "runspace": "r", "count": 0}, ErrorCode.INVALID_ARGUMENT),
        ({"id": 1, "op": "alloc_ids", "runspace": "r", "count": "2"}, ErrorCode.INVALID_ARGUMENT),
        ({"id": 1, "op": "alloc_ids", "runspace": "r", "count": True}, ErrorCode.INVALID_ARGUMENT),
        ({"id": 1, "op": "receive", "runspace": "r", "job": 0}, ErrorCode.INVALID_ARGUMENT),
        (
            {"id": 1, "op": "receive", "runspace": "r", "job": 1, "offset": -1},
            ErrorCode.INVALID_ARGUMENT,
        ),
        (
            {"id": 1, "op": "start_job", "runspace": "r", "command": "a\0b"},
            ErrorCode.INVALID_ARGUMENT,
        ),
        (
            {"id": 1, "op": "start_job", "runspace": "r", "command": "x", "argv": "a b"},
            ErrorCode.INVALID_ARGUMENT,
        ),
        (
            {"id": 1, "op": "start_job", "runspace": "r", "command": "x", "argv": [1]},
            ErrorCode.INVALID_ARGUMENT,
        ),
        (
            {"id": 1, "op": "start_job", "runspace": "r", "command": "x", "env": {"A B": "1"}},
            ErrorCode.INVALID_ARGUMENT,
        ),
        (
            {"id": 1, "op": "start_job", "runspace": "r", "command": "x", "env": {"A": 1}},
            ErrorCode.INVALID_ARGUMENT,
        ),
        ({"id": 1, "op": "read_file", "path": ""}, ErrorCode.INVALID_ARGUMENT),
        ({"id": 1, "op": "read_file", "path": 5}, ErrorCode.INVALID_ARGUMENT),
        ({"id": 1, "data": -1}, ErrorCode.BAD_REQUEST),
        ({"id": 1, "data": CHUNK_SIZE + 1}, ErrorCode.BAD_REQUEST),
        ({"id": 1, "data": 5, "op": "ping"}, ErrorCode.BAD_REQUEST),
    ],
)
def test_bad_requests_are_refused_with_a_code(message: object, code: str) -> None:
    assert refused(message).code == code


def test_a_refusal_carries_the_request_id_when_there_is_one() -> None:
    assert refused({"id": 41, "op": "nope"}).request_id == 41
    assert refused(b"[]\n").request_id is None


def test_null_is_accepted_only_where_the_schema_allows_it() -> None:
    ok = {"id": 1, "op": "start_job", "runspace": "r", "command": "x", "cwd": None}
    assert parse_client_line(line(ok)).args["cwd"] is None  # type: ignore[union-attr]
    assert refused({"id": 1, "op": "start_job", "runspace": "r", "command": None}).code == (
        ErrorCode.INVALID_ARGUMENT
    )


def test_data_headers_are_parsed() -> None:
    assert parse_client_line(encode_data_header(3, 10)) == DataHeader(3, 10)
    assert parse_client_line(encode_data_header(3, 0)) == DataHeader(3, 0)


def test_every_op_round_trips_through_encode_request() -> None:
    minimal: dict[str, dict[str, object]] = {
        "cancel": {"request": 1},
        "attach_runspace": {"runspace": "r"},
        "detach_runspace": {"runspace": "r"},
        "remove_runspace": {"runspace": "r"},
        "alloc_ids": {"runspace": "r", "count": 2},
        "start_job": {"runspace": "r", "command": "true"},
        "list_jobs": {"runspace": "r"},
        "receive": {"runspace": "r", "job": 1},
        "commit": {"runspace": "r", "job": 1, "offset": 0},
        "stop_job": {"runspace": "r", "job": 1},
        "remove_job": {"runspace": "r", "job": 1},
        "read_file": {"path": "/etc/hostname"},
        "write_file": {"path": "/tmp/x"},
    }
    for op in OPS:
        request = parse_client_line(encode_request(9, op, minimal.get(op, {})))
        assert isinstance(request, Request)
        assert (request.id, request.op) == (9, op)


def test_encode_request_refuses_what_the_agent_would_refuse() -> None:
    with pytest.raises(ProtocolError):
        encode_request(1, "alloc_ids", {"runspace": "r", "count": -3})


def test_agent_messages_are_classified() -> None:
    assert parse_agent_line(encode_ok(1, {"a": 1})) == Reply(1, True, {"a": 1})
    assert parse_agent_line(encode_error(2, "JobNotFound", "no job")) == Reply(
        2, False, None, "JobNotFound", "no job"
    )
    assert parse_agent_line(encode_error(None, "BadRequest", "x")) == Reply(
        None, False, None, "BadRequest", "x"
    )
    assert parse_agent_line(encode_data_header(4, 100)) == DataHeader(4, 100)
    assert parse_agent_line(encode_event("job", {"id": 1})) == Event("job", {"id": 1})
    with pytest.raises(ProtocolError):
        parse_agent_line(b'{"id": 1}\n')


def hello(version: int = VERSION) -> Hello:
    return Hello(version, 0, "a", 1, "web01", "alice", "/home/alice", "3.8.18", "/s", "b")


def test_hello_round_trips_and_another_major_version_is_refused() -> None:
    assert parse_agent_line(encode_hello(hello())) == hello()
    mismatch = json.loads(encode_hello(hello()))
    mismatch["version"] = VERSION + 1
    with pytest.raises(ProtocolError) as info:
        parse_agent_line(line(mismatch))
    assert info.value.code == ErrorCode.VERSION_MISMATCH
    assert "web01" in info.value.message and f"version {VERSION}" in info.value.message


def test_records_round_trip_and_derive_has_more_data() -> None:
    job = JobRecord(
        "r", 1, 2, "Job1", " sleep 1 ", "BackgroundJob", "localhost", "/", "Running", 1.0
    )
    assert JobRecord.from_wire(json.loads(json.dumps(job.to_wire()))) == job
    assert job.child_name == "Job2"
    assert job.has_more_data  # running, even with no output
    done = JobRecord(**{**job.to_wire(), "state": "Completed", "size": 10, "consumed": 10})
    assert not done.has_more_data
    assert JobRecord(**{**done.to_wire(), "consumed": 3}).has_more_data
    info = RunspaceInfo("r", "S1", "web01", "session", 1.0, "Attached", 5, True, {"Running": 2})
    assert RunspaceInfo.from_wire(json.loads(json.dumps(info.to_wire()))) == info
    assert info.job_count == 2
    with pytest.raises(ProtocolError):
        JobRecord.from_wire({"id": 1})
