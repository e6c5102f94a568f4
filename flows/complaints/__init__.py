"""Complaints: residents report problems; the village desk tracks each case to its end."""
