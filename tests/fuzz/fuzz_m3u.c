/*
 * fuzz_m3u.c — the M3U/M3U8 playlist parser (loa playlist import).
 *
 * Playlists come from USB sticks and other programs: any bytes at all.
 * The parser must refuse or accept without crashing or reading past the
 * text, and every entry it returns must be a non-empty path on a real
 * line, in order.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "library/clip_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct m3u_entry *e;
	char *buf = malloc(size + 1);
	int n, last = 0;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = 0;
	if (m3u_parse("/media/usb/playlists/p.m3u8", buf, size, &e, &n) == 0) {
		if (n < 1)
			abort();
		for (int i = 0; i < n; i++) {
			if (!e[i].path[0] || e[i].line <= last)
				abort();
			last = e[i].line;
		}
		m3u_entries_free(e, n);
	}
	free(buf);
	return 0;
}
