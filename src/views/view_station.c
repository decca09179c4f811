/*
 * view_station.c — the columns of the station's settings (loa station),
 * of the settings in effect (loa config) and of the sound outputs (loa
 * devices), and their cells.
 *
 * The settings are listed in a fixed order, the file's keys first, then
 * the station's own from its database: a script reads them by "setting".
 */
#include <stdio.h>

#include "loa/airlog.h"
#include "loa/config.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/link_mark.h"
#include "loa/report.h"
#include "loa/store.h"
#include "loa/timeutil.h"
#include "loa/views.h"

static const struct fmt_col station_cols[] = {
    {"name", FMT_TEXT, N_("name"), NULL},
    {"tz", FMT_TEXT, N_("time zone"), NULL},
    {"target_lufs", FMT_NUM, N_("target loudness (LUFS)"), NULL},
    {"database", FMT_TEXT, N_("database"), NULL},
    {"library", FMT_TEXT, N_("clip library"), NULL},
    {"schema", FMT_NUM, N_("schema version"), NULL},
    {"created", FMT_INSTANT, N_("created"), NULL},
    {"approval", FMT_WORD, N_("approval"), view_word_approval_setting},
    {"sent_to_hub", FMT_INSTANT, N_("sent to the hub up to"), NULL},
    {"hub_problem", FMT_TEXT, N_("refused by the hub"), NULL},
};
const struct view view_station = {station_cols, (int)(sizeof station_cols / sizeof station_cols[0]), NULL};

/* A value and its source are the file's; the few that are not a value
 * ("(none)", "default") are words the table translates. */
static const struct fmt_col config_cols[] = {
    {"setting", FMT_TEXT, N_("setting"), NULL},
    {"value", FMT_WORD, N_("value"), view_word_setting},
    {"source", FMT_WORD, N_("from"), view_word_setting},
};
const struct view view_config = {config_cols, (int)(sizeof config_cols / sizeof config_cols[0]), NULL};

static const struct fmt_col device_cols[] = {
    {"index", FMT_NUM, N_("no."), NULL},         {"name", FMT_TEXT, N_("device"), NULL},
    {"api", FMT_TEXT, N_("sound system"), NULL}, {"channels", FMT_NUM, N_("channels"), NULL},
    {"rate", FMT_NUM, N_("rate (Hz)"), NULL},    {"default", FMT_BOOL, N_("default"), NULL},
};
const struct view view_device = {device_cols, (int)(sizeof device_cols / sizeof device_cols[0]), NULL};

void
view_station_cells(struct view_cells *c, const struct station *st, const char *database, const char *library,
                   int schema, const struct link_mark *m)
{
	char *created, *sent, *problem;

	c->used = 0;
	c->v[0] = st->name;
	c->v[1] = st->tz;
	c->v[2] = view_printf(c, "%.1f", st->target_lufs);
	c->v[3] = database;
	c->v[4] = library;
	c->v[5] = view_int(c, schema);
	if (!(created = view_room(c, 40)))
		c->v[6] = "";
	else
		c->v[6] = time_format_iso(st->created_ms, st->tz, created, 40);
	c->v[7] = st->approval ? "required" : "off";
	/* The airings the hub holds: every one scheduled up to the instant
	 * of the last row it acknowledged ("" while it holds none). */
	c->v[8] = "";
	if (m && m->seq > 0 && m->through_ms != AIRLOG_NONE && (sent = view_room(c, 40)))
		c->v[8] = time_format_iso(m->through_ms, st->tz, sent, 40);
	c->v[9] = "";
	if (m && m->problem_seq > 0)
		c->v[9] = (problem = view_room(c, 600)) ? link_problem_words(m, problem, 600) : "";
}

/* "FILE:LINE" when the key is in the file, else "default", into buf. */
static const char *
source_of(const struct loa_config *cfg, enum config_key k, char *buf, size_t n)
{
	if (!cfg->line[k])
		return "default";
	snprintf(buf, n, "%s:%d", cfg->path, cfg->line[k]);
	return buf;
}

