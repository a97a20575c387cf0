"""Progress of a backup or restore: one line redrawn on a terminal's standard error, nothing
at all when standard error is a file or a pipe."""

from __future__ import annotations

import io

from infrastructure.presentation.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class TestProgress:
    def test_drawn_in_place_on_a_terminal(self) -> None:
        terminal = Terminal()
        progress = Progress("backup", stream=terminal)

        progress(1000, 2500)
        progress(2500, 2500)
        progress.finish()

        assert terminal.getvalue() == ("\rbackup: 1,000/2,500 events\rbackup: 2,500/2,500 events\n")

    def test_silent_elsewhere(self) -> None:
        redirected = io.StringIO()
        progress = Progress("restore", stream=redirected)

        progress(1000, 2500)
        progress.finish()

        assert redirected.getvalue() == ""
