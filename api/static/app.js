// baomi web page: plain JavaScript, no library, no network beyond this server.
// Every piece of document text is inserted with textContent, never as HTML.
"use strict";

const VERDICTS = { publish: "可以公开", publish_after_redaction: "脱敏后公开", on_request_only: "依申请公开",
  not_publishable: "不予公开", escalate: "密级不明确，报请确定" };
const SEVERITIES = { block: "禁止", high: "高", medium: "中", low: "低", info: "提示" };
const STATUS = { draft: "未送审", in_review: "审批中", returned: "已退回", published: "已发布" };
const KINDS = { header: "页眉", footer: "页脚", table_cell: "表格", footnote: "脚注", comment: "批注", deleted_text: "修订删除",
  hidden_text: "隐藏文字", metadata: "文档属性", alt_text: "图片说明", html_hidden: "网页隐藏内容", html_comment: "网页注释",
  link: "链接", attachment: "附件", ocr: "图片文字", title: "标题", sheet_cell: "表格单元格",
  image_unread: "图片（未识别）", ocr_doubt: "图片（识别不确定）" };
// Filled from /v1/me: the same labels as the HTML and terminal reports.
const TYPES = {};
const TERM_CATEGORIES = {};
function typeLabel(t) {
  if (TYPES[t]) return TYPES[t];
  if (t.startsWith("term.")) return `敏感词：${TERM_CATEGORIES[t.slice(5)] || t.slice(5)}`;
  return t;
}
const CHANNELS = { website: "政府网站", weibo: "政务微博", wechat: "微信公众号", unspecified: "未定" };
let me = null;
let lastScan = null;

const $ = (sel) => document.querySelector(sel);
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

async function api(path, options = {}) {
  const opts = { credentials: "same-origin", ...options, headers: { "X-Baomi-CSRF": "1", ...(options.headers || {}) } };
  const resp = await fetch(path, opts);
  let body = null;
  try { body = await resp.json(); } catch (e) { body = null; }
  if (!resp.ok) {
    const err = new Error(body && body.error ? body.error.message : `请求失败（${resp.status}）`);
    err.status = resp.status;
    throw err;
  }
  return body;
}
const postJSON = (path, data) => api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data || {}) });

function say(text, ok = false) {
  const box = $("#message");
  box.textContent = text;
  box.className = ok ? "ok" : "";
  box.hidden = !text;
}

function show(view) {
  document.querySelectorAll(".view").forEach((v) => { v.hidden = v.id !== `view-${view}`; });
  document.querySelectorAll("nav .tab").forEach((b) => b.classList.toggle("active", b.dataset.view === view));
  say("");
  if (view === "mine") loadMine();
  if (view === "queue") loadQueue();
  if (view === "register") loadRegister();
}

// ---- login -----------------------------------------------------------------
async function start() {
  try {
    const r = await api("/v1/me");
    me = r.user;
    Object.assign(VERDICTS, r.labels.verdicts);
    Object.assign(SEVERITIES, r.labels.severities);
    Object.assign(KINDS, r.labels.kinds);
    Object.assign(TYPES, r.labels.types);
    Object.assign(TERM_CATEGORIES, r.labels.term_categories);
  } catch (e) {
    me = null;
  }
  $("#nav").hidden = !me;
  if (!me) { show("login"); return; }
  $("#whoami").textContent = `${me.name}（${me.department}）`;
  show("scan");
  refreshQueueCount();
}

$("#login-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const f = new FormData(ev.target);
  try {
    await postJSON("/v1/login", { name: f.get("name"), password: f.get("password") });
    ev.target.reset();
    await start();
  } catch (e) { say(e.message); }
});
$("#logout").addEventListener("click", async () => { await postJSON("/v1/logout"); await start(); });
document.querySelectorAll("nav .tab").forEach((b) => b.addEventListener("click", () => show(b.dataset.view)));

// ---- scan ------------------------------------------------------------------
$("#scan-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const file = $("#file").files[0];
  const text = $("#text").value;
  const channel = $("#channel").value;
  if (!file && !text.trim()) { say("请上传稿件或粘贴文本。"); return; }
  $("#scan-button").disabled = true;
  say("正在审查……", true);
  try {
    let report;
    if (file) {
      const form = new FormData();
      form.append("file", file);
      form.append("channel", channel);
      report = await api("/v1/scans?include_text=true", { method: "POST", body: form });
    } else {
      report = await api("/v1/scans?include_text=true", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text, channel }) });
    }
    while (report.status === "pending") {  // a large file: poll until the background scan is done
      await new Promise((r) => setTimeout(r, 1000));
      report = await api(`/v1/scans/${report.id}`);
    }
    say("");
    renderReport(report);
  } catch (e) { say(e.message); } finally { $("#scan-button").disabled = false; }
});

