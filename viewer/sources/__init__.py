"""Qt-free importers: each turns one source format into plain records for the build."""
