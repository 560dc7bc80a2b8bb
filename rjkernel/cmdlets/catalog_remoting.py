"""Signatures and help of Invoke-Command and the PSSession cmdlets.

Sets and positions follow PowerShell 7 (ps-semantics §1.7–1.15). Where rjkernel differs
it is because every connection is SSH:
- ``-ComputerName`` and ``-HostName`` both name SSH hosts, written ``[user@]host[:port]``;
  the SSH options (``-UserName``, ``-KeyFilePath``, ``-Port``, ``-ConnectingTimeout``,
  ``-Options``) are therefore accepted in the ComputerName sets too, while the
  differences PowerShell makes between the two sets (``-ThrottleLimit``, ``-Credential``,
  ``-InDisconnectedSession`` only with ``-ComputerName``) are kept so that scripts bind
  as they do there.
- Disconnect-, Connect- and Receive-PSSession exist and work over SSH (design.md); their
  WSMan-only options (idle time-out, output buffering mode, URIs) are left out.
"""

from __future__ import annotations

from collections.abc import Iterable

from rjkernel.cmdlets.signature import ALL_SETS, CmdletSpec, Example, ParameterSpec
from rjkernel.cmdlets.signature import SetMembership as In

_ALL = {ALL_SETS: In()}
_HOST_FORMS = (
    "Each name is an SSH destination, [user@]host[:port]; host aliases and options from "
    "~/.ssh/config apply, and the host key must be known (~/.ssh/known_hosts)."
)


def _named_in(sets: Iterable[str]) -> dict[str, In]:
    return {s: In() for s in sets}


def _ssh_options(sets: Iterable[str]) -> list[ParameterSpec]:
    """The connection options every SSH-capable set takes."""
    sets = list(sets)
    return [
        ParameterSpec("UserName", "String", _named_in(sets),
                      help="Specifies the user name to log in as. A user@ in the host name "
                           "takes precedence; the default comes from ~/.ssh/config, else "
                           "your local user name."),
        ParameterSpec("KeyFilePath", "String", _named_in(sets), aliases=("IdentityFilePath",),
                      help="Specifies a private key file to authenticate with. Without it, "
                           "the keys of your SSH agent and ~/.ssh are tried."),
        ParameterSpec("Port", "Int32", _named_in(sets),
                      help="Specifies the SSH port. A :port in the host name takes precedence; "
                           "the default is 22 or the port set in ~/.ssh/config."),
        ParameterSpec("ConnectingTimeout", "Int32", _named_in(sets),
                      help="Specifies how long, in milliseconds, to wait for the connection to "
                           "be established before giving up."),
        ParameterSpec("Options", "Hashtable", _named_in(sets),
                      help="Specifies SSH options as a hash table of ssh_config keywords and "
                           "values, for example @{ProxyJump='bastion'; Compression='yes'}."),
    ]


# PowerShell's SSH sets take -Subsystem (default "powershell"); it has no meaning here.
_SUBSYSTEM = ParameterSpec(
    "Subsystem", "String", {"SSHHost": In()},
    help="Accepted so that PowerShell scripts run unchanged. rjkernel does not use an SSH "
         "subsystem: it starts its own job agent with python3 on the host.")


def _credential(sets: Iterable[str], position: int | None = None) -> ParameterSpec:
    return ParameterSpec(
        "Credential", "PSCredential", {s: In(position) for s in sets},
        help="Specifies a user name and password to log in with (SSH password "
             "authentication), instead of keys.")


_FORCE_TAKEOVER = ParameterSpec(
    "Force", "SwitchParameter", _ALL,
    help="Takes over a session that another live client (another kernel) holds "
         "(Availability Busy). That client's session becomes Disconnected and tells why. "
         "rjkernel's addition: PowerShell cannot connect a Busy session at all.")


def _throttle(sets: dict[str, In]) -> ParameterSpec:
    return ParameterSpec(
        "ThrottleLimit", "Int32", sets,
        help="Specifies the maximum number of connections opened at the same time for this "
             "command; the others wait in line. The default, also used for 0 or less, is 32.")


