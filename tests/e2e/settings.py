"""Settings of the server the browser tests drive: the development settings, plus
- the folder of the file e-mail backend, which they cannot take from the environment;
- the admin's Content-Security-Policy, as production sends it, so that every journey
  through Wagtail's admin runs under it (tests/e2e/test_admin_csp.py checks it).

`hub/settings/base.py` reads EMAIL_BACKEND from the environment but not EMAIL_FILE_PATH,
which Django's `filebased.EmailBackend` needs: the browser tests read the approval e-mail
(and its password link) from that folder.
"""

from hub.settings.dev import *  # noqa: F403
from hub.settings.dev import MIDDLEWARE, VAR_DIR
from hub.settings.env import env_str
from hub.settings.security import SECURITY_MIDDLEWARE, admin_content_security_policy

EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mails"))

MAILLAGE_ADMIN_CONTENT_SECURITY_POLICY = admin_content_security_policy()
MIDDLEWARE = list(MIDDLEWARE)
MIDDLEWARE.insert(
    MIDDLEWARE.index(SECURITY_MIDDLEWARE) + 1,
    "hub.security.csp.AdminContentSecurityPolicyMiddleware",
)
