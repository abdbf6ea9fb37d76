"""Reads: search results (Elasticsearch or PostgreSQL), facet labels, sync backlog."""
