/*
 * report.c — computes the broadcast report once, and writes it as CSV and
 * JSON (report_html.c and report_xlsx.c write the other two formats).
 *
 * Key decision: the store does the counting. The period is cut into months
 * (or weeks), and the store sums the log by month, clip, topic and status
 * in one pass (airlog_tally_buckets), so each row is read once and this
 * file only folds a few hundred groups per month into the totals, topics,
 * months and clips. The chain check runs meanwhile on its own thread. "Aired" means something went out on the
 * loudspeakers: completed or interrupted airings; failed, missed and
 * skipped ones are counted apart, never silently dropped.
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

static const char *const labels[RL_COUNT_ALL][2] = {
    [RL_TITLE] = {"Báo cáo kết quả phát thanh tuyên truyền cải cách hành chính",
                  "Report on administrative reform broadcasts"},
    [RL_STATION] = {"Đài truyền thanh", "Station"},
    [RL_PERIOD] = {"Kỳ báo cáo", "Period"},
    [RL_GENERATED] = {"Ngày lập báo cáo", "Generated"},
    [RL_CHAIN] = {"Kiểm tra nhật ký phát thanh", "Airing log check"},
    [RL_CHAIN_OK] = {"Nhật ký toàn vẹn, không bị sửa đổi", "Intact: the log was not altered"},
    [RL_CHAIN_BAD] = {"KHÔNG ĐẠT: nhật ký đã bị sửa đổi ngoài phần mềm",
                      "FAILED: the log was altered outside loa"},
    [RL_CHAIN_HEAD] = {"Mã kiểm tra cuối chuỗi", "Chain head"},
    [RL_TOTALS] = {"Tổng hợp", "Totals"},
    [RL_ITEMS] = {"Số tin bài", "Items aired"},
    [RL_AIRINGS] = {"Số lượt phát", "Airings"},
    [RL_AIRTIME] = {"Thời lượng", "Airtime"},
    [RL_AIRTIME_HOURS] = {"Thời lượng (giờ)", "Airtime (hours)"},
    [RL_NOT_AIRED] = {"Số lượt không phát được", "Airings that did not air"},
    [RL_LATE] = {"Số lượt phát trễ", "Airings that started late"},
    [RL_BY_STATUS] = {"Theo trạng thái", "By status"},
    [RL_STATUS] = {"Trạng thái", "Status"},
    [RL_COUNT] = {"Số lượt", "Count"},
    [RL_BY_TOPIC] = {"Theo chủ đề", "By topic"},
    [RL_TOPIC] = {"Chủ đề", "Topic"},
    [RL_BY_MONTH] = {"Theo tháng", "By month"},
    [RL_BY_WEEK] = {"Theo tuần", "By week"},
    [RL_MONTH] = {"Tháng", "Month"},
    [RL_WEEK] = {"Tuần", "Week"},
    [RL_BY_CLIP] = {"Theo tin bài", "By item"},
    [RL_CLIP] = {"Mã tin bài", "Clip"},
    [RL_TITLE_COL] = {"Tên tin bài", "Title"},
    [RL_FIRST] = {"Phát lần đầu", "First aired"},
    [RL_LAST] = {"Phát lần cuối", "Last aired"},
    [RL_RECON] = {"Đối chiếu kế hoạch và thực tế", "Planned versus aired"},
    [RL_PLANNED] = {"Số lượt theo kế hoạch", "Airings planned"},
    [RL_PLANNED_SKIP] = {"Số lượt kế hoạch bỏ qua (ngày nghỉ, chưa gán tin bài...)",
                         "Airings the plan skips (blackout, no clip...)"},
    [RL_LOGGED] = {"Số lượt kế hoạch có trong nhật ký", "Planned airings in the log"},
    [RL_UNLOGGED] = {"Số lượt kế hoạch không có trong nhật ký", "Planned airings missing from the log"},
    [RL_NO_PLAN] = {"Chưa có lịch phát để đối chiếu", "No schedule to compare with"},
    [RL_PROBLEMS] = {"Các lượt bị lỡ, lỗi hoặc gián đoạn", "Missed, failed and interrupted airings"},
    [RL_SCHEDULED] = {"Giờ phát theo lịch", "Scheduled"},
    [RL_REASON] = {"Lý do", "Reason"},
    [RL_PLAYED] = {"Đã phát (giây)", "Played (s)"},
    [RL_NOTHING] = {"Không có lượt phát nào trong kỳ báo cáo", "Nothing aired in this period"},
    [RL_MORE] = {"lượt nữa không liệt kê ở đây (xem: loa log --status missed,failed,interrupted)",
                 "more not listed here (see: loa log --status missed,failed,interrupted)"},
    [RL_NO_TOPIC] = {"(không có chủ đề)", "(no topic)"},
    [RL_CHART] = {"Thời lượng phát (giờ)", "Airtime (hours)"},
    [RL_HOURS] = {"giờ", "h"},
    [RL_QUARTER] = {"Quý", "Q"},
    [RL_HALF] = {"6 tháng", "H"},
    [RL_YEAR] = {"Năm", "Year"},
    [RL_ROW] = {"Dòng nhật ký", "Log row"},
    [RL_SECONDS] = {"giây", "s"},
    [RL_AIRED_PLANNED] = {"Số lượt kế hoạch đã phát", "Planned airings that aired"},
};

const char *
report_label(const struct report *r, enum report_label_id id)
{
	return labels[id][r->lang == REPORT_EN];
}

const char *
report_status_label(const struct report *r, enum airlog_status s)
{
	static const char *const vi[] = {"đang phát", "hoàn thành", "bị gián đoạn", "lỗi", "bị lỡ", "bỏ qua"};

	if ((int)s < 0 || s > AIRLOG_SKIPPED)
		return "?";
	return r->lang == REPORT_EN ? airlog_status_name(s) : vi[s];
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

/*
 * The reasons in the log are English (airlog.h says why); the report shows
 * them in its language. Each entry is a reason loa writes, as a pattern
 * whose conversions (%s, %d, %ld) stand for any text, and its Vietnamese
 * with the same conversions in the same order (the wording of po/vi.po).
 * A reason not found here (a PortAudio message, a row from a daemon that
 * ran in Vietnamese) is shown as written.
 */
