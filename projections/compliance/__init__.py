"""Compliance history (DOMAIN §7): every rule breach as a finding with when it opened and
closed, derived from business time whether a sweep noticed it or late-entered facts show it."""
