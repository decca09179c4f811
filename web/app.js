/* app.js — the console's pages: log in and Kho âm thanh (the clip library
 * with a player for each clip), and what every page shares; Tổng quan is
 * dashboard.js's. Plain DOM: every value from the station is put in with
 * textContent, never parsed as HTML. */
"use strict";

let csrf = "";

function $(id) { return document.getElementById(id); }

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

/* Calls the API: {status, data}; data is the parsed JSON, or null. */
async function api(path, method, body) {
  const headers = { "Accept": "application/json" };
  if (method && method !== "GET") headers["X-CSRF-Token"] = csrf;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let r;
  try {
    r = await fetch("/api/v1/" + path, {
      method: method || "GET", headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    problem(t("network"));
    return { status: 0, data: null };
  }
  let data = null;
  if (r.status !== 204) {
    try { data = await r.json(); } catch (e) { data = null; }
  }
  if (r.status === 401 && path !== "session") showLogin();
  /* A paged answer (the log) names its next page in a Link header. */
  const m = /<\/api\/v1\/([^>]*)>\s*;\s*rel="next"/.exec(r.headers.get("Link") || "");
  return { status: r.status, data, next: m ? m[1] : null };
}

function problem(text) {
  const p = $("problem");
  p.textContent = text || "";
  p.hidden = !text;
}

/* A message of the core ("the file ... is not audio") as a sentence of
 * the page: a capital first letter and a full stop. */
function sentence(s) {
  s = String(s).trim();
  if (!s) return s;
  s = s.charAt(0).toLocaleUpperCase(LANG ? "en" : "vi") + s.slice(1);
  return /[.!?…]$/.test(s) ? s : s + ".";
}

/* The error of an answer in one line: what is wrong, then what to do. */
function errorText(data) {
  if (!data || !data.error) return t("network");
  return data.hint ? sentence(data.error) + " " + sentence(data.hint) : sentence(data.error);
}

/* ---- dates and times: the station's own, as the API writes them ---- */

function pad(n) { return String(n).padStart(2, "0"); }

/* "2026-07-01T06:00:00+07:00" -> "01/07/2026 06:00" (the station's wall clock). */
function when(iso) {
  if (!iso) return "";
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d))?/.exec(iso);
  if (!m) return iso;
  const date = LANG ? m[1] + "-" + m[2] + "-" + m[3] : m[3] + "/" + m[2] + "/" + m[1];
  return m[4] ? date + " " + m[4] + ":" + m[5] : date;
}

function hhmm(iso) {
  const m = /T(\d\d):(\d\d)/.exec(iso || "");
  return m ? m[1] + ":" + m[2] : "";
}

function day(iso) { return (iso || "").slice(0, 10); }

function duration(s) {
  s = Math.round(Number(s) || 0);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  return h ? h + ":" + pad(m) + ":" + pad(sec) : m + ":" + pad(sec);
}

function outcome(status) { return t("status_" + status); }

/* ---- pages ---- */

function showSection(id) {
  for (const s of document.querySelectorAll("main > section")) s.hidden = s.id !== id;
  const nav = $("nav");
  for (const a of nav.querySelectorAll("a")) {
    const here = a.getAttribute("href") === "#" + id;
    a.setAttribute("aria-current", here ? "page" : "false");
  }
  requestAnimationFrame(navKeepCurrent);
}

/* On a phone the menu is one row that scrolls sideways: the page's own
 * entry is kept in the middle of it — when a page is shown, and when the
 * menu's width changes (a scroll bar appears beside a longer page, a count
 * is added). Sideways only: the page itself never jumps. */
function navKeepCurrent() {
  const nav = $("nav"), a = nav.querySelector("a[aria-current=page]");
  if (!a || nav.scrollWidth <= nav.clientWidth) return;
  const n = nav.getBoundingClientRect(), r = a.getBoundingClientRect();
  nav.scrollLeft += r.left + r.width / 2 - (n.left + n.width / 2);
}

