"""``[user@]host[:port]`` parsing and the names that must be refused."""

from __future__ import annotations

import pytest

from rjkernel.errors import PSError
from rjkernel.transport.hosts import INVALID_COMPUTER_NAME, HostSpec, parse_host_spec


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Server01", HostSpec("Server01")),
        ("alice@web01", HostSpec("web01", user="alice")),
        ("alice@web01:2222", HostSpec("web01", user="alice", port=2222)),
        ("127.0.0.12:2222", HostSpec("127.0.0.12", port=2222)),
        ("[::1]:2222", HostSpec("::1", port=2222)),
        ("[::1]", HostSpec("::1")),
        ("::1", HostSpec("::1")),
        ("root@[fe80::1%eth0]:22", HostSpec("fe80::1%eth0", user="root", port=22)),
        (".", HostSpec("localhost")),
        ("bob@.", HostSpec("localhost", user="bob")),
        ("corp\\alice@db01", HostSpec("db01", user="corp\\alice")),
        ("alice@example.com@db01", HostSpec("db01", user="alice@example.com")),
        ("web_01.example.com", HostSpec("web_01.example.com")),
    ],
)
def test_valid_specs(text: str, expected: HostSpec) -> None:
    assert parse_host_spec(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "web 01",
        "-oProxyCommand=touch /tmp/x",
        "-web01",
        "web01;id",
        "$(id)",
        "web01\n",
        "web\x0001",
        "@web01",
        "-alice@web01",
        "alice bob@web01",
        "web01:",
        "web01:0",
        "web01:65536",
        "web01:22x",
        "[::1",
        "[::1]x",
        "[web01]:22",
        "a:b:c",
        "http://web01",
    ],
)
def test_invalid_specs_raise_powershell_error(text: str) -> None:
    with pytest.raises(PSError) as caught:
        parse_host_spec(text)
    record = caught.value.record
    assert record.message == INVALID_COMPUTER_NAME
    assert (record.error_id, record.category) == ("PSSessionInvalidComputerName", "InvalidArgument")
    assert record.target == text


def test_str_round_trips() -> None:
    for text in ("web01", "alice@web01:2222", "[::1]:2222", "bob@[::1]"):
        assert str(parse_host_spec(text)) == text


def test_pool_key_ignores_key_files() -> None:
    assert HostSpec("a", key_files=("k",)).pool_key == HostSpec("a").pool_key
