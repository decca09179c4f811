/* i18n.js — the console's words in Vietnamese (the default) and English
 * (when the browser puts English before Vietnamese). Every word reaches
 * the page through textContent, never as HTML. */
"use strict";

const WORDS = {
  nav_dashboard: ["Tổng quan", "Overview"],
  nav_clips: ["Kho âm thanh", "Clip library"],
  logout: ["Đăng xuất", "Log out"],
  login_title: ["Đăng nhập", "Log in"],
  user: ["Tên đăng nhập", "User name"],
  password: ["Mật khẩu", "Password"],
  login: ["Đăng nhập", "Log in"],
  on_air: ["Đang phát", "On air"],
  warnings: ["Việc cần làm", "Needs your attention"],
  next: ["Sắp phát", "Next airings"],
  today: ["Hôm nay đã phát", "Aired today"],
  search: ["Tìm theo tên hoặc chủ đề", "Search by title or topic"],
  now: ["Cập nhật lúc", "As of"],
  nothing_on_air: ["Không có gì đang phát.", "Nothing is on air."],
  since: ["từ", "since"],
  no_warning: ["Không có việc gì: chương trình sẽ phát đúng lịch.", "Nothing needs you: the broadcast will go out as scheduled."],
  no_next: ["Không có lượt phát nào trong 7 ngày tới.", "No airing in the next 7 days."],
  no_today: ["Hôm nay chưa có lượt phát nào.", "No airing yet today."],
  program_running: ["Chương trình chạy nền: đang chạy", "Broadcast program: running"],
  program_stopped: ["Chương trình chạy nền: KHÔNG chạy", "Broadcast program: NOT running"],
  program_unknown: ["Chương trình chạy nền: không rõ", "Broadcast program: cannot tell"],
  device_ok: ["Thiết bị âm thanh: hoạt động lúc", "Sound device: worked at"],
  device_bad: ["Thiết bị âm thanh: KHÔNG hoạt động lúc", "Sound device: NOT working at"],
  device_untried: ["Thiết bị âm thanh: chưa thử", "Sound device: not tried yet"],
  clips_count: ["tệp âm thanh", "clips"],
  clips_none: ["Kho chưa có tệp âm thanh nào.", "The library has no clip yet."],
  clips_no_match: ["Không có tệp nào khớp.", "No clip matches."],
  topic: ["Chủ đề", "Topic"],
  duration: ["Thời lượng", "Duration"],
  valid: ["Được phát", "May air"],
  valid_from: ["từ", "from"],
  valid_until: ["đến hết", "until"],
  always: ["không giới hạn", "any day"],
  no_topic: ["(chưa có)", "(none)"],
  clip_no: ["Số", "No."],
  listen: ["Nghe thử", "Listen"],
  playlist: ["danh sách phát", "playlist"],
  will_not_air: ["sẽ không phát", "will not air"],
  network: ["Không kết nối được với chương trình loa. Hãy thử lại.", "Cannot reach the loa program. Try again."],
  upload_pick: ["Thêm tệp âm thanh: chọn tệp, hoặc kéo thả vào đây", "Add clips: choose files, or drop them here"],
  upload_waiting: ["đang chờ gửi", "waiting"],
  upload_sending: ["đang gửi", "sending"],
  upload_importing: ["đang đo âm lượng và lưu vào kho", "measuring and storing"],
  upload_added: ["đã thêm, số", "added as No."],
  upload_already: ["đã có trong kho, số", "already in the library as No."],
  upload_refused: ["không thêm được", "not added"],
  edit: ["Sửa", "Edit"],
  title: ["Tiêu đề", "Title"],
  edit_dates_hint: ["ngày/tháng/năm", "day/month/year"],
  save: ["Lưu", "Save"],
  saved: ["Đã lưu.", "Saved."],
  status_playing: ["đang phát", "on air"],
  status_completed: ["đã phát trọn", "aired in full"],
  status_interrupted: ["bị ngắt", "cut off"],
  status_failed: ["lỗi", "failed"],
  status_missed: ["bị lỡ", "missed"],
  status_skipped: ["không phát (theo lịch)", "not aired (as planned)"],
  status_partial: ["đã phát, có tin lỗi", "aired, some items failed"],
};

/* 0: Vietnamese, 1: English — whichever the browser lists first. */
const LANG = (function () {
  const list = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || "vi"];
  for (const l of list) {
    const s = String(l).toLowerCase();
    if (s === "vi" || s.startsWith("vi-")) return 0;
    if (s === "en" || s.startsWith("en-")) return 1;
  }
  return 0;
})();

function t(key) {
  const w = WORDS[key];
  return w ? w[LANG] : key;
}

/* Puts the words into every element marked data-t. */
function translatePage() {
  document.documentElement.lang = LANG ? "en" : "vi";
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
}
