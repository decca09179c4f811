/*
 * report_doc.c — the report as a Vietnamese administrative document: the
 * words and tables every document writer lays out (see report_doc.h).
 *
 * Key decisions. The words are made here once, in both languages, so the
 * docx and its html preview cannot drift apart. Numbers are written the
 * Vietnamese way in a Vietnamese document (12.345 and 35,2%). The parts
 * only the commune can write — which directive it answers, its own
 * assessment, next period's tasks — are left as marked placeholders
 * rather than filled with generic prose: the document is finished by the
 * officer, in Word or Writer, before the leader signs it.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/report.h"
#include "loa/timeutil.h"
#include "loa/topic.h"
#include "loa/utf8.h"
#include "airlog/report_doc.h"

/* Text in both languages: T(d, "Vietnamese", "English"). */
#define T(d, in_vi, in_en) ((d)->vi ? (in_vi) : (in_en))

static char *dupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
dupf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !(s = malloc((size_t)n + 1)))
		abort(); /* a document with holes would be worse than none */
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* v with thousands separators: "12.345" (vi) or "12,345". */
static char *
count(const struct report_doc *d, int64_t v, char *buf, size_t n)
{
	char digits[32];
	int len, o = 0;

	snprintf(digits, sizeof digits, "%" PRId64, v < 0 ? -v : v);
	len = (int)strlen(digits);
	if (v < 0 && (size_t)o + 1 < n)
		buf[o++] = '-';
	for (int i = 0; i < len && (size_t)o + 2 < n; i++) {
		if (i && (len - i) % 3 == 0)
			buf[o++] = d->vi ? '.' : ',';
		buf[o++] = digits[i];
	}
	buf[o] = 0;
	return buf;
}

/* A percentage with one decimal: "35,2%" (vi) or "35.2%". */
static char *
percent(const struct report_doc *d, double v, char *buf, size_t n)
{
	snprintf(buf, n, "%.1f%%", v);
	if (d->vi)
		for (char *p = buf; *p; p++)
			if (*p == '.')
				*p = ',';
	return buf;
}

static struct doc_block *
add(struct doc_block **v, int *n, enum doc_style style, char *text)
{
	struct doc_block *nv = realloc(*v, (size_t)(*n + 1) * sizeof *nv);

	if (!nv)
		abort();
	*v = nv;
	nv[*n] = (struct doc_block){.style = style, .text = text};
	return &nv[(*n)++];
}

#define BODY(d, style, ...) add(&(d)->body, &(d)->nbody, style, dupf(__VA_ARGS__))
#define APPX(d, style, ...) add(&(d)->appendix, &(d)->nappendix, style, dupf(__VA_ARGS__))

/* Starts a table of ncols columns with the given widths (percent). */
static struct doc_table *
table(struct doc_block **v, int *n, int ncols, const int *widths, const int *numeric)
{
	struct doc_block *b = add(v, n, DOC_TABLE, NULL);

	b->table.ncols = ncols;
	for (int i = 0; i < ncols; i++) {
		b->table.widths[i] = widths[i];
		b->table.numeric[i] = numeric ? numeric[i] : 0;
	}
	return &b->table;
}

/* Appends a row of ncols cells (copied). */
static void
row(struct doc_table *t, ...)
{
	va_list ap;
	char **nv = realloc(t->cells, (size_t)(t->nrows + 1) * (size_t)t->ncols * sizeof *nv);

	if (!nv)
		abort();
	t->cells = nv;
	va_start(ap, t);
	for (int i = 0; i < t->ncols; i++) {
		const char *c = va_arg(ap, const char *);
		nv[t->nrows * t->ncols + i] = dupf("%s", c ? c : "");
	}
	va_end(ap);
	t->nrows++;
}

/* A name at the head of a table row or column: first letter a capital. */
static const char *
cap(const char *s, char *buf, size_t n)
{
	char *c = utf8_capital(s);

	snprintf(buf, n, "%s", c ? c : s);
	free(c);
	return buf;
}

/* Splits a ';'-separated value into trimmed lines. */
static char **
lines(const char *s, int *n)
{
	char **v = NULL;

	*n = 0;
	while (*s) {
		const char *e = strchr(s, ';');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		const char *a = s, *z = s + len;
		while (a < z && (*a == ' ' || *a == '\t'))
			a++;
		while (z > a && (z[-1] == ' ' || z[-1] == '\t'))
			z--;
		if (z > a) {
			if (!(v = realloc(v, (size_t)(*n + 1) * sizeof *v)))
				abort();
			v[(*n)++] = dupf("%.*s", (int)(z - a), a);
		}
		s = e ? e + 1 : s + len;
	}
	return v;
}

