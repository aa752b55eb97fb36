"""phonestack: a stateful, self-hostable implementation of the Zoom Phone, Number Management
and SIP Connected Audio REST APIs."""

__version__ = "0.1.0"


def running(*args, **kwargs):  # noqa: ANN002, ANN003, ANN201
    """``with phonestack.running() as zoom:`` a server in a thread; see :func:`phonestack.testing.running`."""
    from .testing import running as _running

    return _running(*args, **kwargs)