INVOKE_COMMAND = CmdletSpec(
    name="Invoke-Command",
    aliases=("icm",),
    default_set="InProcess",
    parameters=(
        ParameterSpec("ScriptBlock", "ScriptBlock", {
            "InProcess": In(0, True), "ComputerName": In(1, True),
            "Session": In(1, True), "SSHHost": In(1, True),
        }, aliases=("Command",),
            help="Specifies the commands to run, enclosed in braces. Shell lines in the block "
                 "run in the target's shell; job and session cmdlets in the block (Start-Job, "
                 "Get-Job, Receive-Job …) run in the target runspace."),
        ParameterSpec("ComputerName", "String[]", {"ComputerName": In(0)}, aliases=("Cn",),
                      help="Specifies the hosts to run the command on, each over its own SSH "
                           "connection (reused if one is already open). " + _HOST_FORMS +
                           " Separate several names with commas: web01,web02."),
        ParameterSpec("Session", "PSSession[]", {"Session": In(0)},
                      help="Specifies the PSSessions to run the command in. The command sees "
                           "the session's current directory, environment and variables, and "
                           "what it changes stays for the next command."),
        ParameterSpec("HostName", "String[]", {"SSHHost": In(None, True)},
                      help="Specifies the SSH hosts to run the command on. " + _HOST_FORMS),
        *_ssh_options(["ComputerName", "SSHHost"]),
        _SUBSYSTEM,
        _credential(["ComputerName"]),
        ParameterSpec("ArgumentList", "Object[]", _ALL, aliases=("Args",),
                      help="Specifies arguments for the script block: they become its "
                           "positional parameters $1, $2, … in order."),
        ParameterSpec("InputObject", "PSObject", {ALL_SETS: In(from_pipeline=True)},
                      help="Specifies input for the command. Each object is written, as text, "
                           "as one line of the script block's standard input."),
        ParameterSpec("AsJob", "SwitchParameter", _named_in(["ComputerName", "Session",
                                                             "SSHHost"]),
                      help="Runs the command as a background job and returns the job at once. "
                           "The job object is local (type RemoteJob) with one child job per "
                           "host; manage it with the job cmdlets."),
        ParameterSpec("JobName", "String", _named_in(["ComputerName", "Session", "SSHHost"]),
                      help="Specifies a friendly name for the job; implies -AsJob."),
        _throttle(_named_in(["ComputerName", "Session"])),
        ParameterSpec("HideComputerName", "SwitchParameter",
                      _named_in(["ComputerName", "Session", "SSHHost"]), aliases=("HCN",),
                      help="Omits the name of the host each result came from from the "
                           "display. The PSComputerName property is still set."),
        ParameterSpec("InDisconnectedSession", "SwitchParameter", {"ComputerName": In()},
                      aliases=("Disconnected",),
                      help="Starts the command in a new session on each host and disconnects "
                           "at once, returning the sessions. Collect the results later, from "
                           "this or another kernel, with Receive-PSSession."),
        ParameterSpec("SessionName", "String[]", {"ComputerName": In()},
                      help="Specifies names for the sessions -InDisconnectedSession creates."),
    ),
    synopsis="Runs commands on local and remote computers.",
    description=(
        "Invoke-Command runs a script block on one or many hosts over SSH and returns the "
        "results: synchronously, printing each host's output as it arrives and tagging it "
        "with the host, or, with -AsJob, as a background job whose child jobs run one per "
        "host. Without -ComputerName, -HostName or -Session it runs the block in the current "
        "runspace.\n\n"
        "With -Session the block runs in that PSSession, so a job started there with "
        "Start-Job lives in the session's host and is managed with more Invoke-Command "
        "-Session commands (the third method of about_Remote_Jobs). $using:name inserts a "
        "local variable's value as one word exactly as given (an array: one word per "
        "element), never split or globbed; -ArgumentList values arrive as $1, $2 …. "
        "Redirections in the block (>, >>, 2>) write files on the remote host."
    ),
    examples=(
        Example("Invoke-Command -ComputerName web01,web02 { uptime }",
                "Runs uptime on two hosts and prints both results."),
        Example("Invoke-Command -HostName alice@db01:2222 -AsJob -JobName dbdump "
                "{ pg_dump app > /tmp/app.sql }",
                "Starts a background job on db01, logging in as alice on port 2222; the job "
                "object returned at once is local."),
        Example("$s = New-PSSession -ComputerName web01\n"
                "Invoke-Command -Session $s { Start-Job { sleep 60; date } }\n"
                "Invoke-Command -Session $s { Receive-Job -Id 1 -Keep }",
                "Starts a job that keeps its results on web01, then gets them from there."),
        Example("Invoke-Command -ComputerName web01 -ArgumentList /var/log { du -sh \"$1\" }",
                "Passes an argument to the remote block, where it is $1."),
    ),
    output_type="System.Management.Automation.PSRemotingJob, System.Object",
    notes=(
        "The FilePath, ConnectionUri, VMName, ContainerId and SSHConnection parameter sets, "
        "and WSMan options such as -UseSSL, -ConfigurationName and -SessionOption, are not "
        "available."
    ),
)


