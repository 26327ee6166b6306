"""English dates as the Dutch ones read: day, month in full, year ("2 January 2027"), not "Jan. 2, 2027"."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
