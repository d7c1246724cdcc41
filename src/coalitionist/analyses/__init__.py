"""Scenario-level façades over the numeric packages, and the brief sections they contribute."""
