"""Date and number formats where Django's own (django/conf/locale) are missing or differ from
CLDR, the Unicode locale data every major platform follows (checked with Babel). Django looks
here first and falls back to its own for anything not set (FORMAT_MODULE_PATH).

Coordinates are the exception: they keep a decimal point in every language (floatformat's
``u``), as GPS receivers and other maps take them, and "41,84, 44,72" would not parse.
"""
