/* logpages.js — Nhật ký phát (the airing log: a date range, a status, a
 * topic; each programme's items; the chain's verdict; CSV downloads) and
 * Báo cáo (the report of a quarter, half year, year or range: a preview
 * of its figures and its .docx and .xlsx). Plain DOM, every value put in
 * with textContent; the words are added to i18n.js's WORDS. */
"use strict";

Object.assign(WORDS, {
  nav_log: ["Nhật ký phát", "Airing log"],
  nav_report: ["Báo cáo", "Reports"],
  date_hint: ["ngày/tháng/năm", "day/month/year"],
  log_from: ["Từ ngày", "From"],
  log_to: ["Đến hết ngày", "Through"],
  log_status: ["Kết quả", "Outcome"],
  log_topic: ["Chủ đề", "Topic"],
  log_all: ["Tất cả", "All"],
  log_show: ["Xem", "Show"],
  log_csv: ["Tải về (CSV)", "Download (CSV)"],
  log_excel: ["Tải về để mở bằng Excel", "Download for Excel"],
  log_count: ["chương trình", "programmes"],
  log_more: ["Xem thêm", "Show more"],
  log_more_left: ["còn nữa, bấm Xem thêm ở cuối trang", "more below: press Show more at the end"],
  log_none: ["Không có lượt phát nào trong khoảng này.", "No airing in this period."],
  log_no_match: ["Không có lượt phát nào của chủ đề này.", "No airing of this topic."],
  log_items: ["tin bài", "items"],
  log_no_items: ["Không có tin bài nào được ghi.", "No item was logged."],
  log_played: ["đã phát", "played"],
  log_late: ["muộn", "late by"],
  log_reason: ["Lý do", "Why"],
  log_requested_by: ["Người yêu cầu phát khẩn", "Emergency asked for by"],
  log_approved_by: ["Lãnh đạo đã duyệt", "Approved by"],
  log_intact: ["Nhật ký còn nguyên vẹn", "The airing log is intact"],
  log_intact_rows: ["lượt phát đã ghi, không có gì bị sửa.", "airings recorded, nothing changed."],
  log_open: ["lượt phát đang diễn ra (được ghi xong khi phát xong).", "still playing (recorded when they end)."],
  log_full_at: ["Lần kiểm tra toàn bộ gần nhất lúc", "Last checked in full at"],
  log_full_every: ["(kiểm tra toàn bộ mỗi", "(checked in full every"],
  log_broken: ["Nhật ký đã bị sửa ngoài chương trình loa", "The airing log was changed outside loa"],
  log_broken_hint: ["Hãy giữ nguyên tệp dữ liệu của đài làm bằng chứng và so với bản sao lưu.",
                    "Keep the station's database file as evidence and compare it with a backup."],
  log_bad_row: ["lượt phát số", "airing No."],
  airing_playing: ["đang phát", "playing"],
  airing_completed: ["hoàn thành", "completed"],
  airing_interrupted: ["bị gián đoạn", "interrupted"],
  airing_failed: ["lỗi", "failed"],
  airing_missed: ["bị lỡ", "missed"],
  airing_skipped: ["bỏ qua", "skipped"],
  airing_partial: ["phát một phần", "partial"],
  rep_kind: ["Kỳ báo cáo", "Period"],
  rep_quarter: ["Quý", "Quarter"],
  rep_half: ["6 tháng", "Half year"],
  rep_year: ["Năm", "Year"],
  rep_range: ["Khoảng ngày", "Date range"],
  rep_half1: ["6 tháng đầu năm", "First half"],
  rep_half2: ["6 tháng cuối năm", "Second half"],
  rep_show: ["Xem trước", "Preview"],
  rep_docx: ["Tải báo cáo (Word, .docx)", "Download the report (Word, .docx)"],
  rep_xlsx: ["Tải bảng số liệu (Excel, .xlsx)", "Download the figures (Excel, .xlsx)"],
  rep_period: ["Từ", "From"],
  rep_to: ["đến hết", "through"],
  rep_totals: ["Tổng hợp", "Totals"],
  rep_programmes: ["Số chương trình đã phát", "Programmes aired"],
  rep_airings: ["Số lượt phát tin bài", "Item airings"],
  rep_items: ["Số tin bài khác nhau", "Different items"],
  rep_airtime: ["Tổng thời lượng phát", "Total airtime"],
  rep_content: ["Thời lượng tin bài (không kể nhạc hiệu)", "Airtime of items (without station music)"],
  rep_not_aired: ["Lượt không phát được", "Airings that failed"],
  rep_late: ["Lượt phát muộn", "Late airings"],
  rep_cchc: ["Tuyên truyền cải cách hành chính (CCHC)", "Administrative reform (CCHC)"],
  rep_cchc_topic: ["Chủ đề được tính", "Topic counted"],
  rep_share: ["Tỉ lệ trên tổng thời lượng tin bài", "Share of the items' airtime"],
  rep_by_topic: ["Theo chủ đề", "By topic"],
  rep_by_month: ["Theo tháng", "By month"],
  rep_by_week: ["Theo tuần", "By week"],
  rep_month: ["Tháng", "Month"],
  col_items: ["Tin bài", "Items"],
  col_airings: ["Lượt phát", "Airings"],
  col_programmes: ["Chương trình", "Programmes"],
  col_airtime: ["Thời lượng", "Airtime"],
  col_not_aired: ["Không phát được", "Failed"],
  rep_week: ["Tuần từ", "Week of"],
  rep_cchc_airings: ["CCHC", "CCHC"],
  rep_furniture: ["(nhạc hiệu, giới thiệu)", "(station music)"],
  rep_chain_ok: ["Nhật ký phát còn nguyên vẹn: số liệu lấy từ nhật ký không bị sửa.",
                 "The airing log is intact: the figures come from an unchanged log."],
  rep_chain_bad: ["Nhật ký phát đã bị sửa ngoài chương trình loa: số liệu có thể không đúng.",
                  "The airing log was changed outside loa: the figures may be wrong."],
  hours: ["giờ", "h"],
  minutes: ["phút", "min"],
  seconds: ["giây", "s"],
});

