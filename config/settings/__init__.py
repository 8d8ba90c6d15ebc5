"""Settings modules: base (shared), dev, test, production."""
