"""Chronicle dates: validation, the chronicle's order, Chinese in and out."""

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fangzhi.text.dates import DateError, FuzzyDate, Precision, parse_fuzzy_date

years = st.integers(min_value=1, max_value=2999)


@st.composite
def day_dates(draw):
    day = draw(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(2999, 12, 31)))
    return FuzzyDate(day.year, Precision.DAY, month=day.month, day=day.day)


@st.composite
def month_dates(draw):
    return FuzzyDate(
        draw(years), Precision.MONTH, month=draw(st.integers(min_value=1, max_value=12))
    )


@st.composite
def season_dates(draw):
    return FuzzyDate(
        draw(years), Precision.SEASON, season=draw(st.integers(min_value=1, max_value=4))
    )


year_dates = years.map(lambda y: FuzzyDate(y, Precision.YEAR))
fuzzy_dates = st.one_of(day_dates(), month_dates(), season_dates(), year_dates)


# --- validation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "code"),
    [
        (FuzzyDate(2023, Precision.DAY, month=2, day=29), "impossible"),
        (FuzzyDate(2023, Precision.DAY, month=2, day=30), "impossible"),
        (FuzzyDate(1900, Precision.DAY, month=2, day=29), "impossible"),
        (FuzzyDate(2023, Precision.DAY, month=4, day=31), "impossible"),
        (FuzzyDate(2023, Precision.DAY, month=1, day=0), "impossible"),
        (FuzzyDate(2023, Precision.MONTH, month=13), "impossible"),
        (FuzzyDate(2023, Precision.MONTH, month=0), "impossible"),
        (FuzzyDate(2023, Precision.SEASON, season=5), "impossible"),
        (FuzzyDate(2023, Precision.MONTH, month=True), "impossible"),
        (FuzzyDate(2023, Precision.DAY, month=3), "incomplete"),
        (FuzzyDate(2023, Precision.MONTH), "incomplete"),
        (FuzzyDate(2023, Precision.SEASON), "incomplete"),
        (FuzzyDate(2023, Precision.YEAR, month=3), "incomplete"),
        (FuzzyDate(2023, Precision.MONTH, month=3, day=5), "incomplete"),
        (FuzzyDate(0, Precision.YEAR), "year_range"),
        (FuzzyDate(3000, Precision.YEAR), "year_range"),
        (FuzzyDate(-5, Precision.MONTH, month=3), "year_range"),
    ],
)
def test_impossible_dates_are_refused(date, code):
    with pytest.raises(DateError) as caught:
        date.validate()
    assert caught.value.code == code
    assert isinstance(caught.value, ValueError)


def test_leap_day_exists_in_leap_years():
    assert FuzzyDate(2024, Precision.DAY, month=2, day=29).validate()
    assert FuzzyDate(2000, Precision.DAY, month=2, day=29).validate()


@given(
    year=st.integers(min_value=1, max_value=2999),
    month=st.integers(min_value=-3, max_value=15),
    day=st.integers(min_value=-3, max_value=40),
)
def test_validate_accepts_exactly_the_calendar_days(year, month, day):
    date = FuzzyDate(year, Precision.DAY, month=month, day=day)
    real = 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]
    if real:
        assert date.validate() is date
        assert date.first_day() == date.last_day() == dt.date(year, month, day)
    else:
        with pytest.raises(DateError) as caught:
            date.validate()
        assert caught.value.code == "impossible"


@given(st.text(max_size=12).map(lambda t: f"2023-02-{t}"))
def test_parse_never_returns_an_invalid_date(text):
    try:
        date = parse_fuzzy_date(text)
    except DateError:
        return
    assert date.validate() is date


# --- days covered -----------------------------------------------------------------------


def test_seasons_are_quarters_of_their_year():
    spans = {
        season: (
            FuzzyDate(2023, Precision.SEASON, season=season).first_day(),
            FuzzyDate(2023, Precision.SEASON, season=season).last_day(),
        )
        for season in (1, 2, 3, 4)
    }
    assert spans == {
        1: (dt.date(2023, 1, 1), dt.date(2023, 3, 31)),
        2: (dt.date(2023, 4, 1), dt.date(2023, 6, 30)),
        3: (dt.date(2023, 7, 1), dt.date(2023, 9, 30)),
        4: (dt.date(2023, 10, 1), dt.date(2023, 12, 31)),
    }


def test_month_and_year_spans():
    feb = FuzzyDate(2024, Precision.MONTH, month=2)
    assert (feb.first_day(), feb.last_day()) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    year = FuzzyDate(2023, Precision.YEAR)
    assert (year.first_day(), year.last_day()) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))


@given(fuzzy_dates)
def test_every_date_stays_in_its_year(date):
    assert date.first_day() <= date.last_day()
    assert date.first_day().year == date.last_day().year == date.year


def test_spans_validate_first():
    with pytest.raises(DateError):
        FuzzyDate(2023, Precision.DAY, month=2, day=30).first_day()


# --- the chronicle's order --------------------------------------------------------------


@given(fuzzy_dates, fuzzy_dates)
def test_an_earlier_year_sorts_first(a, b):
    if a.year < b.year:
        assert a.sort_key() < b.sort_key()


@given(day_dates(), day_dates())
def test_days_sort_by_the_calendar(a, b):
    assert (a.sort_key() < b.sort_key()) == (a.first_day() < b.first_day())
    assert (a.sort_key() == b.sort_key()) == (a == b)


