/* schedule.js — Lịch phát: the station's week (GET /api/v1/agenda, Monday
 * to Sunday, in the station's zone as the API writes its times), or one
 * day on a phone; every airing a block coloured and labelled by tier,
 * a skipped one struck through with its reason. An officer or a leader
 * adds a slot from a form with the choices of `loa slot add` (its rule in
 * words and its airings drawn as dashed blocks before it is saved),
 * opens an airing's slot to edit, disable or delete it, skips or moves
 * that one airing (by dragging its block to another hour, or with a
 * field), and imports or exports an .ics calendar; a viewer only reads.
 * A change names the slot's version: one made meanwhile by someone else
 * is said (409), never written over.
 *
 * Live: while the page is shown it asks every 5 seconds, as the dashboard
 * does, for the station's change token (GET /api/v1/changes, a few bytes),
 * and reads the week and the holidays again only when it moved: a slot
 * the command line, another browser or the leader's decision changed
 * shows up without a reload. It stops while the tab is hidden and after
 * 30 minutes without a touch (dashboard.js says why). Plain DOM, every
 * value from the station put in with textContent. */
"use strict";

Object.assign(WORDS, {
  nav_schedule: ["Lịch phát", "Schedule"],
  sc_prev_week: ["‹ Tuần trước", "‹ Previous week"],
  sc_next_week: ["Tuần sau ›", "Next week ›"],
  sc_this_week: ["Tuần này", "This week"],
  sc_prev_day: ["‹ Hôm trước", "‹ Previous day"],
  sc_next_day: ["Hôm sau ›", "Next day ›"],
  sc_today: ["Hôm nay", "Today"],
  sc_week_of: ["Tuần từ %a đến %b", "Week of %a to %b"],
  sc_none_week: ["Tuần này không có lượt phát nào.", "No airing this week."],
  sc_none_day: ["Ngày này không có lượt phát nào.", "No airing this day."],
  sc_count: ["lượt phát trong tuần", "airings this week"],
  sc_hour: ["Giờ", "Hour"],
  sc_legend: ["Chú thích", "Key"],
  tier_normal: ["thường", "normal"],
  tier_priority: ["ưu tiên", "priority"],
  tier_emergency: ["khẩn cấp", "emergency"],
  sc_skipped: ["không phát", "will not air"],
  sc_delayed: ["phát muộn", "delayed"],
  sc_planned: ["theo lịch", "planned for"],
  sc_preview: ["sẽ thêm (chưa lưu)", "would be added (not saved)"],
  day_1: ["Thứ Hai", "Monday"],
  day_2: ["Thứ Ba", "Tuesday"],
  day_3: ["Thứ Tư", "Wednesday"],
  day_4: ["Thứ Năm", "Thursday"],
  day_5: ["Thứ Sáu", "Friday"],
  day_6: ["Thứ Bảy", "Saturday"],
  day_0: ["Chủ Nhật", "Sunday"],
  dshort_1: ["T2", "Mon"],
  dshort_2: ["T3", "Tue"],
  dshort_3: ["T4", "Wed"],
  dshort_4: ["T5", "Thu"],
  dshort_5: ["T6", "Fri"],
  dshort_6: ["T7", "Sat"],
  dshort_0: ["CN", "Sun"],
  sc_add: ["Thêm khung giờ", "Add a slot"],
  sc_what: ["Phát gì", "What airs"],
  sc_a_clip: ["Một tệp âm thanh", "A clip"],
  sc_a_playlist: ["Một danh sách phát", "A playlist"],
  sc_clip_search: ["Tìm tệp âm thanh (tên, chủ đề hoặc số)", "Find a clip (title, topic or number)"],
  sc_clip: ["Tệp âm thanh", "Clip"],
  sc_pick: ["— chọn —", "— choose —"],
  sc_playlist: ["Danh sách phát", "Playlist"],
  sc_when: ["Khi nào", "When"],
  sc_repeat: ["Lặp lại theo lịch", "On a schedule"],
  sc_once: ["Một lần", "Once"],
  sc_at: ["Giờ phát trong ngày", "Times of day"],
  sc_at_hint: ["ví dụ: 06:00, 17:00 hoặc 6h, 17h", "e.g. 06:00, 17:00 or 6h, 17h"],
  sc_days: ["Các ngày trong tuần", "Days of the week"],
  sc_daily: ["Hằng ngày", "Every day"],
  sc_from: ["Từ ngày", "From"],
  sc_until: ["Đến hết ngày", "Until"],
  sc_date_hint: ["ngày/tháng/năm, ví dụ 01/01/2027", "day/month/year, e.g. 01/01/2027"],
  sc_except: ["Trừ các ngày", "Except"],
  sc_except_hint: ["ví dụ: 08/02/2027, 09/02/2027", "e.g. 08/02/2027, 09/02/2027"],
  sc_start: ["Ngày và giờ phát", "Date and time"],
  sc_start_hint: ["ví dụ: 01/03/2027 19:00", "e.g. 01/03/2027 19:00"],
  sc_tier: ["Mức ưu tiên", "Tier"],
  sc_title: ["Tiêu đề (không bắt buộc)", "Title (optional)"],
  sc_preview_button: ["Xem trước", "Preview"],
  sc_save: ["Lưu khung giờ", "Save the slot"],
  sc_rule: ["Lịch", "Rule"],
  sc_notes: ["Cách hiểu các ngày đã nhập", "How the dates were read"],
  sc_would_add: ["Lượt phát sẽ thêm vào tuần đang xem:", "Airings it adds to the week shown:"],
  sc_none_added: ["Không có lượt phát nào trong tuần đang xem.", "No airing in the week shown."],
  sc_added: ["Đã thêm khung giờ", "Added the slot"],
  sc_slot: ["Khung giờ", "Slot"],
  sc_airing: ["Lượt phát này", "This airing"],
  sc_state: ["Trạng thái", "State"],
  sc_enabled: ["Đang dùng", "In use"],
  sc_disabled: ["Đã tắt (không phát)", "Turned off (does not air)"],
  sc_version: ["Phiên bản", "Version"],
  sc_approval: ["Kiểm duyệt", "Approval"],
  sc_no_clip: ["(chưa có tệp âm thanh)", "(no clip yet)"],
  sc_close: ["Đóng", "Close"],
  sc_edit: ["Sửa khung giờ", "Edit the slot"],
  sc_enable: ["Bật lại", "Turn on"],
  sc_disable: ["Tắt khung giờ", "Turn off"],
  sc_delete: ["Xóa khung giờ", "Delete the slot"],
  sc_delete_confirm: ["Xóa hẳn khung giờ «%s» và mọi lượt phát của nó? Không lấy lại được.",
                      "Delete the slot «%s» and all its airings for good? It cannot be undone."],
  sc_delete_yes: ["Xóa hẳn", "Delete"],
  sc_deleted: ["Đã xóa khung giờ", "Deleted the slot"],
  sc_skip: ["Bỏ lượt này", "Skip this airing"],
  sc_skipped_note: ["Đã bỏ lượt phát", "Skipped the airing at"],
  sc_move: ["Dời lượt này", "Move this airing"],
  sc_move_to: ["Dời lượt này đến (ngày và giờ)", "Move this airing to (date and time)"],
  sc_moved_note: ["Đã dời lượt phát sang", "Moved the airing to"],
  sc_drag_hint: ["Có thể kéo một lượt phát sang ô giờ khác để dời nó.", "Drag an airing to another hour to move it."],
  sc_saved: ["Đã lưu.", "Saved."],
  sc_conflict: ["Người khác vừa sửa khung giờ này — thay đổi của bạn chưa được lưu.",
                "Someone else has just changed this slot — your change was not saved."],
  sc_slot_now: ["Khung giờ hiện giờ:", "The slot as it is now:"],
  sc_reload: ["Tải lại khung giờ", "Reload the slot"],
  sc_holidays: ["Ngày nghỉ", "Holidays"],
  sc_files: ["Tệp lịch (.ics)", "Calendar files (.ics)"],
  sc_hol_add: ["Thêm ngày nghỉ", "Add a holiday"],
  sc_hol_date: ["Ngày nghỉ", "Holiday"],
  sc_hol_to: ["Đến hết ngày (nếu nghỉ nhiều ngày)", "Until (for several days)"],
  sc_hol_title: ["Tên ngày nghỉ (ví dụ: Tết Nguyên Đán)", "Name of the holiday (e.g. Tết)"],
  sc_hol_add_button: ["Thêm ngày nghỉ", "Add the holiday"],
  sc_hol_added: ["Đã thêm ngày nghỉ", "Added the holiday"],
  sc_hol_no_title: ["(chưa đặt tên)", "(no name)"],
  sc_hol_remove: ["Bỏ ngày nghỉ", "Remove"],
  sc_hol_remove_confirm: ["Bỏ ngày nghỉ %s? Các khung giờ thường sẽ phát lại vào ngày này.",
                          "Remove the holiday %s? Normal slots will air on that day again."],
  sc_hol_removed: ["Đã bỏ ngày nghỉ", "Removed the holiday"],
  sc_hol_import_pick: ["Nhập lịch ngày nghỉ (.ics)", "Import a holiday calendar (.ics)"],
  sc_hol_import: ["Nhập ngày nghỉ", "Import the holidays"],
  sc_hol_pick_day: ["Hãy chọn ngày nghỉ.", "Choose the day of the holiday."],
  sc_hol_pick: ["Chọn trên lịch", "Choose on a calendar"],
  sc_holidays_intro: ["Vào ngày nghỉ (ngày lễ), khung giờ thường không phát; khung giờ ưu tiên và khẩn cấp vẫn phát.",
                      "On a holiday (blackout day) normal slots do not air; priority and emergency ones still do."],
  sc_import_pick: ["Nhập tệp lịch (.ics)", "Import a calendar file (.ics)"],
  sc_import_blackout: ["Đây là lịch ngày nghỉ: các sự kiện cả ngày là ngày nghỉ", "This is a holiday calendar: all-day events are blackout days"],
  sc_import: ["Nhập", "Import"],
  sc_import_done: ["Đã nhập", "Imported"],
  sc_import_added: ["khung giờ mới", "new slots"],
  sc_import_updated: ["khung giờ cập nhật", "slots updated"],
  sc_import_noclip: ["khung giờ chưa có tệp âm thanh", "slots without a clip"],
  sc_import_days: ["ngày nghỉ", "blackout days"],
  sc_blackouts_none: ["Chưa có ngày nghỉ nào sắp tới.", "No holiday to come."],
  sc_blackouts_past: ["ngày nghỉ đã qua không hiện ra", "past holidays are not shown"],
  sc_export: ["Tải lịch phát về (.ics)", "Download the schedule (.ics)"],
  sc_read_only: ["Bạn chỉ được xem (vai trò người xem).", "You may only read (viewer)."],
});

