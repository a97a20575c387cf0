"""Tamper evidence: every stored event chained to the one before it by SHA-256."""
