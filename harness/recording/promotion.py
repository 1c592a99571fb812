"""``record --promote DIR``: new notification shapes from a conversation into a corpus folder."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from harness.recording.conversation import Conversation
from harness.webhooks.corpus import README, load_corpus
from harness.webhooks.encoding import meta_json_bytes

# Values that tell shapes apart, beyond which keys are present.
_DISCRIMINATING = frozenset({"object", "field", "type", "status", "messaging_product"})
_TABLE_HEAD = "| file | what it is | shape from |\n|---|---|---|\n"


def shape(node: Any, key: str = "") -> Any:
    """The structure of a notification: keys and types, plus the values that name a kind."""
    if isinstance(node, dict):
        return {k: shape(v, str(k)) for k, v in sorted(node.items())}
    if isinstance(node, list):
        items = {json.dumps(shape(item, key), sort_keys=True) for item in node}
        return sorted(items)
    if key in _DISCRIMINATING and isinstance(node, str):
        return f"{key}={node}"
    return type(node).__name__


def shape_key(notification: Any) -> str:
    """A short stable digest of ``shape``."""
    text = json.dumps(shape(notification), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def promote(conversation: Conversation, directory: Path, *, source: str) -> list[Path]:
    """Write each notification whose shape the folder lacks; one README row each."""
    directory.mkdir(parents=True, exist_ok=True)
    known = {shape_key(json.loads(p.body)) for p in load_corpus(directory)}
    written = []
    rows = []
    for event in conversation.of_kind("inbound"):
        notification = event["notification"]
        key = shape_key(notification)
        if key in known:
            continue
        known.add(key)
        path = directory / f"recorded_{_label(notification)}_{key}.json"
        path.write_bytes(meta_json_bytes(notification))
        written.append(path)
        rows.append(
            f"| `{path.name}` | recorded {_label(notification).replace('_', ' ')} | "
            f"{source}, recorded {conversation.provenance.get('recorded_on', '?')}, scrubbed |\n"
        )
    if rows:
        readme = directory / README
        text = readme.read_text(encoding="utf-8") if readme.is_file() else ""
        if "| file |" not in text:
            text += ("\n" if text and not text.endswith("\n") else "") + _TABLE_HEAD
        readme.write_text(text + "".join(rows), encoding="utf-8")
    return written


def _label(notification: Any) -> str:
    """``messages_text``, ``statuses_failed``…: what the first item is, safe in a file name."""
    return re.sub(r"[^a-z0-9_]", "", _kind(notification).lower())[:40] or "notification"


def _kind(notification: Any) -> str:
    try:
        value = notification["entry"][0]["changes"][0]["value"]
    except (KeyError, IndexError, TypeError):
        return "notification"
    for plural, kind_key in (("messages", "type"), ("statuses", "status")):
        items = value.get(plural) if isinstance(value, dict) else None
        if isinstance(items, list) and items and isinstance(items[0], dict):
            return f"{plural}_{items[0].get(kind_key, 'item')}"
    return str(notification["entry"][0]["changes"][0].get("field", "notification"))
