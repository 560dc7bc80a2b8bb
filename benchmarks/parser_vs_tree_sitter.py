"""rjkernel's cell parser against tree-sitter-powershell, side by side.

Run from the repository root (needs the ``tree-sitter-powershell`` wheel; rjkernel itself
does not depend on it)::

    PYTHONPATH=. .venv/bin/python benchmarks/parser_vs_tree_sitter.py

Measures parse time for a realistic 20-line cell and a 1000-line one (tree-sitter alone,
and tree-sitter plus one Python walk over its nodes, the least any conversion to our
syntax tree would cost), then shows what each parser makes of shell lines, incomplete
input, errors and script-block text. Times are CPU time, best of several runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial

import tree_sitter
import tree_sitter_powershell

from rjkernel.errors import ParseError
from rjkernel.language import ast, is_complete, parse

OURS = frozenset(
    {"get-job", "start-job", "receive-job", "invoke-command", "new-pssession", "where-object",
     "wait-job", "remove-job", "format-table", "out-null"}
)


def is_ours(word: str) -> bool:
    return word.lower() in OURS


CELL_20 = r"""$s = New-PSSession -ComputerName web01, web02 -Name ops
$job = Invoke-Command -Session $s -ScriptBlock {
  uptime
  df -h / | tail -1
} -AsJob -JobName health
Get-Job | Where-Object { $_.State -eq 'Running' } | Format-Table -AutoSize
ls -l /var/log
cat <<'EOF' > /tmp/notes.txt
$HOME is not expanded here
Get-Job stays text
EOF
Wait-Job $job -Timeout 30 | Out-Null
$results = Receive-Job -Id $job.Id -Keep
Receive-Job $job > /tmp/PsLog.txt 2>&1
if [ -f /tmp/PsLog.txt ]; then
  wc -l /tmp/PsLog.txt