/* The reasons of the airing log in words, by reason_code: the core's own
 * (GET /api/v1/reasons, what `loa log` shows in a table, in the language
 * the browser asks for), fetched once. */
let reasons = null;

async function loadReasons() {
  if (reasons) return;
  const { status, data } = await api("reasons");
  if (status === 200) reasons = data;
}

function reasonText(code, text) {
  const w = code && reasons && reasons[code];
  return w || text || "";
}

const LOG_STATUSES = ["completed", "partial", "interrupted", "failed", "missed", "skipped", "playing"];

/* The station's today as {y, m, d}: its clock (status's now), not the
 * browser's. */
let stationDay = null;

async function stationToday() {
  if (stationDay) return stationDay;
  const { status, data } = await api("status");
  const m = status === 200 && /^(\d{4})-(\d\d)-(\d\d)/.exec(data.now || "");
  if (m) stationDay = { y: +m[1], m: +m[2], d: +m[3] };
  else {
    const n = new Date();
    stationDay = { y: n.getFullYear(), m: n.getMonth() + 1, d: n.getDate() };
  }
  return stationDay;
}

/* dd/mm/yyyy of a day n days after {y, m, d}. */
function dayText(day, n) {
  const x = new Date(Date.UTC(day.y, day.m - 1, day.d + n));
  return pad(x.getUTCDate()) + "/" + pad(x.getUTCMonth() + 1) + "/" + x.getUTCFullYear();
}

/* An amount of seconds in words: "2 giờ 05 phút", "4 phút 12 giây". */
function span(s) {
  s = Math.round(Number(s) || 0);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  if (h) return h + " " + t("hours") + " " + pad(m) + " " + t("minutes");
  if (m) return m + " " + t("minutes") + " " + pad(sec) + " " + t("seconds");
  return sec + " " + t("seconds");
}

/* A number as the reader writes it: 7,8 in Vietnamese, 7.8 in English. */
function decimal(x) {
  const s = (Math.round(Number(x) * 10) / 10).toFixed(1);
  return LANG ? s : s.replace(".", ",");
}

function airingWord(status) { return t("airing_" + status); }

function outcomeClass(status) {
  return status === "completed" || status === "playing" ? "ok" : status === "skipped" ? "muted" : "bad";
}

