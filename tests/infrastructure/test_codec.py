"""The type-directed codec with the orjson transcoder (DESIGN §2.4): Decimal, aware datetimes,
dates, UUIDs, enums, any text and absent optionals come back exactly as they went in."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, ClassVar, cast
from uuid import UUID

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from domain.shared.actor import Actor, Role
from domain.shared.events import Event
from infrastructure.serialisation.codec import (
    DecodeError,
    decode_attrs,
    from_primitive,
    to_primitive,
)
from infrastructure.serialisation.transcoder import OrjsonTranscoder

TRANSCODER = OrjsonTranscoder()

# --- test-only values and event -----------------------------------------------------------------


class Tint(enum.StrEnum):
    """A string enum, like the domain's statuses and categories."""

    RED = "red"
    GREEN = "green"
    CHINESE = "红色"


class Grade(enum.IntEnum):
    """An integer enum."""

    LOW = 1
    HIGH = 2


class Shape(enum.Enum):
    """A plain enum with string values."""

    ROUND = "round"
    SQUARE = "square"


@attrs.frozen(kw_only=True)
class CodecProbeRecorded(Event):
    """A test-only event with one field of every type events may hold."""

    aggregate_type: ClassVar[str] = "codec_probe"

    amount: Decimal
    day: date
    at: datetime
    ref: UUID
    tint: Tint
    grade: Grade
    shape: Shape
    text: str
    flag: bool
    count: int
    amounts: tuple[Decimal, ...]
    tags: frozenset[Tint]
    note: str | None = None
    maybe_amount: Decimal | None = None
    maybe_at: datetime | None = None
    maybe_day: date | None = None
    maybe_ref: UUID | None = None
    maybe_tint: Tint | None = None


# --- strategies ---------------------------------------------------------------------------------

#: Any finite Decimal, including exponents far beyond the default context's range.
decimals = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False),
    st.builds(
        lambda sign, digits, exponent: Decimal((sign, tuple(digits), exponent)),
        st.integers(0, 1),
        st.lists(st.integers(0, 9), min_size=1, max_size=60),
        st.integers(-999_999_999, 999_999_999),
    ),
)

#: Any fixed UTC offset a datetime may carry, down to the microsecond, except offsets strictly
#: between -1 s and +1 s other than zero, which CPython 3.11's fromisoformat reads as UTC (see
#: TestDatetimes.test_an_offset_under_one_second_keeps_its_offset).
fixed_offsets = st.builds(
    timezone,
    st.timedeltas(
        min_value=-timedelta(hours=23, minutes=59, seconds=59, microseconds=999_999),
        max_value=timedelta(hours=23, minutes=59, seconds=59, microseconds=999_999),
    ).filter(lambda offset: not timedelta(0) < abs(offset) < timedelta(seconds=1)),
)

#: Timezone-aware datetimes: fixed offsets and IANA zones (with their DST rules).
aware_datetimes = st.datetimes(timezones=st.one_of(fixed_offsets, st.timezones()))

#: Any text without surrogates (orjson stores UTF-8), plus CJK-only text.
texts = st.one_of(
    st.text(), st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF))
)

actors = st.builds(
    Actor,
    id=st.text(min_size=1).filter(str.strip),
    roles=st.frozensets(st.sampled_from(Role), min_size=1),
    department=st.text(),
)

probes = st.builds(
    CodecProbeRecorded,
    occurred_at=aware_datetimes,
    actor=actors,
    amount=decimals,
    day=st.dates(),
    at=aware_datetimes,
    ref=st.uuids(),
    tint=st.sampled_from(Tint),
    grade=st.sampled_from(Grade),
    shape=st.sampled_from(Shape),
    text=texts,
    flag=st.booleans(),
    count=st.integers(-(2**63), 2**64 - 1),
    amounts=st.lists(decimals, max_size=4).map(tuple),
    tags=st.frozensets(st.sampled_from(Tint)),
    note=st.none() | texts,
    maybe_amount=st.none() | decimals,
    maybe_at=st.none() | aware_datetimes,
    maybe_day=st.none() | st.dates(),
    maybe_ref=st.none() | st.uuids(),
    maybe_tint=st.none() | st.sampled_from(Tint),
)


