"""``class``/``enum`` definitions and ``using module``, which rjkernel does not run: a
cell holding one is refused whole as PowerShell's parse error (about_Classes, about_Enum,
about_Using), in a real engine (``ps``) — never handed to sh, which would run the lines
around it and print ``class: not found``."""

from __future__ import annotations

import pytest

from tests.fixtures.runspace import Session


@pytest.mark.parametrize(
    ("cell", "error_id"),
    [
        ("'before'\nclass Deploy {\n  [string]$Host\n}\n'after'", "TypeDefinitionNotSupported"),
        ("enum Stage { Dev; Prod }", "TypeDefinitionNotSupported"),
        ("using module Az.Accounts\n'after'", "UsingNamespaceOnly"),
    ],
)
def test_a_refused_definition_stops_the_cell_before_it_runs(ps: Session, cell: str,
                                                            error_id: str) -> None:
    out = ps.run(cell)
    assert (out.stdout, out.status) == ("", "error")
    assert [e.error_id for e in out.errors] == [error_id]
    assert out.errors[0].category == "ParserError" and "not found" not in out.stderr
