"""Tab completion and Shift-Tab help, answered from local state only.

ipykernel answers completion requests only between cells (kernel-notes pitfall 6), and
a user pressing Tab expects an answer at once, so nothing here touches the network:
candidates come from the catalog (cmdlets, aliases, parameters, enum values), the
current runspace (variables, job Ids and names), the session table, and the OpenSSH
config and known_hosts files (host names).

The context is found by a small backwards scan of the text before the cursor, not by
the parser: the text being completed is usually not valid yet.
"""

from __future__ import annotations

import re
from typing import Any

from rjkernel.cmdlets import catalog
from rjkernel.cmdlets.signature import CmdletSpec, ParameterSpec, common_parameters
from rjkernel.display.help import render_brief, render_help
from rjkernel.errors import PSError
from rjkernel.interpreter import resolve_command
from rjkernel.jobs.states import JobState
from rjkernel.runspace.runspaces import Runspaces
from rjkernel.transport.known_names import known_host_names
from rjkernel.values.enums import ActionPreference, SessionFilterState

_WORD_CHARS = re.compile(r"[^\s|;{}()=,]*")
_STATEMENT_SEPARATORS = "|;{(="
# Text read as plain runs, quoted runs (to the closing quote or the end) and runs of
# separators ending a command (with the blanks after them).
_COMMANDS = re.compile(
    r"""(?:[^'"|;\n{(=]+|'[^']*'?|"[^"]*"?|(?P<separator>[|;\n{(=][|;\n{(=\s]*))*""")
_ENUMS: dict[str, list[str]] = {
    "JobState": [s.name for s in JobState],
    "ActionPreference": [a.name for a in ActionPreference],
    "SessionFilterState": [s.name for s in SessionFilterState],
}
HOST_PARAMETERS = {"computername", "hostname", "cn"}
Completion = tuple[list[str], int, int, dict[str, Any]]


def _word_before(text: str) -> str:
    """The word that ends ``text`` (empty after a blank or a separator).

    Matched on the reversed text, anchored at its start: a search for ``word$`` tries
    every start position and reads on to each one's end, quadratic in a long word
    (40,000 characters took 9 s and held the kernel).
    """
    match = _WORD_CHARS.match(text[::-1])
    assert match is not None  # the pattern matches the empty string
    return text[len(text) - match.end():]


def _at_statement_start(text: str) -> bool:
    """Whether ``text`` ends where a command can start: at the start, after a newline,
    or after ``|``, ``;``, ``{``, ``(`` or ``=`` and blanks."""
    stripped = text.rstrip()
    return not stripped or stripped[-1] in _STATEMENT_SEPARATORS or \
        "\n" in text[len(stripped):]


def _segment(before: str) -> str:
    """The text of the current command: back to the last unquoted ``|``, ``;``, ``{``,
    ``(``, ``=`` (an assignment's value) or newline (blanks after it may be kept).

    One regex match in C over the whole text; its ``separator`` group keeps its last
    repetition, which ends where the current command starts.
    """
    match = _COMMANDS.match(before)
    assert match is not None  # the pattern matches any text
    return before[match.end("separator"):] if match.group("separator") else before


def _typed(matches: list[str], start: int, end: int, kind: str) -> dict[str, Any]:
    """Completion metadata with a type per match (IPython's experimental key, which
    JupyterLab reads): a frontend then shows them as the kernel's — typed, in our order —
    instead of mixing in its own word completions."""
    return {"_jupyter_types_experimental": [
        {"start": start, "end": end, "text": match, "type": kind} for match in matches]}


