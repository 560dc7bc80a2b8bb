""".NET collections in cells: ArrayList, List[T], HashSet[T], Dictionary[K,V], Queue and
Stack — what their methods return, how they convert, enumerate and display.

References: learn.microsoft.com/dotnet/api/system.collections.arraylist,
…/system.collections.generic.list-1, …/system.collections.generic.hashset-1,
…/system.collections.generic.dictionary-2, …/system.collections.queue,
…/system.collections.generic.stack-1; about_Arrays ("ArrayList … Add returns the
index"), about_Object_Creation (``[T]::new()``).
"""

from __future__ import annotations

from rjkernel.values import types
from rjkernel.values.containers import Dictionary, GenericList, HashSet
from rjkernel.values.objects import ArrayList
from tests.fixtures.runspace import Session


def test_arraylist_add_returns_the_index_so_runbooks_void_it(ps: Session) -> None:
    # ArrayList.Add: "Returns: the ArrayList index at which the value has been added".
    out = ps.run("$a = [System.Collections.ArrayList]::new(); $a.Add('web01'); "
                 "[void]$a.Add('db01'); $a.Add('db02') | Out-Null; $null = $a.Add('x'); "
                 "$a.Count")
    assert out.stdout == "0\n4\n"
    value = ps.value("$a")
    assert isinstance(value, ArrayList) and value == ["web01", "db01", "db02", "x"]


def test_arraylist_members(ps: Session) -> None:
    ps.run("$a = [System.Collections.ArrayList]@(3, 1, 2)")
    assert ps.value("$a -is [System.Collections.ArrayList]") is True
    ps.run("$a.Insert(0, 9); $a.Remove(1); $a.AddRange(@(7, 8)); $a.RemoveAt(0)")
    assert ps.value("$a") == [3, 2, 7, 8]
    assert ps.value("$a.IndexOf(7)") == 2 and ps.value("$a.Contains(8)") is True
    ps.run("$a.Sort()")
    assert ps.value("$a") == [2, 3, 7, 8]
    ps.run("$a.Reverse()")
    assert ps.value("$a.ToArray()") == [8, 7, 3, 2]
    assert ps.value("$a.ToArray().GetType().FullName") == "System.Object[]"
    ps.run("$a.Clear()")
    assert ps.value("$a.Count") == 0
    out = ps.run("$a.RemoveAt(5)")
    # ConciseView names a NotSpecified error by its exception (PowerShellCore_format_ps1xml).
    assert out.stderr.startswith(
        'MethodInvocationException: Exception calling "RemoveAt" with "1" argument(s): '
        '"Index was out of range. Must be non-negative and less than the size of the '
        "collection. (Parameter 'index')\"")


def test_arraylist_enumerates_like_an_array(ps: Session) -> None:
    out = ps.run("$a = New-Object System.Collections.ArrayList; [void]$a.Add(1); "
                 "[void]$a.Add(2); $a | ForEach-Object { $_ * 10 }; "
                 "foreach ($x in $a) { \"item $x\" }; $a[-1]; $a")
    assert out.stdout == "10\n20\nitem 1\nitem 2\n2\n1\n2\n"
    # += makes a new array, as on any collection (about_Assignment_Operators).
    assert ps.value("($a + 3).GetType().FullName") == "System.Object[]"


def test_generic_list(ps: Session) -> None:
    # List<T>.Add returns void; Remove returns bool; elements convert to T.
    out = ps.run("$l = [System.Collections.Generic.List[string]]::new(); $l.Add(5); "
                 "$l.Add('b'); $l.Remove('zz'); $l.Count; $l[0].GetType().Name")
    assert out.stdout == "False\n2\nString\n"
    value = ps.value("$l")
    assert isinstance(value, GenericList) and value == ["5", "b"]
    out = ps.run("$l.GetType()")
    assert "List`1" in out.stdout
    assert ps.value("$l.GetType().FullName") == (
        "System.Collections.Generic.List`1[[System.String, System.Private.CoreLib, "
        "Version=8.0.0.0, Culture=neutral, PublicKeyToken=7cec85d7bea7798e]]")
    assert ps.value("$l -is [System.Collections.Generic.List[string]]") is True
    assert ps.value("$l -is [System.Collections.Generic.List[int]]") is False
    assert ps.value("[System.Collections.Generic.List[int]]@('1', 2)") == [1, 2]


def test_generic_list_conversion_error_is_powershells(ps: Session) -> None:
    out = ps.run("$n = [System.Collections.Generic.List[int]]::new(); $n.Add('abc')")
    assert out.status == "error"
    assert out.stderr.startswith(
        'MethodException: Cannot convert argument "item", with value: "abc", for "Add" to type '
        '"System.Int32": "Cannot convert value "abc" to type "System.Int32". Error: "The '
        "input string 'abc' was not in a correct format.\"\"")
    assert out.errors[0].error_id == "MethodArgumentConversionInvalidCastArgument"