int
view_config_each(const struct loa_config *cfg, const struct station *st, const char *db,
                 int (*fn)(void *ctx, const char *const *cells), void *ctx)
{
	/* The report's form as the document will have it: the file's
	 * values, the rest made from the station's name. */
	struct report_form form = cfg->report;
	char lateness[64], lead[64], gap[64], timeout[64], lufs[32], src[sizeof cfg->path + 16], upload[32];
	int rc = 0;

	report_form_defaults(&form, st ? st->name : "");
	snprintf(lateness, sizeof lateness, "%g s", (double)cfg->max_lateness_ms / 1000.0);
	snprintf(lead, sizeof lead, "%g s", (double)cfg->on_air_lead_ms / 1000.0);
	snprintf(gap, sizeof gap, "%g s", (double)cfg->hook_gap_ms / 1000.0);
	snprintf(timeout, sizeof timeout, "%g s", (double)cfg->hook_timeout_ms / 1000.0);
	if (cfg->web_upload_max % (1 << 20) == 0)
		snprintf(upload, sizeof upload, "%lldM", (long long)(cfg->web_upload_max >> 20));
	else
		snprintf(upload, sizeof upload, "%lld", (long long)cfg->web_upload_max);
	const struct {
		const char *name, *value;
		enum config_key key;
	} file[] = {
	    {"output.device", *cfg->device ? cfg->device : "(the default device)", CONFIG_DEVICE},
	    {"playout.max_lateness", lateness, CONFIG_MAX_LATENESS},
	    {"hooks.on_air", *cfg->on_air ? cfg->on_air : "(none)", CONFIG_ON_AIR},
	    {"hooks.off_air", *cfg->off_air ? cfg->off_air : "(none)", CONFIG_OFF_AIR},
	    {"hooks.lead", lead, CONFIG_LEAD},
	    {"hooks.gap", gap, CONFIG_HOOK_GAP},
	    {"hooks.timeout", timeout, CONFIG_HOOK_TIMEOUT},
	    {"report.issuer", form.issuer, CONFIG_REPORT_ISSUER},
	    {"report.place", form.place, CONFIG_REPORT_PLACE},
	    {"report.number", form.number, CONFIG_REPORT_NUMBER},
	    {"report.recipients", form.recipients, CONFIG_REPORT_RECIPIENTS},
	    {"report.authority", form.authority, CONFIG_REPORT_AUTHORITY},
	    {"report.signer_title", form.signer_title, CONFIG_REPORT_SIGNER_TITLE},
	    {"report.signer", form.signer, CONFIG_REPORT_SIGNER},
	    {"report.topic", form.topic, CONFIG_REPORT_TOPIC},
	    {"web.listen", *cfg->web_listen ? cfg->web_listen : CONFIG_DEFAULT_WEB_LISTEN, CONFIG_WEB_LISTEN},
	    {"web.upload_max", upload, CONFIG_WEB_UPLOAD_MAX},
	    {"web.cert", *cfg->web_cert ? cfg->web_cert : "(none)", CONFIG_WEB_CERT},
	    {"web.key", *cfg->web_key ? cfg->web_key : "(none)", CONFIG_WEB_KEY},
	    {"link.broker", *cfg->link_broker ? cfg->link_broker : "(none)", CONFIG_LINK_BROKER},
	    {"link.station", *cfg->link_station ? cfg->link_station : "(none)", CONFIG_LINK_STATION},
	    {"link.user", *cfg->link_user ? cfg->link_user : "(none)", CONFIG_LINK_USER},
	    /* Never the password itself: `loa config` is shown to whoever asks. */
	    {"link.password", *cfg->link_password ? "(set)" : "(none)", CONFIG_LINK_PASSWORD},
	    {"link.ca", *cfg->link_ca ? cfg->link_ca : "(none)", CONFIG_LINK_CA},
	};
	for (size_t i = 0; i < sizeof file / sizeof file[0] && rc == 0; i++) {
		const char *cells[3] = {file[i].name, file[i].value,
		                        source_of(cfg, file[i].key, src, sizeof src)};
		rc = fn(ctx, cells);
	}
	if (st && rc == 0) {
		snprintf(lufs, sizeof lufs, "%.1f", st->target_lufs);
		const char *own[][3] = {
		    {"station.name", st->name, db},
		    {"station.zone", st->tz, db},
		    {"station.target_lufs", lufs, db},
		};
		for (size_t i = 0; i < sizeof own / sizeof own[0] && rc == 0; i++)
			rc = fn(ctx, own[i]);
	}
	return rc;
}

void
view_device_cells(struct view_cells *c, int index, const char *name, const char *api, int channels, int rate,
                  int is_default)
{
	c->used = 0;
	c->v[0] = view_int(c, index);
	c->v[1] = name;
	c->v[2] = api;
	c->v[3] = view_int(c, channels);
	c->v[4] = view_int(c, rate);
	c->v[5] = is_default ? "true" : "false";
}
