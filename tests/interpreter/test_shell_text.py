"""``$using:`` substitution, run through the real POSIX shell (``/bin/sh``): every value
comes out exactly as it went in, whatever shell quoting surrounds it."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest

from rjkernel.interpreter.shell_text import substitute_using
from rjkernel.language.shell_lines import expansion_contexts

VALUES: dict[str, Any] = {
    "v": "a  b *", "arr": ["x y", "*", ""], "n": None, "i": 5,
    "q": "it's \"q\" $(touch /tmp/rj-using-shell) `id` \\",
}


def run(text: str) -> str:
    script = substitute_using(text, lambda name: VALUES[name.lower()])
    done = subprocess.run(["/bin/sh", "-c", script], capture_output=True, text=True,
                          cwd="/", check=True, timeout=10)
    return done.stdout


@pytest.mark.parametrize(("text", "shown"), [
    ("printf '[%s]' $using:v", "[a  b *]"),
    ("printf '[%s]' $using:arr", "[x y][*][]"),
    ("printf '[%s]' $USING:V ${using:v}", "[a  b *][a  b *]"),
    ("printf '[%s]' \"$using:arr\" \"<$using:v>\"", "[x y * ][<a  b *>]"),
    ("printf '[%s]' start $using:n end", "[start][end]"),
    ("printf '[%s]' $using:q \"$using:q\"", f"[{VALUES['q']}][{VALUES['q']}]"),
    ("printf '[%s]' \"$(printf '%s' $using:v)\"", "[a  b *]"),
    ("printf '[%s]' $(( $using:i + 1 )) ${unset:-$using:v} \"${unset:-$using:v}\"",
     "[6][a  b *][a  b *]"),
    ("cat <<EOF\n[$using:v] [$(printf '%s|' $using:arr)]\nEOF", "[a  b *] [x y|*||]\n"),
    # What the shell keeps as text stays text, like '$using:v' in PowerShell.
    ("printf '[%s]' '$using:v' \\$using:v", "[$using:v][$using:v]"),
    ("cat <<'EOF'\n$using:v\nEOF", "$using:v\n"),
    ("printf '[%s]' x # $using:v", "[x]"),
])
def test_values_arrive_as_given(text: str, shown: str) -> None:
    assert run(text) == shown


def test_expansion_contexts() -> None:
    text = "a $x \"$y\" '$z' $(( $w )) <<E\n$h\nE\n"
    assert expansion_contexts(text) == {
        2: "word", 6: "string", 15: "word", 19: "arithmetic", 29: "string"}
