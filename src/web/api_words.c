/*
 * api_words.c — GET /api/v1/reasons: the airing log's reason codes in
 * words, in the request's language.
 *
 * The log and the report carry a stable code for why an airing did not air
 * as planned (reason.h); the pages show it in words. The words are the
 * core's own (src/airlog/reason.c, what `loa log` prints in a table), so
 * the console asks for them once instead of keeping a copy that would
 * drift from the CLI's.
 */
#include <stdio.h>
#include <string.h>

#include "loa/fmt.h"
#include "loa/reason.h"
#include "web/web.h"

int
api_reasons(struct web *w, struct web_req *r, struct web_resp *out)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = web_json_open(out, &buf, &len);
	int vi = strcmp(r->lang, "vi") == 0;

	(void)w;
	if (!f)
		return -1;
	fputc('{', f);
	for (int i = REASON_NONE + 1; i < REASON_COUNT; i++) {
		fputs(i > REASON_NONE + 1 ? "," : "", f);
		fmt_json_string(f, reason_code((enum reason)i));
		fputc(':', f);
		fmt_json_string(f, reason_words((enum reason)i, vi));
	}
	fputs("}\n", f);
	return web_json_close(out, f, &buf, &len);
}
