"""Static members of .NET classes runbooks call: ``[regex]``, ``[System.IO.Path]``,
``[Environment]``, ``[System.Net.Dns]``, ``[System.Text.Encoding]``, ``[Convert]``,
``[BitConverter]``, ``[int]::Parse``.

References (learn.microsoft.com/dotnet/api/…): system.text.regularexpressions.regex
(Match, Matches, Replace, Split, IsMatch, Escape, Unescape; RegexOptions),
system.io.path (Unix rules: '/' is the only separator), system.environment,
system.net.dns.gethostname, system.text.encoding, system.convert (ToInt32(String,
Int32), ToString(Int32, Int32), FromBase64String), system.bitconverter.tostring,
system.int32.parse.
"""

from __future__ import annotations

import getpass
import os
import socket
from pathlib import Path

from rjkernel.values.encodings import ByteArray
from rjkernel.values.regexes import MatchValue
from tests.fixtures.runspace import Session


def test_regex_matches_and_match(ps: Session) -> None:
    assert ps.value('[regex]::Matches("a1b22c333", "\\d+").Count') == 3
    out = ps.run('[regex]::Matches("a1b22", "\\d+") | ForEach-Object { $_.Value }')
    assert out.stdout == "1\n22\n"
    out = ps.run('$m = [regex]::Match("host=web01 port=22", "host=(?<h>\\w+)"); '
                 "$m.Success; $m.Value; $m.Groups[1].Value; $m.Index")
    assert out.stdout == "True\nhost=web01\nweb01\n0\n"
    # No match is Match.Empty, not $null.
    failed = ps.value('[regex]::Match("abc", "\\d")')
    assert isinstance(failed, MatchValue) and failed.success is False and failed.value == ""
    # Static calls are case-sensitive unless told otherwise (unlike -match).
    assert ps.value('[regex]::IsMatch("ABC", "b")') is False
    assert ps.value('[regex]::IsMatch("ABC", "b", "IgnoreCase")') is True
    assert ps.value('[regex]::IsMatch("ABC", "b", '
                    '[System.Text.RegularExpressions.RegexOptions]::IgnoreCase)') is True


def test_regex_replace_split_escape(ps: Session) -> None:
    assert ps.value("[regex]::Replace('a1b2', '\\d', '#')") == "a#b#"
    assert ps.value("[regex]::Replace('web01', '(\\w+?)(\\d+)', '$2-$1')") == "01-web"
    assert ps.value("[regex]::Split('a1b2c', '\\d')") == ["a", "b", "c"]
    assert ps.value("[regex]::Escape('a.b c*[x]')") == "a\\.b\\ c\\*\\[x]"
    assert ps.value("[regex]::Unescape('a\\.b\\ c')") == "a.b c"
    out = ps.run("[regex]::Matches('a', '(')")
    assert out.stderr.startswith('MethodInvocationException: Exception calling "Matches" '
                                 'with "2" argument(s): "Invalid pattern')


def test_regex_instance_methods(ps: Session) -> None:
    ps.run("$r = [regex]'(\\d+)'")
    assert ps.value("$r.Matches('x1y22').Count") == 2
    assert ps.value("$r.Match('x1y22').Groups[1].Value") == "1"
    assert ps.value("$r.Replace('x1', '#')") == "x#"
    assert ps.value("$r.IsMatch('q')") is False
    assert ps.value("$r.Split('a1b')") == ["a", "1", "b"]
    assert ps.value("(New-Object regex 'B', 'IgnoreCase').IsMatch('abc')") is True
    assert ps.value("([regex]::new('x', 'IgnoreCase, Multiline')).Options") == \
        "IgnoreCase, Multiline"


def test_path(ps: Session) -> None:
    assert ps.value("[System.IO.Path]::GetFileName('/var/log/app.log')") == "app.log"
    assert ps.value("[IO.Path]::GetExtension('/a/b.tar.gz')") == ".gz"
    assert ps.value("[IO.Path]::GetExtension('/a/b')") == ""
    assert ps.value("[IO.Path]::GetFileNameWithoutExtension('x/y.log')") == "y"
    assert ps.value("[IO.Path]::GetDirectoryName('/a/b.txt')") == "/a"
    assert ps.value("[IO.Path]::GetDirectoryName('/a')") == "/"
    assert ps.value("[IO.Path]::GetDirectoryName('/')") is None
    assert ps.value("[IO.Path]::Combine('/srv', 'app', 'x.conf')") == "/srv/app/x.conf"
    assert ps.value("[IO.Path]::Combine('/srv/', '/etc', 'x')") == "/etc/x"
    assert ps.value("[IO.Path]::ChangeExtension('/a/b.txt', 'bak')") == "/a/b.bak"
    assert ps.value("[IO.Path]::DirectorySeparatorChar") == "/"
    temp = os.environ.get("TMPDIR", "/tmp/")
    assert ps.value("[IO.Path]::GetTempPath()") == (temp if temp.endswith("/") else temp + "/")


