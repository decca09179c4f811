/*
 * bulletin_show.c — loa-hub bulletin status and bulletin list (hub.h):
 * what was sent, and per target station what became of it.
 *
 * Key decision: a station's line says the furthest thing the hub knows.
 * "aired" comes from the rows the hub holds and verified (airing.bulletin
 * names the bulletin), never from the station's word; otherwise the state
 * the station said last (received, scheduled, refused with its code and
 * reason); otherwise "sent" — the hub published it and heard nothing of
 * it yet. Beside it, when the hub last heard from the station at all, so
 * a silent station reads as silent, not as one that ignores bulletins.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub/hub.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/timeutil.h"
#include "loa/views.h"

/* The reader's word for a station's part of a bulletin. */
static const char *
state_word(const char *s)
{
	if (strcmp(s, "sent") == 0)
		return C_("bulletin state", "sent");
	if (strcmp(s, "received") == 0)
		return C_("bulletin state", "received");
	if (strcmp(s, "scheduled") == 0)
		return C_("bulletin state", "scheduled");
	if (strcmp(s, "refused") == 0)
		return C_("bulletin state", "refused");
	if (strcmp(s, "aired") == 0)
		return C_("bulletin state", "aired");
	return s;
}

/* An instant in the hub's zone into buf, or NULL for none. */
static const char *
when(int64_t ms, char *buf, size_t n)
{
	return ms < 0 ? NULL : time_format_iso(ms, HUB_ZONE, buf, n);
}

static const char *
num(int64_t v, char *buf)
{
	return v < 0 ? NULL : fmt_int(buf, v);
}

/* The bulletin's targets as one cell: "all" or the ids, comma-separated. */
static char *
targets_text(const struct hub_bulletin *b)
{
	size_t n = 4;
	char *s;

	for (int i = 0; i < b->ntargets; i++)
		n += strlen(b->targets[i]) + 1;
	if (!(s = malloc(n)))
		return NULL;
	strcpy(s, b->ntargets ? "" : "all");
	for (int i = 0; i < b->ntargets; i++) {
		if (i)
			strcat(s, ",");
		strcat(s, b->targets[i]);
	}
	return s;
}

/* The bulletin itself, as JSON members (no braces). */
static void
json_bulletin(const struct hub_bulletin *b)
{
	char t[4][48];

	printf("\"id\": %" PRId64 ", \"title\": ", b->id);
	fmt_json_string(stdout, b->title);
	fputs(", \"topic\": ", stdout);
	if (b->has_topic)
		fmt_json_string(stdout, b->topic);
	else
		fputs("null", stdout);
	printf(", \"tier\": \"%s\", \"name\": ", b->tier);
	fmt_json_string(stdout, b->name);
	printf(", \"bytes\": %" PRId64 ", \"sha256\": \"%s\", \"from\": \"%s\", \"until\": ", b->bytes,
	       b->sha256, when(b->from_ms, t[0], sizeof t[0]));
	if (b->until_ms >= 0)
		printf("\"%s\"", when(b->until_ms, t[1], sizeof t[1]));
	else
		fputs("null", stdout);
	fputs(", \"at\": [", stdout);
	for (int i = 0; i < b->nat; i++)
		printf("%s\"%s\"", i ? ", " : "", b->at[i]);
	fputs("], \"to\": ", stdout);
	if (!b->ntargets)
		fputs("\"all\"", stdout);
	for (int i = 0; i < b->ntargets; i++) {
		fputs(i ? ", " : "[", stdout);
		fmt_json_string(stdout, b->targets[i]);
	}
	if (b->ntargets)
		fputs("]", stdout);
	printf(", \"sent\": \"%s\", \"sent_by\": ", when(b->sent_ms, t[2], sizeof t[2]));
	if (*b->sent_by)
		fmt_json_string(stdout, b->sent_by);
	else
		fputs("null", stdout);
	fputs(", \"cleared\": ", stdout);
	if (b->cleared_ms >= 0)
		printf("\"%s\"", when(b->cleared_ms, t[3], sizeof t[3]));
	else
		fputs("null", stdout);
}

/* The bulletin's header for a person. */
static void
text_bulletin(const struct hub_bulletin *b)
{
	char t[3][48];
	char *to = targets_text(b);

	printf(_("bulletin %lld: %s\n"), (long long)b->id, b->title);
	printf(_("  tier: %s; topic: %s; file: %s (%lld bytes)\n"), view_word_tier(b->tier),
	       b->has_topic ? b->topic : "-", b->name, (long long)b->bytes);
	printf(_("  sent %s to %s\n"), time_format_vn(b->sent_ms, HUB_ZONE, t[0], sizeof t[0]),
	       b->ntargets ? (to ? to : "?") : _("every station"));
	printf(_("  may air from %s until %s\n"), time_format_vn(b->from_ms, HUB_ZONE, t[1], sizeof t[1]),
	       b->until_ms >= 0 ? time_format_vn(b->until_ms, HUB_ZONE, t[2], sizeof t[2]) : _("no end"));
	if (b->cleared_ms >= 0)
		printf(_("  its period has ended: its messages at the broker were cleared\n"));
	free(to);
}

