"""orjson as the library's transcoder: JSON primitives to bytes and back."""

from __future__ import annotations

from typing import Any

import orjson
from eventsourcing.persistence import Transcoder


class OrjsonTranscoder(Transcoder):
    """Encodes the JSON primitives our mapper produces; types are decided by the mapper."""

    def encode(self, obj: Any) -> bytes:
        return orjson.dumps(obj)

    def decode(self, data: bytes) -> Any:
        return orjson.loads(data)
