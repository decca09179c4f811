/*
 * fuzz_wire.c — an airing log row from the network (airlog_wire.c over
 * json.c): what loa-hub reads from every station's messages.
 *
 * Any bytes must be read or refused with a problem, never crash, read
 * past the text or leak. A row that is read must write back to JSON that
 * reads again as the same row: the same hash (airlog_row_hash).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/airlog_wire.h"
#include "loa/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
any(void *ctx, const char *key, const char *p, const char *end)
{
	(void)ctx, (void)key, (void)p, (void)end;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct airlog_wire w = {0}, again = {0};
	char *text = malloc(size + 1), *out = NULL, h1[65], h2[65];
	size_t len = 0;
	FILE *f;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	(void)json_walk(text, JSON_DEPTH_MAX, any, NULL);
	if (airlog_wire_read(&w, text)) {
		airlog_row_hash(&w.row, w.row.prev_hash, h1);
		if (!(f = open_memstream(&out, &len)) || airlog_wire_write(f, &w.row) != 0)
			abort();
		fclose(f);
		if (!airlog_wire_read(&again, out))
			abort();
		airlog_row_hash(&again.row, again.row.prev_hash, h2);
		if (strcmp(h1, h2) != 0)
			abort();
		free(out);
	} else if (!*w.problem) {
		abort(); /* refused without saying why */
	}
	airlog_wire_free(&w);
	airlog_wire_free(&again);
	free(text);
	return 0;
}
