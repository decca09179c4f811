/* playlists.js — Chương trình: the station's playlists (clips aired back
 * to back as one airing). Each with its number of clips and its length;
 * opened, its clips in airing order. An officer or a leader makes one
 * (a name, clips picked from the library with a search box), reorders
 * its clips with Lên/Xuống (buttons, so the keyboard does it; dragging
 * a row does it too), adds and removes clips, renames it and deletes it
 * after a confirmation naming it; a viewer only reads. A change is sent
 * whole when saved: one request, one entry in the audit trail. Plain
 * DOM, every value from the station put in with textContent. */
"use strict";

Object.assign(WORDS, {
  nav_playlists: ["Chương trình", "Playlists"],
  pl_intro: ["Mỗi danh sách phát là các tệp âm thanh phát liền nhau trong một lượt phát.",
             "A playlist is clips aired back to back as one airing."],
  pl_new: ["Tạo danh sách phát", "New playlist"],
  pl_name: ["Tên danh sách phát", "Playlist name"],
  pl_clips: ["Các tệp âm thanh, theo thứ tự phát", "Clips, in airing order"],
  pl_empty: ["Chưa có tệp âm thanh nào. Hãy thêm từ kho bên dưới.", "No clip yet. Add some from the library below."],
  pl_total: ["tệp, tổng thời lượng", "clips, in all"],
  pl_count: ["tệp âm thanh", "clips"],
  pl_none: ["Đài chưa có danh sách phát nào.", "The station has no playlist yet."],
  pl_open: ["Mở", "Open"],
  pl_up: ["Lên", "Up"],
  pl_down: ["Xuống", "Down"],
  pl_drop: ["Bỏ", "Remove"],
  pl_up_label: ["Đưa lên trên:", "Move up:"],
  pl_down_label: ["Đưa xuống dưới:", "Move down:"],
  pl_drop_label: ["Bỏ khỏi danh sách:", "Remove from the playlist:"],
  pl_add_search: ["Thêm tệp âm thanh: tìm theo tên, chủ đề hoặc số", "Add clips: search by title, topic or number"],
  pl_add: ["Thêm", "Add"],
  pl_add_label: ["Thêm vào cuối danh sách:", "Add at the end:"],
  pl_more: ["Còn nữa: hãy gõ tên để tìm.", "There are more: type a title to search."],
  pl_no_match: ["Không có tệp nào khớp.", "No clip matches."],
  pl_create: ["Tạo danh sách phát", "Create the playlist"],
  pl_save: ["Lưu thay đổi", "Save changes"],
  pl_unsaved: ["Có thay đổi chưa lưu.", "There are unsaved changes."],
  pl_saved: ["Đã lưu.", "Saved."],
  pl_created: ["Đã tạo danh sách phát", "Created the playlist"],
  pl_delete: ["Xóa danh sách phát", "Delete the playlist"],
  pl_delete_confirm: ["Xóa hẳn danh sách phát này? Các tệp âm thanh của nó vẫn ở trong kho.",
                      "Delete this playlist for good? Its clips stay in the library."],
  pl_delete_yes: ["Xóa hẳn", "Delete"],
  pl_deleted: ["Đã xóa danh sách phát", "Deleted the playlist"],
  pl_read_only: ["Bạn chỉ được xem (vai trò người xem).", "You may only read (viewer)."],
  "audit_playlist.create": ["tạo danh sách phát", "created a playlist"],
  "audit_playlist.edit": ["sửa danh sách phát", "edited a playlist"],
  "audit_playlist.rm": ["xóa danh sách phát", "deleted a playlist"],
});

function playlistPath(name) { return "playlists/" + encodeURIComponent(name); }

/* The library's clips, for the picker: loaded with the page. */
let plLibrary = [];
/* A number for the ids of each editor's fields. */
let plEditors = 0;

/* An editor of a playlist's name and clips. p: the playlist as the API
 * gives it, or null for a new one. onDone(data, status) after a save. */
