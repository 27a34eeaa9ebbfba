#!/usr/bin/env python
"""Django's command-line utility for Maillage.

A configuration error (malformed DATABASE_URL, missing SECRET_KEY in production...)
is reported on one clear line instead of a traceback.
"""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.dev")
    from hub.settings.env import ConfigError

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    except ConfigError as error:
        sys.stderr.write(f"Erreur de configuration : {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
