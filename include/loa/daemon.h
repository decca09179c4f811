/*
 * daemon.h — the unattended player's process: `loa run`.
 *
 * The daemon runs the playout (playout.h: which airing, playing it, the
 * airing log) in a process of its own. It sleeps until the next thing to
 * do with one absolute-time timer and wakes early only for a signal, a
 * change to the station's database (an emergency is one), or a step of
 * the wall clock; while idle its one periodic wake-up is the heartbeat it
 * writes to the store once a minute (and the systemd watchdog ping, when
 * a unit asks for one). One station has one daemon (a lock file beside
 * the database).
 *
 * Its settings are the playout's (struct playout_config), so the command
 * line and the configuration file map to the same fields.
 */
#ifndef LOA_DAEMON_H
#define LOA_DAEMON_H

#include "loa/playout.h"

struct store;
struct station;

/*
 * Runs the daemon on an open station until SIGTERM/SIGINT, until_ms or
 * (with once) after one airing. Returns 0 on a clean stop, -1 on a fatal
 * start-up error (reported: the station cannot be read, no timer...).
 * Faults during airings never return: they are logged and the loop goes on.
 */
int daemon_run(struct store *s, const struct station *st, const struct playout_config *c);

#endif
