"""Page objects and discovery shared by every site of one CMS."""
