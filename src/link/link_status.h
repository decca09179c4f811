/*
 * link_status.h — the station's status as `loa link` publishes it on
 * loa/<station>/status (doc/link.md).
 */
#ifndef LOA_LINK_STATUS_H
#define LOA_LINK_STATUS_H

#include <stddef.h>

struct store;

#define LINK_STATUS_MIN_S 60 /* a status at most this often, unless the link starts or stops */

/* The status message while the link runs, into buf (n bytes; report_topic:
 * loa.conf's [report] topic, NULL or "" for CCHC), and in sig
 * (nsig bytes) what of it counts as a change (not the heartbeat's time,
 * not the free space's last megabytes). 0, or -1 when the station could
 * not be read (printed). */
int link_status_text(struct store *s, const char *db_path, const char *report_topic, char *buf, size_t n,
                     char *sig, size_t nsig);

#define LINK_STATUS_MAX 65536 /* bytes of a status message, at most */

/* The status a station leaves when it goes: the link's own on a clean
 * stop, and its last will, which the broker publishes if it vanishes. */
#define LINK_STATUS_OFFLINE "{\"online\":false}"

#endif
