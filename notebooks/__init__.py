"""The tour notebooks shipped with the package (``rjkernel demo`` opens them)."""
