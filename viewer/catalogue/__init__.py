"""Qt-free catalogue storage: schema, read-only store, atomic build."""
