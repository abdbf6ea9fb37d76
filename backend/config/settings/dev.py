"""Local development: DEBUG on by default and a throwaway SECRET_KEY."""
from config.env import env
from config.settings.base import *  # noqa: F401,F403

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-secret-key")
# Serve static files straight from the apps; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
