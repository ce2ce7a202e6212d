"""Start, stop and inspect the local Kafka broker.

Jars in .local/kafka/libs (see pom.xml), data in .local/kafka/data, log in .local/logs/kafka.log.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from string import Template

from kafka import KafkaAdminClient
from kafka.errors import KafkaError

from infra.processes import (
    StackError,
    alive,
    ensure_port_free,
    log_tail,
    port_open,
    read_pid,
    spawn,
    terminate,
    wait_until,
)
from infra.settings import LocalStackSettings

HERE = Path(__file__).resolve().parent
MAIN_CLASS = "kafka.Kafka"
CLUSTER_ID = re.compile(r"^[A-Za-z0-9_-]{22}$", re.MULTILINE)


class KafkaServer:
    def __init__(self, settings: LocalStackSettings) -> None:
        self.settings = settings
        self.root = settings.local_dir / "kafka"
        self.libs = self.root / "libs"
        self.data_dir = self.root / "data"
        self.config = self.root / "server.properties"
        self.pid_file = settings.run_dir / "kafka.pid"
        self.log_file = settings.logs_dir / "kafka.log"

    def pid(self) -> int | None:
        pid = read_pid(self.pid_file)
        return pid if alive(pid, MAIN_CLASS) else None

    def running(self) -> bool:
        return self.pid() is not None

    def answers(self, timeout_ms: int = 3000) -> bool:
        """True when the broker answers a metadata request."""
        if not port_open(self.settings.kafka_port):
            return False
        try:
            admin = KafkaAdminClient(
                bootstrap_servers=self.settings.kafka_bootstrap,
                request_timeout_ms=timeout_ms,
                bootstrap_timeout_ms=timeout_ms,
            )
        except KafkaError:
            return False
        try:
            admin.list_topics()  # a MetadataRequest
            return True
        except KafkaError:
            return False
        finally:
            admin.close()

    def start(self) -> bool:
        """Start unless already running (never twice, never reformatting); True when started."""
        if self.running():
            return False
        self.check_libs()
        for port, var in (
            (self.settings.kafka_port, "SPOTTER_KAFKA_PORT"),
            (self.settings.kafka_controller_port, "SPOTTER_KAFKA_CONTROLLER_PORT"),
        ):
            ensure_port_free(port, "Kafka", var)
        self._render_config()
        if not (self.data_dir / "meta.properties").exists():
            self._format()
        argv = self._java(MAIN_CLASS, str(self.config))
        pid = spawn(argv, self.log_file, self.pid_file, self.root)
        # No marker check here: the java launcher may re-exec itself while starting.
        ready = wait_until(
            lambda: not alive(pid) or self.answers(),
            self.settings.start_timeout_s,
            interval_s=0.5,
        )
        if not (ready and alive(pid)):
            terminate(pid)  # a half-started broker would pass for "already running" next time
            raise StackError(
                f"Kafka did not start (see {self.log_file}): {log_tail(self.log_file)}"
            )
        return True

    def stop(self) -> bool:
        """SIGTERM (controlled shutdown), wait, then SIGKILL; True when it stopped a broker."""
        pid = self.pid()
        if pid is None:
            return False
        terminate(pid, grace_s=30)
        self.pid_file.unlink(missing_ok=True)
        return True

    def _java(self, main_class: str, *args: str) -> list[str]:
        # The heap is capped at kafka_heap_mb (512 MB by default) so a laptop keeps room.
        return [
            "java",
            f"-Xmx{self.settings.kafka_heap_mb}m",
            f"-Xms{min(256, self.settings.kafka_heap_mb)}m",
            "-XX:+UseG1GC",
            "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={HERE / 'log4j2.xml'}",
            f"-Dkafka.logs.dir={self.settings.logs_dir}",
            "-cp",
            f"{self.libs}/*",
            main_class,
            *args,
        ]

    def check_libs(self) -> None:
        if shutil.which("java") is None:
            raise StackError("Java 17+ not found: apt-get install openjdk-17-jre-headless")
        if not list(self.libs.glob("kafka_2.13-*.jar")):
            raise StackError(f"Kafka jars missing in {self.libs}: run `make setup`")

    def _render_config(self) -> None:
        template = Template((HERE / "server.properties.template").read_text())
        self.root.mkdir(parents=True, exist_ok=True)
        self.config.write_text(
            template.substitute(
                kafka_port=self.settings.kafka_port,
                controller_port=self.settings.kafka_controller_port,
                data_dir=self.data_dir,
                partitions=self.settings.topic_partitions,
            )
        )

    def _format(self) -> None:
        tool = "kafka.tools.StorageTool"
        found = CLUSTER_ID.search(self._run(self._java(tool, "random-uuid")))
        if found is None:
            raise StackError("Kafka storage format failed: random-uuid printed no cluster id")
        uuid = found.group(0)
        self._run(
            self._java(tool, "format", "-t", uuid, "-c", str(self.config), "--standalone")
        )

    def _run(self, argv: list[str]) -> str:
        result = subprocess.run(argv, capture_output=True, text=True, cwd=self.root)
        if result.returncode != 0:
            raise StackError(f"Kafka storage format failed: {result.stderr.strip()[-300:]}")
        return result.stdout
