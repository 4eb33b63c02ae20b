"""The termly report's figures over a hand-built dataset (tests/report_data.py) whose every
number is known.

Summer 2026 (Mon 13 Apr - Wed 22 Jul) is the term reported; Spring 2026 the one before it.
Times are London local (BST in summer), so a contact at 00:30 on 23 Jul is 23:30 UTC on the
22nd and must still fall outside the term.
"""

from __future__ import annotations

import pytest

from liaison.errors import NotFound, ValidationError
from liaison.services import reporting as report
from liaison.services import school
from liaison.store.database import Database
from tests.report_data import D, Known, build_known, set_now


@pytest.fixture
def known(db: Database) -> Known:
    return build_known(db)


def exact(r: report.Report, label: str) -> tuple[float | None, float | None]:
    row = r.row(label)
    return row.current, row.previous


def table(r: report.Report, section: str, title: str) -> dict[str, tuple]:
    found = next(t for t in r.section(section).tables if t.title == title)
    return {row.label: (row.current, row.previous) for row in found.rows}


def test_every_figure_of_the_summer_term(known: Known) -> None:
    r = report.for_term(known.db, "summer 2026")
    assert r.period == report.Period("Summer 2026", D(2026, 4, 13), D(2026, 7, 22), True)
    assert r.previous is not None and r.previous.name == "Spring 2026"
    assert not r.to_date
    # families: f4 was archived before the term, f6 came after it; f3's archiving mid-term
    # leaves it counted; f2 arrived in the term.
    assert exact(r, "Families on roll") == (4, 4)
    assert exact(r, "Families supported") == (4, 3)
    assert exact(r, "Share of families on roll supported") == (100.0, 75.0)
    assert exact(r, "New arrivals") == (1, 0)
    assert table(r, "families", "Families supported by home language") == {
        # f1's main contact is its second caregiver; all four languages have one family
        "Arabic": (1, 1),
        "English": (1, 1),
        "Polish": (1, 0),
        "Urdu": (1, 0),
        "Somali": (0, 1),
    }
    # contacts: the first and last day count, the day before and after do not; booked and
    # cancelled meetings are not contacts
    assert exact(r, "Contacts and meetings held") == (10, 2)
    assert table(r, "contacts", "Contacts by kind") == {
        "Admissions / Day 1": (1, 0),
        "Check-in": (1, 1),
        "Phone call": (6, 1),
        "Text message": (1, 0),
        "Parent meeting": (1, 0),
    }
    assert table(r, "contacts", "Contacts by channel") == {
        "Face to face": (3, 1),
        "Phone": (6, 1),
        "Text message": (1, 0),
    }
    assert exact(r, "Meetings with an interpreter") == (2, 0)
    assert exact(r, "Share of meetings with an interpreter") == (20.0, 0.0)
    assert exact(r, "Cancelled or family did not attend") == (1, 0)
    # contacted: f1, f2 (meetings, events), f3 (meetings); f5 only had a booked meeting.
    # In spring f1 and f4 were contacted; f3 and f5 were not.
    assert exact(r, "Families contacted") == (3, 2)
    assert exact(r, "Families with no contact this period") == (1, 2)
    # interpreters: the cancelled booking is neither cost nor hours; the no-show is charged
    assert exact(r, "Bookings") == (5, 0)
    assert exact(r, "Took place") == (3, 0)
    assert exact(r, "Cancelled") == (1, 0)
    assert exact(r, "No-shows") == (1, 0)
    assert exact(r, "Still to come") == (0, 0)
    assert exact(r, "Hours interpreted") == (3.5, 0.0)
    assert exact(r, "Cost") == (13000, 0)
    assert table(r, "interpreting", "Cost by agency") == {
        "Agency A": (8000, 0),
        "Agency B": (3000, 0),
        "No agency": (2000, 0),
    }
    assert table(r, "interpreting", "Bookings by language") == {
        "Polish": (2, 0),
        "Arabic": (1, 0),
        "Urdu": (1, 0),
    }
    assert table(r, "interpreting", "Bookings by mode") == {
        "In person": (2, 0),
        "Phone": (1, 0),
        "Video": (1, 0),
    }
    # referrals: made on the referral day (or the suggestion day if never referred)
    assert exact(r, "Referrals made") == (3, 1)
    assert table(r, "referrals", "Referrals by category") == {
        "Food bank": (1, 0),
        "ESOL classes": (2, 0),
        "Housing": (0, 1),
    }
    assert table(r, "referrals", "Referrals by status now") == {
        "Suggested": (1, 0),
        "Referred": (1, 0),
        "Declined": (0, 1),
        "Completed": (1, 0),
    }
    assert exact(r, "Outcomes recorded") == (2, 0)
    assert exact(r, "Completed") == (1, 0)
    assert exact(r, "Declined") == (1, 0)
    assert exact(r, "Median days from referral to outcome") == (50.5, None)  # (10 + 91) / 2
    assert exact(r, "Needs identified") == (1, 2)
    assert exact(r, "Needs met") == (2, 0)  # one on the last day of term
    # events: the third is the day after the term; f3 was marked absent
    assert exact(r, "Events held") == (2, 0)
    assert exact(r, "Families invited") == (4, 0)
    assert exact(r, "Attendances") == (4, 0)
    assert exact(r, "Families attending at least once") == (2, 0)
    assert exact(r, "Share of invited families attending") == (50.0, None)
    assert exact(r, "Friendly Faces matches made") == (1, 0)
    assert table(r, "events", "Events by kind") == {
        "Coffee morning": (1, 0),
        "Parent workshop": (1, 0),
    }
    # letters: the one printed at 00:30 on 23 July is after the term
    assert exact(r, "Letters sent home") == (3, 0)
    assert table(r, "letters", "Letters by template") == {
        "Coffee morning / event invitation": (2, 0),
        "Invitation to a meeting": (1, 0),
    }
    assert table(r, "letters", "Letters by language") == {"English": (2, 0), "Polish": (1, 0)}
    assert exact(r, "Agreements issued") == (2, 0)
    assert exact(r, "Agreements returned") == (1, 0)
    assert exact(r, "Agreements returned (rate)") == (50.0, None)
    # headlines repeat the key figures
    assert [row.label for row in r.headlines][:3] == [
        "Families supported",
        "New arrivals",
        "Contacts and meetings held",
    ]
    assert [(p.term, p.families_supported, p.contacts) for p in r.trend] == [
        ("Spring 2026", 3, 2),
        ("Summer 2026", 4, 10),
    ]