def through_json(value: object) -> Any:
    """The value's JSON form, as bytes and back: what the log keeps."""
    return TRANSCODER.decode(TRANSCODER.encode(to_primitive(value)))


def round_trip(kind: Any, value: object) -> Any:
    return from_primitive(kind, through_json(value))


def assert_identical(expected: object, actual: object) -> None:
    """Equal, and also the same type, the same Decimal digits and exponent, and the same UTC
    offset: `==` alone calls 1.0 and 1.00, or 09:00+08:00 and 01:00Z, the same."""
    assert type(actual) is type(expected), (expected, actual)
    if isinstance(expected, Decimal):
        assert isinstance(actual, Decimal)
        assert actual.as_tuple() == expected.as_tuple()
    elif isinstance(expected, datetime):
        assert isinstance(actual, datetime)
        # Subtraction, not `==`: Python calls a time in a DST gap or fold unequal to every time
        # in another zone (PEP 495), even to the very same instant.
        assert actual - expected == timedelta(0)
        assert actual.utcoffset() == expected.utcoffset()
        assert actual.replace(tzinfo=None) == expected.replace(tzinfo=None)
    elif attrs.has(type(expected)):
        for field in attrs.fields(cast(Any, type(expected))):
            assert_identical(getattr(expected, field.name), getattr(actual, field.name))
    elif isinstance(expected, tuple):
        assert isinstance(actual, tuple)
        assert len(actual) == len(expected)
        for left, right in zip(expected, actual, strict=True):
            assert_identical(left, right)
    else:
        assert actual == expected


# --- tests --------------------------------------------------------------------------------------


class TestDecimals:
    """Money and quantities are Decimal: every finite value keeps its digits and exponent."""

    @given(decimals)
    @example(Decimal("1250.00"))
    @example(Decimal("-0"))
    @example(Decimal("1E+999999999"))
    @example(Decimal("0.000000000000000000000000000001"))
    @example(Decimal("12345678901234567890123456789012345678901234567890.123456789"))
    def test_round_trip_is_exact(self, value: Decimal) -> None:
        """Encoded, stored as JSON bytes and decoded, a Decimal has the same sign, digits and
        exponent."""
        assert_identical(value, round_trip(Decimal, value))

    def test_stored_as_a_string_never_a_float(self) -> None:
        """In JSON an amount is a string (DOMAIN §1): "1250.00", not 1250.0."""
        assert through_json(Decimal("1250.00")) == "1250.00"

    def test_a_float_is_refused(self) -> None:
        """No float anywhere near money: the codec will not store one."""
        with pytest.raises(TypeError, match="float"):
            to_primitive(12.5)


class TestDatetimes:
    """Instants keep both their moment and the offset they were written with."""

    @given(aware_datetimes)
    @example(datetime(2026, 7, 1, 9, 30, tzinfo=timezone(timedelta(hours=8))))
    @example(datetime(2026, 7, 1, 1, 30, tzinfo=UTC))
    @example(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=-23, minutes=-59))))
    @example(datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=timezone(timedelta(hours=14))))
    @example(datetime(2026, 1, 1, tzinfo=timezone(timedelta(seconds=1, microseconds=5))))
    def test_same_instant_and_same_offset(self, value: datetime) -> None:
        """The decoded datetime is the same instant with the same utcoffset and wall time."""
        assert_identical(value, round_trip(datetime, value))

    def test_an_offset_under_one_second_keeps_its_offset(self) -> None:
        """Python allows an offset of half a second; it must not come back as UTC."""
        value = datetime(2026, 7, 1, 9, 30, tzinfo=timezone(timedelta(microseconds=500_000)))
        assert_identical(value, round_trip(datetime, value))

    def test_stored_as_iso_8601_with_its_offset(self) -> None:
        """The JSON form is ISO 8601 text with the offset."""
        moment = datetime(2026, 7, 1, 9, 30, tzinfo=timezone(timedelta(hours=8)))
        assert through_json(moment) == "2026-07-01T09:30:00+08:00"


