"""Conceptual help topics (``Get-Help about_…``).

``about_Remote_Jobs`` is the topic rjkernel was built from (PowerShell-Docs, CC BY 4.0),
rewritten for how rjkernel works: script blocks are POSIX shell, paths are Linux paths,
the prompt is PowerShell's real ``[Server01]: PS …>`` form, the seed's
``Receive-Job -SessionId`` and ``Get-Job $job`` forms are kept (rjkernel accepts them),
and a closing section lists where rjkernel differs from PowerShell.
"""

# The topic reproduces PowerShell's 115-column job tables verbatim.
# ruff: noqa: E501

from __future__ import annotations

ABOUT_REMOTE_JOBS = """\
TOPIC
    about_Remote_Jobs

SHORT DESCRIPTION
    Describes how to run background jobs on remote computers.

LONG DESCRIPTION
    A background job is a command that runs asynchronously without interacting
    with the current session. The cell returns immediately, and you can go on
    using the notebook while the job runs.

    By default, background jobs run on the local computer, the machine of the
    kernel. You can also run them on remote computers, over SSH, in three
    different ways:

    - Start an interactive session with a remote computer, and start a job in
      the interactive session. The procedures are the same as running a local
      job, although all actions are performed on the remote computer.

    - Run a background job on a remote computer that returns its results to
      the local computer. Use this method when you want to collect the results
      of background jobs and keep them in a central place, the notebook.

    - Run a background job on a remote computer that keeps its results on the
      remote computer. Use this method when the job data is better kept on the
      computer that produced it.

    In rjkernel the commands in a script block { ... } are POSIX shell,
    run by /bin/sh on the computer where the job runs.

START A BACKGROUND JOB IN AN INTERACTIVE SESSION
    You can start an interactive session with a remote computer and then start
    a background job during the interactive session. All of the operations
    occur on the remote computer, not the local computer.

  STEP 1: ENTER-PSSESSION
    Use Enter-PSSession to start an interactive session with a remote
    computer. The ComputerName parameter establishes a temporary connection
    for the session; the Session parameter uses a PSSession you created with
    New-PSSession.

        Enter-PSSession -ComputerName Server01

    The following cells run on Server01, and the prompt shows it:

        [Server01]: PS /home/alice>

  STEP 2: START-JOB
    To start a background job in the session, use Start-Job. The following
    command starts a job that collects today's log of the SSH service on
    Server01 and saves the job object in the $job variable.

        [Server01]: PS /home/alice> $job = Start-Job -ScriptBlock {
          journalctl -u ssh --since today
        }

    While the job runs, you can use the interactive session to run other
    commands, including other background jobs.

  STEP 3: GET-JOB
    To find out whether the job is complete, display the value of the $job
    variable, or use Get-Job.

        [Server01]: PS /home/alice> Get-Job $job

        Id     Name            PSJobTypeName   State         HasMoreData     Location             Command
        --     ----            -------------   -----         -----------     --------             -------
        1      Job1            BackgroundJob   Completed     True            localhost            …

    The Location is "localhost" because the job was started on, and runs on,
    the same computer: Server01. (The Command column shows only "…" because
    the script block starts with a line break.)

  STEP 4: RECEIVE-JOB
    To get the results of the job, use Receive-Job. You can display them in
    the session or save them to a file on the remote computer. The following
    command uses the redirection operator (>) to save them in /tmp/PsLog.txt
    on Server01.

        [Server01]: PS /home/alice> Receive-Job $job > /tmp/PsLog.txt

  STEP 5: EXIT-PSSESSION
    To end the interactive session, use Exit-PSSession. The prompt shows
    that the cells run locally again.

        [Server01]: PS /home/alice> Exit-PSSession
        PS /home/alice>

  STEP 6: INVOKE-COMMAND: GET-CONTENT
    To view the file on Server01 at any time, enter another interactive
    session, or run a remote command. A PSSession (a persistent connection)
    suits several commands that investigate the same data.

        $s = New-PSSession -ComputerName Server01
        Invoke-Command -Session $s -ScriptBlock {
          Get-Content /tmp/PsLog.txt }

START A REMOTE JOB THAT RETURNS THE RESULTS TO THE LOCAL COMPUTER (ASJOB)
    To start a background job on a remote computer that returns the results
    to the local computer, use the AsJob parameter of Invoke-Command. The job
    object is created on the local computer even though the job runs on the
    remote computer, and the results come back to the local computer as they
    are produced.

  STEP 1: INVOKE-COMMAND -ASJOB
    The following command starts a background job on Server01 that reports
    the disk usage of /var/log. The JobName parameter would give the job a
    friendly name.

        Invoke-Command -ComputerName Server01 -ScriptBlock {
          du -sh /var/log/* } -AsJob

    The result resembles:

        Id     Name            PSJobTypeName   State         HasMoreData     Location             Command
        --     ----            -------------   -----         -----------     --------             -------
        1      Job1            RemoteJob       Running       True            Server01             …

    The Location shows that the job runs on Server01. With several computers
    (-ComputerName Server01,Server02) the job has one child job per computer;
    Get-Job -IncludeChildJob shows them.

  STEP 2: GET-JOB
    Because the job object is on the local computer, you manage it with local
    job cmdlets; no remote commands are needed.

        Get-Job

        Id     Name            PSJobTypeName   State         HasMoreData     Location             Command
        --     ----            -------------   -----         -----------     --------             -------
        1      Job1            RemoteJob       Completed     True            Server01             …

  STEP 3: RECEIVE-JOB
    The results come back to the computer where the job object is, so a local
    Receive-Job gets them. The following command identifies the job by its ID
    and saves the results in the $results variable. You can also redirect them
    to a file.

        $results = Receive-Job -Id 1

START A REMOTE JOB THAT KEEPS THE RESULTS ON THE REMOTE COMPUTER
    To keep the results on the remote computer, use Invoke-Command to run a
    Start-Job command there. The job object is created on the remote
    computer, and the results are kept there. From the job's perspective all
    operations are local: you are running commands remotely to manage a local
    job on the remote computer.

  STEP 1: INVOKE-COMMAND START-JOB
    Use a PSSession, a persistent connection. (In PowerShell a temporary
    connection made with -ComputerName ends, and cancels the job, when
    Invoke-Command returns.)

        $s = New-PSSession -ComputerName Server01

    The next command runs a Start-Job command in the PSSession. The Start-Job
    command and its shell block are enclosed in braces.

        Invoke-Command -Session $s -ScriptBlock {
          Start-Job -ScriptBlock { du -sh /var/log/* } }

    The result resembles:

        Id     Name            PSJobTypeName   State         HasMoreData     Location             Command
        --     ----            -------------   -----         -----------     --------             -------
        1      Job1            BackgroundJob   Running       True            localhost             du -sh /var/log/*

    The Location is "localhost" although the job runs on Server01: the job
    object was created on Server01 and the job runs there, so it is a local
    background job of that computer. Its Id is counted in the session, apart
    from the local jobs.

  STEP 2: INVOKE-COMMAND GET-JOB
    Because the job object is on the remote computer, you run remote commands
    to get, stop, wait for or receive it.

        Invoke-Command -Session $s -ScriptBlock { Get-Job }

  STEP 3: INVOKE-COMMAND RECEIVE-JOB
    To get the results, run Receive-Job in the PSSession. The Keep parameter
    keeps the results in the job on the remote computer.

        $results = Invoke-Command -Session $s -ScriptBlock {
          Receive-Job -SessionId 1 -Keep }

    (SessionId is accepted as another name for the Id parameter.) You can also
    redirect the results to a file on the remote computer:

        Invoke-Command -Session $s -Command {
          Receive-Job -SessionId 1 > /tmp/PsLog.txt }

RJKERNEL DIFFERENCES
    rjkernel runs PowerShell's job syntax over SSH without PowerShell on
    either side. Where it differs from PowerShell:

    - Script blocks are POSIX shell. $using:name inserts a local variable's
      value as one word exactly as given (never split or globbed; an array
      is one word per element, $null no word; inside "..." its text), and
      stays text in '...'; -ArgumentList values are the block's $1, $2, ...

    - Jobs are durable. Each host's jobs are owned by a small job agent
      (Python standard library, started over the SSH connection), which
      keeps them and their output on disk. Exit-PSSession, Remove-PSSession,
      a dropped network or a kernel restart never stop or lose a job; only
      Stop-Job and Remove-Job end jobs.

    - A non-zero exit status makes a job Failed, and the status is kept in
      the job's ExitCode property.

    - SSH sessions reconnect by themselves after a network drop (State Broken
      while retrying). Disconnect-PSSession, Connect-PSSession and
      Receive-PSSession work over SSH: a new kernel finds the sessions of an
      earlier one with Get-PSSession -ComputerName Server01 and takes them
      over with Connect-PSSession.

    - Job lists update in place as job states change, after the cell has
      finished.

    - The forms Receive-Job -SessionId N and Get-Job $job, used in this topic,
      are accepted. (PowerShell has no SessionId parameter, and Get-Job no Job
      parameter.)

SEE ALSO
    about_Jobs (not available in rjkernel; see Get-Help Start-Job)
    Invoke-Command
    Start-Job
    Get-Job
    Wait-Job
    Stop-Job
    Remove-Job
    New-PSSession
    Enter-PSSession
    Exit-PSSession
"""

HELP_TOPICS: dict[str, str] = {"about_remote_jobs": ABOUT_REMOTE_JOBS}
"""Topic text by lower-case topic name."""
