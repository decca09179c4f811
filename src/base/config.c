/*
 * config.c — reads /etc/loa/loa.conf (the only module that includes
 * libinih's ini.h).
 *
 * libinih parses the INI grammar; loa feeds it lines through its own
 * reader so that it knows the line number of every key (the Debian build of
 * inih has no INI_HANDLER_LINENO), can refuse what inih would silently
 * mangle — a line longer than inih's 200-byte buffer would be split in
 * two, a line that is neither "key = value" nor "[section]" would only be
 * reported if it were the first error, text that is not UTF-8 would reach
 * the daemon's log — and can strip leading blanks, so an indented key is a
 * key and never a "continuation line" of the previous value.
 *
 * The whole file is checked in one pass and every problem is reported, so
 * the officer fixes them all at once; the result is copied to the caller's
 * struct only when there was none.
 */
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loa/config.h"
#include "loa/i18n.h"
#include "loa/infile.h"
#include "loa/log.h"
#include "loa/store.h"
#include "loa/timeutil.h"
#include "loa/utf8.h"

/* Every key the file may hold, by section. */
#define K_NAME     CONFIG_STATION_NAME
#define K_ZONE     CONFIG_STATION_ZONE
#define K_LUFS     CONFIG_STATION_LUFS
#define K_DEVICE   CONFIG_DEVICE
#define K_LATENESS CONFIG_MAX_LATENESS
#define K_ON_AIR   CONFIG_ON_AIR
#define K_OFF_AIR  CONFIG_OFF_AIR
#define K_LEAD     CONFIG_LEAD
#define K_GAP      CONFIG_HOOK_GAP
#define K_TIMEOUT  CONFIG_HOOK_TIMEOUT
#define K_COUNT    CONFIG_KEY_COUNT

static const struct {
	const char *section; /* [section] */
	const char *key;     /* key = */
	const char *full;    /* section.key */
} keys[K_COUNT] = {
    [K_NAME] = {"station", "name", "station.name"},
    [K_ZONE] = {"station", "zone", "station.zone"},
    [K_LUFS] = {"station", "target_lufs", "station.target_lufs"},
    [K_DEVICE] = {"output", "device", "output.device"},
    [K_LATENESS] = {"playout", "max_lateness", "playout.max_lateness"},
    [K_ON_AIR] = {"hooks", "on_air", "hooks.on_air"},
    [K_OFF_AIR] = {"hooks", "off_air", "hooks.off_air"},
    [K_LEAD] = {"hooks", "lead", "hooks.lead"},
    [K_GAP] = {"hooks", "gap", "hooks.gap"},
    [K_TIMEOUT] = {"hooks", "timeout", "hooks.timeout"},
    [CONFIG_REPORT_ISSUER] = {"report", "issuer", "report.issuer"},
    [CONFIG_REPORT_PLACE] = {"report", "place", "report.place"},
    [CONFIG_REPORT_NUMBER] = {"report", "number", "report.number"},
    [CONFIG_REPORT_RECIPIENTS] = {"report", "recipients", "report.recipients"},
    [CONFIG_REPORT_AUTHORITY] = {"report", "authority", "report.authority"},
    [CONFIG_REPORT_SIGNER_TITLE] = {"report", "signer_title", "report.signer_title"},
    [CONFIG_REPORT_SIGNER] = {"report", "signer", "report.signer"},
    [CONFIG_REPORT_TOPIC] = {"report", "topic", "report.topic"},
    [CONFIG_WEB_LISTEN] = {"web", "listen", "web.listen"},
    [CONFIG_WEB_UPLOAD_MAX] = {"web", "upload_max", "web.upload_max"},
    [CONFIG_WEB_CERT] = {"web", "cert", "web.cert"},
    [CONFIG_WEB_KEY] = {"web", "key", "web.key"},
    [CONFIG_LINK_BROKER] = {"link", "broker", "link.broker"},
    [CONFIG_LINK_STATION] = {"link", "station", "link.station"},
    [CONFIG_LINK_USER] = {"link", "user", "link.user"},
    [CONFIG_LINK_PASSWORD] = {"link", "password", "link.password"},
    [CONFIG_LINK_CA] = {"link", "ca", "link.ca"},
};

