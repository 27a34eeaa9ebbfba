"""The password hasher of the hub (issue 20): Argon2id with OWASP's minimum parameters.

Django's own Argon2 hasher asks for 100 MiB of memory and 8 lanes per hash: on a small
server that is still about half a second of CPU per login under load, as much as PBKDF2.
OWASP's Password Storage Cheat Sheet gives, for Argon2id, a minimum of 19 MiB of memory,
2 iterations and 1 lane: tens of milliseconds (docs/benchmarks.md), still memory-hard
against guessing on graphics cards. Hashes made with other parameters (Django's, or
these once raised) are rewritten at the person's next login (`must_update`), as are
PBKDF2 hashes (the hasher is no longer the first of PASSWORD_HASHERS).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class MaillageArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
