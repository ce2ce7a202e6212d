"""``spotter projections rebuild``: replay every event into a fresh schema and swap it in.

- ``blue_green``: the rebuild itself (build schema, replay, swap) and its report;
- ``checked_replay``: the reader process that reads the topics and checks each envelope;
- ``replay``: kafka-python reading every partition from offset 0, without a group;
- ``read_ahead``: a thread polling the reader while the batch before is applied;
- ``pipelined``: staging a batch while the previous one is written;
- ``build_indexes``, ``build_logging``: the build schema's deferred indexes and unlogged load.

Nothing is imported here: the reader process imports ``checked_replay`` alone (spawn), and
stays free of psycopg and the read models.
"""
