"""The base of every domain event and the registry of event types by their stable names."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

import attrs

from domain.shared.actor import Actor

event_types: dict[str, type[Event]] = {}


@attrs.frozen(kw_only=True)
class Event:
    """A fact that happened: when in business time, and who made it happen.

    Subclasses are past-tense facts. Their class name is their stable, public event type; an
    event that changes shape raises `class_version` and gives `upcast_vN_vN+1` functions.
    """

    aggregate_type: ClassVar[str] = ""
    class_version: ClassVar[int] = 1

    occurred_at: datetime
    actor: Actor

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        name = cls.__name__
        known = event_types.get(name)
        if known is not None and known.__qualname__ != cls.__qualname__:
            raise TypeError(f"event type {name} is defined twice")
        event_types[name] = cls

    @classmethod
    def type_name(cls) -> str:
        """The event's public type name, as stored in the log."""
        return cls.__name__


def event_type_named(name: str) -> type[Event]:
    """The event class stored under `name`; KeyError when no such event type exists."""
    return event_types[name]
