"""The job agent's wire protocol: messages, version, and the validation of every request.

Shared by the agent (which runs on hosts with only a Python >= 3.8 standard library) and
the kernel's client, so it imports nothing but the standard library and does no I/O.

Rules of the protocol
=====================

1. A connection is one byte stream each way. Every message is one line: a UTF-8 JSON
   *object* followed by ``\\n``. The one exception is bulk data: a header line
   ``{"id": n, "data": k}`` is followed by exactly ``k`` raw bytes that belong to request
   ``n``. Nothing else is ever written to the stream.
2. The agent speaks first, once: ``{"type": "hello", "version": VERSION, ...}`` (see
   :class:`Hello`). A client refuses an agent whose ``version`` (the major version)
   differs from its own; ``minor`` grows when fields or ops are added compatibly.
3. A request is ``{"id": n, "op": name, ...arguments}``. ``n`` is an int chosen by the
   client, unique among its requests in flight. The arguments are exactly the fields
   :data:`OPS` lists for the op: a missing required field, a value of the wrong type or
   out of range, or a field the op does not know is refused.
4. Every request gets exactly one final reply, ``{"id": n, "ok": true, "result": ...}`` or
   ``{"id": n, "ok": false, "error": {"code": c, "message": m}}`` with ``c`` one of
   :class:`ErrorCode`. A line that is not a request gets an error reply with
   ``"id": null``. Replies to different requests come in any order.
5. Ops that return file contents (``receive``, ``read_file``) send them as bulk data
   chunks of at most :data:`CHUNK_SIZE` bytes before their final reply; chunks of
   different requests interleave, so a long transfer never holds up a ``stop_job``.
   Such a transfer is flow-controlled: the agent may have sent at most
   :data:`TRANSFER_WINDOW` bytes more than the client has granted back, with credit
   lines ``{"id": n, "credit": k}`` (no reply) as its consumer takes the data. So the
   client never has more than a window of a transfer buffered, and never has to stop
   reading its input because one consumer is slow.
6. ``write_file`` is followed by the client's own chunks with the request's id, ended by
   an empty chunk ``{"id": n, "data": 0}``. The reply comes after that end (or earlier,
   if the agent already failed; the client then stops sending and ends the upload).
7. Events are pushed unsolicited, at any time between other messages:
   ``{"event": "job", ...job record}`` when a job changes state or its spooled output
   grows (at most about ten times a second per job), ``{"event": "runspace", ...}`` when
   this agent loses a runspace to another one.
8. No value of a request is ever put into a shell command line: job text goes to
   ``/bin/sh -c`` as one argv element, argument values as further elements.
9. Relative paths in requests are relative to the agent user's home directory.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Mapping, NamedTuple, Optional

VERSION = 1
MINOR = 0

CHUNK_SIZE = 1 << 20
"""Largest bulk data chunk either side sends; also how finely transfers interleave."""

TRANSFER_WINDOW = 4 << 20
"""How far ahead of the client's credit the agent may send a transfer's data (rule 5)."""

MAX_LINE = 4 << 20
"""Longest JSON line a request may be; longer lines are refused unread."""

MAX_TEXT = 1 << 20
"""Longest command or script text a job may carry."""


class ErrorCode:
    """The ``code`` of an error reply: stable names the kernel maps to PowerShell errors."""

    BAD_REQUEST = "BadRequest"
    UNKNOWN_OP = "UnknownOp"
    INVALID_ARGUMENT = "InvalidArgument"
    DUPLICATE_ID = "DuplicateId"
    UNEXPECTED_DATA = "UnexpectedData"
    CANCELLED = "Cancelled"
    RUNSPACE_NOT_FOUND = "RunspaceNotFound"
    RUNSPACE_NOT_ATTACHED = "RunspaceNotAttached"
    RUNSPACE_IN_USE = "RunspaceInUse"
    RUNSPACE_HAS_RUNNING_JOBS = "RunspaceHasRunningJobs"
    JOB_NOT_FOUND = "JobNotFound"
    JOB_RUNNING = "JobRunning"
    INVALID_OFFSET = "InvalidOffset"
    DIRECTORY_NOT_FOUND = "DirectoryNotFound"
    PATH_NOT_FOUND = "PathNotFound"
    PERMISSION_DENIED = "PermissionDenied"
    IS_A_DIRECTORY = "IsADirectory"
    NOT_A_FILE = "NotAFile"
    IO_ERROR = "IOError"
    VERSION_MISMATCH = "VersionMismatch"
    INTERNAL = "Internal"


class OpFailed(Exception):
    """An op could not be done; ``code`` (an :class:`ErrorCode`) and ``message`` are replied."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class ProtocolError(OpFailed):
    """A message broke the rules above; ``request_id`` is set when the id could be read."""

    def __init__(self, code: str, message: str, request_id: int | None = None) -> None:
        super().__init__(code, message)
        self.request_id = request_id


