/*
 * report.c — computes the broadcast report once (report_csv.c,
 * report_json.c, report_doc.c and the writers of xlsx, docx and html lay
 * it out).
 *
 * Key decisions. Everything is counted per item: the log is walked once,
 * in id order with each row's items read alongside (two scans, no
 * lookups), and each item airing is folded into its topic, its clip and
 * its month; the chain check runs meanwhile on its own thread and
 * connection. A row's topic words are resolved once through the station's
 * topic list (names and aliases, any spelling), so "CCHC" logged last year
 * and "cải cách hành chính" logged today are one topic. Every closed row
 * of the period is exactly one of: on air (something of it went out), not
 * aired (failed, missed, or cut before a sound) or a planned skip
 * (blackout days, validity dates: the schedule's own doing, listed apart
 * and never counted as not aired).
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "loa/agenda.h"
#include "loa/airlog.h"
#include "loa/clock.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/report.h"
#include "loa/store.h"
#include "loa/timeutil.h"
#include "loa/topic.h"
#include "loa/utf8.h"

static const char *const labels[RL_COUNT_ALL][2] = {
    [RL_TITLE] = {"Báo cáo kết quả tuyên truyền cải cách hành chính trên hệ thống truyền thanh cơ sở",
                  "Report on administrative reform broadcasts by the commune loudspeaker system"},
    [RL_STATION] = {"Đài truyền thanh", "Station"},
    [RL_PERIOD] = {"Kỳ báo cáo", "Period"},
    [RL_GENERATED] = {"Ngày lập báo cáo", "Generated"},
    [RL_CHAIN] = {"Kiểm tra nhật ký phát thanh", "Airing log check"},
    [RL_CHAIN_OK] = {"Nhật ký toàn vẹn, không bị sửa đổi", "Intact: the log was not altered"},
    [RL_CHAIN_BAD] = {"KHÔNG ĐẠT: nhật ký đã bị sửa đổi ngoài phần mềm",
                      "FAILED: the log was altered outside loa"},
    [RL_CHAIN_HEAD] = {"Mã kiểm tra cuối chuỗi (SHA-256)", "Chain head (SHA-256)"},
    [RL_CHAIN_ROWS] = {"Số dòng nhật ký đã kiểm tra", "Log rows checked"},
    [RL_TOTALS] = {"Tổng hợp", "Totals"},
    [RL_ITEMS] = {"Số tin, bài", "News items"},
    [RL_AIRINGS] = {"Số lượt phát", "Airings"},
    [RL_PROGRAMMES] = {"Số buổi phát", "Programmes"},
    [RL_AIRTIME] = {"Thời lượng", "Airtime"},
    [RL_AIRTIME_HOURS] = {"Thời lượng (giờ)", "Airtime (hours)"},
    [RL_SHARE] = {"Tỷ lệ thời lượng so với tổng thời lượng tin, bài", "Share of the news items' airtime"},
    [RL_NOT_AIRED] = {"Số buổi không phát được", "Programmes not aired"},
    [RL_LATE] = {"Số buổi phát trễ", "Programmes that started late"},
    [RL_BY_STATUS] = {"Theo trạng thái", "By status"},
    [RL_STATUS] = {"Trạng thái", "Status"},
    [RL_COUNT] = {"Số buổi", "Programmes"},
    [RL_BY_TOPIC] = {"Theo chủ đề", "By topic"},
    [RL_TOPIC] = {"Chủ đề", "Topic"},
    [RL_FURNITURE] = {"Phần khung chương trình (nhạc hiệu, mở đầu, kết thúc)",
                      "Programme furniture (jingles, openings, closings)"},
    [RL_BY_MONTH] = {"Theo tháng", "By month"},
    [RL_BY_WEEK] = {"Theo tuần", "By week"},
    [RL_MONTH] = {"Tháng", "Month"},
    [RL_WEEK] = {"Tuần", "Week"},
    [RL_BY_CLIP] = {"Danh mục tin, bài đã phát", "News items aired"},
    [RL_CLIP] = {"Mã tin bài", "Clip"},
    [RL_TITLE_COL] = {"Tên tin, bài", "Title"},
    [RL_ITEM_COL] = {"Tin, bài", "Item"},
    [RL_FIRST] = {"Phát lần đầu", "First aired"},
    [RL_LAST] = {"Phát lần cuối", "Last aired"},
    [RL_RECON] = {"Đối chiếu kế hoạch và thực tế", "Planned versus aired"},
    [RL_PLANNED] = {"Số buổi theo kế hoạch", "Programmes planned"},
    [RL_PLANNED_SKIP] = {"Số buổi kế hoạch tạm ngừng (ngày nghỉ, hết hạn, chưa gán tin bài...)",
                         "Programmes the plan skips (blackout, validity, no clip...)"},
    [RL_LOGGED] = {"Số buổi kế hoạch có trong nhật ký", "Planned programmes in the log"},
    [RL_UNLOGGED] = {"Số buổi kế hoạch không có trong nhật ký", "Planned programmes missing from the log"},
    [RL_NO_PLAN] = {"Chưa có lịch phát để đối chiếu", "No schedule to compare with"},
    [RL_PROBLEMS] = {"Các buổi phát không thực hiện được hoặc bị gián đoạn",
                     "Programmes missed, failed or interrupted"},
    [RL_SKIPS] = {"Tạm ngừng theo kế hoạch (không tính là không phát được)",
                  "Planned skips (not counted as not aired)"},
    [RL_SCHEDULED] = {"Giờ phát theo lịch", "Scheduled"},
    [RL_REASON] = {"Lý do", "Reason"},
    [RL_DETAIL] = {"Chi tiết", "Detail"},
    [RL_PLAYED] = {"Đã phát (giây)", "Played (s)"},
    [RL_NOTHING] = {"Không có buổi phát nào trong kỳ báo cáo", "Nothing aired in this period"},
    [RL_MORE] =
        {"trường hợp nữa không liệt kê ở đây (xem: loa log --status missed,failed,interrupted,partial)",
         "more not listed here (see: loa log --status missed,failed,interrupted,partial)"},
    [RL_NO_TOPIC] = {"(không có chủ đề)", "(no topic)"},
    [RL_CHART] = {"Thời lượng phát (giờ)", "Airtime (hours)"},
    [RL_HOURS] = {"giờ", "h"},
    [RL_ROW] = {"Dòng nhật ký", "Log row"},
    [RL_SECONDS] = {"giây", "s"},
    [RL_AIRED_PLANNED] = {"Số buổi kế hoạch đã phát", "Planned programmes that aired"},
    [RL_ALL_TOPICS] = {"Tất cả tin, bài", "All news items"},
    [RL_NUMBER] = {"STT", "No."},
    [RL_TOTAL_ROW] = {"Tổng cộng", "Total"},
    [RL_FROM] = {"Từ", "From"},
    [RL_TO] = {"Đến", "To"},
};

const char *
report_label(const struct report *r, enum report_label_id id)
{
	return labels[id][r->lang == REPORT_EN];
}

const char *
report_status_label(const struct report *r, enum airlog_status s)
{
	static const char *const vi[AIRLOG_NSTATUS] = {"đang phát", "hoàn thành", "bị gián đoạn", "lỗi",
	                                               "bị lỡ",     "tạm ngừng",  "phát một phần"};

	if ((int)s < 0 || s >= AIRLOG_NSTATUS)
		return "?";
	return r->lang == REPORT_EN ? airlog_status_name(s) : vi[s];
}

const char *
report_reason(const struct report *r, enum reason why)
{
	return reason_words(why, r->lang != REPORT_EN);
}

char *
report_airtime(const struct report *r, int64_t ms, char *buf, size_t n)
{
	int64_t min = (ms + 30000) / 60000;

	if (r->lang == REPORT_EN)
		snprintf(buf, n, "%" PRId64 " h %02d min", min / 60, (int)(min % 60));
	else
		snprintf(buf, n, "%" PRId64 " giờ %02d phút", min / 60, (int)(min % 60));
	return buf;
}

char *
report_period_label(const struct report *r, char *buf, size_t n)
{
	const struct report_period *p = &r->period;
	char a[16], b[16];
	int en = r->lang == REPORT_EN;

	switch (p->kind) {
	case 'Q':
		snprintf(buf, n, en ? "Q%d %d" : "Quý %d/%d", p->part, p->year);
		break;
	case 'H':
		if (en)
			snprintf(buf, n, "H%d %d", p->part, p->year);
		else
			snprintf(buf, n, "6 tháng %s năm %d", p->part == 1 ? "đầu" : "cuối", p->year);
		break;
	case 'Y':
		snprintf(buf, n, en ? "Year %d" : "Năm %d", p->year);
		break;
	default:
		time_format_vn_date(p->from_ms, r->tz, a, sizeof a);
		time_format_vn_date(p->to_ms - 1, r->tz, b, sizeof b);
		snprintf(buf, n, "%s – %s", a, b);
	}
	return buf;
}

char *
report_period_words(const struct report *r, char *buf, size_t n)
{
	static const char *const roman[] = {"", "I", "II", "III", "IV"};
	const struct report_period *p = &r->period;
	char a[16], b[16];

	if (r->lang == REPORT_EN)
		return report_period_label(r, buf, n);
	switch (p->kind) {
	case 'Q':
		snprintf(buf, n, "quý %s năm %d", roman[p->part], p->year);
		break;
	case 'H':
		snprintf(buf, n, "6 tháng %s năm %d", p->part == 1 ? "đầu" : "cuối", p->year);
		break;
	case 'Y':
		snprintf(buf, n, "năm %d", p->year);
		break;
	default:
		time_format_vn_date(p->from_ms, r->tz, a, sizeof a);
		time_format_vn_date(p->to_ms - 1, r->tz, b, sizeof b);
		snprintf(buf, n, "từ ngày %s đến ngày %s", a, b);
	}
	return buf;
}

char *
report_bucket_label(const struct report *r, const struct report_bucket *b, char *buf, size_t n)
{
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	char a[16], z[16];

	if (!r->weekly) {
		if (r->lang == REPORT_EN)
			snprintf(buf, n, "%s %d", mon[b->month - 1], b->year);
		else
			snprintf(buf, n, "Tháng %d/%d", b->month, b->year);
		return buf;
	}
	time_format_vn_date(b->from_ms, r->tz, a, sizeof a);
	time_format_vn_date(b->to_ms - 1, r->tz, z, sizeof z);
	snprintf(buf, n, "%.5s – %s", a, z);
	return buf;
}

char *
report_more(const struct report *r, char *buf, size_t n)
{
	snprintf(buf, n, "%s %" PRId64 " %s", r->lang == REPORT_EN ? "And" : "Còn",
	         r->problems_total - r->nproblems, report_label(r, RL_MORE));
	return buf;
}

const char *
report_clip_title(const struct report_clip *c)
{
	return *c->title ? c->title : c->playlist;
}

double
report_subject_share(const struct report *r)
{
	return r->content_airtime_ms > 0
	           ? 100.0 * (double)r->subject.airtime_ms / (double)r->content_airtime_ms
	           : 0;
}

/* ---- the form ---- */

