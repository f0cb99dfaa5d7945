"""Helpers of the Python reliability tests (test_reliability_*.py): sizes, batch layout, child scripts."""
