"""Webhooks: event subscriptions per app, a transactional outbox and a delivery worker.

- ``catalog``: every event name, as Zoom names them, and whose subscriptions get each;
- ``subscriptions``: subscriptions (endpoint URL, secret token, event types) and Zoom's
  endpoint URL validation;
- ``outbox``: ``enqueue`` writes one delivery row per (event, matching subscription) in the
  caller's transaction (``Server`` does it for ``ctx.emit`` before the request commits);
- ``dispatcher``: the background worker that claims due rows (``FOR UPDATE SKIP LOCKED`` on
  PostgreSQL, a lease taken by one atomic ``UPDATE`` on SQLite), signs and POSTs them, and
  retries with exponential backoff;
- ``signing``: Zoom's ``x-zm-signature`` and the validation token.

See docs/webhooks.md.
"""
