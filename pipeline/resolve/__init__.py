"""Pure functions behind the components: regions, dates, numbers, entity keys."""