/* A label and its field, in a box of the filter form. */
function filterField(form, id, key, input) {
  const box = el("div", "field");
  const label = el("label", null, t(key));
  label.htmlFor = id;
  input.id = id;
  box.appendChild(label);
  box.appendChild(input);
  form.insertBefore(box, form.querySelector("button"));
  return input;
}

function select(options) {
  const s = el("select");
  for (const [value, text] of options) {
    const o = el("option", null, text);
    o.value = value;
    s.appendChild(o);
  }
  return s;
}

function dateInput() {
  const i = el("input");
  i.placeholder = t("date_hint");
  i.autocomplete = "off";
  return i;
}

/* ---- Nhật ký phát ---- */

/* The page shows the log LOG_PAGE programmes at a time: the first when it
 * opens, the next at each "Xem thêm" (limit= and after= of
 * /api/v1/log), each with its items (after= and through=: the same rows).
 * A week of a big station is thousands of programmes and megabytes of
 * items, which the page took seconds to fetch and lay out; the downloads
 * still give the whole period. logMore: a page came back full, more may
 * follow. */
const LOG_PAGE = 200;
let logRows = [], logItems = new Map(), logBuilt = false, logMore = false, logAsked = null;

function logQuery() {
  const q = new URLSearchParams();
  q.set("from", $("log-from").value.trim());
  q.set("to", $("log-to").value.trim());
  if ($("log-status").value) q.set("status", $("log-status").value);
  return q;
}

function buildLogForm() {
  if (logBuilt) return;
  logBuilt = true;
  const form = $("log-form");
  filterField(form, "log-from", "log_from", dateInput());
  filterField(form, "log-to", "log_to", dateInput());
  filterField(form, "log-status", "log_status", select([["", t("log_all")]].concat(
    LOG_STATUSES.map((s) => [s, airingWord(s)]))));
  const topic = filterField(form, "log-topic", "log_topic", select([["", t("log_all")]]));
  topic.addEventListener("change", renderLog);
  form.addEventListener("submit", (ev) => { ev.preventDefault(); fetchLog(); });
  $("log-more").addEventListener("click", fetchMore);
}

/* The topics of a programme: its own and its items'. */
function rowTopics(r) {
  const set = new Set();
  if (r.topic) set.add(r.topic);
  for (const it of logItems.get(r.seq) || []) if (it.topic) set.add(it.topic);
  return set;
}

function renderLog() {
  const want = $("log-topic").value;
  const list = $("log-list");
  clear(list);
  let n = 0;
  for (const r of logRows) {
    if (want && !rowTopics(r).has(want)) continue;
    n++;
    const li = el("li", "airing");
    const box = el("details");
    const sum = el("summary");
    sum.appendChild(el("span", "time", when(r.scheduled)));
    sum.appendChild(el("span", "title", r.title || r.playlist || ""));
    sum.appendChild(el("span", outcomeClass(r.status), airingWord(r.status)));
    box.appendChild(sum);
    const facts = el("dl", "facts");
    const fact = (k, v) => { facts.appendChild(el("dt", null, k)); facts.appendChild(el("dd", null, v)); };
    fact(t("log_played"), span(r.played));
    if (r.late) fact(t("log_late"), span(r.delay));
    if (r.reason || r.reason_code) fact(t("log_reason"), reasonText(r.reason_code, r.reason));
    if (r.requested_by) fact(t("log_requested_by"), r.requested_by);
    if (r.approved_by) fact(t("log_approved_by"), r.approved_by);
    box.appendChild(facts);
    const items = logItems.get(r.seq) || [];
    const ul = el("ul", "items");
    ul.setAttribute("aria-label", t("log_items"));
    for (const it of items) {
      const ili = el("li");
      ili.appendChild(el("span", "time", hhmm(it.started) || it.position + "."));
      ili.appendChild(el("span", "title", it.title + (it.topic ? " — " + it.topic : "")));
      ili.appendChild(el("span", outcomeClass(it.status), airingWord(it.status) + ", " + span(it.played) +
        (it.reason_code ? " (" + reasonText(it.reason_code) + ")" : "")));
      ul.appendChild(ili);
    }
    if (!items.length) ul.appendChild(el("li", "muted", t("log_no_items")));
    box.appendChild(ul);
    li.appendChild(box);
    list.appendChild(li);
  }
  $("log-count").textContent = !logRows.length ? "" : n + " / " + logRows.length + " " + t("log_count") +
    (logMore ? " (" + t("log_more_left") + ")" : "");
  if (!logRows.length) line(list, t("log_none"), "muted");
  else if (!n) line(list, t("log_no_match"), "muted");
  $("log-more-box").hidden = !logMore;
}