fi
$h = @{ Session = $s; ScriptBlock = { hostname }; ArgumentList = 1,2 }
Invoke-Command @h
Remove-Job -Id 1,3 -Force; Get-Job
"""
CELL_1000 = CELL_20 * 50
# Similar work without shell lines, so that tree-sitter meets no syntax it rejects
# (it also rejects bare-word arrays such as -ComputerName web01,web02: the names are quoted).
POWERSHELL_20 = r"""$s = New-PSSession -ComputerName 'web01', 'web02' -Name ops
$job = Invoke-Command -Session $s -ScriptBlock {
  Get-Process | Sort-Object CPU -Descending | Select-Object -First 5
  Get-Service -Name ssh*
} -AsJob -JobName health
Get-Job | Where-Object { $_.State -eq 'Running' } | Format-Table -AutoSize
$names = Get-Job | ForEach-Object { $_.Name.ToUpper() }
$filter = @{ State = 'Completed'; HasMoreData = $true }
Wait-Job $job -Timeout 30 | Out-Null
$results = Receive-Job -Id $job.Id -Keep
"Got $($results.Count) lines from $($s.ComputerName -join ', ')"
Receive-Job $job > /tmp/PsLog.txt 2>&1
if ($results.Count -gt 0) {
  $first = $results[0].Trim()
}
$h = @{ Session = $s; ScriptBlock = { hostname }; ArgumentList = 1,2 }
Invoke-Command @h
$total = ($results | Measure-Object).Count + 1
Write-Output "done: $total"
Remove-Job -Id 1,3 -Force; Get-Job
"""
POWERSHELL_1000 = POWERSHELL_20 * 50

TS_PARSER = tree_sitter.Parser(tree_sitter.Language(tree_sitter_powershell.language()))


def best_ms(function: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        function()
        best = min(best, time.process_time() - start)
    return best * 1000


def parse_ours(source: str) -> ast.Script:
    # every word is ours in the PowerShell-only cell, so that all of it is PowerShell
    ours = is_ours if source.startswith(CELL_20) else (lambda word: True)
    return parse(source, is_ours=ours)


def parse_tree_sitter(source: str) -> tree_sitter.Tree:
    return TS_PARSER.parse(source.encode())


def walk_tree_sitter(source: str) -> int:
    """Parse with tree-sitter and visit every node once from Python."""
    cursor = TS_PARSER.parse(source.encode()).walk()
    count = 0
    while True:
        count += 1
        if cursor.goto_first_child() or cursor.goto_next_sibling():
            continue
        while cursor.goto_parent():
            if cursor.goto_next_sibling():
                break
        else:
            return count


def timings() -> None:
    print("parse time (CPU ms, best of runs)")
    print(f"{'':34}{'20 lines':>10}{'1000 lines':>12}{'1000 PS-only':>14}")
    rows: list[tuple[str, Callable[[str], object]]] = [
        ("rjkernel parse (full syntax tree)", parse_ours),
        ("tree-sitter parse (C, CST only)", parse_tree_sitter),
        ("tree-sitter parse + Python walk", walk_tree_sitter),
    ]
    for label, function in rows:
        small, large, pure = (
            best_ms(partial(function, cell), runs)
            for cell, runs in ((CELL_20, 200), (CELL_1000, 20), (POWERSHELL_1000, 20))
        )
        print(f"{label:34}{small:10.2f}{large:12.1f}{pure:14.1f}")


def statement_kinds() -> None:
    print("\nstatements of the 20-line cell")
    ours = [type(s).__name__ for s in parse(CELL_20, is_ours=is_ours).statements]
    print(f"  rjkernel:    {len(ours)} statements, {ours.count('ShellChunk')} shell chunks")
    root = TS_PARSER.parse(CELL_20.encode()).root_node
    errors = _errors(root)
    statements = [n for n in _nodes(root) if n.type == "pipeline" and n.parent
                  and n.parent.parent == root]
    print(f"  tree-sitter: {len(statements)} top-level pipelines, {len(errors)} ERROR nodes, "
          f"first at line {errors[0].start_point[0] + 1 if errors else '-'}")


def _nodes(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    found = [node]
    for child in node.children:
        found.extend(_nodes(child))
    return found


def _text(node: tree_sitter.Node) -> str:
    return (node.text or b"").decode()


def _errors(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    return [n for n in _nodes(node) if n.type == "ERROR" or n.is_missing]


def tree_sitter_is_complete(source: str) -> str:
    """The best guess tree-sitter allows: an error that reaches the end is incomplete."""
    root = TS_PARSER.parse(source.encode()).root_node
    errors = _errors(root)
    if not errors:
        return "complete"
    trailing = len(source.encode().rstrip())
    return "incomplete" if any(e.end_byte >= trailing for e in errors) else "invalid"


COMPLETENESS = [
    ("Get-Job", "complete"), ("Start-Job {\n  ls\n}", "complete"),
    ("cat <<EOF\nbody\nEOF", "complete"), ("if true; then echo; fi", "complete"),
    ("for h in a b; do echo $h; done", "complete"), ("echo it's fine'", "complete"),
    ("Start-Job {", "incomplete"), ("Get-Job -Id (", "incomplete"),
    ("$h = @{ a = 1", "incomplete"), ("Get-Job |", "incomplete"), ("$x = 1 +", "incomplete"),
    ('$x = "open', "incomplete"), ("Get-Job `", "incomplete"), ("echo 'open", "incomplete"),
    ("cat <<EOF\nline", "incomplete"), ("if true; then", "incomplete"), ("ls |", "incomplete"),
    ("Get-Job }", "invalid"), ("Get-Job )", "invalid"), ("Get-Job >", "invalid"),
    ("$x $y", "invalid"), ("$h = @{ a = 1 b = 2 }", "invalid"), ("Get-Job && ls", "invalid"),
    ("Get-Job -Name web01,web02", "complete"),
]


def completeness() -> None:
    ours = sum(is_complete(s, is_ours=is_ours)[0] == want for s, want in COMPLETENESS)
    theirs = sum(tree_sitter_is_complete(s) == want for s, want in COMPLETENESS)
    print(f"\nis_complete agreement with the expected answer ({len(COMPLETENESS)} cells)")
    print(f"  rjkernel: {ours}/{len(COMPLETENESS)}   tree-sitter heuristic: "
          f"{theirs}/{len(COMPLETENESS)}")
    for source, want in COMPLETENESS:
        guess = tree_sitter_is_complete(source)
        if guess != want:
            print(f"    tree-sitter says {guess:10} for {source!r} (expected {want})")


def errors() -> None:
    print("\nerrors: rjkernel message @ line:col  |  tree-sitter first ERROR node @ line:col")
    for source in ["Get-Job -Id (", "Start-Job {\n  ls", "Get-Job | | ft", "$x = 1 +",
                   'Get-Job "abc', "$h = @{ a = 1 b = 2 }"]:
        try:
            parse(source, is_ours=is_ours)
            ours = "no error"
        except ParseError as raised:
            position = raised.record.position
            assert position is not None
            ours = f"{raised.record.message} @ {position.line}:{position.column}"
        found = _errors(TS_PARSER.parse(source.encode()).root_node)
        theirs = (f"{found[0].type} {_text(found[0])!r} @ "
                  f"{found[0].start_point[0] + 1}:{found[0].start_point[1] + 1}"
                  if found else "no error")
        print(f"  {source!r}\n      {ours}\n      {theirs}")


def script_blocks() -> None:
    print("\nscript-block text (rjkernel: ScriptBlock.text; tree-sitter: script_block node)")
    for source in ["Start-Job { sleep 60 }", "Start-Job {\n  cat <<'EOF'\n}\nEOF\n}",
                   "Start-Job { echo it's }"]:
        try:
            blocks = [n for n in _walk(parse(source, is_ours=is_ours))
                      if isinstance(n, ast.ScriptBlock)]
            ours = repr(blocks[0].text)
        except ParseError as raised:
            ours = raised.record.message
        root = TS_PARSER.parse(source.encode()).root_node
        nodes = [n for n in _nodes(root) if n.type == "script_block"]
        theirs = repr(_text(nodes[0])) if nodes else "no script_block"
        flag = " (with errors)" if root.has_error else ""
        print(f"  {source!r}\n      rjkernel {ours}\n      tree-sitter {theirs}{flag}")


def _walk(node: object) -> list[object]:
    found = [node]
    for value in getattr(node, "__dict__", {}).values():
        for item in value if isinstance(value, tuple) else (value,):
            if hasattr(item, "__dataclass_fields__"):
                found.extend(_walk(item))
    return found


if __name__ == "__main__":
    timings()
    statement_kinds()
    completeness()
    errors()
    script_blocks()