const SC_TIERS = ["normal", "priority", "emergency"];
/* Monday first, as a Vietnamese week is read; getUTCDay numbers. */
const SC_WEEK = [1, 2, 3, 4, 5, 6, 0];
const SC_DAY_CODES = { 1: "t2", 2: "t3", 3: "t4", 4: "t5", 5: "t6", 6: "t7", 0: "cn" };

const sc = {
  today: "",      /* the station's today, YYYY-MM-DD */
  monday: "",     /* the week shown */
  day: "",        /* the day shown on a phone */
  airings: [],
  preview: [],
  clips: [],
  playlists: [],
  built: false,
  open: null,     /* {slot, airing} of the panel */
  holidays: {},   /* YYYY-MM-DD: the holiday's name (or true) */
  changes: "",    /* the station's change token when the week was read */
  polls: 0,       /* how many times the token was asked for */
  reads: 0,       /* how many times the week was read */
};

/* ---- calendar days, as plain dates: no zone, the station's wall clock
 * is the API's text ---- */

function scDate(s) {
  const [y, m, d] = s.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function scIso(d) { return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()); }

function scAdd(s, days) {
  const d = scDate(s);
  d.setUTCDate(d.getUTCDate() + days);
  return scIso(d);
}

function scMonday(s) { return scAdd(s, -((scDate(s).getUTCDay() + 6) % 7)); }

function scWeekday(s) { return scDate(s).getUTCDay(); }

function scHour(iso) { return Number(hhmm(iso).slice(0, 2)); }

function scPhone() { return window.matchMedia("(max-width: 480px)").matches; }

function scLabel(text, forId) {
  const l = el("label", null, text);
  l.htmlFor = forId;
  return l;
}

/* ---- the week ---- */

/* An airing's block: its time, title and tier in words (not colour
 * alone); skipped, its reason. Preview blocks are dashed and inert. */
