/* approve.js — the leader's page Duyệt (kiểm duyệt): what officers added
 * or changed waits here until a leader approves it (it does not air
 * meanwhile). Each entry: a slot with its rule in words, or a clip with a
 * player; approve, or reject with a reason (required). A count on the
 * menu entry says how many wait. Uses app.js's helpers; every value from
 * the station goes in with textContent, never parsed as HTML. */
"use strict";

/* The menu's count of what waits; called on every page a leader opens. */
async function approvalBadge() {
  const badge = $("nav-approve-count");
  if (role !== "leader") { badge.hidden = true; return; }
  const { status, data } = await api("approvals");
  if (status !== 200) return;
  badge.textContent = String(data.length);
  badge.hidden = data.length === 0;
  badge.setAttribute("aria-label", data.length + " " + t("ap_waiting"));
  /* The count widens the menu: on a phone the page's own entry is
   * brought back into sight (as showSection does). */
  navKeepCurrent();
}

function approvalItem(e) {
  const li = el("li", "clip approval");
  li.dataset.kind = e.kind;
  li.dataset.id = e.id;
  const head = el("div", "clip-head");
  head.appendChild(el("span", "clip-no", t(e.kind === "slot" ? "ap_slot" : "clip_no") + " " + e.id));
  head.appendChild(el("h2", "clip-title", e.title));
  li.appendChild(head);
  const facts = el("dl", "facts");
  const fact = (k, v) => { facts.appendChild(el("dt", null, t(k))); facts.appendChild(el("dd", null, v)); };
  fact("ap_asked_by", e.asked_by + (e.asked ? ", " + when(e.asked) : ""));
  if (e.kind === "slot") {
    fact("ap_when", e.what);
    if (e.clip) fact("ap_airs", /^\d+$/.test(String(e.clip)) ? t("ap_clip") + " " + e.clip : t("ap_playlist") + " " + e.clip);
  } else {
    fact("duration", duration(e.duration));
  }
  li.appendChild(facts);
  if (e.kind === "clip" || /^\d+$/.test(String(e.clip || ""))) {
    const id = e.kind === "clip" ? e.id : e.clip;
    const audio = el("audio");
    audio.controls = true;
    audio.preload = "none";
    audio.src = "/api/v1/clips/" + encodeURIComponent(id) + "/audio";
    audio.setAttribute("aria-label", t("listen") + ": " + e.title);
    li.appendChild(audio);
  }
  const form = el("form", "form approve-form");
  form.noValidate = true;
  const rid = "ap-reason-" + e.kind + "-" + e.id;
  const label = el("label", null, t("ap_reason"));
  label.htmlFor = rid;
  const reason = el("input");
  reason.id = rid;
  reason.autocomplete = "off";
  reason.maxLength = 500;
  const msg = el("p", "error");
  msg.setAttribute("role", "alert");
  const row = el("div", "actions");
  const yes = el("button", null, t("ap_approve"));
  yes.type = "button";
  const no = el("button", "secondary", t("ap_reject"));
  no.type = "button";
  row.appendChild(yes);
  row.appendChild(no);
  form.appendChild(row);
  form.appendChild(label);
  form.appendChild(reason);
  form.appendChild(msg);
  form.addEventListener("submit", (ev) => ev.preventDefault());
  const decide = async (decision) => {
    msg.textContent = "";
    reason.removeAttribute("aria-invalid");
    if (decision === "reject" && !reason.value.trim()) {
      msg.textContent = t("ap_reason_needed");
      reason.setAttribute("aria-invalid", "true");
      reason.focus();
      return;
    }
    const body = { decision };
    body[e.kind] = e.id;
    if (e.kind === "slot") body.version = e.version;
    if (decision === "reject") body.reason = reason.value.trim();
    yes.disabled = no.disabled = true;
    const { status, data } = await api("approvals", "POST", body);
    yes.disabled = no.disabled = false;
    if (status !== 200) {
      msg.textContent = errorText(data);
      if (data && data.field === "reason") { reason.setAttribute("aria-invalid", "true"); reason.focus(); }
      return;
    }
    $("ap-note").textContent = sentence(t(decision === "approve" ? "ap_done_approve" : "ap_done_reject") + ": " + e.title);
    loadApprovals();
  };
  yes.addEventListener("click", () => decide("approve"));
  no.addEventListener("click", () => decide("reject"));
  li.appendChild(form);
  return li;
}

async function loadApprovals() {
  showSection("approve");
  const { status, data } = await api("approvals");
  if (status !== 200) { if (status) problem(errorText(data)); return; }
  problem("");
  const list = $("ap-list");
  clear(list);
  $("ap-count").textContent = data.length ? data.length + " " + t("ap_waiting") : t("ap_none");
  for (const e of data) list.appendChild(approvalItem(e));
  approvalBadge();
}
