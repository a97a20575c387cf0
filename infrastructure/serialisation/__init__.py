"""Turning events into stored bytes and back, exactly."""
