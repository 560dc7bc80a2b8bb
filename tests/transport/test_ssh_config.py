"""ClientConfig (the ssh config read once, evaluated per host) against asyncssh's own parse.

Each host is evaluated both ways from the same files; the options must be equal. The
config exercises what people write: global options, literal and wildcard blocks,
negation, comma lists, ``=`` syntax, Match, %-tokens, ProxyJump/ProxyCommand, unknown
keywords, and an Include of a ``config.d`` directory.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import pytest
from asyncssh.config import ConfigParseError, SSHClientConfig

from rjkernel.transport.ssh_config import ClientConfig

CONFIG = """\
# global
Compression no
ServerAliveInterval=30
Include config.d/*.conf

Host web01 web02,web03
  HostName %h.example.com
  User deploy
  IdentityFile ~/.ssh/id_%h_%r

Host db*
  Port 2201
  ProxyJump deploy@bastion:2222

Host !db01 *.corp
  ForwardAgent yes

Host = proxied
  ProxyCommand /bin/sh -c "exec nc %h %p"
  HostName 10.0.0.7

Match originalhost web02 user deploy
  RequestTTY no

Match host *.example.com
  Ciphers aes128-gcm@openssh.com

Host unknownopts
  FrobnicateLevel 11
  Port=2222

Host *
  User fallback
  UserKnownHostsFile ~/.ssh/known_hosts_test
  IdentityFile ~/.ssh/id_ed25519
"""

INCLUDED = """\
Host fromdir
  HostName 192.0.2.1
  Port 2022

Host web03
  ServerAliveCountMax 9
"""

HOSTS = [
    ("web01", None, None), ("web02", None, None), ("web02", "alice", None),
    ("web03", None, 2200), ("db01", None, None), ("db02", "bob", None), ("x.corp", None, None),
    ("proxied", None, None), ("unknownopts", None, None), ("fromdir", None, None),
    ("nothing", None, None), ("WEB01", None, None),
]


@pytest.fixture
def config_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path))
    ssh = tmp_path / ".ssh"
    (ssh / "config.d").mkdir(parents=True)
    (ssh / "config").write_text(CONFIG)
    (ssh / "config.d" / "fleet.conf").write_text(INCLUDED)
    return ssh / "config"


def _asyncssh(path: Path, host: str, user: str | None, port: int | None) -> dict[str, object]:
    config = SSHClientConfig.load(None, [path], False, False, False, getpass.getuser(),
                                  user if user is not None else (), host,  # type: ignore[arg-type]
                                  port if port is not None else ())  # type: ignore[arg-type]
    return config.get_options(False)


@pytest.mark.parametrize(("host", "user", "port"), HOSTS)
def test_same_options_as_asyncssh(config_files: Path, host: str, user: str | None,
                                  port: int | None) -> None:
    ours = ClientConfig([config_files]).for_host(host, user, port).get_options(False)
    assert ours == _asyncssh(config_files, host, user, port)


def test_one_parse_serves_every_host_until_a_file_changes(config_files: Path) -> None:
    config = ClientConfig([config_files])
    first = config.for_host("web01")
    assert config.for_host("web01") is first  # cached per host
    assert first.get("Hostname") == "web01.example.com"
    included = config_files.parent / "config.d" / "fleet.conf"
    included.write_text(INCLUDED.replace("2022", "2023"))
    assert config.for_host("fromdir").get("Port") == 2023  # an included file changed
    (config_files.parent / "config.d" / "more.conf").write_text("Host newhost\n  Port 7\n")
    assert config.for_host("newhost").get("Port") == 7  # a file added to the directory
    config_files.write_text(CONFIG.replace("User deploy", "User ops"))
    assert config.for_host("web01").get("User") == "ops"


def test_errors_are_asyncssh_errors_at_the_same_line(config_files: Path) -> None:
    config_files.write_text("Host a\n  Port 1\nHost b\n  Port 'x\n")
    for host in ("a", "b"):  # an unsplittable line fails every host, as in asyncssh
        with pytest.raises(ConfigParseError, match=r"config line 4: No closing quotation"):
            ClientConfig([config_files]).for_host(host)
    config_files.write_text("Host a\n  Port many\nHost b\n  Port 1\n")
    with pytest.raises(ConfigParseError, match="config line 2: Invalid Port integer value"):
        ClientConfig([config_files]).for_host("a")
    assert ClientConfig([config_files]).for_host("b").get("Port") == 1


def test_missing_file_is_an_empty_config(tmp_path: Path) -> None:
    config = ClientConfig([tmp_path / "absent"])
    assert config.for_host("h").get("Hostname") is None
    (tmp_path / "absent").write_text("Host h\n  HostName 192.0.2.9\n")
    assert config.for_host("h").get("Hostname") == "192.0.2.9"


def test_default_path_is_home_ssh_config(config_files: Path) -> None:
    assert os.environ["HOME"] == str(config_files.parent.parent)
    assert ClientConfig().for_host("db01").get("Port") == 2201