NEW_PSSESSION = CmdletSpec(
    name="New-PSSession",
    aliases=("nsn",),
    default_set="ComputerName",
    parameters=(
        ParameterSpec("ComputerName", "String[]", {"ComputerName": In(0, from_pipeline=True)},
                      aliases=("Cn",),
                      help="Specifies the hosts to connect to; one session is created per "
                           "host. " + _HOST_FORMS),
        ParameterSpec("HostName", "String[]", {"SSHHost": In(0, True)},
                      help="Specifies the SSH hosts to connect to. " + _HOST_FORMS),
        *_ssh_options(["ComputerName", "SSHHost"]),
        _SUBSYSTEM,
        ParameterSpec("Name", "String[]", _ALL,
                      help="Specifies friendly names for the sessions. The default is "
                           "Runspace<N>."),
        _credential(["ComputerName"]),
        _throttle({"ComputerName": In()}),
    ),
    synopsis="Creates a persistent connection to a remote computer.",
    description=(
        "New-PSSession opens a PSSession: a persistent SSH connection to a host with its own "
        "shell, whose current directory and environment last from one command to the next, "
        "and its own runspace for jobs. Use it with Invoke-Command -Session, "
        "Enter-PSSession -Session and the job cmdlets. A host that cannot be reached gives "
        "an error and no session; the others are still created.\n\n"
        "If the network drops, the session reconnects by itself (State Broken while it "
        "retries). Its jobs keep running on the host whatever happens to the connection."
    ),
    examples=(
        Example("$s = New-PSSession -ComputerName web01", "Opens a session to web01."),
        Example("$s = New-PSSession -HostName alice@db01:2222 -KeyFilePath ~/.ssh/id_ed25519",
                "Opens a session as alice on port 2222 with a specific key."),
        Example("$web = New-PSSession web01, web02 -Name web",
                "Opens two sessions, both named web."),
    ),
    output_type="System.Management.Automation.Runspaces.PSSession",
)


GET_PSSESSION = CmdletSpec(
    name="Get-PSSession",
    aliases=("gsn",),
    default_set="Name",
    parameters=(
        ParameterSpec("Name", "String[]", {"Name": In(), "ComputerName": In()}, wildcards=True,
                      help="Gets the sessions with these friendly names. Wildcards are "
                           "permitted."),
        ParameterSpec("Id", "Int32[]", {"Id": In(0, True)},
                      help="Gets the sessions with these IDs (the Id column)."),
        ParameterSpec("InstanceId", "Guid[]", {"InstanceId": In(None, True)},
                      help="Gets the sessions with these instance IDs (GUIDs)."),
        ParameterSpec("ComputerName", "String[]", {"ComputerName": In(0, True)},
                      aliases=("Cn",),
                      help="Asks these hosts for the sessions their job agents keep, including "
                           "sessions of kernels that are gone and sessions left disconnected, "
                           "which you can then connect with Connect-PSSession or "
                           "Receive-PSSession; a session another live kernel holds shows "
                           "Availability Busy. localhost asks this machine's job store (the "
                           "local runspace of a killed kernel). " + _HOST_FORMS),
        ParameterSpec("State", "SessionFilterState", {"ComputerName": In()},
                      values=("All", "Opened", "Disconnected", "Closed", "Broken"),
                      help="With -ComputerName, gets only the sessions in this state: All, "
                           "Opened, Disconnected, Closed or Broken."),
        *_ssh_options(["ComputerName"]),
        _credential(["ComputerName"]),
        _throttle({"ComputerName": In()}),
    ),
    synopsis="Gets the PSSessions of this kernel, or those kept on remote hosts.",
    description=(
        "Without -ComputerName, Get-PSSession gets the sessions created in this kernel, in "
        "the order they were created; the table shows their Id, Name, Transport, "
        "ComputerName, State and Availability. With -ComputerName it connects to those "
        "hosts and lists the sessions that the hosts' job agents keep, which is how a new "
        "kernel finds the sessions and jobs an earlier one left behind."
    ),
    examples=(
        Example("Get-PSSession", "Gets the sessions of this kernel."),
        Example("Get-PSSession -Id 2", "Gets session 2."),
        Example("Get-PSSession -ComputerName web01 -State Disconnected",
                "Lists the disconnected sessions kept on web01, for example those of a "
                "kernel that was restarted."),
    ),
    output_type="System.Management.Automation.Runspaces.PSSession",
)


