"""SMS sessions and messages, faxes."""
