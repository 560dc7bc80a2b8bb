"""Get-Date, New-TimeSpan, JSON, CSV, Select-String, Tee-Object, Read-Host, the
verbose/debug/information streams and the variable cmdlets in an engine, against
PowerShell 7.4's documented behaviour (reference pages named per test)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from rjkernel.values.objects import OrderedHashtable, PSObject
from tests.fixtures.runspace import Session

WHEN = "'2026-12-02 18:40:48'"


def test_get_date(ps: Session) -> None:  # Get-Date
    out = ps.run(f"Get-Date -Date {WHEN}")
    assert out.stdout == "\nWednesday, December 2, 2026 6:40:48 PM\n\n"
    assert ps.run(f"Get-Date -Date {WHEN} -DisplayHint Date").stdout == \
        "\nWednesday, December 2, 2026\n\n"
    assert ps.run(f"Get-Date -Date {WHEN} -Format 'yyyy-MM-dd HH:mm'").stdout == \
        "2026-12-02 18:40\n"
    assert ps.run(f"Get-Date -Date {WHEN} -Format FileDate").stdout == "20261202\n"
    assert ps.run(f"Get-Date -Date {WHEN} -UFormat '%Y/%m/%d %A'").stdout == \
        "2026/12/02 Wednesday\n"
    assert ps.value(f"Get-Date -Date {WHEN} -Hour 1 -Minute 2") == datetime(2026, 12, 2, 1, 2, 48)
    out = ps.run("Get-Date -Month 13")
    assert "Cannot validate argument on parameter 'Month'" in out.stderr


def test_dates_in_strings_and_arithmetic(ps: Session) -> None:  # about_Type_Conversion
    ps.run(f"$d = Get-Date -Date {WHEN}")
    assert ps.run('"at $d"').stdout in ("at 12/02/2026 18:40:48\n", "")  # routing: lang-core
    assert ps.value('"$d"') == "12/02/2026 18:40:48"
    assert ps.value("$d.AddDays(1).DayOfWeek").name == "Thursday"
    assert ps.value("($d - $d.AddMinutes(-90)).TotalHours") == 1.5
    assert ps.value("$d.ToString('yyyy-MM-dd')") == "2026-12-02"


def test_new_timespan(ps: Session) -> None:  # New-TimeSpan, TimeSpan list view
    out = ps.run("New-TimeSpan -Minutes 1 -Seconds 5")
    assert out.stdout == (
        "\n"
        "Days              : 0\n"
        "Hours             : 0\n"
        "Minutes           : 1\n"
        "Seconds           : 5\n"
        "Milliseconds      : 0\n"
        "Ticks             : 650000000\n"
        "TotalDays         : 0.000752314814814815\n"  # G15, as PowerShell shows doubles
        "TotalHours        : 0.0180555555555556\n"
        "TotalMinutes      : 1.08333333333333\n"
        "TotalSeconds      : 65\n"
        "TotalMilliseconds : 65000\n"
        "\n")
    assert ps.value("New-TimeSpan -Start '2026-01-01' -End '2026-01-02 12:00'") == \
        timedelta(days=1.5)
    assert ps.value('"$(New-TimeSpan -Seconds 65)"') == "00:01:05"


def test_convertto_json(ps: Session) -> None:  # ConvertTo-Json
    ps.run("$o = [pscustomobject]@{Name='web01'; Ports=@(22,80); Up=$true; Load=1.0;"
           " Tags=@{}; Missing=$null}")
    assert ps.run("$o | ConvertTo-Json").stdout == (
        "{\n"
        '  "Name": "web01",\n'
        '  "Ports": [\n'
        "    22,\n"
        "    80\n"
        "  ],\n"
        '  "Up": true,\n'
        '  "Load": 1.0,\n'
        '  "Tags": {},\n'
        '  "Missing": null\n'
        "}\n")
    assert ps.run("$o | ConvertTo-Json -Compress").stdout == (
        '{"Name":"web01","Ports":[22,80],"Up":true,"Load":1.0,"Tags":{},"Missing":null}\n')


def test_convertto_json_depth_warning(ps: Session) -> None:
    out = ps.run("$deep = @{a=@{b=@{c=@{d=1}}}}; $deep | ConvertTo-Json -Compress")
    assert out.stdout == '{"a":{"b":{"c":"System.Collections.Hashtable"}}}\n'
    assert "WARNING: Resulting JSON is truncated as serialization has exceeded the set depth " \
           "of 2." in out.stderr


def test_convertfrom_json(ps: Session) -> None:  # ConvertFrom-Json
    ps.run("$j = '{\"name\":\"web01\",\"ports\":[22,80],\"when\":\"2026-12-02T18:40:48\"}'"
           " | ConvertFrom-Json")
    value = ps.value("$j")
    assert isinstance(value, PSObject)
    assert ps.value("$j.ports[1]") == 80
    assert ps.value("$j.when") == datetime(2026, 12, 2, 18, 40, 48)
    assert isinstance(ps.value("'{\"a\":1}' | ConvertFrom-Json -AsHashtable"), OrderedHashtable)
    assert ps.value("('[1,2,3]' | ConvertFrom-Json).Count") == 3
    out = ps.run("$bad = '{oops' | ConvertFrom-Json")
    assert "Conversion from JSON failed with error" in out.stderr


def test_csv_round_trip(ps: Session, tmp_path: Path) -> None:  # Export-Csv, Import-Csv
    path = tmp_path / "hosts.csv"
    ps.run("$rows = [pscustomobject]@{Name='web01'; Note='a \"b\", c'},"
           " [pscustomobject]@{Name='db01'; Note=$null}")
    assert ps.run("$rows | ConvertTo-Csv").stdout == (
        '"Name","Note"\n"web01","a ""b"", c"\n"db01",\n')
    assert ps.run("$rows | ConvertTo-Csv -UseQuotes AsNeeded").stdout == (
        'Name,Note\nweb01,"a ""b"", c"\ndb01,\n')
    out = ps.run(f"$rows | Export-Csv {path}")
    assert out.status == "ok", out.stderr
    assert path.read_text() == '"Name","Note"\n"web01","a ""b"", c"\n"db01",\n'
    ps.run(f"[pscustomobject]@{{Name='app01'; Note='x'}} | Export-Csv {path} -Append")
    assert path.read_text().endswith('"app01","x"\n')
    ps.run(f"$back = Import-Csv {path}")
    assert ps.value("$back.Count") == 3
    assert ps.value("$back[0].Note") == 'a "b", c'
    assert ps.value("$back[1].Note") == ""
    ps.run("$semi = 'n;v', 'a;1' | ConvertFrom-Csv -Delimiter ';'")
    assert ps.value("$semi.v") == "1"


def test_select_string(ps: Session, tmp_path: Path) -> None:  # Select-String, MatchInfo
    ps.run("$lines = 'start', 'error: disk', 'ok', 'ERROR again', 'end'")
    assert ps.run("$lines | Select-String error").stdout == "\nerror: disk\nERROR again\n\n"
    assert ps.run("$lines | Select-String error -CaseSensitive -Raw").stdout == "error: disk\n"
    assert ps.run("$lines | Select-String ok -Context 1").stdout == \
        "\n  error: disk\n> ok\n  ERROR again\n\n"
    assert ps.value("($lines | Select-String 'e' -NotMatch).Count") == 2
    assert ps.value("$lines | Select-String 'disk' -Quiet") is True
    assert ps.value("($lines | Select-String 'r' -AllMatches)[1].Matches.Count") == 3
    log = tmp_path / "app.log"
    log.write_text("one\ntwo error\nthree\n")
    out = ps.run(f"Select-String -Path {log} -Pattern error -SimpleMatch")
    assert out.stdout == f"\n{log}:2:two error\n\n"


def test_tee_object(ps: Session, tmp_path: Path) -> None:  # Tee-Object
    ps.run("$n = 'a','b'")
    assert ps.run("$n | Tee-Object -Variable kept | Select-Object -First 1").stdout == "a\n"
    assert ps.value("$kept") == ["a", "b"]
    path = tmp_path / "tee.txt"
    assert ps.run(f"$n | Tee-Object -FilePath {path}").stdout == "a\nb\n"
    assert path.read_text() == "a\nb\n"


def test_read_host(ps: Session) -> None:  # Read-Host
    out = ps.run("$t = Read-Host 'Ticket'", answers=["CHG42"])
    assert out.status == "ok" and ps.host.prompts == ["Ticket: "]
    assert ps.value("$t") == "CHG42"
    ps.run("$p = Read-Host 'Password' -AsSecureString", answers=["hunter2"])
    assert ps.run("$p").stdout == "System.Security.SecureString\n"


def test_streams_and_preferences(ps: Session) -> None:  # about_Preference_Variables
    out = ps.run("Write-Verbose 'hidden'; Write-Debug 'hidden'; Write-Information 'hidden'")
    assert out.stdout == "" and out.stderr == ""
    out = ps.run("Write-Verbose 'v' -Verbose; Write-Debug 'd' -Debug")
    assert out.stderr == "VERBOSE: v\nDEBUG: d\n"
    out = ps.run("$VerbosePreference = 'Continue'; Write-Verbose 'now'; "
                 "$VerbosePreference = 'SilentlyContinue'")
    assert out.stderr == "VERBOSE: now\n"
    assert ps.run("Write-Information 'note' -InformationAction Continue").stdout == "note\n"
    out = ps.run("Write-Verbose 'halt' -Verbose:$true -ErrorAction Stop; "
                 "$VerbosePreference = 'Stop'; Write-Verbose 'x'; "
                 "$VerbosePreference = 'SilentlyContinue'")
    assert 'preference variable "VerbosePreference" or common parameter is set to Stop: x' \
        in out.stderr


def test_variable_cmdlets(ps: Session) -> None:  # about_Variables
    ps.run("Set-Variable -Name limit -Value 5")
    assert ps.value("$limit") == 5
    out = ps.run("New-Variable limit 6")
    assert "A variable with name 'limit' already exists." in out.stderr
    ps.run("Clear-Variable limit")
    assert ps.value("$limit") is None
    ps.run("Remove-Variable limit")
    out = ps.run("Remove-Variable limit")
    assert "Cannot find a variable with the name 'limit'." in out.stderr
    assert ps.run("Get-Variable nosuch*").stderr == ""


def test_get_variable_shows_the_variable_view(ps: Session) -> None:
    # PowerShellCore.format.ps1xml "Variable": a table of Name (30 wide) and Value;
    # Format-List shows PSVariable's properties in .NET's order.
    ps.run("$web = 'up'")
    assert ps.run("Get-Variable web").stdout == (
        "\nName                           Value\n----                           -----\n"
        "web                            up\n\n")
    assert ps.run("Get-Variable web | Format-List").stdout == (
        "\nName        : web\nDescription : \nValue       : up\nVisibility  : Public\n"
        "Module      : \nModuleName  : \nOptions     : None\nAttributes  : {}\n\n")


def test_a_parsed_date_is_kind_unspecified(ps: Session) -> None:
    # about_Type_Conversion: a string becomes a DateTime through DateTime.Parse with the
    # invariant culture, which gives Kind Unspecified for a text without a zone; Get-Date
    # -Date keeps it (GetDateCommand.cs); Json.NET's RoundtripKind then writes no offset
    # and the round-trip format "o" no zone (DateTime.ToString reference, "K").
    ps.run("$d = [datetime]'2024-01-02T03:04:05'")
    assert ps.run("$d.Kind; (Get-Date -Date '2024-01-02').Kind; (Get-Date).Kind").stdout \
        == "Unspecified\nUnspecified\nLocal\n"
    assert ps.run("$d.ToString('o')").stdout == "2024-01-02T03:04:05.0000000\n"
    assert ps.run("[pscustomobject]@{When=$d.AddHours(1)} | ConvertTo-Json -Compress"
                  ).stdout == '{"When":"2024-01-02T04:04:05"}\n'
    assert ps.run("[datetime]::new(2024, 1, 2).Kind; ([datetime]'2024-01-02Z').Kind").stdout \
        == "Unspecified\nLocal\n"
    assert ps.value("$d -eq (Get-Date -Date '2024-01-02 03:04:05')") is True


def test_csv_fields_are_the_values_own_tostring(ps: Session) -> None:
    # CsvCommands.cs GetToStringValueForProperty: value.ToString(), so an array is
    # System.Object[], a date the culture's text, a double its round-trip digits.
    out = ps.run("[pscustomobject]@{When=[datetime]'2024-01-02 03:04:05'; On=$true; "
                 "L=@(1,2); H=[ordered]@{a=1}; D=0.1+0.2} | ConvertTo-Csv").stdout
    assert out == ('"When","On","L","H","D"\n"1/2/2024 3:04:05 AM","True","System.Object[]",'
                   '"System.Collections.Specialized.OrderedDictionary","0.30000000000000004"\n')
    assert ps.run("(1,2).ToString()").stdout == "System.Object[]\n"


def test_convertfrom_json_reads_integers_as_int64(ps: Session) -> None:
    # JsonObject.cs: a property's value is Json.NET's JValue.Value, a long for integers.
    ps.run("$r = '{\"a\":1,\"c\":2.5}' | ConvertFrom-Json")
    assert ps.run("$r.a.GetType().Name; $r.c.GetType().Name").stdout == "Int64\nDouble\n"
    assert "NoteProperty long a=1\n" in ps.run("$r | Get-Member").stdout


def test_unspecified_dates_convert_like_dotnet(ps: Session) -> None:
    # DateTime.ToLocalTime/ToUniversalTime reference: Kind Unspecified is read as UTC by
    # ToLocalTime and as local by ToUniversalTime; the results are Local and Utc.
    ps.run("$d = [datetime]'2024-01-02 03:00'")
    assert ps.run("$d.ToLocalTime().Kind; $d.ToUniversalTime().Kind").stdout == \
        "Local\nUtc\n"
