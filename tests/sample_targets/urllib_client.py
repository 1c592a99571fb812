"""A clean implementation that sends with the standard library's urllib (no defect).

Graded in-process, its sends cannot be intercepted as requests' and httpx's are: they
must reach the fake Graph API over its loopback URL and be graded like the reference's.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

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


class UrllibGraphClient(GraphClient):
    def send(self, to: str, message: dict[str, Any]) -> SendResult:
        field = "recipient" if is_user_id(to) else "to"  # a BSUID goes in "recipient"
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", field: to}
        body.update(message)
        request = urllib.request.Request(
            self.messages_url,
            data=json.dumps(body).encode("utf-8"),
            headers={
                "Authorization": f"Bearer {self._settings.access_token}",
                "Content-Type": "application/json",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=SEND_TIMEOUT_SECONDS) as response:
                answer = Answer(response.status, response.read())
        except urllib.error.HTTPError as exc:
            # urllib raises for every non-2xx answer; Meta's error envelope is its body.
            return refusal(Answer(exc.code, exc.read()))
        except (urllib.error.URLError, OSError) as exc:
            return SendResult(ok=False, error_message=f"network error: {type(exc).__name__}")
        return SendResult(ok=True, message_id=message_id(answer), http_status=answer.status)


create_app, control = _base.interface(client_class=UrllibGraphClient)
