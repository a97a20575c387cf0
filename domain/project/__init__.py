"""Projects: initiation, plan, execution, acceptance and closing, with earned value (DOMAIN §4)."""
