"""Shopper-facing search endpoints (thin: validation, then selectors)."""
