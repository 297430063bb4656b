"""cockpit: a full-screen terminal incident cockpit."""

__version__ = "0.1.0"
