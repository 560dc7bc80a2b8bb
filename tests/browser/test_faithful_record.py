"""What a reader of the notebook sees in JupyterLab 4: the command that ran, not maths;
why a job failed; a stopped job as Stopped.

The notebook runs a fan-out to ``web01`` and ``Dead01`` (nothing listens there, so its
child fails at once) of ``echo "$(hostname) $i"`` — a command MathJax would typeset as
``(hostname) i`` in italics — then lists the failed child with ``Format-List *``, then
stops a job. The test reads the rendered DOM: the Command cell's text, no MathJax
element in any output, the Failed row's reason (first line shown, full text on hover),
the StatusMessage line, and Stopped with no ExitCode.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixtures.lab import SCREENSHOTS, LabPage, LabServer

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]
WAIT_MS = 30_000
COMMAND = 'echo "$(hostname) $i"'


def test_commands_are_not_typeset_and_failures_say_why(lab: LabServer, browser: Any) -> None:
    from playwright.sync_api import expect

    notebook = lab.write_notebook(
        "faithful.ipynb",
        f"$f = Invoke-Command -ComputerName web01,Dead01 -ScriptBlock {{ {COMMAND} }} -AsJob\n"
        "Wait-Job $f | Out-Null\n$f",
        "$f.ChildJobs[1] | Format-List *",
        "$s = Start-Job { sleep 60 }\nStop-Job $s\n$s",
    )
    nb = LabPage(browser.new_page(), lab)
    page = nb.page
    try:
        nb.open(notebook)
        nb.run_all()
        prompts = page.locator(".jp-InputPrompt")
        expect(prompts.nth(2)).to_have_text("[3]:", timeout=WAIT_MS)
        outputs = page.locator(".jp-OutputArea-output")
        fan_out = outputs.nth(0).locator("table.rj-jobs")
        expect(fan_out.locator('tr[data-id="1"] td', has_text="echo")).to_have_text(f" {COMMAND} ")
        failed = fan_out.locator('tr[data-id="3"]')
        expect(failed.locator("td.rj-state")).to_have_text("Failed")
        reason = failed.locator("td.rj-reason")
        expect(reason).to_contain_text("[Dead01]")
        assert "[Dead01]" in (reason.get_attribute("title") or reason.inner_text())
        listing = outputs.nth(1)
        expect(listing.locator("tr", has_text="StatusMessage")).to_contain_text("[Dead01]")
        expect(listing.locator("tr", has_text="Command")).to_contain_text(COMMAND)
        stopped = outputs.nth(2).locator("table.rj-jobs")
        expect(stopped.locator("td.rj-state").first).to_have_text("Stopped", timeout=WAIT_MS)
        expect(stopped.locator("th")).not_to_contain_text(["ExitCode"])
        assert nb.typeset_in_outputs() == 0
        nb.screenshot(SCREENSHOTS / "faithful" / "commands-and-reasons.png")
    finally:
        page.close()


def test_later_cells_leave_earlier_outputs_as_they_were(lab: LabServer, browser: Any) -> None:
    from playwright.sync_api import expect

    notebook = lab.write_notebook(
        "handed-over.ipynb",
        "$d = New-PSSession -ComputerName web01\n$d",
        "Disconnect-PSSession $d",
        "Remove-PSSession $d",
    )
    nb = LabPage(browser.new_page(), lab)
    page = nb.page
    try:
        nb.open(notebook)
        nb.run_all()
        expect(page.locator(".jp-InputPrompt").nth(2)).to_have_text("[3]:", timeout=WAIT_MS)
        outputs = page.locator(".jp-Cell .jp-OutputArea")
        first, second = outputs.nth(0), outputs.nth(1)
        expect(first.locator("td.rj-state")).to_have_text("Opened")
        expect(first.locator(".rj-handed-over")).to_contain_text(
            "then changed by Disconnect-PSSession in cell [2]")
        expect(second.locator("td.rj-state")).to_have_text("Disconnected")
        expect(second.locator(".rj-handed-over")).to_contain_text(
            "then changed by Remove-PSSession in cell [3]")
        nb.screenshot(SCREENSHOTS / "faithful" / "handed-over.png")
    finally:
        page.close()
