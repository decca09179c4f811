/* bulletins.js — Bản tin của tỉnh: the bulletins the province (the hub)
 * sent down, on the Lịch phát page (GET /api/v1/bulletins, `loa bulletin
 * list`'s objects), and the dashboard's word that some wait.
 *
 * A normal bulletin waits for the officer: its card says what it is (its
 * title, topic, tier, when it arrived, its period, the times the hub
 * suggested, its state — a refusal's reason in words), has a player for
 * its audio, and a "Xếp lịch" button opening a small form prefilled with
 * the hub's times and the period; saving is POST
 * /api/v1/bulletins/ID/schedule (what `loa bulletin schedule` does), and
 * the card then names the slots made and the week is read again. Those
 * that wait come first; the others (scheduled, refused, over) are folded
 * below them. Plain DOM, every value from the station put in with
 * textContent. */
"use strict";

Object.assign(WORDS, {
  bt_title: ["Bản tin của tỉnh", "Bulletins from the province"],
  bt_intro: ["Bản tin tỉnh gửi xuống. Bản tin thường chờ cán bộ xếp lịch phát; bản tin ưu tiên và khẩn cấp được xếp ngay khi nhận.",
             "Bulletins the province sent. A normal one waits for the officer to schedule it; priority and emergency ones are scheduled on arrival."],
  bt_none_waiting: ["Không có bản tin nào chờ xếp lịch.", "No bulletin waits to be scheduled."],
  bt_others: ["Bản tin khác", "Other bulletins"],
  bt_no: ["Số", "No."],
  bt_topic: ["Chủ đề", "Topic"],
  bt_tier: ["Mức", "Tier"],
  bt_received: ["Nhận lúc", "Received"],
  bt_period: ["Được phát", "May air"],
  bt_from: ["từ", "from"],
  bt_until: ["đến hết", "through"],
  bt_until_time: ["đến", "until"],
  bt_no_end: ["không hạn cuối", "with no end"],
  bt_at: ["Giờ tỉnh gợi ý", "Suggested times"],
  bt_at_none: ["(không có)", "(none)"],
  bt_state: ["Trạng thái", "State"],
  bt_received_state: ["chờ xếp lịch", "waiting to be scheduled"],
  bt_scheduled_state: ["đã xếp lịch", "scheduled"],
  bt_refused_state: ["bị từ chối", "refused"],
  bt_over: ["đã hết hạn phát", "its period is over"],
  bt_listen: ["Nghe bản tin", "Listen to the bulletin"],
  bt_schedule: ["Xếp lịch", "Schedule"],
  bt_schedule_more: ["Xếp thêm lịch", "Schedule again"],
  bt_form_title: ["Xếp lịch phát bản tin", "Schedule the bulletin"],
  bt_days_hint: ["để trống: hằng ngày; ví dụ: t2-t6", "empty: every day; e.g. mon-fri"],
  bt_save: ["Lưu lịch phát", "Save"],
  bt_saved: ["Đã xếp lịch bản tin «%s»:", "Scheduled the bulletin «%s»:"],
  bt_slot_no: ["khung giờ số", "slot"],
  bt_wait_leader: ["chờ lãnh đạo duyệt", "waits for the leader's approval"],
  bt_see_week: ["Các lượt phát hiện trên lịch phát bên dưới.", "Its airings are on the schedule below."],
  bt_dash_wait: ["%d bản tin của tỉnh chờ xếp lịch", "%d bulletins from the province wait to be scheduled"],
  bt_dash_wait_1: ["1 bản tin của tỉnh chờ xếp lịch", "1 bulletin from the province waits to be scheduled"],
  bt_code_hash_mismatch: ["tệp âm thanh đến bị hỏng (mã kiểm tra SHA-256 không khớp)", "the audio arrived damaged (its SHA-256 does not match)"],
  bt_code_bad_message: ["không đọc được tin tỉnh gửi", "the province's message cannot be read"],
  bt_code_import_refused: ["tệp âm thanh không dùng được", "the audio file was refused"],
  bt_code_expired: ["đến nơi khi đã hết hạn phát", "its period was over when it arrived"],
  bt_code_no_daemon: ["lúc đó chương trình chạy nền không chạy", "no broadcast program was running"],
  bt_code_no_programme: ["không có chương trình nào trong thời hạn để phát trước", "no programme in its period to air it before"],
  "audit_bulletin.schedule": ["xếp lịch bản tin của tỉnh", "scheduled a bulletin from the province"],
});

const bt = { rows: [], now: "", open: 0, note: null };

/* Whether bulletin b's period is over at the station's now (ISO). */
function btOver(b, now) {
  return !!(b.until && now && Date.parse(b.until) <= Date.parse(now));
}

/* Waiting for the officer: received, and may still air. */
function btWaiting(b, now) { return b.state === "received" && !btOver(b, now); }

