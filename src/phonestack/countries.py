"""Countries phonestack knows: ISO 3166-1 alpha-2 code -> (E.164 country calling code, name).

One table for every area: Number Management (local numbers made E.164, a number's country)
and SIP Connected Audio (call-out countries, internal numbers)."""

from __future__ import annotations

COUNTRIES: dict[str, tuple[str, str]] = {
    "AE": ("971", "United Arab Emirates"), "AR": ("54", "Argentina"), "AT": ("43", "Austria"),
    "AU": ("61", "Australia"), "BE": ("32", "Belgium"), "BG": ("359", "Bulgaria"), "BR": ("55", "Brazil"),
    "CA": ("1", "Canada"), "CH": ("41", "Switzerland"), "CL": ("56", "Chile"), "CN": ("86", "China"),
    "CO": ("57", "Colombia"), "CR": ("506", "Costa Rica"), "CY": ("357", "Cyprus"),
    "CZ": ("420", "Czech Republic"), "DE": ("49", "Germany"), "DK": ("45", "Denmark"),
    "DO": ("1", "Dominican Republic"), "EE": ("372", "Estonia"), "EG": ("20", "Egypt"),
    "ES": ("34", "Spain"), "FI": ("358", "Finland"), "FR": ("33", "France"),
    "GB": ("44", "United Kingdom"), "GR": ("30", "Greece"), "HK": ("852", "Hong Kong"),
    "HR": ("385", "Croatia"), "HU": ("36", "Hungary"), "ID": ("62", "Indonesia"), "IE": ("353", "Ireland"),
    "IL": ("972", "Israel"), "IN": ("91", "India"), "IS": ("354", "Iceland"), "IT": ("39", "Italy"),
    "JP": ("81", "Japan"), "KE": ("254", "Kenya"), "KR": ("82", "South Korea"), "LT": ("370", "Lithuania"),
    "LU": ("352", "Luxembourg"), "LV": ("371", "Latvia"), "MT": ("356", "Malta"), "MX": ("52", "Mexico"),
    "MY": ("60", "Malaysia"), "NG": ("234", "Nigeria"), "NL": ("31", "Netherlands"),
    "NO": ("47", "Norway"), "NZ": ("64", "New Zealand"), "PA": ("507", "Panama"), "PE": ("51", "Peru"),
    "PH": ("63", "Philippines"), "PL": ("48", "Poland"), "PR": ("1", "Puerto Rico"),
    "PT": ("351", "Portugal"), "RO": ("40", "Romania"), "RS": ("381", "Serbia"), "RU": ("7", "Russia"),
    "SA": ("966", "Saudi Arabia"), "SE": ("46", "Sweden"), "SG": ("65", "Singapore"),
    "SI": ("386", "Slovenia"), "SK": ("421", "Slovakia"), "TH": ("66", "Thailand"), "TR": ("90", "Turkey"),
    "TW": ("886", "Taiwan"), "UA": ("380", "Ukraine"), "US": ("1", "United States"),
    "UY": ("598", "Uruguay"), "VN": ("84", "Vietnam"), "ZA": ("27", "South Africa"),
}
