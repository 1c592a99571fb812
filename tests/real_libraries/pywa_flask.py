"""pywa 4.5.0 on Flask: pywa handles each update before it answers the webhook."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, request

from tests.real_libraries.pywa_flow import CONTROL_PATH, create_flow


def create_app(config: dict[str, str]) -> Flask:
    app = Flask(__name__)
    flow = create_flow(config, app, offers_settle=True)

    @app.post(CONTROL_PATH)
    def control() -> Response:
        command: Any = request.get_json(silent=True)
        if not isinstance(command, dict):
            answer, status = {"error": "a JSON object with a 'command'"}, 400
        else:
            answer, status = flow.control(command)
        return Response(json.dumps(answer), status=status, mimetype="application/json")

    return app
