"""Install the ``rjkernel`` kernelspec (kernel.json + logos) for Jupyter.

The kernel.json shipped in ``kernelspec/`` names ``python3``; the installed copy names
the interpreter running this installer, so the kernel starts in the same environment
(venv) that has rjkernel and its dependencies, whatever ``python3`` is on PATH.
"""

from __future__ import annotations

import json
import sys
import tempfile
from importlib import resources
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager

KERNEL_NAME = "rjkernel"


def kernelspec_dir(target: Path) -> Path:
    """Write the kernelspec files into ``target`` (created) and return it."""
    target.mkdir(parents=True, exist_ok=True)
    files = resources.files("rjkernel.kernelspec")
    for name in ("logo-32x32.png", "logo-64x64.png"):
        (target / name).write_bytes(files.joinpath(name).read_bytes())
    spec = json.loads(files.joinpath("kernel.json").read_text())
    spec["argv"][0] = sys.executable
    (target / "kernel.json").write_text(json.dumps(spec, indent=2) + "\n")
    return target


def install_kernelspec(
    *, user: bool = False, sys_prefix: bool = False, prefix: str | None = None
) -> str:
    """Install the kernelspec; returns the directory it was installed to.

    With no option it installs for the current environment when running inside a venv
    (so the venv's Jupyter finds it) and for the user otherwise.
    """
    if not (user or sys_prefix or prefix):
        if sys.prefix != sys.base_prefix:
            sys_prefix = True
        else:
            user = True
    with tempfile.TemporaryDirectory() as tmp:
        src = kernelspec_dir(Path(tmp) / KERNEL_NAME)
        return KernelSpecManager().install_kernel_spec(
            str(src), KERNEL_NAME, user=user, prefix=sys.prefix if sys_prefix else prefix
        )
