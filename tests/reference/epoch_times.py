"""Epoch times used by the date/time parsing tests (Python 3 standard library only: datetime).

Each line gives the civil time, its UTC offset, and the milliseconds since 1970-01-01T00:00:00Z that
datetime computes (aware datetimes; timestamps as exact integer arithmetic on timedelta, no float rounding).
Tests: tests/ingest/payload_test.cpp, tests/ingest/aqdef_test.cpp, tests/common/clock_test.cpp.
Run: python3 tests/reference/epoch_times.py
"""
from datetime import date, datetime, timedelta, timezone

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
UTC8 = timezone(timedelta(hours=8))
UTC = timezone.utc


def ms(dt):
    d = dt - EPOCH
    return (d.days * 86400 + d.seconds) * 1000 + d.microseconds // 1000


CASES = [
    ("tests/ingest/payload_test.cpp", "kT0, TEST(Iso8601, UtcAndOffsets)", datetime(2026, 11, 29, 8, 0, 0, 123000, UTC)),
    ("tests/ingest/payload_test.cpp", "TEST(Iso8601, UtcAndOffsets): +08:00 form of kT0",
     datetime(2026, 11, 29, 16, 0, 0, 123000, UTC8)),
    ("tests/ingest/payload_test.cpp", "TEST(Iso8601, UtcAndOffsets): -05:00 form of kT0",
     datetime(2026, 11, 29, 3, 0, 0, 123000, timezone(timedelta(hours=-5)))),
    ("tests/ingest/payload_test.cpp", "TEST(Iso8601, UtcAndOffsets): 2026-11-28T16:00Z (= 2026-11-29T00:00+08:00)",
     datetime(2026, 11, 28, 16, 0, 0, 0, UTC)),
    ("tests/ingest/payload_test.cpp", "TEST(Iso8601, UtcAndOffsets): 2026-11-29T00:30+08:00",
     datetime(2026, 11, 29, 0, 30, 0, 0, UTC8)),
    ("tests/ingest/payload_test.cpp", "TEST(Iso8601, Milliseconds): 1969-12-31T23:59:59.999Z",
     datetime(1969, 12, 31, 23, 59, 59, 999000, UTC)),
    ("tests/ingest/payload_test.cpp", "TEST(Iso8601, LeapYears): 2024-02-29T00:00Z; also the base time of "
     "tests/ingest/aqdef_test.cpp TEST(AqdefWrite, RoundTripOfBuiltFileInOtherZone)", datetime(2024, 2, 29, 0, 0, 0, 0, UTC)),
    ("tests/ingest/aqdef_test.cpp", "TEST(AqdefTime, ParseAndFormat): 29.02.2024/08:00:00 at UTC+8",
     datetime(2024, 2, 29, 8, 0, 0, 0, UTC8)),
    ("tests/ingest/payload_test.cpp", "TEST(Iso8601, LeapYears): 2000-02-29T00:00Z", datetime(2000, 2, 29, tzinfo=UTC)),
    ("tests/ingest/payload_test.cpp", "TEST(Iso8601, LeapYears): 2000-03-01T00:00Z", datetime(2000, 3, 1, tzinfo=UTC)),
    ("tests/ingest/payload_test.cpp", "TEST(Iso8601, LeapYears): 2100-02-28T23:59:59Z",
     datetime(2100, 2, 28, 23, 59, 59, tzinfo=UTC)),
    ("tests/ingest/aqdef_test.cpp", "kFirstTime: 2026-11-29 08:00:05 at UTC+8", datetime(2026, 11, 29, 8, 0, 5, 0, UTC8)),
    ("tests/ingest/aqdef_test.cpp", "kThirdTime: 2026-11-29 08:05:10 at UTC+8", datetime(2026, 11, 29, 8, 5, 10, 0, UTC8)),
    ("tests/ingest/aqdef_test.cpp", "TEST(AqdefRead, SampleDescription), TEST(AqdefTime, ParseAndFormat): "
     "17.03.2023 14:22:05 at UTC+8", datetime(2023, 3, 17, 14, 22, 5, 0, UTC8)),
    ("tests/ingest/aqdef_test.cpp", "TEST(AqdefTime, ParseAndFormat): 17.3.2023/14:22 at UTC+8",
     datetime(2023, 3, 17, 14, 22, 0, 0, UTC8)),
    ("tests/ingest/aqdef_test.cpp", "TEST(AqdefRead, TimeZoneOption): 17.03.2023 14:22:05 at UTC",
     datetime(2023, 3, 17, 14, 22, 5, 0, UTC)),
    ("tests/ingest/aqdef_test.cpp", "2002-05-17T05:54:58Z", datetime(2002, 5, 17, 5, 54, 58, 0, UTC)),
    ("tests/ingest/aqdef_test.cpp", "01.01.2013/15:18:31 at UTC+8", datetime(2013, 1, 1, 15, 18, 31, 0, UTC8)),
]


def main():
    for test, what, dt in CASES:
        print(f"{ms(dt):>15d} ms  {dt.isoformat()}  [{test}: {what}]")
    print()
    epoch_day = date(1970, 1, 1)
    for d in (date(2030, 6, 30), date(2035, 12, 31), date(2028, 2, 29)):
        n = (d - epoch_day).days
        print(f"{d.isoformat()} is day {n}, {n * 86400} s  [tests/common/clock_test.cpp: "
              f"TEST(Clock, StartDatesParseToUtcInstants)]")
    print(f"2035-12-31T23:59:58Z = {24105 * 86400 + 86398} s = "
          f"{ms(datetime(2035, 12, 31, 23, 59, 58, tzinfo=UTC)) // 1000} s  [tests/common/clock_test.cpp]")


if __name__ == "__main__":
    main()
