"""Choosing and opening the event store named by one URL."""
