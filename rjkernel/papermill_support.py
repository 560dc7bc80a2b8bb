"""papermill support: ``papermill runbook.ipynb out.ipynb -p host web01`` just works.

papermill injects parameters with a translator chosen by the notebook's language, and it
ships a PowerShell translator only under the name ``.net-powershell``
(kernel-notes D.1). papermill loads every ``papermill.engine`` entry point when it
starts; rjkernel's entry point is this module, which registers that translator for
language ``powershell`` too. The translator writes ``# Parameters`` and
``$host = "web01"`` lines, which rjkernel cells read as a comment and assignments.

The engine it names, ``--engine rjkernel``, is papermill's own nbclient engine: the
registration is what matters; the engine makes it loadable.
"""

from __future__ import annotations

from papermill.engines import NBClientEngine
from papermill.translators import PowershellTranslator, papermill_translators

papermill_translators.register("powershell", PowershellTranslator)


class RJKernelEngine(NBClientEngine):
    """papermill's nbclient engine, under the name ``rjkernel``."""
