"""The pieces of ``scripts/gen_types.py``: the spec's schema nodes and the map that names
them (:mod:`.spec`), and the rendering of one module (:mod:`.writer`)."""