def test_small_numbers_are_hidden_when_shown_not_when_counted(known: Known) -> None:
    r = report.for_term(known.db, "Summer 2026")
    supported = r.row("Families supported")
    assert supported.current == 4  # exact inside
    assert report.shown(supported) == "fewer than 5"
    assert report.shown(supported, suppress=False) == "4"
    assert report.change(supported) == "–"  # a change would give the hidden number away
    assert report.change(supported, suppress=False) == "+1"
    calls = r.row("Phone call")
    assert (report.shown(calls), report.shown(calls, "previous")) == ("6", "fewer than 5")
    assert report.change(calls) == "–"
    contacts = r.row("Contacts and meetings held")
    assert report.shown(contacts) == "10"
    assert report.shown(r.row("Still to come")) == "0"  # zero is not small
    share = r.row("Share of meetings with an interpreter")  # 2 of 10: rests on 10
    assert report.shown(share) == "20%"
    assert report.shown(share, "previous") == "not shown"  # 0 of 2
    median = r.row("Median days from referral to outcome")
    assert report.shown(median) == "not shown"
    assert report.shown(median, suppress=False) == "50.5"
    assert report.shown(r.row("Cost")) == "£130.00"  # money is not a count of families
    assert report.change(r.row("Cost")) == "+£130.00"
    assert report.shown(r.row("Hours interpreted")) == "3.5"
    hidden = report.to_plain(r)
    assert hidden["small_numbers_hidden"] is True
    assert hidden["headlines"][0] == {
        "measure": "Families supported",
        "this": "fewer than 5",
        "previous": "fewer than 5",
        "change": "–",
    }
    assert not any(
        cell in {"1", "2", "3", "4"}
        for row in report.plain_rows(r)
        for cell in (row["this"], row["previous"])
    )
    # the school setting decides the default
    assert report.suppress_small_default(known.db) is True
    school.set_setting(known.db, "report_suppress_small", False)
    assert report.suppress_small_default(known.db) is False


def test_a_date_range_is_compared_with_the_same_length_just_before(known: Known) -> None:
    r = report.for_range(known.db, D(2026, 4, 13), D(2026, 7, 22))
    assert r.period.name == "13/04/2026 to 22/07/2026"
    assert r.previous == report.range_period(D(2026, 1, 2), D(2026, 4, 12))
    assert r.previous.days == r.period.days == 101
    assert exact(r, "Contacts and meetings held") == (10, 3)  # the day before counts now
    one_day = report.for_range(known.db, D(2026, 7, 22), D(2026, 7, 22))
    assert exact(one_day, "Contacts and meetings held") == (1, 0)
    assert exact(one_day, "Hours interpreted") == (1.0, 0.0)
    assert one_day.previous == report.range_period(D(2026, 7, 21), D(2026, 7, 21))


def test_a_term_still_running_is_marked_to_date(known: Known) -> None:
    r = report.for_term(known.db, "Autumn 2026")
    assert r.to_date and r.made_on == D(2026, 11, 23)
    assert r.previous is not None and r.previous.name == "Summer 2026"
    assert exact(r, "Families on roll") == (4, 4)  # f6 joined, f3 left in the summer
    first = report.for_term(known.db, "Spring 2026")
    assert first.previous is None
    assert report.shown(first.row("Contacts and meetings held"), "previous") == "–"
    assert report.change(first.row("Contacts and meetings held")) == "–"


def test_unknown_terms_and_bad_ranges_say_what_to_do(known: Known) -> None:
    with pytest.raises(NotFound) as err:
        report.for_term(known.db, "Autumn 2031")
    assert err.value.message == (
        "There is no term called 'Autumn 2031'. The terms in Settings are: "
        "Spring 2026, Summer 2026, Autumn 2026."
    )
    with pytest.raises(ValidationError, match="end date is before"):
        report.for_range(known.db, D(2026, 7, 22), D(2026, 4, 13))
    with pytest.raises(ValidationError, match="choose a term"):
        report.resolve(known.db)


def test_default_term_is_the_one_running(known: Known) -> None:
    term = report.default_term(known.db)
    assert term is not None and term.name == "Autumn 2026"
    set_now(known.db, D(2026, 8, 10))  # summer holiday: the last term begun
    term = report.default_term(known.db)
    assert term is not None and term.name == "Summer 2026"


def test_no_terms_and_an_empty_database(db: Database) -> None:
    with pytest.raises(NotFound, match="no term dates are set"):
        report.for_term(db, "Autumn 2026")
    r = report.for_range(db, D(2026, 9, 1), D(2026, 11, 23))
    assert r.trend == ()
    assert all(row.current == 0 for row in r.headlines)
    assert report.shown(r.row("Share of meetings with an interpreter")) == "–"
