/*
 * link_bulletin.h — `loa link`'s side of the bulletins down (doc/link.md,
 * "Bulletins down"): receiving one, checking it, importing its audio as a
 * clip through `loa clip add`, acting by its tier, and telling the hub
 * each state on loa/<station>/bulletins until the broker confirmed it.
 */
#ifndef LOA_LINK_BULLETIN_H
#define LOA_LINK_BULLETIN_H

#include <stddef.h>
#include <stdint.h>

struct bulletin;
struct link_options;
struct mqtt;
struct store;

#define LINK_BULLETIN_TELL_MAX 64 /* states in one message up */
#define LINK_BULLETIN_PENDING  4  /* messages up awaiting the broker's confirmation */
/* loa clip add may take this long, and a second more per megabyte of
 * audio, before the link kills it: a decoder that hangs on a file must
 * not hold the link (its broker, its airing log up) for ever. */
#define LINK_BULLETIN_IMPORT_S 30

/* What the bulletins of one link keep. */
struct link_bulletins {
	char prefix_own[128]; /* loa/<station>/bulletin/ */
	char topic_up[128];   /* loa/<station>/bulletins */
	struct {
		int mid, n;                               /* the message, how many states (0: slot free) */
		int64_t id[LINK_BULLETIN_TELL_MAX];       /* each bulletin */
		int64_t state_ms[LINK_BULLETIN_TELL_MAX]; /* and the state it told */
	} pending[LINK_BULLETIN_PENDING];
};

/* Sets lb up for station. */
void link_bulletin_init(struct link_bulletins *lb, const char *station);
/* Removes the audio an import cut short left in the library folder (a
 * link killed while loa clip add ran): its temporary files whose link no
 * longer runs. */
void link_bulletin_sweep(struct store *s);
/* On a new connection: subscribes to the station's bulletins and those to
 * all, forgets what awaited confirmation, and tells the hub every state it
 * was not told. 0 or -1. */
int link_bulletin_connected(struct link_bulletins *lb, struct mqtt *m, struct store *s,
                            const struct link_options *o);
/* A message: 1 when it was a bulletin (handled, whatever came of it), 0
 * when its topic is not one. */
int link_bulletin_message(struct link_bulletins *lb, struct mqtt *m, struct store *s,
                          const struct link_options *o, const char *topic, const char *payload, size_t len);
/* Tells the hub the states it was not told yet (another process changed
 * one: `loa bulletin schedule`). */
void link_bulletin_tell(struct link_bulletins *lb, struct mqtt *m, struct store *s,
                        const struct link_options *o);
/* The broker confirmed message mid: its states are told. */
void link_bulletin_published(struct link_bulletins *lb, struct store *s, int mid);

/* The full `loa` executable that imports a bulletin's audio into buf:
 * program_path("loa") (include/loa/program.h), beside loa-link in a build
 * folder, else the installed one. */
void link_loa_exe(char *buf, size_t n);
/* Writes alen bytes of audio, b's, to a temporary file in the library
 * folder and imports it with loa clip add (link_import.c): 0 with *clip,
 * or -1 with why (English, for the hub). The file goes either way. */
int link_bulletin_import(struct store *s, const struct link_options *o, const struct bulletin *b,
                         const char *audio, size_t alen, int64_t *clip, char *why, size_t n);

#endif
