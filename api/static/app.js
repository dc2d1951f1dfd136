// baomi web page: plain JavaScript, no library, no network beyond this server.
// Every piece of document text is inserted with textContent, never as HTML.
"use strict";

// Chinese names; all of them are replaced from /v1/me so the page says what the reports say.
const VERDICTS = { publish: "可以公开", publish_after_redaction: "脱敏后公开", on_request_only: "依申请公开",
  not_publishable: "不予公开", escalate: "报有权机关确定" };
const SEVERITIES = { block: "阻断", high: "高", medium: "中", low: "低", info: "提示" };
const STATUS = { draft: "未送审", in_review: "审批中", returned: "已退回", published: "已发布" };
const KINDS = {};
const TYPES = {};
const TERM_CATEGORIES = {};
const ROLES = {};
const CHANNELS = { website: "政府网站", weibo: "政务微博", wechat: "微信公众号", unspecified: "未定" };
const FINDING_ACTIONS = {};
const SEV_ORDER = ["block", "high", "medium", "low", "info"];
const NOTHING_FOUND = "未发现需要处理的内容。";
const STORE_KEY = "baomi.lastScan";

function typeLabel(t) {
  if (TYPES[t]) return TYPES[t];
  if (t.startsWith("term.")) return `敏感词：${TERM_CATEGORIES[t.slice(5)] || t.slice(5)}`;
  return t;
}
let me = null;
let lastScan = null;
let groupCursor = {};

const $ = (sel) => document.querySelector(sel);
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
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
  if (view !== "login") history.replaceState(null, "", `#${view}`);
  if (view === "mine") loadMine();
  if (view === "queue") loadQueue();
  if (view === "register") loadRegister();
}

function verdictReason(report) {
  const n = report.findings.filter((f) => !f.suppressed).length;
  const r = report.verdict_reason || "";
  if (n && r.startsWith(NOTHING_FOUND)) return `发现的 ${n} 处均为提示或低级别，不影响公开；请逐项核对。` + r.slice(NOTHING_FOUND.length);
  return r;
}

// ---- login -----------------------------------------------------------------
async function start() {
  try {
    const r = await api("/v1/me");
    me = r.user;
    for (const [target, src] of [[VERDICTS, "verdicts"], [SEVERITIES, "severities"], [KINDS, "kinds"], [TYPES, "types"],
      [TERM_CATEGORIES, "term_categories"], [ROLES, "roles"], [CHANNELS, "channels"], [STATUS, "status"],
      [FINDING_ACTIONS, "finding_actions"]]) Object.assign(target, r.labels[src] || {});
  } catch (e) {
    me = null;
  }
  $("#nav").hidden = !me;
  if (!me) { show("login"); return; }
  $("#whoami").textContent = `${me.name}（${me.role_label || ROLES[me.role] || me.role}，${me.department}）`;
  const view = (location.hash || "").slice(1);
  show(["scan", "mine", "queue", "register"].includes(view) ? view : "scan");
  restoreScan();
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
$("#logout").addEventListener("click", async () => {
  sessionStorage.removeItem(STORE_KEY);
  lastScan = null;
  $("#result").hidden = true;
  await postJSON("/v1/logout");
  history.replaceState(null, "", "#");
  await start();
});
document.querySelectorAll("nav .tab").forEach((b) => b.addEventListener("click", () => show(b.dataset.view)));

// ---- scan ------------------------------------------------------------------
// The most recent input wins: choosing a file clears pasted text, typing or pasting text clears the file.
$("#text").addEventListener("input", () => {
  if ($("#text").value && $("#file").files.length) {
    $("#file").value = "";
    showFileName();
    $("#input-note").textContent = "已改为审查粘贴的文本（已取消所选文件）。";
  }
});
function fileChooser(input, nameEl) {
  const update = () => { nameEl.textContent = input.files.length ? input.files[0].name : "未选择文件"; };
  input.addEventListener("change", update);
  return update;
}
const showFileName = fileChooser($("#file"), $("#file-name"));
$("#file").addEventListener("change", () => {
  if ($("#file").files.length && $("#text").value) {
    $("#text").value = "";
    $("#input-note").textContent = "已改为审查所选文件（已清空粘贴的文本）。";
  }
});

async function scanInput(file, text, channel) {
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
  return report;
}

$("#scan-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const file = $("#file").files[0];
  const text = $("#text").value;
  if (!file && !text.trim()) { say("请上传稿件或粘贴文本。"); return; }
  $("#scan-button").disabled = true;
  say("正在审查……", true);
  try {
    const report = await scanInput(file, file ? "" : text, $("#channel").value);
    say("");
    $("#input-note").textContent = "";
    renderReport(report);
    try { sessionStorage.setItem(STORE_KEY, JSON.stringify(report)); } catch (e) { /* too large to keep: fine */ }
  } catch (e) { say(e.message); } finally { $("#scan-button").disabled = false; }
});

