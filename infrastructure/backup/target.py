"""What a restore writes into: the empty log of one store, filled in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from infrastructure.backup.format import Entry

#: Store these entries, in order, after the ones before them (same transaction).
Append = Callable[[Sequence[Entry]], None]
