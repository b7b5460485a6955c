"""Blueprints, one per audience or job."""
