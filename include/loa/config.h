/*
 * config.h — the broadcast PC's configuration file, /etc/loa/loa.conf.
 *
 * The file says how this PC drives the station: which output device, how
 * late an airing may still start, and the amplifier hooks. What the station
 * *is* — its name, time zone and target loudness — lives in the station's
 * database (set by loa init) and is never taken from the file: a schedule
 * must not shift because someone edited a text file. Those keys may still
 * be written in [station]; they are checked against the database and every
 * difference is reported, so a wrong file is noticed, not obeyed.
 *
 * The format is INI (libinih; only config.c includes it):
 *
 *   [station]  name, zone, target_lufs        checked, never applied
 *   [output]   device                          PortAudio name or index
 *   [playout]  max_lateness                    a duration: 300, 90s, 5m
 *   [hooks]    on_air, off_air, lead, gap,     commands run without a shell
 *              timeout
 *   [report]   issuer, place, number,          what the report's document says of
 *              recipients, authority,          who sends and signs it, and the
 *              signer_title, signer, topic     topic it is about
 *   [web]      listen, upload_max,             loa web: ADDR:PORT, the largest file an
 *              cert, key                       upload may bring (500M), and the
 *                                              certificate and key of HTTPS
 *   [link]     broker, station, user,          loa link: the hub's MQTT broker
 *              password, ca                    (mqtt[s]://HOST:PORT), this station's
 *                                              id there, its account, the CA of TLS
 *
 * The playout takes these into its struct playout_config
 * (playout_config_from_file, playout.h), and a command-line option
 * (--device, --max-lateness, --on-air-cmd...) wins over the file: device ->
 * output, max_lateness_ms, on_air/off_air split as config_split_command()
 * does -> on_air_argv/off_air_argv, on_air_lead_ms, hook_gap_ms,
 * hook_timeout_ms.
 *
 * Every unknown section or key, bad value and repeated key is reported as
 * "FILE:LINE: what is wrong" with a hint, all of them in one pass; a file
 * with any error is rejected as a whole (the caller's struct is unchanged).
 */
#ifndef LOA_CONFIG_H
#define LOA_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "loa/report.h"

struct station;

/* Where the configuration is read from when neither --config nor
 * LOA_CONFIG names a file. Missing is fine: the defaults apply. */
#define CONFIG_DEFAULT_PATH "/etc/loa/loa.conf"

#define CONFIG_MAX_BYTES (1024 * 1024) /* a larger configuration file is refused unread */
#define CONFIG_CMD_MAX   1024          /* longest hook command line, bytes */
#define CONFIG_ARGV_MAX  32            /* most words in a hook command */

/* Defaults, also documented in loa.conf(5) and packaging/loa.conf; the
 * playout's (playout_config_init) and the agenda's are these. */
#define CONFIG_DEFAULT_MAX_LATENESS_MS (5 * 60 * 1000)
#define CONFIG_DEFAULT_LEAD_MS         (5 * 1000)
#define CONFIG_DEFAULT_HOOK_GAP_MS     (120 * 1000)
#define CONFIG_DEFAULT_HOOK_TIMEOUT_MS (10 * 1000)
#define CONFIG_DEFAULT_WEB_LISTEN      "127.0.0.1:8080"
#define CONFIG_DEFAULT_UPLOAD_MAX      (500LL * 1024 * 1024)

/* The keys of the file, for loa_config.line[]. */
enum config_key {
	CONFIG_STATION_NAME,        /* [station] name */
	CONFIG_STATION_ZONE,        /* [station] zone */
	CONFIG_STATION_LUFS,        /* [station] target_lufs */
	CONFIG_DEVICE,              /* [output] device */
	CONFIG_MAX_LATENESS,        /* [playout] max_lateness */
	CONFIG_ON_AIR,              /* [hooks] on_air */
	CONFIG_OFF_AIR,             /* [hooks] off_air */
	CONFIG_LEAD,                /* [hooks] lead */
	CONFIG_HOOK_GAP,            /* [hooks] gap */
	CONFIG_HOOK_TIMEOUT,        /* [hooks] timeout */
	CONFIG_REPORT_ISSUER,       /* [report] issuer */
	CONFIG_REPORT_PLACE,        /* [report] place */
	CONFIG_REPORT_NUMBER,       /* [report] number */
	CONFIG_REPORT_RECIPIENTS,   /* [report] recipients */
	CONFIG_REPORT_AUTHORITY,    /* [report] authority */
	CONFIG_REPORT_SIGNER_TITLE, /* [report] signer_title */
	CONFIG_REPORT_SIGNER,       /* [report] signer */
	CONFIG_REPORT_TOPIC,        /* [report] topic */
	CONFIG_WEB_LISTEN,          /* [web] listen */
	CONFIG_WEB_UPLOAD_MAX,      /* [web] upload_max */
	CONFIG_WEB_CERT,            /* [web] cert */
	CONFIG_WEB_KEY,             /* [web] key */
	CONFIG_LINK_BROKER,         /* [link] broker */
	CONFIG_LINK_STATION,        /* [link] station */
	CONFIG_LINK_USER,           /* [link] user */
	CONFIG_LINK_PASSWORD,       /* [link] password */
	CONFIG_LINK_CA,             /* [link] ca */
	CONFIG_KEY_COUNT
};

