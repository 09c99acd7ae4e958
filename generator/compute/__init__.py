"""What the portal works out from the figures: comparisons across years, the consistency
audit and the charts."""
