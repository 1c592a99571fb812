"""Configuration of the reference bot, read from a plain mapping (a dict or os.environ)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

GRAPH_API_VERSION = "v21.0"

BASE_KEY = "WHATSAPP_GRAPH_API_BASE"
PHONE_NUMBER_ID_KEY = "WHATSAPP_PHONE_NUMBER_ID"
ACCESS_TOKEN_KEY = "WHATSAPP_ACCESS_TOKEN"
APP_SECRET_KEY = "WHATSAPP_APP_SECRET"
VERIFY_TOKEN_KEY = "WHATSAPP_VERIFY_TOKEN"
ALLOW_LIVE_SEND_KEY = "WHATSAPP_ALLOW_LIVE_SEND"

REQUIRED_KEYS = (BASE_KEY, PHONE_NUMBER_ID_KEY, ACCESS_TOKEN_KEY, APP_SECRET_KEY, VERIFY_TOKEN_KEY)
ALL_KEYS = (*REQUIRED_KEYS, ALLOW_LIVE_SEND_KEY)


class ConfigError(ValueError):
    """The configuration is incomplete; the message names what is missing."""


def parse_flag(value: Any) -> bool:
    """True only for an explicit ``true``: live sending must never switch on by accident."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return False


@dataclass(frozen=True)
class Settings:
    """What the bot needs to talk to the Graph API and to trust Meta's webhooks."""

    graph_api_base: str
    phone_number_id: str
    # Secrets stay out of repr() so that a logged Settings never leaks them.
    access_token: str = field(repr=False)
    app_secret: str = field(repr=False)
    verify_token: str = field(repr=False)
    allow_live_send: bool = False

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any]) -> Settings:
        """Settings from the target-interface keys; raises ConfigError naming missing keys."""
        values = {key: value for key in REQUIRED_KEYS if isinstance(value := mapping.get(key), str)}
        missing = [key for key in REQUIRED_KEYS if not values.get(key)]
        if missing:
            raise ConfigError("missing required configuration: " + ", ".join(missing))
        return cls(
            graph_api_base=values[BASE_KEY].rstrip("/"),
            phone_number_id=values[PHONE_NUMBER_ID_KEY],
            access_token=values[ACCESS_TOKEN_KEY],
            app_secret=values[APP_SECRET_KEY],
            verify_token=values[VERIFY_TOKEN_KEY],
            allow_live_send=parse_flag(mapping.get(ALLOW_LIVE_SEND_KEY)),
        )
