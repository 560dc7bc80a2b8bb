"""Get-Verb (Microsoft.PowerShell.Utility reference page): PowerShell 7.4's approved
verbs with alias prefix, group and description, filtered by verb and group."""

from __future__ import annotations

from tests.fixtures.runspace import Session


def test_get_verb_lists_the_approved_verbs(ps: Session) -> None:
    assert ps.value("(Get-Verb).Count") == 100
    out = ps.run("Get-Verb -Group Security")
    assert out.stdout.splitlines()[1:4] == [
        "Verb      AliasPrefix Group    Description",
        "----      ----------- -----    -----------",
        "Block     bl          Security Restricts access to a resource",
    ]
    # group by group (Common, Communications, Data, …), each in declaration order
    assert ps.value("(Get-Verb -Verb Re*, Get).Verb") == [
        "Get", "Redo", "Remove", "Rename", "Reset", "Resize", "Read", "Receive", "Restore",
        "Repair", "Resolve", "Register", "Request", "Restart", "Resume", "Revoke"]


def test_get_verb_filters_and_validates_groups(ps: Session) -> None:
    assert ps.value("(Get-Verb -Group data, Other).Count") == 25
    assert ps.value("(Get-Verb Deploy).Group") == "Lifecycle"
    out = ps.run("Get-Verb -Group Nope")
    assert out.status == "error"
    assert "The argument \"Nope\" does not belong to the set \"Common,Communications,Data," \
           "Diagnostic,Lifecycle,Other,Security\"" in out.stderr