/* The commune's name in the station's name ("Đài truyền thanh xã Đức
 * Hòa" -> kind "xã", name "Đức Hòa"); 0 when there is none. */
static int
commune_of(const char *station, char *kind, size_t kn, char *name, size_t nn)
{
	static const char *const kinds[] = {"thị trấn ", "phường ", "xã "};
	char *key = utf8_key(station), *clean = utf8_clean(station);
	int found = 0;

	for (size_t i = 0; key && clean && i < sizeof kinds / sizeof kinds[0] && !found; i++) {
		const char *at = strstr(clean, kinds[i]);
		if (!at) {
			/* "Xã" capitalised: find it through the key, which has the
			 * same length in bytes for these words. */
			const char *k = strstr(key, kinds[i]);
			if (k && strlen(key) == strlen(clean))
				at = clean + (k - key);
		}
		if (at && at[strlen(kinds[i])]) {
			snprintf(kind, kn, "%.*s", (int)strlen(kinds[i]) - 1, kinds[i]);
			snprintf(name, nn, "%s", at + strlen(kinds[i]));
			found = 1;
		}
	}
	free(key);
	free(clean);
	return found;
}

void
report_form_defaults(struct report_form *f, const char *station)
{
	char kind[32], name[128];
	int have = commune_of(station, kind, sizeof kind, name, sizeof name);

	if (!f->issuer[0]) {
		char line[200], *up;
		snprintf(line, sizeof line, "%s %s", have ? kind : "xã",
		         have ? name : "....................");
		up = utf8_upper(line);
		snprintf(f->issuer, sizeof f->issuer, "ỦY BAN NHÂN DÂN;%s", up ? up : line);
		free(up);
	}
	if (!f->place[0])
		snprintf(f->place, sizeof f->place, "%s", have ? name : "....................");
	if (!f->issuer_words[0])
		snprintf(f->issuer_words, sizeof f->issuer_words, "Ủy ban nhân dân %s%s%s",
		         have ? kind : "xã", have ? " " : "", have ? name : "");
	if (!f->number[0])
		snprintf(f->number, sizeof f->number, "BC-UBND");
	if (!f->recipients[0])
		snprintf(f->recipients, sizeof f->recipients,
		         "UBND tỉnh (qua Sở Văn hóa, Thể thao và Du lịch);Lưu: VT, VHXH");
	if (!f->authority[0])
		snprintf(f->authority, sizeof f->authority, "TM. ỦY BAN NHÂN DÂN");
	if (!f->signer_title[0])
		snprintf(f->signer_title, sizeof f->signer_title, "CHỦ TỊCH");
	if (!f->topic[0])
		snprintf(f->topic, sizeof f->topic, "%s", TOPIC_CCHC);
}