# ---------------------------------------------------------------------------------------
# Field types: each checks one value and returns it (or its default when absent).

_MISSING: Any = object()


class Field:
    """One argument of an op: whether it is required, its default, and its check."""

    def __init__(self, *, required: bool = True, default: Any = None, nullable: bool = False):
        self.required = required
        self.default = default
        self.nullable = nullable

    def validate(self, name: str, value: Any) -> Any:
        if value is _MISSING:
            if self.required:
                raise ProtocolError(ErrorCode.INVALID_ARGUMENT, f"missing field {name!r}")
            return self.default
        if value is None and self.nullable:
            return None
        return self.check(name, value)

    def check(self, name: str, value: Any) -> Any:
        raise NotImplementedError


def _invalid(name: str, what: str) -> ProtocolError:
    return ProtocolError(ErrorCode.INVALID_ARGUMENT, f"field {name!r} must be {what}")


class Int(Field):
    def __init__(self, lo: int, hi: int, **kw: Any) -> None:
        super().__init__(**kw)
        self.lo, self.hi = lo, hi

    def check(self, name: str, value: Any) -> int:
        if type(value) is not int or not self.lo <= value <= self.hi:
            raise _invalid(name, f"an integer from {self.lo} to {self.hi}")
        return value


class Bool(Field):
    def check(self, name: str, value: Any) -> bool:
        if type(value) is not bool:
            raise _invalid(name, "true or false")
        return value


class Str(Field):
    """Text without NUL (it may become an argv element or a path), within a length."""

    def __init__(
        self, max_len: int, *, min_len: int = 0, pattern: str | None = None, **kw: Any
    ) -> None:
        super().__init__(**kw)
        self.max_len, self.min_len = max_len, min_len
        self.pattern = re.compile(pattern) if pattern else None

    def check(self, name: str, value: Any) -> str:
        if type(value) is not str or not self.min_len <= len(value) <= self.max_len:
            raise _invalid(name, f"a string of {self.min_len} to {self.max_len} characters")
        if "\0" in value:
            raise _invalid(name, "a string without NUL characters")
        if self.pattern is not None and not self.pattern.fullmatch(value):
            raise _invalid(name, f"a string matching {self.pattern.pattern}")
        return value


class StrList(Field):
    def __init__(self, item: Str, max_items: int, **kw: Any) -> None:
        super().__init__(**kw)
        self.item, self.max_items = item, max_items

    def check(self, name: str, value: Any) -> list[str]:
        if type(value) is not list or len(value) > self.max_items:
            raise _invalid(name, f"a list of at most {self.max_items} strings")
        return [self.item.check(f"{name}[{i}]", v) for i, v in enumerate(value)]


class StrMap(Field):
    def __init__(self, key: Str, value: Str, max_items: int, **kw: Any) -> None:
        super().__init__(**kw)
        self.key, self.value, self.max_items = key, value, max_items

    def check(self, name: str, value: Any) -> dict[str, str]:
        if type(value) is not dict or len(value) > self.max_items:
            raise _invalid(name, f"an object of at most {self.max_items} string values")
        return {
            self.key.check(f"{name} key", k): self.value.check(f"{name}[{k!r}]", v)
            for k, v in value.items()
        }


