"""Stored topics are event type names, never module paths."""

from __future__ import annotations

from infrastructure.opsledger import Opsledger
from tests.infrastructure.mapper.probe_events import MAPPER, probe, recorded, register


class TestTopicsAreEventTypeNames:
    """Stored topics are the public event type names, never module paths, so moving a class
    never breaks stored data."""

    def test_a_complaint_event_is_stored_under_its_name(self, shared_ledger: Opsledger) -> None:
        """ComplaintReceived is stored with topic "ComplaintReceived"."""
        complaint_id = register(shared_ledger)
        (stored_event,) = shared_ledger.ledger.recorder.select_events(complaint_id)
        assert stored_event.topic == "ComplaintReceived"

    def test_no_stored_topic_is_a_module_path(self, shared_ledger: Opsledger) -> None:
        """Every topic in the log, the command records' included, is a bare class name."""
        register(shared_ledger)
        notifications = shared_ledger.ledger.recorder.select_notifications(start=None, limit=10**6)
        topics = {notification.topic for notification in notifications}
        assert {"ComplaintReceived", "CommandHandled"} <= topics
        assert all(topic.isidentifier() for topic in topics), topics

    def test_a_test_event_topic_is_its_class_name(self) -> None:
        """The mapper names any event by its type name alone."""
        assert MAPPER.to_stored_event(recorded(probe())).topic == "MapperProbeRecorded"
