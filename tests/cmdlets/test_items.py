"""The file-system cmdlets in an engine (local runspace), against PowerShell 7.4 on Linux
(reference pages and PowerShell's source named per test). Where they act in an entered
session is tested through a real kernel in ``tests/kernel/test_remote_items.py``."""

from __future__ import annotations

import hashlib
import os
import stat
from datetime import datetime
from pathlib import Path

import pytest

from rjkernel.cmdlets.items import join_paths, split_path
from tests.fixtures.runspace import Session


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.log").write_text("")
    (tmp_path / "a.txt").write_text("hello\n")
    (tmp_path / "Zed.log").write_text("z")
    (tmp_path / ".hidden").write_text("")
    stamp = datetime(2026, 12, 2, 18, 40).timestamp()
    for path in (tmp_path / "sub", tmp_path / "a.txt", tmp_path / "Zed.log"):
        os.utime(path, (stamp, stamp))
    return tmp_path


def test_get_child_item_table_is_pwsh_on_linux(ps: Session, tree: Path) -> None:
    # Get-ChildItem; FileSystem_format_ps1xml.cs "childrenWithUnixStat": grouped by
    # directory, UnixMode 10, User 10 right, Group 10, LastWriteTime 16 right, Size 12
    # right, Name; directories first, then files, each by name ignoring case; no dot files
    out = ps.run(f"Get-ChildItem {tree}")
    user = tree.owner()
    group = tree.group()
    assert out.stdout.splitlines()[:7] == [
        "",
        f"    Directory: {tree}",
        "",
        "UnixMode         User Group         LastWriteTime         Size Name",
        "--------         ---- -----         -------------         ---- ----",
        f"{_perms(tree / 'sub')} {user:>10} {group:<10}  12/2/2026 18:40 "
        f"{(tree / 'sub').stat().st_size:>12} sub",
        f"{_perms(tree / 'a.txt')} {user:>10} {group:<10}  12/2/2026 18:40            6 a.txt",
    ]
    assert out.stdout.splitlines()[7].endswith(" Zed.log")


def _perms(path: Path) -> str:
    return stat.filemode(path.lstat().st_mode)


def test_get_child_item_switches(ps: Session, tree: Path) -> None:
    # Get-ChildItem -Name -Recurse -Force -File -Directory -Filter -Depth
    assert ps.value(f"@(Get-ChildItem {tree} -Name)") == ["sub", "a.txt", "Zed.log"]
    assert ps.value(f"@(Get-ChildItem {tree} -Name -Force)") == \
        ["sub", ".hidden", "a.txt", "Zed.log"]
    assert ps.value(f"@(gci {tree} -Recurse -Name)") == ["sub", "a.txt", "Zed.log", "sub/b.log"]
    assert ps.value(f"@(gci {tree} -Recurse -File -Filter *.LOG | % Name)") == \
        ["Zed.log", "b.log"]
    assert ps.value(f"@(gci {tree} -Directory | % FullName)") == [f"{tree}/sub"]
    assert ps.value(f"@(gci {tree} -Depth 0 -Name)") == ["sub", "a.txt", "Zed.log"]
    assert ps.value(f"(gci {tree}/a.txt).Length") == 6  # a file lists itself


def test_items_are_file_and_directory_infos(ps: Session, tree: Path) -> None:
    # Get-Item: FileInfo/DirectoryInfo properties a runbook reads; "$item" is the path
    ps.run(f"$f = Get-Item {tree}/a.txt; $d = Get-Item {tree}/sub")
    assert ps.value("$f.Name, $f.BaseName, $f.Extension, $f.Length, $f.PSIsContainer") == \
        ["a.txt", "a", ".txt", 6, False]
    assert ps.value("$d.PSIsContainer, $d.Name, $d.Parent") == [True, "sub", str(tree)]
    assert ps.value('"$f"') == f"{tree}/a.txt"
    assert ps.value("$f.LastWriteTime.Year") == 2026


