#!/usr/bin/env python3
"""Generate the phonestack API contract (OpenAPI 3.1) from the Zoom API documents.

Usage::

    python tools/gen_openapi.py [--docs DIR] [--out FILE] [--ids FILE] [--quiet]

Inputs (default ``<repo>/../shared/api-docs``):

* ``operations.tsv``          -- the checklist of the 397 operations
* ``phone-api.txt``           -- flattened markdown of the Zoom Phone API
* ``number-management-api.txt`` -- line-based text of the Number Management API
* ``phone-list-numbers.txt``  -- detailed page of ``GET /phone/numbers`` (query params)
* ``zoom-api-index-sip-connected-audio.txt`` and
  ``sip-connected-audio-add-internal-numbers.txt`` -- SIP Connected Audio

plus the hand-written overlay ``tools/spec_overlay.json`` (query parameters and
a few body decisions that the documents do not carry).

Output: ``src/phonestack/spec/openapi.json`` (deterministic) and
``tools/operation_ids.tsv``.  See ``docs/spec.md``.

Only the standard library is needed to generate; ``fastjsonschema`` (if
installed) is used to report how many documented examples validate against the
generated schemas.
"""
from __future__ import annotations

import argparse
import copy
import csv
import json
import os
import re
import sys
from collections import OrderedDict

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DOCS = os.path.normpath(os.path.join(REPO, "..", "shared", "api-docs"))
DEFAULT_OUT = os.path.join(REPO, "src", "phonestack", "spec", "openapi.json")
DEFAULT_IDS = os.path.join(REPO, "tools", "operation_ids.tsv")
DEFAULT_OVERLAY = os.path.join(REPO, "tools", "spec_overlay.json")

PHONE_DOC = "phone-api.txt"
NM_DOC = "number-management-api.txt"
SIP_DOC = "zoom-api-index-sip-connected-audio.txt"
SIP_DETAIL_DOC = "sip-connected-audio-add-internal-numbers.txt"
LIST_NUMBERS_DOC = "phone-list-numbers.txt"

LABELS = ("LIGHT", "MEDIUM", "HEAVY", "RESOURCE-INTENSIVE")
SCALARS = ("string", "integer", "number", "boolean")

# Tags used by phone-api.txt (the flattened text glues the tag to the start of
# the description, so the known tag names are needed to split them).
PHONE_TAGS = sorted([
    "Accounts", "Alerts", "Audio Library", "Auto Receptionists", "Billing Account",
    "Blocked List", "Call Handling", "Call Logs", "Call Queues", "Carrier Reseller",
    "Common Areas", "Dashboard", "Device Line Keys", "Dial by Name Directory",
    "Emergency Addresses", "Emergency Service Locations", "External Contacts", "Fax",
    "Firmware Update Rules", "Group Call Pickup", "Groups", "IVR", "Inbound Blocked List",
    "Line Keys", "Monitoring Groups", "Outbound Calling", "Phone Devices", "Phone Numbers",
    "Phone Plans", "Phone Roles", "Private Directory", "Provider Exchange",
    "Provision Templates", "Recordings", "Reports", "Routing Rules", "SMS Campaign",
    "SMS Consent", "SMS", "Setting Templates", "Settings", "Shared Line Appearance",
    "Shared Line Group", "Sites", "Users", "Voicemails", "Zoom Rooms",
], key=lambda s: (-len(s), s))


class DocError(Exception):
    pass


# --------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------

