"""Audio items: account-level audio library, text-to-speech and the audio file downloads."""
