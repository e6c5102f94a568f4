"""One module per capability: its tables' statements, its effect handlers and its reads."""