def norm_space(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip()


def unescape_md(s: str) -> str:
    """Remove markdown backslash escapes and collapse whitespace."""
    s = s.replace("\\\n", "\n")
    s = re.sub(r"\\(.)", r"\1", s)
    return norm_space(s)


def norm_label(s):
    if not s:
        return None
    s = s.strip().strip("`").strip().upper().replace("_", "-").replace(" ", "-")
    if s == "RESOURCE-INTENSIVE" or s in LABELS:
        return s
    raise DocError(f"unknown rate limit label {s!r}")


def parse_enum(raw: str, typ: str):
    """Parse the text of ``possible values: `...``` into a list of values."""
    raw = raw.strip()
    try:
        vals = json.loads("[" + raw + "]")
    except ValueError:
        vals = []
        for part in re.findall(r'"[^"]*"|[^,]+', raw):
            part = part.strip()
            if not part:
                continue
            if part.startswith('"'):
                vals.append(part[1:-1])
            else:
                vals.append(part)
    out = []
    for v in vals:
        if typ == "integer" and isinstance(v, str) and re.fullmatch(r"-?\d+", v.strip()):
            v = int(v)
        elif typ == "number" and isinstance(v, str):
            try:
                v = float(v) if "." in v else int(v)
            except ValueError:
                pass
        elif typ == "boolean" and isinstance(v, str) and v.strip() in ("true", "false"):
            v = v.strip() == "true"
        elif typ == "string" and not isinstance(v, str):
            v = json.dumps(v) if not isinstance(v, (int, float)) or isinstance(v, bool) else str(v)
        if v not in out:
            out.append(v)
    return out


def parse_default(raw: str, typ: str):
    raw = raw.strip()
    try:
        v = json.loads(raw)
    except ValueError:
        v = raw
    if typ == "integer" and isinstance(v, str) and re.fullmatch(r"-?\d+", v):
        v = int(v)
    if typ == "boolean" and isinstance(v, str) and v in ("true", "false"):
        v = v == "true"
    if typ == "string" and not isinstance(v, str):
        v = raw.strip('"')
    return v


# --------------------------------------------------------------------------
# field model
# --------------------------------------------------------------------------

class Field:
    """One documented property (or the scalar item of an array)."""

    __slots__ = ("idx", "marker", "name", "required", "type", "enum", "default", "format",
                 "nullable", "desc", "item", "item_enum", "opens", "comp", "members",
                 "limits")

    def __init__(self, name=None, type_="string"):
        self.idx = -1
        self.marker = "-"
        self.name = name
        self.required = False
        self.type = type_
        self.enum = None
        self.default = None
        self.format = None
        self.nullable = False
        self.desc = ""
        self.item = None        # for arrays: a scalar Field, or None (object items)
        self.item_enum = None
        self.opens = None       # None | 'items' (array of objects) | 'object'
        self.comp = None        # None | 'allOf' | 'oneOf' : composition of the container
        self.members = None     # list of lists of Field (container content)
        self.limits = None      # {min_items, max_items, min_len, max_len} when stated

    def container_members(self):
        if self.members is None:
            self.members = [[]]
        return self.members


# --------------------------------------------------------------------------
# schema emission from Field trees
# --------------------------------------------------------------------------

def desc_limits(desc: str):
    """Return (min, max) numbers stated in a description, if any (conservative)."""
    mx = mn = None
    m = re.search(r"[Tt]he maximum value is (\d+)", desc)
    if m:
        mx = int(m.group(1))
    m = re.search(r"[Tt]he minimum value is (\d+)", desc)
    if m:
        mn = int(m.group(1))
    return mn, mx


def scalar_schema(f: Field) -> dict:
    s = OrderedDict()
    t = f.type if f.type in SCALARS else "string"
    s["type"] = [t, "null"] if f.nullable else t
    if f.format:
        s["format"] = f.format
    if f.enum:
        vals = list(f.enum)
        if f.nullable and None not in vals:
            vals.append(None)
        s["enum"] = vals
    if f.default is not None:
        s["default"] = f.default
    if f.desc:
        s["description"] = f.desc
    return s


def container_schema(members, comp, desc=None, nullable=False, ctx=None) -> dict:
    """Schema of an object whose properties are given as member lists."""
    def obj(fields):
        o = OrderedDict()
        o["type"] = "object"
        props = OrderedDict()
        req = []
        for f in fields:
            if f.name is None:
                continue
            props[f.name] = field_schema(f, ctx)
            if f.required and f.name not in req:
                req.append(f.name)
        o["properties"] = props
        if req:
            o["required"] = req
        return o

    if not comp or members is None or len(members) <= 1 and comp == "allOf":
        fields = [f for m in (members or [[]]) for f in m]
        s = obj(fields)
    elif comp == "allOf":
        s = OrderedDict()
        s["type"] = "object"
        s["allOf"] = [obj(m) for m in members]
    else:  # oneOf
        alts = [obj(m) for m in members]
        s = OrderedDict()
        s["type"] = "object"
        kw = "oneOf" if alternatives_exclusive(alts) else "anyOf"
        s[kw] = alts
        if kw == "anyOf":
            s["x-one-of"] = True
            if ctx is not None:
                ctx.setdefault("anyof", 0)
                ctx["anyof"] += 1
    if nullable:
        s["type"] = ["object", "null"]
    if desc:
        s["description"] = desc
    return s


def alternatives_exclusive(alts) -> bool:
    """True when no JSON value can satisfy two of the alternatives at once."""
    if len(alts) < 2:
        return True
    for i in range(len(alts)):
        for j in range(i + 1, len(alts)):
            a, b = alts[i], alts[j]
            ok = False
            for p in set(a.get("required", [])) & set(b.get("required", [])):
                ea = a["properties"].get(p, {}).get("enum")
                eb = b["properties"].get(p, {}).get("enum")
                if ea is not None and eb is not None and not (set(map(json.dumps, ea)) & set(map(json.dumps, eb))):
                    ok = True
                    break
            if not ok:
                return False
    return True


def field_schema(f: Field, ctx=None) -> dict:
    if f.type == "object" or (f.type not in SCALARS and f.type != "array"):
        if f.members is None and f.type != "object":
            s = scalar_schema(f)
            return s
        s = container_schema(f.members, f.comp, f.desc, f.nullable, ctx)
        if f.members is None:
            # free-form object: keep properties empty but allow anything
            s.pop("properties", None)
        return s
    if f.type == "array":
        s = OrderedDict()
        s["type"] = ["array", "null"] if f.nullable else "array"
        if f.members is not None:
            s["items"] = container_schema(f.members, f.comp, None, False, ctx)
        elif f.item is not None:
            s["items"] = scalar_schema(f.item) if f.item.type in SCALARS else field_schema(f.item, ctx)
        elif f.item_enum:
            it = OrderedDict()
            it["type"] = "integer" if all(isinstance(v, int) for v in f.item_enum) else "string"
            it["enum"] = f.item_enum
            s["items"] = it
        mn, mx = desc_limits(f.desc)
        if mx is not None:
            s["maxItems"] = mx
        if mn is not None:
            s["minItems"] = mn
        if f.default is not None:
            s["default"] = f.default
        if f.desc:
            s["description"] = f.desc
        return s
    return scalar_schema(f)


# --------------------------------------------------------------------------
# phone-api.txt: tokenizer of a flattened field list
# --------------------------------------------------------------------------

_ATTRS = r"((?:, (?:possible values|default|format|minimum|maximum|min|max|pattern): `[^`]*`)*)"
P_FIELD = re.compile(
    r"(?:(?<=\s)|^)([-*]) \*\*`([^`]+)`( \(required\))?\*\*(?: `(\w+)`" + _ATTRS + r")?")
P_STRUCT = re.compile(r"\*\*(Items|All of|One of|Any of|Array of):\*\*")
P_ITEMTYPE = re.compile(r"\s*`(string|integer|number|boolean|object|array)`" + _ATTRS)
P_ATTR = re.compile(r", (possible values|default|format|minimum|maximum|min|max|pattern): `([^`]*)`")


def apply_attrs(f: Field, attrs: str):
    for key, val in P_ATTR.findall(attrs or ""):
        if key == "possible values":
            if f.type == "array":
                f.item_enum = parse_enum(val, "integer" if re.fullmatch(r"[\d, ]+", val) else "string")
            else:
                f.enum = parse_enum(val, f.type)
        elif key == "default":
            f.default = parse_default(val, f.type)
        elif key == "format":
            f.format = val.strip()


def clean_desc(raw: str):
    d = unescape_md(raw)
    d = re.sub(r"^—\s*", "", d)
    nullable = False
    if d.startswith("`nullable`"):
        nullable = True
        d = d[len("`nullable`"):].strip()
    return d, nullable



def scalar_item(tail: str):
    """The item type of `**Items:**`/`**Array of:**` when it is a scalar (``string`` ...),
    else None (the items are objects whose fields follow)."""
    mt = P_ITEMTYPE.match(tail)
    if not (mt and mt.group(1) in SCALARS):
        return None
    it = Field(None, mt.group(1))
    apply_attrs(it, mt.group(2))
    it.desc, it.nullable = clean_desc(tail[mt.end():])
    return it


def tokenize_phone_fields(text: str):
    """Split the field-list text of one body into tokens.

    Tokens: ('field', Field) | ('items', scalar Field or None) | ('allOf',) |
    ('oneOf',) | ('arrayOf',)
    """
    marks = []
    for m in P_FIELD.finditer(text):
        marks.append((m.start(), m.end(), "field", m))
    for m in P_STRUCT.finditer(text):
        marks.append((m.start(), m.end(), "struct", m))
    marks.sort(key=lambda x: x[0])
    tokens = []
    for i, (_st, en, kind, m) in enumerate(marks):
        nxt = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        tail = text[en:nxt]
        if kind == "field":
            f = Field(m.group(2).strip(), m.group(4) or "object")
            f.marker = m.group(1)
            f.required = bool(m.group(3))
            apply_attrs(f, m.group(5))
            f.desc, f.nullable = clean_desc(tail)
            if not m.group(4):
                f.type = "object" if not f.desc else "string"
            tokens.append(("field", f))
        else:
            word = m.group(1)
            if word == "Items":
                tokens.append(("items", scalar_item(tail)))
            elif word == "All of":
                tokens.append(("allOf",))
            elif word in ("One of", "Any of"):
                tokens.append(("oneOf",))
            elif word == "Array of":
                tokens.append(("arrayOf", scalar_item(tail)))
    return tokens


# --------------------------------------------------------------------------
# phone-api.txt: operations
# --------------------------------------------------------------------------

P_PHONE_OP = re.compile(
    r"### (.+?) - \*\*Method:\*\* `(\w+)` - \*\*Path:\*\* `([^`]+)` - \*\*Tags:\*\*\s")
P_EXAMPLE = re.compile(r"\*\*Example:\*\*\s*```json\s?(.*?)```", re.S)
P_STATUS = re.compile(r"##### Status: (\d{3}|default)\b")
P_ERRCODE_PHONE = re.compile(r"\\\*\\\*Error Code:\\\*\\\* \\`([^`\\]*)\\`")


def split_scopes(raw: str):
    return [s.strip() for s in re.findall(r"`([^`]+)`", raw) for s in s.split(",") if s.strip()]


def parse_example(raw: str):
    raw = raw.strip()
    if not raw:
        return None, False
    try:
        return json.loads(raw), True
    except ValueError:
        pass
    # tolerate trailing commas
    fixed = re.sub(r",\s*([}\]])", r"\1", raw)
    try:
        return json.loads(fixed), True
    except ValueError:
        return raw, False


def parse_phone_body(text: str):
    """Parse a '<content-type> <fields> **Example:** ```json ...```' chunk."""
    ex_m = P_EXAMPLE.search(text)
    field_text = text[:ex_m.start()] if ex_m else text
    example, ex_ok = (parse_example(ex_m.group(1)) if ex_m else (None, False))
    tokens = tokenize_phone_fields(field_text)
    return tokens, example, ex_ok


def parse_phone_errors(text: str, status: int):
    """Error codes inside one '##### Status' chunk of phone-api.txt."""
    out = []
    ms = list(P_ERRCODE_PHONE.finditer(text))
    for i, m in enumerate(ms):
        end = ms[i + 1].start() if i + 1 < len(ms) else len(text)
        msg = text[m.end():end]
        msg = msg.lstrip(" ")
        if msg.startswith("\\"):
            msg = msg[1:]
        # message lines end with a markdown hard break ("\" + newline); a blank
        # hard break ends the message
        msg = re.split(r"\n\\\s*(?:\n|$)", msg)[0]
        msg = msg.replace("\\\n", " ")
        msg = re.sub(r"\\$", "", msg.strip())
        out.append(make_error(status, m.group(1), unescape_md(msg)))
    return out


def make_error(status, code_text, message):
    code_text = code_text.strip()
    e = OrderedDict()
    e["status"] = int(status)
    digits = code_text.replace("_", "")
    if re.fullmatch(r"-?\d+", digits):
        e["code"] = int(digits)
    else:
        e["code"] = None
    if code_text != str(e["code"]):
        e["code_text"] = code_text
    e["message"] = message.strip().rstrip("\\").strip()
    return e


def phone_status_desc(chunk: str) -> str:
    d = chunk.split("###### Content-Type:")[0]
    d = P_ERRCODE_PHONE.split(d)[0]
    d = re.sub(r"\\\*\\\*HTTP Status Codes?:?\\\*\\\*:? ?\\`\d+\\`", " ", d, flags=re.I)
    d = unescape_md(d)
    d = d.replace("**", "").strip()
    return d


def parse_phone_doc(text: str):
    ops = []
    heads = list(P_PHONE_OP.finditer(text))
    for i, h in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        body = text[h.end():end]
        op = OrderedDict()
        summary = norm_space(h.group(1))
        op["deprecated"] = "Deprecated" in summary
        op["doc_summary"] = re.sub(r"\s*⚠️\s*Deprecated\s*$", "", summary)
        op["method"] = h.group(2).upper()
        op["path"] = h.group(3)
        tag = None
        flat = body.replace("\u00a0", " ")
        for t in PHONE_TAGS:
            if flat.startswith(t + " ") or flat.startswith(t + "\n"):
                tag = t
                break
        if tag is None:
            raise DocError("unknown tag at {} {}: {!r}".format(op["method"], op["path"], flat[:40]))
        op["tags"] = [tag]
        rest = flat[len(tag):]
        # description: until scopes / body / responses
        cut = len(rest)
        for pat in (r"\*\*\[Scopes\]", r"\*\*\[Granular Scopes\]", r"\*\*\[Rate Limit Label\]",
                    r"#### Request Body", r"#### Responses"):
            m = re.search(pat, rest)
            if m:
                cut = min(cut, m.start())
        op["description"] = unescape_md(rest[:cut]).replace("**", "")
        m = re.search(r"\*\*\[Scopes\]\([^)]*\):\*\*\s*((?:`[^`]*`\s*,?\s*)+)", rest)
        op["scopes"] = split_scopes(m.group(1)) if m else []
        m = re.search(r"\*\*\[Granular Scopes\]\([^)]*\):\*\*\s*((?:`[^`]*`\s*,?\s*)+)", rest)
        op["granular"] = split_scopes(m.group(1)) if m else []
        m = re.search(r"\*\*\[Rate Limit Label\]\([^)]*\):\*\*\s*`([^`]*)`", rest)
        op["label"] = norm_label(m.group(1)) if m else None
        rb = re.search(r"#### Request Body(.*?)(?=#### Responses|$)", rest, re.S)
        op["request"] = None
        if rb:
            ct = re.search(r"##### Content-Type: ([\w/+-]+)", rb.group(1))
            ctype = ct.group(1) if ct else "application/json"
            tokens, example, ex_ok = parse_phone_body(rb.group(1)[ct.end() if ct else 0:])
            op["request"] = {"content_type": ctype, "tokens": tokens, "example": example,
                             "example_ok": ex_ok}
        rs = re.search(r"#### Responses(.*)$", rest, re.S)
        op["responses"] = []
        op["errors"] = []
        if rs:
            chunks = list(P_STATUS.finditer(rs.group(1)))
            for j, c in enumerate(chunks):
                cend = chunks[j + 1].start() if j + 1 < len(chunks) else len(rs.group(1))
                chunk = rs.group(1)[c.end():cend]
                status = c.group(1)
                resp = {"status": status, "description": phone_status_desc(chunk), "body": None}
                ct = re.search(r"###### Content-Type: ([\w/+-]+)", chunk)
                if ct:
                    tokens, example, ex_ok = parse_phone_body(chunk[ct.end():])
                    resp["body"] = {"content_type": ct.group(1), "tokens": tokens,
                                    "example": example, "example_ok": ex_ok}
                if status.isdigit():
                    op["errors"].extend(parse_phone_errors(chunk, int(status)))
                op["responses"].append(resp)
        ops.append(op)
    return ops


# --------------------------------------------------------------------------
# phone-api.txt: nesting reconstruction
# --------------------------------------------------------------------------

class Root:
    """The body itself: an object container, optionally an array of them."""

    def __init__(self):
        self.is_array = False
        self.scalar_item = None
        self.comp = None
        self.members = [[]]
        self.max_items = None


def example_keys(example):
    """Map container path -> set of keys seen in the example at that path."""
    out = {}

    def walk(v, path):
        if isinstance(v, dict):
            out.setdefault(path, set()).update(v.keys())
            for k, x in v.items():
                walk(x, path + (k,))
        elif isinstance(v, list):
            for x in v:
                walk(x, path + ("[]",))

    if example is not None and not isinstance(example, str):
        walk(example, ())
    return out


# weights of the nesting heuristics (see docs/spec.md)
W_EX_IN = 6.0        # the field is a key of the example object at this place
W_EX_OUT = 3.0       # the example object at this place lacks the key
W_MARKER = 6.0       # list marker does not fit ('-'/'*' alternation)
W_ALPHA_OK = 1.0     # sorts after the previous sibling
W_ALPHA_BAD = 2.5    # sorts before the previous sibling
W_OPEN_OBJECT = 1.2  # an 'object' field is followed by its own properties
W_REQ_AFTER_OPT = 1.5  # a required property after an optional sibling
W_POP = 0.15         # per popped level (prefer staying deep on ties)
W_DUPLICATE = 20.0   # a property name repeated in one object
W_SOFT = 0.5         # missing key inside a oneOf alternative
BEAM = 48


def prepare_tokens(tokens):
    """Attach structural tokens to their fields.

    Returns (root, fields) where every field carries ``opens`` (forced
    container: 'items' / 'object') and ``comp``.
    """
    root = Root()
    fields = []
    prev = None          # last field
    i = 0
    n = len(tokens)
    # leading structure
    while i < n and tokens[i][0] != "field":
        kind = tokens[i][0]
        if kind == "arrayOf":
            root.is_array = True
            if tokens[i][1] is not None:
                root.scalar_item = tokens[i][1]
        elif kind in ("allOf", "oneOf"):
            root.comp = root.comp or kind
        elif kind == "items" and tokens[i][1] is not None:
            root.scalar_item = tokens[i][1]
        i += 1
    if root.is_array and i == n and root.scalar_item is None:
        pass
    for kind, *rest in tokens[i:]:
        if kind == "field":
            f = rest[0]
            f.idx = len(fields)
            fields.append(f)
            prev = f
        elif prev is None:
            continue
        elif kind == "items":
            if rest[0] is not None:
                prev.item = rest[0]
                if prev.item.enum is None and prev.item_enum:
                    prev.item.enum = prev.item_enum
                if prev.type != "array":
                    prev.type = "array"
            else:
                prev.opens = "items"
                if prev.type != "array":
                    prev.type = "array"
        elif kind in ("allOf", "oneOf"):
            if prev.comp is None:
                prev.comp = kind
            if prev.opens is None:
                prev.opens = "items" if prev.type == "array" else "object"
    # "* Max items: `10`" under a top-level "Array of"
    for f in fields:
        m = re.search(r"\* Max items: `(\d+)`\s*$", f.desc)
        if m:
            f.desc = f.desc[:m.start()].strip()
            if root.is_array:
                root.max_items = int(m.group(1))
    return root, fields


GLOBAL_KEYS = {}     # object name -> keys seen under that name in any example
W_GLOBAL_IN = 2.0
W_GLOBAL_OUT = 1.0


def learn_global_keys(examples):
    """Collect, over all documented examples, the keys seen under each object name."""
    for ex in examples:
        for path, ks in example_keys(ex).items():
            names = [p for p in path if p != "[]"]
            if names:
                GLOBAL_KEYS.setdefault(names[-1], set()).update(ks)


def stack_key(stack):
    """A deterministic sort key for a beam state (no set iteration order)."""
    return repr(tuple(tuple(sorted(x) if isinstance(x, frozenset) else x for x in fr) for fr in stack))


def build_tree(tokens, example, use_example=True):
    """Reconstruct the nesting of a flattened field list (beam search)."""
    root, fields = prepare_tokens(copy.deepcopy(tokens))
    if not fields:
        return root
    keys = example_keys(example) if use_example else {}
    root_path = ("[]",) if root.is_array else ()

    # frame: (cid, member, marker, last_name, last_req, path, comp)
    # cid -1 is the root; otherwise the index of the container field
    def field_path(parent_path, f):
        p = parent_path + (f.name,)
        if f.type == "array":
            p = p + ("[]",)
        return p

    def place_score(f, path, soft):
        k = keys.get(path)
        if k is None:
            names = [p for p in path if p != "[]"]
            g = GLOBAL_KEYS.get(names[-1]) if names else None
            if g is None:
                return 0.0
            if f.name in g:
                return W_GLOBAL_IN
            return -W_SOFT if soft else -W_GLOBAL_OUT
        if f.name in k:
            return W_EX_IN
        return -W_SOFT if soft else -W_EX_OUT

    def alpha_score(f, last_name, last_req):
        if last_name is None:
            return 0.0
        a, b = f.name.lower(), last_name.lower()
        if f.required and not last_req:
            # required properties are listed first
            return -W_REQ_AFTER_OPT
        if a > b:
            return W_ALPHA_OK
        if last_req and not f.required:
            return 0.0
        return -W_ALPHA_BAD

    # frame: (cid, member, marker, last_name, last_req, path, comp, names, soft)
    #   cid -1 is the root, otherwise the index of the container field;
    #   names: property names already in the current member;
    #   soft: inside a oneOf alternative (the example shows only one of them,
    #   so missing keys are weak evidence there)
    start = ((-1, 0, None, None, False, root_path, root.comp, frozenset(), root.comp == "oneOf"),)
    beam = [(0.0, start, None)]   # (score, stack, history)
    for i, f in enumerate(fields):
        cands = {}
        prev = fields[i - 1] if i > 0 else None
        for score, stack, hist in beam:
            options = []
            forced = prev is not None and prev.opens is not None
            if prev is not None and (forced or (prev.type == "object" and prev.comp is None)):
                top = stack[-1]
                ppath = field_path(top[5], prev)
                soft = top[8] or prev.comp == "oneOf"
                fr = (prev.idx, 0, f.marker, f.name, f.required, ppath, prev.comp,
                      frozenset([f.name]), soft)
                s = place_score(f, ppath, soft)
                if f.marker != "-":
                    s -= W_MARKER
                if not forced:
                    s += W_OPEN_OBJECT
                options.append((s, stack + (fr,), (prev.idx, 0)))
            if not forced:
                for lvl in range(len(stack) - 1, -1, -1):
                    cid, mem, mk, last, lreq, path, comp, names, soft = stack[lvl]
                    pops = len(stack) - 1 - lvl
                    base = place_score(f, path, soft) - W_POP * pops
                    # continue the current member list
                    s = base + alpha_score(f, last, lreq)
                    if mk is not None and f.marker != mk:
                        s -= W_MARKER
                    if f.name in names:
                        s -= W_DUPLICATE
                    fr = (cid, mem, f.marker, f.name, f.required, path, comp, names | {f.name}, soft)
                    options.append((s, stack[:lvl] + (fr,), (cid, mem)))
                    # start a new member of a composition
                    if comp and mk is not None:
                        s = base
                        if f.marker == mk:
                            s -= W_MARKER
                        fr = (cid, mem + 1, f.marker, f.name, f.required, path, comp,
                              frozenset([f.name]), soft)
                        options.append((s, stack[:lvl] + (fr,), (cid, mem + 1)))
            for s, st, act in options:
                tot = score + s
                sig = tuple(fr[:5] + fr[6:] for fr in st)
                if sig not in cands or cands[sig][0] < tot:
                    cands[sig] = (tot, st, (act, hist))
        beam = sorted(cands.values(), key=lambda x: (-x[0], stack_key(x[1])))[:BEAM]
    best = beam[0]
    acts = []
    h = best[2]
    while h is not None:
        acts.append(h[0])
        h = h[1]
    acts.reverse()
    for f, (cid, mem) in zip(fields, acts, strict=False):
        if cid == -1:
            while len(root.members) <= mem:
                root.members.append([])
            root.members[mem].append(f)
        else:
            c = fields[cid]
            ms = c.container_members()
            while len(ms) <= mem:
                ms.append([])
            ms[mem].append(f)
    for f in fields:
        if f.opens == "items" and f.members is None and f.item is None:
            f.members = [[]]
    return root


def root_schema(root: Root, ctx=None):
    if root.is_array:
        s = OrderedDict()
        s["type"] = "array"
        if root.scalar_item is not None:
            s["items"] = scalar_schema(root.scalar_item)
            mn, mx = desc_limits(root.scalar_item.desc)
            m = re.search(r"up to (\d+)", root.scalar_item.desc)
            if m and mx is None:
                mx = int(m.group(1))
            if mx is not None:
                s["maxItems"] = mx
        else:
            s["items"] = container_schema(root.members, root.comp, None, False, ctx)
        if root.max_items is not None:
            s["maxItems"] = root.max_items
        return s
    return container_schema(root.members, root.comp, None, False, ctx)


# --------------------------------------------------------------------------
# measuring: do the documented examples fit the generated schemas?
# --------------------------------------------------------------------------

def schema_props(schema):
    """All properties an object schema declares (through allOf/oneOf/anyOf)."""
    props = OrderedDict()
    if not isinstance(schema, dict):
        return props
    props.update(schema.get("properties", {}))
    for kw in ("allOf", "oneOf", "anyOf"):
        for sub in schema.get(kw, []):
            for k, v in schema_props(sub).items():
                props.setdefault(k, v)
    return props


def undocumented_keys(schema, value, path="$"):
    """Keys of ``value`` that the schema does not declare (nesting errors)."""
    out = []
    if isinstance(value, dict):
        props = schema_props(schema)
        free = not props and "properties" not in schema and not any(
            kw in schema for kw in ("allOf", "oneOf", "anyOf"))
        for k, v in value.items():
            if k in props:
                out.extend(undocumented_keys(props[k], v, path + "." + k))
            elif not free:
                out.append(path + "." + k)
    elif isinstance(value, list):
        items = schema.get("items", {}) if isinstance(schema, dict) else {}
        for _i, v in enumerate(value):
            out.extend(undocumented_keys(items, v, path + "[]"))
    # de-duplicate, keep order
    seen = []
    for p in out:
        if p not in seen:
            seen.append(p)
    return seen


# --------------------------------------------------------------------------
# number-management-api.txt
# --------------------------------------------------------------------------

P_NM_FIELD = re.compile(
    r"^([A-Za-z0-9_.\[\]]+?)(\(required\))?(string|integer|number|boolean|object|array)"
    r"(?=,|—| ?-$|Items:$|\s|$)(.*)$")
P_NM_SCALAR = re.compile(r"^(string|integer|number|boolean)(?=,|—| ?-$|\s|$)(.*)$")
P_NM_ERR = re.compile(r"\*\*Error Code:\*\* `([^`]+)`\s*(?:<br>)?\s*(.*?)\s*(?=<br>|\*\*Error Code|$)")


def nm_apply_rest(f: Field, rest: str):
    """Parse ', possible values:"A", "B", default:"A"— description' (NM style)."""
    if "—" in rest:
        attrs, desc = rest.split("—", 1)
    else:
        attrs, desc = rest, ""
    for key, val in re.findall(r"(possible values|default|format|minimum|maximum):(.*?)(?=, (?:possible values|default|format|minimum|maximum):|$)", attrs):
        val = val.strip().rstrip(",")
        if key == "possible values":
            if f.type == "array":
                f.item_enum = parse_enum(val, "string")
            else:
                f.enum = parse_enum(val, f.type)
        elif key == "default":
            f.default = parse_default(val, f.type)
        elif key == "format":
            f.format = val.strip()
    f.desc = norm_space(desc)


def nm_tokenize(lines):
    """Tokens of a NM field list: ('field', Field) | ('scalar', Field) | ('items',) | ('dash', glued)."""
    toks = []
    for raw in lines:
        line = raw.rstrip()
        if not line.strip():
            continue
        if line.strip() == "-":
            toks.append(("dash", False))
            continue
        tail = []
        if line.endswith("Items:"):
            line = line[:-len("Items:")]
            tail.append(("items",))
        elif line.endswith("-"):
            glued = not line[:-1].endswith(" ")
            line = line[:-1].rstrip()
            tail.append(("dash", glued))
        prev_kind = toks[-1][0] if toks else None
        m = P_NM_FIELD.match(line)
        ms = P_NM_SCALAR.match(line)
        if prev_kind == "items" and ms:
            f = Field(None, ms.group(1))
            nm_apply_rest(f, ms.group(2))
            toks.append(("scalar", f))
        elif m:
            f = Field(m.group(1), m.group(3))
            f.required = bool(m.group(2))
            nm_apply_rest(f, m.group(4))
            toks.append(("field", f))
        else:
            # continuation of the previous description
            for t in reversed(toks):
                if t[0] in ("field", "scalar"):
                    t[1].desc = norm_space(t[1].desc + " " + line)
                    break
        toks.extend(tail)
    return toks


def nm_build_tree(lines):
    """The NM document keeps list delimiters, so nesting is exact."""
    toks = nm_tokenize(lines)
    root = Root()
    stack = [root]      # containers (Root or Field)
    last = None
    opener = False
    dashes = 0
    i = 0

    def add(container, f):
        if isinstance(container, Root):
            container.members[0].append(f)
        else:
            container.container_members()[0].append(f)

    while i < len(toks):
        t = toks[i]
        if t[0] == "field":
            f = t[1]
            if last is not None:
                if opener:
                    stack.append(last)
                    pops = dashes - 1
                else:
                    pops = dashes - 1
                for _ in range(max(0, pops)):
                    if len(stack) > 1:
                        stack.pop()
            add(stack[-1], f)
            last, opener, dashes = f, False, 0
        elif t[0] == "dash":
            if last is not None and dashes == 0 and t[1] and last.type == "object":
                opener = True
            dashes += 1
        elif t[0] == "items":
            if last is not None:
                last.type = "array"
                nxt = toks[i + 1] if i + 1 < len(toks) else None
                if nxt is not None and nxt[0] == "scalar":
                    last.item = nxt[1]
                    if last.item.enum is None and last.item_enum:
                        last.item.enum = last.item_enum
                    i += 1
                else:
                    last.opens = "items"
                    opener = True
        elif t[0] == "scalar" and last is not None and last.item is None:
            last.item = t[1]
        i += 1
    return root


def nm_errors(line: str, status: int):
    out = []
    for code, msg in P_NM_ERR.findall(line):
        out.append(make_error(status, code, msg.replace("<br>", " ")))
    return out


def nm_status_desc(line: str) -> str:
    d = re.split(r"\*\*Error Code", line)[0]
    d = re.sub(r"\*\*HTTP Status Codes?:?\*\*:? ?`\d+`", " ", d)
    d = d.replace("<br>", " ").replace("**", "")
    return norm_space(d)


def nm_parse_example(lines):
    raw = "\n".join(lines).strip()
    if not raw:
        return None, False
    return parse_example(raw)


def parse_nm_doc(text: str):
    lines = text.replace("\u00a0", " ").split("\n")
    starts = [i for i in range(len(lines) - 1) if lines[i + 1].strip() == "- Method:"]
    ops = []
    for n, s in enumerate(starts):
        e = starts[n + 1] if n + 1 < len(starts) else len(lines)
        block = lines[s:e]
        op = OrderedDict()
        op["doc_summary"] = block[0].strip()
        m = re.match(r"^(\w+) - Path:$", block[2].strip())
        op["method"] = m.group(1).upper()
        m = re.match(r"^(\S+) - Tags: (.*)$", block[3].strip())
        op["path"] = m.group(1)
        op["tags"] = [t.strip() for t in m.group(2).split(",") if t.strip()]
        op["deprecated"] = False
        j = 4
        desc = []
        while j < len(block) and not re.match(r"^(Scopes|Granular Scopes|Rate Limit Label):", block[j]):
            desc.append(block[j].strip())
            j += 1
        op["description"] = norm_space(" ".join(desc)).replace("**", "")
        op["scopes"], op["granular"], op["label"] = [], [], None
        while j < len(block) and re.match(r"^(Scopes|Granular Scopes|Rate Limit Label):", block[j]):
            k, v = block[j].split(":", 1)
            vals = [x.strip() for x in re.split(r"[,\s]+", v.strip()) if x.strip()]
            if k == "Scopes":
                op["scopes"] = vals
            elif k == "Granular Scopes":
                op["granular"] = vals
            else:
                op["label"] = norm_label(v)
            j += 1
        op["request"] = None
        op["responses"] = []
        op["errors"] = []
        rest = block[j:]
        # request body
        try:
            r_idx = next(k for k, ln in enumerate(rest) if ln.strip() == "Responses")
        except StopIteration:
            r_idx = len(rest)
        req = rest[:r_idx]
        if req and req[0].strip() == "Request Body":
            ct = req[1].split(":", 1)[1].strip() if len(req) > 1 and req[1].startswith("Content-Type:") else "application/json"
            body = req[2:] if len(req) > 1 and req[1].startswith("Content-Type:") else req[1:]
            ex_i = next((k for k, ln in enumerate(body) if ln.strip() == "Example:"), len(body))
            example, ok = nm_parse_example(body[ex_i + 1:])
            op["request"] = {"content_type": ct, "root": nm_build_tree(body[:ex_i]),
                             "example": example, "example_ok": ok}
        resp_lines = rest[r_idx + 1:]
        st_idx = [k for k, ln in enumerate(resp_lines) if ln.startswith("Status: ")]
        for a, k in enumerate(st_idx):
            kend = st_idx[a + 1] if a + 1 < len(st_idx) else len(resp_lines)
            head = resp_lines[k]
            status = head.split()[1]
            resp = {"status": status, "description": nm_status_desc(head[len("Status: ") + len(status):]),
                    "body": None}
            chunk = resp_lines[k + 1:kend]
            if chunk and chunk[0].startswith("Content-Type:"):
                ct = chunk[0].split(":", 1)[1].strip()
                ex_i = next((q for q, ln in enumerate(chunk) if ln.strip() == "Example:"), len(chunk))
                example, ok = nm_parse_example(chunk[ex_i + 1:])
                resp["body"] = {"content_type": ct, "root": nm_build_tree(chunk[1:ex_i]),
                                "example": example, "example_ok": ok}
            if status.isdigit():
                op["errors"].extend(nm_errors(head, int(status)))
            op["responses"].append(resp)
        ops.append(op)
    return ops


# --------------------------------------------------------------------------
# SIP Connected Audio
# --------------------------------------------------------------------------

SIP_TAG = "SIP Connected Audio"


def parse_internal_numbers_page(text: str):
    """sip-connected-audio-add-internal-numbers.txt: the request body table."""
    lines = [ln.rstrip() for ln in text.replace("\u00a0", " ").split("\n")]
    fields = []
    cur = None
    valid_mode = False
    for line in lines:
        s = line.strip()
        m = re.match(r"^internal_numbers\[\]\.(\w+) (String|Boolean|Integer|Number) (Yes|No)$", s)
        if m:
            cur = Field(m.group(1), m.group(2).lower())
            cur.required = m.group(3) == "Yes"
            fields.append(cur)
            valid_mode = False
            continue
        if s.startswith("How to start integrating"):
            cur = None
            continue
        if cur is None or not s:
            continue
        if s == "Valid values:":
            valid_mode = True
            cur.enum = []
            continue
        if valid_mode:
            v = s.lstrip("•").strip()
            try:
                cur.enum.append(json.loads(v))
            except ValueError:
                cur.enum.append(v)
            continue
        cur.desc = norm_space(cur.desc + " " + s.lstrip("•").strip())
    if not fields:
        raise DocError(f"no internal_numbers[] fields in {SIP_DETAIL_DOC}")
    for f in fields:
        if f.name == "number":
            f.desc = f.desc or "Phone number in E164 format."
        if f.name == "country":
            f.desc = f.desc or "Two letter country code of the country."
    return fields


def parse_cn_fields(lines):
    """Fields of the (Chinese-labelled) page in the SIP index: name / type /
    可选|必需 / description / constraints; nesting from 'array [object {N}]'."""
    out = []
    i = 0
    n = len(lines)
    recs = []
    while i < n:
        name = lines[i].strip()
        if i + 2 < n and re.match(r"^\w+$", name) and re.match(
                r"^(string|integer|boolean|number|array|object)\b", lines[i + 1].strip()) and \
                lines[i + 2].strip() in ("可选", "必需"):
            typ = lines[i + 1].strip()
            rec = {"name": name, "type": typ, "required": lines[i + 2].strip() == "必需", "desc": [],
                   "min_items": None, "max_items": None, "min_len": None, "max_len": None}
            i += 3
            while i < n and not (i + 2 < n and re.match(r"^\w+$", lines[i].strip()) and re.match(
                    r"^(string|integer|boolean|number|array|object)\b", lines[i + 1].strip()) and
                    lines[i + 2].strip() in ("可选", "必需")):
                s = lines[i].strip()
                m1 = re.findall(r"(>=|<=) (\d+) (items|字符)", s)
                if m1:
                    for op, num, unit in m1:
                        key = ("min_" if op == ">=" else "max_") + ("items" if unit == "items" else "len")
                        rec[key] = int(num)
                elif s:
                    rec["desc"].append(s)
                i += 1
            recs.append(rec)
        else:
            i += 1

    def build(k):
        r = recs[k]
        f = Field(r["name"], "array" if r["type"].startswith("array") else r["type"].split()[0])
        f.required = r["required"]
        f.desc = norm_space(" ".join(r["desc"]))
        f.limits = r
        k += 1
        m = re.search(r"\[object \{(\d+)\}\]", r["type"])
        if m:
            f.opens = "items"
            f.members = [[]]
            for _ in range(int(m.group(1))):
                child, k = build(k)
                f.members[0].append(child)
        return f, k

    k = 0
    while k < len(recs):
        f, k = build(k)
        out.append(f)
    return out


def parse_assign_trunks_page(text: str):
    """The 'Assign SIP trunks' page embedded in the SIP index document."""
    t = text.replace("\u00a0", " ")
    start = t.find("Assign SIP trunks\n\nPOST\n/accounts/{accountId}/sip_trunk/trunks")
    if start < 0:
        raise DocError(f"Assign SIP trunks page not found in {SIP_DOC}")
    page = t[start:]
    lines = page.split("\n")
    desc_lines = []
    for ln in lines[5:]:
        if ln.startswith("Scope:"):
            break
        desc_lines.append(ln.strip())
    scope = re.search(r"Scope: (\S+)", page).group(1)
    body_i = page.find("Body 参数")
    resp_i = page.find("返回响应")
    req_lines = page[body_i:resp_i].split("\n")[1:]
    resp_start = page.find("Body\n", resp_i)
    resp_end = page.find("🟠", resp_start)
    resp_lines = page[resp_start + 5:resp_end].split("\n")
    ex_m = re.search(r"201 - response\n(\{.*?\n\})", page, re.S)
    example = json.loads(ex_m.group(1)) if ex_m else None
    errors = []
    for m in re.finditer(r"🟠(\d{3})\*\*HTTP Status Code:\*\* `\d+` \*\*[^*]+\*\*<br> \*\*Error Code:\*\* `(\d+)`<br> (.*)", page):
        status, code, msg = int(m.group(1)), m.group(2), m.group(3)
        for part in [p.strip() for p in msg.split("<br>")]:
            part = part.lstrip("*").strip()
            if part:
                errors.append(make_error(status, code, part))
    return {
        "description": norm_space(" ".join(desc_lines)),
        "scope": scope,
        "request": parse_cn_fields(req_lines),
        "response": parse_cn_fields(resp_lines),
        "example": example,
        "errors": errors,
    }


def cn_schema(fields):
    root = Root()
    root.members = [fields]
    s = root_schema(root)

    def limits(fs, sch):
        for f in fs:
            r = f.limits
            p = sch["properties"][f.name]
            if r:
                if r["min_items"] is not None:
                    p["minItems"] = r["min_items"]
                if r["max_items"] is not None:
                    p["maxItems"] = r["max_items"]
                if r["min_len"] is not None:
                    p["minLength"] = r["min_len"]
                if r["max_len"] is not None:
                    p["maxLength"] = r["max_len"]
            if f.members:
                limits(f.members[0], p["items"])
    limits(fields, s)
    return s


# --------------------------------------------------------------------------
# platform responses
# --------------------------------------------------------------------------

def add_platform_responses(op, path):
    """Responses the platform gives every operation, which the documents list only for some:
    401 (code 124, no or bad token) everywhere; 400 (code 300, validation) where there is
    anything to validate (query parameters, a body); 404 (code 2001, unknown account) where
    the path names an account; 404 (code 404, unknown resource) where the path names a resource
    by id and the document lists no failure for it (neither 404 nor 400: where it documents a 400,
    the server answers an unknown id as that 400). Marked ``x-platform`` so they are told apart
    from documented ones."""
    responses = op["responses"]
    added = []
    documented_400 = "400" in responses
    resource_ids = [s for s in re.findall(r"\{(\w+)\}", path) if s != "accountId"]
    has_input = bool(op.get("requestBody")) or any(p.get("in") == "query" for p in op.get("parameters", []))
    if has_input and "400" not in responses:
        responses["400"] = OrderedDict([("description", "Bad Request: the request breaks the contract "
                                                        "(code 300, Validation Failed), or the next page token "
                                                        "is invalid or expired."), ("x-platform", True)])
        added.append(OrderedDict([("status", 400), ("code", 300), ("message", "Validation Failed.")]))
    if "401" not in responses:
        responses["401"] = OrderedDict([("description", "Unauthorized: no, invalid or expired access token "
                                                        "(code 124)."), ("x-platform", True)])
        added.append(OrderedDict([("status", 401), ("code", 124), ("message", "Invalid access token.")]))
    if "{accountId}" in path and "404" not in responses:
        responses["404"] = OrderedDict([("description", "Not Found: the account does not exist, or is not a "
                                                        "sub account of the caller's (code 2001)."),
                                        ("x-platform", True)])
        added.append(OrderedDict([("status", 404), ("code", 2001), ("message", "Account does not exist.")]))
    if resource_ids and "404" not in responses and not documented_400:
        responses["404"] = OrderedDict([("description", "Not Found: no resource of the caller's account has the "
                                                        f"{', '.join(resource_ids)} given in the path (code 404)."),
                                        ("x-platform", True)])
        added.append(OrderedDict([("status", 404), ("code", 404), ("message", "Not Found.")]))
    known = {(e["status"], e["code"]) for e in op.get("x-error-codes", [])}
    for e in added:
        if (e["status"], e["code"]) not in known:
            op.setdefault("x-error-codes", []).append(e)
    op["responses"] = OrderedDict(sorted(responses.items(), key=lambda kv: kv[0]))


# --------------------------------------------------------------------------
# operationId
# --------------------------------------------------------------------------

ARTICLES = {"a", "an", "the"}


def id_words(text: str):
    text = text.replace("'", "").replace("\u2019", "")
    return [w for w in re.split(r"[^A-Za-z0-9]+", text) if w]


def pascal(words):
    return "".join(w.lower().capitalize() for w in words)


def base_operation_id(summary: str) -> str:
    words = [w for w in id_words(summary) if w.lower() not in ARTICLES]
    if not words:
        raise DocError("empty summary")
    return words[0].lower() + pascal(words[1:])


def assign_operation_ids(ops):
    """ops: list of dicts with summary, tags, path. Sets op['operationId']."""
    ids = [base_operation_id(o["summary"]) for o in ops]

    def groups(values):
        g = {}
        for i, v in enumerate(values):
            g.setdefault(v, []).append(i)
        return {k: v for k, v in g.items() if len(v) > 1}

    # 1. A Number Management or SIP operation whose name a Phone operation also has names its
    #    product after the verb: listPhoneNumbers (Phone) / listNumberManagementPhoneNumbers.
    qualifier = {"number-management-api.txt": "NumberManagement"}
    for _, idxs in groups(ids).items():
        for i in idxs:
            q = qualifier.get(ops[i].get("document", ""))
            if q:
                verb = re.match(r"[a-z0-9]+", ids[i]).group(0)
                ids[i] = verb + q + ids[i][len(verb):]
    # 2. Still colliding: the tag, then the path's static segments.
    for _, idxs in groups(ids).items():
        for i in idxs:
            tag = ops[i]["tags"][0] if ops[i]["tags"] else ""
            ids[i] = ids[i] + "By" + pascal(id_words(tag))
    for _, idxs in groups(ids).items():
        for i in idxs:
            static = [s for s in ops[i]["path"].split("/") if s and not s.startswith("{")]
            ids[i] = ids[i] + pascal([w for s in static for w in id_words(s)])
    left = groups(ids)
    if left:
        raise DocError(f"operationId collisions remain: {sorted(left)}")
    for o, i in zip(ops, ids, strict=False):
        o["operationId"] = i


# --------------------------------------------------------------------------
# parameters
# --------------------------------------------------------------------------

PATH_PARAM_DESC = {
    "accountId": "The account ID. Use `me` for the account that owns the token "
                 "(master account APIs: the sub account ID).",
    "userId": "The user's ID or email address. For user-level apps, pass `me`.",
}


def camel_words(name: str):
    return re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", name)


def path_parameter(name: str):
    p = OrderedDict()
    p["name"] = name
    p["in"] = "path"
    p["required"] = True
    if name in PATH_PARAM_DESC:
        p["description"] = PATH_PARAM_DESC[name]
    else:
        words = [w.lower() for w in camel_words(name)]
        words = ["ID" if w == "id" else w for w in words]
        p["description"] = "The " + " ".join(words) + "."
    p["schema"] = OrderedDict([("type", "string")])
    return p


def pagination_parameters(label, page_size_desc, source="auto"):
    mx = None
    m = re.search(r"maximum (?:value )?is \**(\d+)", page_size_desc or "")
    if m:
        mx = int(m.group(1))
    if mx is None:
        mx = 300 if label == "LIGHT" else 100
    ps = OrderedDict()
    ps["name"] = "page_size"
    ps["in"] = "query"
    ps["required"] = False
    ps["description"] = f"The number of records returned within a single API call (default 30, maximum {mx})."
    ps["schema"] = OrderedDict([("type", "integer"), ("minimum", 1), ("maximum", mx), ("default", 30)])
    ps["x-source"] = source
    nt = OrderedDict()
    nt["name"] = "next_page_token"
    nt["in"] = "query"
    nt["required"] = False
    nt["description"] = ("The next page token paginates through a large set of results. It is returned "
                         "whenever the set of available results exceeds the current page size. "
                         "The expiration period for this token is 15 minutes.")
    nt["schema"] = OrderedDict([("type", "string")])
    nt["x-source"] = source
    return [ps, nt]


def parse_list_numbers_page(text: str):
    """phone-list-numbers.txt: the query parameters of GET /phone/numbers."""
    t = text.replace("\u00a0", " ")
    sec = t[t.find("Request Params"):t.find("HEADERS")]
    rows = re.findall(r"\|\s*(\w+)\s*\n\|\s*(\w+)\s*\|\s*(\w*)\s*\|(.*?)\|\s*(?=\n\|\s*\w+\s*\n\||\s*$)",
                      sec, re.S)
    params = []
    for name, typ, req, desc in rows:
        raw = desc
        enum = None
        vals = re.findall(r"^(\w+)\n:", raw, re.M)
        if vals:
            enum = vals
        elif "following:" in raw:
            after = raw.split("following:", 1)[1]
            enum = [ln.strip() for ln in after.split("\n") if re.fullmatch(r"[A-Za-z]+", ln.strip())]
        else:
            m = re.search(r"either (\w+)\s*\nor (\w+)", raw)
            if m:
                enum = [m.group(1), m.group(2)]
        schema = OrderedDict()
        if typ == "number" or name == "page_size":
            schema["type"] = "integer"
        else:
            schema["type"] = "string"
        if enum == ["true", "false"]:
            schema["type"] = "boolean"
            enum = None
        if enum:
            schema["enum"] = enum
        p = OrderedDict()
        p["name"] = name
        p["in"] = "query"
        p["required"] = req.strip().lower() in ("yes", "true", "required")
        p["description"] = norm_space(raw)
        p["schema"] = schema
        p["x-source"] = LIST_NUMBERS_DOC
        params.append(p)
    if not params:
        raise DocError(f"no query parameters found in {LIST_NUMBERS_DOC}")
    return params


def merge_params(base, extra):
    """Add/replace query parameters by name, keeping the first position."""
    out = list(base)
    for p in extra:
        for i, q in enumerate(out):
            if q["name"] == p["name"] and q["in"] == p["in"]:
                out[i] = p
                break
        else:
            out.append(p)
    return out


# --------------------------------------------------------------------------
# assembling the operations
# --------------------------------------------------------------------------

def load_tsv(docs):
    with open(os.path.join(docs, "operations.tsv"), newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    for r in rows:
        r["method"] = r["method"].strip().upper()
        r["path"] = r["path"].strip()
    return rows


def body_required(schema) -> bool:
    """A body is required when it is an array, or any object in it has required fields."""
    if isinstance(schema, dict) and schema.get("type") == "array":
        return True
    return body_required_obj(schema)


def body_required_obj(schema) -> bool:
    if not isinstance(schema, dict):
        return False
    if schema.get("required"):
        return True
    for kw in ("allOf", "oneOf", "anyOf"):
        for sub in schema.get(kw, []):
            if body_required_obj(sub):
                return True
    for p in schema.get("properties", {}).values():
        if body_required_obj(p):
            return True
    if isinstance(schema.get("items"), dict):
        return body_required_obj(schema["items"])
    return False


def media(schema, example, has_example):
    mt = OrderedDict()
    mt["schema"] = schema
    if has_example:
        mt["example"] = example
    return mt


def dedupe_errors(errors):
    out, seen = [], set()
    for e in errors:
        k = json.dumps(e, sort_keys=True)
        if k not in seen:
            seen.add(k)
            out.append(e)
    return out


class Ctx:
    def __init__(self):
        self.examples = []      # (opkey, where, schema, example)
        self.anyof = 0
        self.notes = []


def phone_body_schema(body, ctx_d):
    if body["tokens"]:
        root = build_tree(body["tokens"], body["example"] if body["example_ok"] else None)
        return root_schema(root, ctx_d)
    return None


def make_operation(row, doc_op, ctx: Ctx, kind):
    """kind: 'phone' | 'nm' (doc_op parsed from the document)."""
    op = OrderedDict()
    op["summary"] = row["summary"]
    op["description"] = doc_op["description"]
    op["tags"] = doc_op["tags"]
    op["parameters"] = [path_parameter(n) for n in re.findall(r"\{(\w+)\}", row["path"])]
    ctx_d = {}
    opkey = "{} {}".format(row["method"], row["path"])
    req = doc_op["request"]
    if req:
        if kind == "phone":
            schema = phone_body_schema(req, ctx_d)
        else:
            schema = root_schema(req["root"], ctx_d)
        if req["content_type"] == "multipart/form-data":
            schema = OrderedDict([("type", "object"), ("properties", OrderedDict()), ("required", [])])
            # the flattened document calls the file an 'object'; on the wire it is a file part
            for t in req.get("tokens", []):
                if t[0] == "field":
                    f = t[1]
                    p = OrderedDict([("type", "string"), ("format", "binary"), ("description", f.desc)])
                    schema["properties"][f.name] = p
                    if f.required:
                        schema["required"].append(f.name)
            if not schema["required"]:
                schema.pop("required")
            rb = OrderedDict()
            rb["required"] = True
            rb["content"] = OrderedDict([("multipart/form-data", OrderedDict([("schema", schema)]))])
            op["requestBody"] = rb
        elif schema is not None:
            rb = OrderedDict()
            rb["required"] = body_required(schema)
            has_ex = req["example_ok"] and req["example"] is not None
            rb["content"] = OrderedDict([("application/json", media(schema, req["example"], has_ex))])
            op["requestBody"] = rb
            if has_ex:
                ctx.examples.append((opkey, "requestBody", schema, req["example"]))
    responses = OrderedDict()
    for r in doc_op["responses"]:
        ro = OrderedDict()
        ro["description"] = r["description"] or "Status {}".format(r["status"])
        b = r["body"]
        if b and r["status"] != "204":
            if kind == "phone":
                schema = phone_body_schema(b, ctx_d)
            else:
                schema = root_schema(b["root"], ctx_d)
            has_ex = b["example_ok"] and b["example"] is not None
            if schema is None and has_ex:
                schema = schema_from_example(b["example"])
                ctx.notes.append("{} {}: schema inferred from the example".format(opkey, r["status"]))
            if schema is not None:
                ro["content"] = OrderedDict([("application/json", media(schema, b["example"], has_ex))])
                if has_ex:
                    ctx.examples.append((opkey, r["status"], schema, b["example"]))
        responses[r["status"]] = ro
    op["responses"] = responses
    ctx.anyof += ctx_d.get("anyof", 0)
    return op


def schema_from_example(v):
    if isinstance(v, dict):
        return OrderedDict([("type", "object"),
                            ("properties", OrderedDict((k, schema_from_example(x)) for k, x in v.items()))])
    if isinstance(v, list):
        s = OrderedDict([("type", "array")])
        if v:
            s["items"] = schema_from_example(v[0])
        return s
    if isinstance(v, bool):
        return OrderedDict([("type", "boolean")])
    if isinstance(v, int):
        return OrderedDict([("type", "integer")])
    if isinstance(v, float):
        return OrderedDict([("type", "number")])
    if v is None:
        return OrderedDict()
    return OrderedDict([("type", "string")])


def finish_operation(op, row, doc_op, document, label_doc):
    label = norm_label(row.get("rate_limit_label")) or label_doc
    if label is None:
        raise DocError("no rate limit label for {} {}".format(row["method"], row["path"]))
    op["x-scopes"] = list(doc_op["scopes"])
    op["x-granular-scopes"] = list(doc_op["granular"])
    op["x-rate-limit-label"] = label
    op["x-area"] = row["area"]
    op["x-document"] = document
    op["x-error-codes"] = dedupe_errors(doc_op["errors"])
    if doc_op.get("deprecated") or "deprecated" in (row.get("note") or "").lower():
        op["deprecated"] = True
    op["security"] = [OrderedDict([("oauth", op["x-scopes"] + [s for s in op["x-granular-scopes"]
                                                              if s not in op["x-scopes"]])])]
    return op


def has_next_page_token(op):
    r = op["responses"].get("200")
    if not r or "content" not in r:
        return None
    schema = r["content"]["application/json"]["schema"]
    props = schema_props(schema)
    if "next_page_token" in props:
        return props.get("page_size", {}).get("description", "")
    return None


# --------------------------------------------------------------------------
# SIP Connected Audio operations
# --------------------------------------------------------------------------

DERIVED_NOTE = ("Derived from the operation name in the SIP Connected Audio index "
                "(zoom-api-index-sip-connected-audio.txt) and Zoom's API conventions, not from a "
                "detailed documentation page.")
SIP_PREREQ = ("Prerequisites: the account making this API request must be a master account with "
              "API Partner Plan and SIP Connected Audio Plan.")


def S(type_, desc=None, **kw):
    s = OrderedDict([("type", type_)])
    for k, v in kw.items():
        s[k] = v
    if desc:
        s["description"] = desc
    return s


def obj(props, required=None, desc=None):
    s = OrderedDict([("type", "object"), ("properties", OrderedDict(props))])
    if required:
        s["required"] = list(required)
    if desc:
        s["description"] = desc
    return s


def arr(items, desc=None, **kw):
    s = OrderedDict([("type", "array"), ("items", items)])
    for k, v in kw.items():
        s[k] = v
    if desc:
        s["description"] = desc
    return s


def internal_number_schema(fields, with_id):
    props = []
    if with_id:
        props.append(("id", S("string", "Unique identifier of the internal number.")))
    req = []
    for f in fields:
        s = scalar_schema(f)
        if f.name == "country":
            s["minLength"] = 2
            s["maxLength"] = 2
        props.append((f.name, s))
        if f.required:
            req.append(f.name)
    return obj(props, req if not with_id else None)


def sip_operations(docs):
    idx_text = open(os.path.join(docs, SIP_DOC), encoding="utf-8").read()
    det_text = open(os.path.join(docs, SIP_DETAIL_DOC), encoding="utf-8").read()
    in_fields = parse_internal_numbers_page(det_text)
    trunks = parse_assign_trunks_page(idx_text)
    det_desc_lines = []
    for ln in det_text.replace("\u00a0", " ").split("\n")[1:]:
        if ln.strip().startswith("Prerequisites") or ln.strip() == "Servers":
            break
        if ln.strip():
            det_desc_lines.append(ln.strip())
    in_desc = norm_space(" ".join(det_desc_lines))

    account_errors = [e for e in trunks["errors"] if e["status"] == 404]
    plan_error = [e for e in trunks["errors"] if e["status"] == 400][:1]
    derived_errors = plan_error + account_errors

    trunk_item = obj([
        ("id", S("string", "Unique identifier of the SIP trunk.")),
        ("name", S("string", "Name of the SIP trunk.")),
        ("number_prefix", S("string", "If the value of this field is \"0\", all calls are routed through "
                                      "this special line; other values are the prefix of the phone number.")),
        ("sip_server_address", S("string", "IP address or domain of the SIP trunk.")),
        ("dnis", S("string", "DNIS - identifier for the SIP trunk enabled account.")),
        ("outbound_caller_id", S("string", "The outbound caller ID assigned to the trunk.")),
    ])
    country_item = obj([
        ("id", S("string", "The country ID (two-letter country code, e.g. `US`).")),
        ("name", S("string", "The country name.")),
        ("code", S("string", "The country calling code (e.g. `1`).")),
    ])
    in_item = internal_number_schema(in_fields, True)
    in_body_item = internal_number_schema(in_fields, False)
    number_item = obj([("number", S("string", "The phone number, in E.164 format."))], ["number"])
    listed_number = obj([
        ("number", S("string", "The phone number, in E.164 format.")),
        ("display_number", S("string", "The phone number in display format.")),
        ("country", S("string", "Two letter country code of the number.", minLength=2, maxLength=2)),
        ("type", S("integer", "Type of phone number: `0` toll, `1` tollfree.", enum=[0, 1])),
    ])

    def list_of(coll, item, paginated):
        props = []
        if paginated:
            props.append(("next_page_token", S("string", "The next page token paginates through a large "
                                                          "set of results; it expires in 15 minutes.")))
            props.append(("page_size", S("integer", "The number of records returned within a single API call.")))
        props.append(("total_records", S("integer", "The total number of records returned.")))
        props.append((coll, arr(item)))
        return obj(props)

    ops = OrderedDict()

    def add(method, path, desc, granular, label, request=None, responses=None, derived=True,
            errors=None, req_required=True, example=None):
        o = OrderedDict()
        o["description"] = desc
        o["derived"] = derived
        o["granular"] = granular
        o["label"] = label
        o["request"] = request
        o["req_required"] = req_required
        o["responses"] = responses
        o["errors"] = errors if errors is not None else derived_errors
        o["example"] = example
        ops[(method, path)] = o

    base = "/accounts/{accountId}/sip_trunk"
    def ok204(d):
        return OrderedDict([("204", (d, None))])
    add("GET", base + "/callout_countries",
        "List the internal call-out countries of a sub account. " + SIP_PREREQ,
        ["sip_trunk:read:list_callout_countries:master"], "LIGHT",
        responses=OrderedDict([("200", ("Internal call-out countries listed.",
                                        list_of("callout_countries", country_item, False)))]))
    add("POST", base + "/callout_countries",
        "Add internal call-out countries to a sub account. " + SIP_PREREQ,
        ["sip_trunk:write:callout_countries:master"], "MEDIUM",
        request=obj([("callout_countries", arr(obj([("id", S("string", "Two-letter country code "
                                                                          "(e.g. `US`)."))], ["id"]),
                                               "The countries to add.", minItems=1))],
                    ["callout_countries"]),
        responses=OrderedDict([("201", ("Internal call-out countries added.",
                                        obj([("callout_countries", arr(country_item))])))]))
    add("DELETE", base + "/callout_countries/{countryId}",
        "Delete an internal call-out country from a sub account. " + SIP_PREREQ,
        ["sip_trunk:delete:callout_country:master"], "LIGHT",
        responses=ok204("Internal call-out country deleted."))
    add("GET", base + "/internal_numbers",
        "List the internal phone numbers of a master or sub account. " + SIP_PREREQ,
        ["sip_trunk:read:list_internal_numbers:master"], "LIGHT",
        responses=OrderedDict([("200", ("Internal numbers listed.",
                                        list_of("internal_numbers", in_item, True)))]))
    add("POST", base + "/internal_numbers", in_desc,
        ["sip_trunk:write:internal_numbers:master"], "MEDIUM",
        request=obj([("internal_numbers", arr(in_body_item, "The internal numbers to add."))],
                    None),
        responses=OrderedDict([("201", ("Internal numbers added. (Response body derived from Zoom's "
                                        "conventions: the added numbers with their IDs.)",
                                        obj([("internal_numbers", arr(in_item))])))]),
        derived=False, req_required=None)
    add("DELETE", base + "/internal_numbers/{numberId}",
        "Delete an internal number from a master or sub account. " + SIP_PREREQ,
        ["sip_trunk:delete:internal_number:master"], "LIGHT",
        responses=ok204("Internal number deleted."))
    add("DELETE", base + "/numbers",
        "Delete all numbers assigned to a sub account's SIP trunks. " + SIP_PREREQ,
        ["sip_trunk:delete:numbers:master"], "MEDIUM",
        responses=ok204("All numbers deleted."))
    add("POST", base + "/numbers",
        "Assign phone numbers to a sub account's SIP trunks. " + SIP_PREREQ,
        ["sip_trunk:write:numbers:master"], "MEDIUM",
        request=obj([("phone_numbers", arr(number_item, "The phone numbers to assign.", minItems=1))],
                    ["phone_numbers"]),
        responses=OrderedDict([("201", ("Numbers assigned.",
                                        obj([("phone_numbers", arr(number_item))])))]))
    add("PATCH", base + "/settings",
        "Enable or disable SIP Connected Audio for a sub account and configure which Zoom-provided "
        "numbers and call-out countries are shown. " + SIP_PREREQ,
        ["sip_trunk:update:settings:master"], "MEDIUM",
        request=obj([
            ("enable", S("boolean", "Enable SIP Connected Audio for the sub account.")),
            ("show_callout_internal_number", S("boolean", "Show the internal call-out numbers to the "
                                                          "sub account's users.")),
            ("show_zoom_provided_callout_countries", S("integer", "How Zoom-provided call-out countries "
                                                                 "are shown.")),
            ("show_zoom_provided_numbers", S("integer", "How Zoom-provided dial-in numbers are shown.")),
        ], ["enable"]),
        responses=ok204("SIP trunk configuration assigned."))
    add("GET", base + "/trunks",
        "List the SIP trunks of a master or sub account. " + SIP_PREREQ,
        ["sip_trunk:read:list_sip_trunks:master"], "LIGHT",
        responses=OrderedDict([("200", ("SIP trunks listed.", list_of("sip_trunks", trunk_item, False)))]))
    add("POST", base + "/trunks", trunks["description"],
        ["sip_trunk:write:sip_trunks:master"], "MEDIUM",
        request=cn_schema(trunks["request"]),
        responses=OrderedDict([("201", ("SIP trunks assigned successfully.",
                                        cn_schema(trunks["response"])))]),
        derived=False, errors=trunks["errors"], req_required=None, example=trunks["example"])
    add("DELETE", base + "/trunks/{trunkId}",
        "Remove a SIP trunk assigned to a sub account. " + SIP_PREREQ,
        ["sip_trunk:delete:sip_trunk:master"], "LIGHT",
        responses=ok204("SIP trunk deleted."))
    add("GET", "/sip_trunk/numbers",
        "List the phone numbers assigned to the master account's SIP trunks. " + SIP_PREREQ,
        ["sip_trunk:read:list_numbers:master"], "LIGHT",
        responses=OrderedDict([("200", ("SIP trunk numbers listed.",
                                        list_of("phone_numbers", listed_number, False)))]),
        errors=plan_error)
    return ops, trunks["scope"]


STD_RESPONSES = OrderedDict([
    ("400", "Bad Request"),
    ("401", "Unauthorized"),
    ("404", "Not Found"),
    ("429", "Too Many Requests. For more information, see rate limits."),
])


def make_sip_operation(row, spec, scope, ctx: Ctx):
    op = OrderedDict()
    op["summary"] = row["summary"]
    desc = spec["description"]
    if spec["derived"]:
        desc = desc + " " + DERIVED_NOTE
    op["description"] = desc
    op["tags"] = [SIP_TAG]
    op["parameters"] = [path_parameter(n) for n in re.findall(r"\{(\w+)\}", row["path"])]
    opkey = "{} {}".format(row["method"], row["path"])
    if spec["request"] is not None:
        rb = OrderedDict()
        rb["required"] = spec["req_required"] if spec["req_required"] is not None else body_required(spec["request"])
        rb["content"] = OrderedDict([("application/json", OrderedDict([("schema", spec["request"])]))])
        op["requestBody"] = rb
    responses = OrderedDict()
    for status, (d, schema) in spec["responses"].items():
        ro = OrderedDict([("description", d)])
        if schema is not None:
            mt = OrderedDict([("schema", schema)])
            if spec["example"] is not None and status == "201":
                mt["example"] = spec["example"]
                ctx.examples.append((opkey, status, schema, spec["example"]))
            ro["content"] = OrderedDict([("application/json", mt)])
        responses[status] = ro
    for e in spec["errors"]:
        st = str(e["status"])
        if st not in responses:
            responses[st] = OrderedDict([("description", STD_RESPONSES.get(st, "Error"))])
    for st in ("401", "429"):
        responses.setdefault(st, OrderedDict([("description", STD_RESPONSES[st])]))
    op["responses"] = OrderedDict(sorted(responses.items()))
    doc_op = {"scopes": [scope], "granular": spec["granular"], "errors": spec["errors"]}
    op = finish_operation(op, row, doc_op, SIP_DOC, spec["label"])
    if spec["derived"]:
        op["x-derived"] = True
    return op


# --------------------------------------------------------------------------
# overlay
# --------------------------------------------------------------------------

def load_overlay(path):
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh, object_pairs_hook=OrderedDict)
    return data.get("operations", OrderedDict())


def overlay_parameter(p):
    q = OrderedDict()
    q["name"] = p["name"]
    q["in"] = p.get("in", "query")
    q["required"] = bool(p.get("required", False))
    if p.get("description"):
        q["description"] = p["description"]
    if "style" in p:
        q["style"] = p["style"]
    if "explode" in p:
        q["explode"] = p["explode"]
    q["schema"] = p["schema"]
    q["x-source"] = "overlay"
    return q


def apply_overlay(op, entry, key):
    params = [overlay_parameter(p) for p in entry.get("parameters", [])]
    if params:
        op["parameters"] = merge_params(op["parameters"], params)
    if "requestBody" in entry:
        if "requestBody" in op:
            raise DocError(f"overlay requestBody for {key}, but the document has one")
        rb = OrderedDict()
        rb["required"] = bool(entry["requestBody"].get("required", True))
        rb["content"] = OrderedDict([("application/json", OrderedDict([
            ("schema", entry["requestBody"]["schema"])]))])
        rb["x-source"] = "overlay"
        op["requestBody"] = rb
        # keep the order requestBody before responses
        resp = op.pop("responses")
        rest = OrderedDict()
        for k in list(op.keys()):
            if k.startswith("x-") or k in ("deprecated", "security"):
                rest[k] = op.pop(k)
        op["responses"] = resp
        op.update(rest)
    if entry.get("note"):
        op["description"] = op["description"] + " (phonestack: " + entry["note"] + ")"


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def generate(docs, overlay_path, quiet=False):
    rows = load_tsv(docs)
    phone_text = open(os.path.join(docs, PHONE_DOC), encoding="utf-8").read().replace("\u00a0", " ")
    nm_text = open(os.path.join(docs, NM_DOC), encoding="utf-8").read()
    phone_ops = parse_phone_doc(phone_text)
    nm_ops = parse_nm_doc(nm_text)
    # global knowledge for the nesting heuristic: keys seen under each object name
    all_examples = []
    for o in phone_ops:
        for b in [o["request"]] + [r["body"] for r in o["responses"]]:
            if b and b["example_ok"]:
                all_examples.append(b["example"])
    for o in nm_ops:
        for b in [o["request"]] + [r["body"] for r in o["responses"]]:
            if b and b["example_ok"]:
                all_examples.append(b["example"])
    GLOBAL_KEYS.clear()
    learn_global_keys(all_examples)

    by_doc = {
        PHONE_DOC: {(o["method"], o["path"]): o for o in phone_ops},
        NM_DOC: {(o["method"], o["path"]): o for o in nm_ops},
    }
    sip_specs, sip_scope = sip_operations(docs)
    overlay = load_overlay(overlay_path) if overlay_path and os.path.exists(overlay_path) else {}
    list_numbers_params = parse_list_numbers_page(
        open(os.path.join(docs, LIST_NUMBERS_DOC), encoding="utf-8").read())

    ctx = Ctx()
    built = []
    used_overlay = set()
    for row in rows:
        key = (row["method"], row["path"])
        doc = row["document"]
        if doc == SIP_DOC:
            if key not in sip_specs:
                raise DocError("no SIP spec for {} {}".format(*key))
            op = make_sip_operation(row, sip_specs[key], sip_scope, ctx)
        else:
            kind = "phone" if doc == PHONE_DOC else "nm"
            doc_op = by_doc[doc].get(key)
            if doc_op is None:
                raise DocError(f"{key[0]} {key[1]} not found in {doc}")
            op = make_operation(row, doc_op, ctx, kind)
            label = doc_op["label"]
            ov_label = overlay.get("{} {}".format(*key), {}).get("rate_limit_label")
            if not norm_label(row.get("rate_limit_label")) and label is None and ov_label:
                label = norm_label(ov_label)
                op["x-rate-limit-label-source"] = "overlay"
            op = finish_operation(op, row, doc_op, doc, label)
        # automatic pagination parameters
        if row["method"] == "GET":
            ps_desc = has_next_page_token(op)
            if ps_desc is not None:
                op["parameters"] = merge_params(op["parameters"],
                                                pagination_parameters(op["x-rate-limit-label"], ps_desc))
        if key == ("GET", "/phone/numbers"):
            extra = []
            for p in list_numbers_params:
                p = copy.deepcopy(p)
                if p["name"] == "page_size":
                    auto = [q for q in op["parameters"] if q["name"] == "page_size"]
                    if auto:
                        p["schema"] = copy.deepcopy(auto[0]["schema"])
                extra.append(p)
            op["parameters"] = merge_params(op["parameters"], extra)
        okey = "{} {}".format(*key)
        if okey in overlay:
            apply_overlay(op, overlay[okey], okey)
            used_overlay.add(okey)
        add_platform_responses(op, key[1])
        built.append((row, op))
    unknown = [k for k in overlay if k not in used_overlay and not k.startswith("_")]
    if unknown:
        raise DocError(f"overlay keys that match no operation: {unknown}")

    recs = [OrderedDict([("summary", r["summary"]), ("tags", op["tags"]), ("path", r["path"]),
                         ("document", r["document"])])
            for r, op in built]
    assign_operation_ids(recs)
    final = []
    for (r, op), rec in zip(built, recs, strict=False):
        o = OrderedDict([("operationId", rec["operationId"])])
        o.update(op)
        final.append((r, o))
    built = final + accounts_operations()
    return rows, built, ctx


ACCOUNTS_OPS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "accounts_operations.json")