/* ---- periods ---- */

static int
period_bounds(const char *zone, int y1, int m1, int y2, int m2, struct report_period *p)
{
	struct civil a = {.year = y1, .month = m1, .day = 1}, b = {.year = y2, .month = m2, .day = 1};

	return tz_to_utc(zone, &a, &p->from_ms) == 0 && tz_to_utc(zone, &b, &p->to_ms) == 0 ? 0 : -1;
}

int
report_period_parse(char kind, const char *text, const char *zone, struct report_period *p)
{
	char *end;
	long year;
	int part = 0;

	memset(p, 0, sizeof *p);
	if (strlen(text) < 4 || text[0] < '0' || text[0] > '9')
		return -1;
	year = strtol(text, &end, 10);
	if (end - text != 4 || year < 1970 || year > 9998)
		return -1;
	if (kind == 'Y') {
		if (*end)
			return -1;
	} else {
		if ((*end != kind && *end != kind + ('a' - 'A')) || !end[1] || end[2])
			return -1;
		part = end[1] - '0';
		if (part < 1 || part > (kind == 'Q' ? 4 : 2))
			return -1;
	}
	p->kind = kind;
	p->year = (int)year;
	p->part = part;
	if (kind == 'Y')
		return period_bounds(zone, p->year, 1, p->year + 1, 1, p);
	if (kind == 'Q')
		return part == 4 ? period_bounds(zone, p->year, 10, p->year + 1, 1, p)
		                 : period_bounds(zone, p->year, 3 * part - 2, p->year, 3 * part + 1, p);
	return part == 2 ? period_bounds(zone, p->year, 7, p->year + 1, 1, p)
	                 : period_bounds(zone, p->year, 1, p->year, 7, p);
}

/* The civil date one day after c. */
static void
next_day(struct civil *c)
{
	if (++c->day > civil_days_in_month(c->year, c->month)) {
		c->day = 1;
		if (++c->month > 12) {
			c->month = 1;
			c->year++;
		}
	}
}

