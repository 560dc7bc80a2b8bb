"""Signatures and help of the job cmdlets: Start-Job, Get-Job, Receive-Job, Wait-Job,
Stop-Job, Remove-Job.

Parameter sets, positions, pipeline bindings and set names are PowerShell 7's
(ps-semantics §1.1–1.6), so that the binder picks the same set PowerShell would.
Deliberate additions, each for a form the seed document uses: ``Receive-Job -SessionId``
(an alias of ``-Id``) and ``Get-Job $job`` (a hidden ``-Job`` parameter in a set of its
own, at position 0, that only a job object binds to). Windows-only parameters
(``-Credential``, ``-RunAs32``, ``-PSVersion`` …) and the script-file sets of Start-Job
are left out; help says so.
"""

from __future__ import annotations

from rjkernel.cmdlets.signature import ALL_SETS, CmdletSpec, Example, ParameterSpec
from rjkernel.cmdlets.signature import SetMembership as In

_ID_SET = "SessionIdParameterSet"
_JOB_SET = "JobParameterSet"
_NAME_SET = "NameParameterSet"
_INSTANCE_SET = "InstanceIdParameterSet"
_STATE_SET = "StateParameterSet"
_FILTER_SET = "FilterParameterSet"
_COMMAND_SET = "CommandParameterSet"

_STATES = (
    "NotStarted", "Running", "Completed", "Failed", "Stopped", "Blocked", "Suspended",
    "Disconnected", "Suspending", "Stopping", "AtBreakpoint",
)


def _id_help(action: str) -> str:
    return (
        f"Specifies the IDs of the jobs {action}. The ID is the small integer shown in the Id "
        "column of Get-Job; it identifies a job within the current runspace (the kernel, or "
        "the PSSession you are in) and is easier to type than the InstanceId. Several IDs "
        "are separated by commas: -Id 1,3."
    )


def _job_help(action: str) -> str:
    return (
        f"Specifies the jobs {action}, as job objects: a variable that holds them ($job) or "
        "a command that gets them (Get-Job | ...)."
    )


def _name_help(action: str) -> str:
    return (
        f"Specifies the friendly names of the jobs {action}. Wildcards are permitted. Names "
        "need not be unique; every job with a matching name is affected."
    )


def _instance_help(action: str) -> str:
    return (
        f"Specifies the instance IDs (GUIDs) of the jobs {action}. The instance ID is unique "
        "on the machine that owns the job. To see it, use Get-Job | Format-List."
    )


def _state_help(action: str) -> str:
    return (
        f"Specifies a job state; the jobs in this state are the ones {action}. The acceptable "
        f"values are: {', '.join(_STATES)}."
    )


def _filter_help(action: str) -> str:
    return (
        f"Specifies a hash table of conditions; the jobs {action} are those whose properties "
        "equal every key's value, for example @{State='Failed'; Location='web01'}."
    )


def _selectors(action: str, *, state_pipeline: bool = True) -> list[ParameterSpec]:
    """The Id/Job/Name/InstanceId/State/Filter sets shared by Wait-, Stop- and Remove-Job."""
    return [
        ParameterSpec("Id", "Int32[]", {_ID_SET: In(0, True, from_pipeline_by_property=True)},
                      help=_id_help(action)),
        ParameterSpec("Job", "Job[]", {_JOB_SET: In(0, True, from_pipeline=True,
                                                    from_pipeline_by_property=True)},
                      help=_job_help(action)),
        ParameterSpec("Name", "String[]", {_NAME_SET: In(0, True, from_pipeline_by_property=True)},
                      help=_name_help(action), wildcards=True),
        ParameterSpec("InstanceId", "Guid[]",
                      {_INSTANCE_SET: In(0, True, from_pipeline_by_property=True)},
                      help=_instance_help(action)),
        ParameterSpec("State", "JobState",
                      {_STATE_SET: In(0, True, from_pipeline_by_property=state_pipeline)},
                      help=_state_help(action), values=_STATES),
        ParameterSpec("Filter", "Hashtable",
                      {_FILTER_SET: In(0, True, from_pipeline_by_property=True)},
                      help=_filter_help(action)),
    ]


