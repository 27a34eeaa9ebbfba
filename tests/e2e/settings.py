"""Settings of the server the browser tests drive: the development settings, plus the one
thing they cannot take from the environment, the folder of the file e-mail backend.

`hub/settings/base.py` reads EMAIL_BACKEND from the environment but not EMAIL_FILE_PATH,
which Django's `filebased.EmailBackend` needs: the browser tests read the approval e-mail
(and its password link) from that folder.
"""

from hub.settings.dev import *  # noqa: F403
from hub.settings.dev import VAR_DIR
from hub.settings.env import env_str

EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mails"))
