"""rjkernel's test suite (a package, so that ``tests.fixtures`` and ``rjkernel`` import by name)."""
