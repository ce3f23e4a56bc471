"""Realtime API types: server events, client secrets."""
