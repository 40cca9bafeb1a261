"""shapegen: describe wire shapes once in schema/, generate correct code for every language."""

__version__ = "0.1.0"
