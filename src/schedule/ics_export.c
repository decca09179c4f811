/*
 * ics_export.c — the station's slots and blackout days as one calendar
 * (ics_export.h).
 *
 * Key decisions:
 *  - A slot's own event text goes out unchanged; what loa adds (tier,
 *    enabled, clip, playlist) rides in X-LOA- properties beside it, so a
 *    calendar program keeps them and an import reads them back.
 *  - A clip is named three ways: X-LOA-CLIP (this station's number),
 *    X-LOA-SHA256 (its bytes, for another station) and ATTACH (its file).
 *  - A playlist's programme is written beside the calendar as NAME.m3u, so
 *    importing the calendar into a station without it makes it.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/clip.h"
#include "loa/i18n.h"
#include "loa/ical.h"
#include "loa/ics_export.h"
#include "loa/log.h"
#include "loa/outfile.h"
#include "loa/slot.h"
#include "loa/utf8.h"

/* Does the master VEVENT of text carry a DTSTAMP? */
static int
has_dtstamp(const char *text)
{
	const char *end = strstr(text, "END:VEVENT");
	const char *d = strstr(text, "\nDTSTAMP");
	return d && (!end || d < end);
}

/*
 * Writes playlist name as NAME.m3u in the folder of the calendar ics (temp
 * file and rename) and puts its ATTACH line in line: importing the calendar
 * into a station without the playlist makes it from the file. 0, or -1
 * (printed as a warning; the calendar still carries X-LOA-PLAYLIST).
 */
static int
write_playlist_beside(struct store *st, const char *ics, const char *name, char *line, size_t n)
{
	char path[PATH_MAX], esc[512];
	const char *slash = strrchr(ics, '/');
	struct outfile of;
	struct utf8_fault bad;
	size_t k = 0;

	/* A name that is not one line would make a file name with a line
	 * break in it, and a broken ATTACH line. */
	if (strchr(name, '/') || name[0] == '.' || strlen(name) > 250 ||
	    utf8_line_check(name, 250, &bad) != 0) {
		warning(_("the programme of playlist '%s' is not written beside the calendar (its name is "
		          "not a file name)"),
		        name);
		return -1;
	}
	if (snprintf(path, sizeof path, "%.*s%s.m3u", slash ? (int)(slash - ics + 1) : 0, ics, name) >=
	    (int)sizeof path)
		return -1;
	if (outfile_open(&of, path) != 0) {
		warning(_("the programme of playlist '%s' is not written beside the calendar"), name);
		return -1;
	}
	if (playlist_export_m3u(st, name, of.f) != 0) {
		outfile_abort(&of);
		warning(_("cannot write the programme of playlist '%s' to '%s'"), name, path);
		return -1;
	}
	if (outfile_commit(&of) != 0) {
		warning(_("cannot write the programme of playlist '%s' to '%s'"), name, path);
		return -1;
	}
	/* A relative URI: spaces and '%' escaped. */
	for (const char *p = name; *p && k + 4 < sizeof esc; p++) {
		if (*p == ' ' || *p == '%' || *p == '"' || *p == ';' || *p == ':' || *p == ',' ||
		    *p == '\\' || (unsigned char)*p < 0x20 || *p == 0x7f)
			k += (size_t)snprintf(esc + k, sizeof esc - k, "%%%02X", (unsigned char)*p);
		else
			esc[k++] = *p;
	}
	esc[k] = 0;
	snprintf(line, n, "ATTACH;FMTTYPE=audio/x-mpegurl:%s.m3u\r\n", esc);
	return 0;
}

