"""Exploration: generated conversations judged by the design's rules, shrunk and replayed."""
