"""phonestack's rate table for the SMS/MMS and fax charges reports (USD; amounts in millionths so
that sums are exact). Documented in docs/messaging-and-insights.md.

- SMS: per 160-character segment, by the country of the external party; MMS: per message.
  Only outbound messages to external numbers that were handed to the carrier are charged
  (inbound, on-net, i.e. between two numbers of the account, and ``failed_to_send`` cost 0).
- Fax: per page; ``local`` when sender and receiver are in the same country, else
  ``international`` at the receiver country's rate. Only sent outbound faxes are charged.
"""

from __future__ import annotations

SMS_MICROS = {"US": 7_900, "CA": 7_900, "GB": 40_000, "MX": 50_000, "DE": 80_000, "FR": 75_000, "IN": 30_000}
SMS_DEFAULT = 60_000
MMS_MICROS = {"US": 20_000, "CA": 20_000}
MMS_DEFAULT = 100_000
FAX_LOCAL_MICROS = 10_000
FAX_INTERNATIONAL_MICROS = {"CA": 20_000, "GB": 40_600, "DE": 40_600, "FR": 40_600, "MX": 50_000, "IN": 60_000}
FAX_INTERNATIONAL_DEFAULT = 80_000


def money(micros: int) -> str:
    """USD with 4 decimals (the documented examples: "0.0205", "0.203")."""
    return f"{micros / 1_000_000:.4f}"


def sms_rate(country: str, mms: bool) -> int:
    if mms:
        return MMS_MICROS.get(country, MMS_DEFAULT)
    return SMS_MICROS.get(country, SMS_DEFAULT)


def fax_rate(fax_type: str, country: str) -> int:
    if fax_type == "local":
        return FAX_LOCAL_MICROS
    return FAX_INTERNATIONAL_MICROS.get(country, FAX_INTERNATIONAL_DEFAULT)