function restoreScan() {
  if (lastScan) return;
  const saved = sessionStorage.getItem(STORE_KEY);
  if (!saved) return;
  try { renderReport(JSON.parse(saved)); } catch (e) { sessionStorage.removeItem(STORE_KEY); }
}

function renderReport(report) {
  lastScan = report;
  groupCursor = {};
  $("#result").hidden = false;
  const v = $("#verdict");
  v.className = `verdict v-${report.verdict}`;
  v.replaceChildren(`审查结论：${VERDICTS[report.verdict] || report.verdict}`, el("small", { text: verdictReason(report) }));
  renderDownloads(report);
  const findings = report.findings.filter((f) => !f.suppressed);
  $("#finding-count").textContent = `${findings.length} 处`;
  renderDocument(report, findings);
  renderGroups(findings);
  renderSend(report);
}

// ---- downloads: a link only where it can work, the reason where it cannot ------------------------------
function renderDownloads(report) {
  const base = `/v1/scans/${report.id}`;
  const d = report.downloads || { report: { available: true } };
  const box = $("#downloads");
  box.replaceChildren(el("a", { href: `${base}/report.html`, target: "_blank", id: "dl-report", text: "下载审查报告（HTML）" }));
  const ann = d.annotated || { available: false, reason: "" };
  box.append(ann.available ? el("a", { href: `${base}/annotated.docx`, id: "dl-annotated", text: "下载批注副本（Word）" })
    : el("span", { class: "unavailable", id: "no-annotated", text: `批注副本：${ann.reason}` }));
  const red = d.redacted || { available: false, reason: "" };
  if (!red.available) {
    box.append(el("span", { class: "unavailable", id: "no-redacted", text: `脱敏副本：${red.reason}` }));
    return;
  }
  const slot = el("span", { id: "redacted-slot", text: "脱敏副本：正在生成并复查……" });
  box.append(slot);
  api(`${base}/redacted/check`).then((c) => {
    if (c.clean) {
      slot.replaceChildren(el("a", { href: `${base}/redacted`, id: "dl-redacted", text: "下载脱敏副本（已复查）" }),
        el("small", { class: "muted", text: c.removed.length ? `　已删除：${c.removed.join("；")}` : "" }));
    } else {
      const kinds = [...new Set(c.remaining.map((r) => `${r.label}（${r.severity_label}）`))].join("、");
      slot.replaceChildren(el("span", { class: "unavailable", id: "redacted-left",
        text: `脱敏副本复查仍有 ${c.remaining.length} 处需要处理：${kinds}。不能作为已脱敏文件公开。` }),
        el("a", { href: `${base}/redacted`, id: "dl-redacted-partial", text: "下载部分处理的副本（仅供继续修改）" }));
    }
  }).catch((e) => { slot.replaceChildren(el("span", { class: "unavailable", text: `脱敏副本：${e.message}` })); });
}

// ---- the document with highlights --------------------------------------------------------------
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
    if (part.kind !== "body") doc.append(el("span", { class: "part-kind", text: `【${KINDS[part.kind] || "其他内容"}】` }));
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

// ---- findings grouped by identical text and rule, with a severity filter and next/previous high --------
function groupsOf(findings) {
  const groups = new Map();
  findings.forEach((f, i) => {
    const key = `${f.type}\u0001${f.rule}\u0001${f.text}`;
    if (!groups.has(key)) groups.set(key, { f, idx: [] });
    groups.get(key).idx.push(i);
  });
  return [...groups.values()].sort((a, b) => SEV_ORDER.indexOf(a.f.severity) - SEV_ORDER.indexOf(b.f.severity) || a.idx[0] - b.idx[0]);
}

