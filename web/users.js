/* users.js — a leader's pages: Người dùng (the accounts: add, change the
 * role, reset the password, remove after a confirmation) and Lịch sử thao
 * tác (the audit trail, newest first). Uses app.js's helpers; every value
 * from the station goes in with textContent, never parsed as HTML. */
"use strict";

const ROLES = ["leader", "officer", "viewer"];

function roleSelect(id, value) {
  const s = el("select");
  s.id = id;
  for (const r of ROLES) {
    const o = el("option", null, t("role_" + r));
    o.value = r;
    s.appendChild(o);
  }
  s.value = value;
  return s;
}

/* A labelled field in a div: [div, input]. */
function field(id, label, input) {
  const d = el("div");
  const l = el("label", null, label);
  l.htmlFor = id;
  input.id = id;
  d.appendChild(l);
  d.appendChild(input);
  return [d, input];
}

function passwordInput() {
  const i = el("input");
  i.type = "password";
  i.autocomplete = "new-password";
  return i;
}

/* Shows an answer's error in msg, marking the field it names. */
function fieldError(msg, data, inputs) {
  msg.className = "error";
  msg.textContent = errorText(data);
  if (data && data.field && inputs[data.field]) {
    inputs[data.field].setAttribute("aria-invalid", "true");
    inputs[data.field].focus();
  }
}

function userPath(name) { return "users/" + encodeURIComponent(name); }

function userItem(u, me) {
  const li = el("li", "clip user");
  li.dataset.user = u.name;
  const head = el("div", "clip-head");
  head.appendChild(el("h2", "clip-title", u.name));
  if (u.name === me) head.appendChild(el("span", "clip-no", t("you")));
  li.appendChild(head);
  const facts = el("dl", "facts");
  const fact = (k, v) => { facts.appendChild(el("dt", null, t(k))); facts.appendChild(el("dd", null, v)); };
  fact("role", t("role_" + u.role));
  fact("created", when(u.created));
  fact("last_login", u.last_login ? when(u.last_login) : t("never"));
  li.appendChild(facts);

  const msg = el("p", "error");
  msg.setAttribute("role", "alert");
  const acts = el("div", "actions");
  const base = "u-" + (u.name.replace(/[^A-Za-z0-9_-]/g, "_")) + "-";

  const roleForm = el("form");
  roleForm.noValidate = true;
  const [rd, rs] = field(base + "role", t("change_role"), roleSelect(base + "role-s", u.role));
  roleForm.appendChild(rd);
  const rb = el("button", null, t("save"));
  rb.type = "submit";
  roleForm.appendChild(rb);
  roleForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (rs.value === u.role) return;
    const { status, data } = await api(userPath(u.name), "PATCH", { role: rs.value });
    if (status === 200) return loadUsers();
    if (status) fieldError(msg, data, { role: rs });
  });
  acts.appendChild(roleForm);

  const pwForm = el("form");
  pwForm.noValidate = true;
  const [p1d, p1] = field(base + "pw", t("reset_password"), passwordInput());
  const [p2d, p2] = field(base + "pw2", t("password_again"), passwordInput());
  pwForm.appendChild(p1d);
  pwForm.appendChild(p2d);
  const pb = el("button", null, t("save"));
  pb.type = "submit";
  pwForm.appendChild(pb);
  pwForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    p1.removeAttribute("aria-invalid");
    if (p1.value !== p2.value) {
      msg.className = "error";
      msg.textContent = t("passwords_differ");
      p2.setAttribute("aria-invalid", "true");
      p2.focus();
      return;
    }
    const { status, data } = await api(userPath(u.name), "PATCH", { password: p1.value });
    p1.value = p2.value = "";
    if (status === 200) {
      msg.className = "ok";
      msg.textContent = t("password_changed");
    } else if (status) fieldError(msg, data, { password: p1 });
  });
  acts.appendChild(pwForm);

  const rm = el("button", "secondary", t("remove"));
  rm.type = "button";
  const confirm = el("div", "confirm");
  confirm.hidden = true;
  confirm.appendChild(el("p", null, t("remove_confirm")));
  const yes = el("button", null, t("remove_yes") + " " + u.name);
  yes.type = "button";
  const no = el("button", "secondary", t("cancel"));
  no.type = "button";
  const row = el("div", "actions");
  row.appendChild(yes);
  row.appendChild(no);
  confirm.appendChild(row);
  rm.addEventListener("click", () => { confirm.hidden = false; no.focus(); });
  no.addEventListener("click", () => { confirm.hidden = true; rm.focus(); });
  yes.addEventListener("click", async () => {
    const { status, data } = await api(userPath(u.name), "DELETE");
    confirm.hidden = true;
    if (status === 204) return loadUsers();
    if (status) fieldError(msg, data, {});
  });
  acts.appendChild(rm);
  li.appendChild(acts);
  li.appendChild(confirm);
  li.appendChild(msg);
  return li;
}

