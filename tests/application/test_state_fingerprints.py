"""Every aggregate's state class is fingerprinted, so that changing its shape without raising
its kind's `state_version` fails here instead of feeding old snapshots to the new shape.

A snapshot stores a state as it was shaped when it was taken, tagged with its kind's
`state_version`; the snapshot reader uses a snapshot only when the version still matches. The
fingerprint covers the shape: every attrs field's name, type and default, in order, and the same
for each attrs class and enum those types name (enum members by name and value), recursively.
"""

from __future__ import annotations

import enum
import hashlib
import sys
import types
import typing
from typing import Any

import attrs
import pytest

from application.commands.catalogue import KINDS

#: kind name -> (its state_version, the fingerprint of its state class's shape at that version).
#: When a test below fails, it prints the row to write here.
STATE_FINGERPRINTS: dict[str, tuple[int, str]] = {
    "complaint": (1, "72e56398b75b4bb43ded3fa596de4f3cc5119ced1dd7be1a6ba44a8fabac6844"),
    "order": (1, "f74c2137819ad13474a904a267aa40f67d56f0965a801dd69e4f2f554bbd174d"),
    "project": (1, "6c589293e165f2c49fbbd469e72f4d84573bd0a76ebe94e54bc6b86694d45c4c"),
    "budget": (1, "7735c0d8f974f13eb1f9bdd92ea192bc93259281d7b8e4952c1273254dc65953"),
    "risk": (1, "06fe6a55bcad58f3a3e5ab8e6160b47b354195cd75d61d999d14f9c46b370438"),
    "rectification": (1, "c192f123a1c6b28b51b7995dbeb299bb3e9901356a20462317f0980e9c5d48a9"),
}

Shape = dict[str, Any]


def shape(state_class: type) -> Shape:
    """The shape of an attrs class and of every attrs class and enum its fields' types name."""
    classes: dict[str, list[list[str]]] = {}
    enums: dict[str, list[list[str]]] = {}
    pending: list[type] = [state_class]
    while pending:
        cls = pending.pop()
        name = _qualified(cls)
        if name in classes or name in enums:
            continue
        if isinstance(cls, enum.EnumMeta):
            members: list[enum.Enum] = list(cls)
            enums[name] = [[member.name, repr(member.value)] for member in members]
            continue
        hints = typing.get_type_hints(cls)
        classes[name] = []
        for field in attrs.fields(cls):
            hint = hints[field.name]
            classes[name].append([field.name, _type_name(hint), _default(field)])
            pending.extend(
                named
                for named in _named_types(hint)
                if attrs.has(named) or isinstance(named, enum.EnumMeta)
            )
    return {"state": _qualified(state_class), "classes": classes, "enums": enums}


def fingerprint(state_class: type) -> str:
    """SHA-256 of the shape, as canonical JSON."""
    return _digest(shape(state_class))


def _digest(described: Shape) -> str:
    return hashlib.sha256(text(described).encode()).hexdigest()


def text(described: Shape) -> str:
    """The shape as the lines the fingerprint is taken over: each class with its fields in
    order, each enum with its members, classes and enums sorted by name."""
    lines = [f"state {described['state']}"]
    for name, fields in sorted(described["classes"].items()):
        lines.append(f"class {name}")
        lines.extend(f"    {field}: {hint} = {default}" for field, hint, default in fields)
    for name, members in sorted(described["enums"].items()):
        lines.append(f"enum {name}")
        lines.extend(f"    {member} = {value}" for member, value in members)
    return "\n".join(lines)


def _qualified(cls: Any) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _type_name(hint: Any) -> str:
    """`datetime.datetime | None` as `types.UnionType[datetime.datetime, None]`, whatever way
    the module imported or spelled it."""
    if hint is type(None):
        return "None"
    if hint is Ellipsis:
        return "..."
    origin = typing.get_origin(hint)
    if origin is not None:
        arguments = ", ".join(_type_name(argument) for argument in typing.get_args(hint))
        return f"{_type_name(origin)}[{arguments}]"
    if isinstance(hint, type):
        return _qualified(hint)
    return repr(hint)


def _named_types(hint: Any) -> list[type]:
    """The classes a type hint names, its arguments included (`frozenset[SlaKind]`)."""
    found = [hint] if isinstance(hint, type) and typing.get_origin(hint) is None else []
    for argument in typing.get_args(hint):
        found.extend(_named_types(argument))
    return found


def _default(field: attrs.Attribute[Any]) -> str:
    default: Any = field.default
    if default is attrs.NOTHING:
        return "(required)"
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        made = "(made from self)" if default.takes_self else repr(default.factory())
        return f"factory: {made}"
    return repr(default)