def accounts_operations():
    """The sub-account operations a master needs (the Accounts section of the SIP Connected
    Audio index): written by hand in tools/accounts_operations.json, area ``accounts``, outside
    the operations.tsv checklist."""
    with open(ACCOUNTS_OPS, encoding="utf-8") as fh:
        data = json.load(fh, object_pairs_hook=OrderedDict)
    out = []
    for entry in data["operations"]:
        op = OrderedDict(entry["operation"])
        op.setdefault("parameters", [])
        op["x-area"] = "accounts"
        op["x-document"] = "zoom-api-index-sip-connected-audio.txt#accounts"
        op["x-derived"] = True
        op["deprecated"] = False
        op["security"] = [OrderedDict([("oauth", list(op["x-scopes"]) + list(op["x-granular-scopes"]))])]
        row = OrderedDict([("method", entry["method"]), ("path", entry["path"]), ("summary", op["summary"]),
                           ("document", op["x-document"])])
        out.append((row, op))
    return out


def assemble(rows, built):
    tags = []
    for _, op in built:
        for t in op["tags"]:
            if t not in tags:
                tags.append(t)
    paths = OrderedDict()
    for row, op in built:
        paths.setdefault(row["path"], OrderedDict())[row["method"].lower()] = op
    doc = OrderedDict()
    doc["openapi"] = "3.1.0"
    doc["info"] = OrderedDict([
        ("title", "phonestack: Zoom Phone, Number Management and SIP Connected Audio APIs"),
        ("version", "2"),
        ("description", "Generated by tools/gen_openapi.py from the Zoom API documents "
                        "(see docs/spec.md). Do not edit by hand."),
    ])
    doc["servers"] = [OrderedDict([("url", "/v2")])]
    doc["tags"] = [OrderedDict([("name", t)]) for t in tags]
    doc["paths"] = paths
    doc["components"] = OrderedDict([("securitySchemes", OrderedDict([("oauth", OrderedDict([
        ("type", "oauth2"),
        ("flows", OrderedDict([("clientCredentials", OrderedDict([
            ("tokenUrl", "/oauth/token"), ("scopes", OrderedDict())]))])),
    ]))]))])
    # declare every scope used, so that the security requirements are resolvable
    scopes = OrderedDict()
    for _, op in built:
        for s in op["security"][0]["oauth"]:
            scopes.setdefault(s, s)
    doc["components"]["securitySchemes"]["oauth"]["flows"]["clientCredentials"]["scopes"] = \
        OrderedDict(sorted(scopes.items()))
    return doc


