"""One model of Meta's WhatsApp Cloud API, shared by the fake Graph API and the webhooks.

Ids (wamids, BSUIDs, trace ids), the notification envelope, status items and their
pricing, the error catalogue and its envelopes, and the JSON Schemas of what Meta accepts
(outbound) and sends (inbound) each live here once. Every fact has its source in
docs/cloud-api.md. This package imports nothing else from the harness but ``errors``.
"""

from __future__ import annotations
