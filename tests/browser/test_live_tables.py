"""A live job table in JupyterLab 4 and Notebook 7: rows change after the cell ended, with
no re-execution; the notebook left behind holds the table, not a widget that needs its
kernel.

The notebook's one cell starts a job on two hosts of the test sshd; each host's script
block waits for a file in that host's HOME, so the test decides when a job ends. What
the test sees, in the real frontend: the rows Running after the cell finished, the
snapshot note hidden while the action bar is shown; one row becomes Completed when its
file appears while the other stays Running and the prompt stays ``[1]:``; Receive
(with that row chosen in the bar) shows its output under the table; Stop makes the
other Stopped, and the table, now final, loses its bar.

Then the record: re-running a cell stops its old table; a notebook saved while its
table was live, reopened after its kernel is gone, shows the table as it last was, with
"as of …, still running", and no "model not found" where its action bar was.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.lab import SCREENSHOTS, LabPage, LabServer
from tests.fixtures.sshd import SshdFixture

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]
WAIT_MS = 30_000


def state(page: Any, job_id: int) -> Any:
    return page.locator(f'.jp-OutputArea-output table.rj-jobs tr[data-id="{job_id}"] td.rj-state')


def choose(page: Any, label: str) -> None:
    page.select_option(".rj-live .rj-action-job select", label=label)


def waiting_fan_out(sshd: SshdFixture, token: str) -> str:
    block = f'while [ ! -e "$HOME/go-{token}" ]; do sleep 0.05; done; echo done-$(hostname)'
    return f"Invoke-Command -ComputerName web01,web02 -ScriptBlock {{ {block} }} -AsJob"


def release(sshd: SshdFixture, token: str, *hosts: str) -> None:
    for host in hosts:
        (Path(str(sshd.hosts[host].home)) / f"go-{token}").touch()


def test_rows_update_in_place_and_the_bar_acts(frontend: LabServer, browser: Any,
                                              sshd: SshdFixture) -> None:
    from playwright.sync_api import expect

    token = uuid.uuid4().hex[:8]
    notebook = frontend.write_notebook(f"live-{token}.ipynb", waiting_fan_out(sshd, token))
    shots = SCREENSHOTS / "live-tables" / frontend.app
    nb = LabPage(browser.new_page(), frontend)
    page = nb.page
    try:
        nb.open(notebook)
        nb.run_first_cell()
        # Ids in a fresh kernel: the parent 1, its children 2 (web01) and 3 (web02).
        expect(page.locator(".jp-InputPrompt").first).to_have_text("[1]:", timeout=WAIT_MS)
        for job_id in (1, 2, 3):
            expect(state(page, job_id)).to_have_text("Running", timeout=WAIT_MS)
        expect(page.locator(".rj-live .rj-action-remove")).to_be_disabled()  # running
        expect(page.locator(".rj-snapshot")).to_be_hidden()  # the bar is here: live
        nb.screenshot(shots / "1-both-running.png")

        choose(page, "1 Job1 (web01,web02)")
        page.click(".rj-live .rj-action-expand")  # collapse the children
        expect(state(page, 2)).to_have_count(0, timeout=WAIT_MS)
        page.click(".rj-live .rj-action-expand")
        expect(state(page, 2)).to_have_text("Running", timeout=WAIT_MS)

        release(sshd, token, "web01")
        expect(state(page, 2)).to_have_text("Completed", timeout=WAIT_MS)
        expect(state(page, 3)).to_have_text("Running")
        expect(state(page, 1)).to_have_text("Running")
        expect(page.locator(".jp-InputPrompt").first).to_have_text("[1]:")
        nb.screenshot(shots / "2-one-completed.png")

        choose(page, "└ 2 Job2 (web01)")
        expect(page.locator(".rj-live .rj-action-stop")).to_be_disabled()  # finished
        page.click(".rj-live .rj-action-receive")
        expect(page.locator(".jp-OutputArea-output .rj-received")).to_contain_text(
            "[web01] done-", timeout=WAIT_MS)
        nb.screenshot(shots / "3-received.png")

        choose(page, "└ 3 Job3 (web02)")
        page.click(".rj-live .rj-action-stop")
        expect(state(page, 3)).to_have_text("Stopped", timeout=WAIT_MS)
        expect(page.locator(".rj-live")).to_have_count(0, timeout=WAIT_MS)
        expect(state(page, 1)).to_have_text("Stopped")
        expect(state(page, 2)).to_have_text("Completed")
        expect(page.locator(".rj-snapshot")).to_have_count(0)  # final: no note
        expect(page.locator(".jp-OutputArea-output .rj-received")).to_contain_text("done-")
        expect(page.locator(".jp-InputPrompt").first).to_have_text("[1]:")
        assert nb.typeset_in_outputs() == 0
        nb.screenshot(shots / "4-stopped-frozen.png")
    finally:
        release(sshd, token, "web01", "web02")
        page.close()


def test_a_saved_notebook_reopens_as_a_snapshot(frontend: LabServer, browser: Any,
                                                 sshd: SshdFixture) -> None:
    from playwright.sync_api import expect

    token = uuid.uuid4().hex[:8]
    notebook = frontend.write_notebook(f"saved-{token}.ipynb", waiting_fan_out(sshd, token))
    shots = SCREENSHOTS / "live-tables" / frontend.app
    nb = LabPage(browser.new_page(), frontend)
    page = nb.page
    try:
        nb.open(notebook)
        nb.run_first_cell()
        expect(state(page, 3)).to_have_text("Running", timeout=WAIT_MS)
        # re-running the cell replaces its table; the old one must not come back
        nb.run_first_cell()
        expect(page.locator(".jp-InputPrompt").first).to_have_text("[2]:", timeout=WAIT_MS)
        expect(state(page, 4)).to_have_text("Running", timeout=WAIT_MS)
        expect(state(page, 1)).to_have_count(0)
        nb.save()  # while the table is live: the file holds its last known state
        page.close()
        frontend.shutdown_kernels()  # the kernel is gone (as after a server restart)

        page = browser.new_page()
        nb = LabPage(page, frontend)
        nb.open(notebook)
        expect(state(page, 4)).to_have_text("Running", timeout=WAIT_MS)
        expect(page.locator(".rj-snapshot")).to_be_visible()
        expect(page.locator(".rj-snapshot")).to_contain_text("as of")
        # the action bar cannot come back without its kernel; its output stays hidden
        # rather than showing the widget manager's "model not found"
        page.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext"
                               ".session.kernel.status === 'idle'", timeout=WAIT_MS)
        expect(page.locator(".jp-OutputArea-output", has_text="displaying widget")
               ).to_be_hidden()
        expect(page.locator(".jp-OutputArea-output", has_text="Loading widget")).to_be_hidden()
        assert nb.typeset_in_outputs() == 0
        nb.screenshot(shots / "5-reopened-snapshot.png")
    finally:
        release(sshd, token, "web01", "web02")
        page.close()


def test_a_four_host_fan_out_fits_1000_px_and_tables_line_up(lab: LabServer, browser: Any,
                                                             sshd: SshdFixture) -> None:
    from playwright.sync_api import expect

    token = uuid.uuid4().hex[:8]
    hosts = ("web01", "web02", "db01", "Server01")
    block = f'while [ ! -e "$HOME/go-{token}" ]; do sleep 0.05; done'
    notebook = lab.write_notebook(
        f"width-{token}.ipynb",
        f"Invoke-Command -ComputerName {','.join(hosts)} -ScriptBlock {{\n  {block}\n}} -AsJob",
        "Start-Job { sleep 30 }\nStart-Job { exit 3 } | Wait-Job",
    )
    nb = LabPage(browser.new_page(), lab)
    page = nb.page
    try:
        nb.open(notebook)
        nb.run_all()
        expect(page.locator(".jp-InputPrompt").nth(1)).to_have_text("[2]:", timeout=WAIT_MS)
        expect(state(page, 5)).to_have_text("Running", timeout=WAIT_MS)
        fan_out = page.locator(".jp-Cell").nth(0).locator("table.rj-jobs")
        box = fan_out.bounding_box()
        assert box is not None and box["width"] <= 1000, box
        # a block on lines of its own shows its first command, not a bare "…"
        expect(fan_out.locator('tr[data-id="1"] td').nth(6)).to_have_text(block)
        first, second = (page.locator(".jp-Cell").nth(1).locator("table.rj-jobs").nth(i)
                         for i in (0, 1))
        expect(second.locator("td.rj-state")).to_have_text("Failed", timeout=WAIT_MS)
        for label in ("Id", "State", "Location", "Command", "Elapsed"):
            a = first.locator("th", has_text=label).first.bounding_box()
            b = second.locator("th", has_text=label).first.bounding_box()
            assert a is not None and b is not None and abs(a["x"] - b["x"]) < 1, label
        nb.screenshot(SCREENSHOTS / "live-tables" / "6-four-hosts-and-aligned.png")
    finally:
        release(sshd, token, *hosts)
        page.close()