@given(month_dates(), day_dates())
def test_a_month_entry_follows_its_days_and_precedes_the_next_month(month, day):
    if day.first_day() <= month.last_day():
        assert day.sort_key() < month.sort_key()
    else:
        assert month.sort_key() < day.sort_key()


@given(season_dates(), st.one_of(day_dates(), month_dates()))
def test_a_season_entry_follows_its_last_month(season, other):
    if other.first_day() <= season.last_day():
        assert other.sort_key() < season.sort_key()
    else:
        assert season.sort_key() < other.sort_key()


@given(year_dates, st.one_of(day_dates(), month_dates(), season_dates()))
def test_a_year_entry_ends_its_year(year, other):
    if other.year <= year.year:
        assert other.sort_key() < year.sort_key()
    else:
        assert year.sort_key() < other.sort_key()


@given(fuzzy_dates, fuzzy_dates)
def test_equal_keys_only_for_equal_dates(a, b):
    assert (a.sort_key() == b.sort_key()) == (a == b)


@given(fuzzy_dates)
def test_the_key_can_be_stored_as_padded_text(date):
    # The returns service stores "-".join(f"{part:04d}") so that the database sorts it.
    assert all(0 <= part <= 9999 for part in date.sort_key())


def test_a_chronicle_in_gazetteer_order():
    texts = [
        "2023年",
        "2023年3月",
        "2023年春",
        "2023年3月31日",
        "2023年4月1日",
        "2023年1月5日",
        "2022年冬",
        "2023年2月",
        "2024年1月1日",
    ]
    ordered = sorted((parse_fuzzy_date(t) for t in texts), key=FuzzyDate.sort_key)
    assert [d.chinese() for d in ordered] == [
        "2022年冬",
        "2023年1月5日",
        "2023年2月",
        "2023年3月31日",
        "2023年3月",
        "2023年春",
        "2023年4月1日",
        "2023年",
        "2024年1月1日",
    ]


# --- Chinese in and out -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-03-05", FuzzyDate(2023, Precision.DAY, month=3, day=5)),
        ("2023-03", FuzzyDate(2023, Precision.MONTH, month=3)),
        ("2023", FuzzyDate(2023, Precision.YEAR)),
        ("2023/3/5", FuzzyDate(2023, Precision.DAY, month=3, day=5)),
        ("2023年3月5日", FuzzyDate(2023, Precision.DAY, month=3, day=5)),
        ("2023年3月5号", FuzzyDate(2023, Precision.DAY, month=3, day=5)),
        ("2023年3月", FuzzyDate(2023, Precision.MONTH, month=3)),
        ("2023年春", FuzzyDate(2023, Precision.SEASON, season=1)),
        ("2023年冬季", FuzzyDate(2023, Precision.SEASON, season=4)),
        ("2023年", FuzzyDate(2023, Precision.YEAR)),
        ("２０２３年３月５日", FuzzyDate(2023, Precision.DAY, month=3, day=5)),
        ("２０２３－０３－０５", FuzzyDate(2023, Precision.DAY, month=3, day=5)),
        (" 2023 年 3 月 ", FuzzyDate(2023, Precision.MONTH, month=3)),
        ("二〇二三年三月五日", FuzzyDate(2023, Precision.DAY, month=3, day=5)),
        ("二零二三年十月", FuzzyDate(2023, Precision.MONTH, month=10)),
        ("二〇二三年十二月廿五日", FuzzyDate(2023, Precision.DAY, month=12, day=25)),
        ("二〇二三年一月三十一日", FuzzyDate(2023, Precision.DAY, month=1, day=31)),
        ("一九四九年十月一日", FuzzyDate(1949, Precision.DAY, month=10, day=1)),
        ("二〇二三年夏", FuzzyDate(2023, Precision.SEASON, season=2)),
    ],
)
def test_parse(text, expected):
    assert parse_fuzzy_date(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "unreadable"),
        ("三月五日", "unreadable"),
        ("2023年3月5", "unreadable"),
        ("2023-3-5-1", "unreadable"),
        ("二〇二三年十十月", "unreadable"),
        ("2023年13月", "impossible"),
        ("2023-02-30", "impossible"),
        ("二〇二三年二月三十日", "impossible"),
        ("2023-00", "impossible"),
        ("0000", "year_range"),
        ("3000年", "year_range"),
    ],
)
def test_parse_refuses(text, code):
    with pytest.raises(DateError) as caught:
        parse_fuzzy_date(text)
    assert caught.value.code == code


def test_chinese():
    assert FuzzyDate(2023, Precision.DAY, month=3, day=5).chinese() == "2023年3月5日"
    assert FuzzyDate(2023, Precision.MONTH, month=3).chinese() == "2023年3月"
    assert FuzzyDate(2023, Precision.SEASON, season=1).chinese() == "2023年春"
    assert FuzzyDate(2023, Precision.YEAR).chinese() == "2023年"


@given(fuzzy_dates)
def test_chinese_reads_back(date):
    assert parse_fuzzy_date(date.chinese()) == date


@given(st.one_of(day_dates(), month_dates(), year_dates))
def test_iso_reads_back(date):
    iso = date.first_day().isoformat()[: {"day": 10, "month": 7, "year": 4}[date.precision]]
    assert parse_fuzzy_date(iso) == date


def test_shift_years_keeps_the_day_or_falls_back_from_a_leap_day():
    import datetime as dt

    from fangzhi.text.dates import shift_years

    assert shift_years(dt.date(2025, 3, 31), 1) == dt.date(2026, 3, 31)
    assert shift_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert shift_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
    assert shift_years(dt.date(2026, 1, 15), -1) == dt.date(2025, 1, 15)