def test_environment_is_read_where_the_statement_runs(ps: Session) -> None:
    assert ps.value("[Environment]::MachineName") == socket.gethostname().split(".")[0]
    assert ps.value("[System.Net.Dns]::GetHostName()") == socket.gethostname()
    assert ps.value("[Environment]::UserName") == getpass.getuser()
    assert ps.value("[Environment]::ProcessorCount") == len(os.sched_getaffinity(0))
    assert ps.value("[Environment]::NewLine") == "\n"
    # The runspace's shell environment, the one $env: reads and writes.
    ps.run("$env:RJ_TYPES_TEST = 'from-env'")
    assert ps.value("[Environment]::GetEnvironmentVariable('RJ_TYPES_TEST')") == "from-env"
    assert ps.value("[Environment]::GetEnvironmentVariable('RJ_TYPES_UNSET')") is None
    ps.run("[Environment]::SetEnvironmentVariable('RJ_TYPES_SET', 'v 1')")
    assert ps.value("$env:RJ_TYPES_SET") == "v 1"
    assert ps.value("[Environment]::GetEnvironmentVariables()['RJ_TYPES_SET']") == "v 1"


def test_encoding_and_base64(ps: Session) -> None:
    data = ps.value("[System.Text.Encoding]::UTF8.GetBytes('hé')")
    assert isinstance(data, ByteArray) and data == [104, 195, 169]
    assert ps.run("[Text.Encoding]::UTF8.GetBytes('hi')").stdout == "104\n105\n"
    assert ps.value("[Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('hello'))") == \
        "aGVsbG8="
    assert ps.value("[Text.Encoding]::UTF8.GetString([Convert]::FromBase64String("
                    "'aGVsbG8='))") == "hello"
    assert ps.value("[Text.Encoding]::Unicode.GetBytes('A')") == [65, 0]
    assert ps.value("[Text.Encoding]::ASCII.GetString([byte[]](72, 200))") == "H?"
    assert ps.value("[Text.Encoding]::UTF8.GetString([byte[]](0xff))") == "\ufffd"
    assert ps.value("[Text.Encoding]::UTF8.WebName") == "utf-8"
    assert ps.value("(New-Object System.Text.UTF8Encoding $false).GetPreamble().Count") == 0
    assert ps.value("[BitConverter]::ToString([byte[]](1, 2, 255))") == "01-02-FF"
    out = ps.run("[Convert]::FromBase64String('!!')")
    assert 'Exception calling "FromBase64String" with "1" argument(s): "The input is not a ' \
           'valid Base-64 string' in out.stderr


def test_convert_numbers_and_parse(ps: Session) -> None:
    assert ps.value("[Convert]::ToInt32('ff', 16)") == 255
    assert ps.value("[Convert]::ToInt32('0xFF', 16)") == 255
    assert ps.value("[Convert]::ToInt32('ffffffff', 16)") == -1
    assert ps.value("[Convert]::ToInt32('101', 2)") == 5
    assert ps.value("[Convert]::ToInt32(2.5)") == 2  # to even
    assert ps.value("[Convert]::ToString(255, 2)") == "11111111"
    assert ps.value("[Convert]::ToString(-1, 16)") == "ffffffff"
    out = ps.run("[Convert]::ToInt32('zz', 16)")
    assert 'argument(s): "Could not find any recognizable digits."' in out.stderr
    out = ps.run("[Convert]::ToInt32('1', 3)")
    assert 'argument(s): "Invalid Base. (Parameter \'fromBase\')"' in out.stderr
    assert ps.value("[int]::Parse('42') + 1") == 43
    assert ps.value("[double]::Parse('1.5')") == 1.5
    assert ps.value("[int]::MaxValue") == 2147483647  # the older statics stay
    out = ps.run("[int]::Parse('4.2')")
    assert out.stderr.startswith('MethodInvocationException: Exception calling "Parse" with '
                                 '"1" argument(s): "The input string \'4.2\' was not in a '
                                 'correct format."')


