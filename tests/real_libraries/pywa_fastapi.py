"""pywa 4.5.0 on FastAPI: pywa answers the webhook first and handles it in a background task."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.real_libraries.pywa_flow import CONTROL_PATH, create_flow


def create_app(config: dict[str, str]) -> FastAPI:
    app = FastAPI()
    flow = create_flow(config, app, offers_settle=False)

    @app.post(CONTROL_PATH)
    async def control(request: Request) -> JSONResponse:
        try:
            command: Any = await request.json()
        except ValueError:
            command = None
        if not isinstance(command, dict):
            return JSONResponse({"error": "a JSON object with a 'command'"}, status_code=400)
        answer, status = flow.control(command)
        return JSONResponse(answer, status_code=status)

    return app
