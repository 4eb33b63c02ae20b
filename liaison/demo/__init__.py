"""A demo database of fictional families (Faker names in each family's languages), with a few
years of meetings, bookings, referrals, events and letters, so every screen has something to show.

builder     the families themselves, and the registry of history makers
history     meetings, actions, interpreter bookings, referrals, Friendly Faces
engagement  events and their registers, letters and book-bag batches
"""

from liaison.demo import engagement, history  # noqa: F401  (they register their history makers)
from liaison.demo.builder import Cancelled, DemoSummary, build_demo

__all__ = ["Cancelled", "DemoSummary", "build_demo"]
