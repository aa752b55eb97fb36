"""External contacts: ``phone_items`` of kind ``external_contact`` owned by the account.

``details``: id (the customer-configured id), name, email, extension_number, phone_numbers,
description, routing_path, auto_call_recorded, enable_internal_extension and, when one was
uploaded, picture {type, data (base64)}, served at ``/v2/files/external_contact_picture/{id}``.
The Zoom-generated ``external_contact_id`` is the item id; the path accepts either id.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.engine import Connection

from ...http import files
from ...http.context import Context, Response
from ...http.errors import ApiError
from ...providers import provider
from ...store import schema as t
from .. import common as c

IT = t.phone_items
EXT = t.extensions
KIND = "external_contact"
PICTURE_KIND = "external_contact_picture"
E164 = re.compile(r"^\+[1-9]\d{1,14}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EXTENSION = re.compile(r"^\d{1,15}$")
MAX_PHONE_NUMBERS = 10  # phonestack's choice: the documents give no figure
PICTURE_MAX = 2 * 1024 * 1024
MAGIC = {"PNG": (b"\x89PNG\r\n\x1a\n",), "GIF": (b"GIF87a", b"GIF89a"), "JPG": (b"\xff\xd8\xff",),
         "JPEG": (b"\xff\xd8\xff",)}
MIME = {"PNG": "image/png", "GIF": "image/gif", "JPG": "image/jpeg", "JPEG": "image/jpeg"}
TEXT_FIELDS = {"name": 255, "email": 255, "description": 1024, "id": 128, "routing_path": 255}


def _code(ctx: Context) -> int:
    """Add documents its validation errors as code 300, update as code 400."""
    return 400 if ctx.op.method == "PATCH" else 300


def _missing(ctx: Context, key: str) -> ApiError:
    # get and update document 400/400 "External contact does not exist: ..."; delete documents
    # only 300, which phonestack answers with the same message.
    return ApiError(400, 300 if ctx.op.method == "DELETE" else 400, f"External contact does not exist: {key}.")


def find_contact(conn: Connection, account_id: str, key: str):  # noqa: ANN201
    """The contact named by its Zoom id or its customer-configured id, or None."""
    row = c.get_item(conn, account_id, KIND, key)
    if row is not None:
        return row
    return next((r for r in c.items_of(conn, account_id, KIND) if (r.details or {}).get("id") == key), None)


def _contact(ctx: Context):  # noqa: ANN202
    key = ctx.path["externalContactId"]
    row = find_contact(ctx.conn, ctx.account_id, key)
    if row is None:
        raise _missing(ctx, key)
    return row


def _sip_group(ctx: Context, value: str):  # noqa: ANN202
    sg = t.sip_groups
    return ctx.conn.execute(select(sg.c.id, sg.c.display_name).where(
        sg.c.account_id == ctx.account_id, or_(sg.c.id == value, sg.c.display_name == value))).first()


def _picture(ctx: Context, value: Any) -> dict[str, str] | None:
    """The validated picture {type, data}, or None to reset it (update with empty strings)."""
    code = _code(ctx)
    if not isinstance(value, dict):
        raise c.invalid("profile_picture", "profile_picture must be an object.", code)
    ptype = str(value.get("type") or "").upper()
    data = str(value.get("base64_encoding") or "")
    if not ptype or not data:  # "Set type or base64_encoding to empty strings": back to the default
        return None
    if ptype not in MAGIC:
        raise ApiError(400, code, "Profile picture file type error.")
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise ApiError(400, code, "Profile picture file data error.") from None
    if not raw:
        raise ApiError(400, code, "Profile picture file data error.")
    if len(raw) > PICTURE_MAX:
        raise ApiError(400, code, "Profile picture size must less than 2 MB.")
    if not raw.startswith(MAGIC[ptype]):
        raise ApiError(400, code, "Profile picture file type error.")
    return {"type": ptype, "data": base64.b64encode(raw).decode("ascii")}


def _validate(ctx: Context, body: dict[str, Any], current: Any | None) -> dict[str, Any]:
    """The contact's new details (the whole request checked before anything is written)."""
    code = _code(ctx)
    d: dict[str, Any] = dict(current.details or {}) if current is not None else {}
    for key, max_len in TEXT_FIELDS.items():
        if key in body and body[key] is not None:
            value = str(body[key]).strip()
            if len(value) > max_len:
                raise c.invalid(key, f"{key} is longer than {max_len} characters.", code)
            d[key] = value
    if not d.get("name"):
        raise c.invalid("name", "name is required.", code)
    if d.get("email") and not EMAIL.match(d["email"]):
        raise c.invalid("email", f"Invalid email: {d['email']}.", code)
    for key in ("auto_call_recorded", "enable_internal_extension"):
        if body.get(key) is not None:
            d[key] = bool(body[key])
    if "extension_number" in body and body["extension_number"] is not None:
        ext = str(body["extension_number"]).strip()
        if ext and not EXTENSION.match(ext):
            raise c.invalid("extension_number", f"Invalid extension number: {ext}.", code)
        d["extension_number"] = ext
    if "phone_numbers" in body and body["phone_numbers"] is not None:
        nums = body["phone_numbers"]
        if not isinstance(nums, list):
            raise c.invalid("phone_numbers", "phone_numbers must be an array.", code)
        clean: list[str] = []
        for i, n in enumerate(nums):
            n = str(n).strip()
            if not E164.match(n):
                raise c.invalid(f"phone_numbers[{i}]", f"The phone number must be in E.164 format: {n}.", code)
            if n not in clean:
                clean.append(n)
        if len(clean) > MAX_PHONE_NUMBERS:
            raise c.invalid("phone_numbers", f"At most {MAX_PHONE_NUMBERS} phone numbers.", code)
        d["phone_numbers"] = clean
    if not d.get("extension_number") and not d.get("phone_numbers"):
        raise c.invalid("phone_numbers", "Give an extension number or at least one phone number.", code)
    if d.get("routing_path") and _sip_group(ctx, d["routing_path"]) is None:
        if "routing_path" in body:
            raise c.invalid("routing_path", f"SIP group does not exist: {d['routing_path']}.", code)
        d.pop("routing_path")  # its SIP group was deleted since
    if "profile_picture" in body and body["profile_picture"] is not None:
        pic = _picture(ctx, body["profile_picture"])
        if pic is None:
            d.pop("picture", None)
        else:
            d["picture"] = pic
    # uniqueness: the customer id among the contacts; the extension number among the account's
    # extensions and the other contacts
    own = current.id if current is not None else None
    others = [r for r in c.items_of(ctx.conn, ctx.account_id, KIND) if r.id != own]
    if d.get("id"):
        if any((r.details or {}).get("id") == d["id"] or r.id == d["id"] for r in others):
            raise c.invalid("id", f"External contact ID already exists: {d['id']}.", code)
    ext = d.get("extension_number")
    if ext and (current is None or ext != (current.details or {}).get("extension_number")):
        taken = ctx.conn.execute(select(EXT.c.id).where(
            EXT.c.account_id == ctx.account_id, EXT.c.extension_number == int(ext))).first() is not None
        if taken or any((r.details or {}).get("extension_number") == ext for r in others):
            raise c.invalid("extension_number", f"Extension number {ext} is already in use in this account.", code)
    return d


