"""Live job tables through jupyter_client: what a frontend receives after the cell ended.

A real kernel, the suite's real sshd. Script blocks wait for a file in their host's HOME,
so each test decides when a job ends; everything after that arrives while the kernel
is idle — ``update_display_data`` of the table's HTML display carrying the new state,
parented to the latest execute request; the final table without its snapshot note once
every job is final; clicks on the action bar sent as a frontend sends them. A frontend
that ignores comms (VS Code without the widget manager) sees the same table update.
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
    rows = re.findall(r'<tr class="rj-(?:row|child)" data-id="(\d+)"[^>]*>(.*?)</tr>', markup)
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


def send_comm(k: KernelDriver, comm_id: str, data: dict[str, Any]) -> None:
    k.kc.shell_channel.send(k.kc.session.msg("comm_msg", {"comm_id": comm_id, "data": data}))


def click(k: KernelDriver, comm_id: str) -> None:
    """What a frontend sends when a Button is clicked."""
    send_comm(k, comm_id, {"method": "custom", "content": {"event": "click"}})


def select(k: KernelDriver, cell: Cell, index: int) -> None:
    """What a frontend sends when the bar's dropdown is set to its ``index``-th row."""
    send_comm(k, model_with(cell, "rj-action-job"), {
        "method": "update", "state": {"index": index}, "buffer_paths": []})


def button_of(cell: Cell, action: str) -> str:
    return model_with(cell, f"rj-action-{action}")


def update_of(comm_id: str, predicate: Any = lambda value: True) -> Any:
    def match(msg: dict[str, Any]) -> bool:
        content = msg["content"]
        return (msg["msg_type"] == "comm_msg" and content.get("comm_id") == comm_id
                and content["data"].get("method") == "update"
                and "value" in content["data"]["state"]
                and predicate(content["data"]["state"]["value"]))
    return match


def display_update(display_id: str, predicate: Any = lambda html: True) -> Any:
    """An update_display_data of ``display_id`` whose text/html satisfies ``predicate``."""
    def match(msg: dict[str, Any]) -> bool:
        content = msg["content"]
        return (msg["msg_type"] == "update_display_data"
                and content["transient"].get("display_id") == display_id
                and predicate(content["data"].get("text/html", "")))
    return match


def final(html: str) -> bool:
    return "rj-snapshot" not in html


def fan_out(k: KernelDriver, token: str) -> Cell:
    block = f'while [ ! -e "$HOME/go-{token}" ]; do sleep 0.05; done; echo done-{token}'
    cell = k.run(f"Invoke-Command -ComputerName web01,web02 -ScriptBlock {{ {block} }} -AsJob")
    assert cell.status == "ok", cell.stderr
    return cell


def home(sshd: SshdFixture, host: str) -> Path:
    return Path(str(sshd.hosts[host].home))


class WidgetlessFrontend:
    """A frontend without the widget manager (VS Code's, for ipywidgets 8): it keeps the
    outputs of display_data by display id, applies update_display_data to them, and
    ignores every comm message."""

    def __init__(self) -> None:
        self.outputs: dict[str, dict[str, Any]] = {}

    def apply(self, msg: dict[str, Any]) -> None:
        content = msg["content"]
        display_id = content.get("transient", {}).get("display_id")
        if display_id and (msg["msg_type"] == "display_data" or (
                msg["msg_type"] == "update_display_data" and display_id in self.outputs)):
            self.outputs[display_id] = content["data"]

    def shown(self, display_id: str) -> str:
        """What it renders: the richest face it can (never the widget)."""
        data = self.outputs[display_id]
        return str(data.get("text/html", data.get("text/plain", "")))


