"""New-Object, ``[T]::new()`` and Add-Member in cells.

References: learn.microsoft.com/powershell/module/microsoft.powershell.utility/new-object
and …/add-member (PowerShell 7.4); NewObjectStrings.resx and AddMember.resx for the error
texts; about_Object_Creation for ``[T]::new()``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rjkernel.values.containers import GenericList
from rjkernel.values.objects import ArrayList, Hashtable, PSObject
from tests.fixtures.runspace import Session


def test_new_object_makes_collections(ps: Session) -> None:
    out = ps.run("$a = New-Object System.Collections.ArrayList; [void]$a.Add('web01'); "
                 "$a.Add('db01'); $a.Count")
    assert out.stdout == "1\n2\n"
    assert isinstance(ps.value("$a"), ArrayList)
    names = ps.value("New-Object 'System.Collections.Generic.List[string]'")
    assert isinstance(names, GenericList)
    assert isinstance(ps.value("New-Object -TypeName System.Collections.Generic.List[int]"),
                      GenericList)
    assert type(ps.value("New-Object System.Collections.Hashtable")) is Hashtable
    assert ps.value("(New-Object System.Collections.ArrayList -ArgumentList (,@(1, 2))).Count"
                    ) == 2


def test_new_object_psobject_with_properties(ps: Session) -> None:
    out = ps.run("New-Object PSObject -Property @{Host='web01'; State='Failed'}")
    assert out.stdout == "\nHost  State\n----  -----\nweb01 Failed\n\n"
    value = ps.value("New-Object -TypeName PSObject")
    assert isinstance(value, PSObject) and not value.properties


def test_new_object_constructor_arguments(ps: Session) -> None:
    assert ps.value("New-Object TimeSpan 0,5,0") == timedelta(minutes=5)
    assert ps.value("New-Object DateTime 2024,1,2") == datetime(2024, 1, 2)
    assert ps.value("[datetime]::new(2024, 1, 2, 3, 4, 5)") == datetime(2024, 1, 2, 3, 4, 5)
    assert ps.value("[timespan]::new(1, 2, 3, 4)") == timedelta(days=1, hours=2, minutes=3,
                                                                seconds=4)
    assert ps.value("[string]::new('-', 5)") == "-----"
    assert ps.value("[System.Collections.Generic.List[string]]::new([string[]]('a', 'b'))"
                    ) == ["a", "b"]


def test_new_object_errors_are_powershells(ps: Session) -> None:
    out = ps.run("New-Object Foo.Bar")
    assert out.stderr.startswith("New-Object: Cannot find type [Foo.Bar]: verify that the "
                                 "assembly containing this type is loaded.")
    assert out.errors[0].fully_qualified_error_id == \
        "TypeNotFound,Microsoft.PowerShell.Commands.NewObjectCommand"
    out = ps.run("New-Object System.Collections.ArrayList 1,2,3")
    assert out.stderr.startswith('New-Object: Cannot find an overload for "ArrayList" and the '
                                 'argument count: "3".')
    out = ps.run("New-Object DateTime 2024,13,1")
    assert out.stderr.startswith('New-Object: Exception calling ".ctor" with "3" argument(s): '
                                 '"Year, Month, and Day parameters describe an '
                                 'un-representable DateTime."')
    out = ps.run("New-Object System.Math")
    assert out.stderr.startswith("New-Object: A constructor was not found. Cannot find an "
                                 "appropriate constructor for type System.Math.")
    out = ps.run("$x = [math]::new()")
    assert out.stderr.startswith("InvalidOperation: Method invocation failed because "
                                 "[System.Math] does not contain a method named 'new'.")


def test_add_member_note_properties(ps: Session) -> None:
    out = ps.run("$o = New-Object System.Object; "
                 "$o | Add-Member -MemberType NoteProperty -Name Host -Value web01; "
                 "$o | Add-Member -type NoteProperty -name Code -value 3; $o")
    assert out.stdout == "\nHost  Code\n----  ----\nweb01    3\n\n"
    out = ps.run("[pscustomobject]@{a=1} | Add-Member -NotePropertyName b -NotePropertyValue 2 "
                 "-PassThru | ForEach-Object { $_.a + $_.b }")
    assert out.stdout == "3\n"
    value = ps.value("[pscustomobject]@{a=1} | Add-Member @{b=2; c=3} -PassThru")
    assert list(value.properties) == ["a", "b", "c"]
    value = ps.value("[pscustomobject]@{a=1} | Add-Member NoteProperty b 2 -PassThru")
    assert value.properties["b"] == 2
    # Without -PassThru nothing is output: the object changes in place.
    assert ps.run("$p = [pscustomobject]@{}; $p | Add-Member -NotePropertyName n "
                  "-NotePropertyValue 1").stdout == ""
    assert ps.value("$p.n") == 1
    ps.run("Add-Member -InputObject $p -TypeName My.Row")
    assert ps.value("$p").type_names[0] == "My.Row"


def test_add_member_errors(ps: Session) -> None:
    out = ps.run("[pscustomobject]@{a=1} | Add-Member -NotePropertyName a -NotePropertyValue 2 "
                 "-PassThru")
    assert out.stdout == ""  # AddMember.cs: nothing added, nothing passed through
    assert out.stderr.startswith(
        'Add-Member: Cannot add a member with the name "a" because a member with that name '
        "already exists. To overwrite the member anyway, add the Force parameter to your "
        "command.")
    value = ps.value("[pscustomobject]@{a=1} | Add-Member a 2 -Force -PassThru")
    assert value.properties["a"] == 2
    out = ps.run("[pscustomobject]@{a=1} | Add-Member -MemberType Property -Name b -Value 1")
    assert out.stderr.startswith('Add-Member: Cannot add a member with type "Property". '
                                 "Specify a different type for the MemberTypes parameter.")
    out = ps.run("'text' | Add-Member -NotePropertyName a -NotePropertyValue 1")
    assert out.stderr.startswith("Add-Member: Add-Member adds members to custom objects only")