static const char *const reasons_vi[][2] = {
    {AIRLOG_WHY_NOT_RUNNING, "loa không chạy vào thời điểm đó"},
    {AIRLOG_WHY_BUSY, "loa đang bận hoặc bị treo vào thời điểm đó"},
    {AIRLOG_WHY_EMERGENCY, "bị ngắt để phát tin khẩn cấp"},
    {AIRLOG_WHY_SIGTERM, "loa bị dừng (SIGTERM)"},
    {AIRLOG_WHY_STOPPED, "đã dừng"},
    {AIRLOG_WHY_UNTIL, "đã đến thời điểm kết thúc của 'loa run --until'"},
    {AIRLOG_WHY_NO_START, "không bắt đầu phát được"},
    {AIRLOG_WHY_NO_CLIP, "chưa gán tệp âm thanh"},
    {AIRLOG_WHY_SKIPPED, "bỏ qua"},
    {AIRLOG_WHY_CRASH, "loa dừng giữa buổi phát (lỗi chương trình, mất điện hoặc bị tắt ngang); đã đóng khi chạy lại"},
    {"blackout day", "ngày tạm ngừng phát"},
    {"its clip is no longer in the library", "tệp âm thanh của khung giờ không còn trong thư viện"},
    {"its playlist is empty", "danh sách phát của khung giờ đang rỗng"},
    {"its playlist is no longer in the library", "danh sách phát của khung giờ không còn trong thư viện"},
    {"the clip is not valid on that date", "tệp âm thanh không có hiệu lực vào ngày đó"},
    {"overlap: it would start later than the maximum lateness allows",
     "trùng giờ: lượt phát sẽ bắt đầu muộn hơn mức trễ tối đa cho phép"},
    {"cannot read audio file '%s'", "không đọc được tệp âm thanh '%s'"},
    {"cannot decode audio file '%s' (damaged?)", "không giải mã được tệp âm thanh '%s' (tệp bị hỏng?)"},
    {"cannot convert the sample rate of '%s'", "không chuyển được tần số lấy mẫu của '%s'"},
    {"nothing to play (an empty playlist)", "không có gì để phát (danh sách phát rỗng)"},
    {"no sound output device found", "không tìm thấy thiết bị phát âm thanh"},
    {"no sound output device number %ld", "không có thiết bị phát âm thanh số %ld"},
    {"no sound output device named '%s'", "không có thiết bị phát âm thanh tên '%s'"},
    {"cannot open sound output device '%s': %s", "không mở được thiết bị phát âm thanh '%s': %s"},
    {"cannot start sound output device '%s': %s", "không khởi động được thiết bị phát âm thanh '%s': %s"},
    {"the sound output device '%s' stopped (unplugged, or the sound server stopped)",
     "thiết bị phát âm thanh '%s' đã ngừng (bị rút ra, hoặc máy chủ âm thanh đã dừng)"},
    {"the output device stopped taking audio for %d seconds (stalled)",
     "thiết bị âm thanh ngừng nhận âm thanh trong %d giây (bị treo)"},
    {"cannot write audio file '%s'", "không ghi được tệp âm thanh '%s'"},
    {"out of memory", "hết bộ nhớ"},
};