def test_a_missing_path_is_pwsh_error(ps: Session, tmp_path: Path) -> None:
    # Get-ChildItem/Get-Item: ItemNotFoundException, non-terminating
    out = ps.run(f"Get-Item {tmp_path}/nope; 'next'")
    assert out.stdout == "next\n"
    assert out.stderr.startswith(f"Get-Item: Cannot find path '{tmp_path}/nope' because it "
                                 "does not exist.")
    assert out.errors[0].fully_qualified_error_id == \
        "PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand"
    assert ps.run(f"Get-Item {tmp_path}/*.none").errors == []  # a wildcard may match nothing


def test_test_path(ps: Session, tree: Path) -> None:
    # Test-Path -PathType Any/Container/Leaf; wildcards; an empty path is a binding error
    assert ps.value(f"Test-Path {tree}/a.txt") is True
    assert ps.value(f"Test-Path {tree}/a.txt -PathType Leaf") is True
    assert ps.value(f"Test-Path {tree}/a.txt -PathType Container") is False
    assert ps.value(f"Test-Path {tree}/sub -PathType Container") is True
    assert ps.value(f"Test-Path {tree}/nope") is False
    assert ps.value(f"Test-Path {tree}/*.txt, {tree}/*.none") == [True, False]
    assert ps.value(f"Test-Path -LiteralPath '{tree}/*.txt'") is False
    # PowerShell 7.4's Test-Path.Tests.ps1: "Should return false for an empty string"
    # (and a blank one); "Should write a non-terminating error when given a null path"
    assert ps.value("Test-Path '', '  '") == [False, False]
    out = ps.run(f"Test-Path $null; Test-Path {tree}, $null -ErrorAction SilentlyContinue; "
                 "Test-Path -LiteralPath $null")
    assert (out.status, out.stdout) == ("ok", "True\n")
    assert out.stderr.splitlines() == ["Test-Path: The provided Path argument was null or "
                                       "an empty collection."] * 2
    assert ps.run("Test-Path $null -ErrorAction Stop").status == "error"
    assert ps.run(f"if (-not (Test-Path {tree}/nope)) {{ 'missing' }}").stdout == "missing\n"


def test_wildcards_expand_as_the_location_globber_does(ps: Session, tree: Path) -> None:
    # LocationGlobber: a wildcard segment matches ignoring case (WildcardOptions.IgnoreCase,
    # Linux too), children in FileSystemProvider.Dir's order: directories, then files,
    # each by name ignoring case; dot entries only with -Force
    (tree / "Sub2").mkdir()
    assert ps.value(f"(Get-Item {tree}/*).Name") == ["sub", "Sub2", "a.txt", "Zed.log"]
    assert ps.value(f"(Get-Item {tree}/*.LOG).Name") == "Zed.log"
    assert ps.value(f"(Get-Item {tree}/S*/*.log).FullName") == f"{tree}/sub/b.log"
    assert ps.value(f"(Get-Item {tree}/.h* -Force).Name") == ".hidden"
    assert ps.value(f"Test-Path {tree}/.h*") is False
    # so Copy-Item dir/* to a new path makes the first directory that path (as pwsh does)
    ps.run(f"Copy-Item {tree}/* {tree}/../copied -Recurse")
    copied = tree.parent / "copied"
    assert sorted(p.name for p in copied.iterdir()) == ["Sub2", "Zed.log", "a.txt", "b.log"]


