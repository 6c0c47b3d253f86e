"""The only modules that read or write files."""