def test_rows_change_after_the_cell_and_the_table_freezes(start_kernel, sshd: SshdFixture
                                                        ) -> None:
    k = start_kernel(sshd.env)
    token = uuid.uuid4().hex[:8]
    frontend = WidgetlessFrontend()
    cell = fan_out(k, token)
    for msg in cell.messages:
        frontend.apply(msg)
    shown, bar = cell.displays
    assert set(shown["data"]) == {"text/html", "text/plain"}  # the table: no widget
    assert set(bar["data"]) == {WIDGET_VIEW, "text/plain"}  # the action bar
    display_id = shown["transient"]["display_id"]
    assert set(states(shown["data"]["text/html"])) == {"1", "2", "3"}  # a fan-out: expanded
    all_running = {"1": "Running", "2": "Running", "3": "Running"}
    if states(shown["data"]["text/html"]) != all_running:  # a host may still be connecting
        for msg in [*k.late, k.iopub_until(display_update(
                display_id, lambda v: states(v) == all_running))]:
            frontend.apply(msg)
    later = k.run("Write-Output later")  # the latest execute request is now this one
    try:
        (home(sshd, "web01") / f"go-{token}").touch()
        # Under load web02's child may still be starting when web01's completes: wait for
        # the update that shows both (a later one follows when it starts).
        update = k.iopub_until(display_update(display_id, lambda v: states(v).get("2") ==
                                              "Completed" and states(v).get("3") == "Running"))
        assert states(update["content"]["data"]["text/html"]) == \
            {"1": "Running", "2": "Completed", "3": "Running"}
        assert update["parent_header"]["msg_id"] == later.msg_id
        for msg in k.late:
            frontend.apply(msg)
        frontend.apply(update)
        assert states(frontend.shown(display_id))["2"] == "Completed"
        assert "still running" in frontend.shown(display_id)  # marked as a snapshot
    finally:
        (home(sshd, "web02") / f"go-{token}").touch()
    frozen = k.iopub_until(display_update(display_id, final))
    frontend.apply(frozen)
    data = frozen["content"]["data"]
    assert set(data) == {"text/plain", "text/html"}
    assert states(frontend.shown(display_id)) == \
        {"1": "Completed", "2": "Completed", "3": "Completed"}
    assert re.search(r"^1 +Job1 +RemoteJob +Completed", data["text/plain"], re.M)
    root = bar["data"][WIDGET_VIEW]["model_id"]
    k.iopub_until(lambda m: m["msg_type"] == "comm_close" and
                  m["content"]["comm_id"] == root)


def test_the_action_bar_receives_stops_and_shows_errors(start_kernel, sshd: SshdFixture
                                                        ) -> None:
    k = start_kernel(sshd.env)
    started = home(sshd, "web01") / f"started-{uuid.uuid4().hex[:8]}"
    cell = k.run(f"Invoke-Command -ComputerName web01 -ScriptBlock {{ echo hello; "
                 f"touch {started}; sleep 60 }} -AsJob")
    assert cell.status == "ok", cell.stderr
    display_id = cell.displays[0]["transient"]["display_id"]
    message = model_with(cell, "rj-live-message")
    wait_for_file(started)
    select(k, cell, 0)  # the parent job, Id 1 (a one-host job starts collapsed)
    # Remove of a running job is off ("Stop it first"); a stale frontend's click still
    # gets PowerShell's error rather than an action
    assert models(cell)[button_of(cell, "remove")]["disabled"]
    click(k, button_of(cell, "remove"))
    error = k.iopub_until(update_of(message, lambda v: "Remove-Job" in v))
    assert ("Remove-Job: The command cannot remove the job with the job ID 1 because the job "
            "is not finished.") in error["content"]["data"]["state"]["value"]

    click(k, button_of(cell, "receive"))
    got = k.iopub_until(display_update(display_id, lambda v: "rj-received" in v))
    assert re.search(r'Receive-Job 1</div><pre>hello\n', got["content"]["data"]["text/html"])

    click(k, button_of(cell, "stop"))
    frozen = k.iopub_until(display_update(display_id, final))["content"]["data"]
    assert states(frozen["text/html"]) == {"1": "Stopped"}
    assert frozen["text/plain"].endswith("hello\n")
    seen = k.late + cell.messages
    assert not [m for m in seen if m["msg_type"] == "error"]
    assert "Traceback" not in "".join(m["content"].get("text", "") for m in seen
                                      if m["msg_type"] == "stream")