function fillTopics() {
  const s = $("log-topic"), keep = s.value, topics = new Set();
  for (const r of logRows) for (const x of rowTopics(r)) topics.add(x);
  while (s.options.length > 1) s.remove(1);
  for (const x of Array.from(topics).sort((a, b) => a.localeCompare(b, "vi"))) {
    const o = el("option", null, x);
    o.value = x;
    s.appendChild(o);
  }
  s.value = topics.has(keep) ? keep : "";
}

/* The next LOG_PAGE programmes of the query q after the row numbered
 * after (0: from the start), and their items: { rows, items } as api()
 * answers. */
async function logPage(q, after) {
  const p = new URLSearchParams(q);
  p.set("limit", LOG_PAGE);
  if (after) p.set("after", after);
  const rows = await api("log?" + p);
  if (rows.status !== 200 || !rows.data.length) return { rows, items: { status: 200, data: [] } };
  /* Every item of the programmes from after through the page's last (a
   * status asked for filters the programmes, not their items). */
  const i = new URLSearchParams();
  i.set("items", "1");
  i.set("from", q.get("from"));
  i.set("to", q.get("to"));
  if (after) i.set("after", after);
  i.set("through", rows.data[rows.data.length - 1].id);
  /* A page of the log holds at most 1,000 programmes' items: with a
   * status asked for, the programmes between two of the page's may be
   * more, and their items come in pages too, each naming the next. */
  const items = await api("log?" + i);
  for (let next = items.next; items.status === 200 && next; ) {
    const more = await api(next);
    if (more.status !== 200) return { rows, items: more };
    items.data = items.data.concat(more.data);
    next = more.next;
  }
  return { rows, items };
}

function addItems(items) {
  if (items.status !== 200) return;
  for (const it of items.data) {
    if (!logItems.has(it.seq)) logItems.set(it.seq, []);
    logItems.get(it.seq).push(it);
  }
}

async function fetchLog() {
  const q = logQuery();
  $("log-error").textContent = "";
  for (const x of ["log-from", "log-to", "log-status"]) $(x).removeAttribute("aria-invalid");
  const [{ rows, items }] = await Promise.all([logPage(q, 0), loadReasons()]);
  if (rows.status !== 200) {
    if (!rows.status) return;
    /* Nothing of the range before stays beside the refusal. */
    logRows = [];
    logMore = false;
    clear($("log-list"));
    $("log-count").textContent = "";
    $("log-downloads").hidden = true;
    $("log-more-box").hidden = true;
    $("log-error").textContent = errorText(rows.data);
    const f = rows.data && rows.data.field && $("log-" + rows.data.field);
    if (f) { f.setAttribute("aria-invalid", "true"); f.focus(); }
    return;
  }
  logAsked = q;
  logRows = rows.data;
  logMore = rows.data.length === LOG_PAGE;
  logItems = new Map();
  addItems(items);
  const csv = new URLSearchParams(q);
  csv.set("format", "csv");
  $("log-csv").href = "/api/v1/log?" + csv;
  csv.delete("format");
  csv.set("excel", "1");
  $("log-excel").href = "/api/v1/log?" + csv;
  $("log-downloads").hidden = false;
  fillTopics();
  renderLog();
}

/* "Xem thêm": the next page of what was asked last (not of what the form
 * holds now, which may have been changed without pressing Xem). */
async function fetchMore() {
  if (!logAsked || !logRows.length) return;
  const button = $("log-more");
  button.disabled = true;
  const { rows, items } = await logPage(logAsked, logRows[logRows.length - 1].id);
  button.disabled = false;
  if (rows.status !== 200) {
    if (rows.status) $("log-error").textContent = errorText(rows.data);
    return;
  }
  logRows = logRows.concat(rows.data);
  logMore = rows.data.length === LOG_PAGE;
  addItems(items);
  fillTopics();
  renderLog();
}

