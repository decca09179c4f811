/* dashboard.js — Tổng quan: the station at a glance (GET /api/v1/status),
 * kept up to date without a reload, and the "Phát khẩn" button.
 *
 * Live: the page asks for the status every 5 seconds while it is shown
 * (every second for a little while after an emergency is sent), and moves
 * the on-air progress bar every second in between from the last answer.
 * A short poll rather than Server-Sent Events: the console serves every
 * request from one thread (libmicrohttpd's), where an open event stream
 * per browser would need its own wake-ups to push anything, while a poll
 * is one quick request (the status takes milliseconds) that ends. It
 * stops while the tab is hidden, and after 30 minutes without a touch of
 * the page — the time after which an idle session ends — so a screen left
 * open does not keep a session alive for ever; a touch resumes it.
 *
 * Phát khẩn (an officer, a leader): a clip or a playlist chosen from the
 * library, a confirmation naming exactly what will play and for how long,
 * then POST /api/v1/emergency; the daemon puts it on air within a second
 * and the next look at the status shows it. Plain DOM, every value from
 * the station put in with textContent. */
"use strict";

Object.assign(WORDS, {
  program_silent: ["Chương trình chạy nền: mất liên lạc từ", "Broadcast program: no word from it since"],
  heartbeat_at: ["liên lạc lần cuối lúc", "last heard from at"],
  last_airing: ["Lượt phát gần nhất", "Last airing"],
  no_last: ["Chưa có lượt phát nào.", "No airing yet."],
  elapsed_of: ["/", "of"],
  emergency_by: ["Phát khẩn, do %s yêu cầu", "Emergency, asked for by %s"],
  live_paused: ["Trang đã ngừng tự cập nhật vì 30 phút không có ai dùng. Bấm vào trang để cập nhật tiếp.",
                "The page stopped updating itself after 30 minutes without use. Touch the page to go on."],
  em_button: ["Phát khẩn", "Emergency broadcast"],
  em_intro: ["Phát ngay một tệp âm thanh hoặc một danh sách phát trên loa, ngắt chương trình đang phát.",
             "Play a clip or a playlist on the loudspeakers now, cutting off whatever is on air."],
  em_what: ["Phát gì?", "What to play?"],
  em_clip: ["Tệp âm thanh", "A clip"],
  em_playlist: ["Danh sách phát", "A playlist"],
  em_pick: ["Chọn", "Choose"],
  em_search: ["Tìm theo tên hoặc chủ đề", "Search by title or topic"],
  em_none: ["Không có gì để chọn.", "Nothing to choose from."],
  em_next: ["Tiếp tục", "Next"],
  em_choose_first: ["Hãy chọn tệp âm thanh hoặc danh sách phát cần phát.", "Choose the clip or the playlist to play."],
  em_question_cut: ["Phát ngay «%s» (%d) trên loa, ngắt chương trình đang phát?",
                    "Play «%s» (%d) on the loudspeakers now, cutting off what is on air?"],
  em_question: ["Phát ngay «%s» (%d) trên loa?", "Play «%s» (%d) on the loudspeakers now?"],
  em_yes: ["Phát ngay", "Play now"],
  em_sent: ["Đã gửi: «%s» được phát ngay.", "Sent: «%s» goes on air now."],
  "audit_emergency": ["phát khẩn", "emergency broadcast"],
});

/* ---- the live status ---- */

const POLL_MS = 5000, POLL_FAST_MS = 1000, IDLE_MS = 30 * 60 * 1000;
let dash = null;          /* the last status */
let dashBulletins = [];   /* the hub's bulletins, as last read */
let dashAt = 0;           /* when it came (the browser's clock, ms) */
let dashTimer = 0, dashTicker = 0, dashFastUntil = 0, lastTouch = Date.now();

function dashboardShown() { return !$("dashboard").hidden && !!csrf; }

/* "từ 06:00" of an instant, as a phrase. */
function since(iso) { return t("since") + " " + hhmm(iso); }

function renderProgram(d) {
  const prog = $("dash-program");
  clear(prog);
  const silent = d.running === true && d.heartbeat_age !== null && d.heartbeat_age > 120;
  let line;
  if (d.running === true && silent) line = el("p", "bad", t("program_silent") + " " + hhmm(d.heartbeat));
  else if (d.running === true) line = el("p", "ok", t("program_running"));
  else if (d.running === false) line = el("p", "bad", t("program_stopped"));
  else line = el("p", "bad", t("program_unknown"));
  line.id = "dash-daemon";
  prog.appendChild(line);
  if (d.running === true && !silent && d.heartbeat)
    prog.appendChild(el("p", "muted small", t("heartbeat_at") + " " + hhmm(d.heartbeat)));
  if (d.device_ok === null) prog.appendChild(el("p", "muted", t("device_untried")));
  else prog.appendChild(el("p", d.device_ok ? "ok" : "bad",
    (d.device_ok ? t("device_ok") : t("device_bad")) + " " + when(d.device_checked) + " (" + (d.device || "") + ")"));
}

