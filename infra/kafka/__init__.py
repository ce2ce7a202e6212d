"""Local Apache Kafka (KRaft, single node) from Maven Central jars, and topic creation."""
