"""The machinery every capability runs on; it knows no capability."""
