"""``baomi user`` and ``baomi token``: accounts for the web page and API tokens for systems."""
from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
import getpass
import sys

from pipelines.report.labels import ROLES as ROLE_LABELS
from scanner import BaomiError

from .serve import add_store_options

ROLES = ("section_chief", "leader", "secrecy_officer", "publisher", "admin")
ROLES_TEXT = """新增用户。角色：
  section_chief    科长（提出公开的科室）：上传稿件、自审、脱敏处理、送审、提交新版本；不能审批自己送审的稿件
  leader           分管领导：审批所分管部门（--oversees）的送审稿，同意或退回（须写理由）
  secrecy_officer  保密工作负责人：办理解密、确定密级、保密签字和报上级机关批准的记录；可查看全单位
  publisher        发布科室：审批完成后登记发布渠道、网址和时间；可查看全单位
  admin            管理员：管理账号，查看审计日志
网页登录密码至少 12 个字符。"""


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
    add = us.add_parser("add", help="新增用户", description=ROLES_TEXT, formatter_class=argparse.RawDescriptionHelpFormatter)
    add.add_argument("name", help="用户名（登录名，也是审批记录中显示的名字）")
    add.add_argument("--role", required=True, choices=ROLES, help="角色：" + "；".join(f"{r} {ROLE_LABELS[r]}" for r in ROLES))
    add.add_argument("--department", required=True, help="所在部门（科室）")
    add.add_argument("--oversees", default="", metavar="DEPT,...", help="分管（可查看）的部门，逗号分隔；* 表示全部")
    add.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（第一行，至少 12 个字符）")
    add.add_argument("--no-password", action="store_true", help="不设密码：只能用 API 令牌，不能登录网页（供发布系统使用）")
    _common(add)
    add.set_defaults(func=_add)
    ls = us.add_parser("list", help="列出用户（用户名、角色、部门、分管部门、状态）")
    _common(ls)
    ls.set_defaults(func=_list)
    dis = us.add_parser("disable", help="停用用户（同时吊销其令牌和登录）")
    dis.add_argument("name", help="用户名")
    _common(dis)
    dis.set_defaults(func=_disable)
    u.set_defaults(func=lambda a: (u.print_help(), 2)[1])

    t = sub.add_parser("token", help="管理 API 令牌")
    ts = t.add_subparsers(dest="token_command", metavar="ACTION")
    cr = ts.add_parser("create", help="为用户创建令牌（标准输出只打印令牌）")
    cr.add_argument("name", help="用户名")
    _common(cr)
    cr.set_defaults(func=_token_create)
    rv = ts.add_parser("revoke", help="吊销令牌")
    rv.add_argument("token_id", help="令牌编号（创建时显示）")
    _common(rv)
    rv.set_defaults(func=_token_revoke)
    t.set_defaults(func=lambda a: (t.print_help(), 2)[1])


def _read_password(args: argparse.Namespace) -> str | None:
    """The password, checked against the policy; None only when --no-password asks for a token-only account."""
    from pipelines.store.accounts import check_policy

    if getattr(args, "no_password", False):
        if args.password_stdin:
            raise BaomiError("usage", "--no-password 与 --password-stdin 不能同时使用")
        return None
    if args.password_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line.strip():
            raise BaomiError("usage", "标准输入中没有密码；只用令牌的账号请加 --no-password")
    elif sys.stdin.isatty():
        line = getpass.getpass("密码（至少 12 个字符）：")
        check_policy(line)
        if getpass.getpass("再次输入：") != line:
            raise BaomiError("usage", "两次输入的密码不一致")
    else:
        raise BaomiError("usage", "请用 --password-stdin 从标准输入提供密码，或加 --no-password 创建只用令牌的账号")
    check_policy(line)
    return line


def _add(args: argparse.Namespace) -> int:
    password = _read_password(args)
    oversees = [d for d in args.oversees.split(",") if d.strip()]
    with _store(args) as store:
        user = store.add_user(args.name, args.role, args.department, oversees=oversees, password=password)
    print(f"已添加用户 {user.name}（{ROLE_LABELS.get(user.role, user.role)}，{user.department}）", file=sys.stderr)
    return 0


def _list(args: argparse.Namespace) -> int:
    with _store(args) as store:
        for u in store.list_users():
            state = "停用" if u.disabled else "正常"
            print("\t".join([u.name, ROLE_LABELS.get(u.role, u.role), u.department, ",".join(u.oversees) or "-", state]))
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