/* What one parse carries from line to line. */
struct parse {
	const char *path;      /* the file, for messages */
	FILE *f;               /* open on path */
	char *line;            /* getline's buffer */
	size_t cap;            /* its size */
	int lineno;            /* the line inih is looking at (1-based) */
	int errors;            /* problems reported so far */
	char bad_section[64];  /* last unknown section reported (once per name) */
	int in_report;         /* the reader is in [report], whose ';' are text */
	struct loa_config cfg; /* what the file says, on top of the defaults */
};

/* In [report] a ';' separates the lines of a value ("KT. CHỦ TỊCH;PHÓ CHỦ
 * TỊCH"), where inih would take " ;" for the start of a comment: the
 * reader hands them over as this byte, set_report_text puts them back. */
#define REPORT_SEMICOLON '\x1f'

int
config_station_id_check(const char *id)
{
	size_t n = strlen(id);

	if (n < 1 || n > CONFIG_STATION_ID_MAX || strcmp(id, "all") == 0)
		return -1;
	for (const char *q = id; *q; q++)
		if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') ||
		      *q == '-' || *q == '_'))
			return -1;
	return 0;
}

const char *
config_key_name(enum config_key k)
{
	return k < K_COUNT ? keys[k].full : "?";
}

void
config_defaults(struct loa_config *c)
{
	memset(c, 0, sizeof *c);
	c->max_lateness_ms = CONFIG_DEFAULT_MAX_LATENESS_MS;
	c->on_air_lead_ms = CONFIG_DEFAULT_LEAD_MS;
	c->hook_gap_ms = CONFIG_DEFAULT_HOOK_GAP_MS;
	c->hook_timeout_ms = CONFIG_DEFAULT_HOOK_TIMEOUT_MS;
	c->station_lufs = NAN;
	c->web_upload_max = CONFIG_DEFAULT_UPLOAD_MAX;
}

/* Reports "FILE:LINE: msg" and counts it. */
static void LOA_PRINTF(2, 3) bad(struct parse *p, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	error("%s:%d: %s", p->path, p->lineno, msg);
	p->errors++;
}

/*
 * inih's reader: hands over one line at a time, counting lines, and turns
 * every line it must refuse into a blank line after reporting it.
 */
static char *
read_line(char *str, int num, void *stream)
{
	struct parse *p = stream;
	ssize_t n = getline(&p->line, &p->cap, p->f);
	char *s, *e;

	if (n < 0)
		return NULL;
	p->lineno++;
	s = p->line;
	if (memchr(s, 0, n)) {
		bad(p, _("the file holds a NUL byte (is it a text file?)"));
		goto blank;
	}
	if (p->lineno == 1 && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3; /* a byte-order mark, as Windows Notepad writes */
	while (*s == ' ' || *s == '\t')
		s++;
	for (e = s + strlen(s); e > s && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t');)
		*--e = 0;
	if (!utf8_valid(s, strlen(s))) {
		bad(p, _("the line is not UTF-8 text; save the file as UTF-8"));
		goto blank;
	}
	if ((int)(e - s) + 2 > num) {
		bad(p, _("the line is longer than %d bytes"), num - 2);
		goto blank;
	}
	if (*s && *s != ';' && *s != '#') {
		if (*s == '[' ? !strchr(s, ']') : !strchr(s, '=')) {
			bad(p, _("not a 'key = value' line or a [section]: '%s'"), s);
			goto blank;
		}
		if (*s == '[')
			p->in_report = strncmp(s, "[report]", 8) == 0;
		else if (p->in_report)
			for (char *q = s; *q; q++)
				if (*q == ';')
					*q = REPORT_SEMICOLON;
	}
	snprintf(str, num, "%s\n", s);
	return str;
blank:
	snprintf(str, num, "\n");
	return str;
}

int
config_parse_size(const char *s, int64_t *out)
{
	static const struct {
		const char *unit; /* as written after the number, in lower case */
		int64_t bytes;    /* bytes per unit */
	} units[] = {{"", 1},          {"b", 1},          {"k", 1 << 10},    {"kb", 1 << 10},
	             {"kib", 1 << 10}, {"m", 1 << 20},    {"mb", 1 << 20},   {"mib", 1 << 20},
	             {"g", 1LL << 30}, {"gb", 1LL << 30}, {"gib", 1LL << 30}};
	char *end, unit[8];
	long long v;
	size_t n;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || v < 0 || v > (1LL << 40))
		return -1;
	while (*end == ' ')
		end++;
	n = strlen(end);
	if (n >= sizeof unit)
		return -1;
	for (size_t i = 0; i <= n; i++)
		unit[i] = (char)(end[i] >= 'A' && end[i] <= 'Z' ? end[i] - 'A' + 'a' : end[i]);
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(unit, units[i].unit) == 0) {
			if (v > (1LL << 40) / units[i].bytes)
				return -1;
			*out = v * units[i].bytes;
			return 0;
		}
	return -1;
}

