"""The generator worker: a Kafka consumer group turning session requests into results."""