function scBlock(a, preview) {
  const cls = "sc-block tier-" + (a.tier || "normal") + " st-" + (a.status || "plays") + (preview ? " preview" : "");
  const b = el(preview ? "div" : "button", cls);
  if (!preview) b.type = "button";
  b.dataset.start = a.start;
  b.dataset.slot = a.slot === null || a.slot === undefined ? "" : String(a.slot);
  b.dataset.status = a.status || "";
  const time = hhmm(a.start) + (a.end && hhmm(a.end) !== hhmm(a.start) ? "–" + hhmm(a.end) : "");
  b.appendChild(el("span", "sc-time", time));
  b.appendChild(el("span", "sc-title", a.title || t("sc_no_clip")));
  const tags = [];
  if (a.tier && a.tier !== "normal") tags.push(t("tier_" + a.tier));
  if (preview) tags.push(t("sc_preview"));
  /* Waiting for the leader, or refused by the leader (with the reason
   * the note carries after the words): not aired, and said in words. */
  if (a.status === "pending") tags.push(t("approval_pending"));
  else if (a.status === "rejected") tags.push(t("approval_rejected") + scRejectedWhy(a.note));
  else if (a.status === "skipped") {
    /* A normal airing skipped on a holiday: the holiday's name too. */
    const h = (a.tier || "normal") === "normal" && sc.holidays[day(a.start)];
    tags.push(t("sc_skipped") + ": " + reasonText(a.reason_code, a.note) + (h && h !== true ? " — " + h : ""));
  }
  else if (a.status === "delayed") tags.push(t("sc_delayed") + " — " + t("sc_planned") + " " + hhmm(a.nominal_start));
  for (const x of tags) b.appendChild(el("span", "sc-tag", x));
  b.setAttribute("aria-label", when(a.start) + " " + (a.title || "") + (tags.length ? " — " + tags.join(", ") : ""));
  if (!preview) {
    b.addEventListener("click", () => scOpen(a));
    if (mayChange() && a.slot) {
      b.draggable = true;
      b.addEventListener("dragstart", (ev) => {
        ev.dataTransfer.setData("text/plain", a.start);
        ev.dataTransfer.effectAllowed = "move";
        sc.dragging = a;
      });
      b.addEventListener("dragend", () => { sc.dragging = null; });
    }
  }
  return b;
}

/* ": REASON" of a rejected airing's note ("rejected by the leader:
 * REASON", in the request's language), or "". */
function scRejectedWhy(note) {
  const i = (note || "").indexOf(": ");
  return i >= 0 ? ": " + note.slice(i + 2) : "";
}

/* A cell a block may be dropped on: that day at that hour, the airing's
 * own minutes kept. */
function scDropCell(cell, date, hour) {
  if (!mayChange()) return;
  cell.addEventListener("dragover", (ev) => {
    if (!sc.dragging) return;
    ev.preventDefault();
    cell.classList.add("over");
  });
  cell.addEventListener("dragleave", () => cell.classList.remove("over"));
  cell.addEventListener("drop", async (ev) => {
    ev.preventDefault();
    cell.classList.remove("over");
    const a = sc.dragging;
    sc.dragging = null;
    if (!a) return;
    const to = date + "T" + pad(hour) + ":" + hhmm(a.nominal_start || a.start).slice(3);
    if (day(a.start) === date && scHour(a.start) === hour) return; /* back where it was */
    const { status, data } = await api("slots/" + a.slot);
    if (status !== 200) { if (status) problem(errorText(data)); return; }
    sc.open = { slot: data, airing: a };
    await scMove(a, data, to, null);
  });
}

/* The hours shown: those with airings, an hour of margin each side (a
 * block may be dragged next to its own); the hours between are left
 * out, so a week of two broadcasts a day stays short. */
function scHours(list) {
  const set = new Set();
  for (const a of list) {
    const h = scHour(a.start);
    const end = a.end && day(a.end) === day(a.start) ? scHour(a.end) : h;
    for (let x = Math.max(0, h - 1); x <= Math.min(23, end + 1); x++) set.add(x);
  }
  if (!set.size) for (let x = 6; x <= 18; x += 6) set.add(x);
  return Array.from(set).sort((x, y) => x - y);
}

function scRenderWeek() {
  const box = $("sc-week");
  /* A block with the focus keeps it when the week is drawn again (a live
   * look, a change): a keyboard user does not lose their place. */
  const had = document.activeElement;
  const focus = had && box.contains(had) && had.dataset.start ? [had.dataset.start, had.dataset.slot] : null;
  clear(box);
  const all = sc.airings.concat(sc.preview);
  const phone = scPhone();
  const days = phone ? [sc.day] : SC_WEEK.map((_, i) => scAdd(sc.monday, i));
  const sunday = scAdd(sc.monday, 6);
  $("sc-title").textContent = phone
    ? t("day_" + scWeekday(sc.day)) + " " + when(sc.day) + (sc.day === sc.today ? " (" + t("sc_today").toLowerCase() + ")" : "")
    : t("sc_week_of").replace("%a", when(sc.monday)).replace("%b", when(sunday));
  $("sc-prev").textContent = t(phone ? "sc_prev_day" : "sc_prev_week");
  $("sc-next").textContent = t(phone ? "sc_next_day" : "sc_next_week");
  $("sc-this").textContent = t(phone ? "sc_today" : "sc_this_week");
  $("sc-count").textContent = sc.airings.length + " " + t("sc_count");
  /* The approval's keys only where the week has such airings. */
  for (const x of ["pending", "rejected"]) $("sc-key-" + x).hidden = !sc.airings.some((a) => a.status === x);
  if (phone) {
    const list = el("ol", "sc-day");
    const mine = all.filter((a) => day(a.start) === sc.day).sort((x, y) => (x.start < y.start ? -1 : 1));
    for (const a of mine) {
      const li = el("li");
      li.appendChild(scBlock(a, sc.preview.includes(a)));
      list.appendChild(li);
    }
    if (!mine.length) box.appendChild(el("p", "muted", t("sc_none_day")));
    box.appendChild(list);
    scRefocus(focus);
    return;
  }
  const hours = scHours(all);
  const grid = el("div", "sc-grid");
  grid.setAttribute("role", "table");
  grid.setAttribute("aria-label", $("sc-title").textContent);
  const head = el("div", "sc-row sc-head");
  head.setAttribute("role", "row");
  const corner = el("div", "sc-hour", t("sc_hour"));
  corner.setAttribute("role", "columnheader");
  head.appendChild(corner);
  for (const d of days) {
    const c = el("div", "sc-dayname" + (d === sc.today ? " today" : ""));
    c.setAttribute("role", "columnheader");
    c.appendChild(el("span", "sc-dname", t("day_" + scWeekday(d))));
    c.appendChild(el("span", "sc-ddate", LANG ? d.slice(5) : dmy(d).slice(0, 5)));
    if (d === sc.today) {
      c.appendChild(el("span", "sc-todaytag", t("sc_today")));
      c.setAttribute("aria-current", "date");
    }
    head.appendChild(c);
  }
  grid.appendChild(head);
  for (let i = 0; i < hours.length; i++) {
    const h = hours[i];
    if (i && hours[i - 1] !== h - 1) {
      const gap = el("div", "sc-row sc-gap");
      gap.setAttribute("aria-hidden", "true");
      gap.appendChild(el("div", "sc-hour", "⋮"));
      for (const d of days) gap.appendChild(el("div", "sc-gapcell" + (d === sc.today ? " today" : "")));
      grid.appendChild(gap);
    }
    const row = el("div", "sc-row");
    row.setAttribute("role", "row");
    const rh = el("div", "sc-hour", pad(h) + ":00");
    rh.setAttribute("role", "rowheader");
    row.appendChild(rh);
    for (const d of days) {
      const cell = el("div", "sc-cell" + (d === sc.today ? " today" : ""));
      cell.setAttribute("role", "cell");
      cell.dataset.day = d;
      cell.dataset.hour = String(h);
      for (const a of all)
        if (day(a.start) === d && scHour(a.start) === h) cell.appendChild(scBlock(a, sc.preview.includes(a)));
      scDropCell(cell, d, h);
      row.appendChild(cell);
    }
    grid.appendChild(row);
  }
  box.appendChild(grid);
  if (!sc.airings.length) box.appendChild(el("p", "muted", t("sc_none_week")));
  scRefocus(focus);
}

