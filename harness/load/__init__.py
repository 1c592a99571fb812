"""``wa-harness load``: Meta-like webhook traffic at rate, on Locust, judged afterwards.

Only ``harness.load.swarm`` imports Locust (which monkey-patches the process with gevent);
it runs in a process of its own, started by ``harness.load.orchestrate``.
"""
