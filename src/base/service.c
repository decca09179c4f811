/*
 * service.c — sd_notify(3) for the daemon; the only file that includes
 * systemd's headers (tests/unit/test_layers.sh keeps it so).
 *
 * sd_notify() is a no-op returning 0 when NOTIFY_SOCKET is unset, so the
 * same binary runs in a terminal, under a test, or as a Type=notify unit.
 * Failures to notify are not worth stopping a broadcast for: they are
 * logged at debug level and ignored (systemd's watchdog will restart us if
 * it truly cannot hear us).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <systemd/sd-daemon.h>

#include "loa/service.h"

static void
notify(const char *state)
{
	int rc = sd_notify(0, state);

	if (rc < 0)
		log_debug("sd_notify(%s) failed: error %d", state, -rc);
}

void
service_ready(void)
{
	notify("READY=1");
}

void
service_status(const char *fmt, ...)
{
	static char last[512];
	char buf[512];
	va_list ap;
	int n;

	n = snprintf(buf, sizeof buf, "STATUS=");
	va_start(ap, fmt);
	vsnprintf(buf + n, sizeof buf - n, fmt, ap);
	va_end(ap);
	/* The loop re-plans often; tell systemd only what is new. */
	if (strcmp(buf, last) == 0)
		return;
	snprintf(last, sizeof last, "%s", buf);
	notify(buf);
}

void
service_stopping(void)
{
	notify("STOPPING=1");
}

int64_t
service_watchdog_ms(void)
{
	uint64_t usec = 0;

	/* unset_environment = 0: a restarted child of ours never runs, but
	 * hooks inherit the environment; they ignore WATCHDOG_USEC. */
	if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
		return 0;
	return (int64_t)(usec / 2000);
}

void
service_watchdog(void)
{
	notify("WATCHDOG=1");
}
