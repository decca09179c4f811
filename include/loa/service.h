/*
 * service.h — talking to the service manager (systemd), and nothing else.
 *
 * The daemon tells systemd when it is ready, what it is doing (STATUS=),
 * that it is alive (the watchdog) and that it is stopping. When loa does not
 * run under systemd (no NOTIFY_SOCKET) every call does nothing, and
 * service_watchdog_ms() returns 0 so the daemon keeps no periodic timer: the
 * watchdog ping is the only periodic wake-up loa ever has, and only when a
 * unit asks for it with WatchdogSec=.
 */
#ifndef LOA_SERVICE_H
#define LOA_SERVICE_H

#include <stdint.h>

#include "loa/log.h"

/* READY=1: start-up is done, the schedule is loaded. */
void service_ready(void);
/* STATUS=<text>: one line shown by `systemctl status loa`. */
void service_status(const char *fmt, ...) LOA_PRINTF(1, 2);
/* STOPPING=1: a clean shutdown has begun. */
void service_stopping(void);
/* How often to ping the watchdog (half of WATCHDOG_USEC), in ms; 0 when
 * systemd asked for no watchdog. */
int64_t service_watchdog_ms(void);
/* WATCHDOG=1. */
void service_watchdog(void);

#endif