/* Length of the conversion at p ("%s", "%d", "%ld"), 0 if none. */
static size_t
conversion(const char *p)
{
	if (p[0] != '%')
		return 0;
	if (p[1] == 's' || p[1] == 'd')
		return 2;
	return p[1] == 'l' && p[2] == 'd' ? 3 : 0;
}

/* Does text match pat (conversions match any text, shortest first)? The
 * first 4 conversions' matches go to cap/len; *ncap counts them. */
static int
reason_match(const char *pat, const char *text, const char *cap[4], size_t len[4], int *ncap)
{
	size_t c;

	for (; *pat; pat++, text++) {
		if ((c = conversion(pat))) {
			int k = (*ncap)++;
			for (const char *t = text;; t++) {
				if (k < 4)
					cap[k] = text, len[k] = (size_t)(t - text);
				if (reason_match(pat + c, t, cap, len, ncap))
					return 1;
				*ncap = k + 1;
				if (!*t)
					break;
			}
			*ncap = k;
			return 0;
		}
		if (*pat != *text)
			return 0;
	}
	return *text == 0;
}

const char *
report_reason(const struct report *r, const char *stored, char *buf, size_t n)
{
	const char *cap[4];
	size_t len[4], o = 0;
	int ncap;

	if (!stored || r->lang == REPORT_EN)
		return stored ? stored : "";
	for (size_t i = 0; i < sizeof reasons_vi / sizeof reasons_vi[0]; i++) {
		ncap = 0;
		if (!reason_match(reasons_vi[i][0], stored, cap, len, &ncap) || ncap > 4)
			continue;
		int k = 0;
		for (const char *p = reasons_vi[i][1]; *p && o + 1 < n; ) {
			size_t c = conversion(p);
			if (c && k < ncap) {
				size_t m = len[k] < n - o - 1 ? len[k] : n - o - 1;
				memcpy(buf + o, cap[k++], m);
				o += m;
				p += c;
			} else {
				buf[o++] = *p++;
			}
		}
		buf[o] = 0;
		return buf;
	}
	return stored;
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

static int
aired(enum airlog_status s)
{
	return s == AIRLOG_COMPLETED || s == AIRLOG_INTERRUPTED;
}

static void
add_sums(struct report_sums *s, const struct airlog_tally *t)
{
	if (aired(t->status)) {
		s->aired += t->airings;
		s->played_ms += t->played_ms;
	} else if (t->status != AIRLOG_PLAYING) {
		s->not_aired += t->airings;
	}
}

struct fold {
	struct report *r;  /* being built */
	int *by_clip;      /* indexes of r->clips, sorted by clip id and playlist */
	int nby_clip;      /* how many */
};

static int
clip_cmp(const struct report_clip *c, int64_t clip_id, const char *playlist)
{
	if (c->clip_id != clip_id)
		return c->clip_id < clip_id ? -1 : 1;
	return strcmp(c->playlist, playlist);
}

/* The report's clip for (clip_id, playlist), made on first sight. */
static struct report_clip *
fold_clip(struct fold *f, const struct airlog_tally *t)
{
	struct report *r = f->r;
	struct report_clip *c;
	int lo = 0, hi = f->nby_clip, c0;

	while (lo < hi) {
		int m = (lo + hi) / 2;
		if ((c0 = clip_cmp(&r->clips[f->by_clip[m]], t->clip_id, t->playlist)) == 0)
			return &r->clips[f->by_clip[m]];
		if (c0 < 0)
			lo = m + 1;
		else
			hi = m;
	}
	r->clips = grow(r->clips, r->nclips, sizeof *r->clips);
	f->by_clip = grow(f->by_clip, f->nby_clip, sizeof *f->by_clip);
	memmove(f->by_clip + lo + 1, f->by_clip + lo, (size_t)(f->nby_clip - lo) * sizeof *f->by_clip);
	f->by_clip[lo] = r->nclips;
	f->nby_clip++;
	c = &r->clips[r->nclips++];
	*c = (struct report_clip){.clip_id = t->clip_id,
	                          .playlist = dup(t->playlist),
	                          .title = dup(t->title),
	                          .topic = dup(t->topic),
	                          .latest_ms = t->last_ms};
	return c;
}

static int
fold_tally(void *ctx, int bucket, const struct airlog_tally *t)
{
	struct fold *f = ctx;
	struct report *r = f->r;
	struct report_clip *c;
	int i;

	r->by_status[t->status] += t->airings;
	r->late += t->late;
	add_sums(&r->totals, t);
	add_sums(&r->buckets[bucket].sums, t);
	for (i = 0; i < r->ntopics; i++)
		if (strcmp(r->topics[i].topic, t->topic) == 0)
			break;
	if (i == r->ntopics) {
		r->topics = grow(r->topics, r->ntopics, sizeof *r->topics);
		r->topics[i] = (struct report_topic){.topic = dup(t->topic)};
		r->ntopics++;
	}
	add_sums(&r->topics[i].sums, t);
	c = fold_clip(f, t);
	add_sums(&c->sums, t);
	if (t->last_ms > c->latest_ms) {
		free(c->title);
		free(c->topic);
		c->title = dup(t->title);
		c->topic = dup(t->topic);
		c->latest_ms = t->last_ms;
	}
	if (aired(t->status)) {
		if (!c->first_ms || t->first_ms < c->first_ms)
			c->first_ms = t->first_ms;
		if (t->last_ms > c->last_ms)
			c->last_ms = t->last_ms;
	}
	return 0;
}

/* Keeps the first REPORT_MAX_PROBLEMS, then stops the walk (the tallies
 * count them all). */
static int
keep_problem(void *ctx, const struct airlog_row *row)
{
	struct report *r = ctx;

	if (r->nproblems == REPORT_MAX_PROBLEMS)
		return 1;
	r->problems = grow(r->problems, r->nproblems, sizeof *r->problems);
	r->problems[r->nproblems++] = (struct report_problem){
	    .id = row->id,
	    .scheduled_ms = row->scheduled_ms,
	    .status = row->status,
	    .played_ms = row->played_ms,
	    .title = dup(row->title),
	    .reason = dup(row->reason),
	};
	return 0;
}

static int
by_airtime(const void *a, const void *b)
{
	const struct report_topic *x = a, *y = b;

	if (x->sums.played_ms != y->sums.played_ms)
		return x->sums.played_ms < y->sums.played_ms ? 1 : -1;
	return strcmp(x->topic, y->topic);
}

static int
by_airings(const void *a, const void *b)
{
	const struct report_clip *x = a, *y = b;

	if (x->sums.aired != y->sums.aired)
		return x->sums.aired < y->sums.aired ? 1 : -1;
	if (x->sums.played_ms != y->sums.played_ms)
		return x->sums.played_ms < y->sums.played_ms ? 1 : -1;
	return strcmp(report_clip_title(x), report_clip_title(y));
}


static int
report_plan_fill(struct store *s, struct report *r)
{
	memset(&r->plan, 0, sizeof r->plan);
	struct agenda a = {0};
	enum airlog_status st;
	int found;

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
		if (!found)
			r->plan.unlogged++;
		else {
			r->plan.logged++;
			r->plan.aired += aired(st);
		}
	}
	agenda_free(&a);
	return 0;
}

