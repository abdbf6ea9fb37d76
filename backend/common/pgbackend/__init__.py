"""PostgreSQL for Django with a health check that costs no round trip on a busy connection
(base.py; DATABASES' ENGINE names this package)."""