def test_rerunning_a_cell_stops_the_updates_of_its_table(start_kernel, sshd: SshdFixture
                                                          ) -> None:
    k = start_kernel(sshd.env)
    token = uuid.uuid4().hex[:8]
    block = f'while [ ! -e "$HOME/go-{token}" ]; do sleep 0.05; done'
    code = f"Invoke-Command -ComputerName web01 -ScriptBlock {{ {block} }} -AsJob"

    def run_as_cell() -> Cell:
        msg = k.kc.session.msg("execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True}, metadata={"cellId": "cell-1"})
        k.kc.shell_channel.send(msg)
        return k.collect(Cell(code, msg["header"]["msg_id"]))

    first = run_as_cell()
    old_table, old_bar = (d["transient"]["display_id"] for d in first.displays)
    again = run_as_cell()
    new_table = again.displays[0]["transient"]["display_id"]
    closed = {m["content"]["comm_id"] for m in again.messages if m["msg_type"] == "comm_close"}
    assert first.displays[1]["data"][WIDGET_VIEW]["model_id"] in closed
    (home(sshd, "web01") / f"go-{token}").touch()
    k.iopub_until(display_update(new_table, final))  # the new table follows its jobs
    idle = k.run("Get-Job | Wait-Job | Out-Null")
    assert idle.status == "ok"
    stale = [m for m in k.late + idle.messages if m["msg_type"] == "update_display_data"
             and m["content"]["transient"]["display_id"] in (old_table, old_bar)]
    assert stale == []  # the old table no longer exists for the frontend: nothing sent


def test_waits_show_a_progress_bar_that_goes_away(start_kernel) -> None:
    k = start_kernel()
    k.run("$a = Start-Job { true }; $b = Start-Job { sleep 0.3 }")
    cell = k.run("Wait-Job $a,$b | Out-Null")
    (bar,) = cell.displays
    assert WIDGET_VIEW in bar["data"]
    assert bar["data"]["text/plain"].startswith("Wait-Job: ")
    display_id = bar["transient"]["display_id"]
    cleared = [m["content"] for m in cell.messages if m["msg_type"] == "update_display_data"]
    assert cleared[-1] == {"data": {}, "metadata": {},  # nothing is left behind
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
               m["content"]["data"] == {} for m in seen)
    k.run("Stop-Job $a,$b")


def test_session_table_is_live_until_a_later_cell_closes_it(start_kernel, sshd: SshdFixture
                                                             ) -> None:
    k = start_kernel(sshd.env)
    cell = k.run("$s = New-PSSession -ComputerName web02; Get-PSSession")
    (shown,) = cell.displays  # no action bar: sessions have no buttons
    assert set(shown["data"]) == {"text/html", "text/plain"}
    assert "still open" in shown["data"]["text/html"]  # marked as a snapshot
    removed = k.run("Remove-PSSession $s")
    # handed over by the cell that closed the session, parented to it: it stays Opened
    (kept,) = [m for m in removed.messages
               if display_update(shown["transient"]["display_id"])(m)]
    text = kept["content"]["data"]["text/plain"]
    assert re.search(r"Opened +DefaultShell +Available", text)
    assert f"then changed by Remove-PSSession in cell [{removed.reply['execution_count']}]" \
        in text


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
    output, bar = nbformat.read(path, as_version=4).cells[0].outputs
    assert set(output["data"]) == {"text/plain", "text/html"}  # frozen: no widget
    assert bar["data"] == {}  # the action bar, emptied: nothing shows
    assert states(output["data"]["text/html"]) == \
        {"1": "Completed", "2": "Completed", "3": "Completed"}
    assert re.search(r"^1 +Job1 +RemoteJob +Completed", output["data"]["text/plain"], re.M)


def test_a_later_cells_command_leaves_earlier_tables_as_they_were(start_kernel,
                                                                 sshd: SshdFixture) -> None:
    k = start_kernel(sshd.env)
    opened = k.run("$d = New-PSSession -ComputerName web01; $d")
    disconnected = k.run("Disconnect-PSSession $d")
    removed = k.run("Remove-PSSession $d")
    assert opened.status == disconnected.status == removed.status == "ok", removed.stderr
    counts = [c.reply["execution_count"] for c in (opened, disconnected, removed)]

    def handed_over(cell: Cell, by: Cell) -> dict[str, str]:
        display_id = cell.displays[0]["transient"]["display_id"]
        (update,) = [m for m in by.messages if display_update(display_id)(m)]
        return dict(update["content"]["data"])

    first = handed_over(opened, disconnected)  # Disconnect (cell 2) changed it: kept Opened
    assert re.search(r"Opened +DefaultShell", first["text/plain"])
    assert f"then changed by Disconnect-PSSession in cell [{counts[1]}]" in first["text/plain"]
    assert f"in cell [{counts[1]}], whose output shows the new state" in first["text/html"]
    second = handed_over(disconnected, removed)  # Remove (cell 3): kept Disconnected
    assert re.search(r"Disconnected +DefaultShell", second["text/plain"])
    assert "Closed" not in second["text/plain"]
    assert f"Remove-PSSession in cell [{counts[2]}]" in second["text/html"]
    later = [m for m in k.late + removed.messages if m["msg_type"] == "update_display_data"
             and m["content"]["transient"]["display_id"] ==
             opened.displays[0]["transient"]["display_id"]]
    assert later == []  # nothing after the hand-over
