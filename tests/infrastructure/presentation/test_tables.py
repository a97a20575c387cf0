"""Aligned tables: every column starts at the same terminal column on every line, Chinese or not."""

# ruff: noqa: RUF001 - full-width punctuation is what these tests align

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st

from infrastructure.presentation.tables import CELL_COLUMNS, emit_table, table_lines
from infrastructure.presentation.terminal import ELLIPSIS, display_width

#: Cell text of every width, without the marker the tests look for.
CELL = st.lists(
    st.sampled_from([*"ab XY19-:", *"投诉处理客户满意", *"，。ＡＢ", "e\u0301", "\n", "\x1b"]),
    max_size=90,
).map("".join)


def starts(lines: list[str], marker: str) -> list[int]:
    """The terminal column at which `marker` begins on each line."""
    return [display_width(line[: line.index(marker)]) for line in lines]


class TestAlignment:
    def test_columns_line_up_after_chinese_cells(self) -> None:
        """A Chinese reason takes two columns a character: the next column still lines up."""
        lines = table_lines(
            ("v", "reason", "payload"),
            [
                (1, "客户多次来电，升级处理", "{P1}"),
                (2, None, "{P2}"),
                (3, "customer called twice", "{P3}"),
            ],
        )
        assert lines[0] == "v  reason                  payload"
        assert lines[1] == "-  ----------------------  -------"
        assert lines[2] == "1  客户多次来电，升级处理  {P1}"
        assert starts(lines[2:], "{P") == [27, 27, 27]

    @given(rows=st.lists(st.tuples(CELL, CELL), min_size=1, max_size=6))
    def test_every_column_starts_at_one_terminal_column(self, rows: list[tuple[str, str]]) -> None:
        """Whatever the cells hold, the last column starts at the same place on every line,
        the header's included."""
        lines = table_lines(
            ("first", "second", "last"), [(a, b, f"§{i}") for i, (a, b) in enumerate(rows)]
        )
        positions = starts([lines[0]], "last") + [
            starts([line], f"§{i}")[0] for i, line in enumerate(lines[2:])
        ]
        assert len(set(positions)) == 1
        assert len(lines) == len(rows) + 2


class TestCells:
    def test_a_long_chinese_cell_is_cut_to_eighty_columns(self) -> None:
        (_, _, row) = table_lines(("summary",), [("滚筒洗衣机使用两周后脱水时异响严重" * 5,)])
        assert row.endswith(ELLIPSIS)
        assert display_width(row) == CELL_COLUMNS - 1  # 39 characters and the ellipsis

    def test_none_is_blank_and_a_payload_is_compact_json(self) -> None:
        (_, _, row) = table_lines(("a", "b", "c"), [(None, {"csat": 2, "comment": "满意"}, 7)])
        assert row == '   {"csat":2,"comment":"满意"}  7'

    def test_a_cell_with_a_line_break_or_an_escape_stays_on_its_row(self) -> None:
        lines = table_lines(("message",), [("first\nsecond \x1b[2J",)])
        assert lines[2] == "first second \\x1b[2J"

    def test_no_line_ends_in_spaces_and_an_empty_table_is_its_header(self) -> None:
        out = io.StringIO()
        emit_table(("projection", "lag"), [], out=out)
        assert out.getvalue() == "projection  lag\n----------  ---\n"
