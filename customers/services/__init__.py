"""Customers and prospects: every change to a company file goes through a function in one of these modules."""
