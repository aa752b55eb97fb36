"""Countries a call-out country or an internal number may name: ISO 3166-1 alpha-2 code ->
(name, country calling code)."""

from __future__ import annotations

COUNTRIES: dict[str, tuple[str, str]] = {
    "AE": ("United Arab Emirates", "971"), "AR": ("Argentina", "54"), "AT": ("Austria", "43"),
    "AU": ("Australia", "61"), "BE": ("Belgium", "32"), "BG": ("Bulgaria", "359"), "BR": ("Brazil", "55"),
    "CA": ("Canada", "1"), "CH": ("Switzerland", "41"), "CL": ("Chile", "56"), "CN": ("China", "86"),
    "CO": ("Colombia", "57"), "CR": ("Costa Rica", "506"), "CY": ("Cyprus", "357"),
    "CZ": ("Czech Republic", "420"), "DE": ("Germany", "49"), "DK": ("Denmark", "45"),
    "DO": ("Dominican Republic", "1"), "EE": ("Estonia", "372"), "EG": ("Egypt", "20"), "ES": ("Spain", "34"),
    "FI": ("Finland", "358"), "FR": ("France", "33"), "GB": ("United Kingdom", "44"), "GR": ("Greece", "30"),
    "HK": ("Hong Kong", "852"), "HR": ("Croatia", "385"), "HU": ("Hungary", "36"), "ID": ("Indonesia", "62"),
    "IE": ("Ireland", "353"), "IL": ("Israel", "972"), "IN": ("India", "91"), "IS": ("Iceland", "354"),
    "IT": ("Italy", "39"), "JP": ("Japan", "81"), "KE": ("Kenya", "254"), "KR": ("Korea, Republic of", "82"),
    "LT": ("Lithuania", "370"), "LU": ("Luxembourg", "352"), "LV": ("Latvia", "371"), "MT": ("Malta", "356"),
    "MX": ("Mexico", "52"), "MY": ("Malaysia", "60"), "NG": ("Nigeria", "234"), "NL": ("Netherlands", "31"),
    "NO": ("Norway", "47"), "NZ": ("New Zealand", "64"), "PA": ("Panama", "507"), "PE": ("Peru", "51"),
    "PH": ("Philippines", "63"), "PL": ("Poland", "48"), "PR": ("Puerto Rico", "1"), "PT": ("Portugal", "351"),
    "RO": ("Romania", "40"), "RS": ("Serbia", "381"), "SA": ("Saudi Arabia", "966"), "SE": ("Sweden", "46"),
    "SG": ("Singapore", "65"), "SI": ("Slovenia", "386"), "SK": ("Slovakia", "421"), "TH": ("Thailand", "66"),
    "TR": ("Turkey", "90"), "TW": ("Taiwan", "886"), "UA": ("Ukraine", "380"), "US": ("United States", "1"),
    "UY": ("Uruguay", "598"), "VN": ("Vietnam", "84"), "ZA": ("South Africa", "27"),
}


def country_view(code: str) -> dict[str, str]:
    name, calling = COUNTRIES.get(code, (code, ""))
    return {"id": code, "name": name, "code": calling}
