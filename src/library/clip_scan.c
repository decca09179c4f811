/*
 * clip_scan.c — what a folder (a USB stick, a phone's recordings) holds
 * for the clip library: every file in it and in its subfolders, in name
 * order, each marked as one to import or one skipped and why.
 *
 * Nothing in a folder is passed over without a word, except what the
 * officer never put there: hidden entries (".Trashes", "._x.mp3" from a
 * Mac, ".thumbnails" from a phone) and the folders and files Windows and
 * Android keep on every stick ("System Volume Information", "$RECYCLE.BIN",
 * "LOST.DIR", "Thumbs.db", "desktop.ini"). A file is judged "not audio" by
 * its extension only when that names a document, a picture or a program;
 * any other file is for the decoder to judge, which names the reason when
 * it refuses it. A symbolic link to a folder is not followed (a link back
 * up the tree would loop); a link to a file is imported as the file, as
 * when it is named. Bounded: CLIP_SCAN_MAX_DEPTH folders deep,
 * CLIP_SCAN_MAX_ENTRIES entries in all.
 */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "loa/clip.h"
#include "loa/i18n.h"
#include "loa/log.h"

/* Names the officer never made: skipped without a word. */
static int
is_system_name(const char *name)
{
	static const char *const names[] = {
	    "System Volume Information",
	    "$RECYCLE.BIN",
	    "RECYCLER",
	    "LOST.DIR",
	    "FOUND.000",
	    "Thumbs.db",
	    "desktop.ini",
	    "__MACOSX",
	};

	if (name[0] == '.')
		return 1;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(name, names[i]) == 0)
			return 1;
	return 0;
}

/* What a file's extension says it is when it is surely not audio. */
static enum clip_scan_kind
kind_of_file(const char *name)
{
	static const char *const not_audio[] = {
	    "txt",  "rtf", "doc", "docx", "odt", "pdf",  "xls", "xlsx", "ods",  "csv", "ppt",
	    "pptx", "odp", "jpg", "jpeg", "png", "gif",  "bmp", "webp", "heic", "tif", "tiff",
	    "ico",  "svg", "htm", "html", "xml", "json", "ini", "db",   "lnk",  "url", "zip",
	    "rar",  "7z",  "exe", "msi",  "apk", "iso",  "srt", "lrc",  "nfo",  "log", "ics",
	};
	const char *dot = strrchr(name, '.');

	if (!dot || dot == name)
		return CLIP_SCAN_FILE;
	if (strcasecmp(dot + 1, "m3u") == 0 || strcasecmp(dot + 1, "m3u8") == 0 ||
	    strcasecmp(dot + 1, "pls") == 0)
		return CLIP_SCAN_PLAYLIST;
	for (size_t i = 0; i < sizeof not_audio / sizeof not_audio[0]; i++)
		if (strcasecmp(dot + 1, not_audio[i]) == 0)
			return CLIP_SCAN_NOT_AUDIO;
	return CLIP_SCAN_FILE;
}

/* dir and name joined by exactly one slash, in a new string. */
static char *
join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	char *p;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (!(p = malloc(n + strlen(name) + 2)))
		return NULL;
	if (n == 1 && dir[0] == '/')
		n = 0; /* the root: "/" + name */
	snprintf(p, n + strlen(name) + 2, "%.*s/%s", (int)n, dir, name);
	return p;
}

static int
too_many(void)
{
	error(_("more than %d files and folders to look through; loa stops there"), CLIP_SCAN_MAX_ENTRIES);
	hint(_("name the folders that hold the audio files, one by one"));
	return -1;
}

