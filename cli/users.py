"""``baomi user`` and ``baomi token``: accounts for the web page and API tokens for systems."""
from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
import getpass
import sys

from scanner import BaomiError

from .serve import add_store_options

ROLES = ("section_chief", "leader", "secrecy_officer", "publisher", "admin")


@contextmanager
def _store(args: argparse.Namespace) -> Iterator[Any]:
    from pipelines.store import Store

    # user management needs no secret key for passwords, but names of scans/batches are sealed: same key as serve
    store = Store.open(args.data_dir, dev=args.dev)
    try:
        yield store
    finally:
        store.close()


def _common(p: argparse.ArgumentParser) -> None:
    add_store_options(p)
    p.add_argument("--dev", action="store_true", help="与 baomi serve --dev 使用同一数据目录时加此项")


def register(sub) -> None:
    u = sub.add_parser("user", help="管理用户（角色、部门、密码）")
    us = u.add_subparsers(dest="user_command", metavar="ACTION")
    add = us.add_parser("add", help="新增用户")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--department", required=True)
    add.add_argument("--oversees", default="", metavar="DEPT,...", help="分管（可查看）的部门，逗号分隔；* 表示全部")
    add.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（第一行）")
    _common(add)
    add.set_defaults(func=_add)
    ls = us.add_parser("list", help="列出用户")
    _common(ls)
    ls.set_defaults(func=_list)
    dis = us.add_parser("disable", help="停用用户（同时吊销其令牌和登录）")
    dis.add_argument("name")
    _common(dis)
    dis.set_defaults(func=_disable)
    u.set_defaults(func=lambda a: (u.print_help(), 2)[1])

    t = sub.add_parser("token", help="管理 API 令牌")
    ts = t.add_subparsers(dest="token_command", metavar="ACTION")
    cr = ts.add_parser("create", help="为用户创建令牌（标准输出只打印令牌）")
    cr.add_argument("name")
    _common(cr)
    cr.set_defaults(func=_token_create)
    rv = ts.add_parser("revoke", help="吊销令牌")
    rv.add_argument("token_id")
    _common(rv)
    rv.set_defaults(func=_token_revoke)
    t.set_defaults(func=lambda a: (t.print_help(), 2)[1])


def _read_password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise BaomiError("usage", "标准输入中没有密码")
        return line
    if sys.stdin.isatty():
        first = getpass.getpass("密码（留空则只能用令牌）：")
        if first and getpass.getpass("再次输入：") != first:
            raise BaomiError("usage", "两次输入的密码不一致")
        return first or None
    return None


def _add(args: argparse.Namespace) -> int:
    password = _read_password(args)
    oversees = [d for d in args.oversees.split(",") if d.strip()]
    with _store(args) as store:
        user = store.add_user(args.name, args.role, args.department, oversees=oversees, password=password)
    print(f"已添加用户 {user.name}（{user.role}，{user.department}）", file=sys.stderr)
    return 0


def _list(args: argparse.Namespace) -> int:
    with _store(args) as store:
        for u in store.list_users():
            state = "停用" if u.disabled else "正常"
            print("\t".join([u.name, u.role, u.department, ",".join(u.oversees) or "-", state]))
    return 0


def _disable(args: argparse.Namespace) -> int:
    with _store(args) as store:
        store.disable_user(args.name)
    print(f"已停用用户 {args.name}", file=sys.stderr)
    return 0


def _token_create(args: argparse.Namespace) -> int:
    with _store(args) as store:
        token_id, token = store.create_token(args.name)
    print(token)  # the only line on stdout, so `TOKEN=$(baomi token create NAME)` works
    print(f"令牌编号 {token_id}（吊销：baomi token revoke {token_id}）；令牌只显示这一次。", file=sys.stderr)
    return 0


def _token_revoke(args: argparse.Namespace) -> int:
    with _store(args) as store:
        store.revoke_token(args.token_id)
    print(f"已吊销令牌 {args.token_id}", file=sys.stderr)
    return 0
