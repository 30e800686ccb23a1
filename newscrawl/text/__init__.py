"""Text and dates: Persian normalization, Jalali date parsing, page elements read as text."""