function renderGroups(findings) {
  const level = $("#sev-filter").value;
  const keep = level === "all" ? SEV_ORDER : SEV_ORDER.slice(0, SEV_ORDER.indexOf(level) + 1);
  const groups = groupsOf(findings);
  const shown = groups.filter((g) => keep.includes(g.f.severity));
  $("#group-count").textContent = `${groups.length} 组，显示 ${shown.length} 组`;
  const list = $("#findings");
  list.replaceChildren(...shown.map((g, n) => {
    const f = g.f;
    const action = FINDING_ACTIONS[f.action] || "";
    return el("li", { "data-group": String(n), "data-severity": f.severity, onclick: () => cycleGroup(n, g.idx) },
      el("span", { class: "num", text: `${n + 1}.` }),
      el("div", { class: "body" },
        el("span", { class: `sev ${f.severity}`, text: SEVERITIES[f.severity] || f.severity }),
        el("strong", { text: f.text.length > 40 ? f.text.slice(0, 40) + "…" : f.text }),
        el("span", { class: "type", text: ` ${typeLabel(f.type)}` }),
        g.idx.length > 1 ? el("span", { class: "count", text: ` ×${g.idx.length}` }) : null,
        el("span", { class: "reason", text: f.reason + (action ? `（处理：${action}）` : "") }),
        lastScan ? cropOf(lastScan, f) : null));
  }));
}
$("#sev-filter").addEventListener("change", () => { if (lastScan) renderGroups(lastScan.findings.filter((f) => !f.suppressed)); });

function cycleGroup(n, idx) {
  const at = groupCursor[n] === undefined ? 0 : (groupCursor[n] + 1) % idx.length;
  groupCursor[n] = at;
  focusFinding(idx[at]);
  $("#position").textContent = idx.length > 1 ? `本组第 ${at + 1} / ${idx.length} 处` : "";
}

let highPos = -1;
function stepHigh(dir) {
  const marks = [...document.querySelectorAll("#doc mark.hl.block, #doc mark.hl.high")];
  if (!marks.length) { $("#position").textContent = "没有高级别以上的发现"; return; }
  highPos = (highPos + dir + marks.length) % marks.length;
  focusFinding(marks[highPos].dataset.finding);
  $("#position").textContent = `高级别第 ${highPos + 1} / ${marks.length} 处`;
}
$("#next-high").addEventListener("click", () => stepHigh(1));
$("#prev-high").addEventListener("click", () => stepHigh(-1));

function focusFinding(i) {
  document.querySelectorAll("mark.hl.focus").forEach((m) => m.classList.remove("focus"));
  const m = document.querySelector(`mark.hl[data-finding="${i}"]`);
  if (m) { m.classList.add("focus"); m.scrollIntoView({ block: "center", behavior: "smooth" }); }
}

// ---- send for approval --------------------------------------------------------------------------------
function renderSend(report) {
  const form = $("#send-form");
  form.hidden = false;
  $("#send-title").value = (report.document && (report.document.title || report.document.name)) || "";
  const np = report.verdict === "not_publishable";
  $("#send-confirm").hidden = !np;
  $("#send-confirm-box").checked = false;
  $("#send-reason").value = "";
  $("#send-button").disabled = false;
  $("#send-done").textContent = "";
}

$("#send-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  if (!lastScan) return;
  const np = lastScan.verdict === "not_publishable";
  const body = {};
  if (np) {
    const reason = $("#send-reason").value.trim();
    if (!$("#send-confirm-box").checked || !reason) { say("审查结论为不予公开：请勾选确认并填写送审理由（例如申请解密）。"); return; }
    Object.assign(body, { confirm: true, reason });
  }
  const button = $("#send-button");
  button.disabled = true;  // one press, one submission
  try {
    const sub = await postJSON("/v1/submissions", { scan_id: lastScan.id, title: $("#send-title").value });
    await postJSON(`/v1/submissions/${sub.id}/submit`, body);
    say(`已送审（编号 ${sub.id}）。`, true);
    $("#send-done").textContent = `已送审（编号 ${sub.id}），可在“送审稿”中查看进度。`;
    refreshQueueCount();
  } catch (e) { say(e.message); button.disabled = e.status === 409; }
});

