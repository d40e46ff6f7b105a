"""Allocation (who is a young person's keyworker) and cover (a colleague who
may see a case until an end date). Managers of the young person's team change
both; the need-to-know rule (`portal.services.access.staff`) reads them."""
