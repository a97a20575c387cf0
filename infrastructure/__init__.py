"""Everything that touches the outside: stores, serialisation, read-model tables, CLI."""
