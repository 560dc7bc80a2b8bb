"""The intrinsic .Where() and .ForEach() methods (about_Arrays: "Where(scriptblock
expression[, WhereOperatorSelectionMode mode[, int numberToReturn]])" and
"ForEach(scriptblock expression)", "ForEach(type convertToType)",
"ForEach(string propertyName)", "ForEach(string methodName, object[] arguments)")."""

from __future__ import annotations

from tests.fixtures.runspace import Session


def test_where_modes(ps: Session) -> None:
    assert ps.value("@(1, 2, 3, 4).Where({ $_ -gt 2 })") == [3, 4]
    assert ps.value("(1..10).Where({ $_ % 2 }, 'First', 2)") == [1, 3]
    assert ps.value("(1..10).Where({ $_ % 2 }, 'First')") == [1]
    assert ps.value("(1..10).Where({ $_ -gt 7 }, 'Last')") == [10]
    assert ps.value("(1..5).Where({ $_ -ge 3 }, 'SkipUntil')") == [3, 4, 5]
    assert ps.value("(1..5).Where({ $_ -ge 3 }, 'Until')") == [1, 2]
    ps.run("$odd, $even = (1..5).Where({ $_ % 2 }, 'Split')")
    assert ps.value("$odd") == [1, 3, 5] and ps.value("$even") == [2, 4]
    # Always a collection, even of nothing; works on a scalar and on .NET lists.
    assert ps.value("(1..3).Where({ $_ -gt 5 }).Count") == 0
    assert ps.value("'x'.Where({ $true })") == ["x"]
    ps.run("$l = [System.Collections.Generic.List[int]]::new(); $l.Add(1); $l.Add(5)")
    assert ps.value("$l.Where({ $_ -gt 1 }).Count") == 1


def test_foreach_forms(ps: Session) -> None:
    assert ps.value("(1..3).ForEach({ $_ * 10 })") == [10, 20, 30]
    assert ps.value("@([pscustomobject]@{Name='a'}, [pscustomobject]@{Name='b'})"
                    ".ForEach('Name')") == ["a", "b"]
    assert ps.value("@('a', 'b').ForEach('ToUpper')") == ["A", "B"]
    # A method's or property's result is one element each, never flattened.
    assert ps.value("@('a-b', 'c-d').ForEach('Split', '-')") == [["a", "b"], ["c", "d"]]
    assert ps.value("@('1', '2').ForEach([int])") == [1, 2]


def test_where_errors(ps: Session) -> None:
    out = ps.run("(1..3).Where({ $_ }, 'Bogus')")
    assert out.stderr.startswith(
        'MethodException: Cannot convert argument "mode", with value: "Bogus", for "Where" '
        'to type "System.Management.Automation.WhereOperatorSelectionMode": "Cannot '
        'convert value "Bogus" to type')
    out = ps.run("(1..3).Where('x')")
    assert 'for "Where" to type "System.Management.Automation.ScriptBlock"' in out.stderr


# about_Arrays (ForEach and Where methods): "$array.ForEach{ … }" passes the block as the
# method's one argument without parentheses, as any method call may.
def test_method_call_with_a_bare_block(ps: Session) -> None:
    assert ps.run("(1..3).ForEach{ $_ * 2 }").stdout == "2\n4\n6\n"
    assert ps.run("$s = 'web01', 'db01'; $s.Where{ $_ -like 'web*' }").stdout == "web01\n"
