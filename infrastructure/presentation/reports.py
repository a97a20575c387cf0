"""What an operation did, for people or machines: a deadline sweep, a catch-up or rebuild of the
read models, a verification of the hash chain."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any, TextIO

from application.sweep import SweepReport
from infrastructure.integrity.snapshot_check import SnapshotCheck
from infrastructure.integrity.verify import Verification
from infrastructure.presentation.documents import emit_json
from infrastructure.presentation.tables import emit_table
from infrastructure.serialisation.codec import to_primitive


def show_sweep(report: SweepReport, *, as_json: bool, out: TextIO | None = None) -> None:
    """How many records the sweep examined and each breach event it appended."""
    rows = [
        (b.aggregate_type, str(b.aggregate_id), b.event_type, b.detail) for b in report.breaches
    ]
    if as_json:
        emit_json(
            {
                "examined": report.examined,
                "breaches": [
                    dict(zip(("type", "id", "event", "which"), row, strict=True)) for row in rows
                ],
            },
            out=out,
        )
        return
    out = out if out is not None else sys.stdout
    out.write(f"examined {report.examined}, appended {len(report.breaches)} breach event(s)\n")
    if rows:
        emit_table(("aggregate", "id", "event", "which"), rows, out=out)


def show_applied(
    applied: Mapping[str, int], *, verb: str, as_json: bool, out: TextIO | None = None
) -> None:
    """How many events each projection applied (`verb`: "applied", "rebuilt from")."""
    if as_json:
        emit_json(dict(applied), out=out)
        return
    out = out if out is not None else sys.stdout
    for name, count in applied.items():
        out.write(f"{name}: {verb} {count} event(s)\n")


def show_verification(
    result: Verification,
    snapshots: SnapshotCheck | None = None,
    *,
    as_json: bool,
    out: TextIO | None = None,
) -> None:
    """Whether the chain (and the snapshots, when checked) matched; else the first event, or
    snapshot, that did not."""
    finding = result.finding
    if as_json:
        document: dict[str, Any] = {
            "ok": result.ok and (snapshots is None or snapshots.ok),
            "checked": result.checked,
            "head": result.head.to_json(),
            "finding": to_primitive(finding) if finding else None,
        }
        if snapshots is not None:
            document["snapshots"] = {
                "checked": snapshots.checked,
                "unchecked": snapshots.unchecked,
                "finding": snapshots.finding,
            }
        emit_json(document, out=out)
        return
    write = (out if out is not None else sys.stdout).write
    if finding is None:
        write(f"ok: {result.checked} events verified; head {result.head.position} ")
        write(f"{result.head.hash}\n")
    else:
        write(f"FAILED after {result.checked} good events: {finding.problem}\n")
        write(f"  position {finding.position}")
        if finding.aggregate_id:
            write(f", {finding.event_type} of {finding.aggregate_id} version {finding.version}")
        write("\n")
    if snapshots is not None and snapshots.ok:
        write(f"ok: {snapshots.checked} snapshots match a replay of their events\n")
    elif snapshots is not None:
        write(f"FAILED: {snapshots.finding}\n")
    if snapshots is not None and snapshots.unchecked:
        write(
            f"not checked: {snapshots.unchecked} snapshots, encrypted with a key not given "
            "(the chain above needs no key)\n"
        )
