"""Streamlit's own server sends the app's security headers: the middleware for an `st.App` that serves app.py."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from components.domain.security_headers import (
    frame_ancestors_from,
    host_config_json,
    is_host_config,
    is_private,
    security_headers,
    tile_host_from,
)
from components.domain.settings import settings_from


class SecurityHeaders:
    """ASGI middleware: `headers` on every HTTP answer (Streamlit's own refusals too); 404 for the private paths;
    the app's own host settings instead of Streamlit's (security_headers.HOST_CONFIG).

    The websocket's handshake is left alone: a policy governs documents, not the socket.
    """

    def __init__(self, app: ASGIApp, headers: Mapping[str, str]) -> None:
        self.app = app
        self.headers = dict(headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if is_private(scope["path"]):
            await PlainTextResponse("Not Found", status_code=404, headers=self.headers)(scope, receive, send)
            return
        if is_host_config(scope["path"]) and scope["method"] in ("GET", "HEAD"):
            answer = Response(
                host_config_json(),
                media_type="application/json",
                headers={**self.headers, "Cache-Control": "no-cache"},
            )
            await answer(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def security_middleware() -> list[Middleware]:
    """The middleware for `st.App`: the same headers as deploy/ for how the app was started (offline: no tiles).

    Streamlit 1.67's `streamlit run` serves a script that assigns an `st.App` with Starlette (uvicorn), this
    middleware before its own (https://docs.streamlit.io/develop/api-reference/server/st.app); a plain
    script's server has no hook. uvicorn imports that script as a module, outside any session, so app.py
    assigns its `st.App` only then and runs its page only as a session's script (`__main__`), with the
    page's modules imported inside it: a custom component (the map) declared at that first import would
    never reach the running server's registry (a 404 for the map's frame). This module imports no
    component for the same reason.
    """
    offline = settings_from(sys.argv[1:], os.environ).offline
    headers = security_headers(tile_host_from(offline, os.environ), frame_ancestors_from(os.environ))
    return [Middleware(SecurityHeaders, headers=headers)]