function playlistEditor(p, onDone) {
  const n = ++plEditors;
  const form = el("form", "form editor");
  form.noValidate = true;
  let items = p ? p.items.map((i) => ({ clip: i.clip, title: i.title, duration: i.duration })) : [];
  const saved = JSON.stringify([p ? p.name : "", items.map((i) => i.clip)]);

  const nameLabel = el("label", null, t("pl_name"));
  nameLabel.htmlFor = "pl-name-" + n;
  const name = el("input");
  name.id = "pl-name-" + n;
  name.name = "name";
  name.autocomplete = "off";
  name.maxLength = 80;
  name.value = p ? p.name : "";
  form.appendChild(nameLabel);
  form.appendChild(name);

  const head = el("h3", "pl-head", t("pl_clips"));
  head.id = "pl-head-" + n;
  form.appendChild(head);
  const total = el("p", "muted small");
  total.setAttribute("aria-live", "polite");
  form.appendChild(total);
  const list = el("ol", "pl-items");
  list.setAttribute("aria-labelledby", head.id);
  form.appendChild(list);

  const state = el("p", "muted small pl-state");
  state.setAttribute("aria-live", "polite");
  const msg = el("p", "error");
  msg.setAttribute("role", "alert");

  function changed() {
    const now = JSON.stringify([name.value.trim(), items.map((i) => i.clip)]);
    state.textContent = p && now !== saved ? t("pl_unsaved") : "";
  }

  /* Moves item i by d (-1 up, +1 down), the focus staying on the button
   * pressed so pressing it again moves it further. */
  function move(i, d, which) {
    const j = i + d;
    if (j < 0 || j >= items.length) return;
    [items[i], items[j]] = [items[j], items[i]];
    render();
    const b = list.children[j] && list.children[j].querySelector("button." + which);
    if (b && !b.disabled) b.focus();
    else if (list.children[j]) list.children[j].querySelector("button").focus();
  }

  let dragged = -1;
  function render() {
    clear(list);
    let secs = 0;
    items.forEach((it, i) => {
      secs += Number(it.duration) || 0;
      const li = el("li", "pl-item");
      li.draggable = true;
      li.dataset.clip = it.clip;
      li.appendChild(el("span", "pl-pos", i + 1 + "."));
      const what = el("span", "pl-title");
      what.appendChild(el("span", null, it.title));
      what.appendChild(el("span", "muted", " (" + t("clip_no") + " " + it.clip + ", " + duration(it.duration) + ")"));
      li.appendChild(what);
      const acts = el("span", "pl-acts");
      for (const [cls, word, label, fn] of [
        ["up", "pl_up", "pl_up_label", () => move(i, -1, "up")],
        ["down", "pl_down", "pl_down_label", () => move(i, 1, "down")],
        ["drop", "pl_drop", "pl_drop_label", () => {
          items.splice(i, 1);
          render();
          const next = list.children[Math.min(i, items.length - 1)];
          (next ? next.querySelector("button.drop") : search).focus();
        }],
      ]) {
        const b = el("button", "small-btn " + cls + (cls === "drop" ? " secondary" : ""), t(word));
        b.type = "button";
        b.setAttribute("aria-label", t(label) + " " + (i + 1) + ". " + it.title);
        b.disabled = (cls === "up" && i === 0) || (cls === "down" && i === items.length - 1);
        b.addEventListener("click", fn);
        acts.appendChild(b);
      }
      li.appendChild(acts);
      li.addEventListener("dragstart", (ev) => {
        dragged = i;
        ev.dataTransfer.effectAllowed = "move";
        ev.dataTransfer.setData("text/plain", String(i));
        li.classList.add("dragging");
      });
      li.addEventListener("dragend", () => li.classList.remove("dragging"));
      li.addEventListener("dragover", (ev) => { if (dragged >= 0) { ev.preventDefault(); li.classList.add("over"); } });
      li.addEventListener("dragleave", () => li.classList.remove("over"));
      li.addEventListener("drop", (ev) => {
        ev.preventDefault();
        li.classList.remove("over");
        if (dragged < 0 || dragged === i) return;
        const [x] = items.splice(dragged, 1);
        items.splice(i, 0, x);
        dragged = -1;
        render();
      });
      list.appendChild(li);
    });
    if (!items.length) list.appendChild(el("li", "muted pl-none", t("pl_empty")));
    total.textContent = items.length + " " + t("pl_total") + " " + duration(secs);
    changed();
  }

  /* The picker: the library's clips matching the search, each with Thêm. */
  const searchLabel = el("label", null, t("pl_add_search"));
  searchLabel.htmlFor = "pl-search-" + n;
  const search = el("input");
  search.id = "pl-search-" + n;
  search.type = "search";
  search.autocomplete = "off";
  const found = el("ul", "pl-found");
  function pick() {
    const q = bare(search.value.trim());
    clear(found);
    /* The newest first: what was just added is what goes in next. */
    const hits = plLibrary.filter((c) => !q || bare(c.title).includes(q) || bare(c.topic).includes(q) || String(c.id) === q)
      .reverse();
    const most = q ? 12 : 5;
    for (const c of hits.slice(0, most)) {
      const li = el("li");
      const what = el("span", "pl-title");
      what.appendChild(el("span", null, c.title));
      what.appendChild(el("span", "muted", " (" + t("clip_no") + " " + c.id + ", " + duration(c.duration) + ")"));
      li.appendChild(what);
      const b = el("button", "small-btn", t("pl_add"));
      b.type = "button";
      b.setAttribute("aria-label", t("pl_add_label") + " " + c.title);
      b.addEventListener("click", () => {
        items.push({ clip: c.id, title: c.title, duration: c.duration });
        render();
      });
      li.appendChild(b);
      found.appendChild(li);
    }
    if (!hits.length) found.appendChild(el("li", "muted", t("pl_no_match")));
    else if (hits.length > most) found.appendChild(el("li", "muted", t("pl_more")));
  }
  search.addEventListener("input", pick);
  const picker = el("div", "pl-picker");
  picker.appendChild(searchLabel);
  picker.appendChild(search);
  picker.appendChild(found);
  form.appendChild(picker);

  const save = el("button", null, t(p ? "pl_save" : "pl_create"));
  save.type = "submit";
  form.appendChild(save);
  form.appendChild(state);
  form.appendChild(msg);
  name.addEventListener("input", changed);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    msg.className = "error";
    msg.textContent = "";
    name.removeAttribute("aria-invalid");
    search.removeAttribute("aria-invalid");
    const body = { clips: items.map((i) => i.clip) };
    if (!p || name.value.trim() !== p.name) body.name = name.value.trim();
    const { status, data } = p ? await api(playlistPath(p.name), "PATCH", body) : await api("playlists", "POST", body);
    if (status === 200 || status === 201) return onDone(data, status);
    if (!status) return;
    msg.textContent = errorText(data);
    msg.scrollIntoView({ block: "nearest" });
    const bad = data && data.field === "name" ? name : data && data.field === "clips" ? search : null;
    if (bad) {
      bad.setAttribute("aria-invalid", "true");
      bad.focus();
    }
  });
  render();
  pick();
  return form;
}

