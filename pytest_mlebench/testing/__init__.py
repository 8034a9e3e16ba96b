"""Helpers for tests and competitions' conformance data; never imported by runtime code."""