def test_a_null_or_empty_path_is_refused_not_the_current_directory(
        ps: Session, tree: Path) -> None:
    # ParameterBinderBase.ValidateNullOrEmptyArgument: a mandatory -Path may not be $null,
    # '' or an empty array — so Remove-Item $unset -Recurse never removes where you are;
    # Get-ChildItem's optional -Path takes $null for the current directory
    ps.run(f"Set-Location {tree}")
    out = ps.run("Remove-Item $unset -Recurse; 'next'")
    assert (out.status, out.stdout, out.stderr) == (
        "error", "next\n",
        "Remove-Item: Cannot bind argument to parameter 'Path' because it is null.\n")
    assert out.errors[0].error_id == "ParameterArgumentValidationErrorNullNotAllowed"
    assert "because it is an empty string." in ps.run("Remove-Item '' -Recurse").stderr
    assert "because it is an empty array." in ps.run("Get-Item @()").stderr
    assert "'LiteralPath' because it is null." in \
        ps.run("Copy-Item -LiteralPath $null x").stderr
    assert (tree / "a.txt").exists() and (tree / "sub").exists()
    assert ps.value("(Get-ChildItem $null -File).Name") == ["a.txt", "Zed.log"]


def test_join_path_resolve(ps: Session, tree: Path) -> None:
    # Join-Path's Example 3 (-Resolve): the items the joined wildcard path names, as
    # "the fully qualified path to each item"; a joined path that does not exist is an error
    out = ps.run(f"Join-Path {tree} *.log -Resolve; Join-Path {tree} sub/../nope -Resolve")
    assert out.stdout == f"{tree}/Zed.log\n"
    assert out.stderr == f"Join-Path: Cannot find path '{tree}/nope' because it does not " \
        "exist.\n"
    assert ps.value(f"Join-Path {tree} nope") == f"{tree}/nope"  # text only without it


def test_test_path_ages_and_validity(ps: Session, tree: Path) -> None:
    # Test-Path -OlderThan/-NewerThan (FileSystemProvider.ItemExists: LastWriteTime
    # before/after; with both, -NewerThan decides; -PathType Container ignores them);
    # -IsValid: the syntax only, existing or not (Test-Path.Tests.ps1: a NUL is invalid)
    a = f"{tree}/a.txt"  # written 2026-12-02 18:40
    assert ps.value(f"Test-Path {a} -OlderThan '2026-12-02 18:41'") is True
    assert ps.value(f"Test-Path {a} -OlderThan '2026-12-02 18:39'") is False
    assert ps.value(f"Test-Path {a} -NewerThan ([datetime]'2026-12-01')") is True
    assert ps.value(f"Test-Path {a} -OlderThan '2026-12-01' -NewerThan '2026-12-01'") is True
    assert ps.value(f"Test-Path {tree}/sub -PathType Container -NewerThan '2027-01-01'") is True
    assert ps.value(f"Test-Path {tree}/sub -PathType Leaf -OlderThan '2027-01-01'") is False
    assert ps.value(f"Test-Path {tree}/*.log -OlderThan '2026-12-03'") is True
    assert ps.value(f"Test-Path {tree}/nope/x.txt -IsValid") is True
    assert ps.value('Test-Path "/tmp/a`0b" -IsValid') is False


