"""``desmigratif village …`` and ``desmigratif officer …``: administration from a terminal.

Kept apart from ``bot.cli`` so the command's entry point stays small; every change goes
through ``storage.admin.AdminStore``, which audits it.
"""

from __future__ import annotations

import argparse
import getpass
from typing import Any

from storage.admin import AdminError, AdminStore, VillageRegions
from storage.models import OFFICER_ROLES

__all__ = ["add_admin_commands", "run_admin"]


def _account(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    who = parser.add_mutually_exclusive_group(required=required)
    who.add_argument("--telegram-id", type=int, help="the officer's numeric Telegram id")
    who.add_argument("--console-user", help="a console chat user (to try officer features)")


def _scope(parser: argparse.ArgumentParser, *, required: bool) -> None:
    where = parser.add_mutually_exclusive_group(required=required)
    where.add_argument("--village", help="10-digit village code")
    where.add_argument("--district", help="4-digit kabupaten code (district_admin only)")


def add_admin_commands(sub: Any) -> None:
    """Add the ``village`` and ``officer`` subcommands to the top-level parser."""
    village = sub.add_parser("village", help="manage villages").add_subparsers(
        dest="action", required=True
    )
    add_village = village.add_parser("add", help="register a village")
    add_village.add_argument(
        "--code", required=True, help="10-digit village code (kode wilayah desa)"
    )
    add_village.add_argument("--name", required=True, help="village name")
    add_village.add_argument(
        "--timezone", default="Asia/Jakarta", help="Asia/Jakarta, Asia/Makassar or Asia/Jayapura"
    )
    # So people who do not know the code can find the village by browsing or by name.
    add_village.add_argument("--province", help='province name, e.g. "Jawa Tengah"')
    add_village.add_argument("--regency", help='kabupaten or kota name, e.g. "Kabupaten Cilacap"')
    add_village.add_argument("--district", help='kecamatan name, e.g. "Kroya"')
    village.add_parser("list", help="list villages")
    officer = sub.add_parser("officer", help="manage officers").add_subparsers(
        dest="action", required=True
    )
    add = officer.add_parser(
        "add", help="give someone an officer role in a village (or district_admin in a kabupaten)"
    )
    _account(add)
    _scope(add, required=True)
    add.add_argument("--role", required=True, choices=OFFICER_ROLES)
    seed = sub.add_parser(
        "seed-demo", help="fill the database with a fake district, to try or measure at scale"
    )
    seed.add_argument("--villages", type=int, default=50)
    seed.add_argument("--residents", type=int, default=100_000)
    seed.add_argument("--seed", type=int, default=1, help="the same seed makes the same data")
    listing = officer.add_parser("list", help="list active officers")
    listing.add_argument("--village", help="only this village (and its kabupaten's admins)")
    remove = officer.add_parser("remove", help="withdraw an officer's roles")
    _account(remove)
    _scope(remove, required=False)
    remove.add_argument("--role", choices=OFFICER_ROLES, help="only this role")


def _who(args: argparse.Namespace) -> tuple[str, str]:
    if args.console_user:
        return "console", str(args.console_user)
    return "telegram", str(args.telegram_id)


async def run_admin(store: AdminStore, args: argparse.Namespace) -> None:
    """Carry out one administrative subcommand, printing what happened."""
    actor = getpass.getuser()
    if args.command == "seed-demo":
        made = await store.seed_demo(args.villages, args.residents, args.seed)
        print(", ".join(f"{count} {table}" for table, count in made.items()))
    elif args.command == "village" and args.action == "add":
        regions = VillageRegions(args.province, args.regency, args.district)
        await store.add_village(args.code, args.name, args.timezone, actor=actor, regions=regions)
        print(f"village {args.code} ({args.name}) added")
    elif args.command == "village" and args.action == "list":
        for row in await store.villages():
            where = ", ".join(p for p in (row.district, row.regency, row.province) if p)
            print(f"{row.code}\t{row.name}\t{row.timezone}" + (f"\t{where}" if where else ""))
    elif args.command == "officer" and args.action == "add":
        channel, account = _who(args)
        await store.add_officer(
            account,
            args.role,
            village_code=args.village,
            district_code=args.district,
            channel=channel,
            actor=actor,
        )
        print(
            f"officer {account} ({channel}) is now {args.role} in {args.village or args.district}"
        )
    elif args.command == "officer" and args.action == "list":
        rows = await store.list_officers(args.village)
        for officer in rows:
            print(
                f"{officer.channel}\t{officer.account}\t{officer.role}\t"
                f"{officer.scope}\t{officer.name}"
            )
        if not rows:
            print("no officers")
    elif args.command == "officer" and args.action == "remove":
        channel, account = _who(args)
        removed = await store.remove_officer(
            account,
            channel=channel,
            village_code=args.village,
            district_code=args.district,
            role=args.role,
            actor=actor,
        )
        if not removed:
            raise AdminError(f"{account} holds no such active role")
        print(f"removed {removed} role(s) of {account} ({channel})")
