"""Users, API tokens and web login sessions.

Tokens and session ids are random secrets shown once and stored only as
hashes; passwords use scrypt.  A token reads ``bm_<id>_<secret>`` so the
row is found by id and the secret compared in constant time.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from scanner import BaomiError

from .crypto import check_password, hash_password, hash_token
from .models import ApiToken, User, WebSession, utcnow
from .records import ROLES, UserInfo

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

SESSION_HOURS = 10
MIN_PASSWORD = 12


def check_policy(password: str | None) -> None:
    """A web login password: at least 12 characters, never empty (None = token-only account, no web login)."""
    if password is None:
        return
    if not password.strip():
        raise BaomiError("usage", "密码不能为空")
    if len(password) < MIN_PASSWORD:
        raise BaomiError("usage", f"密码至少 {MIN_PASSWORD} 个字符；建议使用一句容易记住的长句")
# a fixed hash checked when the user does not exist, so a failed login takes the same time either way
_DUMMY_HASH = hash_password("baomi-no-such-user")


def _info(u: User) -> UserInfo:
    return UserInfo(id=u.id, name=u.name, role=u.role, department=u.department,
                    oversees=tuple(u.oversees or ()), disabled=bool(u.disabled))


class AccountsMixin:
    def session(self) -> "Session": ...  # provided by Store

    def add_user(self, name: str, role: str, department: str, *, oversees: list[str] | None = None,
                 password: str | None = None, actor: str = "cli") -> UserInfo:
        if role not in ROLES:
            raise BaomiError("usage", f"未知角色 {role}（可选 {', '.join(ROLES)}）")
        check_policy(password)
        name, department = name.strip(), department.strip()
        if not name or not department:
            raise BaomiError("usage", "用户名和部门不能为空")
        over = sorted({d.strip() for d in (oversees or []) if d.strip()})
        with self.session() as s, s.begin():
            if s.scalar(select(User).where(User.name == name)) is not None:
                raise BaomiError("conflict", f"用户 {name} 已存在")
            u = User(name=name, role=role, department=department, oversees=over,
                     password_hash=hash_password(password) if password is not None else None, disabled=False, created_at=utcnow())
            s.add(u)
            s.flush()
            self._audit(s, actor, "user_add", "user", u.id, details={"user": name, "role": role,
                                                                     "department": department, "departments": over})
            return _info(u)

    def list_users(self) -> list[UserInfo]:
        with self.session() as s:
            return [_info(u) for u in s.scalars(select(User).order_by(User.name)).all()]

    def get_user(self, name: str) -> UserInfo | None:
        with self.session() as s:
            u = s.scalar(select(User).where(User.name == name))
            return _info(u) if u else None

    def set_password(self, name: str, password: str, *, actor: str = "cli") -> None:
        check_policy(password if password is not None else "")
        with self.session() as s, s.begin():
            u = s.scalar(select(User).where(User.name == name))
            if u is None:
                raise BaomiError("no_such", f"用户 {name}")
            u.password_hash = hash_password(password)
            self._audit(s, actor, "user_password", "user", u.id, details={"user": name})

    def disable_user(self, name: str, *, actor: str = "cli") -> None:
        """Disabling (never deleting) keeps the audit trail's actor names meaningful."""
        with self.session() as s, s.begin():
            u = s.scalar(select(User).where(User.name == name))
            if u is None:
                raise BaomiError("no_such", f"用户 {name}")
            u.disabled = True
            for t in s.scalars(select(ApiToken).where(ApiToken.user_id == u.id, ApiToken.revoked_at.is_(None))):
                t.revoked_at = utcnow()
            for ws in s.scalars(select(WebSession).where(WebSession.user_id == u.id)):
                s.delete(ws)
            self._audit(s, actor, "user_disable", "user", u.id, details={"user": name})

    def login(self, name: str, password: str) -> UserInfo | None:
        with self.session() as s:
            u = s.scalar(select(User).where(User.name == name))
            ok = check_password(password, u.password_hash if u else _DUMMY_HASH)
            if u is None or not ok or u.disabled:
                return None
            return _info(u)

    # -- tokens ----------------------------------------------------------------
    def create_token(self, name: str, *, actor: str = "cli") -> tuple[str, str]:
        """Returns (token id, token); the token itself is never stored or shown again."""
        with self.session() as s, s.begin():
            u = s.scalar(select(User).where(User.name == name))
            if u is None or u.disabled:
                raise BaomiError("no_such", f"用户 {name} 不存在或已停用")
            tid = secrets.token_hex(6)
            token = f"bm_{tid}_{secrets.token_urlsafe(32)}"
            s.add(ApiToken(id=tid, user_id=u.id, token_hash=hash_token(token), created_at=utcnow()))
            self._audit(s, actor, "token_create", "token", tid, details={"user": name, "token_id": tid})
            return tid, token

    def revoke_token(self, token_id: str, *, actor: str = "cli") -> None:
        with self.session() as s, s.begin():
            t = s.get(ApiToken, token_id)
            if t is None:
                raise BaomiError("no_such", f"令牌 {token_id}")
            if t.revoked_at is None:
                t.revoked_at = utcnow()
            self._audit(s, actor, "token_revoke", "token", token_id, details={"token_id": token_id})

    def list_tokens(self, name: str | None = None) -> list[dict]:
        with self.session() as s:
            q = select(ApiToken, User.name).join(User, User.id == ApiToken.user_id).order_by(ApiToken.created_at)
            if name:
                q = q.where(User.name == name)
            return [{"id": t.id, "user": n, "revoked": t.revoked_at is not None} for t, n in s.execute(q).all()]

    def user_for_token(self, token: str) -> UserInfo | None:
        parts = token.split("_")
        if len(parts) < 3 or parts[0] != "bm":
            return None
        with self.session() as s:
            t = s.get(ApiToken, parts[1])
            if t is None or t.revoked_at is not None or not hmac.compare_digest(t.token_hash, hash_token(token)):
                return None
            u = s.get(User, t.user_id)
            return _info(u) if u and not u.disabled else None

    # -- web sessions ------------------------------------------------------------
    def create_session(self, user: UserInfo) -> str:
        sid = secrets.token_urlsafe(32)
        now = utcnow()
        with self.session() as s, s.begin():
            s.add(WebSession(id_hash=hashlib.sha256(sid.encode()).hexdigest(), user_id=user.id, created_at=now,
                             expires_at=now + timedelta(hours=SESSION_HOURS)))
            self._audit(s, user.name, "login", "user", user.id)
        return sid

    def user_for_session(self, sid: str) -> UserInfo | None:
        from .store import aware

        with self.session() as s:
            ws = s.get(WebSession, hashlib.sha256(sid.encode()).hexdigest())
            if ws is None or aware(ws.expires_at) < utcnow():
                return None
            u = s.get(User, ws.user_id)
            return _info(u) if u and not u.disabled else None

    def end_session(self, sid: str) -> None:
        with self.session() as s, s.begin():
            ws = s.get(WebSession, hashlib.sha256(sid.encode()).hexdigest())
            if ws is not None:
                s.delete(ws)