async function showVerdict() {
  const p = $("log-verdict");
  const { status, data } = await api("log/verify");
  clear(p);
  if (status !== 200) return;
  if (data.intact) {
    p.className = "verdict good";
    p.appendChild(el("strong", null, t("log_intact")));
    p.appendChild(document.createTextNode(": " + data.rows + " " + t("log_intact_rows")));
    if (data.open) p.appendChild(document.createTextNode(" " + data.open + " " + t("log_open")));
    /* What "nothing changed" rests on: the programmes closed lately are
     * checked at every look, the older ones by the full pass (doc/api.md). */
    if (data.full_at)
      p.appendChild(el("span", "verdict-when", t("log_full_at") + " " + when(data.full_at) + " " +
        t("log_full_every") + " " + Math.round(data.full_every / 60) + " " + t("minutes") + ")."));
  } else {
    p.className = "verdict broken";
    p.setAttribute("role", "alert");
    p.appendChild(el("strong", null, t("log_broken")));
    p.appendChild(document.createTextNode(": " + (data.problem || "") +
      (data.bad_id ? " (" + t("log_bad_row") + " " + data.bad_id + ")" : "") + ". " + t("log_broken_hint")));
  }
}

async function loadLog() {
  showSection("log");
  problem("");
  buildLogForm();
  if (!$("log-from").value && !$("log-to").value) {
    const today = await stationToday();
    $("log-from").value = dayText(today, -6);
    $("log-to").value = dayText(today, 0);
  }
  await Promise.all([showVerdict(), fetchLog()]);
}

/* ---- Báo cáo ---- */

let reportBuilt = false;

function buildReportForm(today) {
  if (reportBuilt) return;
  reportBuilt = true;
  const form = $("report-form");
  const kind = filterField(form, "rep-kind", "rep_kind", select([["quarter", t("rep_quarter")], ["half", t("rep_half")],
    ["year", t("rep_year")], ["range", t("rep_range")]]));
  const year = filterField(form, "rep-year", "rep_year", el("input"));
  year.inputMode = "numeric";
  year.value = today.y;
  year.size = 6;
  const quarter = filterField(form, "rep-quarter", "rep_quarter", select([1, 2, 3, 4].map((q) => [q, t("rep_quarter") + " " + q])));
  quarter.value = String(Math.floor((today.m - 1) / 3) + 1);
  const half = filterField(form, "rep-half", "rep_half", select([["1", t("rep_half1")], ["2", t("rep_half2")]]));
  half.value = today.m <= 6 ? "1" : "2";
  const from = filterField(form, "rep-from", "log_from", dateInput());
  const to = filterField(form, "rep-to", "log_to", dateInput());
  from.value = dayText({ y: today.y, m: 1, d: 1 }, 0);
  to.value = dayText(today, 0);
  const shown = () => {
    const k = kind.value;
    year.parentNode.hidden = k === "range";
    quarter.parentNode.hidden = k !== "quarter";
    half.parentNode.hidden = k !== "half";
    from.parentNode.hidden = to.parentNode.hidden = k !== "range";
  };
  kind.addEventListener("change", shown);
  shown();
  form.addEventListener("submit", (ev) => { ev.preventDefault(); fetchReport(); });
}

function reportQuery() {
  const q = new URLSearchParams(), k = $("rep-kind").value, y = $("rep-year").value.trim();
  if (k === "quarter") q.set("quarter", y + "Q" + $("rep-quarter").value);
  else if (k === "half") q.set("half", y + "H" + $("rep-half").value);
  else if (k === "year") q.set("year", y);
  else { q.set("from", $("rep-from").value.trim()); q.set("to", $("rep-to").value.trim()); }
  return q;
}

/* A table: a caption, headings (null: a table of named figures, without),
 * rows of cells (numbers right-aligned). */
