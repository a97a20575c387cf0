"""The command catalogue: every command type, its payload fields, who decides it, and how."""
