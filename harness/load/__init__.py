"""``wa-harness load``: Meta-like webhook traffic at rate, on Locust, judged afterwards.

Only the Locust side (``swarm``, ``charts`` and the HTTP client ``wire``) imports Locust or
gevent (Locust's import monkey-patches the process); it runs in a process of its own,
started by ``harness.load.orchestrate``.
"""