class LanguageServices:
    def __init__(self, runspaces: Runspaces) -> None:
        self.runspaces = runspaces

    # ------------------------------------------------------------------ completion

    def complete(self, code: str, cursor: int) -> Completion:
        before = code[:cursor]
        prefix = _word_before(before)
        start = cursor - len(prefix)
        segment = _segment(before[:start])
        words = segment.split()
        kind = "value"
        if prefix.startswith("$"):
            matches, kind = self._variables(prefix), "variable"
        elif not words and _at_statement_start(before[:start]):
            matches, kind = self._commands(prefix), "function"
        elif prefix.startswith("-") and words:
            matches, kind = self._parameters(words[0], prefix), "parameter"
        elif words:
            matches = self._values(words, prefix)
        else:
            matches = []
        return matches, start, cursor, _typed(matches, start, cursor, kind)

    def _commands(self, prefix: str) -> list[str]:
        low = prefix.lower()
        names = [s.name for s in catalog.CATALOG.values() if s.name.lower().startswith(low)]
        variables = self.runspaces.current.variables
        aliases = [a for a in catalog.ALIASES if a.startswith(low)] + [
            name for name, _ in variables.aliases().values() if name.lower().startswith(low)]
        functions = [f.name for f in variables.functions().values()
                     if f.name.lower().startswith(low)] + [
            name for name in catalog.FUNCTIONS if name.startswith(low)]
        return sorted({*names, *functions}, key=str.lower) + sorted(set(aliases))

    def _spec(self, command: str) -> CmdletSpec | None:
        """The signature of a user function or cmdlet named ``command``."""
        function = self.runspaces.current.variables.function(command)
        if function is None:
            return resolve_command(command)
        try:
            spec: CmdletSpec = function.signature.spec
        except PSError:  # a parameter of a type that does not exist
            return None
        return spec

    def _variables(self, prefix: str) -> list[str]:
        scope, _, name = prefix[1:].rpartition(":")
        low = name.lower()
        names = [*self.runspaces.current.variables.names(), "_", "PWD", "HOME", "args"]
        head = f"${scope}:" if scope else "$"
        return sorted({head + n for n in names if n.lower().startswith(low)}, key=str.lower)

    def _parameters(self, command: str, prefix: str) -> list[str]:
        spec = self._spec(command)
        if spec is None:
            return []
        low = prefix[1:].lower()
        params = [p for p in spec.parameters if not p.hidden]
        names = [f"-{p.name}" for p in params if p.name.lower().startswith(low)]
        common = [f"-{p.name}" for p in common_parameters(spec.supports_should_process)
                  if p.name.lower().startswith(low)]
        return names + common

    def _values(self, words: list[str], prefix: str) -> list[str]:
        spec = self._spec(words[0])
        if spec is None or len(words) < 2 or not words[-1].startswith("-"):
            return []
        param = self._parameter(spec, words[-1][1:])
        if param is None:
            return []
        low = prefix.lower()
        return [v for v in self._candidates(spec, param) if v.lower().startswith(low)]

    @staticmethod
    def _parameter(spec: CmdletSpec, typed: str) -> ParameterSpec | None:
        low = typed.lower().rstrip(":")
        exact = [p for p in spec.parameters
                 if p.name.lower() == low or low in (a.lower() for a in p.aliases)]
        if exact:
            return exact[0]
        hits = [p for p in spec.parameters if p.name.lower().startswith(low)]
        return hits[0] if len(hits) == 1 else None

    def _candidates(self, spec: CmdletSpec, param: ParameterSpec) -> list[str]:
        name = param.name.lower()
        element = param.type.removesuffix("[]")
        if param.values:
            return list(param.values)
        if element in _ENUMS:
            return _ENUMS[element]
        if name in HOST_PARAMETERS or any(a.lower() in HOST_PARAMETERS for a in param.aliases):
            return known_host_names()
        noun = spec.name.split("-", 1)[-1].lower()
        sessions = list(self.runspaces.sessions)
        if element == "PSSession":
            return [f"(Get-PSSession -Id {s.id})" for s in sessions]
        if noun == "pssession":
            if name == "id":
                return [str(s.id) for s in sessions]
            if name == "name":
                return [s.name for s in sessions]
        if noun == "job":
            jobs = self.runspaces.current.jobs.everything()
            if name == "id":
                return [str(j.id) for j in jobs]
            if name == "name":
                return list(dict.fromkeys(j.name for j in jobs))
        if element == "Boolean":
            return ["$true", "$false"]
        return []

    # ------------------------------------------------------------------ inspection

    def inspect(self, code: str, cursor: int, *, detail: bool = False) -> str | None:
        """Help for the command under (or before) the cursor."""
        before = code[:cursor]
        tail = re.match(r"[^\s|;{}()]*", code[cursor:])
        word = _word_before(before) + (tail.group(0) if tail else "")
        topic = next((t for k, t in catalog.HELP_TOPICS.items() if k.lower() == word.lower()),
                     None)
        if topic is not None:
            return topic
        spec = self._spec(word) if word and not word.startswith("-") else None
        if spec is None:
            words = _segment(before).split()
            spec = self._spec(words[0]) if words else None
        if spec is None:
            return None
        return render_help(spec, full=True) if detail else render_brief(spec) + "\n" + \
            spec.description + "\n"
