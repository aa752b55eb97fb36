"""phonestack: a stateful, self-hostable implementation of the Zoom Phone, Number Management
and SIP Connected Audio REST APIs."""

__version__ = "0.1.0"
