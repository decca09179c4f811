/*
 * catalog.h — the clips and playlists as the station's database keeps them:
 * their records, and the store's reads and writes of them (store_clip.c).
 * What makes a clip (decoding, measuring, copying its file into the
 * library, deleting that file) is the clip library's (clip.h), which sits
 * above the store; the store never includes clip.h.
 *
 * Return rule for lookups (clip_get, playlist_find): 0 found, 1 not found
 * (nothing printed: the caller says what the officer asked for), -1 error
 * (printed). The find_by_* functions return how many clips match.
 */
#ifndef LOA_CATALOG_H
#define LOA_CATALOG_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "loa/hash.h"
#include "loa/utf8.h"

struct store;

#define CLIP_TITLE_MAX UTF8_BYTES(UTF8_TITLE_MAX) /* bytes of a title or topic, NUL included */
#define CLIP_NAME_MAX  256                        /* bytes of an original file name, NUL included */

struct clip {
	int64_t id;                        /* the clip's number, shown to the officer */
	char sha256[HASH_HEX_LEN + 1];     /* SHA-256 of the file's bytes, lowercase hex */
	char title[CLIP_TITLE_MAX];        /* UTF-8; defaults to the file name without extension */
	char topic[CLIP_TITLE_MAX];        /* UTF-8, e.g. "tin tức"; "" if none */
	char original_name[CLIP_NAME_MAX]; /* base name of the file as imported */
	char path[PATH_MAX];               /* absolute path of the library copy */
	char format[8];                    /* "wav", "flac", "ogg", "opus", "mp3", "m4a", "aac" or "wma" */
	int sample_rate;                   /* frames per second */
	int channels;                      /* interleaved channels */
	int64_t frames;                    /* frames actually decoded (gapless for MP3) */
	double duration_s;                 /* frames / sample_rate */
	double loudness_lufs;              /* integrated loudness; -INFINITY if silent */
	double true_peak_dbtp;             /* highest true peak; -INFINITY if silent */
	double gain_db;                    /* gain to the station's target (0 if silent) */
	char valid_from[11];               /* "YYYY-MM-DD" first day it may air, or "" */
	char valid_until[11];              /* "YYYY-MM-DD" last day it may air, or "" */
	int64_t added_ms;                  /* when it was imported (UTC ms) */
	int approval;                      /* enum approval (approval.h): only an approved clip airs */
};

/* The clip numbered id (see the return rule above). */
int clip_get(struct store *s, int64_t id, struct clip *out);
/* How many clips have this original file name / title (-1 on error);
 * *id_out is the newest of them when there is at least one. */
int clip_find_by_original_name(struct store *s, const char *name, int64_t *id_out);
int clip_find_by_title(struct store *s, const char *title, int64_t *id_out);
/* The clip with these bytes: 0 found, 1 not, -1 error. */
int clip_find_by_sha256(struct store *s, const char *sha256, int64_t *id_out);
/* Calls fn for every clip in id order until fn returns non-zero (which
 * is returned); 0 at the end, -1 on error. */
int clip_foreach(struct store *s, int (*fn)(const struct clip *c, void *arg), void *arg);
/* Saves c's title, topic, valid_from and valid_until. 0 or -1. */
int clip_update(struct store *s, const struct clip *c);
/* How many slots and playlist entries use clip id (-1 on error). The
 * schedule extends store_clip_in_use() in store_clip.c for its tables. */
int clip_uses(struct store *s, int64_t id, int *slots, int *playlist_items);
/* Records a measured clip whose file is already in the library at file
 * (relative to the library folder); *id_out is its number. 0 or -1. */
int store_clip_insert(struct store *s, const struct clip *c, const char *file, int64_t *id_out);
/* How many schedule slots air clip id (-1 on error). */
int store_clip_in_use(struct store *s, int64_t id);
/*
 * Deletes clip id's record, its playlist entries, and its place in slots
 * (they stay, with no clip). Refused (printed, -1) while a slot or playlist
 * uses it, unless force. *gone is the record as it was; file (n bytes) the
 * row's file column, only to compare with the name its SHA-256 gives.
 * 0, 1 no such clip (quiet), -1.
 */
int store_clip_delete(struct store *s, int64_t id, int force, struct clip *gone, char *file, size_t n);
/*
 * A clip's library file, relative to the library folder: "<ab>/<sha>.<ext>",
 * made from its SHA-256 (64 lowercase hex digits) and format (wav, flac,
 * ogg, opus, mp3, m4a, aac or wma) — never read from the database, so a row that names
 * another file cannot make loa open, play or delete it. 0, or -1 (nothing
 * printed; buf "") when sha or format is not one a clip can have.
 */
int clip_library_name(const char *sha, const char *format, char *buf, size_t n);

/* ---- playlists ---- */

/* The most clips a playlist holds: one limit for every way one is made
 * (create, add, M3U import, a calendar's ATTACH), so a playlist loa
 * exports can always be imported again. */
#define PLAYLIST_MAX_CLIPS 1000
#define PLAYLIST_NAME_MAX  UTF8_BYTES(UTF8_NAME_MAX) /* bytes of a name, NUL included */

struct playlist {
	int64_t id;                   /* the playlist's number */
	char name[PLAYLIST_NAME_MAX]; /* unique, UTF-8, one line */
	int nclips;                   /* entries, in airing order */
	struct clip *clips;           /* nclips clips (a clip may appear twice); free with playlist_release */
	double duration_s;            /* sum of the clips' durations */
};

/* The playlist called name with its clips in order (return rule above). */
int playlist_find(struct store *s, const char *name, struct playlist *out);
void playlist_release(struct playlist *p);
/* Calls fn for every playlist (clips not loaded: nclips and duration set). */
int playlist_foreach(struct store *s, int (*fn)(const struct playlist *p, void *arg), void *arg);
/* The number of the playlist called name (found as playlist_find finds
 * it), without its clips (return rule above). */
int playlist_id_of(struct store *s, const char *name, int64_t *id);
/* Calls fn for every playlist that holds clip clip_id, by name, until fn
 * returns non-zero (returned); p->nclips is how many times it holds the
 * clip, its clips are not loaded. 0 at the end, -1 on error (printed). */
int playlist_foreach_holding(struct store *s, int64_t clip_id, int (*fn)(const struct playlist *p, void *arg),
                             void *arg);
/* Creates playlist name with ids[0..n) (n may be 0). -1 (printed) if the
 * name is taken (ERR_EXISTS, field "name"), empty, not one line of at
 * most UTF8_NAME_MAX characters, if n is over PLAYLIST_MAX_CLIPS, or a
 * clip does not exist. */
int playlist_create(struct store *s, const char *name, const int64_t *ids, int n);
/* Gives playlist name the name given, made as playlist_create makes a
 * name (its own name in other capitals is allowed); the new name as
 * stored into stored when not NULL. Only the playlist's row: the slots
 * that air it by name follow with slot_playlist_rename (slot_uses.h). 0,
 * 1 no such playlist (quiet), -1 (printed: refused as playlist_create
 * refuses a name). */
int playlist_rename(struct store *s, const char *name, const char *given, char stored[PLAYLIST_NAME_MAX]);
/* Replaces the entries of playlist name with ids[0..n). 0 or -1 (printed;
 * also when n is over PLAYLIST_MAX_CLIPS). */
int playlist_set(struct store *s, const char *name, const int64_t *ids, int n);
/* Deletes playlist name (its clips stay). 0, 1 not found, -1. */
int playlist_delete(struct store *s, const char *name);

#endif
