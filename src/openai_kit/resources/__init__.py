"""API resources. Each module holds one area's sync and async resource classes."""
