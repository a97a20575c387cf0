"""The pure business model of opsledger: values, events, state and decisions; no I/O."""
