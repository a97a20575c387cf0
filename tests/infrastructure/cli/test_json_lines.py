"""Reading submit's input: exactly one entry per non-blank line, split on newline only, each line
bounded and decoded on its own, read as it arrives."""

from __future__ import annotations

import io
from typing import Any

import orjson
from hypothesis import given
from hypothesis import strategies as st

from infrastructure.cli.json_lines import MAX_LINE_BYTES, Entry, envelopes

#: Text with every character JSON may carry raw inside a string, the line separators of
#: `str.splitlines` among them.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]) | st.sampled_from("\u2028\u2029\u0085\r"),
    max_size=20,
)
OBJECTS = st.dictionaries(
    TEXT, TEXT | st.integers(min_value=-(2**63), max_value=2**63 - 1), min_size=1, max_size=4
)


class SpyStream:
    """A byte stream that notes every read: how much was asked for and how far it has got."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.largest_ask = 0
        self.largest_line = 0

    def readline(self, size: int = -1, /) -> bytes:
        assert size >= 0, "an unbounded read"
        self.largest_ask = max(self.largest_ask, size)
        line = self._data.readline(size)
        self.largest_line = max(self.largest_line, len(line))
        return line

    @property
    def position(self) -> int:
        return self._data.tell()


def read(data: bytes) -> list[Entry]:
    return list(envelopes(io.BytesIO(data)))


class TestOneEntryPerLine:
    """Lines are split on newline alone, so results pair with lines."""

    @given(objects=st.lists(OBJECTS, min_size=1, max_size=6), crlf=st.booleans())
    def test_every_line_is_one_entry(self, objects: list[dict[str, Any]], crlf: bool) -> None:
        """Whatever text the objects hold (U+2028, U+2029, U+0085, CR...), each line is read
        back as its own object, with its own line number."""
        ending = b"\r\n" if crlf else b"\n"
        data = b"".join(orjson.dumps(value) + ending for value in objects)

        entries = read(data)

        assert entries == [
            Entry(number, value=value) for number, value in enumerate(objects, start=1)
        ]

    def test_unicode_line_separators_do_not_split(self) -> None:
        """U+2028, U+2029 and U+0085 inside a string are text, not line ends."""
        value = {"summary": "one\u2028two\u2029three\u0085four"}

        assert read(orjson.dumps(value) + b"\n" + orjson.dumps(value)) == [
            Entry(1, value=value),
            Entry(2, value=value),
        ]

    def test_blank_lines_give_nothing_but_count(self) -> None:
        """Blank lines are skipped; the numbers still name the lines of the input."""
        entries = read(b'\n{"a": 1}\n  \n\n{"b": 2}\n\n')

        assert entries == [Entry(2, value={"a": 1}), Entry(5, value={"b": 2})]


class TestBadLinesAreRefusedAlone:
    """A line that cannot be read is that line's problem; the lines around it are read."""

    def test_a_line_not_utf8(self) -> None:
        """Latin-1 bytes in one line: that line's problem names the byte and its place."""
        entries = read(b'{"a": 1}\n{"caf\xe9": 2}\n{"b": 3}\n')

        assert [entry.value for entry in entries] == [{"a": 1}, None, {"b": 3}]
        assert entries[1].problem == "line 2 is not UTF-8 text: byte 0xe9 at position 6"

    def test_a_line_not_json(self) -> None:
        """Broken JSON in one line: that line's problem, after a valid first line."""
        entries = read(b'{"a": 1}\n{not json\n{"b": 3}\n')

        assert [entry.value for entry in entries] == [{"a": 1}, None, {"b": 3}]
        assert (entries[1].problem or "").startswith("line 2 is not valid JSON")

    def test_a_first_line_not_json(self) -> None:
        """A broken first line is not mistaken for the start of one pretty-printed envelope."""
        entries = read(b'{not json\n{"b": 2}\n')

        assert (entries[0].problem or "").startswith("line 1 is not valid JSON")
        assert entries[1] == Entry(2, value={"b": 2})


class TestBoundedLines:
    """A line over MAX_LINE_BYTES is refused unread; memory holds at most one line."""

    def test_an_over_long_line_is_refused_and_skipped(self) -> None:
        """A 3 MB line between two short ones: refused as too long, its neighbours read, and
        no read ever asks for or returns more than one line's limit."""
        huge = orjson.dumps({"summary": "x" * 3 * MAX_LINE_BYTES})
        stream = SpyStream(b'{"a": 1}\n' + huge + b'\n{"b": 3}\n')

        entries = list(envelopes(stream))

        assert [entry.value for entry in entries] == [{"a": 1}, None, {"b": 3}]
        assert entries[1].problem == f"line 2 is longer than {MAX_LINE_BYTES} bytes; not read"
        assert stream.largest_ask <= MAX_LINE_BYTES + 1
        assert stream.largest_line <= MAX_LINE_BYTES + 1

    def test_a_line_of_exactly_the_limit_is_read(self) -> None:
        """The limit itself is allowed, with or without its newline."""
        value = {"s": "x" * (MAX_LINE_BYTES - len(b'{"s":""}'))}
        line = orjson.dumps(value)
        assert len(line) == MAX_LINE_BYTES

        assert read(line + b"\n" + line) == [Entry(1, value=value), Entry(2, value=value)]

    def test_an_over_long_first_line(self) -> None:
        """Even as the first line, an over-long one is refused and the rest read."""
        entries = read(b"[" + b" " * MAX_LINE_BYTES + b'1]\n{"b": 2}\n')

        assert (entries[0].problem or "").startswith("line 1 is longer than")
        assert entries[1] == Entry(2, value={"b": 2})


class TestReadAsItArrives:
    """JSON lines are read one at a time: a line is handed over before the next is read."""

    def test_the_first_entry_comes_before_the_second_line_is_read(self) -> None:
        """After the first entry, the stream has been read through the first line only."""
        first = b'{"a": 1}\n'
        stream = SpyStream(first + b'{"b": 2}\n' * 1_000)

        entries = envelopes(stream)

        assert next(entries) == Entry(1, value={"a": 1})
        assert stream.position == len(first)


class TestOnePrettyPrintedEnvelope:
    """An input that is one JSON value over several lines, within the limit, is one entry."""

    def test_an_indented_object_is_one_entry(self) -> None:
        """Indented JSON, blank lines around it: one entry."""
        value = {"type": "complaint.register", "payload": {"summary": "a\u2028b"}}

        assert read(b"\n" + orjson.dumps(value, option=orjson.OPT_INDENT_2) + b"\n\n") == [
            Entry(1, value=value)
        ]

    def test_an_indented_object_over_the_limit_is_read_line_by_line(self) -> None:
        """Beyond the limit it is not buffered whole: each of its lines is refused."""
        value = {f"k{index}": "x" * 1_000 for index in range(1_100)}
        data = orjson.dumps(value, option=orjson.OPT_INDENT_2)
        assert len(data) > MAX_LINE_BYTES

        entries = read(data)

        assert len(entries) == data.count(b"\n") + 1
        assert all(entry.problem for entry in entries)
