"""A demo database of fictional families (Faker names in each family's languages), with a few
years of meetings, bookings, referrals, events and letters, so every screen has something to show.

builder     the families themselves, and the registry of history makers
history     meetings, actions, interpreter bookings, referrals, Friendly Faces
engagement  events and their registers, letters and book-bag batches
mis_attendance  attendance snapshots as the MIS would give them (after the meetings: it reads them)
"""

# Imported in this order, they register their history makers in this order.
from liaison.demo import engagement, history, mis_attendance  # noqa: F401
from liaison.demo.builder import Cancelled, DemoSummary, build_demo

__all__ = ["Cancelled", "DemoSummary", "build_demo"]
