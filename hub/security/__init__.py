"""Login hardening: brute-force lockout, second factor for the admin, session timeouts."""