/* Focuses the block of [start, slot] again, when it is still drawn. */
function scRefocus(focus) {
  if (!focus) return;
  for (const b of document.querySelectorAll("#sc-week button.sc-block"))
    if (b.dataset.start === focus[0] && b.dataset.slot === focus[1]) { b.focus({ preventScroll: true }); return; }
}

async function scLoadWeek() {
  /* As `loa agenda --from MON --to MON+7` reads them, the same airings:
   * the window ends before its "to" (a date: that day's midnight), so
   * Sunday's come only with the next Monday as its end. */
  sc.reads++;
  /* The token first: a change made meanwhile is then seen by the next
   * look, and the page's own changes are not read twice. */
  const token = await scToken();
  if (token) sc.changes = token;
  const { status, data } = await api("agenda?from=" + sc.monday + "&to=" + scAdd(sc.monday, 7));
  if (status !== 200) { if (status) problem(errorText(data)); return; }
  problem("");
  sc.airings = data;
  scRenderWeek();
  if (scFormFilled()) scPreviewSoon(0);
}

function scGo(step) {
  if (scPhone()) {
    sc.day = step ? scAdd(sc.day, step) : sc.today;
    const m = scMonday(sc.day);
    if (m !== sc.monday) { sc.monday = m; scLoadWeek(); return; }
    scRenderWeek();
    return;
  }
  sc.monday = step ? scAdd(sc.monday, 7 * step) : scMonday(sc.today);
  sc.day = sc.monday <= sc.today && sc.today <= scAdd(sc.monday, 6) ? sc.today : sc.monday;
  scLoadWeek();
}

/* ---- the slot of an airing ---- */

/* What a slot airs: "c3" a clip, "pNAME" a playlist, "" nothing. The
 * slot's "clip" is the clip's number or the playlist's name, as text;
 * its event says which (X-LOA-PLAYLIST). */
function scTarget(slot) {
  if (slot.clip === "" || slot.clip === null || slot.clip === undefined) return "";
  return /(^|\n)X-LOA-PLAYLIST[:;]/.test(slot.event || "") ? "p" + slot.clip : "c" + slot.clip;
}

function scWhat(slot) {
  const x = scTarget(slot);
  if (!x) return t("sc_no_clip");
  if (x[0] === "c") {
    const c = sc.clips.find((y) => String(y.id) === x.slice(1));
    return t("sc_clip") + " " + x.slice(1) + (c ? ": " + c.title : "");
  }
  return t("sc_playlist") + ": " + x.slice(1);
}

async function scOpen(a) {
  const { status, data } = await api("slots/" + a.slot);
  if (status !== 200) { if (status) problem(errorText(data)); return; }
  sc.open = { slot: data, airing: a };
  $("sc-note").textContent = "";
  scPanel();
  $("sc-panel").scrollIntoView({ block: "nearest" });
  $("sc-panel-title").focus();
}

function scFacts(slot) {
  const facts = el("dl", "facts");
  const fact = (k, v) => { facts.appendChild(el("dt", null, k)); facts.appendChild(el("dd", null, v)); };
  fact(t("sc_rule"), slot.rule || "");
  fact(t("sc_what"), scWhat(slot));
  fact(t("sc_tier"), t("tier_" + slot.tier));
  fact(t("sc_state"), slot.enabled ? t("sc_enabled") : t("sc_disabled"));
  if (slot.approval && slot.approval !== "approved") fact(t("sc_approval"), t("approval_" + slot.approval));
  fact(t("sc_version"), String(slot.version));
  return facts;
}

/* The panel's message line: what was done, or why not. */
function scSay(text, good) {
  const m = $("sc-panel-msg");
  m.className = good ? "ok" : "error";
  m.textContent = text;
}

/* After a change: 409 shows the slot as it now is and a reload button;
 * another refusal is said beside the actions. */
function scRefused(status, data, input) {
  if (status === 409 && data && data.slot) {
    const box = $("sc-conflict");
    clear(box);
    box.hidden = false;
    box.appendChild(el("p", "sc-conflict-head", t("sc_conflict")));
    box.appendChild(el("p", null, errorText(data)));
    box.appendChild(el("h3", null, t("sc_slot_now") + " " + data.slot.title));
    box.appendChild(scFacts(data.slot));
    const reload = el("button", null, t("sc_reload"));
    reload.type = "button";
    reload.addEventListener("click", async () => {
      sc.open.slot = data.slot;
      scPanel();
      await scLoadWeek();
      $("sc-panel-title").focus();
    });
    box.appendChild(reload);
    box.scrollIntoView({ block: "nearest" });
    reload.focus();
    return;
  }
  if (!status) return;
  scSay(errorText(data), false);
  if (input) {
    input.setAttribute("aria-invalid", "true");
    input.focus();
  }
}