function showLogin() {
  csrf = "";
  $("nav").hidden = $("account").hidden = true;
  showSection("login");
  $("user").focus();
}

function line(list, text, cls) {
  const li = el("li", cls, text);
  list.appendChild(li);
  return li;
}

/* A text for searching: lower case, without diacritics ("Đ" as "d"). */
function bare(s) {
  return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/gi, "d").toLowerCase();
}

let clipRows = [];

function renderClips() {
  const q = bare($("clip-search").value.trim());
  const list = $("clip-list");
  clear(list);
  let n = 0;
  for (const c of clipRows) {
    if (q && !bare(c.title).includes(q) && !bare(c.topic).includes(q) && String(c.id) !== q) continue;
    n++;
    const li = el("li", "clip");
    const head = el("div", "clip-head");
    head.appendChild(el("span", "clip-no", t("clip_no") + " " + c.id));
    head.appendChild(el("h2", "clip-title", c.title));
    /* Waiting for the leader (approve.js): it does not air yet. */
    if (c.approval && c.approval !== "approved") head.appendChild(el("span", "pending", t("approval_" + c.approval)));
    li.appendChild(head);
    const facts = el("dl", "facts");
    const fact = (k, v) => { facts.appendChild(el("dt", null, t(k))); facts.appendChild(el("dd", null, v)); };
    fact("topic", c.topic || t("no_topic"));
    fact("duration", duration(c.duration));
    let valid = t("always");
    if (c.valid_from && c.valid_until) valid = t("valid_from") + " " + when(c.valid_from) + " " + t("valid_until") + " " + when(c.valid_until);
    else if (c.valid_from) valid = t("valid_from") + " " + when(c.valid_from);
    else if (c.valid_until) valid = t("valid_until") + " " + when(c.valid_until);
    fact("valid", valid);
    li.appendChild(facts);
    const audio = el("audio");
    audio.controls = true;
    audio.preload = "none";
    audio.src = "/api/v1/clips/" + encodeURIComponent(c.id) + "/audio";
    audio.setAttribute("aria-label", t("listen") + ": " + c.title);
    li.appendChild(audio);
    if (mayChange()) {
      li.appendChild(editForm(c));
      li.appendChild(deleteBox(c));
    }
    list.appendChild(li);
  }
  $("clip-count").textContent = clipRows.length
    ? n + " / " + clipRows.length + " " + t("clips_count")
    : t("clips_none");
  if (clipRows.length && !n) line(list, t("clips_no_match"), "muted");
}

/* ---- changing the clips (officer, leader) ---- */

let role = "";

function mayChange() { return role === "officer" || role === "leader"; }

/* dd/mm/yyyy of a YYYY-MM-DD, "" of "". */
function dmy(iso) {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(iso || "");
  return m ? m[3] + "/" + m[2] + "/" + m[1] : "";
}

/* The edit form of clip c: title, topic, validity. */
function editForm(c) {
  const box = el("details");
  box.appendChild(el("summary", null, t("edit")));
  const form = el("form", "form");
  form.noValidate = true;
  const fields = [["title", c.title], ["topic", c.topic || ""], ["valid_from", dmy(c.valid_from)],
                  ["valid_until", dmy(c.valid_until)]];
  const inputs = {};
  for (const [key, value] of fields) {
    const id = "edit-" + c.id + "-" + key;
    const label = el("label", null, key.startsWith("valid") ? t("valid") + " " + t(key) : t(key));
    label.htmlFor = id;
    const input = el("input");
    input.id = id;
    input.name = key;
    input.value = value;
    if (key.startsWith("valid")) input.placeholder = t("edit_dates_hint");
    inputs[key] = input;
    form.appendChild(label);
    form.appendChild(input);
  }
  const msg = el("p", "error");
  msg.setAttribute("role", "alert");
  const save = el("button", null, t("save"));
  save.type = "submit";
  form.appendChild(save);
  form.appendChild(msg);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const body = {};
    for (const [key, value] of fields) {
      inputs[key].removeAttribute("aria-invalid");
      if (inputs[key].value !== value) body[key] = inputs[key].value;
    }
    if (!Object.keys(body).length) return;
    msg.className = "error";
    msg.textContent = "";
    const { status, data } = await api("clips/" + encodeURIComponent(c.id), "PATCH", body);
    if (status === 200) {
      clipRows = clipRows.map((x) => (x.id === data.id ? data : x));
      renderClips();
      return;
    }
    if (!status) return;
    msg.textContent = errorText(data);
    if (data && data.field && inputs[data.field]) {
      inputs[data.field].setAttribute("aria-invalid", "true");
      inputs[data.field].focus();
    }
  });
  box.appendChild(form);
  return box;
}