// ---- submissions -----------------------------------------------------------
function stepText(step) {
  if (!step) return "—";
  return `${step.role_label || step.role}：${step.action_label || step.action}`;
}

function cell(label, ...content) { return el("td", { "data-label": label }, ...content); }

function versionUploader(s) {
  const file = el("input", { type: "file", name: "version", "aria-label": "新版本文件" });
  const fileName = el("span", { class: "muted", text: "未选择文件" });
  fileChooser(file, fileName);
  const button = el("button", { class: "primary", "data-action": "version", text: "上传新版本", onclick: async () => {
    if (!file.files.length) { say("请选择修改后的稿件。"); return; }
    button.disabled = true;
    say("正在审查新版本……", true);
    try {
      const report = await scanInput(file.files[0], "", "website");
      const sub = await postJSON(`/v1/submissions/${s.id}/versions`, { scan_id: report.id });
      const still = sub.current_step && sub.current_step.action === "redact";
      say(`已提交第 ${sub.version} 版，审查结论：${VERDICTS[sub.verdict] || sub.verdict}。` +
        (still ? "新版本仍有需要脱敏的内容，请继续修改后再上传。" : "审批从第一步重新开始。"), !still);
      await loadMine();
    } catch (e) { say(e.message); } finally { button.disabled = false; }
  } });
  return el("div", { class: "actions version" }, el("span", {}, "修改后的稿件："),
    el("label", { class: "file-button" }, "选择文件", file), fileName, button);
}

function draftSender(s) {
  const np = s.verdict === "not_publishable";
  const box = el("div", { class: "actions send" });
  const confirm = el("input", { type: "checkbox", name: "confirm" });
  const reason = el("input", { name: "reason", placeholder: "送审理由（不予公开的稿件必填）" });
  if (np) box.append(el("label", { class: "check" }, confirm, "确认送审这份不予公开的稿件"), el("label", {}, "送审理由", reason));
  const button = el("button", { class: "primary", "data-action": "submit", text: "送审", onclick: async () => {
    if (np && (!confirm.checked || !reason.value.trim())) { say("审查结论为不予公开：请勾选确认并填写送审理由。"); return; }
    button.disabled = true;
    try {
      await postJSON(`/v1/submissions/${s.id}/submit`, np ? { confirm: true, reason: reason.value.trim() } : {});
      say(`已送审（编号 ${s.id}）。`, true);
      await loadMine();
      refreshQueueCount();
    } catch (e) { say(e.message); button.disabled = false; }
  } });
  box.append(button);
  return box;
}

async function loadMine() {
  const box = $("#mine-list");
  box.removeAttribute("data-loaded");
  try {
    const { submissions, warnings } = await api("/v1/submissions");
    $("#mine-warnings").replaceChildren(...(warnings || []).map((w) => el("li", { text: w })));
    $("#mine-warnings").hidden = !(warnings || []).length;
    $("#mine-rows").replaceChildren(...submissions.flatMap((s) => {
      const row = el("tr", { "data-submission": String(s.id) },
        cell("编号", String(s.id)), cell("标题", s.title), cell("部门", s.department),
        cell("版本", `第 ${s.version} 版`), cell("审查结论", VERDICTS[s.verdict] || s.verdict || ""),
        cell("状态", s.status_label || STATUS[s.status] || s.status), cell("当前步骤", stepText(s.current_step)));
      const extra = [];
      if (s.returned) {
        extra.push(el("p", { class: "returned" }, el("strong", { text: "退回理由：" }), s.returned.note || "（未填写）",
          el("span", { class: "muted", text: `（${s.returned.by}，${s.returned.step || ""}）` })));
      }
      if (s.stuck) extra.push(el("p", { class: "stuck", text: `⚠ ${s.stuck}` }));
      const canUpload = s.mine && (s.status === "returned" || s.status === "draft" ||
        (s.status === "in_review" && s.current_step && s.current_step.action === "redact"));
      if (s.current_step && s.current_step.action === "redact" && s.mine) {
        extra.push(el("p", { class: "hint", text: "脱敏处理：请下载脱敏副本或自行修改，上传脱敏后的版本；复查干净后才能进入下一步。" }));
      }
      if (canUpload) extra.push(versionUploader(s));
      if (s.mine && s.status === "draft") extra.push(draftSender(s));
      return extra.length ? [row, el("tr", { class: "detail" }, el("td", { colspan: "7" }, ...extra))] : [row];
    }));
    box.setAttribute("data-loaded", "1");
  } catch (e) { say(e.message); }
}