START_JOB = CmdletSpec(
    name="Start-Job",
    aliases=("sajb",),
    # PowerShell names the script-block set "ComputerName" although it has no such
    # parameter; kept so that $PSCmdlet.ParameterSetName reads as it does there.
    default_set="ComputerName",
    parameters=(
        ParameterSpec("ScriptBlock", "ScriptBlock", {"ComputerName": In(0, True)},
                      aliases=("Command",),
                      help="Specifies the commands to run in the background job, enclosed in "
                           "braces. The body is POSIX shell, run by /bin/sh on the machine of the "
                           "current runspace (this machine, or the host of the PSSession you "
                           "entered). Its text, verbatim, becomes the job's Command."),
        ParameterSpec("InitializationScript", "ScriptBlock", {"ComputerName": In(1)},
                      help="Specifies shell commands that run before the job's script block, in "
                           "the same shell: use it to export variables, source a profile or "
                           "change the umask."),
        ParameterSpec("Name", "String", {"ComputerName": In(from_pipeline_by_property=True)},
                      help="Specifies a friendly name for the job. The default is Job<Id>. Use "
                           "the name with the Name parameter of the other job cmdlets."),
        ParameterSpec("ArgumentList", "Object[]", {"ComputerName": In()}, aliases=("Args",),
                      help="Specifies arguments for the script block. They become its positional "
                           "parameters $1, $2, … in order, each passed as one word."),
        ParameterSpec("InputObject", "PSObject", {"ComputerName": In(from_pipeline=True)},
                      help="Specifies input for the job. Each object is written, as text, as one "
                           "line of the job's standard input; without it the job reads "
                           "/dev/null."),
        ParameterSpec("WorkingDirectory", "String", {"ComputerName": In()},
                      help="Specifies the directory the job starts in. The default is the "
                           "current directory of the runspace that starts the job."),
    ),
    synopsis="Starts a background job.",
    description=(
        "Start-Job starts a background job and returns a job object at once, while the job "
        "keeps running. The script block is POSIX shell; it runs detached from the kernel "
        "(its own process group, standard input from /dev/null unless -InputObject is "
        "given), under the job agent of the current runspace: on this machine, or, after "
        "Enter-PSSession or inside Invoke-Command -Session, on that session's host.\n\n"
        "Like PowerShell, each job is a parent with one child job, and each takes an Id, so "
        "consecutive Start-Job commands return jobs 1, 3, 5 … Manage the job with Get-Job, "
        "Receive-Job, Wait-Job, Stop-Job and Remove-Job. Unlike PowerShell, the job outlives "
        "the kernel and the connection: only Stop-Job and Remove-Job end it. A non-zero exit "
        "status makes the job Failed, and the status is kept in its ExitCode property."
    ),
    examples=(
        Example("Start-Job { tar czf /tmp/etc.tgz /etc }",
                "Starts a background job that archives /etc; the job object is displayed "
                "while the archive is being written."),
        Example("$job = Start-Job -Name backup -ScriptBlock { rsync -a ~/data/ /backup/data/ }\n"
                "Receive-Job $job -Wait",
                "Starts a named job, keeps it in $job, then waits for it and prints its "
                "output."),
        Example("Start-Job -ArgumentList /var/log, '*.gz' { find \"$1\" -name \"$2\" }",
                "Passes two arguments; the block sees them as $1 and $2."),
        Example("$dir = '/srv/app'\nStart-Job { du -sh $using:dir }",
                "Uses a kernel variable inside the job: $using:dir is replaced by the "
                "variable's value as one word, exactly as given (never split or globbed)."),
    ),
    output_type="System.Management.Automation.PSRemotingJob",
    notes=(
        "The FilePath and LiteralPath parameter sets (a script file instead of a block), "
        "the scheduled-job DefinitionName set and the Windows-only parameters (Credential, "
        "Authentication, RunAs32, PSVersion) are not available in rjkernel; put the "
        "commands in the block, for example Start-Job { sh ./build.sh }."
    ),
)