int
config_parse_duration(const char *s, int64_t *out_ms)
{
	static const struct {
		const char *unit; /* as written after the number */
		double ms;        /* milliseconds per unit */
	} units[] = {{"", 1000},      {"ms", 1},       {"s", 1000},    {"sec", 1000},
	             {"m", 60000},    {"min", 60000},  {"h", 3600000}, {"giay", 1000},
	             {"phut", 60000}, {"gio", 3600000}}; /* the officer's "90 giây", "5 phút", "1 giờ" */
	char *end, *unit;
	double v;
	int found = -1;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || !isfinite(v) || v < 0 || v > 1e9)
		return -1;
	while (*end == ' ')
		end++;
	if (!(unit = utf8_bare(end))) /* "Phút", "phut": one unit */
		return -1;
	for (size_t i = 0; i < sizeof units / sizeof units[0] && found < 0; i++)
		if (strcmp(unit, units[i].unit) == 0)
			found = (int)i;
	free(unit);
	if (found < 0)
		return -1;
	*out_ms = (int64_t)llround(v * units[found].ms);
	return 0;
}

int
config_split_command(const char *cmd, char *buf, size_t size, char **argv, int max)
{
	const char *s = cmd;
	size_t used = 0;
	int argc = 0;

	if (max < 1 || size < 1)
		return -1;
	for (;;) {
		char quote = 0;
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		if (argc + 1 >= max)
			return -1;
		argv[argc++] = buf + used;
		for (; *s && (quote || (*s != ' ' && *s != '\t')); s++) {
			char ch = *s;
			if (quote && ch == quote) {
				quote = 0;
				continue;
			}
			if (!quote && (ch == '\'' || ch == '"')) {
				quote = ch;
				continue;
			}
			if (ch == '\\' && quote != '\'') {
				if (!s[1])
					return -1;
				ch = *++s;
			}
			if (used + 1 >= size)
				return -1;
			buf[used++] = ch;
		}
		if (quote)
			return -1;
		if (used + 1 >= size)
			return -1;
		buf[used++] = 0;
	}
	argv[argc] = NULL;
	return argc;
}

/* 1 if prog can be run: an executable file, or found on PATH. */
static int
command_runnable(const char *prog)
{
	const char *path = getenv("PATH");
	char full[PATH_MAX];

	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0;
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *d = path; *d;) {
		size_t n = strcspn(d, ":");
		if (n && snprintf(full, sizeof full, "%.*s/%s", (int)n, d, prog) < (int)sizeof full &&
		    access(full, X_OK) == 0)
			return 1;
		d += n + (d[n] == ':');
	}
	return 0;
}

/* Checks a hook command and stores it in dst. */
static void
set_command(struct parse *p, const char *key, const char *value, char *dst, size_t n)
{
	char buf[CONFIG_CMD_MAX], *argv[CONFIG_ARGV_MAX];

	if (!*value) {
		*dst = 0;
		return;
	}
	if (strlen(value) >= n || config_split_command(value, buf, sizeof buf, argv, CONFIG_ARGV_MAX) < 1) {
		bad(p, _("'%s' is not a command loa can run: '%s'"), key, value);
		hint(_("write the program and its arguments separated by spaces, with quotes closed and at "
		       "most %d words"),
		     CONFIG_ARGV_MAX - 1);
		return;
	}
	if (!command_runnable(argv[0])) {
		bad(p, _("the program of '%s' is not found or not executable: '%s'"), key, argv[0]);
		hint(_("give the full path of an installed program, for example /usr/local/bin/amp-on"));
		return;
	}
	snprintf(dst, n, "%s", value);
}

/* Copies a text value, without surrounding double quotes. */
static int
set_text(char *dst, size_t n, const char *value)
{
	size_t len = strlen(value);

	if (len >= 2 && value[0] == '"' && value[len - 1] == '"')
		value++, len -= 2;
	if (len >= n)
		return -1;
	snprintf(dst, n, "%.*s", (int)len, value);
	return 0;
}

/* Checks a file's path and stores it in dst. Only a full path: loa web
 * runs from systemd in /, where a relative name would mean something else
 * than where the officer stood when writing it. Whether the file can be
 * read is checked by what reads it, as the user it runs as. */