def test_new_item_and_remove_item(ps: Session, tmp_path: Path) -> None:
    # New-Item -ItemType Directory creates parents; a file needs -Force for them;
    # -Force returns an existing directory / replaces a file; Remove-Item -Recurse
    out = ps.run(f"$d = New-Item -ItemType Directory {tmp_path}/a/b; $d.FullName")
    assert out.stdout == f"{tmp_path}/a/b\n" and (tmp_path / "a" / "b").is_dir()
    out = ps.run(f"New-Item -ItemType Directory {tmp_path}/a/b")
    assert out.stderr.startswith(f"New-Item: An item with the specified name {tmp_path}/a/b "
                                 "already exists.")
    assert ps.run(f"New-Item -ItemType Directory {tmp_path}/a/b -Force").errors == []
    ps.run(f"New-Item {tmp_path}/a/v.txt -Value '1.4.2' | Out-Null")
    assert (tmp_path / "a" / "v.txt").read_text() == "1.4.2"
    out = ps.run(f"New-Item {tmp_path}/a/v.txt")
    assert out.stderr.startswith(f"New-Item: The file '{tmp_path}/a/v.txt' already exists.")
    ps.run(f"ni {tmp_path}/a/v.txt -Force | Out-Null")
    assert (tmp_path / "a" / "v.txt").read_text() == ""
    ps.run(f"New-Item -Path {tmp_path}/a -Name w.txt -ItemType File | Out-Null")
    assert (tmp_path / "a" / "w.txt").exists()
    ps.run(f"New-Item {tmp_path}/x/y/z.txt -Force | Out-Null")
    assert (tmp_path / "x" / "y" / "z.txt").exists()

    out = ps.run(f"Remove-Item {tmp_path}/a")
    assert "has children and the Recurse parameter was not specified" in out.stderr
    out = ps.run(f"Remove-Item {tmp_path}/a -Recurse -WhatIf")
    assert out.stdout == f'What if: Performing the operation "Remove Directory" on target ' \
                         f'"{tmp_path}/a".\n'
    assert (tmp_path / "a").exists()
    assert ps.run(f"Remove-Item {tmp_path}/a -Recurse -Force").errors == []
    assert not (tmp_path / "a").exists()
    ps.run(f"ri {tmp_path}/x/y/*.txt")
    assert not (tmp_path / "x" / "y" / "z.txt").exists()
    # RemoveItemCommand's -Path takes pipeline input by value (a list of paths), while a
    # piped item binds -LiteralPath by its PSPath (a name with [ ] is no wildcard)
    (tmp_path / "p1").write_text("")
    (tmp_path / "p[2]").write_text("")
    ps.run(f"'{tmp_path}/p1' | Remove-Item; Get-ChildItem {tmp_path} -Filter p* | Remove-Item")
    assert not (tmp_path / "p1").exists() and not (tmp_path / "p[2]").exists()
    out = ps.run(f"Remove-Item {tmp_path}/gone")
    assert out.stderr.startswith(f"Remove-Item: Cannot find path '{tmp_path}/gone' because "
                                 "it does not exist.")


def test_set_and_add_content(ps: Session, tmp_path: Path) -> None:
    # Set-Content / Add-Content: one line per value; -NoNewline; pipeline input
    ps.run(f"Set-Content {tmp_path}/h.txt -Value web01, web02")
    ps.run(f"'db01' | Add-Content {tmp_path}/h.txt")
    assert (tmp_path / "h.txt").read_text() == "web01\nweb02\ndb01\n"
    ps.run(f"Set-Content {tmp_path}/h.txt 'a', 'b' -NoNewline")
    assert (tmp_path / "h.txt").read_text() == "ab"
    # a $null value writes nothing (FileSystemContentWriter.WriteObject returns on null):
    # Set-Content $file $null empties a file, a $null among values is no empty line
    ps.run(f"Set-Content {tmp_path}/h.txt -Value $null")
    assert (tmp_path / "h.txt").read_bytes() == b""
    ps.run(f"Set-Content {tmp_path}/h.txt 'a', $null, 'b'")
    assert (tmp_path / "h.txt").read_text() == "a\nb\n"


