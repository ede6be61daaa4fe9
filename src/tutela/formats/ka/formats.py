# Georgian: Django's formats put the weekday in every date, abbreviate months in short dates and
# use a decimal point; CLDR has long "d MMMM, y", short "dd.MM.yy" (here with the full year),
# 24-hour times, a decimal comma and a no-break space between groups.
DATE_FORMAT = "j F, Y"
DATETIME_FORMAT = "j F, Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
