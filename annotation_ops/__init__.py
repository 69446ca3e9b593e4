"""Annotation Ops Warehouse: the Python side (sample-data generator, loaders, CLI)."""
