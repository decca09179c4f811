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
  clip_delete: ["Xóa", "Delete"],
  clip_delete_confirm: ["Xóa hẳn tệp âm thanh «%s» khỏi kho? Không lấy lại được.",
                        "Delete the clip «%s» from the library for good? It cannot be undone."],
  clip_delete_yes: ["Xóa hẳn", "Delete"],
  clip_delete_force: ["Vẫn xóa", "Delete anyway"],
  clip_deleted: ["Đã xóa tệp âm thanh số", "Deleted clip No."],
  saved: ["Đã lưu.", "Saved."],
  status_playing: ["đang phát", "on air"],
  status_completed: ["đã phát trọn", "aired in full"],
  status_interrupted: ["bị ngắt", "cut off"],
  status_failed: ["lỗi", "failed"],
  status_missed: ["bị lỡ", "missed"],
  status_skipped: ["không phát (theo lịch)", "not aired (as planned)"],
  status_partial: ["đã phát, có tin lỗi", "aired, some items failed"],
  nav_users: ["Người dùng", "Users"],
  nav_audit: ["Lịch sử thao tác", "Audit trail"],
  user_add: ["Thêm người dùng", "Add a user"],
  user_name: ["Tên đăng nhập", "User name"],
  user_name_rule: ["Chữ cái, chữ số và dấu . _ -, không có dấu cách.", "Letters, digits and . _ -, without spaces."],
  role: ["Vai trò", "Role"],
  role_leader: ["Lãnh đạo", "Leader"],
  role_officer: ["Cán bộ", "Officer"],
  role_viewer: ["Người xem", "Viewer"],
  new_password: ["Mật khẩu", "Password"],
  password_again: ["Nhập lại mật khẩu", "Password again"],
  password_rule: ["Ít nhất 10 ký tự; một câu ngắn dễ nhớ mà khó đoán.", "At least 10 characters; a short sentence is easy to remember and hard to guess."],
  passwords_differ: ["Hai mật khẩu không giống nhau. Hãy gõ lại.", "The two passwords differ. Type them again."],
  user_add_button: ["Thêm", "Add"],
  user_added: ["Đã thêm người dùng", "Added the user"],
  created: ["Tạo lúc", "Created"],
  last_login: ["Đăng nhập lần cuối", "Last login"],
  never: ["chưa lần nào", "never"],
  you: ["(bạn)", "(you)"],
  change_role: ["Đổi vai trò", "Change the role"],
  reset_password: ["Đặt lại mật khẩu", "Reset the password"],
  remove: ["Xóa", "Remove"],
  remove_confirm: ["Xóa hẳn người dùng này? Họ sẽ không đăng nhập được nữa.", "Remove this user for good? They will no longer be able to log in."],
  remove_yes: ["Xóa hẳn", "Remove"],
  cancel: ["Thôi", "Cancel"],
  password_changed: ["Đã đặt mật khẩu mới. Người này phải đăng nhập lại.", "The new password is set. This user must log in again."],
  from_day: ["Từ ngày", "From"],
  to_day: ["Đến hết ngày", "Through"],
  show: ["Xem", "Show"],
  audit_none: ["Không có thao tác nào trong khoảng này.", "Nothing was done in this period."],
  audit_count: ["thao tác, mới nhất trước", "entries, newest first"],
  audit_more: ["Chỉ hiện 500 thao tác mới nhất; hãy chọn khoảng ngày ngắn hơn.", "Only the newest 500 are shown; choose a shorter period."],
  from_addr: ["từ", "from"],
  before: ["Trước", "Before"],
  audit_local: ["máy phát (dòng lệnh)", "the broadcast PC (command line)"],
  after: ["Sau", "After"],
  "audit_user.add": ["thêm người dùng", "added a user"],
  "audit_user.passwd": ["đổi mật khẩu", "changed a password"],
  "audit_user.rm": ["xóa người dùng", "removed a user"],
  "audit_user.role": ["đổi vai trò", "changed a role"],
  "audit_session.login": ["đăng nhập", "logged in"],
  "audit_session.logout": ["đăng xuất", "logged out"],
  "audit_clip.add": ["thêm tệp âm thanh", "added a clip"],
  "audit_clip.edit": ["sửa tệp âm thanh", "edited a clip"],
  "audit_clip.rm": ["xóa tệp âm thanh", "removed a clip"],
  "audit_slot.add": ["thêm khung giờ", "added a slot"],
  "audit_slot.edit": ["sửa khung giờ", "edited a slot"],
  "audit_slot.rm": ["xóa khung giờ", "removed a slot"],
  "audit_slot.skip": ["bỏ một lượt phát", "left out an airing"],
  "audit_slot.move": ["dời một lượt phát", "moved an airing"],
  "audit_slot.import": ["nhập khung giờ từ tệp lịch", "imported a slot from a calendar"],
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
