"""Jupyter protocol conformance (jupyter_kernel_test) and the kernel's own metadata."""

from __future__ import annotations

import os
import tempfile

import jupyter_kernel_test

from tests.fixtures.kernel import KERNEL_NAME


class RJKernelConformance(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "powershell"
    file_extension = ".ps1"

    code_hello_world = 'Write-Output "hello, world"'
    code_stderr = "echo 'to stderr' >&2"
    code_generate_error = "Start-Job {"  # a parse error: the cell cannot run at all
    code_display_data = [
        {"code": "[pscustomobject]@{Name = 'web01'; State = 'Opened'}", "mime": "text/html"},
        {"code": "Get-Command Get-Job", "mime": "text/plain"},
    ]
    completion_samples = [
        {"text": "Get-J", "matches": {"Get-Job"}},
        {"text": "Receive-Job -Ke", "matches": {"-Keep"}},
    ]
    complete_code_samples = ["Get-Job", "$x = 1", "echo hi", "Start-Job { sleep 1 }"]
    incomplete_code_samples = ["Start-Job {", "Get-Job |", "$x = (1 +", "echo 'open"]
    invalid_code_samples = ["Get-Job )"]
    code_inspect_sample = "Get-Job"

    @classmethod
    def setUpClass(cls) -> None:
        # Each conformance run gets its own HOME and job store, like every test kernel.
        cls._dir = tempfile.TemporaryDirectory()
        os.environ["RJKERNEL_STATE_DIR"] = os.path.join(cls._dir.name, "state")
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        os.environ.pop("RJKERNEL_STATE_DIR", None)
        cls._dir.cleanup()

    def test_kernel_info_is_ours(self) -> None:
        self.flush_channels()
        self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=30)["content"]
        info = reply["language_info"]
        self.assertEqual(info["name"], "powershell")
        self.assertEqual(info["codemirror_mode"], "powershell")
        self.assertEqual(info["pygments_lexer"], "powershell")
        self.assertEqual(info["file_extension"], ".ps1")
        self.assertNotIn("debugger", reply.get("supported_features", []))
        self.assertTrue(any("about_remote_jobs" in link["url"].lower()
                            for link in reply["help_links"]))
