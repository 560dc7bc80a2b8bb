"""Bytes that are not UTF-8 reach a file as they were (issue 8 item 12): a job's output
received with ``>``, ``>>`` or ``Out-File``, locally, from a session's job and from an
``-AsJob`` child, is byte for byte what the job wrote; only the screen shows U+FFFD.
Random bytes make every kind of invalid sequence, split across the spool's frames."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.fixtures.kernel import KernelDriver

pytestmark = pytest.mark.timeout(240)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "random.bin"
    path.write_bytes(os.urandom(200_000) + b"\nend \xff\xfe \xc3( tail\n")
    return path


def test_received_bytes_reach_files_as_they_were(remote_kernel: KernelDriver, source: Path,
                                                 tmp_path: Path) -> None:
    k = remote_kernel
    want = source.read_bytes()
    starts = {
        "local": f"$j = Start-Job {{ cat {source} }}",
        "session": f"$s = New-PSSession web01; $j = Invoke-Command -Session $s "
                   f"{{ Start-Job {{ cat {source} }} }}",
        "asjob": f"$j = Invoke-Command -ComputerName web02 -AsJob {{ cat {source} }}",
    }
    for kind, start in starts.items():
        out = tmp_path / f"{kind}.out"
        assert k.run(f"{start}; Wait-Job $j | Out-Null").status == "ok"
        shown = k.run("Receive-Job $j -Keep | Select-Object -Last 1")
        assert shown.stdout == "end \ufffd\ufffd \ufffd( tail\n", (kind, shown.stderr)
        assert k.run(f"Receive-Job $j -Keep > {out}").status == "ok"
        assert out.read_bytes() == want, kind
        assert k.run(f"Receive-Job $j -Keep >> {out}").status == "ok"
        assert out.read_bytes() == want * 2, kind
        assert k.run(f"Receive-Job $j | Out-File {out}").status == "ok"
        assert out.read_bytes() == want, kind


def test_a_blocks_output_reaches_a_file_as_it_was(remote_kernel: KernelDriver,
                                                  source: Path, tmp_path: Path) -> None:
    out = tmp_path / "block.out"
    cell = remote_kernel.run(f"Invoke-Command -ComputerName db01 {{ cat {source} }} > {out}")
    assert cell.status == "ok", cell.stderr
    assert out.read_bytes() == source.read_bytes()