def test_hashset(ps: Session) -> None:
    # HashSet<string> compares ordinally (case matters) unless built with a comparer.
    out = ps.run("$s = [System.Collections.Generic.HashSet[string]]::new(); $s.Add('a'); "
                 "$s.Add('a'); $s.Add('A'); $s.Count; $s.Contains('A')")
    assert out.stdout == "True\nFalse\nTrue\n2\nTrue\n"
    out = ps.run("$i = [System.Collections.Generic.HashSet[string]]::new("
                 "[StringComparer]::OrdinalIgnoreCase); $i.Add('web01'); $i.Add('WEB01'); "
                 "$i.Count")
    assert out.stdout == "True\nFalse\n1\n"
    ps.run("$s.UnionWith([string[]]('b', 'c')); $s.ExceptWith([string[]]('A'))")
    value = ps.value("$s")
    assert isinstance(value, HashSet) and list(value) == ["a", "b", "c"]
    ps.run("$s.IntersectWith([string[]]('c', 'a', 'z'))")
    assert ps.value("$s") == ["a", "c"]
    assert ps.value("$s.Remove('a')") is True and ps.value("$s.Remove('a')") is False


def test_dictionary(ps: Session) -> None:
    out = ps.run("$d = [System.Collections.Generic.Dictionary[string,int]]::new(); "
                 "$d.Add('web01', '3'); $d['db01'] = 5; $d.Count; $d.ContainsKey('WEB01'); "
                 "$d['web01'] + 1; $d.Keys; $d")
    # Dictionary<string,…> keys compare ordinally; a Dictionary displays Key/Value pairs.
    assert out.stdout == ("2\nFalse\n4\nweb01\ndb01\n\nKey   Value\n---   -----\n"
                          "web01     3\ndb01      5\n\n")
    value = ps.value("$d")
    assert isinstance(value, Dictionary) and value["web01"] == 3
    out = ps.run("$d.Add('web01', 1)")
    assert 'Exception calling "Add" with "2" argument(s): "An item with the same key has ' \
           'already been added. Key: web01"' in out.stderr
    out = ps.run("foreach ($kv in $d.GetEnumerator()) { \"$($kv.Key)=$($kv.Value)\" }; "
                 "$d.Remove('db01'); $d.Remove('db01')")
    assert out.stdout == "web01=3\ndb01=5\nTrue\nFalse\n"
    assert ps.value("$d -is [hashtable]") is False
    out = ps.run("$ci = [System.Collections.Generic.Dictionary[string,object]]::new("
                 "[StringComparer]::OrdinalIgnoreCase); $ci['A'] = 1; $ci.ContainsKey('a')")
    assert out.stdout == "True\n"


def test_queue_and_stack(ps: Session) -> None:
    out = ps.run("$q = [System.Collections.Queue]::new(); $q.Enqueue('a'); $q.Enqueue('b'); "
                 "$q.Peek(); $q.Dequeue(); $q.Count; $q.Dequeue(); $q.Dequeue()")
    assert out.stdout == "a\na\n1\nb\n"
    assert 'Exception calling "Dequeue" with "0" argument(s): "Queue empty."' in out.stderr
    # A stack enumerates from its top (Stack<T>.GetEnumerator).
    out = ps.run("$s = [System.Collections.Generic.Stack[int]]::new(); $s.Push(1); "
                 "$s.Push('2'); $s; $s.Pop(); $s.Count")
    assert out.stdout == "2\n1\n2\n1\n"


def test_string_comparer_and_unknown_generic(ps: Session) -> None:
    out = ps.run("$x = [System.Collections.Generic.List[nosuch]]::new()")
    assert out.stderr.startswith(
        "InvalidOperation: Unable to find type [System.Collections.Generic.List[nosuch]].")


def test_using_namespace_shortens_type_names(ps: Session) -> None:
    # about_Using: "using namespace" lets later type names leave the namespace out; at
    # the prompt it holds for the commands that follow (here: the kernel's later cells).
    before = list(types.NAMESPACES)
    try:
        _check_using_namespace(ps)
    finally:  # the namespaces are the kernel process's: leave other tests' lookups alone
        types.NAMESPACES[:] = before


def _check_using_namespace(ps: Session) -> None:
    out = ps.run("using namespace System.Collections.Generic\n"
                 "$l = [List[string]]::new(); $l.Add('a'); $l.Count")
    assert out.status == "ok", out.stderr
    assert out.stdout == "1\n"
    assert ps.value("[Dictionary[string,int]]::new().GetType().Name") == "Dictionary`2"
    assert isinstance(ps.value("New-Object 'HashSet[int]'"), HashSet)
    out = ps.run("using namespace System.Text\n[StringBuilder]::new().Length")
    assert out.stdout == "0\n"
    # 'using module'/'using assembly' are refused as PowerShell's parse error, never sh's
    out = ps.run("using module Foo")
    assert out.errors[0].error_id == "UsingNamespaceOnly" and "not found" not in out.stderr


def test_a_collections_own_properties_come_before_member_enumeration(ps: Session) -> None:
    # about_Properties: a collection's own property wins; other names enumerate members.
    ps.run("$al = [System.Collections.ArrayList]@(1, 2)")
    assert ps.value("$al.IsFixedSize") is False
    assert ps.value("$al.PSObject.TypeNames[0]") == "System.Collections.ArrayList"
    ps.run("$objs = [System.Collections.Generic.List[object]]::new(); "
           "$objs.Add([pscustomobject]@{Name='a'}); $objs.Add([pscustomobject]@{Name='b'})")
    assert ps.value("$objs.Name") == ["a", "b"]
