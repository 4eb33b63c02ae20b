"""Privacy duties: subject access requests (deadlines, review, the bundle) and retention (families
past the school's retention period, and their erasure)."""
