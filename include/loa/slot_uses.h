/*
 * slot_uses.h — which slots air a clip or a playlist, and a playlist's new
 * name carried into the slots that air it.
 *
 * A slot airs a clip or a playlist by its series (the slot's own clip or
 * playlist) or by one of its moved occurrences (an override's X-LOA-CLIP
 * or X-LOA-PLAYLIST, which a calendar's import sets): both count, since a
 * slot whose one Tuesday airing plays the playlist needs it as much as
 * one that plays it every day. A playlist is named as the officer names
 * it (playlist_find's rule: capitals and spaces aside).
 */
#ifndef LOA_SLOT_USES_H
#define LOA_SLOT_USES_H

#include <stddef.h>
#include <stdint.h>

#include "loa/catalog.h"

struct store;

/* The slots that air clip clip_id (when > 0), or else the playlist called
 * playlist: their numbers, ascending, in *ids (malloc'd: free it; NULL
 * when none), how many in *n. 0, or -1 (printed). */
int slot_uses(struct store *st, int64_t clip_id, const char *playlist, int64_t **ids, size_t *n);

/* Renames playlist name to the name given (playlist_rename's rules) and
 * makes every slot that airs it, in its series or a moved occurrence, air
 * it by its new name, so none loses its programme; the new name as stored
 * into stored when not NULL. Inside the caller's transaction. 0, 1 no
 * such playlist (quiet), -1 (printed). */
int slot_playlist_rename(struct store *st, const char *name, const char *given,
                         char stored[PLAYLIST_NAME_MAX]);

#endif
