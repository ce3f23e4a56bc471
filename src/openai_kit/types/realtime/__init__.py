"""Realtime API types: every server and client event (generated from the spec), client secrets, calls."""
