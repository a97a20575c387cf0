"""The demo: a deterministic simulated quarter of operations."""
