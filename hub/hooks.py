"""How `hub/` reaches the apps above it without importing them.

`hub/` is the ground floor: settings, URLs, the access policy, accounts, spaces, privacy,
backup. The apps above it (`search/`, then `directory/` and `guide/`) register what hub
must know of them with Wagtail's hooks (`wagtail.hooks.register`), in their own
`wagtail_hooks.py`, which Wagtail imports once at start-up; hub asks with `collect` or
`first`. Hub never imports them (`tests/test_layers.py` reads the import graph).

Every hook name Maillage uses is listed here with its contract, so that a newcomer finds
them in one place. A name not listed here is a bug.
"""

from wagtail import hooks

# Each hook's name, and what a function registered under it receives and returns.
HOOKS: dict[str, str] = {}


def declare(name: str, contract: str) -> str:
    """Declare a hook name (at import of this module) and return it."""
    HOOKS[name] = contract
    return name


def collect(name: str) -> list:
    """Every function registered under `name`, in their `order`."""
    if name not in HOOKS:
        raise KeyError(f"Unknown Maillage hook: {name!r} (declare it in hub/hooks.py)")
    return list(hooks.get_hooks(name))


def first(name: str):
    """The one function registered under `name` (the hooks that take a single provider),
    or None when no app registered one."""
    found = collect(name)
    return found[0] if found else None