/* Deleting clip c: a confirmation naming its title; a refusal (409: a
 * slot or a playlist uses it) said in words, with the choice to delete
 * it all the same, as `loa clip rm --force` does. */
function deleteBox(c) {
  const box = el("div", "clip-delete");
  const del = el("button", "secondary", t("clip_delete"));
  del.type = "button";
  del.setAttribute("aria-label", t("clip_delete") + ": " + c.title);
  const confirm = el("div", "confirm");
  confirm.hidden = true;
  const ask = el("p", null, t("clip_delete_confirm").replace("%s", c.title));
  const why = el("p", "error");
  why.setAttribute("role", "alert");
  const yes = el("button", null, t("clip_delete_yes"));
  yes.type = "button";
  const no = el("button", "secondary", t("cancel"));
  no.type = "button";
  const row = el("div", "actions");
  row.appendChild(yes);
  row.appendChild(no);
  confirm.appendChild(ask);
  confirm.appendChild(why);
  confirm.appendChild(row);
  let force = false;
  del.addEventListener("click", () => {
    force = false;
    why.textContent = "";
    yes.textContent = t("clip_delete_yes");
    confirm.hidden = false;
    no.focus();
  });
  no.addEventListener("click", () => { confirm.hidden = true; del.focus(); });
  yes.addEventListener("click", async () => {
    const { status, data } = await api("clips/" + encodeURIComponent(c.id) + (force ? "?force=1" : ""), "DELETE");
    if (status === 204) {
      clipRows = clipRows.filter((x) => x.id !== c.id);
      renderClips();
      const note = $("clip-note");
      note.className = "ok";
      note.textContent = t("clip_deleted") + " " + c.id + ": " + c.title + ".";
      return;
    }
    if (!status) return;
    why.textContent = errorText(data);
    why.scrollIntoView({ block: "nearest" });
    if (status === 409) {
      /* What uses it is named: now the choice is to delete it anyway. */
      force = true;
      yes.textContent = t("clip_delete_force");
    }
    no.focus();
  });
  box.appendChild(del);
  box.appendChild(confirm);
  return box;
}

/* Sends one file as a form, its progress into bar; resolves with
 * {status, data}. */
function sendFile(file, bar) {
  return new Promise((resolve) => {
    const x = new XMLHttpRequest();
    const form = new FormData();
    form.append("file", file, file.name);
    x.open("POST", "/api/v1/clips");
    x.setRequestHeader("X-CSRF-Token", csrf);
    x.setRequestHeader("Accept", "application/json");
    x.upload.addEventListener("progress", (ev) => {
      if (ev.lengthComputable) bar.value = Math.round((100 * ev.loaded) / ev.total);
    });
    x.upload.addEventListener("load", () => { bar.value = 100; bar.dispatchEvent(new Event("sent")); });
    x.addEventListener("load", () => {
      let data = null;
      try { data = JSON.parse(x.responseText); } catch (e) { data = null; }
      resolve({ status: x.status, data });
    });
    x.addEventListener("error", () => resolve({ status: 0, data: null }));
    x.send(form);
  });
}

