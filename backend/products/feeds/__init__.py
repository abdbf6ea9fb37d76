"""A shop's catalog in and out as the feeds Czech and Slovak shops already publish:
Heureka XML (Zboží.cz reads the same shape), Google Merchant RSS, and CSV."""
