"""Local demo hosts, so that rjkernel can be tried with no servers of one's own.

``rjkernel demo`` starts a few SSH servers on 127.0.0.1 (``hosts.DemoHosts``), each of
which runs what it is asked as a real local process, as the current user, with its own
HOME under the demo's state directory; then it points the kernel at them and opens the
tour notebook (``run.run_demo``). Nothing here needs root, opens a non-loopback socket,
or writes outside the state directory.

Modules, in the order a start goes through them: ``statedir`` (keys, remembered ports,
the ssh_config and known_hosts files), ``host`` (one listening host and its
authentication policy), ``session`` (one channel → one local process), ``hosts`` (the
set of hosts, and ``python -m rjkernel.demo.hosts``), ``run`` (the ``rjkernel demo``
command) and ``transcript`` (how a headless run prints cells).
"""
