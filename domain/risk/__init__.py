"""Risks: identify, assess on the 5x5 matrix, respond, monitor and review (DOMAIN §6)."""