/* The confirmation before deleting p, and the refusal (409: a slot airs
 * it) in words. */
function playlistDelete(p, box) {
  const del = el("button", "secondary", t("pl_delete"));
  del.type = "button";
  const confirm = el("div", "confirm");
  confirm.hidden = true;
  confirm.appendChild(el("p", null, t("pl_delete_confirm")));
  const yes = el("button", null, t("pl_delete_yes") + " «" + p.name + "»");
  yes.type = "button";
  const no = el("button", "secondary", t("cancel"));
  no.type = "button";
  const row = el("div", "actions");
  row.appendChild(yes);
  row.appendChild(no);
  confirm.appendChild(row);
  const msg = el("p", "error");
  msg.setAttribute("role", "alert");
  del.addEventListener("click", () => { confirm.hidden = false; msg.textContent = ""; no.focus(); });
  no.addEventListener("click", () => { confirm.hidden = true; del.focus(); });
  yes.addEventListener("click", async () => {
    const { status, data } = await api(playlistPath(p.name), "DELETE");
    confirm.hidden = true;
    if (status === 204) {
      await loadPlaylists();
      const note = $("pl-note");
      note.className = "ok";
      note.textContent = t("pl_deleted") + " «" + p.name + "».";
      return;
    }
    if (!status) return;
    msg.textContent = errorText(data);
    msg.scrollIntoView({ block: "nearest" });
    del.focus();
  });
  const acts = el("div", "actions pl-danger");
  acts.appendChild(del);
  box.appendChild(acts);
  box.appendChild(confirm);
  box.appendChild(msg);
}