# Shared field shapes.
RUNSPACE_ID = r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}"
_RUNSPACE = Str(64, min_len=1, pattern=RUNSPACE_ID)
_JOB = Int(1, 2**31 - 1)
_OFFSET = Int(0, 2**62)
_LABEL = Str(256)
_PATH = Str(4096, min_len=1)
_TEXT = Str(MAX_TEXT)


def _label(default: str) -> Str:
    return Str(256, required=False, default=default)


OPS: dict[str, dict[str, Field]] = {
    "ping": {},
    "cancel": {"request": Int(0, 2**53)},
    "attach_runspace": {
        "runspace": _RUNSPACE,
        "name": _label(""),
        "computer": _label("localhost"),
        "kind": _label("session"),
        "takeover": Bool(required=False, default=True),
    },
    "detach_runspace": {"runspace": _RUNSPACE},
    "list_runspaces": {},
    "remove_runspace": {"runspace": _RUNSPACE, "force": Bool(required=False, default=False)},
    "alloc_ids": {"runspace": _RUNSPACE, "count": Int(1, 100_000)},
    "start_job": {
        "runspace": _RUNSPACE,
        "command": _TEXT,
        "argv": StrList(Str(MAX_TEXT), 4096, required=False, default=[]),
        "name": Str(256, required=False, nullable=True),
        "cwd": Str(4096, min_len=1, required=False, nullable=True),
        "init": Str(MAX_TEXT, required=False, nullable=True),
        "env": StrMap(
            Str(256, min_len=1, pattern=r"[A-Za-z_][A-Za-z0-9_]*"),
            Str(MAX_TEXT),
            1024,
            required=False,
            default={},
        ),
        "display_command": Str(MAX_TEXT, required=False, nullable=True),
        "type_name": _label("BackgroundJob"),
        "location": _label("localhost"),
    },
    "list_jobs": {"runspace": _RUNSPACE},
    "receive": {
        "runspace": _RUNSPACE,
        "job": _JOB,
        "offset": Int(0, 2**62, required=False, nullable=True),
    },
    "commit": {"runspace": _RUNSPACE, "job": _JOB, "offset": _OFFSET},
    "stop_job": {"runspace": _RUNSPACE, "job": _JOB},
    "remove_job": {
        "runspace": _RUNSPACE,
        "job": _JOB,
        "force": Bool(required=False, default=False),
    },
    "read_file": {"path": _PATH},
    "write_file": {"path": _PATH, "append": Bool(required=False, default=False)},
}
"""Every op and its arguments. An op's reply ``result`` is described by its handler."""

UPLOAD_OPS = frozenset({"write_file"})
"""Ops followed by client data chunks (rule 6)."""


# ---------------------------------------------------------------------------------------
# Messages.


class Request(NamedTuple):
    id: int
    op: str
    args: Dict[str, Any]


class DataHeader(NamedTuple):
    """Announces ``size`` raw bytes for request ``id`` right after this line."""

    id: int
    size: int


class Credit(NamedTuple):
    """The client took ``size`` more bytes of transfer ``id``: the agent may send them."""

    id: int
    size: int


class Reply(NamedTuple):
    id: Optional[int]
    ok: bool
    result: Any = None
    code: str = ""
    message: str = ""


class Event(NamedTuple):
    kind: str
    fields: Dict[str, Any]


_REQUEST_ID = Int(0, 2**53)
_DATA_SIZE = Int(0, CHUNK_SIZE)
_CREDIT = Int(1, 1 << 40)


def _load_object(line: bytes) -> dict[str, Any]:
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"not a JSON line: {exc}") from None
    if type(obj) is not dict:
        raise ProtocolError(ErrorCode.BAD_REQUEST, "a message must be a JSON object")
    return obj


