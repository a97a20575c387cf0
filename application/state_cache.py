"""Recently decided aggregates kept in memory, checked by the store before they are trusted."""

# A command usually needs no read before its append. The cache is only trusted where the store
# checks it: an append conditions on the version, and a refusal is always confirmed against the
# stored state.

from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from uuid import UUID

from application.ledger import Loaded

DEFAULT_SIZE = 10_000


class StateCache:
    """A bounded least-recently-used map from (aggregate kind, id) to its loaded state."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self._size = size
        self._entries: OrderedDict[tuple[str, UUID], Loaded] = OrderedDict()
        self._lock = Lock()

    def get(self, kind: str, aggregate_id: UUID) -> Loaded | None:
        with self._lock:
            loaded = self._entries.get((kind, aggregate_id))
            if loaded is not None:
                self._entries.move_to_end((kind, aggregate_id))
            return loaded

    def put(self, kind: str, aggregate_id: UUID, loaded: Loaded) -> None:
        if self._size <= 0:
            return
        with self._lock:
            self._entries[(kind, aggregate_id)] = loaded
            self._entries.move_to_end((kind, aggregate_id))
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def evict(self, kind: str, aggregate_id: UUID) -> None:
        with self._lock:
            self._entries.pop((kind, aggregate_id), None)
