"""The firmware catalog: the desk-phone models phonestack knows and their firmware versions.

Zoom publishes the firmwares it supports per device type (brand) and model; phonestack keeps
them as a constant table. The models are those of the demo desk phones (``devices/seed.py``:
Yealink, Poly, Cisco) and of the site security settings' device types, plus Zoom's own example
(AudioCodes 445HD). The version each demo phone runs is available (status 1); each model also
has a newer available version, and an older one that is sunset (3) or unavailable (2).
"""

from __future__ import annotations

from typing import Any

AVAILABLE, UNAVAILABLE, SUNSET = 1, 2, 3

# device_type, device_model, [(version, status, update_log, expire_time)]
CATALOG: list[tuple[str, str, list[tuple[str, int, str, str]]]] = [
    ("AudioCodes", "445HD", [
        ("3.4.5.18", AVAILABLE, "1. Supports call forwarding for Zoom Phone", "2027-05-29T00:00:00Z"),
        ("3.4.4.1", SUNSET, "1. Security fixes", "2025-05-29T00:00:00Z"),
    ]),
    ("Cisco", "6841", [
        ("sip68xx.12-0-1MPP", AVAILABLE, "1. Supports Zoom Phone line keys", "2027-03-31T00:00:00Z"),
        ("sip68xx.12-0-2MPP", AVAILABLE, "1. Call park fixes 2. Security fixes", "2028-03-31T00:00:00Z"),
        ("sip68xx.11-3-7MPP", SUNSET, "1. Legacy release", "2025-03-31T00:00:00Z"),
    ]),
    ("Cisco", "8841", [
        ("sip88xx.14-1-1MPP", AVAILABLE, "1. Supports Zoom Phone hot desking", "2027-06-30T00:00:00Z"),
        ("sip88xx.14-2-1MPP", AVAILABLE, "1. Faster provisioning 2. Security fixes", "2028-06-30T00:00:00Z"),
        ("sip88xx.12-8-1MPP", UNAVAILABLE, "1. Withdrawn release", "2026-01-31T00:00:00Z"),
    ]),
    ("Cisco", "8851", [
        ("sip88xx.14-1-1MPP", AVAILABLE, "1. Supports Zoom Phone hot desking", "2027-06-30T00:00:00Z"),
        ("sip88xx.14-2-1MPP", AVAILABLE, "1. Faster provisioning 2. Security fixes", "2028-06-30T00:00:00Z"),
        ("sip88xx.12-8-1MPP", UNAVAILABLE, "1. Withdrawn release", "2026-01-31T00:00:00Z"),
    ]),
    ("Poly", "CCX 400", [
        ("8.1.2.1011", AVAILABLE, "1. Supports Zoom Phone visual voicemail", "2027-09-30T00:00:00Z"),
        ("8.1.3.1300", AVAILABLE, "1. Bluetooth headset fixes", "2028-09-30T00:00:00Z"),
        ("7.2.4.0211", SUNSET, "1. Legacy release", "2025-09-30T00:00:00Z"),
    ]),
    ("Poly", "Edge E220", [
        ("8.1.2.1011", AVAILABLE, "1. Supports Zoom Phone visual voicemail", "2027-09-30T00:00:00Z"),
        ("8.1.3.1300", AVAILABLE, "1. Bluetooth headset fixes", "2028-09-30T00:00:00Z"),
        ("7.2.4.0211", SUNSET, "1. Legacy release", "2025-09-30T00:00:00Z"),
    ]),
    ("Poly", "Trio C60", [
        ("7.2.6.1093", AVAILABLE, "1. Supports Zoom Phone conference calls", "2027-12-31T00:00:00Z"),
        ("7.2.4.0211", SUNSET, "1. Legacy release", "2025-09-30T00:00:00Z"),
    ]),
    ("Poly", "VVX 250", [
        ("6.4.3.5156", AVAILABLE, "1. Supports Zoom Phone busy lamp field", "2027-04-30T00:00:00Z"),
        ("6.4.5.0790", AVAILABLE, "1. Call history fixes 2. Security fixes", "2028-04-30T00:00:00Z"),
        ("6.3.1.8427", SUNSET, "1. Legacy release", "2025-04-30T00:00:00Z"),
    ]),
    ("Poly", "VVX 450", [
        ("6.4.3.5156", AVAILABLE, "1. Supports Zoom Phone busy lamp field", "2027-04-30T00:00:00Z"),
        ("6.4.5.0790", AVAILABLE, "1. Call history fixes 2. Security fixes", "2028-04-30T00:00:00Z"),
        ("6.3.1.8427", SUNSET, "1. Legacy release", "2025-04-30T00:00:00Z"),
    ]),
    ("Yealink", "T33G", [
        ("124.86.0.40", AVAILABLE, "1. Supports Zoom Phone call park", "2027-02-28T00:00:00Z"),
        ("124.86.0.75", AVAILABLE, "1. Call park fixes 2. Security fixes", "2028-02-28T00:00:00Z"),
        ("124.85.0.40", SUNSET, "1. Legacy release", "2025-02-28T00:00:00Z"),
    ]),
    ("Yealink", "T46U", [
        ("108.86.0.45", AVAILABLE, "1. Supports Zoom Phone call park", "2027-02-28T00:00:00Z"),
        ("108.86.0.90", AVAILABLE, "1. Call park fixes 2. Security fixes", "2028-02-28T00:00:00Z"),
        ("108.85.0.20", UNAVAILABLE, "1. Withdrawn release", "2026-02-28T00:00:00Z"),
    ]),
    ("Yealink", "T54W", [
        ("96.86.0.70", AVAILABLE, "1. Supports Zoom Phone hot desking", "2027-02-28T00:00:00Z"),
        ("96.86.0.100", AVAILABLE, "1. Wi-Fi roaming fixes 2. Security fixes", "2028-02-28T00:00:00Z"),
        ("96.85.0.5", SUNSET, "1. Legacy release", "2025-02-28T00:00:00Z"),
    ]),
    ("Yealink", "T57W", [
        ("96.86.0.70", AVAILABLE, "1. Supports Zoom Phone hot desking", "2027-02-28T00:00:00Z"),
        ("96.86.0.100", AVAILABLE, "1. Wi-Fi roaming fixes 2. Security fixes", "2028-02-28T00:00:00Z"),
        ("96.85.0.5", SUNSET, "1. Legacy release", "2025-02-28T00:00:00Z"),
    ]),
]


def _key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


_MODELS: dict[tuple[str, str], tuple[str, str, list[tuple[str, int, str, str]]]] = {
    (_key(dt), _key(dm)): (dt, dm, versions) for dt, dm, versions in CATALOG
}


def model(device_type: str, device_model: str) -> tuple[str, str, list[tuple[str, int, str, str]]] | None:
    """(device_type, device_model, versions) as the catalog spells them (case and spacing
    ignored: ``yealink`` / ``t54w`` match), or None."""
    return _MODELS.get((_key(device_type), _key(device_model)))


def version(device_type: str, device_model: str, ver: str) -> tuple[str, int, str, str] | None:
    m = model(device_type, device_model)
    if m is None:
        return None
    return next((v for v in m[2] if v[0] == str(ver).strip()), None)


def view(device_type: str, device_model: str, versions: list[tuple[str, int, str, str]]) -> dict[str, Any]:
    return {"device_type": device_type, "device_model": device_model,
            "versions": [{"version": v, "update_log": log, "expire_time": exp, "status": st}
                         for v, st, log, exp in versions]}
