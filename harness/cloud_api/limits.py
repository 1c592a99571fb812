"""Reply-button card limits, read from the outbound schema that enforces them (one home)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType

from harness.cloud_api.schema_files import schema_documents


@functools.cache
def card_limits() -> Mapping[str, int]:
    """``buttons`` (most per card), ``title``, ``id`` and ``body`` (most characters)."""
    documents = schema_documents("outbound")
    card = documents["interactive_button"]
    action = card["properties"]["interactive"]["properties"]["action"]
    reply = card["$defs"]["button"]["properties"]["reply"]["properties"]
    body = documents["common"]["$defs"]["body"]["properties"]["text"]
    return MappingProxyType(
        {
            "title": int(reply["title"]["maxLength"]),
            "id": int(reply["id"]["maxLength"]),
            "body": int(body["maxLength"]),
            "buttons": int(action["properties"]["buttons"]["maxItems"]),
        }
    )
