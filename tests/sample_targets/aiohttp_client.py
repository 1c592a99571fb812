"""A clean implementation that sends with aiohttp (no defect).

Graded in-process, its sends cannot be intercepted as requests' and httpx's are: they
must reach the fake Graph API over its loopback URL and be graded like the reference's.
Each send runs its own event loop, as a synchronous app calling an async client does.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp

from harness.reference.graph_client import SEND_TIMEOUT_SECONDS, GraphClient, SendResult
from harness.reference.records import is_user_id

from . import _base
from ._answers import Answer, message_id, refusal
from ._base import build_draft_card, build_opportunity_card, parse_button_reply

__all__ = [
    "build_draft_card",
    "build_opportunity_card",
    "control",
    "create_app",
    "parse_button_reply",
]


class AiohttpGraphClient(GraphClient):
    def send(self, to: str, message: dict[str, Any]) -> SendResult:
        field = "recipient" if is_user_id(to) else "to"  # a BSUID goes in "recipient"
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", field: to}
        body.update(message)
        try:
            answer = asyncio.run(self._post(body))
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            return SendResult(ok=False, error_message=f"network error: {type(exc).__name__}")
        if not 200 <= answer.status < 300:
            return refusal(answer)
        return SendResult(ok=True, message_id=message_id(answer), http_status=answer.status)

    async def _post(self, body: dict[str, Any]) -> Answer:
        headers = {"Authorization": f"Bearer {self._settings.access_token}"}
        timeout = aiohttp.ClientTimeout(total=SEND_TIMEOUT_SECONDS)
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.post(self.messages_url, json=body, headers=headers) as response,
        ):
            return Answer(response.status, await response.read())


create_app, control = _base.interface(client_class=AiohttpGraphClient)
