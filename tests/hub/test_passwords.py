"""Passwords (issue 20): Argon2id first in production, older hashes rewritten at the next
login. The test settings keep MD5 for speed; these tests put the real list back."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from hub.settings import base

PASSWORD = "un mot de passe de test assez long"


@pytest.fixture
def real_hashers(settings):
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS


def test_argon2id_with_owasp_parameters_is_the_first_hasher(real_hashers):
    encoded = make_password(PASSWORD)
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


@pytest.mark.parametrize(
    "old", ["pbkdf2_sha256", "django.contrib.auth.hashers.Argon2PasswordHasher"]
)
def test_an_older_hash_is_rewritten_at_the_next_login(client, real_hashers, old):
    if old.startswith("django."):
        from django.contrib.auth.hashers import Argon2PasswordHasher

        encoded = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    else:
        encoded = make_password(PASSWORD, hasher=old)
    user = get_user_model().objects.create_user("ancien.hachage", "a@example.org")
    user.password = encoded
    user.save(update_fields=["password"])
    response = client.post(
        "/compte/connexion/", {"username": "ancien.hachage", "password": PASSWORD}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
