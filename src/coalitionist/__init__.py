"""coalitionist: negotiation and coalition-building analysis."""

__version__ = "0.1.0"
