"""The catalogue refuses, before anything runs, declarations that contradict each other."""

from __future__ import annotations

from typing import Any, ClassVar

import attrs
import pytest

from application.commands.catalogue import COMMANDS, KIND_OF, KINDS, CatalogueError, check
from application.commands.payloads import NoPayload
from application.commands.spec import CommandSpec, who
from application.kinds import AggregateKind
from domain.shared.actor import Role
from domain.shared.events import Event, event_types


def _spec(command_type: str, *, creates: bool = False) -> CommandSpec:
    return CommandSpec(
        type=command_type,
        payload=NoPayload,
        who=who(Role.OPERATIONS),
        decide=lambda state, context, payload: [],
        creates=creates,
    )


def _kind(name: str, *specs: CommandSpec) -> AggregateKind:
    return AggregateKind(
        name=name,
        evolve=lambda state, event: state,
        created_by=(),
        state_class=object,
        commands=specs,
    )


class TestTheCatalogueRefuses:
    def test_a_command_type_declared_twice(self) -> None:
        first = _kind("widget", _spec("widget.make", creates=True))
        again = _kind("gadget", _spec("gadget.make", creates=True), _spec("widget.make"))
        with pytest.raises(CatalogueError, match=r"declared twice: widget\.make"):
            check({"widget": first, "gadget": again})

    def test_a_command_of_another_kind(self) -> None:
        kind = _kind("widget", _spec("widget.make", creates=True), _spec("gadget.turn"))
        with pytest.raises(CatalogueError, match="another kind"):
            check({"widget": kind})

    def test_a_kind_nothing_creates(self) -> None:
        with pytest.raises(CatalogueError, match="no command that creates it"):
            check({"widget": _kind("widget", _spec("widget.turn"))})

    def test_an_event_without_an_aggregate_type(self) -> None:
        @attrs.frozen(kw_only=True)
        class Floated(Event):
            aggregate_type: ClassVar[str] = ""

        try:
            with pytest.raises(CatalogueError, match="without an aggregate type: Floated"):
                check({"widget": _kind("widget", _spec("widget.make", creates=True))})
        finally:
            event_types.pop("Floated", None)

    def test_an_event_name_used_twice(self) -> None:
        """The event registry refuses a second class under a name already stored."""
        with pytest.raises(TypeError, match="defined twice"):

            @attrs.frozen(kw_only=True)
            class ComplaintReceived(Event):
                aggregate_type: ClassVar[str] = "complaint"


class TestTheProductionCatalogue:
    def test_it_passes_its_own_checks(self) -> None:
        check(KINDS)

    def test_every_command_belongs_to_the_kind_it_is_listed_under(self) -> None:
        for command_type, spec in COMMANDS.items():
            kind: Any = KIND_OF[command_type]
            assert spec in kind.commands
            assert command_type.split(".")[0] == kind.name
