"""The family page and everything opened from it.

page           the page: header, overview, needs and consent, notes, and the tabs assembled
casework_tabs  the Meetings and Friendly Faces tabs
support_tab    the Interpreters and referrals tab
letters_tab    the Letters tab: template, caregiver, language, fields, preview, PDF
attendance_tab the Attendance tab: each child's snapshots, the latest figures, book a meeting
attendance_chart  the small charts of attendance over time, contacts on the same time line
letter_fields  the fields a letter template asks for
form           editing a whole family (caregivers, pupils, address)
person_editors one caregiver or pupil inside the form
intake         the Day 1 intake of a new arrival, in one form
"""
