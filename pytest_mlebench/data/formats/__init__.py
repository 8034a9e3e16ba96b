"""Raw formats of competition data, each a thin layer over a maintained library (one module per family).

Competition preparers, the integrity audit and test-data builders read and write through these modules;
none of them hand-writes a codec.
"""
