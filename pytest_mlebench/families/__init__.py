"""Preparation shared by sibling competitions that MLE-bench prepares with the same steps (one per module)."""
