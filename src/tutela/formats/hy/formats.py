# Armenian: Django ships no formats for hy. From CLDR (long "dd MMMM, y թ.", short
# "dd.MM.yy" with the full year, 24-hour times; decimal comma, no-break space between groups).
DATE_FORMAT = "j E, Y թ."
DATETIME_FORMAT = "j E, Y թ., H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