async function scChanged(data, note) {
  sc.open.slot = data;
  await scLoadWeek();
  scPanel();
  scSay(note, true);
}

async function scMove(a, slot, to, input) {
  const { status, data } = await api("slots/" + slot.id + "/move", "POST",
                                     { start: a.nominal_start || a.start, to, version: slot.version });
  if (status === 200) {
    sc.open = { slot: data, airing: a };
    await scChanged(data, t("sc_moved_note") + " " + when(to) + ".");
    return;
  }
  if ($("sc-panel").hidden) scPanel();
  scRefused(status, data, input);
}

function scPanel() {
  const panel = $("sc-panel");
  const { slot, airing } = sc.open;
  panel.hidden = false;
  const body = $("sc-panel-body");
  clear(body);
  $("sc-conflict").hidden = true;
  $("sc-panel-msg").textContent = "";
  $("sc-panel-title").textContent = t("sc_slot") + " " + slot.id + ": " + slot.title;
  body.appendChild(scFacts(slot));
  const here = el("p", "sc-this");
  here.appendChild(el("strong", null, t("sc_airing") + ": "));
  here.appendChild(document.createTextNode(when(airing.start) + " — " +
    (airing.status === "pending" ? t("approval_pending")
      : airing.status === "rejected" ? t("approval_rejected") + scRejectedWhy(airing.note)
      : airing.status === "skipped" ? t("sc_skipped") + ": " + reasonText(airing.reason_code, airing.note)
      : airing.status === "delayed" ? t("sc_delayed") : t("tier_" + airing.tier))));
  body.appendChild(here);
  if (!mayChange()) return;

  const acts = el("div", "actions");
  const skip = el("button", null, t("sc_skip"));
  skip.type = "button";
  skip.id = "sc-skip";
  skip.addEventListener("click", async () => {
    const { status, data } = await api("slots/" + slot.id + "/skip", "POST",
                                       { start: airing.nominal_start || airing.start, version: slot.version });
    if (status === 200) await scChanged(data, t("sc_skipped_note") + " " + when(airing.start) + ".");
    else scRefused(status, data, null);
  });
  const toggle = el("button", "secondary", slot.enabled ? t("sc_disable") : t("sc_enable"));
  toggle.type = "button";
  toggle.id = "sc-toggle";
  toggle.addEventListener("click", async () => {
    const { status, data } = await api("slots/" + slot.id, "PATCH", { enabled: !slot.enabled, version: slot.version });
    if (status === 200) await scChanged(data, t("sc_saved"));
    else scRefused(status, data, null);
  });
  acts.appendChild(skip);
  acts.appendChild(toggle);
  body.appendChild(acts);

  /* Moving this airing: the form, the fallback to dragging its block. */
  const move = el("form", "form sc-move");
  move.noValidate = true;
  move.appendChild(scLabel(t("sc_move_to"), "sc-move-to"));
  const to = el("input");
  to.id = "sc-move-to";
  to.autocomplete = "off";
  to.value = when(airing.nominal_start || airing.start);
  move.appendChild(to);
  const go = el("button", null, t("sc_move"));
  go.type = "submit";
  move.appendChild(go);
  move.appendChild(el("p", "muted small sc-drag-hint", t("sc_drag_hint")));
  move.addEventListener("submit", (ev) => {
    ev.preventDefault();
    to.removeAttribute("aria-invalid");
    scMove(airing, slot, to.value, to);
  });
  body.appendChild(move);

  body.appendChild(scEditForm(slot));
  body.appendChild(scDeleteBox(slot));
}

function scSelect(id, options, value) {
  const s = el("select");
  s.id = id;
  for (const [v, text] of options) {
    const o = el("option", null, text);
    o.value = v;
    s.appendChild(o);
  }
  s.value = value;
  return s;
}

function scWhatOptions() {
  const opts = [["", t("sc_no_clip")]];
  for (const c of sc.clips) opts.push(["c" + c.id, t("sc_clip") + " " + c.id + ": " + c.title]);
  for (const p of sc.playlists) opts.push(["p" + p.name, t("sc_playlist") + ": " + p.name]);
  return opts;
}

function scEditForm(slot) {
  const box = el("details", "sc-edit");
  box.appendChild(el("summary", null, t("sc_edit")));
  const form = el("form", "form");
  form.noValidate = true;
  const what = scTarget(slot);
  const inputs = {};
  form.appendChild(scLabel(t("sc_what"), "sc-e-what"));
  inputs.what = form.appendChild(scSelect("sc-e-what", scWhatOptions(), what));
  form.appendChild(scLabel(t("sc_tier"), "sc-e-tier"));
  inputs.tier = form.appendChild(scSelect("sc-e-tier", SC_TIERS.map((x) => [x, t("tier_" + x)]), slot.tier));
  form.appendChild(scLabel(t("title"), "sc-e-title"));
  const title = el("input");
  title.id = "sc-e-title";
  title.value = slot.title;
  inputs.title = form.appendChild(title);
  const save = el("button", null, t("save"));
  save.type = "submit";
  form.appendChild(save);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const body = { version: slot.version };
    const w = inputs.what.value;
    if (w !== what) {
      if (!w) body.clip = null;
      else if (w[0] === "c") body.clip = Number(w.slice(1));
      else body.playlist = w.slice(1);
    }
    if (inputs.tier.value !== slot.tier) body.tier = inputs.tier.value;
    if (inputs.title.value !== slot.title) body.title = inputs.title.value;
    if (Object.keys(body).length === 1) return;
    const { status, data } = await api("slots/" + slot.id, "PATCH", body);
    if (status === 200) { await scChanged(data, t("sc_saved")); return; }
    const f = data && data.field;
    scRefused(status, data, inputs[f === "clip" || f === "playlist" ? "what" : f] || null);
  });
  box.appendChild(form);
  return box;
}

