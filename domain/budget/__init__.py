"""Department budgets: compile, review, approve, control and adjust (DOMAIN §5)."""
