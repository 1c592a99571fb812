"""Ways to reach an implementation: a Python module, a WSGI/ASGI app, or an HTTP server."""

from __future__ import annotations
