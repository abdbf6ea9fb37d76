"""Settings package: `base` (Django itself, importing one module per concern: search, queue,
email, api, security) holds what every environment shares; dev, test and production adjust it."""
