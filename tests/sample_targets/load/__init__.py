"""Implementations whose defects only show under load: ``wa-harness load`` must catch them."""