/* The on-air card's progress from the last status, moved on by the time
 * since it came. */
function renderElapsed() {
  const a = dash && dash.on_air;
  const box = $("dash-progress-box");
  if (!a || !a.duration) { box.hidden = true; return; }
  const el_s = Math.min(a.duration, a.elapsed + (Date.now() - dashAt) / 1000);
  const bar = $("dash-progress");
  bar.max = a.duration;
  bar.value = el_s;
  const text = duration(el_s) + " " + t("elapsed_of") + " " + duration(a.duration);
  bar.setAttribute("aria-label", t("on_air") + ": " + text);
  $("dash-elapsed").textContent = text;
  box.hidden = false;
}

function renderOnAir(data) {
  const onair = $("dash-onair");
  const who = $("dash-requested");
  const a = data.on_air;
  if (a) {
    onair.textContent = a.title + " — " + since(a.started || a.scheduled);
    onair.className = "onair";
    who.textContent = a.requested_by ? t("emergency_by").replace("%s", a.requested_by) : "";
    who.hidden = !a.requested_by;
  } else {
    onair.textContent = t("nothing_on_air");
    onair.className = "muted";
    who.hidden = true;
  }
  renderElapsed();
}

function renderLast(data) {
  const last = $("dash-last");
  clear(last);
  const a = data.last;
  if (!a) { last.appendChild(el("span", "muted", t("no_last"))); return; }
  last.appendChild(el("span", "time", when(a.started || a.scheduled)));
  last.appendChild(el("span", "title", a.title || ""));
  const ok = a.status === "completed";
  let text = outcome(a.status);
  if (!ok && a.reason_code) {
    /* The reason, after the outcome unless it says it already ("bị
     * ngắt để phát tin khẩn cấp" after "bị ngắt"). */
    const why = reasonText(a.reason_code, a.reason);
    text = bare(why).startsWith(bare(text)) ? why : text + ": " + why;
  }
  last.appendChild(el("span", ok ? "ok" : a.status === "skipped" ? "muted" : "bad", text));
}

function renderDashboard(data) {
  $("station").textContent = data.station;
  $("dash-now").textContent = t("now") + " " + when(data.now);
  renderProgram(data.daemon);
  renderOnAir(data);
  renderLast(data);

  const warn = $("dash-warn");
  clear(warn);
  /* Bulletins of the province waiting for the officer (bulletins.js). */
  const waiting = btDashboard(warn, data.now, dashBulletins);
  /* The status's own "bulletins_waiting" is that line, with its link. */
  const shown = data.warnings.filter((w) => w.code !== "bulletins_waiting");
  for (const w of shown) line(warn, sentence(w.message), "warn");
  if (!shown.length && !waiting) line(warn, t("no_warning"), "ok");

  const next = $("dash-next");
  clear(next);
  for (const x of data.next) {
    const li = line(next, "");
    li.appendChild(el("span", "time", when(x.start)));
    li.appendChild(el("span", "title", x.title || ""));
    /* Waiting for the leader (approve.js): it airs once approved. */
    if (x.reason_code === "pending_approval") li.appendChild(el("span", "pending", t("approval_pending")));
    else if (x.reason_code === "rejected") li.appendChild(el("span", "bad", t("approval_rejected")));
    else if (x.status === "skipped") li.appendChild(el("span", "bad", t("will_not_air")));
  }
  if (!data.next.length) line(next, t("no_next"), "muted");

  const today = $("dash-today");
  clear(today);
  const aired = data.aired.filter((a) => day(a.scheduled) === day(data.now));
  for (const a of aired) {
    const li = line(today, "");
    li.appendChild(el("span", "time", hhmm(a.scheduled)));
    li.appendChild(el("span", "title", a.title || ""));
    const ok = a.status === "completed" || a.status === "playing";
    li.appendChild(el("span", ok ? "ok" : a.status === "skipped" ? "muted" : "bad", outcome(a.status)));
  }
  if (!aired.length) line(today, t("no_today"), "muted");
}

/* One look at the status, then the next in a while. */
async function refreshDashboard() {
  clearTimeout(dashTimer);
  dashTimer = 0;
  if (!dashboardShown()) return;
  await loadReasons();
  const [{ status, data }, b] = await Promise.all([api("status"), api("bulletins")]);
  if (!dashboardShown()) return;
  if (b.status === 200) dashBulletins = b.data;
  if (status === 200) {
    problem("");
    dash = data;
    dashAt = Date.now();
    renderDashboard(data);
  } else if (status) {
    problem(errorText(data));
  }
  scheduleDashboard();
}

function scheduleDashboard() {
  clearTimeout(dashTimer);
  dashTimer = 0;
  if (!dashboardShown() || document.hidden) return;
  const paused = $("dash-paused");
  if (Date.now() - lastTouch > IDLE_MS) { paused.hidden = false; return; }
  paused.hidden = true;
  dashTimer = setTimeout(refreshDashboard, Date.now() < dashFastUntil ? POLL_FAST_MS : POLL_MS);
}