def test_relative_paths_and_locations_follow_the_shell(ps: Session, tree: Path) -> None:
    # Get-Location (PathInfo table), Resolve-Path: relative to the shell's cd
    out = ps.run(f"cd {tree}\nGet-Location")
    assert out.stdout == f"\nPath\n----\n{tree}\n\n"
    assert ps.value("(Resolve-Path a.txt).Path") == f"{tree}/a.txt"
    assert ps.value('"$(Get-Location) and $(Resolve-Path a.txt)"') == \
        f"{tree} and {tree}/a.txt"  # a PathInfo's text is its path
    assert ps.value("Resolve-Path -Relative sub/*") == "./sub/b.log"
    assert ps.value("Test-Path a.txt") is True
    assert ps.value("(gci -Name)") == ["sub", "a.txt", "Zed.log"]
    # the message names the path resolved against the location, as LocationGlobber's
    # ItemNotFoundException does ("Cannot find path 'C:\\Users\\me\\nope.txt' …")
    out = ps.run("Resolve-Path nope.txt; Get-Item sub/../nope; Remove-Item ./gone; "
                 "Get-Content sub/nope.txt")
    assert out.stderr.splitlines() == [
        f"Resolve-Path: Cannot find path '{tree}/nope.txt' because it does not exist.",
        f"Get-Item: Cannot find path '{tree}/nope' because it does not exist.",
        f"Remove-Item: Cannot find path '{tree}/gone' because it does not exist.",
        f"Get-Content: Cannot find path '{tree}/sub/nope.txt' because it does not exist."]
    out = ps.run("Set-Location nowhere")
    assert out.stderr == f"Set-Location: Cannot find path '{tree}/nowhere' because it " \
        "does not exist.\n"
    out = ps.run("Get-Item nope*; Remove-Item nope*; 'no match, no error'")
    assert (out.stdout, out.errors) == ("no match, no error\n", [])


@pytest.mark.parametrize(("parts", "joined"), [
    (("/var/log", "nginx"), "/var/log/nginx"),
    (("/var/log/", "/nginx"), "/var/log/nginx"),
    (("/", "etc"), "/etc"),
    (("a\\b", "c"), "a/b/c"),
    (("a", ""), "a"),
])
def test_join_paths(parts: tuple[str, str], joined: str) -> None:
    # Join-Path: SessionState.Path.Combine on Linux (one separator between)
    assert join_paths(*parts) == joined


def test_join_path_cmdlet(ps: Session) -> None:
    # Join-Path -Path -ChildPath -AdditionalChildPath; several -Path values
    assert ps.value("Join-Path /var/log nginx access.log") == "/var/log/nginx/access.log"
    assert ps.value("Join-Path -Path /a, /b -ChildPath c") == ["/a/c", "/b/c"]
    assert ps.value("'/srv' | Join-Path -ChildPath app") == "/srv/app"


@pytest.mark.parametrize(("path", "part", "result"), [
    ("/var/log/nginx/access.log", "parent", "/var/log/nginx"),
    ("/var/log/", "parent", "/var"),
    ("/var", "parent", "/"),
    ("/", "parent", ""),
    ("file.txt", "parent", ""),
    ("/a/b.tar.gz", "leaf", "b.tar.gz"),
    ("/a/b.tar.gz", "extension", ".gz"),
    ("/a/b.tar.gz", "leafbase", "b.tar"),
    ("/home/u/.bashrc", "extension", ".bashrc"),
    ("/home/u/.bashrc", "leafbase", ""),
    ("/a/noext", "extension", ""),
    ("/a/b", "isabsolute", True),
    ("a/b", "isabsolute", False),
])
def test_split_path(path: str, part: str, result: object) -> None:
    # Split-Path; -LeafBase/-Extension are .NET's GetFileNameWithoutExtension/GetExtension
    assert split_path(path, part) == result


def test_split_path_cmdlet(ps: Session) -> None:
    assert ps.value("Split-Path /var/log/syslog") == "/var/log"
    assert ps.value("Split-Path /var/log/syslog -Leaf") == "syslog"
    assert ps.value("'/a/x.zip', '/b/y.tgz' | Split-Path -Extension") == [".zip", ".tgz"]