class TestDates:
    """Calendar dates (delivery dates, due dates) are ISO dates."""

    @given(st.dates())
    def test_round_trip(self, value: date) -> None:
        """Every date from year 1 to 9999 comes back equal, and still a date."""
        assert_identical(value, round_trip(date, value))

    def test_stored_as_iso_date(self) -> None:
        """The JSON form is YYYY-MM-DD."""
        assert through_json(date(2026, 7, 1)) == "2026-07-01"


class TestUuids:
    """Ids are UUIDs in their canonical string form."""

    @given(st.uuids())
    def test_round_trip(self, value: UUID) -> None:
        """Every UUID comes back equal and as a UUID."""
        assert_identical(value, round_trip(UUID, value))

    def test_stored_as_canonical_text(self) -> None:
        """The JSON form is the canonical hyphenated string."""
        value = UUID("0b7a6f2e-6a43-4f0e-9a51-3d2c1f4e8b10")
        assert through_json(value) == "0b7a6f2e-6a43-4f0e-9a51-3d2c1f4e8b10"


class TestEnums:
    """An enum is stored as its value and read back as the member."""

    @pytest.mark.parametrize("member", [*Tint, *Grade, *Shape])
    def test_round_trip_gives_the_member_itself(self, member: enum.Enum) -> None:
        """String, integer and plain enums come back as the very same member."""
        assert round_trip(type(member), member) is member

    @pytest.mark.parametrize("member", [*Tint, *Grade, *Shape])
    def test_stored_as_the_value(self, member: enum.Enum) -> None:
        """The JSON form is the member's value, not its name or class."""
        assert through_json(member) == member.value

    def test_an_unknown_value_is_a_decode_error(self) -> None:
        """A value the enum does not have is refused with DecodeError."""
        with pytest.raises(DecodeError):
            from_primitive(Tint, "purple")


class TestText:
    """Text is Unicode: Chinese names and descriptions round-trip exactly (DOMAIN §1)."""

    @given(texts)
    @example("扫地机器人到货时外壳破裂")
    @example("客户：王小明（上海）— 退款 ¥1,250.00 ✓ 🙂")  # noqa: RUF001 (Chinese punctuation)
    @example("\x00\t\n\r\u2028\u2029\ufeff")
    @example("𠀀𪚥 e\u0301 ﷽")
    def test_any_text_round_trips(self, value: str) -> None:
        """Any surrogate-free text comes back character for character."""
        assert_identical(value, round_trip(str, value))

    def test_chinese_is_stored_as_utf8_not_escaped(self) -> None:
        """The stored bytes carry the characters themselves, in UTF-8."""
        assert "投诉".encode() in TRANSCODER.encode(to_primitive("投诉"))


class TestOptionalFields:
    """An optional field left out is None after the round trip, and a given one is kept."""

    @pytest.mark.parametrize("kind", [str, Decimal, datetime, date, UUID, Tint])
    def test_none_stays_none(self, kind: type) -> None:
        """None of any optional type is stored as null and read back as None."""
        assert through_json(None) is None
        assert from_primitive(kind | None, None) is None

    def test_a_given_optional_value_is_decoded_to_its_type(self) -> None:
        """A present optional Decimal is read back as a Decimal."""
        assert_identical(Decimal("0.10"), round_trip(Decimal | None, Decimal("0.10")))