REMOVE_PSSESSION = CmdletSpec(
    name="Remove-PSSession",
    aliases=("rsn",),
    default_set="Id",
    supports_should_process=True,
    parameters=(
        ParameterSpec("Id", "Int32[]", {"Id": In(0, True, from_pipeline_by_property=True)},
                      help="Closes the sessions with these IDs."),
        ParameterSpec("Session", "PSSession[]",
                      {"Session": In(0, True, from_pipeline=True,
                                     from_pipeline_by_property=True)},
                      help="Closes these sessions (a variable holding them, or Get-PSSession "
                           "| …)."),
        ParameterSpec("Name", "String[]", {"Name": In(None, True, from_pipeline_by_property=True)},
                      wildcards=True,
                      help="Closes the sessions with these friendly names. Wildcards are "
                           "permitted."),
        ParameterSpec("InstanceId", "Guid[]",
                      {"InstanceId": In(None, True, from_pipeline_by_property=True)},
                      help="Closes the sessions with these instance IDs."),
        ParameterSpec("ComputerName", "String[]",
                      {"ComputerName": In(0, True, from_pipeline_by_property=True)},
                      aliases=("Cn",), wildcards=True,
                      help="Closes the sessions connected to these hosts. Wildcards are "
                           "permitted."),
    ),
    synopsis="Closes PSSessions.",
    description=(
        "Remove-PSSession closes sessions: the connection's shell ends and the session is "
        "removed from Get-PSSession; a variable that still holds it shows State Closed. "
        "Jobs started in the session are not stopped: they keep running on the host, and "
        "the command says which ones and how to get back to them (Get-PSSession "
        "-ComputerName, then Connect-PSSession)."
    ),
    examples=(
        Example("Get-PSSession | Remove-PSSession", "Closes every session."),
        Example("Remove-PSSession -Id 2", "Closes session 2."),
        Example("Remove-PSSession -ComputerName web*",
                "Closes the sessions to every host whose name starts with web."),
    ),
)


ENTER_PSSESSION = CmdletSpec(
    name="Enter-PSSession",
    aliases=("etsn",),
    default_set="ComputerName",
    parameters=(
        ParameterSpec("ComputerName", "String", {"ComputerName": In(0, True, from_pipeline=True)},
                      aliases=("Cn",),
                      help="Specifies one host to enter through a temporary session, closed "
                           "again by Exit-PSSession. " + _HOST_FORMS),
        ParameterSpec("HostName", "String", {"SSHHost": In(0, True)},
                      help="Specifies one SSH host to enter through a temporary session. " +
                           _HOST_FORMS),
        ParameterSpec("Session", "PSSession",
                      {"Session": In(0, True, from_pipeline=True, from_pipeline_by_property=True)},
                      help="Specifies a session to enter; it stays open after Exit-PSSession."),
        ParameterSpec("Id", "Int32", {"Id": In(0, True, from_pipeline_by_property=True)},
                      help="Specifies the ID of a session to enter."),
        ParameterSpec("Name", "String", {"Name": In(None, True, from_pipeline_by_property=True)},
                      help="Specifies the friendly name of a session to enter; it must match "
                           "exactly one session."),
        ParameterSpec("InstanceId", "Guid",
                      {"InstanceId": In(None, True, from_pipeline_by_property=True)},
                      help="Specifies the instance ID of a session to enter."),
        _credential(["ComputerName"], position=1),
        *_ssh_options(["ComputerName", "SSHHost"]),
        _SUBSYSTEM,
    ),
    synopsis="Runs the following cells in a remote session.",
    description=(
        "Enter-PSSession makes a remote session the place where the next cells run, until "
        "Exit-PSSession: shell lines run in the remote shell, and job cmdlets act on the "
        "remote runspace's jobs. Each cell shows the prompt of the session, for example "
        "[web01]: PS /home/alice>. Entering from inside a session is allowed (a nested hop).\n\n"
        "With -ComputerName or -HostName a temporary session is created for the visit; with "
        "-Session, -Id or -Name an existing one is used, and it stays open afterwards. Jobs "
        "started while you are in a session keep running when you leave it."
    ),
    examples=(
        Example("Enter-PSSession web01\n$job = Start-Job { journalctl -u nginx --since today }",
                "Enters web01 (in later cells too) and starts a job there; its Location is "
                "localhost, because it runs where it was started."),
        Example("$s = New-PSSession web01\nEnter-PSSession -Session $s",
                "Enters an existing session, which stays open after Exit-PSSession."),
        Example("Enter-PSSession -Id 2", "Enters session 2."),
    ),
)


