"""python -m demo: a new organization, its trainers and clients, and four weeks of training."""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from demo.api import SpotterApi
from demo.personas import load_personas
from demo.progress import ProgressBar
from demo.settings import DemoSettings
from demo.simulate import Org, Tally, create_org, set_up_trainers, simulate_client


def say(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def parse(argv: list[str] | None) -> DemoSettings:
    parser = argparse.ArgumentParser(prog="python -m demo", description=__doc__)
    parser.add_argument("--api-url", help="the API (default: the local stack's)")
    parser.add_argument("--seed", type=int, help="same seed, same simulated weeks")
    parser.add_argument("--weeks", type=int)
    args = parser.parse_args(argv)
    given = {k: v for k, v in vars(args).items() if v is not None}
    return DemoSettings(**given)


def main(argv: list[str] | None = None) -> int:
    settings = parse(argv)
    base = settings.base_url()
    try:
        httpx.get(f"{base}/healthz", timeout=3).raise_for_status()
    except httpx.HTTPError:
        sys.stderr.write(f"The API is not answering at {base}: start the stack with `make up`.\n")
        return 1
    personas = load_personas(settings.personas_dir)
    started = time.monotonic()
    name = f"{settings.org_name} {time.strftime('%Y-%m-%d %H:%M:%S')}"
    created = create_org(name)
    admin = SpotterApi(base, created["api_key"])
    org = Org(created["organization_id"], created["api_key"], set_up_trainers(admin, personas))
    say(f"Organization {name!r}: {len(org.trainers)} trainers, {len(personas.clients)} clients, "
        f"{settings.weeks} weeks (seed {settings.seed})")
    total = sum(settings.weeks * min(c["sessions_per_week"], settings.max_sessions_per_week)
                for c in personas.clients)
    bar = ProgressBar(total, "sessions")
    tally = Tally()
    with ThreadPoolExecutor(max_workers=settings.workers) as pool:
        futures = [pool.submit(simulate_client, base, org, persona, i, settings, tally, bar.tick)
                   for i, persona in enumerate(personas.clients)]
        client_ids, failures = [], []
        for future in futures:
            try:
                client_ids.append(future.result())
            except RuntimeError as exc:
                failures.append(str(exc))
    bar.finish()
    report(base, org, client_ids, tally, time.monotonic() - started)
    for failure in failures:
        say(f"  failed: {failure}")
    for problem, times in tally.problems.items():
        say(f"  warning ({times}x): {problem}")
    admin.close()
    return 1 if failures else 0


def report(base: str, org: Org, client_ids: list[str], tally: Tally, seconds: float) -> None:
    say(f"Done in {seconds:.0f} s: " + ", ".join(f"{v} {k}" for k, v in sorted(
        tally.counts.items())))
    say()
    say("Where to look:")
    say(f"  API docs            {base}/docs")
    if client_ids:
        say(f"  a client's history  {base}/v1/clients/{client_ids[0]}/events")
        say(f"  its lifts           {base}/v1/clients/{client_ids[0]}/exercise-history")
    for trainer in org.trainers.values():
        say(f"  {trainer['name']:<18}  {base}/v1/trainers/{trainer['id']}/dashboard "
            f"(trainer key {trainer['api_key']})")
    say(f"  organization        {org.organization_id}")
    say(f"  admin key           {org.admin_key}")
    say(f"  e.g. curl -H 'Authorization: Bearer {org.admin_key}' "
        f"{base}/v1/trainers/{next(iter(org.trainers.values()))['id']}/dashboard")


if __name__ == "__main__":
    sys.exit(main())
