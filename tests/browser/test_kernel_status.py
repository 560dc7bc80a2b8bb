"""The kernel status JupyterLab shows stays Busy while a cell runs, whatever the live
displays do meanwhile (issue 9 item 6: a multi-job ``Wait-Job`` with its progress bar
showed Idle while the cell was still ``[*]``).

Two local jobs wait for files the test creates. The cell ``Wait-Job $a,$b`` shows a
progress bar; the test records every status change of the kernel model, ends one job
(the bar moves: comm traffic during the busy cell), checks the status never went Idle,
then ends the other and sees the cell finish and the kernel Idle.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.lab import SCREENSHOTS, LabPage, LabServer

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]
WAIT_MS = 30_000
RECORD_STATUS_JS = """() => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  window.rjStatuses = [];
  kernel.statusChanged.connect((_, status) => window.rjStatuses.push(status));
}"""


def test_status_stays_busy_while_a_wait_with_progress_runs(lab: LabServer, browser: Any,
                                                            tmp_path: Path) -> None:
    from playwright.sync_api import expect

    token = uuid.uuid4().hex[:8]
    files = [tmp_path / f"{name}-{token}" for name in ("a", "b")]
    starts = "\n".join(
        f'${name} = Start-Job {{ while [ ! -e "{path}" ]; do sleep 0.05; done }}'
        for name, path in zip("ab", files, strict=True))
    notebook = lab.write_notebook(f"status-{token}.ipynb", starts, "Wait-Job $a,$b")
    nb = LabPage(browser.new_page(), lab)
    page = nb.page
    try:
        nb.open(notebook)
        nb.run_first_cell()
        expect(page.locator(".jp-InputPrompt").first).to_have_text("[1]:", timeout=WAIT_MS)
        page.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext"
                               ".session.kernel.status === 'idle'", timeout=WAIT_MS)
        page.evaluate(RECORD_STATUS_JS)
        page.keyboard.press("Shift+Enter")  # the second cell (the first one moved on)
        expect(page.locator(".rj-progress")).to_be_visible(timeout=WAIT_MS)
        files[0].touch()
        expect(page.locator(".rj-progress")).to_contain_text("1 of 2", timeout=WAIT_MS)
        assert page.locator(".jp-InputPrompt").nth(1).inner_text() == "[*]:"
        nb.screenshot(SCREENSHOTS / "status" / "busy-during-wait.png")
        statuses = page.evaluate("() => window.rjStatuses")
        assert "idle" not in statuses, statuses
        expect(page.locator(".jp-Notebook-ExecutionIndicator")).to_have_attribute(
            "data-status", "busy")
        files[1].touch()
        expect(page.locator(".jp-InputPrompt").nth(1)).to_have_text("[2]:", timeout=WAIT_MS)
        page.wait_for_function("() => window.rjStatuses.includes('idle')", timeout=WAIT_MS)
    finally:
        for path in files:
            path.touch()
        page.close()