EXIT_PSSESSION = CmdletSpec(
    name="Exit-PSSession",
    aliases=("exsn",),
    parameters=(),
    synopsis="Ends an interactive session with a remote computer.",
    description=(
        "Exit-PSSession makes the following cells run where they ran before Enter-PSSession "
        "(the local kernel, or the outer session after a nested hop). A temporary session "
        "entered with -ComputerName or -HostName is closed; its jobs keep running on the "
        "host, and the command lists them. Outside a remote session it does nothing."
    ),
    examples=(
        Example("Exit-PSSession",
                "Leaves the remote session; the prompt returns to the local one, such as "
                "PS /home/alice>."),
        Example("Enter-PSSession web01\nEnter-PSSession db01\nExit-PSSession",
                "After a nested hop from web01 to db01, Exit-PSSession returns to web01."),
    ),
)


_BY_SESSION = "Session"
DISCONNECT_PSSESSION = CmdletSpec(
    name="Disconnect-PSSession",
    default_set=_BY_SESSION,
    supports_should_process=True,
    parameters=(
        ParameterSpec("Session", "PSSession[]", {_BY_SESSION: In(0, True, from_pipeline=True)},
                      help="Specifies the sessions to disconnect."),
        ParameterSpec("Name", "String[]", {"Name": In(None, True, from_pipeline_by_property=True)},
                      wildcards=True, help="Disconnects the sessions with these friendly names."),
        ParameterSpec("InstanceId", "Guid[]",
                      {"InstanceId": In(None, True, from_pipeline_by_property=True)},
                      help="Disconnects the sessions with these instance IDs."),
        ParameterSpec("Id", "Int32[]", {"Id": In(0, True, from_pipeline_by_property=True)},
                      help="Disconnects the sessions with these IDs."),
        _throttle(_ALL),
    ),
    synopsis="Disconnects from a session, leaving it and its jobs on the remote host.",
    description=(
        "Disconnect-PSSession closes the connection of a session but keeps the session on "
        "the host: its jobs keep running and their output is kept there. The session shows "
        "State Disconnected. Reconnect later, from this kernel or from another one, with "
        "Connect-PSSession or Receive-PSSession. PowerShell offers this only for WSMan; "
        "rjkernel offers it over SSH. An entered session cannot be disconnected."
    ),
    examples=(
        Example("Invoke-Command -Session $s -AsJob { make -C /srv/build }\n"
                "Disconnect-PSSession -Session $s",
                "Starts a build in the session, then disconnects; the build goes on."),
        Example("Get-PSSession | Disconnect-PSSession", "Disconnects every session."),
    ),
    output_type="System.Management.Automation.Runspaces.PSSession",
)


