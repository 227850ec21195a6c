"""Who a request comes from, as the sign-in gate decided it (``search_app.web.signin``): kept in the WSGI
environ for the templates (the account's name, the sign-out form's CSRF token) and the audit log."""

from __future__ import annotations

from dataclasses import dataclass

import bottle

from indexer.access import ANONYMOUS, Viewer

ENVIRON_KEY = "jianbao.identity"


@dataclass(frozen=True)
class Identity:
    viewer: Viewer
    how: str  # "local" (no accounts: this machine's operator), "session", "token", "proxy", "anonymous"
    cookie: str | None = None  # the session cookie's value, for signing out
    csrf: str = ""  # the token the page's forms carry (the CSRF cookie's value)

    @property
    def shown_name(self) -> str | None:
        """The name the page header shows (none for nobody signed in, or the local operator)."""
        return self.viewer.name if self.how in ("session", "proxy") else None

    @property
    def actor(self) -> str | None:
        return self.viewer.name if self.how != "local" else "本机"


NOBODY = Identity(ANONYMOUS, "anonymous")


def current() -> Identity:
    """This request's identity (nobody signed in, outside a request or before the gate ran)."""
    try:
        found = bottle.request.environ.get(ENVIRON_KEY)
    except RuntimeError:
        return NOBODY
    return found if isinstance(found, Identity) else NOBODY
