"""What every export the officer saves shares (spreadsheet safety)."""
