"""``[user@]host[:port]`` parsing and the names that must be refused."""

from __future__ import annotations

import pytest

from rjkernel.errors import PSError
from rjkernel.transport.hosts import (
    INVALID_COMPUTER_NAME,
    HostSpec,
    bad_user_name,
    parse_host_spec,
    valid_user,
)


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


# OpenSSH 9.6's valid_ruser() (ssh.c), after CVE-2023-51385; control characters as 10.x.
@pytest.mark.parametrize(
    "user",
    ["alice", "corp\\alice", "alice@example.com", "alice+ops", "Jean Dupont", "u-1", "o.k_"],
)
def test_user_names_openssh_accepts(user: str) -> None:
    assert valid_user(user)
    assert HostSpec("web01", user=user).user == user


@pytest.mark.parametrize(
    "user",
    [
        "", "root;touch /tmp/x;echo", "-oProxyCommand=x", "alice -x", "alice\\",
        "a'b", 'a"b', "a`id`", "$(id)", "a&b", "a|b", "a<b", "a>b", "{a}", "a\nb", "a\tb",
        "a\x00b", "a\x1bb",
    ],
)
def test_user_names_openssh_refuses(user: str) -> None:
    assert not valid_user(user)
    with pytest.raises(PSError) as caught:
        HostSpec("web01", user=user)  # no path reaches the transport unchecked
    assert caught.value.record.error_id == "ParameterArgumentValidationError"


def test_bad_user_name_error_names_the_parameter_and_the_rule() -> None:
    record = bad_user_name("UserName", "root;id").record
    assert record.message.startswith(
        "Cannot validate argument on parameter 'UserName'. The user name 'root;id' is not "
        "valid for SSH: a user name may not be empty, start with '-', contain any of "
    )
    assert (record.category, record.target) == ("InvalidData", "root;id")


def test_host_spec_checks_host_and_port() -> None:
    for bad in ({"host": "web01;id"}, {"host": "-x"}, {"host": "web01", "port": 0},
                {"host": "web01", "port": 65536}):
        with pytest.raises(PSError) as caught:
            HostSpec(**bad)  # type: ignore[arg-type]
        assert caught.value.record.error_id == "PSSessionInvalidComputerName"


def test_str_round_trips() -> None:
    for text in ("web01", "alice@web01:2222", "[::1]:2222", "bob@[::1]"):
        assert str(parse_host_spec(text)) == text