_GET_JOB_ALL = {ALL_SETS: In()}
GET_JOB = CmdletSpec(
    name="Get-Job",
    aliases=("gjb",),
    default_set=_ID_SET,
    parameters=(
        ParameterSpec("Id", "Int32[]", {_ID_SET: In(0)},
                      help=_id_help("to get") + " Child jobs are found by Id too."),
        ParameterSpec("IncludeChildJob", "SwitchParameter", _GET_JOB_ALL,
                      help="Also returns the child jobs: one per host for Invoke-Command -AsJob, "
                           "one for Start-Job. The result stays sorted by Id, so each parent "
                           "is followed by its children."),
        ParameterSpec("InstanceId", "Guid[]", {_INSTANCE_SET: In(0, True)},
                      help=_instance_help("to get")),
        ParameterSpec("Name", "String[]", {_NAME_SET: In(0, True)},
                      help=_name_help("to get"), wildcards=True),
        ParameterSpec("State", "JobState", {_STATE_SET: In(0, True)},
                      help=_state_help("to get"), values=_STATES),
        ParameterSpec("Command", "String[]", {_COMMAND_SET: In()},
                      help="Gets the jobs whose command (the script block's text, without the "
                           "surrounding spaces) matches. Wildcards are permitted.",
                      wildcards=True),
        ParameterSpec("Filter", "Hashtable", {_FILTER_SET: In(0, True)},
                      help=_filter_help("to get")),
        ParameterSpec("ChildJobState", "JobState", _GET_JOB_ALL,
                      help="Also returns the child jobs that are in this state, for example the "
                           "hosts of a fan-out job that failed.", values=_STATES),
        ParameterSpec("HasMoreData", "Boolean", _GET_JOB_ALL,
                      help="Gets only the jobs whose HasMoreData property has this value: $true "
                           "for jobs with output not yet received, $false for the others."),
        ParameterSpec("Before", "DateTime", _GET_JOB_ALL,
                      help="Gets only jobs that ended before this date and time (PSEndTime)."),
        ParameterSpec("After", "DateTime", _GET_JOB_ALL,
                      help="Gets only jobs that ended after this date and time (PSEndTime)."),
        ParameterSpec("Newest", "Int32", _GET_JOB_ALL,
                      help="Gets this many of the most recently ended jobs, newest first."),
        ParameterSpec("Job", "Job[]", {_JOB_SET: In(0, True)}, hidden=True,
                      help="Accepts job objects, so that Get-Job $job shows that job."),
    ),
    synopsis="Gets the background jobs of the current runspace.",
    description=(
        "Get-Job gets objects that represent the jobs started in the current runspace: by "
        "Start-Job, by Invoke-Command -AsJob, or (inside a PSSession) by commands run there. "
        "Without parameters it gets every top-level job, sorted by Id. The table shows each "
        "job's Id, Name, type, State, whether it has output not yet received (HasMoreData), "
        "where it runs (Location) and its Command.\n\n"
        "Jobs live in the job agent of the runspace's host, not in the kernel, so they are "
        "still there after the kernel restarts or the connection drops. The job display "
        "updates in place as the jobs change state."
    ),
    examples=(
        Example("Get-Job", "Gets all jobs of the current runspace."),
        Example("Get-Job -State Failed | Receive-Job -Keep",
                "Shows the output and errors of every failed job, keeping them for later."),
        Example("Get-Job -Name backup*",
                "Gets the jobs whose names start with backup."),
        Example("Get-Job -IncludeChildJob",
                "Shows every job together with its child jobs, for example one child per host "
                "of an Invoke-Command -AsJob job, each with its own state."),
    ),
    output_type="System.Management.Automation.Job",
)


