"""The event-sourced write model: aggregates, the one eventsourcing Application, commands.

Open it with ``shared.writemodel.store.open_application``; run commands from the use-case
modules (``shared.writemodel.clients.report_injury`` ...); map stored events to the public
contract with ``shared.writemodel.outbound``.
"""