async function loadDashboard() {
  showSection("dashboard");
  setUpEmergency();
  if (!dashTicker) dashTicker = setInterval(() => { if (dashboardShown()) renderElapsed(); }, 1000);
  await refreshDashboard();
}

/* A touch of the page after the idle pause looks again at once. */
function touched() {
  const idle = Date.now() - lastTouch > IDLE_MS;
  lastTouch = Date.now();
  if (idle && dashboardShown()) refreshDashboard();
}
for (const ev of ["pointerdown", "keydown", "wheel", "touchstart"])
  document.addEventListener(ev, touched, { passive: true });
document.addEventListener("visibilitychange", () => { if (!document.hidden && dashboardShown()) refreshDashboard(); });

/* ---- Phát khẩn ---- */

let emRows = { clip: null, playlist: null };
let emChoice = null;

function emKind() {
  const r = document.querySelector("input[name=em-kind]:checked");
  return r ? r.value : "clip";
}

/* Fills the list with the clips or the playlists that match the search. */
function emFill() {
  const kind = emKind(), rows = emRows[kind] || [];
  const q = bare($("em-search").value.trim());
  const pick = $("em-pick");
  clear(pick);
  let n = 0;
  for (const r of rows) {
    const name = kind === "clip" ? r.title : r.name;
    if (q && !bare(name).includes(q) && !(kind === "clip" && (bare(r.topic).includes(q) || String(r.id) === q))) continue;
    const o = el("option", null, (kind === "clip" ? r.id + ". " : "") + name + " (" + duration(r.duration) + ")");
    o.value = kind === "clip" ? String(r.id) : r.name;
    pick.appendChild(o);
    n++;
  }
  if (!n) {
    const o = el("option", null, t("em_none"));
    o.disabled = true;
    pick.appendChild(o);
  }
}

async function emLoad(kind) {
  if (emRows[kind]) return;
  const { status, data } = await api(kind === "clip" ? "clips" : "playlists");
  if (status === 200) emRows[kind] = data;
}

function emClose() {
  $("em-box").hidden = true;
  $("em-confirm").hidden = true;
  $("em-open").setAttribute("aria-expanded", "false");
  $("em-open").focus();
}

function setUpEmergency() {
  const card = $("dash-emergency");
  card.hidden = !mayChange();
  if (card.dataset.ready) return;
  card.dataset.ready = "1";
  $("em-open").addEventListener("click", async () => {
    const box = $("em-box");
    if (!box.hidden) { emClose(); return; }
    $("em-note").textContent = "";
    $("em-error").textContent = "";
    $("em-confirm").hidden = true;
    box.hidden = false;
    $("em-open").setAttribute("aria-expanded", "true");
    await emLoad(emKind());
    emFill();
    $("em-search").focus();
  });
  for (const r of document.querySelectorAll("input[name=em-kind]"))
    r.addEventListener("change", async () => {
      $("em-confirm").hidden = true;
      await emLoad(emKind());
      emFill();
    });
  $("em-search").addEventListener("input", emFill);
  $("em-pick").addEventListener("change", () => { $("em-confirm").hidden = true; });
  $("em-cancel").addEventListener("click", emClose);
  $("em-no").addEventListener("click", emClose);
  $("em-next").addEventListener("click", () => {
    const kind = emKind(), v = $("em-pick").value;
    const row = (emRows[kind] || []).find((r) => (kind === "clip" ? String(r.id) : r.name) === v);
    $("em-error").textContent = "";
    if (!row) {
      $("em-error").textContent = t("em_choose_first");
      $("em-confirm").hidden = false;
      $("em-yes").hidden = true;
      return;
    }
    emChoice = { kind, row };
    const title = kind === "clip" ? row.title : row.name;
    const q = t(dash && dash.on_air ? "em_question_cut" : "em_question");
    $("em-question").textContent = q.replace("%s", title).replace("%d", duration(row.duration));
    $("em-yes").hidden = false;
    $("em-confirm").hidden = false;
    $("em-no").focus();
  });
  $("em-yes").addEventListener("click", async () => {
    if (!emChoice) return;
    const body = emChoice.kind === "clip" ? { clip: emChoice.row.id } : { playlist: emChoice.row.name };
    $("em-yes").disabled = true;
    const { status, data } = await api("emergency", "POST", body);
    $("em-yes").disabled = false;
    if (status === 202) {
      emClose();
      const note = $("em-note");
      note.className = "ok";
      note.textContent = t("em_sent").replace("%s", data.title);
      dashFastUntil = Date.now() + 10000;
      refreshDashboard();
      return;
    }
    if (!status) return;
    $("em-error").textContent = errorText(data);
    $("em-no").focus();
  });
}