/* Appends an entry (taking path); rel starts at path + top. 0 or -1. */
static int
add(struct clip_scan *s, char *path, size_t top, const char *folder, enum clip_scan_kind kind, int err)
{
	struct clip_scan_entry *e;

	if (!path)
		return error(_("out of memory"));
	if (s->n >= CLIP_SCAN_MAX_ENTRIES)
		return free(path), too_many();
	if (s->n == s->cap) {
		int cap = s->cap ? s->cap * 2 : 32;
		struct clip_scan_entry *v = realloc(s->v, (size_t)cap * sizeof *v);
		if (!v)
			return free(path), error(_("out of memory"));
		s->v = v, s->cap = cap;
	}
	e = &s->v[s->n];
	if (!(e->folder = strdup(folder)))
		return free(path), error(_("out of memory"));
	e->path = path;
	e->rel = strlen(path) > top ? path + top : path;
	e->kind = kind;
	e->err = err;
	s->n++;
	if (kind == CLIP_SCAN_FILE)
		s->files++;
	return 0;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Scans folder dir (named folder), depth folders below the one given,
 * whose own path is top bytes long with its slash. 0 or -1. */
static int
scan(struct clip_scan *s, const char *dir, size_t top, const char *folder, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	int n = 0, cap = 0, rc = 0;

	if (!d)
		return add(s, strdup(dir), top, folder, CLIP_SCAN_UNREADABLE, errno);
	while ((de = readdir(d))) {
		if (is_system_name(de->d_name))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			char **v = realloc(names, (size_t)cap * sizeof *v);
			if (!v) {
				rc = error(_("out of memory"));
				break;
			}
			names = v;
		}
		if (!(names[n] = strdup(de->d_name))) {
			rc = error(_("out of memory"));
			break;
		}
		if (++n > CLIP_SCAN_MAX_ENTRIES) {
			rc = too_many();
			break;
		}
	}
	closedir(d);
	if (rc == 0 && n > 1)
		qsort(names, (size_t)n, sizeof *names, cmp_name);
	for (int i = 0; i < n && rc == 0; i++) {
		char *path = join(dir, names[i]);
		struct stat sb;
		if (!path) {
			rc = error(_("out of memory"));
		} else if (lstat(path, &sb) != 0) {
			rc = add(s, path, top, folder, CLIP_SCAN_FILE, 0); /* gone: the import says so */
		} else if (S_ISDIR(sb.st_mode)) {
			if (depth + 1 > CLIP_SCAN_MAX_DEPTH)
				rc = add(s, path, top, names[i], CLIP_SCAN_TOO_DEEP, 0);
			else
				rc = scan(s, path, top, names[i], depth + 1), free(path);
		} else if (S_ISLNK(sb.st_mode) && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			rc = add(s, path, top, folder, CLIP_SCAN_LINK, 0);
		} else {
			/* A file, a link to one, or anything else: the import
			 * opens it and names what is wrong with it. */
			rc = add(s, path, top, folder, kind_of_file(names[i]), 0);
		}
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int
clip_folder_name(const char *path, int is_folder, char *buf, size_t n)
{
	char copy[PATH_MAX], real[PATH_MAX];
	const char *name;

	if (snprintf(copy, sizeof copy, "%s", path) >= (int)sizeof copy)
		return -1;
	/* The folder itself, or the one that holds the file. */
	name = is_folder ? copy : dirname(copy);
	if (is_folder) {
		size_t len = strlen(copy);
		while (len > 1 && copy[len - 1] == '/')
			copy[--len] = 0;
	}
	name = basename((char *)name);
	if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || strcmp(name, "/") == 0) {
		/* "./a.mp3", "." or "..": the name the folder really has. */
		snprintf(copy, sizeof copy, "%s", path);
		if (!realpath(is_folder ? copy : dirname(copy), real))
			return -1;
		name = strrchr(real, '/') ? strrchr(real, '/') + 1 : real;
	}
	return snprintf(buf, n, "%s", name) < (int)n ? 0 : -1;
}

int
clip_scan_path(struct clip_scan *s, const char *path)
{
	char folder[NAME_MAX + 1] = "";
	struct stat sb;
	int is_dir = stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
	size_t top, len = strlen(path);

	if (clip_folder_name(path, is_dir, folder, sizeof folder) != 0)
		folder[0] = 0;
	if (!is_dir)
		return add(s, strdup(path), 0, folder, CLIP_SCAN_FILE, 0);
	/* Entries are named relative to path: after it and its slash. */
	while (len > 1 && path[len - 1] == '/')
		len--;
	top = len == 1 && path[0] == '/' ? 1 : len + 1;
	return scan(s, path, top, folder, 0);
}

void
clip_scan_free(struct clip_scan *s)
{
	for (int i = 0; i < s->n; i++) {
		free(s->v[i].path);
		free(s->v[i].folder);
	}
	free(s->v);
	memset(s, 0, sizeof *s);
}