async function loadUsers() {
  showSection("users");
  const { status, data } = await api("users");
  if (status !== 200) { if (status) problem(errorText(data)); return; }
  problem("");
  const me = $("who").textContent;
  const list = $("user-list");
  clear(list);
  for (const u of data) list.appendChild(userItem(u, me));
}

async function addUser(ev) {
  ev.preventDefault();
  const inputs = { name: $("ua-name"), role: $("ua-role"), password: $("ua-password") };
  const msg = $("ua-error");
  msg.textContent = "";
  for (const k in inputs) inputs[k].removeAttribute("aria-invalid");
  $("ua-password2").removeAttribute("aria-invalid");
  if ($("ua-password").value !== $("ua-password2").value) {
    msg.className = "error";
    msg.textContent = t("passwords_differ");
    $("ua-password2").setAttribute("aria-invalid", "true");
    $("ua-password2").focus();
    return;
  }
  const body = { name: inputs.name.value.trim(), role: inputs.role.value, password: inputs.password.value };
  const { status, data } = await api("users", "POST", body);
  if (status === 201) {
    $("user-add").reset();
    inputs.role.value = "officer";
    await loadUsers();
    msg.className = "ok";
    msg.textContent = t("user_added") + " " + data.name + " (" + t("role_" + data.role) + ")";
    return;
  }
  if (status) fieldError(msg, data, inputs);
}

/* ---- the audit trail ---- */

function shown(v) {
  if (v === null || v === undefined || v === "") return "—";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

function parsed(text) {
  if (text === null || text === undefined) return null;
  try {
    const v = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? v : { "": text };
  } catch (e) {
    return { "": text };
  }
}

/* What changed, as lines of text: "title: old → new" for an edit, the
 * object's fields for an addition or a removal. */
function changeLines(before, after) {
  const b = parsed(before), a = parsed(after), out = [];
  const keys = [];
  for (const o of [b, a]) if (o) for (const k of Object.keys(o)) if (!keys.includes(k)) keys.push(k);
  for (const k of keys) {
    if (b && a) {
      if (JSON.stringify(b[k]) === JSON.stringify(a[k])) continue;
      out.push([k, shown(b[k]) + " → " + shown(a[k])]);
    } else {
      out.push([k, shown((a || b)[k])]);
    }
  }
  return { lines: out, label: b && a ? "" : a ? t("after") : b ? t("before") : "" };
}

function auditItem(e) {
  const li = el("li", "clip entry");
  const head = el("div", "entry-head");
  head.appendChild(el("span", "time", when(e.at)));
  head.appendChild(el("span", "entry-who", e.user));
  head.appendChild(el("span", "entry-what", t("audit_" + e.action) + (e.object ? ": " + e.object : "")));
  head.appendChild(el("span", "muted", t("from_addr") + " " + (e.addr === "local" ? t("audit_local") : e.addr)));
  li.appendChild(head);
  const { lines, label } = changeLines(e.before, e.after);
  if (lines.length) {
    const ul = el("ul", "change");
    if (label) ul.appendChild(el("li", "muted", label + ":"));
    for (const [k, v] of lines) {
      const row = el("li");
      if (k) row.appendChild(el("span", "key", k + ": "));
      row.appendChild(el("span", "val", k === "role" ? v.replace(/\b(leader|officer|viewer)\b/g, (r) => t("role_" + r)) : v));
      ul.appendChild(row);
    }
    li.appendChild(ul);
  }
  return li;
}

async function loadAudit() {
  showSection("audit");
  const q = [];
  const msg = $("audit-error");
  msg.textContent = "";
  for (const k of ["from", "to"]) {
    const v = $("audit-" + k).value.trim();
    $("audit-" + k).removeAttribute("aria-invalid");
    if (v) q.push(k + "=" + encodeURIComponent(v));
  }
  const { status, data } = await api("audit" + (q.length ? "?" + q.join("&") : ""));
  const list = $("audit-list");
  clear(list);
  if (status !== 200) {
    if (status) fieldError(msg, data, { from: $("audit-from"), to: $("audit-to") });
    $("audit-count").textContent = "";
    return;
  }
  problem("");
  const rows = data.slice().reverse();
  $("audit-count").textContent = rows.length ? rows.length + " " + t("audit_count") : t("audit_none");
  for (const e of rows.slice(0, 500)) list.appendChild(auditItem(e));
  if (rows.length > 500) line(list, t("audit_more"), "muted");
}

function setUpUsers() {
  const sel = $("ua-role");
  for (const r of ROLES) {
    const o = el("option", null, t("role_" + r));
    o.value = r;
    sel.appendChild(o);
  }
  sel.value = "officer";
  $("user-add").addEventListener("submit", addUser);
  $("audit-form").addEventListener("submit", (ev) => { ev.preventDefault(); loadAudit(); });
}

document.addEventListener("DOMContentLoaded", setUpUsers);
