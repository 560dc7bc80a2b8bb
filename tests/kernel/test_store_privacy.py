"""The job store is the user's alone (issue 8 items 7 and 8): every directory 0700,
every file and socket 0600 whatever the umask, locally and on a host; and a symbolic
link anywhere in it — the store itself, ``run/``, ``runspaces/``, ``asjob/`` — is
refused with a clear error, never followed. Real kernels, their real job agents, and
an sshd of this module's own (its hosts' stores are changed here)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.kernel import KernelDriver
from tests.fixtures.sshd import SshdFixture, start_sshd

pytestmark = pytest.mark.timeout(240)

LINK_REFUSED = "is a symbolic link. The job store must be a real directory"


@pytest.fixture(scope="module")
def store_sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SshdFixture]:
    fixture = start_sshd(tmp_path_factory.mktemp("store-sshd"))
    yield fixture
    fixture.stop()


def remote_store(sshd: SshdFixture, host: str) -> Path:
    home = sshd.hosts[host].home
    assert home is not None
    return home / ".local" / "state" / "rjkernel"


def too_wide(root: Path) -> list[str]:
    """Entries under ``root`` (itself included) that are links, or not private."""
    wrong = []
    for top, dirs, files in os.walk(root):
        for path in [top, *(os.path.join(top, n) for n in dirs + files)]:
            mode = os.lstat(path).st_mode
            want = 0o700 if stat.S_ISDIR(mode) else 0o600
            if stat.S_ISLNK(mode) or stat.S_IMODE(mode) != want:
                wrong.append(f"{path} {stat.filemode(mode)}")
    return wrong


def sockets(root: Path) -> list[Path]:
    return [p for p in (root / "run").iterdir() if stat.S_ISSOCK(p.lstat().st_mode)]


def test_everything_in_the_store_is_private_whatever_the_umask(
        start_kernel, store_sshd: SshdFixture, tmp_path: Path) -> None:
    old = os.umask(0)  # the kernel and its local agent inherit it
    try:
        k: KernelDriver = start_kernel(store_sshd.env, state=tmp_path / "store")
    finally:
        os.umask(old)
    local = k.run("Start-Job { echo local } | Receive-Job -Wait")
    assert local.stdout == "local\n", local.stderr
    remote = k.run("$s = New-PSSession web01; "
                   "Invoke-Command -Session $s { Start-Job { echo remote } | Receive-Job -Wait }")
    assert remote.stdout == "remote\n", remote.stderr
    asjob = k.run("Invoke-Command -ComputerName web02 -AsJob { echo x } | Receive-Job -Wait")
    assert asjob.stdout == "x\n", asjob.stderr
    assert (tmp_path / "store" / "asjob").is_dir()  # the -AsJob spools are checked too
    for store in (tmp_path / "store", remote_store(store_sshd, "web01")):
        assert sockets(store), f"no live agent socket in {store}"  # checked while alive
        assert too_wide(store) == []


def test_a_linked_store_is_refused(start_kernel, store_sshd: SshdFixture,
                                   tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    link = tmp_path / "store-link"
    link.symlink_to(shared)
    k = start_kernel(store_sshd.env, state=link)
    for cell in ("Start-Job { echo hi }", "Invoke-Command -ComputerName web01 -AsJob { echo hi }"):
        ran = k.run(cell)
        assert ran.status == "error"
        assert f"{link} {LINK_REFUSED}" in ran.stderr, ran.stderr
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert list(shared.iterdir()) == []


@pytest.mark.parametrize(("name", "cell"), [
    ("run", "Start-Job { echo hi }"),
    ("runspaces", "Start-Job { echo hi }"),
    ("asjob", "Invoke-Command -ComputerName web01 -AsJob { echo hi }"),
])
def test_a_linked_level_is_refused(start_kernel, store_sshd: SshdFixture, tmp_path: Path,
                                   name: str, cell: str) -> None:
    store, elsewhere = tmp_path / "store", tmp_path / "elsewhere"
    store.mkdir(mode=0o700)
    elsewhere.mkdir()
    (store / name).symlink_to(elsewhere)
    k = start_kernel(store_sshd.env, state=store)
    ran = k.run(cell)
    assert ran.status == "error"
    assert f"{store / name} {LINK_REFUSED}" in ran.stderr, ran.stderr
    assert list(elsewhere.iterdir()) == []


def test_a_host_with_a_linked_store_is_refused(start_kernel, store_sshd: SshdFixture,
                                               tmp_path: Path) -> None:
    store = remote_store(store_sshd, "db01")
    store.parent.mkdir(parents=True, exist_ok=True)
    shared = tmp_path / "host-shared"
    shared.mkdir()
    shared.chmod(0o1777)
    store.symlink_to(shared)
    try:
        k = start_kernel(store_sshd.env)
        ran = k.run("$s = New-PSSession db01; Invoke-Command -Session $s { Start-Job { echo hi } }")
        assert ran.status == "ok"  # a remote block's error is Invoke-Command's, non-terminating
        assert f"{store} {LINK_REFUSED}" in ran.stderr, ran.stderr
        assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
        assert list(shared.iterdir()) == []
    finally:
        store.unlink()