async function refreshQueueCount() {
  try {
    const { submissions } = await api("/v1/submissions?queue=true");
    $("#queue-count").textContent = submissions.length ? `(${submissions.length})` : "";
  } catch (e) { /* the badge is a convenience */ }
}

const DONE = { approve: "已同意。", return: "已退回，送审人会看到退回理由。", register: "已登记发布。" };
async function act(sub, action, data) {
  try {
    await postJSON(`/v1/submissions/${sub.id}/${action}`, data);
    say(DONE[action], true);
    await loadQueue();
    refreshQueueCount();
  } catch (e) { say(e.message); }
}

function localNow() {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

async function loadQueue() {
  const box = $("#queue-list");
  box.removeAttribute("data-loaded");
  try {
    const { submissions, warnings } = await api("/v1/submissions?queue=true");
    box.replaceChildren();
    for (const w of warnings || []) box.append(el("p", { class: "stuck", text: `⚠ ${w}` }));
    if (!submissions.length) box.append(el("p", { text: "没有等待您办理的送审稿。" }));
    for (const s of submissions) {
      const steps = el("ol", { class: "steps" }, ...s.steps.map((st, i) =>
        el("li", { class: i < s.step ? "done" : i === s.step ? "now" : "", text: stepText(st) })));
      const actions = el("div", { class: "actions" });
      const step = s.current_step || {};
      if (step.action === "register_publication") {
        const channel = el("select", { name: "channel" }, ...["website", "weibo", "wechat"].map((c) => el("option", { value: c, text: CHANNELS[c] })));
        const url = el("input", { name: "url", type: "url", required: true, placeholder: "https://" });
        const when = el("input", { name: "published_at", type: "datetime-local", required: true, value: localNow() });
        actions.append(el("label", {}, "渠道", channel), el("label", {}, "发布网址（必填）", url),
          el("label", {}, "发布时间（本单位时间，必填）", when),
          el("button", { class: "primary", "data-action": "register", text: "登记发布", onclick: () => {
            if (!url.value.trim() || !when.value) { say("请填写发布网址和发布时间。"); return; }
            act(s, "register", { channel: channel.value, url: url.value.trim(), published_at: when.value });
          } }));
      } else if (step.action === "redact") {
        actions.append(el("p", { class: "hint", text: "脱敏处理：请在“送审稿”中上传脱敏后的版本；复查干净后审批从第一步重新开始。" }));
      } else {
        const note = el("input", { name: "note", placeholder: "同意时可不填；退回时必填" });
        actions.append(el("label", {}, "意见", note),
          el("button", { class: "primary", "data-action": "approve", text: "同意", onclick: () => act(s, "approve", { note: note.value }) }),
          el("button", { class: "danger", "data-action": "return", text: "退回", onclick: () => {
            if (!note.value.trim()) { say("退回须填写理由，送审人会看到这条理由。"); note.focus(); return; }
            act(s, "return", { note: note.value.trim() });
          } }));
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
    const { entries, timezone } = await api(`/v1/register${q ? "?" + q : ""}`);
    $("#register-tz").textContent = timezone === "Asia/Shanghai" ? "北京时间" : timezone;
    $("#register-rows").replaceChildren(...entries.map((r) => el("tr", {},
      cell("登记号", String(r.id)), cell("标题", r.title), cell("部门", r.department),
      cell("渠道", CHANNELS[r.channel] || r.channel), cell("网址", r.url),
      cell("发布时间", r.published_at_local), cell("审批人", r.approved_by || "—"),
      cell("登记人", r.registered_by), cell("审查结论", VERDICTS[r.verdict] || r.verdict))));
  } catch (e) { say(e.message); }
}
$("#register-filter").addEventListener("submit", (ev) => { ev.preventDefault(); loadRegister(); });

start();
