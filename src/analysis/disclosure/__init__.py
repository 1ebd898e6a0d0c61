"""Disclosure control of published tables."""
