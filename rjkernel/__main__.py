"""The ``rjkernel`` command: ``install``, ``demo``, ``kernel``.

- ``rjkernel install [--user | --sys-prefix | --prefix P]`` installs the kernelspec;
- ``rjkernel demo [--headless]`` starts local demo SSH hosts and opens (or, headless,
  executes and prints) the tour notebook;
- ``rjkernel kernel -f CONNECTION_FILE`` is what Jupyter runs (the kernelspec's argv).
"""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path


def _install(args: argparse.Namespace) -> int:
    from rjkernel.install import install_kernelspec

    path = install_kernelspec(user=args.user, sys_prefix=args.sys_prefix, prefix=args.prefix)
    print(f"Installed the rjkernel kernelspec in {path}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from rjkernel.demo.run import run_demo

    notebook = Path(args.notebook) if args.notebook else Path(
        str(resources.files("rjkernel.notebooks").joinpath("about_remote_jobs.ipynb"))
    )
    state = Path(args.state_dir) if args.state_dir else None
    return run_demo(headless=args.headless, notebook=notebook, state_dir=state)


def _kernel(argv: list[str]) -> int:
    from ipykernel.kernelapp import IPKernelApp

    from rjkernel.heap import keep_heap_top
    from rjkernel.kernel import RJKernel

    keep_heap_top()
    IPKernelApp.launch_instance(argv=argv, kernel_class=RJKernel,
                                outstream_class="rjkernel.kernel_streams.IdleFlushOutStream")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["kernel"]:
        return _kernel(argv[1:])
    parser = argparse.ArgumentParser(prog="rjkernel", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    inst = sub.add_parser("install", help="install the Jupyter kernelspec")
    where = inst.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true", help="for the current user")
    where.add_argument("--sys-prefix", action="store_true", help="into this Python environment")
    where.add_argument("--prefix", help="under this prefix")
    inst.set_defaults(run=_install)
    demo = sub.add_parser("demo", help="start demo SSH hosts and open the tour notebook")
    demo.add_argument("--headless", action="store_true",
                      help="execute the notebook and print what each cell shows")
    demo.add_argument("--notebook", help="another notebook to open or run")
    demo.add_argument("--state-dir", help="where demo hosts keep keys, homes and jobs")
    demo.set_defaults(run=_demo)
    sub.add_parser("kernel", help="run the kernel (used by Jupyter)")
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