class TestEveryStateClassHasTheFingerprintOfItsVersion:
    """For every kind in the catalogue, the table holds its state_version and the fingerprint
    of its state class at that version."""

    @pytest.mark.parametrize("name", sorted(KINDS))
    def test_the_shape_is_the_one_recorded_for_its_version(self, name: str) -> None:
        kind = KINDS[name]
        version, found = kind.state_version, fingerprint(kind.state_class)
        row = f"    {name!r}: ({version}, {found!r}),"
        assert name in STATE_FINGERPRINTS, (
            f"the kind {name!r} has no row in STATE_FINGERPRINTS "
            f"(tests/application/test_state_fingerprints.py): add its row\n{row}"
        )
        recorded_version, recorded = STATE_FINGERPRINTS[name]

        assert version >= recorded_version, (
            f"{name}: state_version went down from {recorded_version} to {version}; "
            "it only ever goes up"
        )
        if version == recorded_version:
            assert found == recorded, (
                f"the state class of {name!r} ({_qualified(kind.state_class)}) changed shape, "
                f"but state_version is still {version}, so snapshots taken before the change "
                f"would be read into the new shape. Raise state_version to {version + 1} in "
                f"the kind's declaration (application/commands/{name}.py) and set its row in "
                f"STATE_FINGERPRINTS to\n    {name!r}: ({version + 1}, {found!r}),\n"
                f"The shape now:\n{text(shape(kind.state_class))}"
            )
        else:
            pytest.fail(
                f"{name}: state_version is now {version}, the table says {recorded_version}; "
                f"set its row in STATE_FINGERPRINTS to\n{row}"
            )

    def test_the_table_names_only_kinds_the_catalogue_has(self) -> None:
        assert set(STATE_FINGERPRINTS) <= set(KINDS), "remove the rows of kinds that are gone"


# --- the fingerprint itself ----------------------------------------------------------------------

#: A state class with a nested attrs class, an enum inside an optional and inside a frozenset,
#: and a factory default, its annotations postponed like the domain's.
TOY = """
from __future__ import annotations

import enum
import attrs

class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"

@attrs.frozen
class Part:
    size: int = 1

@attrs.frozen
class Thing:
    name: str
    part: Part | None = None
    colour: Colour | None = None
    tags: frozenset[Colour] = attrs.field(factory=frozenset)
"""


def shape_of(source: str = TOY) -> Shape:
    """The shape of the `Thing` of `source`, defined in a module named `toy`."""
    module = types.ModuleType("toy")
    sys.modules["toy"] = module  # where get_type_hints looks up the postponed annotations
    try:
        exec(source, module.__dict__)
        return shape(module.Thing)
    finally:
        del sys.modules["toy"]


def fingerprint_of(source: str = TOY) -> str:
    return _digest(shape_of(source))


class TestTheFingerprintSeesEveryChangeOfShape:
    """Any change to a field, a nested class or an enum changes the fingerprint."""

    @pytest.mark.parametrize(
        ("before", "after"),
        [
            pytest.param("    name: str\n", "    label: str\n", id="a field renamed"),
            pytest.param("    name: str\n", "    name: bytes\n", id="a field's type"),
            pytest.param(
                "    name: str\n", "    name: str\n    age: int = 0\n", id="a field added"
            ),
            pytest.param("    colour: Colour | None = None\n", "", id="a field removed"),
            pytest.param(
                "    part: Part | None = None\n    colour: Colour | None = None\n",
                "    colour: Colour | None = None\n    part: Part | None = None\n",
                id="fields reordered",
            ),
            pytest.param("part: Part | None = None", "part: Part | None = Part()", id="a default"),
            pytest.param(
                "factory=frozenset", "factory=lambda: frozenset({Colour.RED})", id="a factory"
            ),
            pytest.param(
                "    size: int = 1\n", "    size: float = 1\n", id="a nested class's field"
            ),
            pytest.param('    BLUE = "blue"\n', '    GREEN = "green"\n', id="an enum member"),
            pytest.param('BLUE = "blue"', 'BLUE = "navy"', id="an enum value"),
            pytest.param("tags: frozenset[Colour]", "tags: tuple[Colour, ...]", id="a container"),
        ],
    )
    def test_a_change_changes_the_fingerprint(self, before: str, after: str) -> None:
        assert before in TOY

        assert fingerprint_of(TOY.replace(before, after)) != fingerprint_of()

    def test_an_enum_inside_a_container_is_described(self) -> None:
        described = shape_of()

        assert described["enums"] == {"toy.Colour": [["RED", "'red'"], ["BLUE", "'blue'"]]}
        assert set(described["classes"]) == {"toy.Thing", "toy.Part"}

    def test_methods_and_docstrings_leave_it_alone(self) -> None:
        behaviour = TOY.replace(
            "    name: str\n",
            '    """A thing."""\n\n    name: str\n\n    def shout(self) -> str:\n'
            "        return self.name.upper()\n",
        )

        assert fingerprint_of(behaviour) == fingerprint_of()

    def test_the_same_shape_gives_the_same_fingerprint(self) -> None:
        assert fingerprint_of() == fingerprint_of()