/* The last day of a period ending at until (the first instant it may no
 * longer air): the day before when it ends at midnight. */
function btLastDay(until) {
  return /T00:00(:00)?(\.0+)?([+-]|Z)/.test(until) ? scAdd(day(until), -1) : day(until);
}

function btMidnight(iso) { return /T00:00/.test(iso); }

/* "từ 01/03/2024 đến hết 08/03/2024" of a bulletin's period. */
function btPeriod(b) {
  const from = btMidnight(b.from) ? when(day(b.from)) : when(b.from);
  if (!b.until) return t("bt_from") + " " + from + ", " + t("bt_no_end");
  const until = btMidnight(b.until) ? t("bt_until") + " " + when(btLastDay(b.until)) : t("bt_until_time") + " " + when(b.until);
  return t("bt_from") + " " + from + " " + until;
}

/* Its state in words: a refusal with its reason. */
function btState(b) {
  if (b.state === "refused") {
    const code = b.code ? t("bt_code_" + b.code) : "";
    return t("bt_refused_state") + (code && code !== "bt_code_" + b.code ? ": " + code : b.reason ? ": " + b.reason : "");
  }
  if (b.state === "received" && btOver(b, bt.now)) return t("bt_received_state") + " — " + t("bt_over");
  return t("bt_" + b.state + "_state");
}

function btField(form, key, label, value, hint) {
  const id = "bt-" + form.dataset.id + "-" + key;
  const l = el("label", null, label);
  l.htmlFor = id;
  const input = el("input");
  input.id = id;
  input.name = key;
  input.autocomplete = "off";
  input.value = value;
  form.appendChild(l);
  form.appendChild(input);
  if (hint) {
    const h = el("p", "muted small", hint);
    h.id = id + "-hint";
    input.setAttribute("aria-describedby", h.id);
    form.appendChild(h);
  }
  return input;
}

/* The form scheduling b, prefilled with the hub's times and its period. */
function btForm(b, li, button) {
  const form = el("form", "form bt-form");
  form.noValidate = true;
  form.dataset.id = String(b.id);
  form.appendChild(el("h4", null, t("bt_form_title")));
  const from = day(b.from) > sc.today ? day(b.from) : sc.today;
  const inputs = {
    at: btField(form, "at", t("sc_at"), (b.at || "").split(",").filter((x) => x).join(", "), t("sc_at_hint")),
    days: btField(form, "days", t("sc_days"), "", t("bt_days_hint")),
    from: btField(form, "from", t("sc_from"), dmy(from), t("sc_date_hint")),
    until: btField(form, "until", t("sc_until"), b.until ? dmy(btLastDay(b.until)) : "", t("sc_date_hint")),
  };
  const msg = el("p", "error");
  msg.setAttribute("role", "alert");
  form.appendChild(msg);
  const row = el("div", "actions");
  const save = el("button", null, t("bt_save"));
  save.type = "submit";
  const no = el("button", "secondary", t("cancel"));
  no.type = "button";
  row.appendChild(save);
  row.appendChild(no);
  form.appendChild(row);
  no.addEventListener("click", () => {
    bt.open = 0;
    form.remove();
    button.setAttribute("aria-expanded", "false");
    button.focus();
  });
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const body = {};
    for (const k of Object.keys(inputs)) {
      inputs[k].removeAttribute("aria-invalid");
      body[k] = inputs[k].value.trim();
    }
    msg.textContent = "";
    save.disabled = true;
    const { status, data } = await api("bulletins/" + encodeURIComponent(b.id) + "/schedule", "POST", body);
    save.disabled = false;
    if (status === 201) {
      bt.open = 0;
      bt.note = { id: b.id, title: b.title, slots: data.slots };
      await btLoad();
      if (typeof scLoadWeek === "function") await scLoadWeek();
      const done = document.querySelector("#bt-list .bt-done");
      if (done) done.focus();
      return;
    }
    if (!status) return;
    msg.textContent = errorText(data);
    const bad = data && data.field && inputs[data.field];
    if (bad) { bad.setAttribute("aria-invalid", "true"); bad.focus(); }
  });
  li.appendChild(form);
  return inputs.at;
}

/* What was made: "Đã xếp lịch bản tin «…»: khung giờ số 12 — 06:00 và 17:00 hằng ngày …". */
function btDone(li, note) {
  const box = el("div", "bt-done ok");
  box.tabIndex = -1;
  box.setAttribute("role", "status");
  box.appendChild(el("p", null, t("bt_saved").replace("%s", note.title)));
  const list = el("ul", "bt-slots");
  for (const s of note.slots) {
    const text = t("bt_slot_no") + " " + s.id + ": " + s.rule + (s.approval === "pending" ? " (" + t("bt_wait_leader") + ")" : "");
    list.appendChild(el("li", null, text));
  }
  box.appendChild(list);
  box.appendChild(el("p", "muted small", t("bt_see_week")));
  li.appendChild(box);
}