def parse_client_line(line: bytes) -> Request | DataHeader | Credit:
    """Validate one line from the client: a request, an upload chunk's header, a credit.

    Raises :class:`ProtocolError` (carrying the request id when one could be read) for
    anything that breaks rules 1, 3, 5 or 6.
    """
    obj = _load_object(line)
    if "id" not in obj:
        raise ProtocolError(ErrorCode.BAD_REQUEST, "a request needs an integer 'id'")
    try:
        request_id = _REQUEST_ID.check("id", obj.pop("id"))
    except ProtocolError as exc:
        raise ProtocolError(ErrorCode.BAD_REQUEST, exc.message) from None
    for kind, size_field, message_type in (
        ("data", _DATA_SIZE, DataHeader),
        ("credit", _CREDIT, Credit),
    ):
        if kind in obj:
            if len(obj) != 1:
                raise ProtocolError(
                    ErrorCode.BAD_REQUEST, f"a {kind} line has only id and {kind}", request_id
                )
            try:
                return message_type(request_id, size_field.check(kind, obj[kind]))
            except ProtocolError as exc:
                raise ProtocolError(ErrorCode.BAD_REQUEST, exc.message, request_id) from None
    op = obj.pop("op", None)
    if type(op) is not str:
        raise ProtocolError(ErrorCode.BAD_REQUEST, "a request needs a string 'op'", request_id)
    try:
        return Request(request_id, op, validate_args(op, obj))
    except ProtocolError as exc:
        exc.request_id = request_id
        raise


def validate_args(op: str, args: Mapping[str, Any]) -> dict[str, Any]:
    """Check ``args`` against ``OPS[op]``; return them with defaults filled in."""
    schema = OPS.get(op)
    if schema is None:
        raise ProtocolError(ErrorCode.UNKNOWN_OP, f"unknown op {op!r}")
    unknown = sorted(set(args) - set(schema))
    if unknown:
        raise ProtocolError(
            ErrorCode.INVALID_ARGUMENT, f"unknown field(s) for {op}: {', '.join(unknown)}"
        )
    return {name: f.validate(name, args.get(name, _MISSING)) for name, f in schema.items()}


def _line(obj: Mapping[str, Any]) -> bytes:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode() + b"\n"


def encode_request(request_id: int, op: str, args: Mapping[str, Any]) -> bytes:
    """A request line; the arguments are validated here too, so a client bug fails early."""
    checked = validate_args(op, args)
    return _line({"id": request_id, "op": op, **checked})


def encode_hello(hello: Hello) -> bytes:
    return _line(hello.to_wire())


def encode_data_header(request_id: int, size: int) -> bytes:
    return _line({"id": request_id, "data": size})


def encode_credit(request_id: int, size: int) -> bytes:
    return _line({"id": request_id, "credit": size})


def encode_ok(request_id: int, result: Any) -> bytes:
    return _line({"id": request_id, "ok": True, "result": result})


def encode_error(request_id: int | None, code: str, message: str) -> bytes:
    return _line({"id": request_id, "ok": False, "error": {"code": code, "message": message}})


def encode_event(kind: str, fields: Mapping[str, Any]) -> bytes:
    return _line({"event": kind, **fields})


def parse_agent_line(line: bytes) -> Hello | Reply | DataHeader | Event:
    """Classify one line from the agent; raises :class:`ProtocolError` if it is malformed."""
    obj = _load_object(line)
    if "event" in obj:
        kind = obj.pop("event")
        if type(kind) is not str:
            raise ProtocolError(ErrorCode.BAD_REQUEST, "an event needs a string 'event'")
        return Event(kind, obj)
    if obj.get("type") == "hello":
        return Hello.from_wire(obj)
    if "id" not in obj:
        raise ProtocolError(ErrorCode.BAD_REQUEST, "an agent message needs 'id', 'event' or 'type'")
    request_id = obj["id"]
    if request_id is not None and type(request_id) is not int:
        raise ProtocolError(ErrorCode.BAD_REQUEST, "'id' must be an integer or null")
    if "data" in obj:
        if request_id is None:
            raise ProtocolError(ErrorCode.BAD_REQUEST, "a data header needs an integer 'id'")
        return DataHeader(request_id, _DATA_SIZE.check("data", obj["data"]))
    ok = obj.get("ok")
    if ok is True:
        return Reply(request_id, True, obj.get("result"))
    error = obj.get("error")
    if ok is not False or type(error) is not dict:
        raise ProtocolError(ErrorCode.BAD_REQUEST, "a reply needs 'ok' and 'result' or 'error'")
    return Reply(request_id, False, None, str(error.get("code", "")), str(error.get("message", "")))


# ---------------------------------------------------------------------------------------
# Records shared by both sides: what the agent reports and the kernel consumes.

