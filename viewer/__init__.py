"""drugview: an offline drug-information viewer for clinicians."""

__version__ = "0.1.0"
