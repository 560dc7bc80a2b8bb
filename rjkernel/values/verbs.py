"""PowerShell's approved verbs (``Get-Verb``): name, alias prefix, group, description.

PowerShell 7.4's table (``System.Management.Automation.Verbs*``, ``VerbAliasPrefixes``,
``VerbDescriptionStrings``): 100 verbs in 7 groups, in Get-Verb's order. Two users:
the line rule reads a ``Verb-Noun`` word whose verb is approved as a PowerShell command,
so an unknown one (``Get-Jobb``) is PowerShell's CommandNotFoundException rather than
a shell's "not found"; and the ``Get-Verb`` cmdlet lists them.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class VerbInfo(NamedTuple):
    """One row of Get-Verb (``System.Management.Automation.VerbInfo``)."""

    verb: str
    alias_prefix: str
    group: str
    description: str


VERBS: tuple[VerbInfo, ...] = (
    VerbInfo("Add", "a", "Common",
             "Adds a resource to a container, or attaches an item to another item"),
    VerbInfo("Clear", "cl", "Common",
             "Removes all the resources from a container but does not delete the container"),
    VerbInfo("Close", "cs", "Common",
             "Changes the state of a resource to make it inaccessible, unavailable, or "
             "unusable"),
    VerbInfo("Copy", "cp", "Common", "Copies a resource to another name or to another container"),
    VerbInfo("Enter", "et", "Common",
             "Specifies an action that allows the user to move into a resource"),
    VerbInfo("Exit", "ex", "Common",
             "Sets the current environment or context to the most recently used context"),
    VerbInfo("Find", "fd", "Common",
             "Looks for an object in a container that is unknown, implied, optional, or "
             "specified"),
    VerbInfo("Format", "f", "Common", "Arranges objects in a specified form or layout"),
    VerbInfo("Get", "g", "Common", "Specifies an action that retrieves a resource"),
    VerbInfo("Hide", "h", "Common", "Makes a resource undetectable"),
    VerbInfo("Join", "j", "Common", "Combines resources into one resource"),
    VerbInfo("Lock", "lk", "Common", "Secures a resource"),
    VerbInfo("Move", "m", "Common", "Moves a resource from one location to another"),
    VerbInfo("New", "n", "Common", "Creates a resource"),
    VerbInfo("Open", "op", "Common",
             "Changes the state of a resource to make it accessible, available, or usable"),
    VerbInfo("Optimize", "om", "Common", "Increases the effectiveness of a resource"),
    VerbInfo("Push", "pu", "Common", "Adds an item to the top of a stack"),
    VerbInfo("Pop", "pop", "Common", "Removes an item from the top of a stack"),
    VerbInfo("Redo", "re", "Common", "Resets a resource to the state that was undone"),
    VerbInfo("Remove", "r", "Common", "Deletes a resource from a container"),
    VerbInfo("Rename", "rn", "Common", "Changes the name of a resource"),
    VerbInfo("Reset", "rs", "Common", "Sets a resource back to its original state"),
    VerbInfo("Resize", "rz", "Common", "Changes the size of a resource"),
    VerbInfo("Search", "sr", "Common", "Creates a reference to a resource in a container"),
    VerbInfo("Select", "sc", "Common", "Locates a resource in a container"),
    VerbInfo("Set", "s", "Common",
             "Replaces data on an existing resource or creates a resource that contains some "
             "data"),
    VerbInfo("Show", "sh", "Common", "Makes a resource visible to the user"),
    VerbInfo("Skip", "sk", "Common", "Bypasses one or more resources or points in a sequence"),
    VerbInfo("Split", "sl", "Common", "Separates parts of a resource"),
    VerbInfo("Step", "st", "Common", "Moves to the next point or resource in a sequence"),
    VerbInfo("Switch", "sw", "Common",
             "Specifies an action that alternates between two resources, such as to change "
             "between two locations, responsibilities, or states"),
    VerbInfo("Undo", "un", "Common", "Sets a resource to its previous state"),
    VerbInfo("Unlock", "uk", "Common", "Releases a resource that was locked"),
    VerbInfo("Watch", "wc", "Common", "Continually inspects or monitors a resource for changes"),
    VerbInfo("Connect", "cc", "Communications",
             "Creates a link between a source and a destination"),
    VerbInfo("Disconnect", "dc", "Communications",
             "Breaks the link between a source and a destination"),
    VerbInfo("Read", "rd", "Communications", "Acquires information from a source"),
    VerbInfo("Receive", "rc", "Communications", "Accepts information sent from a source"),
    VerbInfo("Send", "sd", "Communications", "Delivers information to a destination"),
    VerbInfo("Write", "wr", "Communications", "Adds information to a target"),
    VerbInfo("Backup", "ba", "Data", "Stores data by replicating it"),
    VerbInfo("Checkpoint", "ch", "Data",
             "Creates a snapshot of the current state of the data or of its configuration"),
    VerbInfo("Compare", "cr", "Data",
             "Evaluates the data from one resource against the data from another resource"),
    VerbInfo("Compress", "cm", "Data", "Compacts the data of a resource"),
    VerbInfo("Convert", "cv", "Data",
             "Changes the data from one representation to another when the cmdlet supports "
             "bidirectional conversion or when the cmdlet supports conversion between "
             "multiple data types"),
    VerbInfo("ConvertFrom", "cf", "Data",
             "Converts one primary type of input (the cmdlet noun indicates the input) to "
             "one or more supported output types"),
    VerbInfo("ConvertTo", "ct", "Data",
             "Converts from one or more types of input to a primary output type (the cmdlet "
             "noun indicates the output type)"),
    VerbInfo("Dismount", "dm", "Data", "Detaches a named entity from a location"),
    VerbInfo("Edit", "ed", "Data", "Modifies existing data by adding or removing content"),
    VerbInfo("Expand", "en", "Data",
             "Restores the data of a resource that has been compressed to its original state"),
    VerbInfo("Export", "ep", "Data",
             "Encapsulates the primary input into a persistent data store, such as a file, "
             "or into an interchange format"),
    VerbInfo("Group", "gp", "Data", "Arranges or associates one or more resources"),
    VerbInfo("Import", "ip", "Data",
             "Creates a resource from data that is stored in a persistent data store (such "
             "as a file) or in an interchange format"),
    VerbInfo("Initialize", "in", "Data",
             "Prepares a resource for use, and sets it to a default state"),
    VerbInfo("Limit", "l", "Data", "Applies constraints to a resource"),
    VerbInfo("Merge", "mg", "Data", "Creates a single resource from multiple resources"),
    VerbInfo("Mount", "mt", "Data", "Attaches a named entity to a location"),
    VerbInfo("Out", "o", "Data", "Sends data out of the environment"),
    VerbInfo("Publish", "pb", "Data", "Makes a resource available to others"),
    VerbInfo("Restore", "rr", "Data",
             "Sets a resource to a predefined state, such as a state set by Checkpoint"),
    VerbInfo("Save", "sv", "Data", "Preserves data to avoid loss"),
    VerbInfo("Sync", "sy", "Data", "Assures that two or more resources are in the same state"),
    VerbInfo("Unpublish", "ub", "Data", "Makes a resource unavailable to others"),
    VerbInfo("Update", "ud", "Data",
             "Brings a resource up-to-date to maintain its state, accuracy, conformance, or "
             "compliance"),
    VerbInfo("Debug", "db", "Diagnostic", "Examines a resource to diagnose operational problems"),
    VerbInfo("Measure", "ms", "Diagnostic",
             "Identifies resources that are consumed by a specified operation, or retrieves "
             "statistics about a resource"),
    VerbInfo("Ping", "pi", "Diagnostic", "Use the Test verb"),
    VerbInfo("Repair", "rp", "Diagnostic", "Restores a resource to a usable condition"),
    VerbInfo("Resolve", "rv", "Diagnostic",
             "Maps a shorthand representation of a resource to a more complete "
             "representation"),
    VerbInfo("Test", "t", "Diagnostic", "Verifies the operation or consistency of a resource"),
    VerbInfo("Trace", "tr", "Diagnostic", "Tracks the activities of a resource"),
    VerbInfo("Approve", "ap", "Lifecycle",
             "Confirms or agrees to the status of a resource or process"),
    VerbInfo("Assert", "as", "Lifecycle", "Affirms the state of a resource"),
    VerbInfo("Build", "bd", "Lifecycle",
             "Creates an artifact (usually a binary or document) out of some set of input "
             "files (usually source code or declarative documents)"),
    VerbInfo("Complete", "cmp", "Lifecycle", "Concludes an operation"),
    VerbInfo("Confirm", "cn", "Lifecycle",
             "Acknowledges, verifies, or validates the state of a resource or process"),
    VerbInfo("Deny", "dn", "Lifecycle",
             "Refuses, objects, blocks, or opposes the state of a resource or process"),
    VerbInfo("Deploy", "dp", "Lifecycle",
             "Sends an application, website, or solution to a remote target[s] in such a way "
             "that a consumer of that solution can access it after deployment is complete"),
    VerbInfo("Disable", "d", "Lifecycle",
             "Configures a resource to an unavailable or inactive state"),
    VerbInfo("Enable", "e", "Lifecycle", "Configures a resource to an available or active state"),
    VerbInfo("Install", "is", "Lifecycle",
             "Places a resource in a location, and optionally initializes it"),
    VerbInfo("Invoke", "i", "Lifecycle",
             "Performs an action, such as running a command or a method"),
    VerbInfo("Register", "rg", "Lifecycle",
             "Creates an entry for a resource in a repository such as a database"),
    VerbInfo("Request", "rq", "Lifecycle", "Asks for a resource or asks for permissions"),
    VerbInfo("Restart", "rt", "Lifecycle", "Stops an operation and then starts it again"),
    VerbInfo("Resume", "ru", "Lifecycle", "Starts an operation that has been suspended"),
    VerbInfo("Start", "sa", "Lifecycle", "Initiates an operation"),
    VerbInfo("Stop", "sp", "Lifecycle", "Discontinues an activity"),
    VerbInfo("Submit", "sb", "Lifecycle", "Presents a resource for approval"),
    VerbInfo("Suspend", "ss", "Lifecycle", "Pauses an activity"),
    VerbInfo("Uninstall", "us", "Lifecycle", "Removes a resource from an indicated location"),
    VerbInfo("Unregister", "ur", "Lifecycle", "Removes the entry for a resource from a repository"),
    VerbInfo("Wait", "w", "Lifecycle", "Pauses an operation until a specified event occurs"),
    VerbInfo("Use", "u", "Other", "Uses or includes a resource to do something"),
    VerbInfo("Block", "bl", "Security", "Restricts access to a resource"),
    VerbInfo("Grant", "gr", "Security", "Allows access to a resource"),
    VerbInfo("Protect", "pt", "Security", "Safeguards a resource from attack or loss"),
    VerbInfo("Revoke", "rk", "Security",
             "Specifies an action that does not allow access to a resource"),
    VerbInfo("Unblock", "ul", "Security", "Removes restrictions to a resource"),
    VerbInfo("Unprotect", "up", "Security",
             "Removes safeguards from a resource that were added to prevent it from attack "
             "or loss"),
)

GROUPS = ("Common", "Communications", "Data", "Diagnostic", "Lifecycle", "Other", "Security")
APPROVED_VERBS: frozenset[str] = frozenset(info.verb.lower() for info in VERBS)

_VERB_NOUN = re.compile(r"([A-Za-z]+)-[A-Za-z_][A-Za-z0-9_]*")


def is_verb_noun(word: str) -> bool:
    """Whether ``word`` is ``Verb-Noun`` with an approved verb, written as PowerShell
    writes command names: with a capital letter (``Get-Jobb``, ``get-Job``).

    All-lowercase words stay native commands: Linux has ``update-grub``,
    ``update-alternatives``, ``select-editor`` …, and PowerShell itself runs those
    as the executables they are. ``apt-get`` and ``run-parts`` have no approved verb.
    """
    match = _VERB_NOUN.fullmatch(word)
    return (
        match is not None
        and match.group(1).lower() in APPROVED_VERBS
        and not word.islower()
    )
