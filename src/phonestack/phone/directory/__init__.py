"""External contacts, private directory and dial-by-name directory."""
