"""Values across the border and the await rewrite, on their own (no kernel)."""

from __future__ import annotations

import datetime as dt

import pytest

from rjkernel.magics.awaiting import add_awaits, inline_magics
from rjkernel.magics.convert import RJLine, RJResult, to_powershell, to_python
from rjkernel.magics.magics import split_options
from rjkernel.values.objects import Hashtable, LineOrigin, OutputLine


def test_python_values_become_powershell_values() -> None:
    aware = dt.datetime(2026, 1, 1, 12, tzinfo=dt.timezone.utc)
    converted = to_powershell({"a": [1, (2.5, None)], "when": aware, "day": dt.date(2026, 2, 3)})
    assert isinstance(converted, Hashtable) and converted["A"] == [1, [2.5, None]]
    assert converted["when"] == aware.astimezone().replace(tzinfo=None)
    assert converted["day"] == dt.datetime(2026, 2, 3)
    with pytest.raises(TypeError, match="cannot pass a set to PowerShell"):
        to_powershell({1, 2})


def test_job_lines_keep_their_origin_in_python() -> None:
    stamp = dt.datetime(2026, 1, 1, 6, 0)
    line = to_python(OutputLine("up 3 days", LineOrigin("web01", "Output", stamp, 7, 6)))
    assert isinstance(line, RJLine) and line == "up 3 days"
    assert (line.PSComputerName, line.Stream, line.JobId, line.ParentJobId, line.Timestamp
            ) == ("web01", "Output", 7, 6, stamp)
    assert to_powershell(line) == "up 3 days" and type(to_powershell(line)) is str


def test_to_pandas_names_the_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_pandas(name: str, *args: object, **kwargs: object) -> object:
        if name == "pandas":
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(ImportError, match=r"pip install 'rjkernel\[pandas\]'"):
        RJResult.of(["a"]).to_pandas()


def test_options_then_code() -> None:
    assert split_options("-i a,b --input c -o out Get-Job -State Running") == (
        ["a", "b", "c"], ["out"], "Get-Job -State Running")
    assert split_options("Get-Job -i x") == ([], [], "Get-Job -i x")


def test_top_level_magic_calls_are_awaited_and_nested_ones_not() -> None:
    source = inline_magics(["n = len(%rj Get-Job | Where-Object { $_.Name -ne ')' })\n"])
    assert source == [
        "n = len(get_ipython().run_line_magic('rj', \"Get-Job | Where-Object "
        "{ $_.Name -ne ')' }\"))\n"]
    cell = ["def f():\n", "    return get_ipython().run_line_magic('rj', 'x')\n",
            "y = get_ipython().run_line_magic('rj', 'é')\n"]
    assert add_awaits(cell) == [cell[0], cell[1],
                                "y = (await get_ipython().run_line_magic('rj', 'é'))\n"]


def test_return_and_after_semicolon_forms_become_calls() -> None:
    assert inline_magics(["    return %rj Get-Job -State Running\n",
                          "x = 1; y = %rj $a; $b\n", "z = 2;%rj Get-Job\n"]) == [
        "    return get_ipython().run_line_magic('rj', 'Get-Job -State Running')\n",
        "x = 1; y = get_ipython().run_line_magic('rj', '$a; $b')\n",
        "z = 2;get_ipython().run_line_magic('rj', 'Get-Job')\n"]
    assert inline_magics(["y = x % rj\n"]) == ["y = x % rj\n"]  # Python's modulo stays


def test_async_def_bodies_are_awaited_and_plain_defs_inside_them_not() -> None:
    call = "get_ipython().run_line_magic('rj', 'x')"
    cell = ["async def f():\n", f"    y = {call}\n", "    def g():\n",
            f"        return {call}\n", f"    return [{call} for _ in range(2)]\n"]
    assert add_awaits(cell) == [
        cell[0], f"    y = (await {call})\n", cell[2], cell[3],
        f"    return [(await {call}) for _ in range(2)]\n"]
