"""`parley calendar expand` against Python's `icalendar` (+ `recurring-ical-events`) on the same .ics files.

Each fixture under fixtures/calendars is expanded by the binary and by the Python libraries over several ranges;
the closures must be the same: whole days as {"name", "date"}, timed closures as {"name", "start", "end"} in UTC.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import parley_bin

FIXTURES = Path(__file__).parent / "fixtures" / "calendars"

try:
    import icalendar
    import recurring_ical_events
except ImportError as missing:  # pragma: no cover - depends on the machine
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"{missing}: CI=true, so install icalendar and recurring-ical-events (see .ci/run)") from missing
    pytest.skip(f"{missing}; pip install icalendar recurring-ical-events", allow_module_level=True)

CASES = [
    ("public-holidays.ics", "2027-01-01", "2028-01-01", "Europe/Madrid"),
    ("public-holidays.ics", "2025-06-01", "2031-01-01", "UTC"),
    ("timed-closures.ics", "2027-01-01", "2030-01-01", "Europe/Madrid"),
    ("timed-closures.ics", "2027-03-01", "2027-12-01", "America/New_York"),
    ("folded-escaped.ics", "2027-01-01", "2031-01-01", "Europe/Madrid"),
]


def utc(value: dt.datetime) -> str:
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def python_closures(path: Path, first: str, after_last: str, zone: str) -> list[dict]:
    """The closures Python's libraries read from the file, in the shape `parley calendar expand` prints."""
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    start_day, end_day = dt.date.fromisoformat(first), dt.date.fromisoformat(after_last)
    tz = ZoneInfo(zone)
    range_start = dt.datetime.combine(start_day, dt.time(), tz)
    range_end = dt.datetime.combine(end_day, dt.time(), tz)
    # Ask for a wider window and apply the binary's rule exactly: days in [from, to), timed closures overlapping it.
    found = recurring_ical_events.of(calendar).between(start_day - dt.timedelta(days=7), end_day + dt.timedelta(days=7))
    closures = []
    for event in found:
        name = str(event.get("SUMMARY"))
        begin, end = event.decoded("DTSTART"), event.decoded("DTEND")
        if isinstance(begin, dt.datetime):
            if begin < range_end and end > range_start:
                closures.append({"name": name, "start": utc(begin), "end": utc(end)})
        else:
            day = begin
            while day < end:
                if start_day <= day < end_day:
                    closures.append({"name": name, "date": day.isoformat()})
                day += dt.timedelta(days=1)
    return closures


def parley_closures(path: Path, first: str, after_last: str, zone: str) -> list[dict]:
    result = subprocess.run([parley_bin(), "calendar", "expand", str(path), "--from", first, "--to", after_last, "--time-zone", zone],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr
    return json.loads(result.stdout)


def key(closure: dict) -> tuple:
    return (closure.get("date") or closure["start"], closure["name"], closure.get("end", ""))


@pytest.mark.parametrize("fixture,first,after_last,zone", CASES)
def test_expansion_matches_python_icalendar(parley_binary: str, fixture: str, first: str, after_last: str, zone: str) -> None:
    path = FIXTURES / fixture
    expected = sorted(python_closures(path, first, after_last, zone), key=key)
    actual = parley_closures(path, first, after_last, zone)
    assert expected, "the fixture and range should produce closures"
    assert sorted(actual, key=key) == expected
    assert actual == sorted(actual, key=lambda c: (c.get("start") or c["date"] + "T00:00:00Z", c["name"])), "sorted by start"


def test_output_is_sorted_json_with_the_documented_shapes(parley_binary: str) -> None:
    path = FIXTURES / "timed-closures.ics"
    result = subprocess.run([parley_binary, "calendar", "expand", str(path), "--from", "2027-12-01", "--to", "2028-01-01",
                             "--time-zone", "Europe/Madrid"], capture_output=True, text=True, timeout=60)
    closures = json.loads(result.stdout)
    assert {"name": "Christmas Eve afternoon", "start": "2027-12-24T13:00:00Z", "end": "2027-12-24T22:59:59Z"} in closures
    assert result.stdout.index('"end"') < result.stdout.index('"name"') < result.stdout.index('"start"'), "keys are sorted"
    holidays = json.loads(subprocess.run([parley_binary, "calendar", "expand", str(FIXTURES / "public-holidays.ics"), "--from",
                                          "2028-02-28", "--to", "2028-03-02"], capture_output=True, text=True, timeout=60).stdout)
    assert holidays == [{"name": "Leap Day", "date": "2028-02-29"}]


def test_folded_and_escaped_text_reads_like_python(parley_binary: str) -> None:
    path = FIXTURES / "folded-escaped.ics"
    names = {closure["name"] for closure in parley_closures(path, "2027-01-01", "2028-01-01", "UTC")}
    python_names = {str(event.get("SUMMARY")) for event in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")}
    assert names == python_names
    assert "Closed for the regional holiday, the fair; and the parade after it" in names
    assert "Stocktaking\nback office \\ warehouse" in names


def test_check_summarises_a_good_file(parley_binary: str) -> None:
    result = subprocess.run([parley_binary, "calendar", "check", str(FIXTURES / "public-holidays.ics")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Christmas — 2026-12-24 all day, 3 days, every year, except 2028-12-24" in result.stdout
    assert "8 events can be imported, 0 cannot" in result.stdout


def test_check_names_the_line_of_each_problem(parley_binary: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ics"
    bad.write_text("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:No start\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Bad date\n"
                   "DTSTART;VALUE=DATE:20271332\nEND:VEVENT\nEND:VCALENDAR\n")
    result = subprocess.run([parley_binary, "calendar", "check", str(bad)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "line 2: event 'No start' has no DTSTART" in result.stderr
    assert "line 7: event 'Bad date': DTSTART '20271332' is not a valid date" in result.stderr

    not_ical = tmp_path / "notes.ics"
    not_ical.write_text("hello: world\n")
    result = subprocess.run([parley_binary, "calendar", "expand", str(not_ical), "--from", "2027-01-01", "--to", "2028-01-01"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "line 1: not an iCalendar file" in result.stderr and result.stdout == ""


def test_unsupported_recurrence_is_reported_not_dropped(parley_binary: str, tmp_path: Path) -> None:
    ics = tmp_path / "thanksgiving.ics"
    ics.write_text("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Thanksgiving\r\nDTSTART;VALUE=DATE:20271125\r\n"
                   "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    result = subprocess.run([parley_binary, "calendar", "check", str(ics)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "line 5: event 'Thanksgiving' was not imported: RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH" in result.stdout
    expand = subprocess.run([parley_binary, "calendar", "expand", str(ics), "--from", "2027-01-01", "--to", "2028-01-01"],
                            capture_output=True, text=True, timeout=60)
    assert expand.returncode == 0 and json.loads(expand.stdout) == [] and "Thanksgiving" in expand.stderr


def test_help_has_an_example(parley_binary: str) -> None:
    for command in (["calendar", "expand"], ["calendar", "check"], ["calendar"]):
        result = subprocess.run([parley_binary, *command, "--help"], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and "Example" in result.stdout, command