function scDeleteBox(slot) {
  const box = el("div", "clip-delete");
  const del = el("button", "secondary", t("sc_delete"));
  del.type = "button";
  del.id = "sc-delete";
  const confirm = el("div", "confirm");
  confirm.hidden = true;
  confirm.appendChild(el("p", null, t("sc_delete_confirm").replace("%s", slot.title)));
  const row = el("div", "actions");
  const yes = el("button", null, t("sc_delete_yes"));
  yes.type = "button";
  const no = el("button", "secondary", t("cancel"));
  no.type = "button";
  row.appendChild(yes);
  row.appendChild(no);
  confirm.appendChild(row);
  del.addEventListener("click", () => { confirm.hidden = false; no.focus(); });
  no.addEventListener("click", () => { confirm.hidden = true; del.focus(); });
  yes.addEventListener("click", async () => {
    const { status, data } = await api("slots/" + slot.id, "DELETE", { version: slot.version });
    if (status === 204) {
      $("sc-panel").hidden = true;
      await scLoadWeek();
      const note = $("sc-note");
      note.className = "ok";
      note.textContent = t("sc_deleted") + " " + slot.id + ": " + slot.title + ".";
      return;
    }
    scRefused(status, data, null);
  });
  box.appendChild(del);
  box.appendChild(confirm);
  return box;
}

/* ---- adding a slot ---- */

const SC_FIELDS = ["clip", "playlist", "at", "days", "from", "until", "except", "start", "tier", "title"];

/* "06:00, 17:00" as "06:00,17:00": a list typed with spaces after its
 * commas, as people write, read as the command reads one. */
function scList(v) { return v.split(",").map((x) => x.trim()).filter((x) => x).join(","); }

function scBody() {
  const f = {};
  if ($("sf-kind-clip").checked) f.clip = $("sf-clip").value ? Number($("sf-clip").value) : "";
  else f.playlist = $("sf-playlist").value;
  if ($("sf-once").checked) f.start = $("sf-start").value.trim();
  else {
    f.at = scList($("sf-at").value);
    const days = SC_WEEK.filter((d) => $("sf-day-" + d).checked).map((d) => SC_DAY_CODES[d]);
    f.days = days.length === 7 ? "daily" : days.join(",");
    f.from = $("sf-from").value.trim();
    f.until = $("sf-until").value.trim();
    f.except = scList($("sf-except").value);
  }
  f.tier = $("sf-tier").value;
  f.title = $("sf-title").value;
  return f;
}

function scFormFilled() {
  return sc.built && mayChange() && ($("sf-at").value.trim() || $("sf-start").value.trim()) &&
    ($("sf-clip").value || $("sf-playlist").value);
}

function scFieldErrors(data) {
  for (const k of SC_FIELDS) {
    const e = $("sf-err-" + k);
    if (e) e.textContent = "";
  }
  for (const i of document.querySelectorAll("#sc-form [aria-invalid]")) i.removeAttribute("aria-invalid");
  if (!data) return;
  const k = SC_FIELDS.includes(data.field) ? data.field : "form";
  $("sf-err-" + (k === "clip" || k === "playlist" ? "what" : k === "days" ? "days" : k)).textContent = errorText(data);
  const input = { clip: "sf-clip", playlist: "sf-playlist", at: "sf-at", from: "sf-from", until: "sf-until",
                  except: "sf-except", start: "sf-start", tier: "sf-tier", title: "sf-title" }[k];
  if (input) $(input).setAttribute("aria-invalid", "true");
}

let scTimer = 0;
let scAsked = 0;

function scPreviewSoon(ms) {
  clearTimeout(scTimer);
  scTimer = setTimeout(scPreview, ms === undefined ? 500 : ms);
}

async function scPreview() {
  const n = ++scAsked;
  const { status, data } = await api("slots?dry_run=1&from=" + sc.monday + "&to=" + scAdd(sc.monday, 7), "POST", scBody());
  if (n !== scAsked) return; /* an answer to what the officer typed before */
  const out = $("sc-preview");
  clear(out);
  if (status !== 200) {
    sc.preview = [];
    scRenderWeek();
    scFieldErrors(status ? data : null);
    return;
  }
  scFieldErrors(null);
  sc.preview = data.airings;
  scRenderWeek();
  for (const s of data.slots) {
    const p = el("p", "sc-rule");
    p.appendChild(el("strong", null, t("sc_rule") + ": "));
    p.appendChild(document.createTextNode(s.rule));
    out.appendChild(p);
  }
  if (data.notes.length) {
    /* How each date was read: there when a date left something to guess
     * (a day without its year), folded away when it only repeats them. */
    const box = el("details", "sc-notes");
    box.appendChild(el("summary", "muted", t("sc_notes") + " (" + data.notes.length + ")"));
    for (const note of data.notes) box.appendChild(el("p", "muted small", sentence(note)));
    out.appendChild(box);
  }
  if (!data.airings.length) { out.appendChild(el("p", "muted", t("sc_none_added"))); return; }
  out.appendChild(el("p", null, t("sc_would_add")));
  const list = el("ul", "lines");
  for (const a of data.airings) {
    const li = line(list, "");
    li.appendChild(el("span", "time", t("dshort_" + scWeekday(day(a.start))) + " " + when(a.start)));
    li.appendChild(el("span", "title", a.title || ""));
    if (a.status === "skipped") li.appendChild(el("span", "muted", t("sc_skipped") + ": " + reasonText(a.reason_code, a.note)));
  }
  out.appendChild(list);
}

async function scSave(ev) {
  ev.preventDefault();
  clearTimeout(scTimer);
  scAsked++;
  const { status, data } = await api("slots", "POST", scBody());
  /* A preview asked for meanwhile (a live look read the week again) is
   * of the form as it was: its answer is not drawn. */
  clearTimeout(scTimer);
  scAsked++;
  if (status !== 201) { scFieldErrors(status ? data : null); return; }
  scFieldErrors(null);
  sc.preview = [];
  clear($("sc-preview"));
  for (const id of ["sf-at", "sf-start", "sf-except", "sf-title"]) $(id).value = "";
  /* The week with the slot first, then the note: when it is said, it shows. */
  await scLoadWeek();
  const note = $("sc-note");
  note.className = "ok";
  note.textContent = t("sc_added") + " " + data.map((s) => s.id + ": " + s.title).join(", ") + ".";
}