static void
set_path(struct parse *p, const char *key, const char *value, char *dst, size_t n)
{
	if (set_text(dst, n, value) != 0 || (*dst && *dst != '/')) {
		bad(p, _("'%s' must be a file's full path, beginning with /: '%s'"), key, value);
		hint(_("for example %s"),
		     strcmp(key, "key") == 0 ? "/etc/loa/tls/key.pem" : "/etc/loa/tls/cert.pem");
		*dst = 0;
	}
}

/* Copies a [report] text, which must fit. */
static void
set_report_text(struct parse *p, const char *key, const char *value, char *dst, size_t n)
{
	if (set_text(dst, n, value) != 0) {
		bad(p, _("'%s' is longer than %d bytes"), key, (int)n - 1);
		*dst = 0;
	}
	for (char *q = dst; *q; q++)
		if (*q == REPORT_SEMICOLON)
			*q = ';';
}

/* Checks a duration value against [lo, hi] ms and stores it. */
static void
set_duration(struct parse *p, const char *key, const char *value, int64_t lo, int64_t hi, int64_t *dst)
{
	int64_t ms;

	if (config_parse_duration(value, &ms) != 0 || ms < lo || ms > hi) {
		bad(p, _("'%s' must be a duration from %g to %g seconds: '%s'"), key, lo / 1000.0,
		    hi / 1000.0, value);
		hint(_("write a number of seconds, or add a unit: 90s, 5m, 1h, 90 giây, 5 phút"));
		return;
	}
	*dst = ms;
}

/* inih's handler: one key = value. Always returns 1 (keep going): the
 * errors are counted and reported here, with the line. */
