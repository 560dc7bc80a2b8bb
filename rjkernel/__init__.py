"""rjkernel: a Jupyter kernel for PowerShell-style remote background jobs over SSH."""

__version__ = "0.1.0"
