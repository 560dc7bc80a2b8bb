"""Which lines are PowerShell: the cell's line rule.

A cell mixes PowerShell with POSIX shell lines. At the start of each line (and after a
top-level ``;`` of a shell line, see ``shell_lines.py``) the parser asks
:meth:`LineRule.line_is_ours`; a line that is not ours starts a run of shell lines.
A line is PowerShell when it starts with

1. a statement keyword, where the token after it decides (``if (`` is PowerShell,
   sh's ``if [ -f x ]; then`` and ``if ( cd x ); then`` are not): ``if``/``while``
   followed by a ``(`` that is not a subshell, ``elseif``, ``else {``, ``switch (`` or
   ``switch -Flag``, ``foreach (``, ``for (`` (not bash's ``for (( i = 0``), ``do {``,
   ``function``, ``filter``, ``param (``, ``try {``, ``catch``/``finally {``,
   ``trap {``/``trap [`` (sh's ``trap 'cmd' EXIT`` is not), ``throw``, ``return``,
   ``break``, ``continue``, ``exit`` (``exit 3`` too: PowerShell's exit, never the
   shell's, which would end the runspace's shell), ``begin``/``process``/``end {``,
   ``using namespace``/``module``/``assembly``, ``class Name``/``enum Name`` (the
   parser refuses all but ``using namespace`` with PowerShell's kind of error, never
   sh's), or a ``:label`` before a loop;
2. a literal or expression: ``'…'``, ``"…"``, a here-string, a number, ``@(``, ``@{``,
   ``[type]``, a ``$variable`` followed by what PowerShell puts after one (not
   ``$HOME/bin/x`` or ``$EDITOR file``), ``(`` holding PowerShell, the call operator
   ``&``, dot-sourcing ``. $block`` (not sh's ``. ./env.sh``), ``-not``/``-bnot``/``!``
   or the unary ``,`` before an operand, ``++$i``/``--$i``, a leading ``|``
   (PowerShell 7 continues a pipeline so; one that continues nothing is its error);
3. a command the runspace knows: a cmdlet, an alias or a function (``is_ours``, the
   caller's single decision), or a function or alias (``Set-Alias k kubectl``) defined
   earlier in the same cell;
4. a ``Verb-Noun`` word with an approved verb (``verbs.py``): an unknown one is
   PowerShell's CommandNotFoundException, never a shell error;
5. any other word, when a ``|`` of the same line (outside quotes and brackets, not
   ``||``) pipes into a command of 3. or 4.: ``ls -l | Out-Null`` is a PowerShell
   pipeline that starts with a native command.

Everything else is the shell's. The README's "Which lines are PowerShell" table is
this rule by example.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..values.verbs import is_verb_noun
from .lexer import Lexer

FIRST_WORD = re.compile(r"[^\s{}();,|&]+")
_BLANKS = re.compile(r"[ \t]*")
_LABEL = re.compile(r":[A-Za-z_][A-Za-z0-9_]*[ \t]+(?i:foreach|for|while|do|switch)\b")
_FUNCTION_NAME = re.compile(r"[ \t]+([^\s{}();,|&]+)")
_DOT_SOURCE = re.compile(r"\.[ \t]+[${]")  # ``. $block`` / ``. { … }``; ``. ./env.sh`` is sh's
_SH_AFTER_CONDITION = re.compile(r"[ \t]*(?:;|&|\||then\b|do\b)")

# A line starting with ``$`` is ours when the variable is followed by what PowerShell
# puts after a variable: nothing, an assignment (``??=`` too), a member or index (``?.``
# and ``?[`` too), ``++``/``--``, a pipe, a comma, or an operator (``??``, the
# ternary's ``?``: after a blank, a ``?`` never makes sense to sh, so any is ours).
# Otherwise it is a shell command line: ``$HOME/bin/run.sh``, ``$EDITOR notes.txt``,
# ``${PREFIX}/bin/tool``, ``$(which python3) --version``.
_PS_OPERATORS = (
    "eq|ne|gt|ge|lt|le|like|notlike|match|notmatch|contains|notcontains|in|notin|"
    "replace|split|join|is|isnot|as|and|or|xor|not|band|bor|bxor|shl|shr|f"
)
_OURS_AFTER_VARIABLE = re.compile(
    r"(?:[ \t]*(?:$|[\r\n;#|,)}]|[+\-*/%]?=(?!=)|\?\?=|>|2>)"
    r"|[.\[]|\?[.\[]|\+\+|--"
    r"|[ \t]+(?:[+*/%]|-[ \t]|-[ci]?(?:" + _PS_OPERATORS + r")\b|\.\.|\?))",
    re.IGNORECASE,
)
_VARIABLE_HEAD = re.compile(
    r"\$(?:\{[^}\r\n]*\}|(?:[A-Za-z_][A-Za-z0-9_]*:)?[A-Za-z0-9_]+|[?^$_])"
)
_UNARY_WORD = re.compile(r"-(?i:not|bnot|join|split)(?=[\s($'\"@\[]|$)")
_OPERAND_START = frozenset("$('\"@[0123456789")

# Keywords whose statement is ours whatever follows them.
_ALWAYS = frozenset({"elseif", "throw", "return", "exit", "break", "continue"})
# Keywords that are ours when the next token (same line) is one of these characters.
_BEFORE = {
    "else": "{", "switch": "(-", "foreach": "(", "do": "{", "param": "(", "try": "{",
    "finally": "{", "catch": "{[", "trap": "{[", "begin": "{", "process": "{", "end": "{",
}
_DEFINES_FUNCTION = frozenset({"function", "filter"})
# ``using namespace|module|assembly`` (the parser refuses the last two); ``class Name`` and
# ``enum Name`` (refused with PowerShell's kind of error rather than handed to sh)
_USING_KIND = re.compile(r"[ \t]+(?i:namespace|module|assembly)\b")
_TYPE_NAME = re.compile(r"[ \t]+[A-Za-z_]\w*[ \t]*(?:$|[\r\n{:])")
# ``Set-Alias k kubectl`` (or ``-Name k``) makes ``k`` a command of later lines.
_DEFINES_ALIAS = frozenset({"set-alias", "new-alias", "sal", "nal"})
_ALIAS_NAME = re.compile(r"[ \t]+(?:-(?i:name)[ \t:]+)?['\"]?([^\s'\";|{}()-][^\s'\";|{}()]*)")

STATEMENT_KEYWORDS = frozenset(
    {"if", "while", "for", "using", "class", "enum", *_ALWAYS, *_BEFORE, *_DEFINES_FUNCTION}
)
"""The keywords that start a PowerShell statement (about_Language_Keywords)."""


class LineRule(Lexer):
    """The line rule, mixed into the cell parser (it reads the parser's text).

    ``is_ours`` is the caller's answer for command words (cmdlets, aliases, the
    runspace's functions and aliases); ``defined_functions`` are the lower-cased names
    of functions and aliases defined by earlier lines of this cell (``function Deploy``
    makes ``Deploy web01`` on a later line ours before the definition has run).
    """

    is_ours: Callable[[str], bool]
    defined_functions: set[str]

    def line_is_ours(self, start: int) -> bool:
        """Whether the line whose first non-blank character is at ``start`` is ours."""
        text = self.text
        c, following = text[start], text[start + 1 : start + 2]
        if c == "$":
            if following == "(":
                return self._ours_after_paren(start + 2)
            head = _VARIABLE_HEAD.match(text, start)
            return head is not None and _OURS_AFTER_VARIABLE.match(text, head.end()) is not None
        if c == "(":
            return self._ours_after_paren(start + 1)
        if c == "[":  # [int]$x is ours; the shell's test, [ -f x ] or [[ … ]], is not
            return following.isalpha() or following == "_"
        if c == "@":
            return following in ("(", "{", "'", '"')
        if c == "&":
            return following != "&"
        if c in "'\"|":  # a string; a leading | (PowerShell 7's continuation; sh has none)
            return True
        if c in "!,":  # ``!$ok``; the unary comma ``,$list`` (a shell line never starts so)
            return self._operand_follows(start + 1)
        if c == ":":
            return _LABEL.match(text, start) is not None
        if c == "." and _DOT_SOURCE.match(text, start):
            return True
        unary = _UNARY_WORD.match(text, start) if c == "-" else None
        if unary is not None:
            return self._operand_follows(unary.end())
        if text.startswith(("++$", "--$"), start):
            return True
        if c.isdigit() or c in ".-+":
            return self.scan_number(start, expression=True) is not None
        match = FIRST_WORD.match(text, start)
        if match is None:
            return False
        word = match.group()
        keyword = word.lower()
        if keyword in STATEMENT_KEYWORDS:
            return self._keyword_line(keyword, match.end())
        if keyword in _DEFINES_ALIAS:
            alias = _ALIAS_NAME.match(text, match.end())
            if alias is not None:
                self.defined_functions.add(alias.group(1).lower())
        return self.knows_command(word) or is_verb_noun(word) or \
            self._pipes_into_ours(match.end())

    def _pipes_into_ours(self, index: int) -> bool:
        """``ls -l | Out-Null``, ``df -h | Select-String sda``: a native command piped
        into a cmdlet, alias or function is a PowerShell pipeline (as at PowerShell's
        prompt); a shell never sees a cmdlet it cannot run. Only a ``|`` of the same
        line outside quotes and brackets counts; ``||`` does not."""
        text, depth, quote = self.text, 0, ""
        while index < len(text):
            c = text[index]
            if quote:
                if c == "\\" and quote == '"':
                    index += 1
                elif c == quote:
                    quote = ""
            elif c in "'\"":
                quote = c
            elif c == "\\":
                index += 1
            elif c in "({":
                depth += 1
            elif c in ")}":
                depth -= 1
                if depth < 0:
                    return False
            elif c in "\n;#" and depth == 0:
                return False
            elif c == "|" and depth == 0:
                if text.startswith("||", index):
                    return False
                word = FIRST_WORD.match(text, _blanks_end(text, index + 1))
                if word is not None and (self.knows_command(word.group())
                                         or is_verb_noun(word.group())):
                    return True
            index += 1
        return False

    def knows_command(self, word: str) -> bool:
        """A cmdlet, alias or function of the runspace, or a function of this cell."""
        return word.lower() in self.defined_functions or self.is_ours(word)

    def _keyword_line(self, keyword: str, end: int) -> bool:
        text = self.text
        after = _blanks_end(text, end)
        following = text[after : after + 1]
        if keyword in _ALWAYS:
            return True
        if keyword == "using":  # using namespace X; no shell has a 'using' command
            return _USING_KIND.match(text, end) is not None
        if keyword in ("class", "enum"):
            return _TYPE_NAME.match(text, end) is not None
        if keyword in _DEFINES_FUNCTION:
            name = _FUNCTION_NAME.match(text, end)
            if name is not None:
                self.defined_functions.add(name.group(1).lower())
            return True
        if keyword in ("if", "while"):
            return following == "(" and not self._sh_subshell_condition(after)
        if keyword == "for":  # bash's for (( i = 0; … )), not PowerShell's for (($i = 0), …)
            if following != "(":
                return False
            inner = _blanks_end(text, after + 1)
            return text[inner : inner + 1] != "(" or \
                text[_blanks_end(text, inner + 1) : _blanks_end(text, inner + 1) + 1] == "$"
        # A keyword at the end of its line waits for its brace on the next one.
        return following in ("", "\n", "\r") or following in _BEFORE[keyword]

    def _sh_subshell_condition(self, paren: int) -> bool:
        """``if ( cd /tmp && make ); then``: the shell's subshell, not our condition.

        Finds the ``)`` matching the one at ``paren`` (skipping quoted text) and
        looks at what follows it on the line.
        """
        text, depth, index = self.text, 0, paren
        while index < len(text):
            c = text[index]
            if c in "'\"":
                close = text.find(c, index + 1)
                if close < 0:
                    return False
                index = close
            elif c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    return _SH_AFTER_CONDITION.match(text, index + 1) is not None
            index += 1
        return False

    def _operand_follows(self, pos: int) -> bool:
        """``!$ok``, ``-not (Test-Path x)``: an operand follows; ``! grep -q x f`` is sh."""
        pos = _blanks_end(self.text, pos)
        c = self.text[pos : pos + 1]
        return c != "" and (c in _OPERAND_START or c in "!-")

    def _ours_after_paren(self, pos: int) -> bool:
        """``(Get-Job).Count``, ``($x + 1)`` and ``$(if ($ok) { 1 })`` are ours;
        ``( cd /tmp && make )``, ``$(which python3)`` and ``(if true; then …)`` are the
        shell's."""
        text = self.text
        pos = _blanks_end(text, pos)
        if pos >= len(text):
            return True
        if text[pos] in "$@'\"[(0123456789":
            return True
        match = FIRST_WORD.match(text, pos)
        if match is None:
            return False
        word = match.group()
        if word.lower() in STATEMENT_KEYWORDS:  # $(if ($x) { … }), (foreach ($h in …) {…})
            return self._keyword_line(word.lower(), match.end())
        return self.knows_command(word) or is_verb_noun(word)


def _blanks_end(text: str, pos: int) -> int:
    match = _BLANKS.match(text, pos)
    return match.end() if match else pos