/* The chain check, on its own connection and thread: it re-hashes every
 * row ever written, which takes as long as all the sums together, and the
 * two need not wait for each other. */
struct verify_job {
	const char *path;         /* the station's database */
	struct airlog_check *out; /* the verdict */
	int rc;                   /* airlog_verify's return */
};

static void *
verify_thread(void *arg)
{
	struct verify_job *job = arg;
	struct store *s = store_open(job->path, STORE_READONLY);

	job->rc = s ? airlog_verify(s, job->out) : -1;
	store_close(s);
	return NULL;
}

int
report_build(struct store *s, const struct report_period *p, enum report_lang lang, struct report *r)
{
	struct verify_job job = {.path = store_db_path(s), .out = &r->check};
	pthread_t verifier;
	int threaded, began, rc = 0;
	int64_t *edges;
	struct station st;
	struct fold f = {.r = r};
	struct airlog_filter pf = {
	    .from_ms = p->from_ms,
	    .to_ms = p->to_ms,
	    .statuses = 1u << AIRLOG_MISSED | 1u << AIRLOG_FAILED | 1u << AIRLOG_INTERRUPTED,
	};

	memset(r, 0, sizeof *r);
	r->lang = lang;
	r->period = *p;
	r->generated_ms = clock_wall_ms();
	if (store_station_get(s, &st) != 0)
		return -1;
	snprintf(r->station, sizeof r->station, "%s", st.name);
	snprintf(r->tz, sizeof r->tz, "%s", st.tz);
	if (make_buckets(r) != 0)
		return -1;
	if (!(edges = malloc(((size_t)r->nbuckets + 1) * sizeof *edges)))
		return error(_("out of memory"));
	for (int i = 0; i < r->nbuckets; i++)
		edges[i] = r->buckets[i].from_ms;
	edges[r->nbuckets] = r->nbuckets ? r->buckets[r->nbuckets - 1].to_ms : p->to_ms;
	threaded = pthread_create(&verifier, NULL, verify_thread, &job) == 0;
	/* The sums and the list of problems from one snapshot, so that they
	 * agree while the daemon goes on writing. */
	if ((began = store_read_begin(s)) < 0)
		rc = -1;
	if (rc == 0 && r->nbuckets)
		rc = airlog_tally_buckets(s, edges, r->nbuckets, fold_tally, &f);
	free(edges);
	free(f.by_clip);
	r->problems_total = r->by_status[AIRLOG_MISSED] + r->by_status[AIRLOG_FAILED] + r->by_status[AIRLOG_INTERRUPTED];
	if (rc == 0 && airlog_each(s, &pf, keep_problem, r) < 0)
		rc = -1;
	store_read_end(s, began);
	if (threaded)
		pthread_join(verifier, NULL);
	else
		job.rc = airlog_verify(s, &r->check);
	if (rc != 0 || job.rc != 0)
		return -1;
	for (int i = 0; i < r->nclips; i++) {
		struct report_clip *c = &r->clips[i];
		if (!c->sums.aired)
			continue;
		r->totals.items++;
		for (int j = 0; j < r->ntopics; j++)
			if (strcmp(r->topics[j].topic, c->topic) == 0)
				r->topics[j].sums.items++;
	}
	if (r->ntopics)
		qsort(r->topics, r->ntopics, sizeof *r->topics, by_airtime);
	if (r->nclips)
		qsort(r->clips, r->nclips, sizeof *r->clips, by_airings);
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
		free(r->problems[i].reason);
	}
	free(r->topics);
	free(r->clips);
	free(r->buckets);
	free(r->problems);
	memset(r, 0, sizeof *r);
}

