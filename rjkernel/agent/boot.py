"""Load the agent's modules as the package ``rjkernel_agent`` and run the agent.

Two ways in:

* on a remote host (see bundle.py): ``python3 -I -S -c <stage 1>`` reads this file's
  source from stdin, length-prefixed, and runs it. This then reads the module table from
  stdin — for each module ``<name>\\n<length>\\n<source>``, an empty name ends it — and
  imports the modules from memory;
* on this machine: ``python -I -S boot.py --from-dir`` imports them from the files
  beside this one.

(``-I -S``: no environment variables, user or site directories, nothing but the
standard library — all the agent needs, and 30 ms less to start.)

Afterwards stdin carries the protocol. This file runs as a script, before the package
exists: it imports nothing of it and stays small.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import os
import sys
from types import CodeType, ModuleType
from typing import Dict, Optional

PACKAGE = "rjkernel_agent"


def _read_exact(count: int) -> bytes:
    data = bytearray()
    while len(data) < count:
        chunk = os.read(0, count - len(data))
        if not chunk:
            sys.stderr.write("rjkernel: the job agent's code was cut short\n")
            sys.exit(1)
        data += chunk
    return bytes(data)


def _read_line() -> str:
    line = bytearray()
    while not line.endswith(b"\n"):
        line += _read_exact(1)
    return line[:-1].decode()


class _MemoryModules:
    """Finds and loads ``rjkernel_agent`` and its modules from sources held in memory.

    A meta path finder and loader by protocol (importlib.abc would cost an import of
    importlib.resources, 20 ms at every start); ``get_source`` lets tracebacks show
    the lines."""

    def __init__(self, sources: Dict[str, str]) -> None:
        self.sources = sources

    def _name(self, fullname: str) -> Optional[str]:
        if fullname == PACKAGE:
            return "__init__"
        if fullname.startswith(PACKAGE + "."):
            return fullname[len(PACKAGE) + 1 :]
        return None

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> Optional[importlib.machinery.ModuleSpec]:
        name = self._name(fullname)
        if name is None or name not in self.sources:
            return None
        return importlib.util.spec_from_loader(
            fullname,
            self,  # type: ignore[arg-type]  # typeshed wants the deprecated load_module too
            origin=f"{PACKAGE}/{name}.py",
            is_package=name == "__init__",
        )

    def get_source(self, fullname: str) -> str:
        return self.sources[self._name(fullname) or ""]

    def get_code(self, fullname: str) -> CodeType:
        origin = f"{PACKAGE}/{self._name(fullname)}.py"
        return compile(self.get_source(fullname), origin, "exec", dont_inherit=True)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None  # the default module object

    def exec_module(self, module: ModuleType) -> None:
        exec(self.get_code(module.__name__), module.__dict__)


def _load_from_stdin() -> None:
    sources: Dict[str, str] = {}
    while True:
        name = _read_line()
        if not name:
            break
        sources[name] = _read_exact(int(_read_line())).decode()
    sys.meta_path.insert(0, _MemoryModules(sources))


def _load_from_dir() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location(
        PACKAGE, os.path.join(here, "__init__.py"), submodule_search_locations=[here]
    )
    assert spec is not None and spec.loader is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules[PACKAGE] = package
    spec.loader.exec_module(package)


if sys.argv[1:] == ["--from-dir"]:
    _load_from_dir()
else:
    _load_from_stdin()
sys.exit(importlib.import_module(PACKAGE + ".main").main())
