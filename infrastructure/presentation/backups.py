"""What a restore put back, for people or machines."""

from __future__ import annotations

import sys
from typing import TextIO

from infrastructure.backup.restore import Restored
from infrastructure.presentation.documents import emit_json


def show_restored(
    restored: Restored, *, store: str, as_json: bool, out: TextIO | None = None
) -> None:
    """The events restored and the digest their chain ends in, each read model rebuilt, and
    how many deadlines the index holds again."""
    if as_json:
        emit_json(
            {
                "restored": restored.entries,
                "digest": restored.digest.to_json(),
                "projections": dict(restored.projections),
                "deadlines": restored.deadlines,
            },
            out=out,
        )
        return
    out = out if out is not None else sys.stdout
    out.write(
        f"restored {restored.entries} event(s) into {store}: position "
        f"{restored.digest.position}, hash {restored.digest.hash}\n"
    )
    for name, count in restored.projections.items():
        out.write(f"{name}: rebuilt from {count} event(s)\n")
    out.write(f"deadlines: {restored.deadlines} running\n")
