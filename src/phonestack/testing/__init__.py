"""phonestack inside your own tests: ``phonestack.running()`` for any framework, and the
``phonestack`` pytest fixture (see ``phonestack.testing.pytest_plugin``)."""

from .recorder import RecordedRequest
from .server import Zoom, running

__all__ = ["RecordedRequest", "Zoom", "running"]