def test_string_builder(ps: Session) -> None:
    # System.Text.StringBuilder: Append* return the builder (hence [void]); AppendLine
    # ends with Environment.NewLine, "\n" on Linux.
    out = ps.run("$sb = New-Object System.Text.StringBuilder; [void]$sb.AppendLine('line 1'); "
                 "[void]$sb.Append('a').Append('b'); $sb.AppendFormat('{0}-{1}', 1, 2) | "
                 "Out-Null; $sb.ToString(); $sb.Length")
    assert out.stdout == "line 1\nab1-2\n12\n"
    out = ps.run("[System.Text.StringBuilder]::new().Append('hello')")
    assert out.stdout == ("\nCapacity MaxCapacity Length\n-------- ----------- ------\n"
                          "      16  2147483647      5\n\n")
    ps.run("$b = [System.Text.StringBuilder]::new('abc')")
    assert ps.value('"$b"') == "abc"
    assert ps.value("$b.Insert(0, 'x').Replace('b', 'B').Remove(0, 1).ToString()") == "aBc"


def test_file_and_directory(ps: Session, tmp_path: Path) -> None:
    # System.IO.File/Directory act on the files where the statement runs.
    path = tmp_path / "notes.txt"
    ps.run(f"[System.IO.File]::WriteAllText('{path}', \"a`nb`n\")")
    assert path.read_text() == "a\nb\n"
    assert ps.value(f"[IO.File]::ReadAllText('{path}')") == "a\nb\n"
    ps.run(f"[IO.File]::AppendAllText('{path}', 'c')")
    assert ps.value(f"[IO.File]::ReadAllLines('{path}')") == ["a", "b", "c"]
    ps.run(f"[IO.File]::WriteAllLines('{tmp_path}/l.txt', @('x', 'y'))")
    assert (tmp_path / "l.txt").read_text() == "x\ny\n"
    assert ps.value(f"[IO.File]::Exists('{path}')") is True
    assert ps.value(f"[IO.File]::Exists('{tmp_path}/nope')") is False
    assert ps.value(f"[IO.Directory]::Exists('{tmp_path}')") is True
    out = ps.run(f"[IO.File]::ReadAllText('{tmp_path}/nope')")
    assert out.stderr.startswith(
        'MethodInvocationException: Exception calling "ReadAllText" with "1" argument(s): '
        f"\"Could not find file '{tmp_path}/nope'.\"")
    out = ps.run(f"[IO.File]::WriteAllText('{tmp_path}/no/dir', 'a')")
    assert out.stderr.startswith(
        'MethodInvocationException: Exception calling "WriteAllText" with "2" argument(s): '
        f"\"Could not find a part of the path '{tmp_path}/no/dir'.\"")


def test_math_round_modes_char_array_guid(ps: Session) -> None:
    # Math.Round(Double, Int32, MidpointRounding): .NET scales in binary floating point.
    assert ps.value("[math]::Round(2.5)") == 2
    assert ps.value("[math]::Round(2.5, [MidpointRounding]::AwayFromZero)") == 3
    assert ps.value("[math]::Round(-2.5, 'AwayFromZero')") == -3
    assert ps.value("[math]::Round(2.675, 2)") == 2.68  # 267.5 exactly after scaling
    assert ps.value("[math]::Round(2.345, 2)") == 2.35  # 234.50000000000003 after scaling
    assert ps.value("[math]::Round(0.285, 2, 'AwayFromZero')") == 0.28  # 28.4999…
    assert ps.value("[math]::Round(1.125, 2)") == 1.12
    assert ps.value("[math]::Round(1.129, 2, 'ToZero')") == 1.12
    assert ps.value("[math]::Sign(-3)") == -1
    assert ps.value("[char]::IsDigit('5')") is True
    assert ps.value("[char]::IsLetter('5')") is False
    assert ps.value("[char]::IsDigit('a1', 1)") is True
    assert ps.value("[char]::IsWhiteSpace(' ')") is True
    out = ps.run("$a = 3, 1, 2; [array]::Sort($a); $a -join ','; [array]::Reverse($a); "
                 "$a -join ','; [array]::IndexOf($a, 2)")
    assert out.stdout == "1,2,3\n3,2,1\n1\n"
    assert str(ps.value("[guid]::Empty")) == "00000000-0000-0000-0000-000000000000"


