# Tutela's English is international, not American: 7 December 2026, never 12/07/2026, which a
# reader in the Caucasus reads as 12 July (CLDR en-150/en-GB; 24-hour times).
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