_COMPUTER_SETS = ("ComputerName", "ComputerNameGuid")
CONNECT_PSSESSION = CmdletSpec(
    name="Connect-PSSession",
    default_set="Name",
    supports_should_process=True,
    parameters=(
        ParameterSpec("Name", "String[]",
                      {"Name": In(None, True, from_pipeline_by_property=True),
                       "ComputerName": In()}, wildcards=True,
                      help="Reconnects the sessions with these friendly names."),
        ParameterSpec("Session", "PSSession[]", {"Session": In(0, True, from_pipeline=True)},
                      help="Specifies the disconnected sessions to reconnect."),
        ParameterSpec("Id", "Int32[]", {"Id": In(0, True, from_pipeline_by_property=True)},
                      help="Reconnects the sessions with these IDs."),
        ParameterSpec("InstanceId", "Guid[]",
                      {"InstanceId": In(None, True, from_pipeline_by_property=True),
                       "ComputerNameGuid": In(None, True)},
                      help="Reconnects the sessions with these instance IDs."),
        ParameterSpec("ComputerName", "String[]",
                      {s: In(0, True) for s in _COMPUTER_SETS}, aliases=("Cn",),
                      help="Reconnects the disconnected sessions kept on these hosts, "
                           "including those of another kernel that is gone. localhost "
                           "lists this machine's runspaces (a killed kernel's local jobs). "
                           + _HOST_FORMS),
        *_ssh_options(_COMPUTER_SETS),
        _credential(_COMPUTER_SETS),
        _throttle(_ALL),
        _FORCE_TAKEOVER,
    ),
    synopsis="Reconnects to disconnected sessions.",
    description=(
        "Connect-PSSession reconnects disconnected sessions: sessions disconnected with "
        "Disconnect-PSSession or by a network failure, or left behind by a kernel that was "
        "restarted. The session becomes Opened again and its jobs show in Get-Job once more, "
        "with the output they produced meanwhile, ready for Receive-Job."
    ),
    examples=(
        Example("Connect-PSSession -ComputerName web01 -Name build",
                "Reconnects the session named build that web01 keeps (a kernel that is "
                "gone left it, or it was disconnected)."),
        Example("Connect-PSSession -ComputerName web01 -Name build -Force",
                "Takes the session over even though another live kernel holds it "
                "(Availability Busy); that kernel's session becomes Disconnected."),
        Example("$s = Get-PSSession -ComputerName localhost | Connect-PSSession",
                "Reconnects the local runspace of a kernel that was killed, with its jobs."),
        Example("Get-PSSession -ComputerName web01 -State Disconnected | Connect-PSSession",
                "Reconnects every disconnected session of web01."),
    ),
    output_type="System.Management.Automation.Runspaces.PSSession",
)


_RECEIVE_COMPUTER_SETS = ("ComputerSessionName", "ComputerInstanceId")
RECEIVE_PSSESSION = CmdletSpec(
    name="Receive-PSSession",
    aliases=("rcsn",),
    default_set="Session",
    supports_should_process=True,
    parameters=(
        ParameterSpec("Session", "PSSession", {"Session": In(0, True, from_pipeline=True)},
                      help="Specifies the session whose results to get."),
        ParameterSpec("Id", "Int32", {"Id": In(0, True, from_pipeline_by_property=True)},
                      help="Specifies the ID of the session whose results to get."),
        ParameterSpec("ComputerName", "String",
                      {s: In(0, True) for s in _RECEIVE_COMPUTER_SETS}, aliases=("Cn",),
                      help="Specifies the host that keeps the session. Identify the session "
                           "with -Name or -InstanceId. " + _HOST_FORMS),
        ParameterSpec("Name", "String",
                      {"SessionName": In(None, True, from_pipeline_by_property=True),
                       "ComputerSessionName": In(None, True)},
                      help="Specifies the friendly name of the session."),
        ParameterSpec("InstanceId", "Guid",
                      {"InstanceId": In(None, True, from_pipeline_by_property=True),
                       "ComputerInstanceId": In(None, True)},
                      help="Specifies the instance ID of the session."),
        ParameterSpec("OutTarget", "OutTarget", _ALL, values=("Host", "Job"),
                      help="Host prints the results in the cell; Job returns a job that "
                           "receives them. The default is the job the command was started as, "
                           "if it was, else Host."),
        ParameterSpec("JobName", "String", _ALL,
                      help="Specifies a friendly name for the job returned with -OutTarget Job."),
        *_ssh_options(_RECEIVE_COMPUTER_SETS),
        _credential(_RECEIVE_COMPUTER_SETS),
        _FORCE_TAKEOVER,
    ),
    synopsis="Gets the results of commands that ran in a disconnected session.",
    description=(
        "Receive-PSSession reconnects a disconnected session if needed and gets the results "
        "of the commands that ran in it while you were away, for example of an "
        "Invoke-Command -InDisconnectedSession command. It works from the kernel that "
        "started the command and from any other kernel that can reach the host."
    ),
    examples=(
        Example("Receive-PSSession -ComputerName web01 -Name build",
                "Gets the results of the commands run in the session named build on web01."),
        Example("Receive-PSSession -Session $s -OutTarget Job -JobName collected",
                "Returns a job that receives the session's results in the background."),
    ),
)


REMOTING_CMDLETS = (
    INVOKE_COMMAND, NEW_PSSESSION, GET_PSSESSION, REMOVE_PSSESSION, ENTER_PSSESSION,
    EXIT_PSSESSION, DISCONNECT_PSSESSION, CONNECT_PSSESSION, RECEIVE_PSSESSION,
)