int
report_period_range(const char *from, const char *to, const char *zone, struct report_period *p)
{
	struct civil a, b;

	memset(p, 0, sizeof *p);
	p->kind = 'R';
	if (time_parse_date(from, &a) != 0 || time_parse_date(to, &b) != 0)
		return -1;
	next_day(&b);
	if (tz_to_utc(zone, &a, &p->from_ms) != 0 || tz_to_utc(zone, &b, &p->to_ms) != 0)
		return -1;
	return p->to_ms <= p->from_ms ? -2 : 0;
}

/* ---- building ---- */

static char *
dup(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		abort();
	return d;
}

/* Makes room for element n (n elements so far; capacity doubles at each
 * power of two). */
static void *
grow(void *v, int n, size_t size)
{
	if (n && (n & (n - 1)))
		return v;
	v = realloc(v, size * (size_t)(n ? 2 * n : 1));
	if (!v)
		abort();
	return v;
}

/* Months of the period (or weeks, Monday first, for periods up to 62 days). */
static int
make_buckets(struct report *r)
{
	const struct report_period *p = &r->period;
	struct civil c, n;
	int64_t at, next;
	int off;

	r->weekly = p->to_ms - p->from_ms <= 62LL * 86400000;
	if (tz_from_utc(r->tz, p->from_ms, &c, &off) != 0)
		return error(_("cannot use the station's time zone: '%s'"), r->tz);
	c.hour = c.min = c.sec = 0;
	at = p->from_ms;
	while (at < p->to_ms) {
		n = c;
		if (r->weekly) {
			int wd = civil_weekday(&c); /* 0 = Sunday */
			int days = wd == 0 ? 1 : 8 - wd;
			for (int i = 0; i < days; i++)
				next_day(&n);
		} else {
			n.day = 1;
			if (++n.month > 12) {
				n.month = 1;
				n.year++;
			}
		}
		if (tz_to_utc(r->tz, &n, &next) != 0)
			return -1;
		if (next > p->to_ms)
			next = p->to_ms;
		r->buckets = grow(r->buckets, r->nbuckets, sizeof *r->buckets);
		r->buckets[r->nbuckets] = (struct report_bucket){
		    .from_ms = at, .to_ms = next, .year = c.year, .month = c.month, .day = c.day};
		r->nbuckets++;
		at = next;
		c = n;
	}
	return 0;
}

/*
 * A small string-keyed hash table of indexes, for the words a topic was
 * logged with and for clips: the walk looks one up per item, millions of
 * times, and there are only a few hundred keys.
 */
struct index {
	struct {
		uint64_t hash; /* of the key */
		char *key;     /* owned */
		int value;     /* an index into the report's arrays */
	} * v;
	size_t n, cap; /* used, slots (a power of two, at most half full) */
};

