"""Errors in Zoom's wire format: ``{"code": 300, "message": "...", "errors": [...]}``."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """Raised anywhere below the HTTP layer; rendered as Zoom renders its errors."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.errors:
            out["errors"] = self.errors
        return out


def validation_failed(field: str, message: str = "Invalid field.") -> ApiError:
    return ApiError(400, 300, "Validation Failed.", [{"field": field, "message": message}])


def not_found(code: int, message: str) -> ApiError:
    return ApiError(404, code, message)


INVALID_JSON = (400, 300, "Request Body should be a valid JSON object.")