function renderReport(report) {
  lastScan = report;
  $("#result").hidden = false;
  const v = $("#verdict");
  v.className = `verdict v-${report.verdict}`;
  v.replaceChildren(`审查结论：${VERDICTS[report.verdict] || report.verdict}`, el("small", { text: report.verdict_reason || "" }));
  const base = `/v1/scans/${report.id}`;
  $("#downloads").replaceChildren(
    el("a", { href: `${base}/report.html`, target: "_blank", id: "dl-report" , text: "下载审查报告（HTML）" }),
    el("a", { href: `${base}/annotated.docx`, id: "dl-annotated", text: "下载批注副本（Word）" }),
    el("a", { href: `${base}/redacted`, id: "dl-redacted", text: "下载脱敏副本" }),
  );
  const findings = report.findings.filter((f) => !f.suppressed);
  $("#finding-count").textContent = `${findings.length} 处`;
  const list = $("#findings");
  list.replaceChildren();
  findings.forEach((f, i) => {
    list.append(el("li", { "data-finding": String(i), onclick: () => focusFinding(i) },
      el("span", { class: `sev ${f.severity}`, text: SEVERITIES[f.severity] || f.severity }),
      el("strong", { text: f.text.length > 40 ? f.text.slice(0, 40) + "…" : f.text }),
      el("span", { class: "type", text: ` ${typeLabel(f.type)}` }),
      el("span", { class: "reason", text: f.reason }),
      cropOf(report, f)));
  });
  renderDocument(report, findings);
  $("#send-title").value = (report.document && (report.document.title || report.document.name)) || "";
}

// A finding read from a picture: the cropped region the server cut out, or its page and box in words.
function cropOf(report, f) {
  const box = f.extra && f.extra.box;
  if (!box) return null;
  const uri = (report.crops || {})[`${f.part}:${f.start}:${f.end}:${f.type}`];
  if (uri && /^data:image\/(png|jpeg);base64,/.test(uri)) return el("img", { class: "crop", src: uri, alt: "图片中的位置" });
  const page = f.extra.page ? `第 ${f.extra.page} 页，` : "";
  return el("span", { class: "reason", text: `（${page}图片中位置 ${box.join(",")}）` });
}

function renderDocument(report, findings) {
  const doc = $("#doc");
  doc.replaceChildren();
  const parts = report.parts_text;
  if (!parts) {
    doc.append(el("p", { text: "原文未保存在服务器上；发现的位置见右侧列表和审查报告。" }));
    return;
  }
  for (const part of parts) {
    if (part.kind !== "body") doc.append(el("span", { class: "part-kind", text: `【${KINDS[part.kind] || part.kind}】` }));
    const mine = findings.map((f, i) => ({ f, i })).filter(({ f }) => f.part === part.id && f.end > f.start)
      .sort((a, b) => a.f.start - b.f.start || b.f.end - a.f.end);
    let pos = 0;
    for (const { f, i } of mine) {
      if (f.start < pos) continue;  // nested inside an earlier highlight
      doc.append(part.text.slice(pos, f.start));
      doc.append(el("mark", { class: `hl ${f.severity}`, "data-finding": String(i), title: f.reason, onclick: () => focusFinding(i) },
        part.text.slice(f.start, f.end)));
      pos = f.end;
    }
    doc.append(part.text.slice(pos));
    doc.append("\n");
  }
}

function focusFinding(i) {
  document.querySelectorAll("mark.hl.focus").forEach((m) => m.classList.remove("focus"));
  const m = document.querySelector(`mark.hl[data-finding="${i}"]`);
  if (m) { m.classList.add("focus"); m.scrollIntoView({ block: "center", behavior: "smooth" }); }
}

$("#send-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  if (!lastScan) return;
  try {
    const sub = await postJSON("/v1/submissions", { scan_id: lastScan.id, title: $("#send-title").value });
    await postJSON(`/v1/submissions/${sub.id}/submit`);
    say(`已送审（编号 ${sub.id}）。`, true);
    refreshQueueCount();
  } catch (e) { say(e.message); }
});

// ---- submissions -----------------------------------------------------------
function stepText(step) {
  if (!step) return "—";
  return `${step.role_label || step.role}：${step.action_label || step.action}`;
}

