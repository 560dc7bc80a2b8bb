"""rjkernel: a Jupyter kernel for PowerShell-style remote background jobs over SSH."""

__version__ = "0.1.0"


def load_ipython_extension(ipython: object) -> None:
    """``%load_ext rjkernel`` in a Python kernel: the ``%rj``/``%%rj`` magics
    (rjkernel/magics/). Imported here only when asked, so the kernel's start is not
    slowed by it."""
    from rjkernel.magics.magics import load

    load(ipython)  # type: ignore[arg-type]
