"""What a demo host's session gives its child, decided without starting any process."""

from __future__ import annotations

import signal
from pathlib import Path

from rjkernel.demo.session import session_environment, shell_argv, signal_named


def test_session_environment_is_clean_and_accepts_locale_from_client() -> None:
    env = session_environment(
        home=Path("/h"), user="alice", path="/usr/bin:/bin", lang="C.UTF-8",
        client_env={"LC_ALL": "C", "LANG": "de_DE.UTF-8", "LD_PRELOAD": "x", "PATH": "/evil"},
    )
    assert env == {
        "PATH": "/usr/bin:/bin", "HOME": "/h", "USER": "alice", "LOGNAME": "alice",
        "SHELL": "/bin/sh", "LANG": "de_DE.UTF-8", "LC_ALL": "C",
    }


def test_exec_and_shell_requests_run_bin_sh() -> None:
    assert shell_argv("echo hi") == ["/bin/sh", "-c", "echo hi"]
    assert shell_argv(None) == ["/bin/sh"]


def test_signal_requests_name_signals() -> None:
    assert signal_named("TERM") == signal.SIGTERM
    assert signal_named("INT") == signal.SIGINT
    assert signal_named("NOPE") is None
