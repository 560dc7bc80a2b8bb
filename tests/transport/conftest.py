"""Transport tests run as a kernel would: HOME is the sshd fixture's client HOME."""

from __future__ import annotations

import pytest

from tests.fixtures.sshd import SshdFixture


@pytest.fixture
def client_home(sshd: SshdFixture, monkeypatch: pytest.MonkeyPatch) -> SshdFixture:
    """The sshd fixture, with HOME pointing at its client HOME and no ssh-agent."""
    monkeypatch.setenv("HOME", str(sshd.home))
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    for variable in ("RJKERNEL_SSH_CONFIG", "RJKERNEL_KNOWN_HOSTS"):
        monkeypatch.delenv(variable, raising=False)
    return sshd