char *
ics_export(struct store *st, const char *out_path, size_t *nslots, size_t *ndays)
{
	struct slot *v = NULL;
	struct blackout *bo = NULL;
	size_t n = 0, nbo = 0, nt = 0;
	char **texts = NULL, **extra = NULL, *cal = NULL;

	*nslots = *ndays = 0;
	if (store_slot_list(st, &v, &n) != 0 || store_blackout_list(st, &bo, &nbo) != 0)
		goto out;
	texts = calloc(n + nbo + 1, sizeof *texts);
	extra = calloc(n + nbo + 1, sizeof *extra);
	if (!texts || !extra)
		goto out;
	for (size_t i = 0; i < n; i++) {
		char line[1024];
		size_t len = 0;
		extra[nt] = malloc(2048);
		if (!extra[nt])
			goto out;
		extra[nt][0] = 0;
		if (!has_dtstamp(v[i].vevent)) {
			/* RFC 5545 requires DTSTAMP; slots made by 'slot add' have none. */
			struct civil u;
			int off;
			if (tz_from_utc("UTC", v[i].created_ms, &u, &off) == 0)
				len += snprintf(extra[nt] + len, 2048 - len,
				                "DTSTAMP:%04d%02d%02dT%02d%02d%02dZ\r\n", u.year, u.month,
				                u.day, u.hour, u.min, u.sec);
		}
		len += snprintf(extra[nt] + len, 2048 - len, "X-LOA-TIER:%s\r\n", tier_name(v[i].tier));
		if (!v[i].enabled)
			len += snprintf(extra[nt] + len, 2048 - len, "X-LOA-ENABLED:FALSE\r\n");
		if (v[i].clip_id > 0) {
			len +=
			    snprintf(extra[nt] + len, 2048 - len, "X-LOA-CLIP:%" PRId64 "\r\n", v[i].clip_id);
			struct clip cl;
			if (clip_get(st, v[i].clip_id, &cl) == 0) {
				/* Another station numbers clips otherwise: the bytes decide. */
				len +=
				    snprintf(extra[nt] + len, 2048 - len, "X-LOA-SHA256:%s\r\n", cl.sha256);
				/* One long line: libical and calendar programs read unfolded lines. */
				char att[CLIP_NAME_MAX + PATH_MAX + 40];
				char fname[CLIP_NAME_MAX];
				/* A quoted parameter may hold ':' ';' ',' but no '"' and
				 * no control character (RFC 5545 QSAFE-CHAR). */
				snprintf(fname, sizeof fname, "%s", cl.original_name);
				utf8_line_fix(fname);
				for (char *q = fname; *q; q++)
					if (*q == '"')
						*q = '\'';
				if (snprintf(att, sizeof att, "ATTACH;FILENAME=\"%s\":file://%s\r\n", fname,
				             cl.path) < (int)sizeof att &&
				    len + strlen(att) < 2048)
					len += snprintf(extra[nt] + len, 2048 - len, "%s", att);
			}
		}
		if (v[i].playlist) {
			/* A TEXT value like any other: a name holding a line break
			 * must not become lines of the calendar. */
			char *esc = ical_text_escape(v[i].playlist);
			if (!esc)
				goto out;
			snprintf(line, sizeof line, "X-LOA-PLAYLIST:%s\r\n", esc);
			free(esc);
			if (len + strlen(line) < 2048)
				len += snprintf(extra[nt] + len, 2048 - len, "%s", line);
			/* Its programme beside the calendar, for a station without it. */
			char m3u[600];
			if (out_path &&
			    write_playlist_beside(st, out_path, v[i].playlist, m3u, sizeof m3u) == 0 &&
			    len + strlen(m3u) < 2048)
				len += snprintf(extra[nt] + len, 2048 - len, "%s", m3u);
		}
		texts[nt++] = v[i].vevent;
	}
	/* Blackout days: one all-day event per calendar event (UID), its days as
	 * DTSTART and RDATEs, marked so they import back as blackout days. */
	for (size_t i = 0; i < nbo; i++) {
		int first = 1;
		for (size_t k = 0; k < i; k++)
			first &= strcmp(bo[k].uid, bo[i].uid) != 0;
		if (!first)
			continue;
		char *uid = ical_text_escape(bo[i].uid), *title = ical_text_escape(bo[i].title);
		size_t cap = 1024 + nbo * 40 + (uid ? strlen(uid) : 0) + (title ? strlen(title) : 0);
		char *t = uid && title ? malloc(cap) : NULL;
		size_t len = 0;
		if (!t) {
			free(uid);
			free(title);
			goto out;
		}
		len += snprintf(t + len, cap - len, "BEGIN:VEVENT\r\nUID:%s\r\nSUMMARY:%s", uid, title);
		free(uid);
		free(title);
		len += snprintf(t + len, cap - len, "\r\nDTSTART;VALUE=DATE:%.4s%.2s%.2s\r\n", bo[i].day,
		                bo[i].day + 5, bo[i].day + 8);
		for (size_t k = i + 1; k < nbo; k++)
			if (strcmp(bo[k].uid, bo[i].uid) == 0)
				len += snprintf(t + len, cap - len, "RDATE;VALUE=DATE:%.4s%.2s%.2s\r\n",
				                bo[k].day, bo[k].day + 5, bo[k].day + 8);
		snprintf(t + len, cap - len,
		         "DTSTAMP:%.4s%.2s%.2sT000000Z\r\nX-LOA-TIER:blackout\r\nTRANSP:TRANSPARENT\r\nEND:"
		         "VEVENT\r\n",
		         bo[i].day, bo[i].day + 5, bo[i].day + 8);
		extra[nt] = NULL;
		texts[nt++] = t;
	}
	cal = ical_calendar_text((const char *const *)texts, (const char *const *)extra, (int)nt);
	*nslots = n, *ndays = nbo;
out:
	for (size_t i = 0; i < nt; i++) {
		free(extra[i]);
		if (i >= n)
			free(texts[i]);
	}
	free(texts);
	free(extra);
	store_slot_list_free(v, n);
	store_blackout_list_free(bo, nbo);
	return cal;
}
