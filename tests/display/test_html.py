"""The static HTML face."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from rjkernel.display import format_default, format_list, format_table
from rjkernel.display.html import STYLE
from rjkernel.jobs.states import JobState
from rjkernel.values.objects import PSObject
from tests.display.support import FakeJob, FakeSession, sample_jobs


def body(markup: str) -> str:
    assert markup.startswith(STYLE)
    return markup[len(STYLE) :]


class _Cells(HTMLParser):
    """Collects (tag, attributes, text) of every th/td, and checks tags are balanced."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[tuple[str, dict[str, str | None], str]] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.append(tag)
        if tag in ("th", "td"):
            self.cells.append((tag, dict(attrs), ""))

    def handle_endtag(self, tag: str) -> None:
        assert self.open.pop() == tag

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1] in ("th", "td"):
            tag, attrs, text = self.cells[-1]
            self.cells[-1] = (tag, attrs, text + data)


def cells(markup: str) -> list[tuple[str, dict[str, str | None], str]]:
    parser = _Cells()
    parser.feed(body(markup))
    assert parser.open == []
    return parser.cells


def test_job_table_has_labels_states_and_exit_codes() -> None:
    (table,) = format_default(sample_jobs()[2:4])
    markup = table.html()
    # fixed widths (consecutive tables line up): the widths in characters, plus padding
    assert '<table class="rj-table rj-jobs rj-fixed" style="width:calc(114ch + 90px)">' \
        in markup
    parsed = cells(markup)
    assert [text for tag, _, text in parsed if tag == "th"] == [
        "Id", "Name", "PSJobTypeName", "State", "HasMoreData", "Location", "Command",
        "Elapsed", "ExitCode",
    ]
    row = [(attrs, text) for tag, attrs, text in parsed if tag == "td"][:9]
    assert row[3] == ({"class": "rj-state", "data-state": "Failed", "data-tone": "bad"}, "Failed")
    assert row[8] == ({"class": "rj-exitcode", "data-exitcode": "255", "data-tone": "bad"}, "255")
    assert row[6] == ({}, " uname -a")
    second = [(attrs, text) for tag, attrs, text in parsed if tag == "td"][9:]
    assert second[8] == ({"class": "rj-exitcode", "data-exitcode": "0"}, "0")


def test_values_are_escaped() -> None:
    command = ' echo "<script>alert(1)</script>"'
    evil = FakeJob(9, "<b>x</b>", "", JobState.Running, True, "h", command)
    markup = format_default([evil])[0].html()
    assert "<script>" not in body(markup)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "&lt;b&gt;x&lt;/b&gt;" in markup
    # no row has an ExitCode yet: that optional column is left out, Command is the 7th
    assert [text for tag, _, text in cells(markup) if tag == "td"][6] == (
        ' echo "<script>alert(1)</script>"'
    )


def test_optional_columns_show_only_with_a_value_and_a_failure_says_why() -> None:
    running = FakeJob(1, "Job1", "", JobState.Running, True, "h", "sleep 9")
    failed = FakeJob(2, "Job2", "", JobState.Failed, False, "nohost", "true",
                     StatusMessage="[nohost] ssh: Could not resolve hostname nohost.\nmore")
    assert [t for tag, _, t in cells(format_default([running])[0].html()) if tag == "th"] == [
        "Id", "Name", "PSJobTypeName", "State", "HasMoreData", "Location", "Command",
        "Elapsed"]
    parsed = cells(format_default([running, failed])[0].html())
    heads = [t for tag, _, t in parsed if tag == "th"]
    assert heads[-1] == "Reason" and "ExitCode" not in heads
    attrs, text = [(a, t) for tag, a, t in parsed if tag == "td"][-1]
    assert text == "[nohost] ssh: Could not resolve hostname nohost.…"  # the first line
    assert attrs["title"] == "[nohost] ssh: Could not resolve hostname nohost.\nmore"


def test_no_typesetting_wraps_markup_in_mathjax_opt_out_classes() -> None:
    from rjkernel.display.html import no_typesetting

    wrapped = no_typesetting("<p>$x$</p>")
    assert wrapped == '<div class="rj-output tex2jax_ignore mathjax_ignore"><p>$x$</p></div>'


def test_multi_line_value_shows_its_first_line_and_titles_the_rest() -> None:
    multi = FakeJob(1, "Job1", "", JobState.Running, True, "h", "\n  sleep 60\n  date\n")
    td = [(attrs, text) for tag, attrs, text in cells(format_default([multi])[0].html())
          if tag == "td"][6]
    assert td == ({"title": "\n  sleep 60\n  date\n"}, "  sleep 60…")


def test_sessions_right_align_and_mark_availability() -> None:
    markup = format_default([FakeSession(2, "Runspace1", "web01", "Opened", "Available")])[0].html()
    parsed = cells(markup)
    assert parsed[0] == ("th", {"class": "rj-right"}, "Id")
    tds = [(attrs, text) for tag, attrs, text in parsed if tag == "td"]
    assert tds[0] == ({"class": "rj-right"}, "2")
    state = {"class": "rj-state", "data-state": "Opened", "data-tone": "active"}
    assert tds[5] == (state, "Opened")
    assert tds[7][0]["data-availability"] == "Available"


def test_hidden_headers_drop_the_head() -> None:
    (table,) = format_table(sample_jobs()[:1], ["Id"], hide_headers=True)
    assert "<thead>" not in table.html()


def test_out_of_band_items_span_the_table() -> None:
    (table,) = format_default([sample_jobs()[0], "<done>"])
    # no row has an ExitCode: that column is left out
    row = '<tr class="rj-oob"><td colspan="8"><pre class="rj-text">&lt;done&gt;</pre></td></tr>'
    assert row in table.html()


def test_list_is_one_label_value_table_per_object() -> None:
    (listing,) = format_list([PSObject([("Name", "a&b"), ("Id", 1)]), PSObject([("Name", "c")])])
    markup = listing.html()
    assert markup.count('<table class="rj-table rj-entry">') == 2
    assert [(tag, text) for tag, _, text in cells(markup)] == [
        ("th", "Name"), ("td", "a&b"), ("th", "Id"), ("td", "1"), ("th", "Name"), ("td", "c"),
    ]


def test_text_display_is_preformatted_and_escaped() -> None:
    (text,) = format_default(["a < b", "line 2"])
    assert body(text.html()) == '<pre class="rj-text">a &lt; b\nline 2</pre>'


def test_style_is_compact_and_theme_neutral() -> None:
    assert len(STYLE) < 2000
    # no fixed text or background colour: both come from the notebook theme
    assert not re.search(r"[^-]background|[{;]color:#(000|fff)", STYLE)


def test_grouped_views_head_each_group_with_a_row() -> None:
    # The text face's group header ("    Directory: /tmp") as a row spanning the table,
    # so a recursive Get-ChildItem still says which directory each row is in
    def entry(parent: str, name: str) -> PSObject:
        return PSObject([("PSParentPath", f"Microsoft.PowerShell.Core\\FileSystem::{parent}"),
                         ("UnixMode", "-rw-r--r--"), ("NameString", name)],
                        ("System.IO.FileInfo",))

    markup = format_table([entry("/tmp", "a"), entry("/tmp", "b"), entry("/tmp/sub", "c")],
                          None)[0].html()
    groups = [(attrs.get("colspan"), text) for tag, attrs, text in cells(markup)
              if tag == "th" and attrs.get("colspan")]
    assert groups == [("6", "Directory: /tmp"), ("6", "Directory: /tmp/sub")]