def _view(ctx: Context, row: Any, groups: dict[str, str]) -> dict[str, Any]:
    d = row.details or {}
    out: dict[str, Any] = {
        "external_contact_id": row.id, "id": d.get("id") or row.id, "name": d.get("name", ""),
        "email": d.get("email", ""), "description": d.get("description", ""),
        "extension_number": d.get("extension_number", ""), "phone_numbers": list(d.get("phone_numbers") or []),
        "auto_call_recorded": bool(d.get("auto_call_recorded", False)),
        "enable_internal_extension": bool(d.get("enable_internal_extension", False)),
    }
    rp = d.get("routing_path")
    if rp and rp in groups:  # a SIP group deleted since is no longer a routing path
        out["routing_path"] = rp
    if d.get("picture"):
        out["profile_picture_download_url"] = files.file_url(ctx, PICTURE_KIND, row.id)
    return out


def _groups(ctx: Context) -> dict[str, str]:
    sg = t.sip_groups
    out: dict[str, str] = {}
    for r in ctx.conn.execute(select(sg.c.id, sg.c.display_name).where(sg.c.account_id == ctx.account_id)):
        out[r.id] = r.id
        out[r.display_name] = r.id
    return out


@provider("GET /phone/external_contacts")
def list_external_contacts(ctx: Context) -> dict[str, Any]:
    stmt = select(IT).where(IT.c.owner_id == ctx.account_id, IT.c.kind == KIND)
    rows, token, _total, size = ctx.page(stmt, IT.c.pk)
    groups = _groups(ctx) if rows else {}
    return {"next_page_token": token, "page_size": size,
            "external_contacts": [_view(ctx, r, groups) for r in rows]}


@provider("POST /phone/external_contacts")
def add_external_contact(ctx: Context) -> Response:
    d = _validate(ctx, c.body(ctx), None)
    d.setdefault("auto_call_recorded", False)
    d.setdefault("enable_internal_extension", False)
    cid = c.add_item(ctx, ctx.account_id, KIND, d)
    return Response(201, {"external_contact_id": cid, "name": d["name"]})


@provider("GET /phone/external_contacts/{externalContactId}")
def get_external_contact(ctx: Context) -> dict[str, Any]:
    row = _contact(ctx)
    return _view(ctx, row, _groups(ctx))


@provider("PATCH /phone/external_contacts/{externalContactId}")
def update_external_contact(ctx: Context) -> None:
    row = _contact(ctx)
    d = _validate(ctx, c.body(ctx), row)
    c.update_item(ctx.conn, row.id, d)
    return None


@provider("DELETE /phone/external_contacts/{externalContactId}")
def delete_external_contact(ctx: Context) -> None:
    row = _contact(ctx)
    c.delete_items(ctx.conn, ctx.account_id, KIND, [row.id])
    return None


@files.register(PICTURE_KIND)
def _load_picture(conn: Connection, file_id: str) -> files.Blob | None:
    row = conn.execute(select(IT).where(IT.c.id == file_id, IT.c.kind == KIND)).first()
    pic = (row.details or {}).get("picture") if row is not None else None
    if not pic:
        return None
    ext = "jpg" if pic["type"] in ("JPG", "JPEG") else pic["type"].lower()
    return files.Blob(account_id=row.account_id, content=base64.b64decode(pic["data"]),
                      content_type=MIME[pic["type"]], filename=f"{file_id}.{ext}")