def test_copy_move_and_rename_item(ps: Session, tree: Path) -> None:
    # Copy-Item (-Recurse copies a directory's contents; into an existing directory an
    # item keeps its name), Move-Item (an existing file only with -Force), Rename-Item
    # (never over an existing item; -NewName as a delay-bind script block with $_)
    out = ps.run(f"Copy-Item {tree}/sub {tree}/copy -Recurse -PassThru | % FullName")
    assert out.stdout == f"{tree}/copy\n" and (tree / "copy" / "b.log").exists()
    ps.run(f"Copy-Item {tree}/a.txt {tree}/copy")
    assert (tree / "copy" / "a.txt").read_text() == "hello\n"
    ps.run(f"Copy-Item {tree}/sub {tree}/empty")
    assert (tree / "empty").is_dir() and not list((tree / "empty").iterdir())
    out = ps.run(f"Move-Item {tree}/Zed.log {tree}/copy/a.txt")
    assert out.stderr.startswith("Move-Item: Cannot create a file when that file already "
                                 "exists.")
    assert out.errors[0].fully_qualified_error_id == \
        "MoveItemIOError,Microsoft.PowerShell.Commands.MoveItemCommand"
    assert ps.run(f"mi {tree}/Zed.log {tree}/copy/a.txt -Force").errors == []
    assert (tree / "copy" / "a.txt").read_text() == "z" and not (tree / "Zed.log").exists()
    ps.run(f"Get-ChildItem {tree}/copy -Filter *.log | Rename-Item -NewName {{ $_.Name + '.1' }}")
    assert sorted(p.name for p in (tree / "copy").iterdir()) == ["a.txt", "b.log.1"]
    out = ps.run(f"Rename-Item {tree}/copy/b.log.1 a.txt")
    assert "Cannot create a file when that file already exists." in out.stderr
    ps.run(f"rni {tree}/copy/b.log.1 b.log")
    assert (tree / "copy" / "b.log").exists()
    out = ps.run(f"Copy-Item {tree}/missing {tree}/x")
    assert out.stderr.startswith(f"Copy-Item: Cannot find path '{tree}/missing' because it "
                                 "does not exist.")


def test_set_push_and_pop_location_move_the_shell(ps: Session, tree: Path) -> None:
    # Set-Location, Push-Location, Pop-Location: cd is the shell's, so the shell's next
    # line, $PWD and relative paths follow; a missing directory is a non-terminating error
    out = ps.run(f"Set-Location {tree}\npwd\nPush-Location sub\n$PWD\nTest-Path b.log\n"
                 "Pop-Location\n(Get-Location).Path")
    assert out.stdout == f"{tree}\n{tree}/sub\nTrue\n{tree}\n"
    out = ps.run(f"Set-Location {tree}/nope; 'after'; (sl {tree}/sub -PassThru).Path")
    assert out.stdout == f"after\n{tree}/sub\n"
    assert out.stderr.startswith(f"Set-Location: Cannot find path '{tree}/nope' because it "
                                 "does not exist.")
    assert ps.run("Pop-Location; Pop-Location; 'nothing pushed'").errors == []
    ps.run("Set-Location ~")
    assert ps.value("$PWD") == os.path.expanduser("~")


def test_content_encodings(ps: Session, tmp_path: Path) -> None:
    # Set-Content/Add-Content -Encoding: utf8NoBOM by default, a BOM only at the start,
    # ASCII's "?" for what it cannot hold
    target = tmp_path / "e.txt"
    ps.run(f"Set-Content {target} 'héllo' -Encoding ascii")
    assert target.read_bytes() == b"h?llo\n"
    ps.run(f"Set-Content {target} 'a' -Encoding utf8BOM; Add-Content {target} 'b' "
           "-Encoding utf8BOM")
    assert target.read_bytes() == b"\xef\xbb\xbfa\nb\n"
    ps.run(f"Set-Content {target} 'a' -Encoding unicode")
    assert target.read_bytes() == b"\xff\xfea\x00\n\x00"
    out = ps.run(f"Set-Content {target} 'a' -Encoding bogus")
    assert out.stderr.startswith("Set-Content: Cannot process argument transformation on "
                                 "parameter 'Encoding'. 'bogus' is not a supported encoding")