async function loadMine() {
  try {
    const { submissions } = await api("/v1/submissions");
    $("#mine-rows").replaceChildren(...submissions.map((s) => el("tr", {},
      el("td", { text: String(s.id) }), el("td", { text: s.title }), el("td", { text: s.department }),
      el("td", { text: String(s.version) }), el("td", { text: VERDICTS[s.verdict] || s.verdict || "" }),
      el("td", { text: STATUS[s.status] || s.status }), el("td", { text: stepText(s.current_step) }))));
  } catch (e) { say(e.message); }
}

async function refreshQueueCount() {
  try {
    const { submissions } = await api("/v1/submissions?queue=true");
    $("#queue-count").textContent = submissions.length ? `(${submissions.length})` : "";
  } catch (e) { /* the badge is a convenience */ }
}

async function act(sub, action, data) {
  try {
    await postJSON(`/v1/submissions/${sub.id}/${action}`, data);
    say(action === "approve" ? "已同意。" : action === "return" ? "已退回。" : "已登记发布。", true);
    await loadQueue();
    refreshQueueCount();
  } catch (e) { say(e.message); }
}

async function loadQueue() {
  const box = $("#queue-list");
  box.removeAttribute("data-loaded");
  try {
    const { submissions } = await api("/v1/submissions?queue=true");
    box.replaceChildren();
    if (!submissions.length) box.append(el("p", { text: "没有等待您办理的送审稿。" }));
    for (const s of submissions) {
      const steps = el("ol", { class: "steps" }, ...s.steps.map((st, i) =>
        el("li", { class: i < s.step ? "done" : i === s.step ? "now" : "", text: stepText(st) })));
      const note = el("input", { name: "note", placeholder: "意见（可选）" });
      const actions = el("div", { class: "actions" });
      if (s.current_step && s.current_step.action === "register_publication") {
        const channel = el("select", { name: "channel" }, ...["website", "weibo", "wechat"].map((c) => el("option", { value: c, text: CHANNELS[c] })));
        const url = el("input", { name: "url", placeholder: "发布网址" });
        const when = el("input", { name: "published_at", type: "datetime-local" });
        actions.append(el("label", {}, "渠道", channel), el("label", {}, "网址", url), el("label", {}, "发布时间", when),
          el("button", { class: "primary", "data-action": "register", text: "登记发布", onclick: () => act(s, "register", {
            channel: channel.value, url: url.value, published_at: when.value ? new Date(when.value).toISOString() : null }) }));
      } else {
        actions.append(el("label", {}, "意见", note),
          el("button", { class: "primary", "data-action": "approve", text: "同意", onclick: () => act(s, "approve", { note: note.value }) }),
          el("button", { class: "danger", "data-action": "return", text: "退回", onclick: () => act(s, "return", { note: note.value }) }));
      }
      box.append(el("div", { class: "card item", "data-submission": String(s.id) },
        el("h3", { text: `${s.title}（${s.department}，第 ${s.version} 版）` }),
        el("div", {}, `审查结论：${VERDICTS[s.verdict] || s.verdict}　`,
          el("a", { href: `/v1/scans/${s.scan_id}/report.html`, target: "_blank", text: "查看审查报告" })),
        steps, actions));
    }
    box.setAttribute("data-loaded", "1");  // lets people and tests tell "empty" from "still loading"
  } catch (e) { say(e.message); }
}

// ---- register --------------------------------------------------------------
function registerQuery() {
  const f = new FormData($("#register-filter"));
  const q = new URLSearchParams();
  for (const [k, v] of f.entries()) if (v) q.set(k, v);
  return q.toString();
}

async function loadRegister() {
  const q = registerQuery();
  $("#register-csv").setAttribute("href", `/v1/register.csv${q ? "?" + q : ""}`);
  try {
    const { entries } = await api(`/v1/register${q ? "?" + q : ""}`);
    $("#register-rows").replaceChildren(...entries.map((r) => el("tr", {},
      el("td", { text: String(r.id) }), el("td", { text: r.title }), el("td", { text: r.department }),
      el("td", { text: CHANNELS[r.channel] || r.channel }), el("td", { text: r.url }),
      el("td", { text: r.published_at.slice(0, 16).replace("T", " ") }), el("td", { text: r.approved_by }),
      el("td", { text: r.registered_by }), el("td", { text: VERDICTS[r.verdict] || r.verdict }))));
  } catch (e) { say(e.message); }
}
$("#register-filter").addEventListener("submit", (ev) => { ev.preventDefault(); loadRegister(); });

start();
