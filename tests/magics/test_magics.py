"""``%load_ext rjkernel`` in ipykernel's own Python kernel (issue 10, part 1).

Every test drives a real Python kernel process through jupyter_client, as JupyterLab
does, with the suite's real sshd hosts in its ssh config. What Python sees is checked
by Python code in the kernel that prints ``repr``s; what the notebook shows by the
messages.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rjkernel.live.widgets import WIDGET_VIEW
from tests.fixtures.kernel import Cell, KernelDriver
from tests.fixtures.sshd import SshdFixture

pytestmark = pytest.mark.timeout(240)


@pytest.fixture
def py(start_kernel: Any, sshd: SshdFixture, tmp_path: Path) -> Iterator[KernelDriver]:
    """A Python kernel that has loaded the extension; its journal is under tmp/state."""
    env = {**sshd.env, "JPY_SESSION_NAME": "python interop.ipynb"}
    k = start_kernel(env, home=Path(sshd.env["HOME"]), state=tmp_path / "state",
                     kernel_name="python3")
    assert ok(k, "%load_ext rjkernel")
    yield k


def ok(k: KernelDriver, code: str) -> Cell:
    cell = k.run(code)
    assert cell.status == "ok", (cell.stderr, cell.reply.get("traceback"))
    return cell


def value(k: KernelDriver, expression: str) -> Any:
    """A Python expression evaluated in the kernel, brought back as JSON."""
    return json.loads(ok(k, f"import json; print(json.dumps({expression}, default=str))").stdout)


def test_inputs_and_outputs_round_trip_every_type(py: KernelDriver) -> None:
    ok(py, "import datetime as dt, pandas as pd\n"
           "s, i, f, b, n = 'web01', 41, 2.5, True, None\n"
           "l, t, d = ['a', 'b'], (1, 2, 3), {'k': 'v', 'nested': {'x': [1, 2]}}\n"
           "when = dt.datetime(2026, 12, 3, 6, 30, 15)\n"
           "series = pd.Series([10, 20, 12])")
    shown = ok(py, "%%rj -i s,i,f,b,n -i l -i t -i d -i when -i series -o back -o span\n"
                   "$back = [ordered]@{ s = \"$s!\"; i = $i + 1; f = $f * 2; b = -not $b; "
                   "n = $null -eq $n; l = $l + 'c'; t = $t[-1]; d = $d.nested.x.Count; "
                   "when = $when.AddDays(1); series = ($series | Measure-Object -Sum).Sum; "
                   "types = @($s, $i, $f, $b, $when) | ForEach-Object { $_.GetType().Name } }\n"
                   "$span = New-TimeSpan -Seconds 90\n"
                   "Write-Output 'shown as PowerShell shows it'")
    assert shown.stdout == "shown as PowerShell shows it\n", [m["content"] for m in shown.messages]
    back = value(py, "{k: [repr(v), type(v).__name__] for k, v in back.items()}")
    assert back == {
        "s": ["'web01!'", "RJLine"], "i": ["42", "int"], "f": ["5.0", "float"],
        "b": ["False", "bool"], "n": ["True", "bool"], "l": ["['a', 'b', 'c']", "list"],
        "t": ["3", "int"], "d": ["2", "int"],
        "when": ["datetime.datetime(2026, 12, 4, 6, 30, 15)", "datetime"],
        "series": ["42.0", "float"],  # Measure-Object's Sum is a Double
        "types": ["['String', 'Int32', 'Double', 'Boolean', 'DateTime']", "list"],
    }
    assert value(py, "[repr(span), type(back).__name__]") == [
        "datetime.timedelta(seconds=90)", "dict"]


def test_line_magic_returns_lines_that_know_their_host(py: KernelDriver) -> None:
    ok(py, "%rj $fj = Invoke-Command -ComputerName web01,web02 -AsJob "
           "-ScriptBlock { echo one; echo two }; Wait-Job $fj | Out-Null")
    ok(py, "lines = %rj Receive-Job $fj -Keep\n"
           "by_host = (%rj Receive-Job $fj -Keep).to_pandas().groupby('PSComputerName')")
    lines = value(py, "sorted([l, l.PSComputerName, l.Stream, type(l.JobId).__name__, "
                      "isinstance(l, str)] for l in lines)")
    assert lines == [["one", "web01", "Output", "int", True], ["one", "web02", "Output", "int",
                     True], ["two", "web01", "Output", "int", True],
                     ["two", "web02", "Output", "int", True]]
    assert value(py, "list((%rj Receive-Job $fj -Keep).to_pandas().columns)") == [
        "PSComputerName", "Stream", "Line", "JobId", "ParentJobId", "Timestamp"]
    assert value(py, "by_host.size().to_dict()") == {"web01": 2, "web02": 2}
    assert value(py, "list((%rj Get-Job).to_pandas().columns)[:4]") == [
        "State", "HasMoreData", "StatusMessage", "Location"]
    assert value(py, "(%rj Write-Output 1, 2.5).to_pandas().to_dict('list')") == {
        "Value": [1, 2.5]}
    assert value(py, "(%rj [pscustomobject]@{ Host = 'web01'; Up = $true })"
                     ".to_pandas().to_dict('records')") == [{"Host": "web01", "Up": True}]


def test_stderr_lines_reach_pandas_as_error_rows_with_2_redirect(py: KernelDriver) -> None:
    ok(py, "%rj $ej = Invoke-Command -ComputerName web01,web02 -AsJob -ScriptBlock { "
           "echo fine; echo 'disk low' >&2 }; Wait-Job $ej | Out-Null")
    ok(py, "frame = (%rj Receive-Job $ej -Keep 2>&1).to_pandas()\n"
           "kids = %rj $ej.ChildJobs | ForEach-Object { \"$($_.Location)=$($_.Id)\" }")
    rows = value(py, "sorted(frame[['PSComputerName', 'Stream', 'Line']].values.tolist())")
    assert rows == [["web01", "Error", "disk low"], ["web01", "Output", "fine"],
                    ["web02", "Error", "disk low"], ["web02", "Output", "fine"]]
    parent, children = value(py, "[(%rj $ej.Id)[0], dict(s.split('=') for s in kids)]")
    assert value(py, "sorted(set(zip(frame.PSComputerName, frame.JobId.astype(str), "
                     "frame.ParentJobId)))") == [
        ["web01", children["web01"], parent], ["web02", children["web02"], parent]]
    # without 2>&1 the errors stay on the error stream: shown, not returned, no RJError
    bare = ok(py, "out = %rj Receive-Job $ej -Keep\nprint(sorted(out))")
    assert bare.stdout == "['fine', 'fine']\n" and bare.stderr == "disk low\ndisk low\n"


def test_rj_inside_python_blocks_async_defs_and_after_code(py: KernelDriver) -> None:
    ok(py, "seen = []\nfor h in ['a', 'b']:\n    if h:\n        r = %rj Write-Output \"x$h\"\n"
           "        seen.append(r[0])\nwith open('/dev/null'):\n    %rj $with = 1")
    assert value(py, "seen + list(%rj $with)") == ["xa", "xb", 1]
    ok(py, "async def count(state):\n    jobs = %rj @(Get-Job -State $state).Count\n"
           "    return %rj $null; 2 * 3\nn = await count('Running')")
    assert value(py, "n") == [6]
    ok(py, "x = 1; y = %rj 40 + 2")
    assert value(py, "y") == [42]
    plain = ok(py, "def f():\n    return %rj 1\nprint(repr(f()))")
    assert "%rj did not run: it cannot wait inside a plain def" in plain.stdout


def test_sessions_and_jobs_are_live_read_only_objects(py: KernelDriver, tmp_path: Path
                                                      ) -> None:
    gate = tmp_path / "gate"
    ok(py, "%rj $s = New-PSSession web01")
    ok(py, "sess = (%rj $s)[0]\n"
           f"job = (%rj Invoke-Command -Session $s {{ Start-Job {{ "
           f"while [ ! -e {gate} ]; do sleep 0.05; done }} }})[0]")
    assert value(py, "[sess.ComputerName, sess.State, job.State, job.PSComputerName]") == [
        "web01", "Opened", "Running", "web01"]
    ok(py, "try:\n    job.State = 'Stopped'\nexcept AttributeError as e:\n    refusal = str(e)")
    assert "read-only" in value(py, "refusal")
    gate.touch()
    ok(py, "%rj Invoke-Command -Session $s { Wait-Job -Id 1 } | Out-Null")
    assert value(py, "job.State") == "Completed"  # the same object, read again
    ok(py, "%rj Remove-PSSession $s")
    assert value(py, "sess.State") == "Closed"


def test_errors_raise_a_python_exception_with_the_record(py: KernelDriver) -> None:
    # a non-terminating error is shown and the cell goes on, as the rjkernel kernel
    # replies ok for it (issue 7); a terminating one raises (about_CommonParameters)
    shown = py.run("%%rj\nWrite-Output before\nGet-Job -Id 999\nWrite-Output after")
    assert (shown.status, shown.stdout) == ("ok", "before\nafter\n")
    assert "Get-Job: The command cannot find a job with the job ID 999" in shown.stderr
    failed = py.run("%%rj\nWrite-Output before\nGet-Job -Id 999 -ErrorAction Stop\n"
                    "Write-Output after")
    assert failed.status == "error" and failed.ename == "RJError"
    assert failed.stdout == "before\n"
    assert "Get-Job: The command cannot find a job with the job ID 999" in failed.stderr
    parse = py.run("%%rj\n$x = (")
    assert parse.ename == "RJError"
    assert any("An expression was expected after '('" in line
               for line in parse.reply["traceback"])
    ok(py, "try:\n    %rj Get-Job -Name nope -ErrorAction Stop\nexcept Exception as e:\n"
           "    caught = e")
    assert value(py, "[type(caught).__name__, caught.record.error_id, "
                     "caught.record.category, issubclass(type(caught), Exception)]") == [
        "RJError", "JobWithSpecifiedNameNotFound", "ObjectNotFound", True]


def test_one_engine_across_cells_with_entered_sessions(py: KernelDriver) -> None:
    ok(py, "%rj $es = New-PSSession web02 -Name ops")
    entered = ok(py, "%%rj\nEnter-PSSession $es")
    inside = ok(py, "%%rj\n$where = hostname; echo \"in $env:HOME\"")
    assert inside.stdout.startswith("[web02]: PS ")
    assert "web02" in inside.stdout.splitlines()[1]
    ok(py, "%rj Exit-PSSession")
    assert value(py, "str((%rj Get-PSSession -Name ops)[0].State)") == "Opened"
    assert entered.stderr == ""


def test_a_live_table_keeps_changing_after_the_cell(py: KernelDriver, tmp_path: Path) -> None:
    gate = tmp_path / f"gate-{uuid.uuid4().hex[:6]}"
    cell = ok(py, f"%%rj\n$lt = Start-Job {{ while [ ! -e {gate} ]; do sleep 0.05; done }}\n$lt")
    shown, bar = cell.displays  # the table (HTML, updated in place) and its action bar
    assert set(shown["data"]) == {"text/html", "text/plain"}
    assert WIDGET_VIEW in bar["data"]
    assert "Running" in shown["data"]["text/plain"]
    display_id = shown["transient"]["display_id"]
    later = ok(py, "x = 1")  # a Python cell: the kernel is idle after it
    gate.touch()

    def final(msg: dict[str, Any]) -> bool:
        content = msg["content"]
        return (msg["msg_type"] == "update_display_data"
                and content["transient"].get("display_id") == display_id
                and "rj-snapshot" not in content["data"].get("text/html", "rj-snapshot"))

    update = py.iopub_until(final)
    assert "Completed" in update["content"]["data"]["text/plain"]
    assert update["parent_header"]["msg_id"] == later.msg_id


def test_interrupt_stops_the_wait_not_the_job_nor_the_kernel(py: KernelDriver,
                                                              tmp_path: Path) -> None:
    gate = tmp_path / "gate"
    ok(py, f"%rj $w = Start-Job {{ while [ ! -e {gate} ]; do sleep 0.05; done }}")
    cell = py.submit("%%rj\nWrite-Host waiting\nWait-Job $w")
    seen: dict[str, float] = {}

    def watch(msg: dict[str, Any]) -> None:
        if msg["msg_type"] == "stream" and "waiting" in msg["content"]["text"] and not seen:
            py.interrupt()
            seen["at"] = time.monotonic()

    py.collect(cell, timeout=60, on_message=watch)
    assert seen and time.monotonic() - seen["at"] < 5
    assert cell.status == "error" and cell.ename == "KeyboardInterrupt"
    assert "Background jobs keep running" in cell.stderr
    assert py.alive
    assert value(py, "(%rj $w.State)[0]") == "Running"
    gate.touch()
    ok(py, "%rj Wait-Job $w | Out-Null")
    assert value(py, "(%rj $w.State)[0]") == "Completed"


def test_completion_inside_rj_cells(py: KernelDriver) -> None:
    def complete(code: str) -> tuple[list[str], str]:
        msg_id = py.kc.complete(code, len(code))
        while True:
            reply = py.kc.get_shell_msg(timeout=30)
            if reply["parent_header"].get("msg_id") == msg_id:
                content = reply["content"]
                return content["matches"], code[content["cursor_start"]:content["cursor_end"]]

    ok(py, "%config Completer.use_jedi = False")  # jedi's first run is slow; not ours
    assert complete("%%rj -o x\n$x = Get-Jo") == (["Get-Job"], "Get-Jo")
    matches, replaced = complete("jobs = %rj Get-Job -Sta")
    assert matches == ["-State"] and replaced == "-Sta"
    assert "import" in complete("impo")[0]  # Python cells complete as Python


def test_cells_are_journaled_like_the_kernels(py: KernelDriver, tmp_path: Path) -> None:
    ok(py, "%%rj\nWrite-Output journaled")
    journal = tmp_path / "state" / "journal" / "python%20interop.ipynb.jsonl"
    (line,) = [json.loads(t) for t in journal.read_text().splitlines()
               if "journaled" in t]
    assert (line["code"], line["status"], line["notebook"]) == (
        "Write-Output journaled\n", "Completed", "python interop.ipynb")