def test_get_child_item_include_and_exclude(ps: Session, tree: Path) -> None:
    # Get-ChildItem -Include/-Exclude (SessionStateContainer.ProcessPathItems): names
    # are matched ignoring case; recursing, each directory's children follow it, and an
    # excluded directory is still searched
    (tree / "sub" / "c.txt").write_text("")
    assert ps.value(f"@(gci {tree} -Recurse -Include *.LOG | % Name)") == ["b.log", "Zed.log"]
    assert ps.value(f"@(gci {tree} -Include *.txt | % Name)") == ["a.txt"]
    assert ps.value(f"@(gci {tree} -Exclude *.log, sub | % Name)") == ["a.txt"]
    assert ps.value(f"@(gci {tree} -Recurse -Exclude sub | % Name)") == \
        ["b.log", "c.txt", "a.txt", "Zed.log"]


def test_get_file_hash(ps: Session, tree: Path) -> None:
    # Get-FileHash: upper-case hex, SHA256 by default, the FileHashInfo view (15, 70, Path)
    digest = hashlib.sha256(b"hello\n").hexdigest().upper()
    out = ps.run(f"Get-FileHash {tree}/a.txt")
    assert out.stdout.splitlines()[1:3] == [
        "Algorithm       Hash" + " " * 67 + "Path",
        "---------       ----" + " " * 67 + "----",
    ]  # the row's Path is cut at the 120-column width, as in a console
    assert out.stdout.splitlines()[3].startswith(f"SHA256          {digest}       /")
    assert ps.value(f"(Get-FileHash {tree}/a.txt).Path") == f"{tree}/a.txt"
    assert ps.value(f"(Get-FileHash {tree}/a.txt -Algorithm MD5).Hash") == \
        hashlib.md5(b"hello\n").hexdigest().upper()
    assert ps.value(f"@(Get-FileHash {tree}/*.txt).Count") == 1
    assert "Cannot validate argument on parameter 'Algorithm'" in \
        ps.run(f"Get-FileHash {tree}/a.txt -Algorithm SHA3").stderr
    # GetHash.cs: a path File.OpenRead refuses (a directory) is its own error,
    # UnauthorizedAccessError; the other matches are still hashed
    out = ps.run(f"(Get-FileHash {tree}/*).Path")
    assert out.stdout.splitlines() == [f"{tree}/a.txt", f"{tree}/Zed.log"]
    assert out.stderr == f"Get-FileHash: Access to the path '{tree}/sub' is denied.\n"
    assert out.errors[0].error_id == "UnauthorizedAccessError"


def test_items_pipe_into_content_and_path_cmdlets(ps: Session, tree: Path) -> None:
    # Get-ChildItem | Get-Content: each item binds -LiteralPath from its PSPath
    # (provider-qualified), every piped item is read, not only the first
    (tree / "sub" / "b.log").write_text("bee\n")
    out = ps.run(f"Get-ChildItem {tree} -Recurse -Filter *.log | Get-Content")
    assert out.stdout == "z\nbee\n"  # each file's last line ends, as a string does
    assert ps.value(f"Get-Item {tree}/a.txt | Get-Content") == "hello"
    assert ps.value(f"@(Get-ChildItem {tree} -File | Get-FileHash).Count") == 2


def test_clear_content_empties_and_keeps_files(ps: Session, tree: Path) -> None:
    # Clear-Content: the file stays, empty; piped items too; a missing path is an error
    ps.run(f"Clear-Content {tree}/a.txt; Get-ChildItem {tree} -Filter *.log | clc")
    assert (tree / "a.txt").read_text() == "" and (tree / "Zed.log").read_text() == ""
    out = ps.run(f"Clear-Content {tree}/gone.txt")
    assert out.stderr.startswith(f"Clear-Content: Cannot find path '{tree}/gone.txt' "
                                 "because it does not exist.")
    assert not (tree / "gone.txt").exists()
