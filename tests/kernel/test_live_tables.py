"""Live job tables through jupyter_client: what a frontend receives after the cell ended.

A real kernel, the suite's real sshd. Script blocks wait for a file in their host's HOME,
so each test decides when a job ends; everything after that arrives while the kernel
is idle — comm updates of the table widget carrying the new state, parented to the
latest execute request; the frozen static table (``update_display_data`` without the
widget) once every job is final; button clicks sent as a frontend sends them.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import nbformat
import pytest

from tests.fixtures.kernel import Cell, KernelDriver, wait_for_file
from tests.fixtures.sshd import SshdFixture

pytestmark = pytest.mark.timeout(120)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def states(markup: str) -> dict[str, str]:
    """Row Id → State, read from a table's HTML (widget or static)."""
    rows = re.findall(r'<tr class="rj-(?:row|child)" data-id="(\d+)">(.*?)</tr>', markup)
    return {row_id: re.search(r'data-state="(\w+)"', cells).group(1)  # type: ignore[union-attr]
            for row_id, cells in rows}


def models(cell: Cell) -> dict[str, dict[str, Any]]:
    """comm id → initial state of every widget model the cell opened."""
    return {m["content"]["comm_id"]: m["content"]["data"]["state"] for m in cell.messages
            if m["msg_type"] == "comm_open"}


def model_with(cell: Cell, *classes: str) -> str:
    """The comm id of the model whose DOM classes include ``classes``."""
    (found,) = [comm for comm, state in models(cell).items()
                if set(classes) <= set(state.get("_dom_classes", []))]
    return found


def click(k: KernelDriver, comm_id: str) -> None:
    """What a frontend sends when a Button is clicked."""
    msg = k.kc.session.msg("comm_msg", {"comm_id": comm_id, "data": {
        "method": "custom", "content": {"event": "click"}}})
    k.kc.shell_channel.send(msg)


def update_of(comm_id: str, predicate: Any = lambda value: True) -> Any:
    def match(msg: dict[str, Any]) -> bool:
        content = msg["content"]
        return (msg["msg_type"] == "comm_msg" and content.get("comm_id") == comm_id
                and content["data"].get("method") == "update"
                and "value" in content["data"]["state"]
                and predicate(content["data"]["state"]["value"]))
    return match


def wait_value(k: KernelDriver, cell: Cell, comm_id: str, predicate: Any) -> str:
    """The HTML widget's value once ``predicate`` holds (it may hold already)."""
    values = [m["content"]["data"]["state"]["value"] for m in cell.messages + k.late
              if m["msg_type"] in ("comm_open", "comm_msg")
              and m["content"].get("comm_id") == comm_id
              and "value" in m["content"]["data"].get("state", {})]
    if values and predicate(values[-1]):
        return str(values[-1])
    return str(k.iopub_until(update_of(comm_id, predicate))["content"]["data"]["state"]["value"])


def display_update(display_id: str, frozen: bool) -> Any:
    def match(msg: dict[str, Any]) -> bool:
        content = msg["content"]
        return (msg["msg_type"] == "update_display_data"
                and content["transient"].get("display_id") == display_id
                and (WIDGET_VIEW in content["data"]) != frozen)
    return match


def fan_out(k: KernelDriver, token: str) -> Cell:
    block = f'while [ ! -e "$HOME/go-{token}" ]; do sleep 0.05; done; echo done-{token}'
    cell = k.run(f"Invoke-Command -ComputerName web01,web02 -ScriptBlock {{ {block} }} -AsJob")
    assert cell.status == "ok", cell.stderr
    return cell


def home(sshd: SshdFixture, host: str) -> Path:
    return Path(str(sshd.hosts[host].home))


def test_rows_change_after_the_cell_and_the_table_freezes(start_kernel, sshd: SshdFixture
                                                        ) -> None:
    k = start_kernel(sshd.env)
    token = uuid.uuid4().hex[:8]
    cell = fan_out(k, token)
    (shown,) = cell.displays
    assert set(shown["data"]) == {WIDGET_VIEW, "text/html", "text/plain"}
    display_id = shown["transient"]["display_id"]
    assert set(states(shown["data"]["text/html"])) == {"1", "2", "3"}  # a fan-out: expanded
    table = model_with(cell, "rj-live-table")
    all_running = {"1": "Running", "2": "Running", "3": "Running"}
    wait_value(k, cell, table, lambda v: states(v) == all_running)
    later = k.run("Write-Output later")  # the latest execute request is now this one
    try:
        (home(sshd, "web01") / f"go-{token}").touch()
        update = k.iopub_until(update_of(table, lambda v: states(v).get("2") == "Completed"))
        assert states(update["content"]["data"]["state"]["value"]) == \
            {"1": "Running", "2": "Completed", "3": "Running"}
        assert update["parent_header"]["msg_id"] == later.msg_id
        settled = k.iopub_until(display_update(display_id, frozen=False))
        assert states(settled["content"]["data"]["text/html"])["2"] == "Completed"
    finally:
        (home(sshd, "web02") / f"go-{token}").touch()
    frozen = k.iopub_until(display_update(display_id, frozen=True))
    data = frozen["content"]["data"]
    assert set(data) == {"text/plain", "text/html"}
    assert states(data["text/html"]) == {"1": "Completed", "2": "Completed", "3": "Completed"}
    assert re.search(r"^1 +Job1 +RemoteJob +Completed", data["text/plain"], re.M)
    root = shown["data"][WIDGET_VIEW]["model_id"]
    k.iopub_until(lambda m: m["msg_type"] == "comm_close" and
                  m["content"]["comm_id"] == root)