/* ---- CSV: one block per section, each with its own header row ---- */

static void
csv_line(FILE *out, int n, const char *const *cells)
{
	for (int i = 0; i < n; i++) {
		if (i)
			putc(',', out);
		fmt_csv_field(out, cells[i] ? cells[i] : "");
	}
	fputs("\r\n", out);
}

#define CSV(out, ...)                                                                                        \
	do {                                                                                                 \
		const char *cells_[] = {__VA_ARGS__};                                                        \
		csv_line(out, (int)(sizeof cells_ / sizeof cells_[0]), cells_);                              \
	} while (0)

static char *
num(char *buf, int64_t v)
{
	snprintf(buf, 24, "%" PRId64, v);
	return buf;
}

static char *
hours(char *buf, int64_t ms)
{
	snprintf(buf, 24, "%.2f", (double)ms / 3600000.0);
	return buf;
}

int
report_write_csv(const struct report *r, FILE *out)
{
	char a[24], b[24], c[24], d[24], t1[64], t2[64], per[128], gen[40];

	fputs("\xEF\xBB\xBF", out); /* the district opens it in Excel */
	CSV(out, report_label(r, RL_TITLE));
	CSV(out, report_label(r, RL_STATION), r->station);
	CSV(out, report_label(r, RL_PERIOD), report_period_label(r, per, sizeof per));
	CSV(out, report_label(r, RL_GENERATED), time_format_vn(r->generated_ms, r->tz, gen, sizeof gen));
	CSV(out, report_label(r, RL_CHAIN),
	    r->check.intact ? report_label(r, RL_CHAIN_OK) : report_label(r, RL_CHAIN_BAD), r->check.problem);
	CSV(out, report_label(r, RL_CHAIN_HEAD), r->check.head);
	if (!r->totals.aired)
		CSV(out, report_label(r, RL_NOTHING));
	fputs("\r\n", out);
	CSV(out, report_label(r, RL_TOTALS));
	CSV(out, report_label(r, RL_ITEMS), num(a, r->totals.items));
	CSV(out, report_label(r, RL_AIRINGS), num(a, r->totals.aired));
	CSV(out, report_label(r, RL_AIRTIME), report_airtime(r, r->totals.played_ms, t1, sizeof t1));
	CSV(out, report_label(r, RL_AIRTIME_HOURS), hours(b, r->totals.played_ms));
	CSV(out, report_label(r, RL_NOT_AIRED), num(a, r->totals.not_aired));
	CSV(out, report_label(r, RL_LATE), num(a, r->late));
	fputs("\r\n", out);
	CSV(out, report_label(r, RL_BY_STATUS));
	CSV(out, report_label(r, RL_STATUS), report_label(r, RL_COUNT));
	for (int s = AIRLOG_COMPLETED; s <= AIRLOG_SKIPPED; s++)
		CSV(out, report_status_label(r, (enum airlog_status)s), num(a, r->by_status[s]));
	fputs("\r\n", out);
	CSV(out, report_label(r, RL_BY_TOPIC));
	CSV(out, report_label(r, RL_TOPIC), report_label(r, RL_ITEMS), report_label(r, RL_AIRINGS),
	    report_label(r, RL_AIRTIME));
	for (int i = 0; i < r->ntopics; i++)
		CSV(out, *r->topics[i].topic ? r->topics[i].topic : report_label(r, RL_NO_TOPIC),
		    num(a, r->topics[i].sums.items), num(b, r->topics[i].sums.aired),
		    report_airtime(r, r->topics[i].sums.played_ms, t1, sizeof t1));
	fputs("\r\n", out);
	CSV(out, report_label(r, r->weekly ? RL_BY_WEEK : RL_BY_MONTH));
	CSV(out, report_label(r, r->weekly ? RL_WEEK : RL_MONTH), report_label(r, RL_AIRINGS),
	    report_label(r, RL_AIRTIME), report_label(r, RL_NOT_AIRED));
	for (int i = 0; i < r->nbuckets; i++)
		CSV(out, report_bucket_label(r, &r->buckets[i], t2, sizeof t2),
		    num(a, r->buckets[i].sums.aired),
		    report_airtime(r, r->buckets[i].sums.played_ms, t1, sizeof t1),
		    num(b, r->buckets[i].sums.not_aired));
	fputs("\r\n", out);
	CSV(out, report_label(r, RL_BY_CLIP));
	CSV(out, report_label(r, RL_CLIP), report_label(r, RL_TITLE_COL), report_label(r, RL_TOPIC),
	    report_label(r, RL_AIRINGS), report_label(r, RL_AIRTIME), report_label(r, RL_FIRST),
	    report_label(r, RL_LAST));
	for (int i = 0; i < r->nclips; i++) {
		const struct report_clip *k = &r->clips[i];
		char f1[40] = "", f2[40] = "";
		if (!k->sums.aired)
			continue;
		time_format_vn(k->first_ms, r->tz, f1, sizeof f1);
		time_format_vn(k->last_ms, r->tz, f2, sizeof f2);
		CSV(out, k->clip_id ? num(a, k->clip_id) : "", report_clip_title(k), k->topic,
		    num(b, k->sums.aired), report_airtime(r, k->sums.played_ms, t1, sizeof t1), f1, f2);
	}
	fputs("\r\n", out);
	CSV(out, report_label(r, RL_RECON));
	if (!r->plan.available) {
		CSV(out, report_label(r, RL_NO_PLAN));
	} else {
		CSV(out, report_label(r, RL_PLANNED), num(a, r->plan.planned));
		CSV(out, report_label(r, RL_AIRED_PLANNED), num(a, r->plan.aired));
		CSV(out, report_label(r, RL_LOGGED), num(a, r->plan.logged));
		CSV(out, report_label(r, RL_UNLOGGED), num(a, r->plan.unlogged));
		CSV(out, report_label(r, RL_PLANNED_SKIP), num(a, r->plan.planned_skip));
	}
	fputs("\r\n", out);
	CSV(out, report_label(r, RL_PROBLEMS));
	CSV(out, report_label(r, RL_ROW), report_label(r, RL_SCHEDULED), report_label(r, RL_TITLE_COL),
	    report_label(r, RL_STATUS), report_label(r, RL_PLAYED), report_label(r, RL_REASON));
	for (int i = 0; i < r->nproblems; i++) {
		const struct report_problem *q = &r->problems[i];
		char when[40];
		char why[REPORT_REASON_MAX];
		CSV(out, num(c, q->id), time_format_vn(q->scheduled_ms, r->tz, when, sizeof when), q->title,
		    report_status_label(r, q->status), fmt_tenths(d, sizeof d, q->played_ms),
		    report_reason(r, q->reason, why, sizeof why));
	}
	if (r->problems_total > r->nproblems) {
		char more[160];
		CSV(out, report_more(r, more, sizeof more));
	}
	return fflush(out) != 0 || ferror(out) ? -1 : 0;
}

