"""The demo's files, rendered and parsed without starting any server."""

from __future__ import annotations

from pathlib import Path

import pytest

from rjkernel.demo.statedir import (
    check_host_name,
    default_state_dir,
    parse_ports,
    render_known_hosts,
    render_ssh_config,
)


def test_ssh_config_names_each_host_on_loopback() -> None:
    text = render_ssh_config(
        {"Server01": 40001, "Server02": 40002},
        user="alice",
        identity_file=Path("/s/id_ed25519"),
        known_hosts=Path("/s/known_hosts"),
    )
    block = text.split("Host Server02\n")[1]
    assert "    HostName 127.0.0.1\n" in block
    assert "    Port 40002\n" in block
    assert "    User alice\n" in block
    assert '    IdentityFile "/s/id_ed25519"\n' in block
    assert "    IdentitiesOnly yes\n" in block
    assert '    UserKnownHostsFile "/s/known_hosts"\n' in block
    assert "    StrictHostKeyChecking yes\n" in block
    assert text.count("Host Server01\n") == 1


def test_ssh_config_quotes_spaces_and_escapes_percent() -> None:
    text = render_ssh_config(
        {"Server01": 1},
        user="bob",
        identity_file=Path("/my dir/100%/id_ed25519"),
        known_hosts=Path("/k"),
    )
    assert 'IdentityFile "/my dir/100%%/id_ed25519"' in text


def test_ssh_config_refuses_paths_with_quotes() -> None:
    with pytest.raises(ValueError, match="quotes"):
        render_ssh_config(
            {"Server01": 1}, user="bob", identity_file=Path('/a"b'), known_hosts=Path("/k")
        )


def test_known_hosts_uses_bracketed_loopback_and_port() -> None:
    text = render_known_hosts(
        {"Server01": 40001, "Server02": 40002},
        {"Server01": "ssh-ed25519 AAAA1 c1", "Server02": "ssh-ed25519 AAAA2 c2"},
    )
    assert text == (
        "[127.0.0.1]:40001 ssh-ed25519 AAAA1 c1\n[127.0.0.1]:40002 ssh-ed25519 AAAA2 c2\n"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"Server01": 40001, "Server02": 40002}', {"Server01": 40001, "Server02": 40002}),
        ('{"Server01": 0, "Server02": 70000, "Other": 5}', {}),
        ('{"Server01": "40001"}', {}),
        ("[1, 2]", {}),
        ("not json", {}),
    ],
)
def test_parse_ports_keeps_only_valid_entries(text: str, expected: dict[str, int]) -> None:
    assert parse_ports(text, ("Server01", "Server02")) == expected


def test_default_state_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert default_state_dir() == tmp_path / "rjkernel" / "demo"
    monkeypatch.setenv("XDG_STATE_HOME", "relative/is/ignored")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_state_dir() == tmp_path / ".local" / "state" / "rjkernel" / "demo"


@pytest.mark.parametrize("name", ["", "-x", "a b", "a/b", "Server01\nHost *"])
def test_host_names_must_be_plain(name: str) -> None:
    with pytest.raises(ValueError, match="invalid demo host name"):
        check_host_name(name)
