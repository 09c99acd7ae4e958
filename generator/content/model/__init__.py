"""The typed content model: what a portal, a unit and a year's disclosure hold."""
