"""The agenda of the partnership (issue 16): events, their pages under /agenda/, and calendar
feeds (RFC 5545) — public per territory and type, personal through a secret address."""