def test_stopwatch(ps: Session) -> None:
    # System.Diagnostics.Stopwatch: StartNew, Stop freezes Elapsed, Reset zeroes it.
    ps.run("$sw = [System.Diagnostics.Stopwatch]::StartNew(); Start-Sleep -Milliseconds 30; "
           "$sw.Stop()")
    assert ps.value("$sw.IsRunning") is False
    assert ps.value("$sw.ElapsedMilliseconds") >= 30
    assert ps.value("$sw.Elapsed.TotalMilliseconds -eq $sw.Elapsed.TotalMilliseconds") is True
    assert ps.value("$sw.Elapsed -is [timespan]") is True
    ps.run("$sw.Reset()")
    assert ps.value("$sw.ElapsedMilliseconds") == 0
    assert ps.value("(New-Object System.Diagnostics.Stopwatch).IsRunning") is False


def test_uri_and_escaping(ps: Session) -> None:
    # System.Uri's parts; Uri.EscapeDataString keeps only RFC 3986's unreserved characters.
    ps.run("$u = [uri]'https://api.Example.com:8443/v1/jobs?state=failed#x'")
    assert ps.value("$u.Host") == "api.example.com"
    assert ps.value("$u.Port") == 8443
    assert ps.value("$u.AbsolutePath") == "/v1/jobs"
    assert ps.value("$u.Query") == "?state=failed"
    assert ps.value("([uri]'https://example.com/a').Port") == 443
    assert ps.value("[uri]::EscapeDataString('a b&c/d~')") == "a%20b%26c%2Fd~"
    assert ps.value("[uri]::UnescapeDataString('a%20b')") == "a b"
    assert ps.value("[System.Net.WebUtility]::UrlEncode('a b&c')") == "a+b%26c"
    assert ps.value("[System.Net.WebUtility]::HtmlEncode('<a href=\"x\">')") == \
        "&lt;a href=&quot;x&quot;&gt;"
    out = ps.run("[uri]'not a uri'")
    assert out.stderr.startswith('InvalidArgument: Cannot convert value "not a uri" to type '
                                 '"System.Uri". Error: "Invalid URI: The format of the URI '
                                 'could not be determined."')


# String.Split(String, StringSplitOptions) and the StringSplitOptions flags enum; .NET
# prints a flags enum's set flags joined by ", " and its zero as None (Enum.ToString).
def test_string_split_options(ps: Session) -> None:
    assert ps.run('"a b  c".Split(" ", [StringSplitOptions]::RemoveEmptyEntries)').stdout \
        == "a\nb\nc\n"
    out = ps.run('" a , b ,, c".Split(",", [System.StringSplitOptions]"RemoveEmptyEntries, '
                 'TrimEntries")')
    assert out.stdout == "a\nb\nc\n"
    assert ps.run("[StringSplitOptions]3; \"[$([StringSplitOptions]::None)]\"").stdout == \
        "RemoveEmptyEntries, TrimEntries\n[None]\n"


def test_flags_and_plain_enums_print_as_dotnet(ps: Session) -> None:
    out = ps.run("[System.Text.RegularExpressions.RegexOptions]3; "
                 "[System.Text.RegularExpressions.RegexOptions]::None; "
                 "[MidpointRounding]::ToEven")
    assert out.stdout == "IgnoreCase, Multiline\nNone\nToEven\n"


def test_a_name_no_enum_has_is_a_cast_error(ps: Session) -> None:
    """A cast to an enum (Enum.Parse) of a name it lacks is PowerShell's
    InvalidCastParseTargetInvocation; it was an internal error for the flags enums."""
    for type_name, names in (
            ("StringSplitOptions", "RemoveEmptyEntries, TrimEntries"),
            ("System.Text.RegularExpressions.RegexOptions", "IgnoreCase, Multiline"),
            ("MidpointRounding", "ToEven, AwayFromZero")):
        out = ps.run(f"[{type_name}]'bogus'")
        assert [e.error_id for e in out.errors] == ["InvalidCastParseTargetInvocation"]
        assert "Unable to match the identifier name bogus" in out.errors[0].message
        assert names in out.errors[0].message
    assert ps.run("[DayOfWeek]'monday'; [DayOfWeek]1.0; [DayOfWeek]'2'").stdout == \
        "Monday\nMonday\nTuesday\n"