RUNNING = "Running"
COMPLETED = "Completed"
FAILED = "Failed"
STOPPED = "Stopped"
FINISHED_STATES = frozenset({COMPLETED, FAILED, STOPPED})
"""Job states as PowerShell names them; the agent only ever reports these four."""

ATTACHED = "Attached"
DISCONNECTED = "Disconnected"


def _fields_of(record: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """A record's fields as a dict (``dataclasses.asdict`` deep-copies: far slower)."""
    return {name: getattr(record, name) for name in names}


def _from_wire(cls: Callable[..., Any], obj: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    try:
        return cls(**{name: obj[name] for name in names if name in obj})
    except TypeError as exc:
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"malformed {cls.__name__}: {exc}") from None


@dataclass(frozen=True)
class Hello:
    """What the agent says about itself and its host, first thing on a connection."""

    version: int
    minor: int
    agent: str
    pid: int
    host: str
    user: str
    home: str
    python: str
    state_dir: str
    boot_id: str

    def to_wire(self) -> dict[str, Any]:
        return {"type": "hello", **_fields_of(self, _HELLO_FIELDS)}

    @classmethod
    def from_wire(cls, obj: Mapping[str, Any]) -> Hello:
        version = obj.get("version")
        if version != VERSION:
            raise ProtocolError(
                ErrorCode.VERSION_MISMATCH,
                f"the job agent on {obj.get('host', 'the host')} speaks protocol version "
                f"{version!r} and this rjkernel speaks version {VERSION}: "
                "use the same rjkernel version on both sides",
            )
        return _from_wire(cls, obj, _HELLO_FIELDS)  # type: ignore[no-any-return]


_HELLO_FIELDS = tuple(Hello.__dataclass_fields__)


@dataclass(frozen=True)
class JobRecord:
    """One job as the agent stores it: a PowerShell parent job with its single child.

    ``id``/``name`` are the parent's (``Job<id>`` unless named), ``child_id`` is
    ``id + 1`` named ``Job<child_id>`` (PowerShell's Id rule). ``size`` is the length of
    the job's spool up to its last complete frame, ``consumed`` how much of it
    ``Receive-Job`` without ``-Keep`` has taken. Times are Unix seconds.
    """

    runspace: str
    id: int
    child_id: int
    name: str
    command: str
    type_name: str
    location: str
    cwd: str
    state: str
    begin: float
    end: Optional[float] = None
    exit_code: Optional[int] = None
    signal: Optional[int] = None
    reason: Optional[str] = None
    size: int = 0
    consumed: int = 0

    @property
    def child_name(self) -> str:
        return f"Job{self.child_id}"

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES

    @property
    def has_more_data(self) -> bool:
        """PowerShell's HasMoreData of the child: still running, or output not yet received."""
        return not self.finished or self.consumed < self.size

    def to_wire(self) -> dict[str, Any]:
        return _fields_of(self, _JOB_FIELDS)

    @classmethod
    def from_wire(cls, obj: Mapping[str, Any]) -> JobRecord:
        return _from_wire(cls, obj, _JOB_FIELDS)  # type: ignore[no-any-return]


_JOB_FIELDS = tuple(JobRecord.__dataclass_fields__)


@dataclass(frozen=True)
class RunspaceInfo:
    """A runspace in the store: ``state`` is Attached while a live agent holds it."""

    id: str
    name: str
    computer: str
    kind: str
    created: float
    state: str
    owner_pid: Optional[int] = None
    attached_here: bool = False
    job_states: Dict[str, int] = field(default_factory=dict)

    @property
    def job_count(self) -> int:
        return sum(self.job_states.values())

    def to_wire(self) -> dict[str, Any]:
        wire = _fields_of(self, _RUNSPACE_FIELDS)
        wire["job_states"] = dict(self.job_states)
        return wire

    @classmethod
    def from_wire(cls, obj: Mapping[str, Any]) -> RunspaceInfo:
        return _from_wire(cls, obj, _RUNSPACE_FIELDS)  # type: ignore[no-any-return]


_RUNSPACE_FIELDS = tuple(RunspaceInfo.__dataclass_fields__)
