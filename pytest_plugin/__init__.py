"""pytest plugin for openai-kit: fixtures wired to the mock server, cassettes and fault markers."""
