"""The officer's casework with families: meetings and their actions, interpreter bookings,
signposting referrals, events and Friendly Faces, and the Today page that puts it in order.

meetings      meetings, attendees, notes from templates, actions, next check-in
interpreters  the directory of interpreters and agencies, bookings, clashes, costs, .ics
referrals     the services directory and referrals (sharing needs consent)
events        coffee mornings and workshops: invitations and registers
friendly_faces  volunteer parents matched with newcomers
booking_decisions  interpreter bookings to confirm or cancel (Today)
booking_notice     the agency's cancellation notice, checked when a booking is saved
snoozes       "no contact" reminders put off until a day, with the reason
today         what to do today, one rule per section
"""