static int
on_key(void *user, const char *section, const char *name, const char *value)
{
	struct parse *p = user;
	struct loa_config *c = &p->cfg;
	int k, known_section = 0;
	char *end;

	for (k = 0; k < K_COUNT; k++) {
		if (strcmp(keys[k].section, section) != 0)
			continue;
		known_section = 1;
		if (strcmp(keys[k].key, name) == 0)
			break;
	}
	if (!*section) {
		bad(p, _("'%s' is outside any section"), name);
		hint(_("put it under its section, for example [output] for 'device'; see loa.conf(5)"));
		return 1;
	}
	if (!known_section) {
		if (strcmp(p->bad_section, section) != 0) {
			bad(p, _("unknown section [%s]"), section);
			hint(_("the sections are [station], [output], [playout], [hooks], [report] and "
			       "[web]; see "
			       "loa.conf(5)"));
			snprintf(p->bad_section, sizeof p->bad_section, "%s", section);
		}
		return 1;
	}
	if (k == K_COUNT) {
		char list[256] = "";
		for (int j = 0; j < K_COUNT; j++)
			if (strcmp(keys[j].section, section) == 0)
				snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
				         *list ? ", " : "", keys[j].key);
		bad(p, _("unknown key '%s' in section [%s]"), name, section);
		hint(_("the keys of [%s] are: %s; see loa.conf(5)"), section, list);
		return 1;
	}
	if (p->cfg.line[k]) {
		bad(p, _("'%s' is given twice in [%s] (first on line %d)"), name, section, p->cfg.line[k]);
		hint(_("keep only one of the two lines"));
		return 1;
	}
	p->cfg.line[k] = p->lineno;

	switch ((enum config_key)k) {
	case K_NAME:
		if (!*value || set_text(c->station_name, sizeof c->station_name, value) != 0 ||
		    !*c->station_name) {
			bad(p, _("the station name must be 1 to 255 bytes: '%s'"), value);
			*c->station_name = 0;
		}
		break;
	case K_ZONE:
		if (set_text(c->station_zone, sizeof c->station_zone, value) != 0 ||
		    tz_valid(c->station_zone) != 0) {
			bad(p, _("unknown time zone: '%s' (use an IANA name such as Asia/Ho_Chi_Minh)"),
			    value);
			*c->station_zone = 0;
		}
		break;
	case K_LUFS:
		errno = 0;
		c->station_lufs = strtod(value, &end);
		if (errno || end == value || *end || !(c->station_lufs >= -70 && c->station_lufs <= 0)) {
			bad(p, _("the target loudness must be a number of LUFS from -70 to 0: '%s'"), value);
			c->station_lufs = NAN;
		} else {
			c->has_lufs = 1;
		}
		break;
	case K_DEVICE:
		if (set_text(c->device, sizeof c->device, value) != 0)
			bad(p, _("the device name is longer than %d bytes: '%s'"), (int)sizeof c->device - 1,
			    value);
		break;
	case K_LATENESS:
		set_duration(p, name, value, 0, 24 * 3600 * 1000LL, &c->max_lateness_ms);
		break;
	case K_ON_AIR:
		set_command(p, name, value, c->on_air, sizeof c->on_air);
		break;
	case K_OFF_AIR:
		set_command(p, name, value, c->off_air, sizeof c->off_air);
		break;
	case K_LEAD:
		set_duration(p, name, value, 0, 600 * 1000LL, &c->on_air_lead_ms);
		break;
	case CONFIG_REPORT_ISSUER:
		set_report_text(p, name, value, c->report.issuer, sizeof c->report.issuer);
		break;
	case CONFIG_REPORT_PLACE:
		set_report_text(p, name, value, c->report.place, sizeof c->report.place);
		break;
	case CONFIG_REPORT_NUMBER:
		set_report_text(p, name, value, c->report.number, sizeof c->report.number);
		break;
	case CONFIG_REPORT_RECIPIENTS:
		set_report_text(p, name, value, c->report.recipients, sizeof c->report.recipients);
		break;
	case CONFIG_REPORT_AUTHORITY:
		set_report_text(p, name, value, c->report.authority, sizeof c->report.authority);
		break;
	case CONFIG_REPORT_SIGNER_TITLE:
		set_report_text(p, name, value, c->report.signer_title, sizeof c->report.signer_title);
		break;
	case CONFIG_REPORT_SIGNER:
		set_report_text(p, name, value, c->report.signer, sizeof c->report.signer);
		break;
	case CONFIG_REPORT_TOPIC:
		set_report_text(p, name, value, c->report.topic, sizeof c->report.topic);
		break;
	case CONFIG_WEB_LISTEN:
		if (set_text(c->web_listen, sizeof c->web_listen, value) != 0 ||
		    !strrchr(c->web_listen, ':')) {
			bad(p, _("'%s' must be an address and a port: '%s'"), name, value);
			hint(
			    _("for example 127.0.0.1:8080 (this computer only) or 0.0.0.0:8080 (the office's "
			      "network too)"));
			*c->web_listen = 0;
		}
		break;
	case CONFIG_WEB_UPLOAD_MAX:
		if (config_parse_size(value, &c->web_upload_max) != 0 || c->web_upload_max < 1024 * 1024) {
			bad(p, _("'%s' must be a size of at least 1M: '%s'"), name, value);
			hint(_("write a size with its unit: 500M, 2G"));
			c->web_upload_max = CONFIG_DEFAULT_UPLOAD_MAX;
		}
		break;
	case CONFIG_WEB_CERT:
		set_path(p, name, value, c->web_cert, sizeof c->web_cert);
		break;
	case CONFIG_WEB_KEY:
		set_path(p, name, value, c->web_key, sizeof c->web_key);
		break;
	case CONFIG_LINK_BROKER:
		if (set_text(c->link_broker, sizeof c->link_broker, value) != 0 ||
		    (strncmp(c->link_broker, "mqtt://", 7) != 0 &&
		     strncmp(c->link_broker, "mqtts://", 8) != 0) ||
		    strpbrk(c->link_broker, " \t")) {
			bad(p,
			    _("'%s' must be the hub's broker as mqtt://HOST:PORT or mqtts://HOST:PORT: '%s'"),
			    name, value);
			hint(_("for example mqtts://hub.example.vn:8883 (ask the hub for its address)"));
			*c->link_broker = 0;
		}
		break;
	case CONFIG_LINK_STATION:
		if (set_text(c->link_station, sizeof c->link_station, value) != 0 ||
		    config_station_id_check(c->link_station) != 0) {
			bad(p,
			    _("'%s' must be the station's id at the hub: 1 to 64 letters, digits, '-' or "
			      "'_': "
			      "'%s'"),
			    name, value);
			hint(_("use the id the hub gave this station, such as xa-duc-hoa"));
			*c->link_station = 0;
		}
		break;
	case CONFIG_LINK_USER:
		if (set_text(c->link_user, sizeof c->link_user, value) != 0)
			bad(p, _("'%s' is longer than %d bytes"), name, (int)sizeof c->link_user - 1);
		break;
	case CONFIG_LINK_PASSWORD:
		if (set_text(c->link_password, sizeof c->link_password, value) != 0)
			bad(p, _("'%s' is longer than %d bytes"), name, (int)sizeof c->link_password - 1);
		break;
	case CONFIG_LINK_CA:
		set_path(p, name, value, c->link_ca, sizeof c->link_ca);
		break;
	case K_GAP:
		set_duration(p, name, value, 0, 3600 * 1000LL, &c->hook_gap_ms);
		break;
	case K_TIMEOUT:
		set_duration(p, name, value, 1000, 600 * 1000LL, &c->hook_timeout_ms);
		break;
	case K_COUNT:
		break;
	}
	return 1;
}

