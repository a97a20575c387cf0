"""Text measured and shaped as a terminal shows it: Chinese takes two columns, marks none."""

# ruff: noqa: RUF001 - full-width punctuation is what these tests measure

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infrastructure.presentation.terminal import ELLIPSIS, cut, display_width, one_line, pad

#: Printable text of every width: ASCII, Chinese, full-width forms, combining marks, emoji.
TEXT = st.lists(
    st.sampled_from([*"abc XYZ019-", *"投诉处理客户满意", *"，。（）ＡＢ", "e\u0301", "😡"])
).map("".join)


class TestDisplayWidth:
    @pytest.mark.parametrize(
        ("text", "columns"),
        [
            ("", 0),
            ("ComplaintReceived", 17),
            ("扫地机器人", 10),
            ("满意，谢谢", 10),  # full-width comma: two columns
            ("WF-800 共 37 台", 15),
            ("ＡＢＣ", 6),  # full-width Latin letters
            ("ｱｲｳ", 3),  # half-width katakana
            ("café", 4),  # precomposed é
            ("cafe\u0301", 4),  # e + combining acute accent
            ("a\u200db", 2),  # zero-width joiner
            ("한국", 4),
            ("\u1100\u1161\u11a8", 2),  # conjoining jamo make one syllable
            ("😡", 2),
            (ELLIPSIS, 1),
        ],
    )
    def test_counts_the_columns_a_terminal_uses(self, text: str, columns: int) -> None:
        assert display_width(text) == columns


class TestCut:
    def test_ascii_text_over_the_limit_keeps_one_column_less_and_an_ellipsis(self) -> None:
        """The cut an English cell has always had: 80 columns, the last one "…"."""
        assert cut("x" * 81, 80) == "x" * 79 + ELLIPSIS
        assert cut("x" * 80, 80) == "x" * 80

    def test_chinese_text_is_cut_by_columns_not_characters(self) -> None:
        """Fifty Chinese characters are a hundred columns: cut to 39 of them and the ellipsis."""
        text = "客" * 50
        assert cut(text, 80) == "客" * 39 + ELLIPSIS
        assert display_width(cut(text, 80)) == 79  # a wide character never straddles the edge

    def test_a_combining_mark_stays_with_its_letter(self) -> None:
        assert cut("cafe\u0301 au lait", 5) == "cafe\u0301" + ELLIPSIS

    @given(text=TEXT, columns=st.integers(min_value=1, max_value=40))
    def test_never_wider_than_asked_and_always_a_prefix(self, text: str, columns: int) -> None:
        shown = cut(text, columns)
        assert display_width(shown) <= columns
        if display_width(text) <= columns:
            assert shown == text
        else:
            assert shown.endswith(ELLIPSIS)
            assert text.startswith(shown.removesuffix(ELLIPSIS))


class TestPad:
    @given(text=TEXT, columns=st.integers(min_value=0, max_value=60))
    def test_pads_to_the_columns_asked_or_leaves_wider_text(self, text: str, columns: int) -> None:
        padded = pad(text, columns)
        assert padded.startswith(text)
        assert display_width(padded) == max(columns, display_width(text))

    def test_chinese_text_gets_half_the_spaces(self) -> None:
        assert pad("满意", 6) == "满意  "


class TestOneLine:
    @pytest.mark.parametrize(
        ("text", "shown"),
        [
            ("first\nsecond", "first second"),
            ("first\r\nsecond", "first  second"),
            ("a\tb", "a b"),
            ("a\u2028b\u2029c", "a b c"),  # Unicode line and paragraph separators
            ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),  # no colours, no cursor moves
            ("\x07bell\x7f", "\\x07bell\\x7f"),
            ("\x9bcsi", "\\x9bcsi"),  # the one-byte control sequence introducer
            ("paid \u202e0001", "paid \\u202e0001"),  # a right-to-left override shows as such
            ("客户\u3000满意", "客户\u3000满意"),  # an ideographic space is text
            ("a\u200db", "a\u200db"),  # a zero-width joiner is harmless
            ("plain text", "plain text"),
        ],
    )
    def test_controls_are_shown_never_obeyed(self, text: str, shown: str) -> None:
        assert one_line(text) == shown

    @given(text=st.text())
    def test_any_text_becomes_one_line_without_controls(self, text: str) -> None:
        """Whatever was stored, nothing printed is a control, a line break or a bidi override."""
        assert not [char for char in one_line(text) if _obeyed(char)]


def _obeyed(char: str) -> bool:
    """A character a terminal acts on rather than shows."""
    bidi = 0x202A <= ord(char) <= 0x202E or 0x2066 <= ord(char) <= 0x2069
    return bidi or unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp")