function table(caption, heads, rows) {
  const wrap = el("div", "table-wrap");
  const tb = el("table", "figures");
  tb.appendChild(el("caption", null, caption));
  if (heads) {
    const thead = el("thead"), tr = el("tr");
    heads.forEach((h, i) => { const th = el("th", i ? "num" : null, h); th.scope = "col"; tr.appendChild(th); });
    thead.appendChild(tr);
    tb.appendChild(thead);
  } else wrap.classList.add("pairs");
  const body = el("tbody");
  for (const r of rows) {
    const row = el("tr");
    r.forEach((c, i) => {
      const cell = el(i ? "td" : "th", i ? "num" : null, c);
      if (!i) cell.scope = "row";
      row.appendChild(cell);
    });
    body.appendChild(row);
  }
  tb.appendChild(body);
  wrap.appendChild(tb);
  return wrap;
}

function renderReport(r, q) {
  const box = $("report-preview");
  clear(box);
  box.appendChild(el("h2", null, r.period.label));
  const last = new Date(Date.parse(r.period.to.slice(0, 10) + "T00:00:00Z") - 86400000).toISOString();
  if (!q.has("from")) box.appendChild(el("p", "muted", t("rep_period") + " " + when(r.period.from.slice(0, 10)) + " " + t("rep_to") +
    " " + when(last.slice(0, 10))));
  const links = el("p", "downloads");
  for (const f of ["docx", "xlsx"]) {
    const a = el("a", "download", t("rep_" + f));
    const fq = new URLSearchParams(q);
    fq.set("format", f);
    a.href = "/api/v1/report?" + fq;
    a.id = "report-" + f;
    links.appendChild(a);
  }
  box.appendChild(links);
  box.appendChild(el("p", r.chain.intact ? "verdict good" : "verdict broken",
    r.chain.intact ? t("rep_chain_ok") : t("rep_chain_bad") + " " + (r.chain.problem || "")));
  const x = r.totals;
  box.appendChild(table(t("rep_totals"), null, [
    [t("rep_programmes"), x.programmes], [t("rep_airings"), x.airings], [t("rep_items"), x.items],
    [t("rep_airtime"), span(x.airtime_s)], [t("rep_content"), span(x.content_airtime_s)],
    [t("rep_not_aired"), x.not_aired], [t("rep_late"), x.late]]));
  const c = r.cchc;
  box.appendChild(table(t("rep_cchc"), null, [
    [t("rep_cchc_topic"), c.topic || ""], [t("rep_programmes"), c.programmes], [t("rep_airings"), c.airings],
    [t("rep_items"), c.items], [t("rep_airtime"), span(c.airtime_s)], [t("rep_share"), decimal(c.share) + " %"]]));
  box.appendChild(table(t("rep_by_topic"), [t("topic"), t("col_items"), t("col_airings"), t("col_airtime")],
    r.by_topic.map((k) => [(k.topic || t("no_topic")) + (k.furniture ? " " + t("rep_furniture") : ""),
      k.items, k.airings, span(k.airtime_s)])));
  const weekly = !!r.by_week, buckets = r.by_week || r.by_month || [];
  box.appendChild(table(t(weekly ? "rep_by_week" : "rep_by_month"),
    [t(weekly ? "rep_week" : "rep_month"), t("col_programmes"), t("col_airings"), t("col_airtime"),
     t("col_not_aired"), t("rep_cchc_airings")],
    buckets.map((b) => [weekly ? when(b.from.slice(0, 10)) : (LANG ? b.from.slice(0, 7) : b.from.slice(5, 7) + "/" + b.from.slice(0, 4)),
      b.programmes, b.airings, b.airtime_s ? span(b.airtime_s) : "0", b.not_aired, b.cchc_airings])));
}

async function fetchReport() {
  const q = reportQuery();
  const err = $("report-error");
  err.textContent = "";
  for (const x of document.querySelectorAll("#report-form [aria-invalid]")) x.removeAttribute("aria-invalid");
  /* The preview in the page's language; the downloads stay the Vietnamese document. */
  const { status, data } = await api("report?" + q + "&format=json" + (LANG ? "&lang=en" : ""));
  if (status !== 200) {
    if (!status) return;
    clear($("report-preview"));
    err.textContent = errorText(data);
    const f = data && data.field && $("rep-" + (data.field === "quarter" || data.field === "half" ||
      data.field === "year" ? "year" : data.field));
    if (f) { f.setAttribute("aria-invalid", "true"); f.focus(); }
    return;
  }
  renderReport(data, q);
}

async function loadReport() {
  showSection("report");
  problem("");
  buildReportForm(await stationToday());
  await fetchReport();
}
