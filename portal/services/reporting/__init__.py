"""Building blocks for reports: CSV files a spreadsheet cannot run, disclosure control
for anonymised counts, and accessible charts drawn on the server. No database, no Flask."""
