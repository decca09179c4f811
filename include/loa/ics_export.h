/*
 * ics_export.h — the station's schedule as an iCalendar file: every slot
 * with its clip or playlist, and the blackout days, as `loa slot import`
 * reads them back to the same agenda.
 */
#ifndef LOA_ICS_EXPORT_H
#define LOA_ICS_EXPORT_H

#include <stddef.h>

struct store;

/*
 * The whole VCALENDAR text (malloc'd), or NULL with the error reported.
 * When out_path (where the caller will write it) is given, each slot's
 * playlist is written beside it as NAME.m3u and named by an ATTACH line
 * (a playlist that cannot be is warned about, and still named by
 * X-LOA-PLAYLIST). *nslots and *ndays say how many slots and blackout days
 * it holds.
 */
char *ics_export(struct store *st, const char *out_path, size_t *nslots, size_t *ndays);

#endif
