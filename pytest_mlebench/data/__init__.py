"""Data: download, checksums, layout, preparation and raw formats."""