static uint64_t
fnv(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 14695981039346656037ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

/* The slot of key (its value, or where it goes). */
static size_t
index_slot(const struct index *x, const char *key, size_t len, uint64_t h)
{
	size_t i = (size_t)h & (x->cap - 1);

	while (x->v[i].key && (x->v[i].hash != h || strncmp(x->v[i].key, key, len) != 0 || x->v[i].key[len]))
		i = (i + 1) & (x->cap - 1);
	return i;
}

/* key's value, or -1. */
static int
index_get(const struct index *x, const char *key, size_t len)
{
	size_t i;

	if (!x->cap)
		return -1;
	i = index_slot(x, key, len, fnv(key, len));
	return x->v[i].key ? x->v[i].value : -1;
}

static void
index_put(struct index *x, const char *key, size_t len, int value)
{
	uint64_t h = fnv(key, len);
	size_t i;

	if (2 * (x->n + 1) > x->cap) {
		struct index old = *x;
		x->cap = x->cap ? x->cap * 2 : 64;
		if (!(x->v = calloc(x->cap, sizeof *x->v)))
			abort();
		x->n = 0;
		for (size_t k = 0; k < old.cap; k++)
			if (old.v[k].key) {
				i = index_slot(x, old.v[k].key, strlen(old.v[k].key), old.v[k].hash);
				x->v[i] = old.v[k];
				x->n++;
			}
		free(old.v);
	}
	i = index_slot(x, key, len, h);
	if (!x->v[i].key) {
		if (!(x->v[i].key = malloc(len + 1)))
			abort();
		memcpy(x->v[i].key, key, len);
		x->v[i].key[len] = 0;
		x->v[i].hash = h;
		x->n++;
	}
	x->v[i].value = value;
}

static void
index_free(struct index *x)
{
	for (size_t i = 0; i < x->cap; i++)
		free(x->v[i].key);
	free(x->v);
	memset(x, 0, sizeof *x);
}

struct fold {
	struct report *r;    /* being built */
	struct store *s;     /* for the topic list */
	int64_t subject_id;  /* the report's topic in the list (0: not in it) */
	char *subject_key;   /* and its key */
	struct index words;  /* topic words as logged -> index into r->topics */
	struct index topics; /* topic key -> index into r->topics */
	struct index clips;  /* "clip id/playlist/topic index" -> index into r->clips */
};

/* The report topic that logged words stand for (resolved once per
 * spelling through the topic list). */
static int
topic_of(struct fold *f, const char *words)
{
	size_t len = strlen(words);
	int t = index_get(&f->words, words, len);
	struct report *r = f->r;
	struct topic tp;
	char *key;
	int found;

	if (t >= 0)
		return t;
	found = *words ? topic_find(f->s, words, &tp) : 1;
	if (found < 0)
		found = 1; /* counted under the words as logged; the error was printed */
	if (found == 0)
		key = utf8_key(tp.name);
	else
		key = utf8_key(words);
	if (!key)
		key = dup(words); /* not UTF-8: kept as its own topic */
	t = index_get(&f->topics, key, strlen(key));
	if (t < 0) {
		char *name = found == 0 ? dup(tp.name) : utf8_clean(words);
		r->topics = grow(r->topics, r->ntopics, sizeof *r->topics);
		t = r->ntopics++;
		r->topics[t] = (struct report_topic){
		    .topic = name ? name : dup(words),
		    .furniture = found == 0 && tp.furniture,
		    .subject = found == 0 ? tp.id == f->subject_id
		                          : f->subject_key && strcmp(key, f->subject_key) == 0,
		};
		index_put(&f->topics, key, strlen(key), t);
	}
	free(key);
	index_put(&f->words, words, len, t);
	return t;
}

/* The report's entry for a clip under a topic, made on first sight. */
static struct report_clip *
clip_of(struct fold *f, int64_t clip_id, const char *playlist, int topic, const char *title, int64_t at)
{
	struct report *r = f->r;
	char key[320], *p = key;
	size_t pl = strnlen(playlist, 256);
	int n, c;

	/* "clip/topic/playlist", by hand: this runs once per item airing. */
	p = fmt_decimal(p, (uint64_t)clip_id);
	*p++ = '/';
	p = fmt_decimal(p, (uint64_t)topic);
	*p++ = '/';
	memcpy(p, playlist, pl);
	p += pl;
	*p = 0;
	n = (int)(p - key);
	c = index_get(&f->clips, key, (size_t)n);

	if (c < 0) {
		r->clips = grow(r->clips, r->nclips, sizeof *r->clips);
		c = r->nclips++;
		r->clips[c] = (struct report_clip){.clip_id = clip_id,
		                                   .playlist = dup(playlist),
		                                   .title = dup(title),
		                                   .topic = dup(r->topics[topic].topic),
		                                   .furniture = r->topics[topic].furniture,
		                                   .latest_ms = at};
		index_put(&f->clips, key, (size_t)n, c);
	} else if (at > r->clips[c].latest_ms) {
		free(r->clips[c].title);
		r->clips[c].title = dup(title);
		r->clips[c].latest_ms = at;
	}
	return &r->clips[c];
}

static void
add_problem(struct fold *f, const struct airlog_row *row, enum airlog_status st, const char *item,
            enum reason why, const char *detail, int64_t played_ms)
{
	struct report *r = f->r;

	r->problems_total++;
	r->problems = grow(r->problems, r->nproblems, sizeof *r->problems);
	r->problems[r->nproblems++] = (struct report_problem){
	    .id = row->id,
	    .scheduled_ms = row->scheduled_ms,
	    .status = st,
	    .played_ms = played_ms,
	    .title = dup(row->title),
	    .item = dup(item),
	    .why = why,
	    .detail = dup(detail),
	};
}

static void
add_skip(struct report *r, enum reason why, int64_t at, int programme)
{
	struct report_skip *k = &r->skips[(int)why >= 0 && why < REASON_COUNT ? why : REASON_OTHER];

	if (!k->programmes && !k->items)
		k->first_ms = k->last_ms = at;
	k->why = why;
	k->programmes += programme;
	k->items += !programme;
	if (at < k->first_ms)
		k->first_ms = at;
	if (at > k->last_ms)
		k->last_ms = at;
	r->skipped_total += programme;
}

/* One item airing (or a version 1 row standing for one). Returns whether
 * it was a completed airing of the report's topic. */
static int
fold_item(struct fold *f, const struct airlog_row *row, struct report_bucket *b, int64_t clip_id,
          const char *playlist, const char *title, const char *topic_words, enum airlog_status st,
          int64_t played_ms)
{
	struct report *r = f->r;
	int t = topic_of(f, topic_words);
	struct report_topic *tp = &r->topics[t];
	struct report_clip *c = clip_of(f, clip_id, playlist, t, title, row->scheduled_ms);
	int done = st == AIRLOG_COMPLETED;

	r->totals.airtime_ms += played_ms;
	b->sums.airtime_ms += played_ms;
	tp->sums.airtime_ms += played_ms;
	c->airtime_ms += played_ms;
	if (tp->furniture) {
		r->furniture_airtime_ms += played_ms;
		r->furniture_airings += done;
	} else {
		r->content_airtime_ms += played_ms;
		r->totals.airings += done;
		b->sums.airings += done;
		if (tp->subject) {
			r->subject.airtime_ms += played_ms;
			r->subject.airings += done;
			b->subject_airings += done;
		}
	}
	tp->sums.airings += done;
	if (done) {
		c->airings++;
		if (!c->first_ms || row->scheduled_ms < c->first_ms)
			c->first_ms = row->scheduled_ms;
		if (row->scheduled_ms > c->last_ms)
			c->last_ms = row->scheduled_ms;
	}
	return done && tp->subject && !tp->furniture;
}

static int
fold_row(void *ctx, const struct airlog_row *row)
{
	struct fold *f = ctx;
	struct report *r = f->r;
	struct report_bucket *b;
	int lo = 0, hi = r->nbuckets, subject = 0;
	enum reason why;

	if ((int)row->status < 0 || row->status >= AIRLOG_NSTATUS || row->status == AIRLOG_PLAYING)
		return 0;     /* on air now (counted once closed), or a tamperer's word that verify names */
	while (hi - lo > 1) { /* buckets[lo].from_ms <= scheduled */
		int m = (lo + hi) / 2;
		if (row->scheduled_ms >= r->buckets[m].from_ms)
			lo = m;
		else
			hi = m;
	}
	b = &r->buckets[lo];
	r->by_status[row->status]++;
	r->late += row->late != 0;
	why = airlog_row_reason(row);
	if (row->status == AIRLOG_SKIPPED) {
		add_skip(r, why, row->scheduled_ms, 1);
		return 0;
	}
	if (row->played_ms > 0) {
		r->totals.programmes++;
		b->sums.programmes++;
	} else if (row->status != AIRLOG_COMPLETED) {
		r->totals.not_aired++;
		b->sums.not_aired++;
	}
	if (row->status == AIRLOG_MISSED || row->status == AIRLOG_FAILED || row->status == AIRLOG_INTERRUPTED)
		add_problem(f, row, row->status, "", why, row->reason, row->played_ms);
	if (row->v < 2) {
		/* Before items: the row is its one item. */
		if (row->status == AIRLOG_COMPLETED || row->status == AIRLOG_INTERRUPTED)
			subject = fold_item(f, row, b, row->clip_id, row->clip_id ? "" : row->playlist,
			                    row->title, row->topic, row->status, row->played_ms);
	} else {
		for (int i = 0; i < row->nitems; i++) {
			const struct airlog_item *it = &row->items[i];
			if (it->status == AIRLOG_SKIPPED) {
				add_skip(r, airlog_item_reason(it), row->scheduled_ms, 0);
				continue;
			}
			if (it->status == AIRLOG_FAILED && row->status != AIRLOG_FAILED)
				add_problem(f, row, AIRLOG_FAILED, it->title, airlog_item_reason(it),
				            it->reason, it->played_ms);
			if (it->played_ms > 0 || it->status == AIRLOG_COMPLETED)
				subject |= fold_item(f, row, b, it->clip_id, "", it->title, it->topic,
				                     it->status, it->played_ms);
		}
	}
	r->subject.programmes += subject;
	return 0;
}

static int
by_time(const void *a, const void *b)
{
	const struct report_problem *x = a, *y = b;

	if (x->scheduled_ms != y->scheduled_ms)
		return x->scheduled_ms < y->scheduled_ms ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int
by_airtime(const void *a, const void *b)
{
	const struct report_topic *x = a, *y = b;

	if (x->furniture != y->furniture)
		return x->furniture - y->furniture;
	if (x->subject != y->subject)
		return y->subject - x->subject;
	if (x->sums.airtime_ms != y->sums.airtime_ms)
		return x->sums.airtime_ms < y->sums.airtime_ms ? 1 : -1;
	return strcmp(x->topic, y->topic);
}

static int
by_airings(const void *a, const void *b)
{
	const struct report_clip *x = a, *y = b;

	if (x->furniture != y->furniture)
		return x->furniture - y->furniture;
	if (x->airings != y->airings)
		return x->airings < y->airings ? 1 : -1;
	if (x->airtime_ms != y->airtime_ms)
		return x->airtime_ms < y->airtime_ms ? 1 : -1;
	return strcmp(report_clip_title(x), report_clip_title(y));
}

static int
by_clip_key(const void *a, const void *b)
{
	const struct report_clip *x = *(const struct report_clip *const *)a,
	                         *y = *(const struct report_clip *const *)b;

	if (x->clip_id != y->clip_id)
		return x->clip_id < y->clip_id ? -1 : 1;
	return strcmp(x->playlist, y->playlist);
}

/* Items: distinct clips with a completed airing, per topic (an entry is a
 * clip under one topic) and in all (a clip counted once across topics). */
static void
count_items(struct report *r)
{
	struct report_clip **v = malloc(((size_t)r->nclips + 1) * sizeof *v);
	int n = 0;

	if (!v)
		abort();
	for (int i = 0; i < r->nclips; i++) {
		struct report_clip *c = &r->clips[i];
		if (!c->airings)
			continue;
		for (int t = 0; t < r->ntopics; t++)
			if (strcmp(r->topics[t].topic, c->topic) == 0) {
				r->topics[t].sums.items++;
				if (r->topics[t].subject && !r->topics[t].furniture)
					r->subject.items++;
				break;
			}
		if (!c->furniture)
			v[n++] = c;
	}
	qsort(v, (size_t)n, sizeof *v, by_clip_key);
	for (int i = 0; i < n; i++)
		if (i == 0 || by_clip_key(&v[i - 1], &v[i]) != 0)
			r->totals.items++;
	free(v);
}

static int
report_plan_fill(struct store *s, struct report *r)
{
	struct agenda a = {0};
	enum airlog_status st;
	int found;

	memset(&r->plan, 0, sizeof r->plan);
	if (agenda_build(s, r->period.from_ms, r->period.to_ms, &a) != 0) {
		warning(_("the report has no planned-versus-aired part: the schedule could not be expanded"));
		return 0;
	}
	r->plan.available = 1;
	for (size_t i = 0; i < a.n; i++) {
		const struct airing *x = &a.v[i];
		if (x->status == AIRING_SKIPPED) {
			r->plan.planned_skip++;
			continue;
		}
		r->plan.planned++;
		if ((found = airlog_status_of(s, x->slot_id, x->start_ms, &st)) < 0) {
			agenda_free(&a);
			return -1;
		}
		if (!found) {
			r->plan.unlogged++;
		} else {
			r->plan.logged++;
			r->plan.aired +=
			    st == AIRLOG_COMPLETED || st == AIRLOG_PARTIAL || st == AIRLOG_INTERRUPTED;
		}
	}
	agenda_free(&a);
	return 0;
}

/* The report's topic in the station's list. */
static void
find_subject(struct fold *f)
{
	struct report *r = f->r;
	struct topic t;

	if (topic_find(f->s, r->form.topic, &t) == 0) {
		f->subject_id = t.id;
		snprintf(r->subject_topic, sizeof r->subject_topic, "%s", t.name);
		f->subject_key = utf8_key(t.name);
	} else {
		char *c = utf8_clean(r->form.topic);
		snprintf(r->subject_topic, sizeof r->subject_topic, "%s", c ? c : r->form.topic);
		free(c);
		f->subject_key = utf8_key(r->form.topic);
	}
}

/*
 * The log is read once, by the chain check (airlog_verify_observed): each
 * of its parts folds the rows it checks into a report of its own, and the
 * parts are added together here. The check reads every row ever written
 * anyway, and re-reading the period's rows for the sums cost as much
 * again. When the check is in doubt (a tampered log) it goes row by row,
 * and the period is then read on its own.
 */
struct parts {
	struct report *r;                     /* the report being built */
	int64_t subject_id;                   /* its topic in the list (0: not in it) */
	const char *subject_key;              /* and its key */
	struct fold fold[AIRLOG_PARTS_MAX];   /* each part's fold */
	struct report part[AIRLOG_PARTS_MAX]; /* and what it folded into */
	int n;                                /* parts started (fold[0..n)) */
};

static void
fold_done(struct fold *f)
{
	index_free(&f->words);
	index_free(&f->topics);
	index_free(&f->clips);
	free(f->subject_key);
	f->subject_key = NULL;
}

/* A part's own report: r's frame (period, buckets, topic), no figures. */
static void *
part_start(void *ctx, int index)
{
	struct parts *ps = ctx;
	struct fold *f = &ps->fold[index];
	struct report *part = &ps->part[index], *r = ps->r;

	memset(f, 0, sizeof *f);
	memset(part, 0, sizeof *part);
	part->lang = r->lang;
	part->period = r->period;
	snprintf(part->tz, sizeof part->tz, "%s", r->tz);
	snprintf(part->subject_topic, sizeof part->subject_topic, "%s", r->subject_topic);
	part->nbuckets = r->nbuckets;
	part->weekly = r->weekly;
	if (!(part->buckets = malloc(((size_t)r->nbuckets + 1) * sizeof *part->buckets)))
		abort();
	memcpy(part->buckets, r->buckets, (size_t)r->nbuckets * sizeof *part->buckets);
	f->r = part;
	f->subject_id = ps->subject_id;
	f->subject_key = ps->subject_key ? dup(ps->subject_key) : NULL;
	if (index >= ps->n)
		ps->n = index + 1;
	return f;
}

static int
part_row(void *state, struct store *s, const struct airlog_row *row)
{
	struct fold *f = state;

	if (row->scheduled_ms < f->r->period.from_ms || row->scheduled_ms >= f->r->period.to_ms)
		return 0;
	f->s = s; /* this part's connection: topic words are looked up on it */
	return fold_row(f, row);
}

/* Adds what part folded into r; part's strings and arrays go to r. */
static void
merge(struct report *r, struct report *part)
{
	struct report_sums *a = &r->totals, *b = &part->totals;

	a->airings += b->airings, a->programmes += b->programmes, a->airtime_ms += b->airtime_ms;
	a->not_aired += b->not_aired;
	r->subject.airings += part->subject.airings, r->subject.programmes += part->subject.programmes;
	r->subject.airtime_ms += part->subject.airtime_ms;
	r->content_airtime_ms += part->content_airtime_ms;
	r->furniture_airings += part->furniture_airings;
	r->furniture_airtime_ms += part->furniture_airtime_ms;
	r->late += part->late;
	r->skipped_total += part->skipped_total;
	r->problems_total += part->problems_total;
	for (int i = 0; i < AIRLOG_NSTATUS; i++)
		r->by_status[i] += part->by_status[i];
	for (int i = 0; i < r->nbuckets; i++) {
		struct report_sums *x = &r->buckets[i].sums, *y = &part->buckets[i].sums;
		x->airings += y->airings, x->programmes += y->programmes, x->airtime_ms += y->airtime_ms;
		x->not_aired += y->not_aired;
		r->buckets[i].subject_airings += part->buckets[i].subject_airings;
	}
	for (int i = 0; i < REASON_COUNT; i++) {
		struct report_skip *x = &r->skips[i], *y = &part->skips[i];
		if (!y->programmes && !y->items)
			continue;
		if (!x->programmes && !x->items)
			*x = *y;
		else {
			x->programmes += y->programmes, x->items += y->items;
			x->first_ms = y->first_ms < x->first_ms ? y->first_ms : x->first_ms;
			x->last_ms = y->last_ms > x->last_ms ? y->last_ms : x->last_ms;
		}
	}
	for (int i = 0; i < part->ntopics; i++) {
		struct report_topic *y = &part->topics[i];
		int k;
		for (k = 0; k < r->ntopics && strcmp(r->topics[k].topic, y->topic) != 0; k++)
			;
		if (k == r->ntopics) {
			r->topics = grow(r->topics, r->ntopics, sizeof *r->topics);
			r->topics[r->ntopics++] = *y;
			continue;
		}
		r->topics[k].sums.airings += y->sums.airings;
		r->topics[k].sums.airtime_ms += y->sums.airtime_ms;
		free(y->topic);
	}
	for (int i = 0; i < part->nclips; i++) {
		struct report_clip *y = &part->clips[i], *x = NULL;
		for (int k = 0; k < r->nclips && !x; k++)
			if (r->clips[k].clip_id == y->clip_id &&
			    strcmp(r->clips[k].playlist, y->playlist) == 0 &&
			    strcmp(r->clips[k].topic, y->topic) == 0)
				x = &r->clips[k];
		if (!x) {
			r->clips = grow(r->clips, r->nclips, sizeof *r->clips);
			r->clips[r->nclips++] = *y;
			continue;
		}
		x->airings += y->airings, x->airtime_ms += y->airtime_ms;
		if (y->first_ms && (!x->first_ms || y->first_ms < x->first_ms))
			x->first_ms = y->first_ms;
		if (y->last_ms > x->last_ms)
			x->last_ms = y->last_ms;
		if (y->latest_ms > x->latest_ms) {
			free(x->title);
			x->title = y->title;
			x->latest_ms = y->latest_ms;
			y->title = NULL;
		}
		free(y->title);
		free(y->playlist);
		free(y->topic);
	}
	for (int i = 0; i < part->nproblems; i++) {
		r->problems = grow(r->problems, r->nproblems, sizeof *r->problems);
		r->problems[r->nproblems++] = part->problems[i];
	}
	free(part->topics);
	free(part->clips);
	free(part->problems);
	free(part->buckets);
	memset(part, 0, sizeof *part);
}

int
report_build(struct store *s, const struct report_period *p, enum report_lang lang,
             const struct report_form *form, struct report *r)
{
	struct airlog_filter flt = {.from_ms = p->from_ms, .to_ms = p->to_ms, .with_items = 1, .by_id = 1};
	struct parts *ps = calloc(1, sizeof *ps);
	struct airlog_observer obs = {part_start, part_row, ps};
	struct fold f = {.r = r, .s = s};
	int began, rc = 0, observed = 0;
	struct station st;

	memset(r, 0, sizeof *r);
	if (!ps)
		return error(_("out of memory"));
	r->lang = lang;
	r->period = *p;
	r->generated_ms = clock_wall_ms();
	if (form)
		r->form = *form;
	if (store_station_get(s, &st) != 0 ||
	    (snprintf(r->tz, sizeof r->tz, "%s", st.tz), make_buckets(r)) != 0) {
		free(ps);
		return -1;
	}
	snprintf(r->station, sizeof r->station, "%s", st.name);
	report_form_defaults(&r->form, r->station);
	/* Every figure from one snapshot, so that they agree while the
	 * daemon goes on writing. */
	if ((began = store_read_begin(s)) < 0) {
		free(ps);
		return -1;
	}
	find_subject(&f);
	ps->r = r;
	ps->subject_id = f.subject_id;
	ps->subject_key = f.subject_key;
	if (airlog_verify_observed(s, &r->check, &obs, &observed) != 0)
		rc = -1;
	for (int k = 0; k < ps->n; k++) {
		fold_done(&ps->fold[k]);
		if (rc == 0 && observed)
			merge(r, &ps->part[k]);
		else
			report_free(&ps->part[k]);
	}
	if (rc == 0 && !observed)
		rc = airlog_each(s, &flt, fold_row, &f) < 0 ? -1 : 0;
	store_read_end(s, began);
	fold_done(&f);
	free(ps);
	if (rc != 0)
		return -1;
	count_items(r);
	if (r->nproblems)
		qsort(r->problems, (size_t)r->nproblems, sizeof *r->problems, by_time);
	while (r->nproblems > REPORT_MAX_PROBLEMS) {
		struct report_problem *q = &r->problems[--r->nproblems];
		free(q->title);
		free(q->item);
		free(q->detail);
	}
	if (r->ntopics)
		qsort(r->topics, (size_t)r->ntopics, sizeof *r->topics, by_airtime);
	if (r->nclips)
		qsort(r->clips, (size_t)r->nclips, sizeof *r->clips, by_airings);
	return report_plan_fill(s, r);
}

void
report_free(struct report *r)
{
	for (int i = 0; i < r->ntopics; i++)
		free(r->topics[i].topic);
	for (int i = 0; i < r->nclips; i++) {
		free(r->clips[i].playlist);
		free(r->clips[i].title);
		free(r->clips[i].topic);
	}
	for (int i = 0; i < r->nproblems; i++) {
		free(r->problems[i].title);
		free(r->problems[i].item);
		free(r->problems[i].detail);
	}
	free(r->topics);
	free(r->clips);
	free(r->buckets);
	free(r->problems);
	memset(r, 0, sizeof *r);
}
