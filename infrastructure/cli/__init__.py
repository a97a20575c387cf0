"""The `opsledger` command line."""