/* The longest station id at the hub ([link] station). */
#define CONFIG_STATION_ID_MAX 64
/* 0 when id is a station id the hub's topics can carry: 1 to
 * CONFIG_STATION_ID_MAX ASCII letters, digits, '-' or '_' (no '/', '+'
 * or '#', which MQTT topics reserve), and not "all" (loa/all/ carries the
 * hub's bulletins to every station: a station so named would read them as
 * its own and could never be sent one alone); -1 otherwise. */
int config_station_id_check(const char *id);

/* "section.key" of a key, e.g. "output.device". */
const char *config_key_name(enum config_key k);

struct loa_config {
	char path[4096];              /* the file that was read; "" when none was */
	char device[256];             /* [output] device: PortAudio name or index; "" = default device */
	int64_t max_lateness_ms;      /* [playout] max_lateness: an airing later than this is missed */
	char on_air[CONFIG_CMD_MAX];  /* [hooks] on_air: run before an airing (amplifier on); "" = none */
	char off_air[CONFIG_CMD_MAX]; /* [hooks] off_air: run after the last airing of a run; "" = none */
	int64_t on_air_lead_ms;       /* [hooks] lead: how long before the airing on_air runs */
	int64_t hook_gap_ms;          /* [hooks] gap: airings closer than this share one on-air period */
	int64_t hook_timeout_ms;      /* [hooks] timeout: a hook still running after this is killed */
	char station_name[256];       /* [station] name as written, for checking; "" = not given */
	char station_zone[80];        /* [station] zone as written, for checking; "" = not given */
	double station_lufs;          /* [station] target_lufs, for checking; meaningful if has_lufs */
	int has_lufs;                 /* [station] target_lufs was given */
	struct report_form report;    /* [report]: "" for each key not given (the defaults) */
	char web_listen[128];         /* [web] listen: "ADDR:PORT" of loa web; "" = the default */
	int64_t web_upload_max;       /* [web] upload_max: bytes of one uploaded file */
	char web_cert[1024];          /* [web] cert: the HTTPS certificate (PEM), a full path; "" = HTTP */
	char web_key[1024];           /* [web] key: its private key (PEM), a full path; "" = HTTP */
	char link_broker[256];        /* [link] broker: mqtt://HOST:PORT or mqtts://...; "" = no link */
	char link_station[CONFIG_STATION_ID_MAX + 1]; /* [link] station: this station's id at the hub */
	char link_user[128];     /* [link] user: its broker account; "" = none (a lab broker) */
	char link_password[256]; /* [link] password: the account's password */
	char link_ca[1024]; /* [link] ca: the CA certificate (PEM) of mqtts://, a full path; "" = the system's
	                     */
	int line[CONFIG_KEY_COUNT]; /* line of the file each key is on; 0 = not in the file */
};

/* Fills c with the defaults (no file). */
void config_defaults(struct loa_config *c);

/*
 * Reads the file at path into c: a regular file of at most
 * CONFIG_MAX_BYTES (anything else is refused before a byte is read, so a
 * FIFO or /dev/zero cannot hang loa). A missing file is fine unless required
 * (it was named by --config or LOA_CONFIG): then c holds the defaults and
 * c->path is "". Returns 0, or -1 after reporting every problem with file
 * and line; on -1, c is left as it was.
 */
int config_load(struct loa_config *c, const char *path, int required);
/* The same for a file's text already in memory (len bytes, NULs allowed),
 * named name in messages: for a web UI's editor and for the fuzz target. */
int config_load_text(struct loa_config *c, const char *name, const char *text, size_t len);

/*
 * Compares the [station] keys of c with the station's database settings
 * and reports each difference as a warning (the database wins). Returns
 * the number of differences.
 */
int config_check_station(const struct loa_config *c, const struct station *st);

/*
 * Splits a hook command into words the way a shell would for simple
 * cases — blanks separate words; '...' and "..." quote; a backslash escapes
 * the next character — with no expansion of any kind, for execvp. Words are
 * copied into buf; argv gets at most max - 1 words and a NULL. Returns the
 * number of words, or -1 (quiet) on an unterminated quote, a trailing
 * backslash, too many words or too small a buffer.
 */
int config_split_command(const char *cmd, char *buf, size_t size, char **argv, int max);

/*
 * Parses a size as the file writes it: a whole number of bytes with an
 * optional unit, K, M or G (also KB, MB, GB, KiB, MiB, GiB: powers of
 * 1024), any case, blanks allowed before it: "500M", "2 GB", "65536".
 * Returns 0 and the bytes, or -1 (quiet).
 */
int config_parse_size(const char *s, int64_t *out);

/*
 * Parses a duration as the file writes it: a number with an optional
 * unit, "ms", "s" (the default), "m"/"min" or "h", or the officer's
 * "giây", "phút", "giờ" (any case, with or without diacritics); "2.5s",
 * "90", "5m", "5 phút". Returns 0 and the milliseconds, or -1 (quiet).
 */
int config_parse_duration(const char *s, int64_t *out_ms);

#endif
