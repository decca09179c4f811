/*
 * daemon.h — the unattended player: `loa run`.
 *
 * The daemon plays the agenda (agenda.h: the same expansion and overlap
 * resolution `loa agenda` shows) through the player (player.h) and writes
 * every airing, and every miss, to the airing log (airlog.h). It sleeps
 * until the next thing to do with one absolute-time timer and wakes early
 * only for a signal, a change to the station's database, or a step of the
 * wall clock; while idle it has no periodic wake-up at all (except the
 * systemd watchdog ping, when a unit asks for one).
 *
 * Every setting lives in struct daemon_config, so the command line and the
 * configuration file (/etc/loa/loa.conf) map to the same fields.
 */
#ifndef LOA_DAEMON_H
#define LOA_DAEMON_H

#include <stdint.h>

struct store;
struct station;

/* Defaults of struct daemon_config (daemon_config_init). */
#define DAEMON_MAX_LATENESS_MS 300000            /* 5 minutes: later than this is missed */
#define DAEMON_ON_AIR_LEAD_MS  5000              /* on-air hook 5 s before the airing */
#define DAEMON_HOOK_GAP_MS     120000            /* airings 2 min apart share the amplifier */
#define DAEMON_HOOK_TIMEOUT_MS 10000             /* a hook running longer is killed */
#define DAEMON_LOOKBACK_MS     (31LL * 86400000) /* misses logged at most 31 days back */

struct daemon_config {
	const char *output;      /* player_new(): NULL default device, "NAME", "file:PATH", "null" */
	int64_t until_ms;        /* stop cleanly at this instant; INT64_MAX: never */
	int64_t max_lateness_ms; /* an airing whose start passed longer ago is missed */
	char **on_air_argv;      /* amplifier on command (argv), or NULL */
	char **off_air_argv;     /* amplifier off command (argv), or NULL */
	int64_t on_air_lead_ms;  /* how long before an airing the on-air command runs */
	int64_t hook_gap_ms;     /* airings closer than this share one on-air period */
	int hook_timeout_ms;     /* a hook still running after this is killed */
	int64_t lookback_ms;     /* after downtime, misses are logged this far back at most */
	int once;                /* handle the next airing, then exit */
};

/* Fills c with the defaults above (no hooks, default device, no end). */
void daemon_config_init(struct daemon_config *c);

/*
 * Runs the daemon on an open station until SIGTERM/SIGINT, --until or
 * (with once) after one airing. Returns 0 on a clean stop, -1 on a fatal
 * start-up error (printed: the station cannot be read, no timer...).
 * Faults during airings never return: they are logged and the loop goes on.
 */
int daemon_run(struct store *s, const struct station *st, const struct daemon_config *c);

/*
 * `loa run --check`: builds the agenda for the next days and checks that
 * every airing has something to play and that its files can be opened;
 * with check_device, that the output opens. Prints what it found; returns
 * 0 when the station is ready to air, 1 when something needs the officer.
 */
int daemon_check(struct store *s, const struct station *st, const struct daemon_config *c, int check_device);

#endif