/* Uploads files one after the other (the console imports one at a
 * time), each with its line: name, progress bar, outcome. */
async function uploadFiles(files) {
  const list = $("upload-list");
  const jobs = [];
  for (const file of files) {
    const li = el("li");
    li.appendChild(el("div", "upload-name", file.name));
    const bar = el("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", file.name);
    li.appendChild(bar);
    const state = el("div", "upload-state", t("upload_waiting"));
    li.appendChild(state);
    list.appendChild(li);
    jobs.push({ file, li, bar, state });
  }
  for (const j of jobs) {
    j.state.textContent = t("upload_sending");
    j.bar.addEventListener("sent", () => { j.state.textContent = t("upload_importing"); });
    const { status, data } = await sendFile(j.file, j.bar);
    j.bar.remove();
    if (status === 201 || status === 200) {
      j.state.className = "upload-state good";
      j.state.textContent = t(status === 201 ? "upload_added" : "upload_already") + " " + data.id + ": " + data.title;
      j.li.dataset.clip = data.id;
    } else {
      j.state.className = "upload-state bad";
      j.state.textContent = t("upload_refused") + ": " + (status ? errorText(data) : t("network"));
      j.li.classList.add("refused");
    }
  }
  const { status, data } = await api("clips");
  if (status === 200) { clipRows = data; renderClips(); }
}

function setUpUpload() {
  const drop = $("drop");
  $("upload-files").addEventListener("change", (ev) => {
    const files = Array.from(ev.target.files);
    ev.target.value = "";
    if (files.length) uploadFiles(files);
  });
  drop.addEventListener("dragover", (ev) => { ev.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (ev) => {
    ev.preventDefault();
    drop.classList.remove("over");
    const files = Array.from(ev.dataTransfer.files);
    if (files.length) uploadFiles(files);
  });
}

async function loadClips() {
  showSection("clips");
  const { status, data } = await api("clips");
  if (status !== 200) { if (status) problem(errorText(data)); return; }
  problem("");
  clipRows = data;
  $("clip-note").textContent = "";
  $("upload").hidden = !mayChange();
  renderClips();
}

function route() {
  if (!csrf) return;
  if (location.hash === "#clips") loadClips();
  else if (location.hash === "#playlists") loadPlaylists();
  else if (location.hash === "#schedule" || location.hash === "#bulletins") loadSchedule();
  else if (location.hash === "#log") loadLog();
  else if (location.hash === "#report") loadReport();
  else if (role === "leader" && location.hash === "#approve") loadApprovals();
  else if (role === "leader" && location.hash === "#users") loadUsers();
  else if (role === "leader" && location.hash === "#audit") loadAudit();
  else loadDashboard();
}

function loggedIn(data) {
  csrf = data.csrf;
  role = data.role;
  $("who").textContent = data.user;
  for (const a of document.querySelectorAll(".leader-only")) a.hidden = role !== "leader";
  $("nav").hidden = $("account").hidden = false;
  route();
  approvalBadge();
}

async function start() {
  translatePage();
  if (window.ResizeObserver) new ResizeObserver(navKeepCurrent).observe($("nav"));
  $("login-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    $("login-error").textContent = "";
    const { status, data } = await api("session", "POST", { user: $("user").value, password: $("password").value });
    $("password").value = "";
    if (status === 200) loggedIn(data);
    else if (status) $("login-error").textContent = errorText(data);
  });
  $("logout").addEventListener("click", async () => {
    await api("session", "DELETE");
    showLogin();
  });
  $("clip-search").addEventListener("input", renderClips);
  setUpUpload();
  window.addEventListener("hashchange", route);
  const { status, data } = await api("session");
  if (status === 200) loggedIn(data);
  else showLogin();
}

document.addEventListener("DOMContentLoaded", start);