def validate_examples(ctx: Ctx, verbose=False):
    """Returns (validated, total, strict_ok, problems) or None without fastjsonschema."""
    try:
        import fastjsonschema  # noqa
    except ImportError:
        return None
    ok = strict = 0
    problems = []
    for opkey, where, schema, example in ctx.examples:
        try:
            fastjsonschema.compile(schema, use_formats=False)(example)
            ok += 1
            good = True
        except fastjsonschema.JsonSchemaException as e:
            problems.append("{} [{}]: {}".format(opkey, where, getattr(e, "message", str(e))[:200]))
            good = False
        und = undocumented_keys(schema, example)
        if not und:
            strict += 1
        else:
            problems.append("{} [{}]: example keys not in schema: {}".format(opkey, where, ", ".join(und[:5])))
        del good
    return ok, len(ctx.examples), strict, problems


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", default=DEFAULT_DOCS)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--ids", default=None, help="where to write operation_ids.tsv "
                    "(default: tools/operation_ids.tsv when --out is the default)")
    ap.add_argument("--overlay", default=DEFAULT_OVERLAY)
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--verbose", action="store_true", help="list the examples that do not fit")
    args = ap.parse_args(argv)
    rows, built, ctx = generate(args.docs, args.overlay, args.quiet)
    doc = assemble(rows, built)
    text = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    ids_path = args.ids or (DEFAULT_IDS if os.path.abspath(args.out) == os.path.abspath(DEFAULT_OUT) else None)
    if ids_path:
        with open(ids_path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write("method\tpath\toperationId\n")
            for row, op in built:
                fh.write("{}\t{}\t{}\n".format(row["method"], row["path"], op["operationId"]))
    if not args.quiet:
        n = len(built)
        per_doc = {}
        for _, op in built:
            per_doc[op["x-document"]] = per_doc.get(op["x-document"], 0) + 1
        print(f"wrote {os.path.relpath(args.out)}: {n} operations {per_doc}")
        res = validate_examples(ctx)
        if res is None:
            print("fastjsonschema not installed: examples not checked")
        else:
            ok, total, strict, problems = res
            pct_ok, pct_strict = 100.0 * ok / max(total, 1), 100.0 * strict / max(total, 1)
            print(f"examples: {ok}/{total} validate against their schema ({pct_ok:.1f}%); "
                  f"{strict}/{total} have no keys outside the schema ({pct_strict:.1f}%); "
                  f"oneOf emitted as anyOf: {ctx.anyof}")
            if args.verbose:
                for p in problems:
                    print("  " + p)
        for note in ctx.notes:
            print("note: " + note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
