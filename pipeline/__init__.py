"""French news in, analyst tables out (see SPEC.md): mentions, entities, events."""

__version__ = "0.1.0"