_ALL = {ALL_SETS: In()}
RECEIVE_JOB = CmdletSpec(
    name="Receive-Job",
    aliases=("rcjb",),
    default_set="Location",
    parameters=(
        ParameterSpec("Job", "Job[]", {
            "Location": In(0, True, from_pipeline=True, from_pipeline_by_property=True),
            "ComputerName": In(0, True, from_pipeline=True, from_pipeline_by_property=True),
            "Session": In(0, True, from_pipeline=True, from_pipeline_by_property=True),
        }, help=_job_help("whose results are received")),
        ParameterSpec("Location", "String[]", {"Location": In(1)},
                      help="Receives only the results of the child jobs that run at these "
                           "locations (host names, as in the Location column)."),
        ParameterSpec("ComputerName", "String[]",
                      {"ComputerName": In(1, from_pipeline_by_property=True)}, aliases=("Cn",),
                      help="Receives only the results from these computers. Valid only for jobs "
                           "started with Invoke-Command -AsJob.", wildcards=True),
        ParameterSpec("Session", "PSSession[]", {"Session": In(1)},
                      help="Receives only the results of the child jobs that run in these "
                           "PSSessions."),
        ParameterSpec("Name", "String[]", {_NAME_SET: In(0, True, from_pipeline_by_property=True)},
                      help=_name_help("whose results are received"), wildcards=True),
        ParameterSpec("InstanceId", "Guid[]",
                      {_INSTANCE_SET: In(0, True, from_pipeline_by_property=True)},
                      help=_instance_help("whose results are received")),
        ParameterSpec("Id", "Int32[]", {_ID_SET: In(0, True, from_pipeline_by_property=True)},
                      aliases=("SessionId",),
                      help=_id_help("whose results are received") + " SessionId is accepted "
                           "as another name for this parameter, as the about_Remote_Jobs help "
                           "topic writes it."),
        ParameterSpec("Keep", "SwitchParameter", _ALL,
                      help="Keeps the results in the job, so that the next Receive-Job gets them "
                           "again. Without it, received results are removed from the job."),
        ParameterSpec("NoRecurse", "SwitchParameter", _ALL,
                      help="Receives only the job's own results, not those of its child jobs. "
                           "Parent jobs have no results of their own."),
        ParameterSpec("Force", "SwitchParameter", _ALL,
                      help="With -Wait, keeps waiting while the job is Suspended or "
                           "Disconnected."),
        ParameterSpec("Wait", "SwitchParameter", _ALL,
                      help="Waits until the job has finished, printing its results as they "
                           "arrive."),
        ParameterSpec("AutoRemoveJob", "SwitchParameter", _ALL,
                      help="With -Wait, deletes the job once it has finished and its results "
                           "have been received."),
        ParameterSpec("WriteEvents", "SwitchParameter", _ALL,
                      help="With -Wait, also writes an object each time a job changes state."),
        ParameterSpec("WriteJobInResults", "SwitchParameter", _ALL,
                      help="With -Wait, writes the job object before its results."),
    ),
    synopsis="Gets the results of background jobs.",
    description=(
        "Receive-Job gets the output and errors that jobs have produced so far: standard "
        "output lines become output, standard error lines become error records. For a job "
        "with several hosts the results of each child job come in turn, each line tagged "
        "with the host it came from.\n\n"
        "Received results are removed from the job unless you use -Keep (a second "
        "Receive-Job then gets only what arrived since), and HasMoreData turns False once "
        "a finished job has been received completely. A Failed job reports its failure "
        "(for example the exit status) after its results, every time it is received. "
        "Redirection saves what is received: Receive-Job $job > /tmp/PsLog.txt."
    ),
    examples=(
        Example("$job = Start-Job { uname -a }\nReceive-Job $job -Wait",
                "Starts a job, waits for it and prints its output."),
        Example("Receive-Job -Id 1 -Keep",
                "Prints the results of job 1 so far and keeps them in the job."),
        Example("$j = Invoke-Command -ComputerName web01,web02 { df -h / } -AsJob\n"
                "Receive-Job $j -ComputerName web02 -Wait",
                "Receives only the results of the child job that runs on web02."),
        Example("Receive-Job $job > /tmp/PsLog.txt",
                "Saves the job's results in a file (on the machine where the command runs)."),
    ),
    output_type="System.Management.Automation.PSObject",
    notes="The -AutoRemoveJob, -Force, -WriteEvents and -WriteJobInResults switches are valid "
          "only together with -Wait.",
)


