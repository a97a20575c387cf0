"""How results look to people (aligned tables) and to machines (JSON), for the CLI and the demo."""
