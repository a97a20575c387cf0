"""Our own tables beside the log: read models, projection positions, the legacy security log."""
