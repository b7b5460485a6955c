"""The domain core: the six challenge areas and everything about contributions to them.

Nothing in this package imports Flask; the web shell in ``portal`` passes the actor in.
"""
