"""The audit bundle: the log exported as JSON lines, its digest, and a verifier that needs
nothing but Python's standard library."""
