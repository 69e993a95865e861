"""Settings, read from the environment with documented defaults."""