/* What an opened playlist shows: its editor, or its clips to read. */
async function openPlaylist(row, box) {
  clear(box);
  const { status, data } = await api(playlistPath(row.name));
  if (status !== 200) {
    if (status) box.appendChild(el("p", "error", errorText(data)));
    return;
  }
  if (!mayChange()) {
    const ol = el("ol", "pl-items");
    for (const i of data.items) {
      const li = el("li", "pl-item");
      li.appendChild(el("span", "pl-pos", i.position + "."));
      const what = el("span", "pl-title");
      what.appendChild(el("span", null, i.title));
      what.appendChild(el("span", "muted", " (" + t("clip_no") + " " + i.clip + ", " + duration(i.duration) + ")"));
      li.appendChild(what);
      ol.appendChild(li);
    }
    if (!data.items.length) ol.appendChild(el("li", "muted pl-none", t("pl_empty")));
    box.appendChild(ol);
    return;
  }
  box.appendChild(playlistEditor(data, async (saved) => {
    await loadPlaylists(saved.name);
    const note = $("pl-note");
    note.className = "ok";
    note.textContent = t("pl_saved");
  }));
  playlistDelete(data, box);
}

function playlistItem(row, open) {
  const li = el("li", "clip playlist");
  li.dataset.name = row.name;
  const d = el("details");
  const sum = el("summary");
  const head = el("span", "clip-head");
  head.appendChild(el("span", "clip-title", row.name));
  sum.appendChild(head);
  sum.appendChild(el("span", "muted pl-facts", row.clips + " " + t("pl_count") + " · " + duration(row.duration)));
  d.appendChild(sum);
  const box = el("div", "pl-box");
  d.appendChild(box);
  d.addEventListener("toggle", () => { if (d.open) openPlaylist(row, box); });
  li.appendChild(d);
  if (open) d.open = true;
  return li;
}

/* The page; open: the name of a playlist to show opened. */
async function loadPlaylists(open) {
  showSection("playlists");
  const [pl, clips] = await Promise.all([api("playlists"), api("clips")]);
  if (pl.status !== 200) { if (pl.status) problem(errorText(pl.data)); return; }
  problem("");
  $("pl-note").textContent = "";
  plLibrary = clips.status === 200 ? clips.data : [];
  const list = $("playlist-list");
  clear(list);
  for (const row of pl.data) list.appendChild(playlistItem(row, row.name === open));
  if (!pl.data.length) line(list, t("pl_none"), "muted");
  $("pl-viewer").hidden = mayChange();
  const add = $("pl-add");
  add.hidden = !mayChange();
  const box = $("pl-add-box");
  clear(box);
  if (mayChange()) box.appendChild(playlistEditor(null, async (data) => {
    await loadPlaylists(data.name);
    const note = $("pl-note");
    note.className = "ok";
    note.textContent = t("pl_created") + " «" + data.name + "».";
  }));
}
