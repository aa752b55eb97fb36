"""Every webhook event phonestack knows, named as Zoom names them.

The names come from Zoom's own event documents: the Number Management events of
``number-management-events.openapi.json``, the Zoom Phone events document
(https://developers.zoom.us/docs/api/phone/events/) and, for the phone users this server
creates and deletes, three events of the Users document
(https://developers.zoom.us/docs/api/users/events/); each name and payload was checked against
Zoom's SDK @zoom/rivet, which types every event (docs/webhooks.md cites the source of each).
Providers emit them with
``ctx.emit(NAME, {"account_id": ..., "object": {...}})``; a name that is not here is refused
(logged, not queued), so keep emitted names to this list.

Zoom reports no event for most provisioning changes (updating a phone user, a site, a call
queue, an emergency address, assigning a number...): there is no such name here, and
phonestack sends nothing for them either, as Zoom does not.

``audience`` says whose subscriptions receive an event:

- ``account``: the subscriptions of the apps of the account the event is about
  (``payload.account_id``);
- ``carrier``: the provider-exchange events go to the carrier (peering partner) whose
  ``carrier_code`` is ``payload.object.carrier_code``: the subscriptions of the account(s)
  holding that carrier code (account option ``carrier_code``).
"""

from __future__ import annotations

from dataclasses import dataclass

URL_VALIDATION = "endpoint.url_validation"  # the handshake, not an event one subscribes to


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    group: str
    summary: str
    audience: str = "account"  # account | carrier


def _events(group: str, items: list[tuple[str, str]], audience: str = "account") -> list[EventType]:
    return [EventType(name, group, summary, audience) for name, summary in items]


