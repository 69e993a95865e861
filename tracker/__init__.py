"""The rules of an undertaking: domain aggregates and the application that runs them."""
