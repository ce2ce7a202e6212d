"""Seams to the other packages (write model, read models, Kafka): wiring changes stay here."""