function scFillClips() {
  const q = bare($("sf-clip-search").value.trim());
  const sel = $("sf-clip");
  const was = sel.value;
  clear(sel);
  const none = el("option", null, t("sc_pick"));
  none.value = "";
  sel.appendChild(none);
  for (const c of sc.clips) {
    if (q && !bare(c.title).includes(q) && !bare(c.topic).includes(q) && String(c.id) !== q && String(c.id) !== was) continue;
    const o = el("option", null, c.id + ": " + c.title);
    o.value = String(c.id);
    sel.appendChild(o);
  }
  sel.value = was;
}

function scFillPlaylists() {
  const sel = $("sf-playlist");
  const was = sel.value;
  clear(sel);
  const none = el("option", null, t("sc_pick"));
  none.value = "";
  sel.appendChild(none);
  for (const p of sc.playlists) {
    const o = el("option", null, p.name);
    o.value = p.name;
    sel.appendChild(o);
  }
  sel.value = was;
}

function scKind() {
  const clip = $("sf-kind-clip").checked, once = $("sf-once").checked;
  $("sf-clip-box").hidden = !clip;
  $("sf-playlist-box").hidden = clip;
  $("sf-repeat-box").hidden = once;
  $("sf-once-box").hidden = !once;
}

/* The form's fields are made once, from index.html's empty boxes, with
 * the words of the page's language. */
function scBuildForm() {
  const days = $("sf-days");
  const daily = el("label", "check sc-daily");
  const all = el("input");
  all.type = "checkbox";
  all.id = "sf-daily";
  daily.appendChild(all);
  daily.appendChild(document.createTextNode(" " + t("sc_daily")));
  for (const d of SC_WEEK) {
    const l = el("label", "check");
    const c = el("input");
    c.type = "checkbox";
    c.id = "sf-day-" + d;
    c.value = SC_DAY_CODES[d];
    c.setAttribute("aria-label", t("day_" + d));
    l.appendChild(c);
    l.appendChild(document.createTextNode(" " + t("dshort_" + d)));
    days.appendChild(l);
    c.addEventListener("change", () => { all.checked = SC_WEEK.every((x) => $("sf-day-" + x).checked); });
  }
  days.appendChild(daily);
  all.addEventListener("change", () => { for (const d of SC_WEEK) $("sf-day-" + d).checked = all.checked; });
  const tier = $("sf-tier");
  for (const x of SC_TIERS) {
    const o = el("option", null, t("tier_" + x));
    o.value = x;
    tier.appendChild(o);
  }
  $("sf-clip-search").addEventListener("input", scFillClips);
  for (const id of ["sf-kind-clip", "sf-kind-playlist", "sf-repeat", "sf-once"]) $(id).addEventListener("change", scKind);
  const form = $("sc-form");
  form.addEventListener("input", (ev) => { if (ev.target.id !== "sf-clip-search" && scFormFilled()) scPreviewSoon(); });
  form.addEventListener("change", () => { if (scFormFilled()) scPreviewSoon(); });
  $("sf-preview").addEventListener("click", () => scPreviewSoon(0));
  form.addEventListener("submit", scSave);
  $("sc-prev").addEventListener("click", () => scGo(-1));
  $("sc-next").addEventListener("click", () => scGo(1));
  $("sc-this").addEventListener("click", () => scGo(0));
  $("sc-panel-close").addEventListener("click", () => { $("sc-panel").hidden = true; });
  $("sc-import-form").addEventListener("submit", scImport);
  $("sc-hol-import-form").addEventListener("submit", scImport);
  $("sc-hol-form").addEventListener("submit", scHolidayAdd);
  for (const b of document.querySelectorAll("#sc-hol-form .sc-pick")) scDayPicker(b);
  window.matchMedia("(max-width: 480px)").addEventListener("change", () => {
    if (location.hash === "#schedule") scRenderWeek();
  });
  scKind();
}

/* ---- .ics ---- */

/* An .ics sent to the slots' import (the Tệp lịch form, holidays when
 * its box is ticked) or to the holidays' (the Ngày nghỉ form). */
async function scImport(ev) {
  ev.preventDefault();
  const holidays = ev.target.id === "sc-hol-import-form";
  const input = $(holidays ? "sc-hol-import-file" : "sc-import-file");
  const file = input.files[0];
  const out = $(holidays ? "sc-hol-import-out" : "sc-import-out");
  out.className = "";
  out.textContent = "";
  if (!file) return;
  const q = "?name=" + encodeURIComponent(file.name) + (!holidays && $("sc-import-blackout").checked ? "&blackout=1" : "");
  let r, data = null;
  try {
    r = await fetch("/api/v1/" + (holidays ? "holidays" : "slots") + "/import" + q, {
      method: "POST", credentials: "same-origin", body: await file.text(),
      headers: { "Accept": "application/json", "Content-Type": "text/calendar", "X-CSRF-Token": csrf },
    });
    data = await r.json();
  } catch (e) {
    out.className = "error";
    out.textContent = t("network");
    return;
  }
  if (r.status !== 200) {
    out.className = "error";
    out.textContent = errorText(data);
    return;
  }
  out.className = "ok";
  out.textContent = t("sc_import_done") + " " + data.file + ": " + data.added.length + " " + t("sc_import_added") + ", " +
    data.updated.length + " " + t("sc_import_updated") + ", " + data.noclip.length + " " + t("sc_import_noclip") + ", " +
    data.blackout_days + " " + t("sc_import_days") + "." +
    data.notes.map((n) => " " + sentence(n)).join("");
  input.value = "";
  await scLoadBlackouts();
  await scLoadWeek();
}

/* The holidays from today on (the past ones only counted): each day with
 * its name, and for an officer or a leader a button to remove it, which
 * asks first, naming the day. */
async function scLoadBlackouts() {
  const list = $("sc-blackouts");
  const { status, data } = await api("holidays");
  clear(list);
  if (status !== 200) return;
  sc.holidays = {};
  for (const b of data) sc.holidays[b.day] = b.title || true;
  const coming = data.filter((b) => b.day >= sc.today);
  for (const b of coming) {
    const li = line(list, "");
    li.dataset.day = b.day;
    li.appendChild(el("span", "time", t("dshort_" + scWeekday(b.day)) + " " + when(b.day)));
    li.appendChild(el("span", "title", b.title || t("sc_hol_no_title")));
    if (mayChange()) li.appendChild(scHolidayRemove(b));
  }
  if (!coming.length) line(list, t("sc_blackouts_none"), "muted");
  if (coming.length < data.length) line(list, (data.length - coming.length) + " " + t("sc_blackouts_past"), "muted");
}

