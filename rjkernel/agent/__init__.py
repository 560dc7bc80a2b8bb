"""The job agent: owns the jobs of one user on one host, locally or over SSH.

Rules for every module in this package except ``bundle.py`` (which runs in the kernel):

* Python standard library only, and code that runs on Python 3.8: the agent is shipped
  as source to hosts that have nothing installed but ``python3`` (see ``bundle.py``).
* Imports between agent modules are relative: the same files run as ``rjkernel.agent``
  inside the kernel (``protocol`` and ``spool`` are shared with it) and as the package
  ``rjkernel_agent`` on a host.
* This file imports nothing, so importing the kernel's shared modules costs nothing.

A map: ``protocol`` (messages, validation, records) · ``spool`` (output frames) ·
``store`` (the on-disk job store) · ``private`` (its modes, no symlinks) · ``notify``
(datagram wake-ups) · ``supervisor`` (the process that runs one job) · ``launcher``
(forks supervisors) · ``output`` (the ordered, non-blocking writer to the client) ·
``watch`` (job events) · ``handlers`` (one per op) · ``server`` (the request loop) ·
``service`` (one client's connection) · ``main`` (the process) · ``boot`` (loads the
package from files or from stdin).
"""
