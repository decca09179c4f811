/*
 * api_library.c — the clip library in the API: GET /api/v1/clips,
 * /clips/ID, /clips/ID/audio and /playlists.
 *
 * The objects are the views of `loa clip list`, `loa clip show` and `loa
 * playlist list` (views.h): the same keys and values as their --format
 * json. The audio is the library's own file, sent from the disk in the
 * span a Range header asks for, so the browser's player can seek without
 * the whole file passing through memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loa/catalog.h"
#include "loa/i18n.h"
#include "web/web.h"

static int
clip_row(const struct clip *cl, void *arg)
{
	struct view_cells c;

	view_clip_cells(&c, cl);
	return view_add(arg, c.v) == 0 ? 0 : -1;
}

int
api_clips(struct web *w, struct web_req *r, struct web_resp *out)
{
	struct web_listing ls;

	(void)r;
	if (web_list_open(out, &ls, &view_clip, 0) != 0)
		return -1;
	return web_list_close(out, &ls, clip_foreach(w->store, clip_row, &ls.l) == 0 ? 0 : -1);
}

int
web_find_clip(struct web *w, int64_t id, struct clip *cl, struct web_resp *out)
{
	int rc = clip_get(w->store, id, cl);

	if (rc > 0)
		return web_fail(out, 404, "id", _("the clip library lists every clip with its number"),
		                _("there is no clip %" PRId64), id);
	return rc == 0 ? 0 : web_fail_core(out, 500);
}

int
api_clip(struct web *w, struct web_req *r, struct web_resp *out, int64_t id)
{
	struct web_listing ls;
	struct clip cl;

	(void)r;
	if (web_find_clip(w, id, &cl, out) != 0)
		return -1;
	if (web_list_open(out, &ls, &view_clip, FMT_VERTICAL | FMT_SINGLE) != 0)
		return -1;
	return web_list_close(out, &ls, clip_row(&cl, &ls.l));
}

/* The Content-Type of a clip's format. */
static const char *
audio_type(const char *format)
{
	static const char *const types[][2] = {
	    {"wav", "audio/wav"},  {"flac", "audio/flac"}, {"ogg", "audio/ogg"}, {"opus", "audio/ogg"},
	    {"mp3", "audio/mpeg"}, {"m4a", "audio/mp4"},   {"aac", "audio/aac"}, {"wma", "audio/x-ms-wma"},
	};

	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(format, types[i][0]) == 0)
			return types[i][1];
	return "application/octet-stream";
}

/* Reads "bytes=A-B", "bytes=A-" or "bytes=-N" for a file of size bytes
 * into [*from, *to]. 1 read, 0 no range (or one loa does not serve: the
 * whole file is sent), -1 a range outside the file (416). */
static int
read_range(const char *h, int64_t size, int64_t *from, int64_t *to)
{
	char *end;
	long long a = -1, b = -1;
	const char *p;

	if (!h || strncmp(h, "bytes=", 6) != 0 || strchr(h, ','))
		return 0;
	p = h + 6;
	if (*p == '-') {
		b = strtoll(p + 1, &end, 10);
		if (*end || end == p + 1 || b <= 0)
			return 0;
		if (size == 0)
			return -1;
		*from = b >= size ? 0 : size - b;
		*to = size - 1;
		return 1;
	}
	a = strtoll(p, &end, 10);
	if (end == p || *end != '-' || a < 0)
		return 0;
	p = end + 1;
	if (*p) {
		b = strtoll(p, &end, 10);
		if (*end || b < a)
			return 0;
	}
	if (a >= size)
		return -1;
	*from = a;
	*to = b < 0 || b >= size ? size - 1 : b;
	return 1;
}

int
api_clip_audio(struct web *w, struct web_req *r, struct web_resp *out, int64_t id)
{
	struct clip cl;
	struct stat sb;
	char b[96];
	int64_t from = 0, to = 0;
	int fd, ranged;

	if (web_find_clip(w, id, &cl, out) != 0)
		return -1;
	if ((fd = open(cl.path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return web_fail(
		    out, e == ENOENT ? 404 : 500, NULL,
		    _("add the clip again from its original file, or tell whoever looks after the "
		      "broadcast PC"),
		    _("the library file of clip %" PRId64 " cannot be read: %s"), id, strerror(e));
	}
	ranged = read_range(web_header(r, "Range"), (int64_t)sb.st_size, &from, &to);
	web_resp_header(out, "Accept-Ranges", "bytes");
	if (ranged < 0) {
		close(fd);
		snprintf(b, sizeof b, "bytes */%lld", (long long)sb.st_size);
		web_resp_header(out, "Content-Range", b);
		return web_fail(out, 416, NULL, NULL, "%s",
		                _("the part of the file asked for is past its end"));
	}
	if (!ranged) {
		from = 0;
		to = (int64_t)sb.st_size - 1;
	} else {
		snprintf(b, sizeof b, "bytes %lld-%lld/%lld", (long long)from, (long long)to,
		         (long long)sb.st_size);
		web_resp_header(out, "Content-Range", b);
	}
	out->status = ranged ? 206 : 200;
	out->fd = fd;
	out->offset = from;
	out->size = to - from + 1;
	out->type = audio_type(cl.format);
	out->api = 1;
	return 0;
}

static int
playlist_row(const struct playlist *p, void *arg)
{
	struct view_cells c;

	view_playlist_cells(&c, p);
	return view_add(arg, c.v) == 0 ? 0 : -1;
}

int
api_playlists(struct web *w, struct web_req *r, struct web_resp *out)
{
	struct web_listing ls;

	(void)r;
	if (web_list_open(out, &ls, &view_playlist, 0) != 0)
		return -1;
	return web_list_close(out, &ls, playlist_foreach(w->store, playlist_row, &ls.l) == 0 ? 0 : -1);
}