/* ---- JSON: stable English keys, numbers bare, instants ISO 8601 ---- */

static void
jkey(FILE *out, const char *k)
{
	fmt_json_string(out, k);
	fputs(": ", out);
}

static void
jsums(FILE *out, const struct report_sums *s, int items)
{
	if (items)
		fprintf(out, "\"items\": %" PRId64 ", ", s->items);
	fprintf(out, "\"airings\": %" PRId64 ", \"airtime_s\": %" PRId64 ", \"not_aired\": %" PRId64,
	        s->aired, (s->played_ms + 500) / 1000, s->not_aired);
}

int
report_write_json(const struct report *r, FILE *out)
{
	char t[48], per[128];

	fputs("{\n  ", out);
	jkey(out, "station");
	fmt_json_string(out, r->station);
	fputs(",\n  \"period\": {", out);
	jkey(out, "label");
	fmt_json_string(out, report_period_label(r, per, sizeof per));
	fputs(", \"from\": ", out);
	fmt_json_string(out, time_format_iso(r->period.from_ms, r->tz, t, sizeof t));
	fputs(", \"to\": ", out);
	fmt_json_string(out, time_format_iso(r->period.to_ms, r->tz, t, sizeof t));
	fputs("},\n  \"generated\": ", out);
	fmt_json_string(out, time_format_iso(r->generated_ms, r->tz, t, sizeof t));
	fprintf(out,
	        ",\n  \"chain\": {\"intact\": %s, \"rows\": %" PRId64 ", \"head\": \"%s\", \"problem\": ",
	        r->check.intact ? "true" : "false", r->check.rows, r->check.head);
	if (r->check.intact)
		fputs("null", out);
	else
		fmt_json_string(out, r->check.problem);
	fprintf(out, ", \"bad_row\": %" PRId64 "},\n  \"totals\": {", r->check.bad_id);
	jsums(out, &r->totals, 1);
	fprintf(out, ", \"late\": %" PRId64 ", \"by_status\": {", r->late);
	for (int s = AIRLOG_COMPLETED; s <= AIRLOG_SKIPPED; s++)
		fprintf(out, "%s\"%s\": %" PRId64, s == AIRLOG_COMPLETED ? "" : ", ",
		        airlog_status_name((enum airlog_status)s), r->by_status[s]);
	fputs("}},\n  \"by_topic\": [", out);
	for (int i = 0; i < r->ntopics; i++) {
		fputs(i ? ",\n    {" : "\n    {", out);
		jkey(out, "topic");
		fmt_json_string(out, r->topics[i].topic);
		fputs(", ", out);
		jsums(out, &r->topics[i].sums, 1);
		putc('}', out);
	}
	fprintf(out, "],\n  \"by_%s\": [", r->weekly ? "week" : "month");
	for (int i = 0; i < r->nbuckets; i++) {
		fputs(i ? ",\n    {" : "\n    {", out);
		jkey(out, "from");
		fmt_json_string(out, time_format_iso(r->buckets[i].from_ms, r->tz, t, sizeof t));
		fputs(", ", out);
		jsums(out, &r->buckets[i].sums, 0);
		putc('}', out);
	}
	fputs("],\n  \"by_clip\": [", out);
	for (int i = 0, n = 0; i < r->nclips; i++) {
		const struct report_clip *k = &r->clips[i];
		if (!k->sums.aired)
			continue;
		fprintf(out, "%s{\"clip\": %" PRId64 ", ", n++ ? ",\n    " : "\n    ", k->clip_id);
		jkey(out, "playlist");
		fmt_json_string(out, k->playlist);
		fputs(", ", out);
		jkey(out, "title");
		fmt_json_string(out, k->title);
		fputs(", ", out);
		jkey(out, "topic");
		fmt_json_string(out, k->topic);
		fputs(", ", out);
		jsums(out, &k->sums, 0);
		fputs(", \"first\": ", out);
		fmt_json_string(out, time_format_iso(k->first_ms, r->tz, t, sizeof t));
		fputs(", \"last\": ", out);
		fmt_json_string(out, time_format_iso(k->last_ms, r->tz, t, sizeof t));
		putc('}', out);
	}
	fputs("],\n  \"plan\": ", out);
	if (!r->plan.available)
		fputs("null", out);
	else
		fprintf(out,
		        "{\"planned\": %" PRId64 ", \"planned_skipped\": %" PRId64 ", \"logged\": %" PRId64
		        ", \"aired\": %" PRId64 ", \"unlogged\": %" PRId64 "}",
		        r->plan.planned, r->plan.planned_skip, r->plan.logged, r->plan.aired,
		        r->plan.unlogged);
	fprintf(out, ",\n  \"problems_total\": %" PRId64 ",\n  \"problems\": [", r->problems_total);
	for (int i = 0; i < r->nproblems; i++) {
		const struct report_problem *q = &r->problems[i];
		fprintf(out, "%s{\"row\": %" PRId64 ", \"scheduled\": ", i ? ",\n    " : "\n    ", q->id);
		fmt_json_string(out, time_format_iso(q->scheduled_ms, r->tz, t, sizeof t));
		fprintf(out, ", \"status\": \"%s\", \"played_s\": %s, ", airlog_status_name(q->status),
		        fmt_tenths(t, sizeof t, q->played_ms));
		jkey(out, "title");
		fmt_json_string(out, q->title);
		fputs(", ", out);
		jkey(out, "reason");
		fmt_json_string(out, q->reason);
		putc('}', out);
	}
	fputs("]\n}\n", out);
	return fflush(out) != 0 || ferror(out) ? -1 : 0;
}