def test_buttons_receive_stop_and_show_errors_in_the_table(start_kernel, sshd: SshdFixture
                                                          ) -> None:
    k = start_kernel(sshd.env)
    started = home(sshd, "web01") / f"started-{uuid.uuid4().hex[:8]}"
    cell = k.run(f"Invoke-Command -ComputerName web01 -ScriptBlock {{ echo hello; "
                 f"touch {started}; sleep 60 }} -AsJob")
    assert cell.status == "ok", cell.stderr
    display_id = cell.displays[0]["transient"]["display_id"]
    message = model_with(cell, "rj-live-message")
    received = next(comm for comm, state in models(cell).items()
                    if state.get("_dom_classes") == ["rj-live-part"]
                    and state.get("_model_name") == "HTMLModel")
    wait_for_file(started)

    click(k, model_with(cell, "rj-action-remove", "rj-id-1"))
    error = k.iopub_until(update_of(message, lambda v: "Remove-Job" in v))
    assert ("Remove-Job: The command cannot remove the job with the job ID 1 because the job "
            "is not finished.") in error["content"]["data"]["state"]["value"]

    click(k, model_with(cell, "rj-action-receive", "rj-id-1"))
    got = k.iopub_until(update_of(received, lambda v: "hello" in v))
    assert "Receive-Job 1" in got["content"]["data"]["state"]["value"]

    click(k, model_with(cell, "rj-action-stop", "rj-id-1"))
    frozen = k.iopub_until(display_update(display_id, frozen=True))["content"]["data"]
    assert states(frozen["text/html"]) == {"1": "Stopped"}
    assert frozen["text/plain"].endswith("hello\n")
    seen = k.late + cell.messages
    assert not [m for m in seen if m["msg_type"] == "error"]
    assert "Traceback" not in "".join(m["content"].get("text", "") for m in seen
                                      if m["msg_type"] == "stream")


def test_waits_show_a_progress_bar_that_goes_away(start_kernel) -> None:
    k = start_kernel()
    k.run("$a = Start-Job { true }; $b = Start-Job { sleep 0.3 }")
    cell = k.run("Wait-Job $a,$b | Out-Null")
    (bar,) = cell.displays
    assert WIDGET_VIEW in bar["data"]
    assert bar["data"]["text/plain"].startswith("Wait-Job: ")
    display_id = bar["transient"]["display_id"]
    cleared = [m["content"] for m in cell.messages if m["msg_type"] == "update_display_data"]
    assert cleared[-1] == {"data": {"text/plain": ""}, "metadata": {},
                           "transient": {"display_id": display_id}}
    closed = {m["content"]["comm_id"] for m in cell.messages if m["msg_type"] == "comm_close"}
    assert bar["data"][WIDGET_VIEW]["model_id"] in closed


def test_an_interrupted_wait_clears_its_progress_bar(start_kernel) -> None:
    k = start_kernel()
    k.run("$a = Start-Job { sleep 60 }; $b = Start-Job { sleep 60 }")
    cell = k.submit("Wait-Job $a,$b")
    k.iopub_until(lambda m: m["msg_type"] == "display_data" and
                  m["parent_header"].get("msg_id") == cell.msg_id)
    k.interrupt()
    k.collect(cell)
    assert cell.ename == "KeyboardInterrupt"
    seen = k.late + cell.messages
    assert any(m["msg_type"] == "update_display_data" and
               m["content"]["data"] == {"text/plain": ""} for m in seen)
    k.run("Stop-Job $a,$b")


def test_session_table_is_live_until_closed(start_kernel, sshd: SshdFixture) -> None:
    k = start_kernel(sshd.env)
    cell = k.run("$s = New-PSSession -ComputerName web02; Get-PSSession")
    (shown,) = cell.displays
    assert WIDGET_VIEW in shown["data"]
    assert not [c for c in models(cell).values() if c.get("_model_name") == "ButtonModel"]
    removed = k.run("Remove-PSSession $s")
    # frozen at the end of the cell that closed the session, parented to it
    (frozen,) = [m for m in removed.messages
                 if display_update(shown["transient"]["display_id"], frozen=True)(m)]
    assert re.search(r"Closed +DefaultShell +None", frozen["content"]["data"]["text/plain"])


def test_nbclient_saves_the_final_states(sshd: SshdFixture, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from nbclient import NotebookClient

    for name, value in sshd.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("RJKERNEL_STATE_DIR", str(tmp_path / "state"))
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "rjkernel", "display_name": "Remote Jobs",
                                 "language": "powershell"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in (
        "Invoke-Command -ComputerName web01,web02 -ScriptBlock { sleep 0.5; echo hi } -AsJob",
        "Get-Job | Wait-Job | Out-Null",
    )]
    NotebookClient(nb, kernel_name="rjkernel", timeout=60).execute()
    path = tmp_path / "executed.ipynb"
    nbformat.write(nb, path)
    (output,) = nbformat.read(path, as_version=4).cells[0].outputs
    assert set(output["data"]) == {"text/plain", "text/html"}  # frozen: no widget
    assert states(output["data"]["text/html"]) == \
        {"1": "Completed", "2": "Completed", "3": "Completed"}
    assert re.search(r"^1 +Job1 +RemoteJob +Completed", output["data"]["text/plain"], re.M)
