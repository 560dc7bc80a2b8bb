"""A live job table in JupyterLab 4: rows change after the cell ended, with no re-execution.

The notebook's one cell starts a job on two hosts of the test sshd; each host's script
block waits for a file in that host's HOME, so the test decides when a job ends. What
the test sees, in the real frontend: both host rows Running after the cell finished;
one becomes Completed when its file appears while the other stays Running and the
prompt stays ``[1]:``; Receive shows its output under the table; Stop makes the other
Stopped, and the table, now final, is replaced by the static table.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.lab import SCREENSHOTS, LabPage, LabServer
from tests.fixtures.sshd import SshdFixture

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]
WAIT_MS = 30_000


def state(page: Any, job_id: int) -> Any:
    return page.locator(f'.rj-live tr[data-id="{job_id}"] td.rj-state')


def test_rows_update_in_place_and_buttons_act(lab: LabServer, browser: Any, sshd: SshdFixture
                                             ) -> None:
    from playwright.sync_api import expect

    token = uuid.uuid4().hex[:8]
    homes = {name: Path(str(sshd.hosts[name].home)) for name in ("web01", "web02")}
    block = f'while [ ! -e "$HOME/go-{token}" ]; do sleep 0.05; done; echo done-$(hostname)'
    notebook = lab.write_notebook(
        f"live-{token}.ipynb",
        f"Invoke-Command -ComputerName web01,web02 -ScriptBlock {{ {block} }} -AsJob")
    shots = SCREENSHOTS / "live-tables"
    nb = LabPage(browser.new_page(), lab)
    page = nb.page
    try:
        nb.open(notebook)
        nb.run_first_cell()
        # Ids in a fresh kernel: the parent 1, its children 2 (web01) and 3 (web02).
        expect(page.locator(".jp-InputPrompt").first).to_have_text("[1]:", timeout=WAIT_MS)
        for job_id in (1, 2, 3):
            expect(state(page, job_id)).to_have_text("Running", timeout=WAIT_MS)
        nb.screenshot(shots / "1-both-running.png")

        page.click(".rj-live button.rj-action-expand.rj-id-1")  # collapse the children
        expect(state(page, 2)).to_have_count(0, timeout=WAIT_MS)
        page.click(".rj-live button.rj-action-expand.rj-id-1")
        expect(state(page, 2)).to_have_text("Running", timeout=WAIT_MS)

        (homes["web01"] / f"go-{token}").touch()
        expect(state(page, 2)).to_have_text("Completed", timeout=WAIT_MS)
        expect(state(page, 3)).to_have_text("Running")
        expect(state(page, 1)).to_have_text("Running")
        expect(page.locator(".jp-InputPrompt").first).to_have_text("[1]:")
        nb.screenshot(shots / "2-one-completed.png")

        page.click(".rj-live button.rj-action-receive.rj-id-2")
        expect(page.locator(".rj-live .rj-received")).to_contain_text("[web01] done-",
                                                                     timeout=WAIT_MS)
        nb.screenshot(shots / "3-received.png")

        page.click(".rj-live button.rj-action-stop.rj-id-3")
        frozen = page.locator('.jp-OutputArea-output table.rj-jobs tr[data-id="3"] td.rj-state')
        expect(frozen).to_have_text("Stopped", timeout=WAIT_MS)
        expect(page.locator(".rj-live")).to_have_count(0, timeout=WAIT_MS)
        static = page.locator(".jp-OutputArea-output table.rj-jobs")
        expect(static.locator('tr[data-id="1"] td.rj-state')).to_have_text("Stopped")
        expect(static.locator('tr[data-id="2"] td.rj-state')).to_have_text("Completed")
        expect(page.locator(".jp-OutputArea-output .rj-received")).to_contain_text("done-")
        expect(page.locator(".jp-InputPrompt").first).to_have_text("[1]:")
        nb.screenshot(shots / "4-stopped-frozen.png")
    finally:
        for home in homes.values():
            (home / f"go-{token}").touch()
        page.close()
