"""Customer complaint handling (DOMAIN §3): receive, acknowledge, classify, assign, resolve."""
