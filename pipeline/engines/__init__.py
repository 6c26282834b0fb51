"""Translation engines (``base``: the protocol) and the registry that builds them by name.

``registry.make_engine("auto" | "argos" | "apertium", **options)``; ``argos/``
holds the Argos engine and its model management, ``apertium`` the rule-based one.
"""