int
hub_bulletin_status(struct hub_db *db, int64_t id, enum fmt_kind kind)
{
	const struct fmt_col cols[] = {
	    {"station", FMT_TEXT, _("STATION"), NULL},
	    {"state", FMT_WORD, _("STATE"), state_word},
	    {"code", FMT_TEXT, _("CODE"), NULL},
	    {"reason", FMT_TEXT, _("REASON"), NULL},
	    {"clip", FMT_NUM, _("CLIP"), NULL},
	    {"state_at", FMT_INSTANT, _("SINCE"), NULL},
	    {"airings", FMT_NUM, _("AIRINGS"), NULL},
	    {"first_aired", FMT_INSTANT, _("FIRST AIRED"), NULL},
	    {"last_heard", FMT_INSTANT, _("LAST HEARD"), NULL},
	};
	struct hub_bulletin b;
	struct hub_bulletin_target *t = NULL;
	struct fmt *f;
	int n = 0, rc;

	if ((rc = hub_db_bulletin_get(db, id, &b)) != 0) {
		if (rc > 0)
			error_at(ERR_NOT_FOUND, "id", _("no bulletin %lld at this hub"), (long long)id);
		return -1;
	}
	if (hub_db_bulletin_targets(db, &b, &t, &n) != 0) {
		hub_bulletin_free(&b);
		return -1;
	}
	if (kind == FMT_JSON) {
		fputs("{", stdout);
		json_bulletin(&b);
		fputs(", \"stations\": ", stdout);
	} else if (kind == FMT_TABLE) {
		text_bulletin(&b);
		putchar('\n');
	}
	f = fmt_open(stdout, kind, cols, (int)(sizeof cols / sizeof *cols), 0);
	for (int i = 0; i < n && f; i++) {
		char c[5][48], a[24];
		const char *state = t[i].airings > 0 ? "aired" : *t[i].state ? t[i].state : "sent";
		const char *cells[] = {t[i].station,
		                       state,
		                       *t[i].code ? t[i].code : NULL,
		                       *t[i].reason ? t[i].reason : NULL,
		                       num(t[i].clip, c[0]),
		                       when(t[i].state_ms, c[1], sizeof c[1]),
		                       fmt_int(a, t[i].airings),
		                       when(t[i].first_aired_ms, c[2], sizeof c[2]),
		                       when(t[i].last_heard_ms, c[3], sizeof c[3])};
		fmt_row(f, cells);
	}
	rc = f ? fmt_close(f) : -1;
	if (kind == FMT_JSON)
		fputs("}\n", stdout);
	free(t);
	hub_bulletin_free(&b);
	return rc;
}

int
hub_bulletin_list(struct hub_db *db, enum fmt_kind kind)
{
	const struct fmt_col cols[] = {
	    {"id", FMT_NUM, _("ID"), NULL},
	    {"title", FMT_TEXT, _("TITLE"), NULL},
	    {"topic", FMT_TEXT, _("TOPIC"), NULL},
	    {"tier", FMT_WORD, _("TIER"), view_word_tier},
	    {"to", FMT_TEXT, _("TO"), NULL},
	    {"name", FMT_TEXT, _("FILE"), NULL},
	    {"bytes", FMT_NUM, _("BYTES"), NULL},
	    {"from", FMT_INSTANT, _("FROM"), NULL},
	    {"until", FMT_INSTANT, _("UNTIL"), NULL},
	    {"sent", FMT_INSTANT, _("SENT"), NULL},
	    {"cleared", FMT_INSTANT, _("CLEARED"), NULL},
	};
	struct hub_bulletin *v = NULL;
	struct fmt *f;
	int n = 0, rc;

	if (hub_db_bulletins(db, &v, &n) != 0) {
		for (int i = 0; i < n; i++)
			hub_bulletin_free(&v[i]);
		free(v);
		return -1;
	}
	f = fmt_open(stdout, kind, cols, (int)(sizeof cols / sizeof *cols), 0);
	for (int i = 0; i < n && f; i++) {
		char c[6][48];
		char *to = targets_text(&v[i]);
		const char *cells[] = {fmt_int(c[0], v[i].id),
		                       v[i].title,
		                       v[i].has_topic ? v[i].topic : NULL,
		                       v[i].tier,
		                       to,
		                       v[i].name,
		                       fmt_int(c[1], v[i].bytes),
		                       when(v[i].from_ms, c[2], sizeof c[2]),
		                       when(v[i].until_ms, c[3], sizeof c[3]),
		                       when(v[i].sent_ms, c[4], sizeof c[4]),
		                       when(v[i].cleared_ms, c[5], sizeof c[5])};
		fmt_row(f, cells);
		free(to);
	}
	rc = f ? fmt_close(f) : -1;
	for (int i = 0; i < n; i++)
		hub_bulletin_free(&v[i]);
	free(v);
	return rc;
}