class TestWholeEvents:
    """An attrs event made of all of these comes back field for field."""

    @settings(max_examples=200)
    @given(probes)
    def test_event_round_trip_is_exact(self, event: CodecProbeRecorded) -> None:
        """Encoding, orjson bytes and decoding give the same event, value by value."""
        assert_identical(event, decode_attrs(CodecProbeRecorded, through_json(event)))

    def test_json_form_names_no_python_class(self) -> None:
        """The stored object has only JSON primitives: strings for Decimal, times and ids."""
        event = CodecProbeRecorded(
            occurred_at=datetime(2026, 7, 1, 9, 30, tzinfo=timezone(timedelta(hours=8))),
            actor=Actor(id="u-1", roles=frozenset({Role.FINANCE}), department="财务"),
            amount=Decimal("1250.00"),
            day=date(2026, 7, 1),
            at=datetime(2026, 7, 1, 1, 30, tzinfo=UTC),
            ref=UUID(int=1),
            tint=Tint.CHINESE,
            grade=Grade.HIGH,
            shape=Shape.ROUND,
            text="投诉",
            flag=True,
            count=3,
            amounts=(Decimal("1"), Decimal("2.50")),
            tags=frozenset({Tint.GREEN, Tint.RED}),
        )
        assert through_json(event) == {
            "occurred_at": "2026-07-01T09:30:00+08:00",
            "actor": {"id": "u-1", "roles": ["finance"], "department": "财务"},
            "amount": "1250.00",
            "day": "2026-07-01",
            "at": "2026-07-01T01:30:00+00:00",
            "ref": "00000000-0000-0000-0000-000000000001",
            "tint": "红色",
            "grade": 2,
            "shape": "round",
            "text": "投诉",
            "flag": True,
            "count": 3,
            "amounts": ["1", "2.50"],
            "tags": ["green", "red"],
            "note": None,
            "maybe_amount": None,
            "maybe_at": None,
            "maybe_day": None,
            "maybe_ref": None,
            "maybe_tint": None,
        }


class TestDecodingRefusesWhatDoesNotFit:
    """Stored JSON that does not fit its declared type is a DecodeError, never a wrong value."""

    @pytest.mark.parametrize(
        ("kind", "value"),
        [
            pytest.param(str, 5, id="str-given-int"),
            pytest.param(int, "5", id="int-given-str"),
            pytest.param(int, True, id="int-given-bool"),
            pytest.param(bool, 1, id="bool-given-int"),
            pytest.param(Decimal, "twelve", id="decimal-given-words"),
            pytest.param(Decimal, [1, 2], id="decimal-given-list"),
            pytest.param(datetime, "yesterday", id="datetime-given-words"),
            pytest.param(datetime, 1_700_000_000, id="datetime-given-number"),
            pytest.param(date, "2026-13-01", id="date-out-of-range"),
            pytest.param(UUID, "not-a-uuid", id="uuid-given-words"),
            pytest.param(tuple[Decimal, ...], "1,2", id="tuple-given-str"),
            pytest.param(Grade, 7, id="enum-unknown-value"),
        ],
    )
    def test_wrong_values_are_decode_errors(self, kind: Any, value: object) -> None:
        """Each misfit is refused with DecodeError."""
        with pytest.raises(DecodeError):
            from_primitive(kind, value)

    def test_a_uuid_stored_as_a_number_is_a_decode_error(self) -> None:
        """A number where a UUID belongs is a DecodeError, like any other misfit."""
        with pytest.raises(DecodeError):
            from_primitive(UUID, 12)

    def test_an_event_stored_as_a_list_is_a_decode_error(self) -> None:
        """An event must be stored as an object."""
        with pytest.raises(DecodeError):
            decode_attrs(CodecProbeRecorded, cast(Any, []))

    def test_a_missing_required_field_is_a_decode_error(self) -> None:
        """An event without one of its required fields cannot be rebuilt."""
        stored = through_json(
            CodecProbeRecorded(
                occurred_at=datetime(2026, 7, 1, tzinfo=UTC),
                actor=Actor(id="u-1", roles=frozenset({Role.FINANCE})),
                amount=Decimal("1"),
                day=date(2026, 7, 1),
                at=datetime(2026, 7, 1, tzinfo=UTC),
                ref=UUID(int=1),
                tint=Tint.RED,
                grade=Grade.LOW,
                shape=Shape.SQUARE,
                text="",
                flag=False,
                count=0,
                amounts=(),
                tags=frozenset(),
            )
        )
        del stored["amount"]
        with pytest.raises(DecodeError, match="amount"):
            decode_attrs(CodecProbeRecorded, stored)
