"""pantry: a small async inventory service, the code under test of the aliased suites."""