/* "05/10/2026" as a document's date line says it: "ngày 05 tháng 10 năm
 * 2026" (days below 10 and the months 1 and 2 with a leading zero, as the
 * decree asks). */
static void
date_words(const struct report *r, const struct report_doc *d, int64_t ms, char *buf, size_t n)
{
	struct civil c;

	if (tz_from_utc(r->tz, ms, &c, NULL) != 0)
		memset(&c, 0, sizeof c);
	if (d->vi)
		snprintf(buf, n, "ngày %02d tháng %s%d năm %d", c.day, c.month < 3 ? "0" : "", c.month,
		         c.year);
	else
		snprintf(buf, n, "%02d/%02d/%d", c.day, c.month, c.year);
}

static void
header(const struct report *r, struct report_doc *d)
{
	char date[64], per[128];

	d->issuer = lines(r->form.issuer, &d->nissuer);
	snprintf(d->number, sizeof d->number, "%s:        /%s", T(d, "Số", "No."), r->form.number);
	snprintf(d->motto[0], sizeof d->motto[0], "%s",
	         T(d, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"));
	snprintf(d->motto[1], sizeof d->motto[1], "%s",
	         T(d, "Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"));
	date_words(r, d, r->generated_ms, date, sizeof date);
	snprintf(d->place_date, sizeof d->place_date, "%s, %s", r->form.place, date);
	snprintf(d->title, sizeof d->title, "%s", T(d, "BÁO CÁO", "REPORT"));
	report_period_words(r, per, sizeof per);
	if (d->vi)
		snprintf(d->summary, sizeof d->summary,
		         "Kết quả tuyên truyền %s trên hệ thống truyền thanh cơ sở %s", r->subject_topic,
		         per);
	else
		snprintf(d->summary, sizeof d->summary,
		         "Broadcasts on %s by the commune loudspeaker system, %s", r->subject_topic, per);
	snprintf(d->doc_title, sizeof d->doc_title, "%s %s", d->vi ? "Báo cáo" : "Report:", d->summary);
}

/* The opening of the narrative: "Trong quý III năm 2026" / "In Q3 2026". */
static void
during(const struct report *r, const struct report_doc *d, char *buf, size_t n)
{
	char per[128];

	report_period_words(r, per, sizeof per);
	if (!d->vi)
		snprintf(buf, n, "In %s", per);
	else if (r->period.kind == 'R')
		snprintf(buf, n, "Trong thời gian %s", per);
	else
		snprintf(buf, n, "Trong %s", per);
}

static void
results(const struct report *r, struct report_doc *d)
{
	static const int w3[] = {46, 27, 27}, n3[] = {0, 1, 1};
	char a[32], b[32], c[32], t1[48], t2[48], in[160], head[UTF8_BYTES(UTF8_NAME_MAX) + 8];
	const struct report_sums *s = &r->subject, *all = &r->totals;
	struct doc_table *t;

	BODY(d, DOC_SECTION, "%s", T(d, "I. KẾT QUẢ THỰC HIỆN", "I. RESULTS"));
	BODY(d, DOC_SUBSECTION, "%s", T(d, "1. Kết quả chung", "1. Overall"));
	during(r, d, in, sizeof in);
	if (!all->programmes) {
		BODY(d, DOC_BODY, "%s",
		     T(d,
		       "Trong kỳ báo cáo, đài chưa có buổi phát nào được ghi nhận trong nhật ký phát thanh.",
		       "Nothing aired in this period according to the airing log."));
	} else {
		if (s->items && d->vi)
			BODY(d, DOC_BODY,
			     "%s, %s đã phát %s tin, bài về %s với %s lượt phát trong %s buổi phát, tổng "
			     "thời lượng %s, "
			     "chiếm %s thời lượng phát tin, bài của đài.",
			     in, r->station, count(d, s->items, a, sizeof a), r->subject_topic,
			     count(d, s->airings, b, sizeof b), count(d, s->programmes, c, sizeof c),
			     report_airtime(r, s->airtime_ms, t1, sizeof t1),
			     percent(d, report_subject_share(r), t2, sizeof t2));
		else if (s->items)
			BODY(d, DOC_BODY,
			     "%s, %s aired %s news items on %s, %s airings in %s programmes, %s in all, %s "
			     "of the "
			     "station's news airtime.",
			     in, r->station, count(d, s->items, a, sizeof a), r->subject_topic,
			     count(d, s->airings, b, sizeof b), count(d, s->programmes, c, sizeof c),
			     report_airtime(r, s->airtime_ms, t1, sizeof t1),
			     percent(d, report_subject_share(r), t2, sizeof t2));
		else
			BODY(d, DOC_BODY,
			     T(d, "%s, %s chưa phát tin, bài nào về %s.", "%s, %s aired no news item on %s."),
			     in, r->station, r->subject_topic);
		if (d->vi)
			BODY(
			    d, DOC_BODY,
			    "Tính chung mọi chủ đề, đài đã phát %s tin, bài với %s lượt phát trong %s buổi "
			    "phát; tổng "
			    "thời lượng phát sóng %s (kể cả nhạc hiệu, lời mở đầu và kết thúc chương trình).",
			    count(d, all->items, a, sizeof a), count(d, all->airings, b, sizeof b),
			    count(d, all->programmes, c, sizeof c),
			    report_airtime(r, all->airtime_ms, t1, sizeof t1));
		else
			BODY(d, DOC_BODY,
			     "Across all topics the station aired %s news items, %s airings in %s "
			     "programmes; %s on air "
			     "in all (jingles, openings and closings included).",
			     count(d, all->items, a, sizeof a), count(d, all->airings, b, sizeof b),
			     count(d, all->programmes, c, sizeof c),
			     report_airtime(r, all->airtime_ms, t1, sizeof t1));
	}
	{
		int64_t cut = r->problems_total > all->not_aired ? r->problems_total - all->not_aired : 0;
		count(d, all->not_aired, a, sizeof a);
		count(d, cut, b, sizeof b);
		if (all->not_aired && cut)
			BODY(d, DOC_BODY,
			     T(d,
			       "Có %s buổi phát không thực hiện được và %s trường hợp bị gián đoạn hoặc lỗi "
			       "một phần (chi tiết tại mục 5).",
			       "%s programmes could not air and %s were cut or partly failed (see section "
			       "5)."),
			     a, b);
		else if (all->not_aired)
			BODY(d, DOC_BODY,
			     T(d, "Có %s buổi phát không thực hiện được (chi tiết tại mục 5).",
			       "%s programmes could not air (see section 5)."),
			     a);
		else if (cut)
			BODY(d, DOC_BODY,
			     T(d, "Có %s trường hợp bị gián đoạn hoặc lỗi một phần (chi tiết tại mục 5).",
			       "%s programmes were cut or partly failed (see section 5)."),
			     b);
	}
	if (r->skipped_total)
		BODY(d, DOC_BODY,
		     T(d,
		       "Có %s buổi tạm ngừng theo kế hoạch (ngày nghỉ lễ, tin, bài hết hạn phát...), không "
		       "tính là không phát được.",
		       "%s programmes were skipped as planned (holidays, items past their dates...), not "
		       "counted as not aired."),
		     count(d, r->skipped_total, a, sizeof a));
	t = table(&d->body, &d->nbody, 3, w3, n3);
	row(t, T(d, "Chỉ tiêu", "Figure"), cap(r->subject_topic, head, sizeof head),
	    report_label(r, RL_ALL_TOPICS));
	row(t, report_label(r, RL_ITEMS), count(d, s->items, a, sizeof a), count(d, all->items, b, sizeof b));
	row(t, report_label(r, RL_AIRINGS), count(d, s->airings, a, sizeof a),
	    count(d, all->airings, b, sizeof b));
	row(t, report_label(r, RL_PROGRAMMES), count(d, s->programmes, a, sizeof a),
	    count(d, all->programmes, b, sizeof b));
	row(t, report_label(r, RL_AIRTIME), report_airtime(r, s->airtime_ms, t1, sizeof t1),
	    report_airtime(r, r->content_airtime_ms, t2, sizeof t2));
	row(t, T(d, "Tỷ lệ thời lượng", "Share of airtime"), percent(d, report_subject_share(r), a, sizeof a),
	    "100%");
}

static void
by_topic(const struct report *r, struct report_doc *d)
{
	static const int w[] = {8, 44, 14, 16, 18}, num[] = {1, 0, 1, 1, 1};
	char a[32], b[32], c[48], k[16], name[TOPIC_NAME_MAX];
	struct doc_table *t;
	int n = 0;

	BODY(d, DOC_SUBSECTION, "%s", T(d, "2. Kết quả theo chủ đề", "2. By topic"));
	t = table(&d->body, &d->nbody, 5, w, num);
	row(t, report_label(r, RL_NUMBER), report_label(r, RL_TOPIC), report_label(r, RL_ITEMS),
	    report_label(r, RL_AIRINGS), report_label(r, RL_AIRTIME));
	for (int i = 0; i < r->ntopics; i++) {
		const struct report_topic *p = &r->topics[i];
		if (p->furniture || (!p->sums.airings && !p->sums.airtime_ms))
			continue;
		snprintf(k, sizeof k, "%d", ++n);
		row(t, k, *p->topic ? cap(p->topic, name, sizeof name) : report_label(r, RL_NO_TOPIC),
		    count(d, p->sums.items, a, sizeof a), count(d, p->sums.airings, b, sizeof b),
		    report_airtime(r, p->sums.airtime_ms, c, sizeof c));
	}
	row(t, "", report_label(r, RL_TOTAL_ROW), count(d, r->totals.items, a, sizeof a),
	    count(d, r->totals.airings, b, sizeof b), report_airtime(r, r->content_airtime_ms, c, sizeof c));
	t->total = 1;
	if (r->furniture_airtime_ms)
		BODY(d, DOC_BODY,
		     T(d,
		       "Ngoài ra, nhạc hiệu, lời mở đầu và kết thúc chương trình được phát %s lượt, thời "
		       "lượng %s; phần này không tính là tin, bài.",
		       "Jingles, openings and closings also aired %s times, %s; they are not counted as news "
		       "items."),
		     count(d, r->furniture_airings, a, sizeof a),
		     report_airtime(r, r->furniture_airtime_ms, c, sizeof c));
}

static void
by_month(const struct report *r, struct report_doc *d)
{
	static const int w[] = {24, 15, 15, 16, 16, 14}, num[] = {0, 1, 1, 1, 1, 1};
	char lb[64], a[32], b[32], c[32], e[32], t1[48], subj[160];
	struct doc_table *t;

	BODY(d, DOC_SUBSECTION, "%s",
	     r->weekly ? T(d, "3. Kết quả theo tuần", "3. By week")
	               : T(d, "3. Kết quả theo tháng", "3. By month"));
	t = table(&d->body, &d->nbody, 6, w, num);
	snprintf(subj, sizeof subj, T(d, "Trong đó: %s", "Of which %s"), r->subject_topic);
	row(t, report_label(r, r->weekly ? RL_WEEK : RL_MONTH), report_label(r, RL_PROGRAMMES),
	    report_label(r, RL_AIRINGS), subj, report_label(r, RL_AIRTIME), report_label(r, RL_NOT_AIRED));
	for (int i = 0; i < r->nbuckets; i++) {
		const struct report_bucket *k = &r->buckets[i];
		row(t, report_bucket_label(r, k, lb, sizeof lb), count(d, k->sums.programmes, a, sizeof a),
		    count(d, k->sums.airings, b, sizeof b), count(d, k->subject_airings, c, sizeof c),
		    report_airtime(r, k->sums.airtime_ms, t1, sizeof t1),
		    count(d, k->sums.not_aired, e, sizeof e));
	}
}

static void
by_clip(const struct report *r, struct report_doc *d)
{
	static const int w[] = {7, 33, 17, 9, 15, 19}, num[] = {1, 0, 0, 1, 1, 0};
	char k[16], a[32], t1[48], f1[16], f2[16], span[40], name[TOPIC_NAME_MAX];
	struct doc_table *t;
	int n = 0;

	BODY(d, DOC_SUBSECTION, "%s", T(d, "4. Danh mục tin, bài đã phát", "4. News items aired"));
	for (int i = 0; i < r->nclips; i++)
		n += r->clips[i].airings && !r->clips[i].furniture;
	if (!n) {
		BODY(d, DOC_BODY, "%s",
		     T(d, "Không có tin, bài nào được phát trong kỳ.", "No news item aired in this period."));
		return;
	}
	t = table(&d->body, &d->nbody, 6, w, num);
	row(t, report_label(r, RL_NUMBER), report_label(r, RL_TITLE_COL), report_label(r, RL_TOPIC),
	    report_label(r, RL_AIRINGS), report_label(r, RL_AIRTIME), T(d, "Thời gian phát", "Aired"));
	n = 0;
	for (int i = 0; i < r->nclips; i++) {
		const struct report_clip *c = &r->clips[i];
		if (!c->airings || c->furniture)
			continue;
		snprintf(k, sizeof k, "%d", ++n);
		time_format_vn_date(c->first_ms, r->tz, f1, sizeof f1);
		time_format_vn_date(c->last_ms, r->tz, f2, sizeof f2);
		if (strcmp(f1, f2) == 0)
			snprintf(span, sizeof span, "%s", f1);
		else
			snprintf(span, sizeof span, "%s – %s", f1, f2);
		row(t, k, report_clip_title(c),
		    *c->topic ? cap(c->topic, name, sizeof name) : report_label(r, RL_NO_TOPIC),
		    count(d, c->airings, a, sizeof a), report_airtime(r, c->airtime_ms, t1, sizeof t1), span);
	}
}

static void
problems(const struct report *r, struct report_doc *d)
{
	static const int w[] = {7, 15, 19, 19, 12, 28}, num[] = {1, 0, 0, 0, 0, 0};
	static const int ws[] = {38, 11, 13, 19, 19}, nums[] = {0, 1, 1, 0, 0};
	char k[16], when[40], a[32], b[32], f1[16], f2[16], why[256];
	struct doc_table *t;

	BODY(d, DOC_SUBSECTION, "%s",
	     T(d, "5. Các buổi phát không thực hiện được hoặc bị gián đoạn",
	       "5. What did not air as planned"));
	if (!r->problems_total) {
		BODY(d, DOC_BODY, "%s",
		     T(d, "Trong kỳ, không có buổi phát nào bị lỡ, bị lỗi hoặc bị gián đoạn.",
		       "No programme was missed, failed or cut in this period."));
	} else {
		t = table(&d->body, &d->nbody, 6, w, num);
		row(t, report_label(r, RL_NUMBER), report_label(r, RL_SCHEDULED),
		    T(d, "Chương trình", "Programme"), report_label(r, RL_ITEM_COL),
		    report_label(r, RL_STATUS), report_label(r, RL_REASON));
		for (int i = 0; i < r->nproblems; i++) {
			const struct report_problem *q = &r->problems[i];
			snprintf(k, sizeof k, "%d", i + 1);
			row(t, k, time_format_vn(q->scheduled_ms, r->tz, when, sizeof when), q->title,
			    q->item, cap(report_status_label(r, q->status), a, sizeof a),
			    cap(report_reason(r, q->why), why, sizeof why));
		}
		if (r->problems_total > r->nproblems) {
			char more[256];
			BODY(d, DOC_BODY, "%s", report_more(r, more, sizeof more));
		}
	}
	if (!r->skipped_total && !r->skips[REASON_CLIP_EXPIRED].items &&
	    !r->skips[REASON_CLIP_NOT_YET_VALID].items)
		return;
	BODY(d, DOC_BODY, "%s",
	     T(d,
	       "Các buổi và tin, bài tạm ngừng theo kế hoạch (do lịch phát quy định, không tính là không "
	       "phát được):",
	       "Programmes and items skipped as planned (the schedule's own rules, not counted as not "
	       "aired):"));
	t = table(&d->body, &d->nbody, 5, ws, nums);
	row(t, report_label(r, RL_REASON), report_label(r, RL_COUNT),
	    T(d, "Số tin, bài bỏ qua", "Items left out"), report_label(r, RL_FROM), report_label(r, RL_TO));
	for (int i = 0; i < REASON_COUNT; i++) {
		const struct report_skip *s = &r->skips[i];
		if (!s->programmes && !s->items)
			continue;
		row(t, cap(report_reason(r, s->why), why, sizeof why), count(d, s->programmes, a, sizeof a),
		    count(d, s->items, b, sizeof b), time_format_vn_date(s->first_ms, r->tz, f1, sizeof f1),
		    time_format_vn_date(s->last_ms, r->tz, f2, sizeof f2));
	}
}

static void
closing(const struct report *r, struct report_doc *d)
{
	char per[128];

	BODY(d, DOC_SECTION, "%s", T(d, "II. ĐÁNH GIÁ CHUNG", "II. ASSESSMENT"));
	BODY(d, DOC_PLACEHOLDER, "%s",
	     T(d,
	       "[Đánh giá ưu điểm, hạn chế và nguyên nhân. Phần này do cán bộ văn hóa - xã hội viết trước "
	       "khi trình ký.]",
	       "[Strengths, shortcomings and their causes. The officer writes this before the report is "
	       "signed.]"));
	BODY(d, DOC_SECTION, "%s", T(d, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", "III. NEXT PERIOD"));
	BODY(d, DOC_PLACEHOLDER, "%s",
	     T(d, "[Nội dung, chủ đề tuyên truyền dự kiến kỳ tới; khung giờ phát.]",
	       "[What the station plans to air next period, and when.]"));
	BODY(d, DOC_SECTION, "%s", T(d, "IV. ĐỀ XUẤT, KIẾN NGHỊ", "IV. PROPOSALS"));
	BODY(d, DOC_PLACEHOLDER, "%s", T(d, "[Nếu có.]", "[If any.]"));
	report_period_words(r, per, sizeof per);
	if (d->vi)
		BODY(d, DOC_BODY,
		     "Trên đây là báo cáo kết quả tuyên truyền %s trên hệ thống truyền thanh cơ sở %s của "
		     "%s./.",
		     r->subject_topic, per, r->form.issuer_words);
	else
		BODY(d, DOC_BODY, "This is the report of %s on its broadcasts on %s, %s.",
		     r->form.issuer_words, r->subject_topic, per);
}

static void
signature(const struct report *r, struct report_doc *d)
{
	char **v;
	int n;

	snprintf(d->recipients_label, sizeof d->recipients_label, "%s", T(d, "Nơi nhận:", "To:"));
	v = lines(r->form.recipients, &n);
	d->recipients = calloc((size_t)n + 1, sizeof *d->recipients);
	if (!d->recipients)
		abort();
	for (int i = 0; i < n; i++) {
		d->recipients[i] = dupf("- %s%s", v[i], i + 1 < n ? ";" : ".");
		free(v[i]);
	}
	free(v);
	d->nrecipients = n;
	v = lines(r->form.signer_title, &n);
	if (!(d->sign = calloc((size_t)n + 2, sizeof *d->sign)))
		abort();
	d->sign[d->nsign++] = dupf("%s", r->form.authority);
	for (int i = 0; i < n; i++)
		d->sign[d->nsign++] = v[i];
	free(v);
	snprintf(d->sign_note, sizeof d->sign_note, "%s",
	         T(d, "(Ký, ghi rõ họ tên, đóng dấu)", "(Signature, name, seal)"));
	snprintf(d->signer, sizeof d->signer, "%s", r->form.signer);
}

static void
appendix(const struct report *r, struct report_doc *d)
{
	static const int w[] = {44, 56};
	char a[32], b[32], when[40], date[16], rows[96];
	struct doc_table *t;

	add(&d->appendix, &d->nappendix, DOC_PAGE_BREAK, NULL);
	APPX(d, DOC_CENTER_BOLD, "%s", T(d, "Phụ lục", "Appendix"));
	APPX(d, DOC_CENTER_BOLD, "%s", T(d, "KIỂM TRA NHẬT KÝ PHÁT THANH", "THE AIRING LOG'S CHECK"));
	time_format_vn_date(r->generated_ms, r->tz, date, sizeof date);
	APPX(d, DOC_NOTE,
	     T(d, "(Kèm theo Báo cáo số        /%s ngày %s của %s)",
	       "(Attached to report no.        /%s of %s, %s)"),
	     r->form.number, date, r->form.issuer_words);
	APPX(d, DOC_BODY, "%s",
	     T(d,
	       "Nhật ký phát thanh do phần mềm loa ghi tự động cho từng buổi phát và từng tin, bài. Mỗi dòng "
	       "nhật ký "
	       "được nối với dòng trước bằng mã băm SHA-256, nên mọi sửa đổi, thêm hoặc xóa dòng sau khi đã "
	       "ghi đều bị "
	       "phát hiện khi kiểm tra. Các số liệu của báo cáo được tính từ nhật ký này.",
	       "loa writes the airing log by itself, one row per programme and per item. Each row is chained "
	       "to the "
	       "one before by a SHA-256 hash, so any row changed, added or removed after it was written is "
	       "found by "
	       "the check. Every figure of the report comes from this log."));
	t = table(&d->appendix, &d->nappendix, 2, w, NULL);
	t->key_value = 1;
	row(t, report_label(r, RL_CHAIN),
	    r->check.intact ? report_label(r, RL_CHAIN_OK) : report_label(r, RL_CHAIN_BAD));
	if (!r->check.intact)
		row(t, report_label(r, RL_DETAIL), r->check.problem);
	snprintf(rows, sizeof rows, T(d, "%s buổi phát, %s dòng tin, bài", "%s programmes, %s item rows"),
	         count(d, r->check.rows, a, sizeof a), count(d, r->check.items, b, sizeof b));
	row(t, report_label(r, RL_CHAIN_ROWS), rows);
	row(t, report_label(r, RL_CHAIN_HEAD), r->check.head);
	row(t, T(d, "Thời điểm kiểm tra", "Checked at"),
	    time_format_vn(r->generated_ms, r->tz, when, sizeof when));
	row(t, T(d, "Phần mềm", "Software"), "loa " LOA_VERSION);
	APPX(d, DOC_BODY, "%s",
	     T(d,
	       "Cơ quan nhận báo cáo lưu lại mã kiểm tra cuối chuỗi: nhật ký của kỳ sau phải nối tiếp đúng "
	       "mã này.",
	       "The recipient keeps the chain head: the next period's log must continue from exactly this "
	       "hash."));
	APPX(d, DOC_SUBSECTION, "%s", report_label(r, RL_RECON));
	if (!r->plan.available) {
		APPX(d, DOC_BODY, "%s", report_label(r, RL_NO_PLAN));
		return;
	}
	t = table(&d->appendix, &d->nappendix, 2, w, (const int[]){0, 1});
	t->key_value = 1;
	row(t, report_label(r, RL_PLANNED), count(d, r->plan.planned, a, sizeof a));
	row(t, report_label(r, RL_AIRED_PLANNED), count(d, r->plan.aired, a, sizeof a));
	row(t, report_label(r, RL_LOGGED), count(d, r->plan.logged, a, sizeof a));
	row(t, report_label(r, RL_UNLOGGED), count(d, r->plan.unlogged, a, sizeof a));
	row(t, report_label(r, RL_PLANNED_SKIP), count(d, r->plan.planned_skip, a, sizeof a));
}

int
report_doc_build(const struct report *r, struct report_doc *d)
{
	memset(d, 0, sizeof *d);
	d->vi = r->lang != REPORT_EN;
	header(r, d);
	BODY(d, DOC_PLACEHOLDER, "%s",
	     T(d,
	       "[Căn cứ văn bản chỉ đạo của cấp trên: số, ngày, trích yếu. Phần này do cán bộ văn hóa - xã "
	       "hội điền.]",
	       "[The directive this report answers: number, date, subject. The officer fills this in.]"));
	{
		char per[128];
		report_period_words(r, per, sizeof per);
		if (d->vi)
			BODY(
			    d, DOC_BODY,
			    "%s báo cáo kết quả tuyên truyền %s trên hệ thống truyền thanh cơ sở %s như sau:",
			    r->form.issuer_words, r->subject_topic, per);
		else
			BODY(d, DOC_BODY,
			     "%s reports on its broadcasts on %s, %s, as follows:", r->form.issuer_words,
			     r->subject_topic, per);
	}
	results(r, d);
	by_topic(r, d);
	by_month(r, d);
	by_clip(r, d);
	problems(r, d);
	closing(r, d);
	signature(r, d);
	appendix(r, d);
	return 0;
}

static void
blocks_free(struct doc_block *v, int n)
{
	for (int i = 0; i < n; i++) {
		free(v[i].text);
		for (int k = 0; k < v[i].table.nrows * v[i].table.ncols; k++)
			free(v[i].table.cells[k]);
		free(v[i].table.cells);
	}
	free(v);
}

void
report_doc_free(struct report_doc *d)
{
	for (int i = 0; i < d->nissuer; i++)
		free(d->issuer[i]);
	for (int i = 0; i < d->nrecipients; i++)
		free(d->recipients[i]);
	for (int i = 0; i < d->nsign; i++)
		free(d->sign[i]);
	free(d->issuer);
	free(d->recipients);
	free(d->sign);
	blocks_free(d->body, d->nbody);
	blocks_free(d->appendix, d->nappendix);
	memset(d, 0, sizeof *d);
}