/* Parses the open stream f (named path in messages) into c: 0, or -1
 * after reporting every problem. Closes f. */
static int
config_parse(struct loa_config *c, FILE *f, const char *path)
{
	struct parse p = {.path = path, .f = f};
	int rc;

	config_defaults(&p.cfg);
	rc = ini_parse_stream(read_line, &p, on_key, &p);
	if (ferror(p.f)) {
		error_errno(_("cannot read the configuration file '%s'"), path);
		p.errors++;
	}
	fclose(p.f);
	free(p.line);
	if (rc < 0) {
		error(_("cannot read the configuration file '%s': out of memory"), path);
		p.errors++;
	}
	if (p.errors) {
		advise(ADVICE_CONFIG_CHECK, path);
		return -1;
	}
	snprintf(p.cfg.path, sizeof p.cfg.path, "%s", path);
	*c = p.cfg;
	return 0;
}

int
config_load(struct loa_config *c, const char *path, int required)
{
	struct infile_error ie;
	struct stat sb;
	char *text, reason[PATH_MAX + 64];
	size_t len;
	int fd, rc;

	/* Only a regular file of at most CONFIG_MAX_BYTES: --config /dev/zero
	 * or a FIFO must not hang loa or fill its memory. */
	if ((fd = infile_open(path, NULL, CONFIG_MAX_BYTES, &sb, &ie)) < 0) {
		if (ie.fail == INFILE_SYSTEM) {
			if (ie.err == ENOENT && !required) {
				config_defaults(c);
				return 0;
			}
			errno = ie.err;
			error_errno(_("cannot read the configuration file '%s'"), path);
			if (ie.err == ENOENT)
				advise(ADVICE_CONFIG_MISSING, NULL);
			return -1;
		}
		error(_("cannot read the configuration file '%s': %s"), path,
		      infile_reason(&ie, NULL, CONFIG_MAX_BYTES, reason, sizeof reason));
		advise(ADVICE_CONFIG_NOT_TEXT, NULL);
		return -1;
	}
	rc = infile_read_all(fd, CONFIG_MAX_BYTES, &text, &len);
	close(fd);
	if (rc != 0)
		return error_errno(_("cannot read the configuration file '%s'"), path);
	rc = config_load_text(c, path, text, len);
	free(text);
	return rc;
}

int
config_load_text(struct loa_config *c, const char *name, const char *text, size_t len)
{
	FILE *f;

	/* An empty file: the defaults (fmemopen may refuse a zero length). */
	if (!len) {
		config_defaults(c);
		snprintf(c->path, sizeof c->path, "%s", name);
		return 0;
	}
	if (!(f = fmemopen((void *)text, len, "r")))
		return error_errno(_("cannot read the configuration file '%s'"), name);
	return config_parse(c, f, name);
}

int
config_check_station(const struct loa_config *c, const struct station *st)
{
	int diffs = 0;

	if (*c->station_name && strcmp(c->station_name, st->name) != 0) {
		warning(_("%s: [station] name is '%s' but the station's database says '%s'; the database is "
		          "used"),
		        c->path, c->station_name, st->name);
		diffs++;
	}
	if (*c->station_zone && strcmp(c->station_zone, st->tz) != 0) {
		warning(_("%s: [station] zone is '%s' but the station's database says '%s'; the database is "
		          "used"),
		        c->path, c->station_zone, st->tz);
		diffs++;
	}
	if (c->has_lufs && fabs(c->station_lufs - st->target_lufs) > 0.05) {
		warning(_("%s: [station] target_lufs is %.1f but the station's database says %.1f; the "
		          "database is used"),
		        c->path, c->station_lufs, st->target_lufs);
		diffs++;
	}
	if (diffs)
		advise(ADVICE_CONFIG_STATION, NULL);
	return diffs;
}