_ALL: list[EventType] = [
    # --- Number Management (number-management-events.openapi.json) ---------------------------
    *_events("number_management", [
        ("number_management.peering_number_cnam_updated",
         "The caller ID name (CNAM) of cloud-peering numbers changed."),
        ("number_management.peering_number_emergency_address_updated",
         "The emergency address of cloud-peering numbers changed."),
    ], audience="carrier"),
    # --- Zoom Phone: provider exchange (the Phone document's older names of the two above) -----
    *_events("phone.peering", [
        ("phone.peering_number_cnam_updated", "The caller ID name (CNAM) of cloud-peering numbers changed."),
        ("phone.peering_number_emergency_address_updated",
         "The emergency address of cloud-peering numbers changed."),
    ], audience="carrier"),
    # --- Zoom Phone: devices, emergency, settings ---------------------------------------------
    *_events("phone.device", [
        ("phone.device_registration", "A desk phone registered (device_id, device_name, mac_address)."),
        ("phone.generic_device_provision", "A generic (third-party SIP) device was provisioned."),
    ]),
    *_events("phone.emergency", [
        ("phone.emergency_alert", "An emergency call was placed."),
    ]),
    *_events("phone.settings", [
        ("phone.account_settings_updated", "The account's Zoom Phone settings changed."),
        ("phone.group_settings_updated", "A group's Zoom Phone settings changed."),
        ("phone.route_group_status_changed", "A route group's SIP trunk status changed."),
    ]),
    # --- Users (the Users events document): phone users created and deleted ------------------
    *_events("user", [
        ("user.created", "A user was created (phonestack: Batch add users creates the user)."),
        ("user.updated", "A user's profile changed (no phonestack operation changes it: never sent)."),
        ("user.deleted", "A user was deleted (phonestack: the admin offboarding endpoint)."),
    ]),
    # --- Zoom Phone: call status ----------------------------------------------------------------
    *_events("phone.call", [
        ("phone.caller_ringing", "The caller's phone is ringing the callee."),
        ("phone.caller_connected", "The caller's call was connected."),
        ("phone.caller_ended", "The caller ended the call."),
        ("phone.caller_hold", "The caller put the call on hold."),
        ("phone.caller_unhold", "The caller took the call off hold."),
        ("phone.caller_mute", "The caller muted the call."),
        ("phone.caller_unmute", "The caller unmuted the call."),
        ("phone.caller_meeting_inviting", "The caller invited the call into a meeting."),
        ("phone.callee_ringing", "The callee's phone is ringing."),
        ("phone.callee_answered", "The callee answered."),
        ("phone.callee_ended", "The callee ended the call."),
        ("phone.callee_missed", "The callee missed the call."),
        ("phone.callee_rejected", "The callee rejected the call."),
        ("phone.callee_hold", "The callee put the call on hold."),
        ("phone.callee_unhold", "The callee took the call off hold."),
        ("phone.callee_mute", "The callee muted the call."),
        ("phone.callee_unmute", "The callee unmuted the call."),
        ("phone.callee_parked", "The callee parked the call."),
        ("phone.callee_meeting_inviting", "The callee invited the call into a meeting."),
        ("phone.conference_started", "A conference call started."),
        ("phone.blind_transfer_initiated", "A blind transfer started."),
        ("phone.warm_transfer_initiated", "A warm transfer started."),
        ("phone.warm_transfer_completed", "A warm transfer completed."),
        ("phone.warm_transfer_cancelled", "A warm transfer was cancelled."),
        ("phone.transfer_recipient_updated", "The recipient of a transfer changed."),
        ("phone.transfer_call_to_voicemail_initiated", "A call was transferred to voicemail."),
    ]),
    # --- Zoom Phone: call history, call logs, call elements ------------------------------------
    *_events("phone.call_history", [
        ("phone.caller_call_history_completed", "The caller's call history record is available."),
        ("phone.callee_call_history_completed", "The callee's call history record is available."),
        ("phone.call_history_deleted", "Call history was deleted."),
        ("phone.caller_call_log_completed", "The caller's call log is available (deprecated by Zoom)."),
        ("phone.callee_call_log_completed", "The callee's call log is available (deprecated by Zoom)."),
        ("phone.call_log_deleted", "A call log was deleted (to the trash; deprecated by Zoom)."),
        ("phone.call_log_permanently_deleted", "A call log was deleted permanently (deprecated by Zoom)."),
        ("phone.caller_call_element_completed", "The caller's call element record is available."),
        ("phone.callee_call_element_completed", "The callee's call element record is available."),
        ("phone.call_element_deleted", "A call element was deleted."),
        ("phone.ai_call_summary_changed", "An AI call summary changed."),
    ]),
    # --- Zoom Phone: recordings ----------------------------------------------------------------
    *_events("phone.recording", [
        ("phone.recording_started", "A call recording started."),
        ("phone.recording_paused", "A call recording was paused."),
        ("phone.recording_resumed", "A call recording resumed."),
        ("phone.recording_stopped", "A call recording stopped."),
        ("phone.recording_completed", "A call recording is available."),
        ("phone.recording_completed_for_access_member", "A recording is available to an access member."),
        ("phone.recording_failed", "A call recording failed."),
        ("phone.recording_transcript_completed", "A recording's transcript is available."),
        ("phone.recording_deleted", "Recordings were deleted (to the trash)."),
        ("phone.recording_permanently_deleted", "Recordings were deleted permanently."),
    ]),
    # --- Zoom Phone: voicemail -----------------------------------------------------------------
    *_events("phone.voicemail", [
        ("phone.voicemail_received", "A voicemail was received."),
        ("phone.voicemail_received_for_access_member", "A voicemail was received for an access member."),
        ("phone.voicemail_transcript_completed", "A voicemail's transcript is available."),
        ("phone.voicemail_deleted", "A voicemail was deleted (to the trash)."),
        ("phone.voicemail_permanently_deleted", "A voicemail was deleted permanently."),
    ]),
    # --- Zoom Phone: SMS and fax ---------------------------------------------------------------
    *_events("phone.sms", [
        ("phone.sms_sent", "An SMS was sent."),
        ("phone.sms_sent_failed", "An SMS could not be sent."),
        ("phone.sms_received", "An SMS was received."),
        ("phone.sms_etiquette_block", "An SMS was blocked by an etiquette policy."),
        ("phone.sms_etiquette_warn", "An SMS raised an etiquette-policy warning."),
        ("phone.sms_campaign_number_opt_in", "A number opted in to an SMS campaign."),
        ("phone.sms_campaign_number_opt_out", "A number opted out of an SMS campaign."),
    ]),
    *_events("phone.fax", [
        ("phone.fax_sent", "A fax was sent."),
        ("phone.fax_received", "A fax was received."),
        ("phone.fax_log_deleted", "Fax logs were deleted (to the trash)."),
        ("phone.fax_log_permanently_deleted", "Fax logs were deleted permanently."),
    ]),
]

EVENTS: dict[str, EventType] = {e.name: e for e in _ALL}

# Names for providers (``from phonestack.events.catalog import NM_CNAM_UPDATED``).
NM_CNAM_UPDATED = "number_management.peering_number_cnam_updated"
NM_EMERGENCY_ADDRESS_UPDATED = "number_management.peering_number_emergency_address_updated"


def is_event(name: str) -> bool:
    return name in EVENTS


def audience(name: str) -> str:
    e = EVENTS.get(name)
    return e.audience if e is not None else "account"


def unknown(names: list[str]) -> list[str]:
    """The names of ``names`` that are no event (``*`` stands for every event)."""
    return [n for n in names if n != "*" and n not in EVENTS]