function scHolidaySay(text, good) {
  const m = $("sc-hol-msg");
  m.className = good ? "ok" : "error";
  m.textContent = text;
}

function scHolidayRemove(b) {
  const box = el("span", "sc-hol-remove");
  const del = el("button", "secondary small-btn", t("sc_hol_remove"));
  del.type = "button";
  del.setAttribute("aria-label", t("sc_hol_remove") + " " + when(b.day));
  const confirm = el("div", "confirm");
  confirm.hidden = true;
  confirm.appendChild(el("p", null, t("sc_hol_remove_confirm").replace("%s", when(b.day) + (b.title ? " (" + b.title + ")" : ""))));
  const row = el("div", "actions");
  const yes = el("button", null, t("sc_hol_remove"));
  yes.type = "button";
  yes.className = "sc-hol-yes";
  const no = el("button", "secondary", t("cancel"));
  no.type = "button";
  row.appendChild(yes);
  row.appendChild(no);
  confirm.appendChild(row);
  del.addEventListener("click", () => { confirm.hidden = false; del.hidden = true; no.focus(); });
  no.addEventListener("click", () => { confirm.hidden = true; del.hidden = false; del.focus(); });
  yes.addEventListener("click", async () => {
    const { status, data } = await api("holidays/" + b.day, "DELETE");
    if (status !== 204) { if (status) scHolidaySay(errorText(data), false); return; }
    scHolidaySay(t("sc_hol_removed") + " " + when(b.day) + ".", true);
    await scLoadBlackouts();
    await scLoadWeek();
  });
  box.appendChild(del);
  box.appendChild(confirm);
  return box;
}

/* A day field: typed as dd/mm/yyyy (how the officer writes a date,
 * whatever the browser's own date format), or chosen on the browser's
 * calendar, which then writes it in the field the same way. */
function scDayPicker(button) {
  const text = $(button.dataset.for), picker = button.nextElementSibling;
  button.addEventListener("click", () => {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.value.trim());
    picker.value = m ? m[3] + "-" + pad(m[2]) + "-" + pad(m[1]) : sc.today;
    try { picker.showPicker(); } catch (e) { picker.focus(); }
  });
  picker.addEventListener("change", () => {
    if (picker.value) text.value = dmy(picker.value);
    text.focus();
  });
}

async function scHolidayAdd(ev) {
  ev.preventDefault();
  const date = $("sc-hol-date"), to = $("sc-hol-to"), err = $("sc-hol-err");
  err.textContent = "";
  for (const i of [date, to]) i.removeAttribute("aria-invalid");
  if (!date.value.trim()) {
    err.textContent = t("sc_hol_pick_day");
    date.setAttribute("aria-invalid", "true");
    date.focus();
    return;
  }
  const first = date.value.trim(), last = to.value.trim();
  const body = last && last !== first ? { from: first, to: last } : { date: first };
  body.title = $("sc-hol-title").value.trim();
  const { status, data } = await api("holidays", "POST", body);
  if (status !== 201) {
    if (!status) return;
    err.textContent = errorText(data);
    const bad = data && (data.field === "to" ? to : data.field === "title" ? $("sc-hol-title") : date);
    bad.setAttribute("aria-invalid", "true");
    bad.focus();
    return;
  }
  const a = data[0].day, b = data[data.length - 1].day;
  scHolidaySay(t("sc_hol_added") + " " + when(a) + (b !== a ? " – " + when(b) : "") +
               (body.title ? " (" + body.title + ")" : "") + ".", true);
  date.value = "";
  to.value = "";
  $("sc-hol-title").value = "";
  await scLoadBlackouts();
  await scLoadWeek();
}

/* ---- live ---- */

let scLiveTimer = 0;

function scShown() { return !$("schedule").hidden && !!csrf; }

/* The token now, as the week about to be read will be: "" when it could
 * not be asked. */
async function scToken() {
  const { status, data } = await api("changes");
  return status === 200 ? data.changes : "";
}

/* One look: the week and the holidays again when the station changed,
 * unless a block is being dragged (the next look will). */
async function scLive() {
  clearTimeout(scLiveTimer);
  scLiveTimer = 0;
  if (!scShown() || document.hidden) return;
  const paused = $("sc-paused");
  if (Date.now() - lastTouch > IDLE_MS) { paused.hidden = false; return; }
  paused.hidden = true;
  sc.polls++;
  const now = await scToken();
  if (now && now !== sc.changes && !sc.dragging) {
    sc.changes = now;
    await scLoadBlackouts();
    await scLoadWeek();
    /* A bulletin the link received meanwhile (an open form stays). */
    if (!bt.open) await btLoad();
  }
  if (scShown() && !scLiveTimer) scLiveTimer = setTimeout(scLive, POLL_MS);
}

for (const ev of ["pointerdown", "keydown", "wheel", "touchstart"])
  document.addEventListener(ev, () => {
    const idle = Date.now() - lastTouch > IDLE_MS;
    lastTouch = Date.now();
    if (idle && scShown()) scLive();
  }, { passive: true });
document.addEventListener("visibilitychange", () => { if (!document.hidden && scShown()) scLive(); });

async function loadSchedule() {
  showSection("schedule");
  const [st, cl, pl] = await Promise.all([api("status"), api("clips"), api("playlists"), loadReasons()]);
  if (st.status !== 200) { if (st.status) problem(errorText(st.data)); return; }
  sc.today = day(st.data.now);
  if (cl.status === 200) sc.clips = cl.data;
  if (pl.status === 200) sc.playlists = pl.data;
  if (!sc.built) { scBuildForm(); sc.built = true; }
  scFillClips();
  scFillPlaylists();
  const edit = mayChange();
  $("sc-add").hidden = !edit;
  $("sc-import-form").hidden = !edit;
  $("sc-hol-form").hidden = !edit;
  $("sc-hol-import-form").hidden = !edit;
  $("sc-viewer").hidden = edit;
  $("sc-key-preview").hidden = !edit;
  $("sc-panel").hidden = true;
  $("sc-note").textContent = "";
  if (!sc.monday) { sc.monday = scMonday(sc.today); sc.day = sc.today; }
  sc.changes = await scToken();
  await scLoadBlackouts();
  await scLoadWeek();
  await btLoad(true);
  clearTimeout(scLiveTimer);
  scLiveTimer = setTimeout(scLive, POLL_MS);
}