WAIT_JOB = CmdletSpec(
    name="Wait-Job",
    aliases=("wjb",),
    default_set=_ID_SET,
    parameters=(
        *_selectors("to wait for"),
        ParameterSpec("Any", "SwitchParameter", _ALL,
                      help="Returns as soon as any one of the jobs has finished, instead of "
                           "waiting for all of them."),
        ParameterSpec("Timeout", "Int32", _ALL, aliases=("TimeoutSec",),
                      help="Waits at most this many seconds. The default, -1, waits until the "
                           "jobs finish. When the time is up Wait-Job returns, writing nothing "
                           "for the jobs that are still running."),
        ParameterSpec("Force", "SwitchParameter", _ALL,
                      help="Keeps waiting while jobs are Suspended or Disconnected; without it "
                           "those states end the wait, with a warning."),
    ),
    synopsis="Waits until background jobs finish.",
    description=(
        "Wait-Job waits for jobs to reach a finished state (Completed, Failed or Stopped) "
        "and then returns them, in the order they were given. Use it to make a cell wait for "
        "background work before going on; the kernel stays interruptible while it waits. "
        "With -Any it returns the first job that finished; with -Timeout it gives up after "
        "that many seconds."
    ),
    examples=(
        Example("Get-Job | Wait-Job", "Waits for every job of the runspace."),
        Example("Wait-Job -Id 1,3 -Any", "Returns when job 1 or job 3 has finished."),
        Example("$job = Start-Job { sleep 60 }\nWait-Job $job -Timeout 30",
                "Waits up to 30 seconds; the job is still running, so nothing is returned."),
    ),
    output_type="System.Management.Automation.Job",
)


STOP_JOB = CmdletSpec(
    name="Stop-Job",
    aliases=("spjb",),
    default_set=_ID_SET,
    supports_should_process=True,
    parameters=(
        *_selectors("to stop"),
        ParameterSpec("PassThru", "SwitchParameter", _ALL,
                      help="Returns the jobs it was given. By default Stop-Job writes nothing."),
    ),
    synopsis="Stops background jobs.",
    description=(
        "Stop-Job stops running jobs: the job's processes (the whole process group of the "
        "shell) are terminated on the host that runs them, and the job becomes Stopped. "
        "Stopping a parent job stops all its child jobs. Jobs that have already finished "
        "are left as they are. The results produced before the stop can still be received."
    ),
    examples=(
        Example("Stop-Job -Id 1", "Stops job 1."),
        Example("Get-Job -State Running | Stop-Job -PassThru",
                "Stops every running job and shows them."),
        Example("Stop-Job -Name nightly*", "Stops the jobs whose names start with nightly."),
    ),
    output_type="System.Management.Automation.Job",
)


REMOVE_JOB = CmdletSpec(
    name="Remove-Job",
    aliases=("rjb",),
    default_set=_ID_SET,
    supports_should_process=True,
    parameters=(
        *_selectors("to delete"),
        ParameterSpec("Command", "String[]",
                      {_COMMAND_SET: In(None, True, from_pipeline_by_property=True)},
                      help="Deletes the jobs whose command (the script block's text) matches. "
                           "Wildcards are permitted.", wildcards=True),
        ParameterSpec("Force", "SwitchParameter",
                      {s: In() for s in (_ID_SET, _JOB_SET, _NAME_SET, _INSTANCE_SET,
                                         _FILTER_SET)},
                      aliases=("F",),
                      help="Deletes jobs that are still running, stopping them first. Without "
                           "it, a running job is kept and an error says so."),
    ),
    synopsis="Deletes background jobs.",
    description=(
        "Remove-Job deletes jobs and their stored results from the job agent, and the jobs "
        "disappear from Get-Job. A job that has not finished is not deleted unless you use "
        "-Force, which stops it first; -State and -Command delete matching jobs, stopping "
        "running ones, without asking for -Force. Child jobs go only with their parent."
    ),
    examples=(
        Example("Get-Job -State Completed | Remove-Job",
                "Deletes every completed job."),
        Example("Remove-Job -Id 1 -Force", "Stops job 1 if it is still running, then deletes it."),
        Example("Remove-Job -State Failed", "Deletes every failed job."),
    ),
)


JOB_CMDLETS = (START_JOB, GET_JOB, RECEIVE_JOB, WAIT_JOB, STOP_JOB, REMOVE_JOB)