function btCard(b) {
  const li = el("li", "clip bt");
  li.dataset.id = String(b.id);
  const head = el("div", "clip-head");
  head.appendChild(el("span", "clip-no", t("bt_no") + " " + b.id));
  head.appendChild(el("h3", "clip-title", b.title));
  li.appendChild(head);
  const tags = el("p", "bt-tags");
  tags.appendChild(el("span", "bt-tier tier-" + b.tier, t("tier_" + b.tier)));
  const st = el("span", "bt-state st-" + b.state + (btWaiting(b, bt.now) ? " waiting" : ""), btState(b));
  tags.appendChild(st);
  li.appendChild(tags);
  const facts = el("dl", "facts");
  const fact = (k, v) => { facts.appendChild(el("dt", null, t(k))); facts.appendChild(el("dd", null, v)); };
  fact("bt_topic", b.topic || t("no_topic"));
  fact("bt_received", when(b.received));
  fact("bt_period", btPeriod(b));
  fact("bt_at", b.at ? b.at.split(",").join(", ") : t("bt_at_none"));
  li.appendChild(facts);
  if (b.clip !== null && b.clip !== undefined) {
    const audio = el("audio");
    audio.controls = true;
    audio.preload = "none";
    audio.src = "/api/v1/clips/" + encodeURIComponent(b.clip) + "/audio";
    audio.setAttribute("aria-label", t("bt_listen") + ": " + b.title);
    li.appendChild(audio);
  }
  if (bt.note && bt.note.id === b.id) btDone(li, bt.note);
  /* As `loa bulletin schedule`: any whose audio was imported and whose
   * period is not over, again if the officer wants more airings. */
  if (mayChange() && b.clip !== null && !btOver(b, bt.now)) {
    const row = el("div", "actions");
    const go = el("button", b.state === "received" ? null : "secondary", t(b.state === "received" ? "bt_schedule" : "bt_schedule_more"));
    go.type = "button";
    go.className = (go.className ? go.className + " " : "") + "bt-go";
    go.setAttribute("aria-label", go.textContent + ": " + b.title);
    go.setAttribute("aria-expanded", "false");
    row.appendChild(go);
    li.appendChild(row);
    go.addEventListener("click", () => {
      const old = li.querySelector("form.bt-form");
      if (old) { old.remove(); bt.open = 0; go.setAttribute("aria-expanded", "false"); return; }
      bt.open = b.id;
      go.setAttribute("aria-expanded", "true");
      btForm(b, li, go).focus();
    });
  }
  return li;
}

function btRender() {
  const box = $("bt-list");
  clear(box);
  const waiting = bt.rows.filter((b) => btWaiting(b, bt.now));
  const others = bt.rows.filter((b) => !btWaiting(b, bt.now));
  $("sc-bulletins").hidden = !bt.rows.length;
  const list = el("ul", "clips");
  for (const b of waiting) list.appendChild(btCard(b));
  box.appendChild(list);
  if (!waiting.length) box.appendChild(el("p", "muted", t("bt_none_waiting")));
  if (others.length) {
    const d = el("details", "bt-others");
    /* The one just scheduled stays in sight. */
    d.open = !!(bt.note && others.some((b) => b.id === bt.note.id));
    d.appendChild(el("summary", null, t("bt_others") + " (" + others.length + ")"));
    const ol = el("ul", "clips");
    for (const b of others) ol.appendChild(btCard(b));
    d.appendChild(ol);
    box.appendChild(d);
  }
}

/* Reads the bulletins and draws them (the Lịch phát page); reach: the
 * page was opened at #bulletins (the dashboard's link), so the list is
 * scrolled to and its heading takes the focus — once, not at each live
 * look. */
async function btLoad(reach) {
  const [st, r] = await Promise.all([api("status"), api("bulletins")]);
  if (r.status !== 200) { if (r.status) problem(errorText(r.data)); return; }
  if (st.status === 200) bt.now = st.data.now;
  bt.rows = r.data;
  btRender();
  if (reach && location.hash === "#bulletins") {
    const h = $("bt-heading");
    h.scrollIntoView({ block: "start" });
    h.focus({ preventScroll: true });
  }
}

/* The dashboard's line in list: how many of rows wait at now, linking to
 * them; returns how many (0: no line). */
function btDashboard(list, now, rows) {
  const n = rows.filter((b) => btWaiting(b, now)).length;
  if (!n) return 0;
  const li = el("li", "warn");
  const a = el("a", null, n === 1 ? t("bt_dash_wait_1") : t("bt_dash_wait").replace("%d", n));
  a.href = "#bulletins";
  a.id = "dash-bulletins";
  li.appendChild(a);
  list.appendChild(li);
  return n;
}
