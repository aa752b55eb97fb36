"""External contacts, private directory and dial-by-name directory: providers (HTTP glue).

- contacts.py: external contacts (``phone_items`` kind ``external_contact``, owner = account);
- private.py: the private directory (``phone_items`` kind ``private_directory_member``);
- dial_by_name.py: the account-level dial-by-name directory operations, on the sites'
  directories of phone/sites/directory.py.

See docs/phone/provisioning-and-directories.md.
"""

from __future__ import annotations

from . import contacts, dial_by_name, private  # noqa: F401  (register their providers)
