"""Sales orders: negotiation, contract review and signing, fulfilment and cash (DOMAIN §2)."""
