"""Job backends: where the jobs of the pure model (``rjkernel/jobs/``) really run.

- :mod:`~rjkernel.backends.agent_jobs`: jobs kept by a job agent (Start-Job, locally
  or in a session on a host), reached through the agent client;
- :mod:`~rjkernel.backends.exec_jobs`: ``Invoke-Command -AsJob`` children, one SSH exec
  channel each, spooled on this machine.

Each is a :class:`~rjkernel.jobs.model.JobBackend` for the children it runs; the agent
one is also the :class:`~rjkernel.jobs.host.JobHost` of a runspace's place. They sit
between the runspaces (which make them) and the transport (which they talk through).
"""
