/*
 * main.c — loa-hub: the hub's end of the link (doc/link.md). Its own
 * executable, so libpq is never in the station's `loa`.
 *
 *   loa-hub init --db URL                 create or upgrade the hub's tables
 *   loa-hub run --db URL --broker URL     receive the stations' rows, store
 *                                         them once, check each chain, acknowledge
 *   loa-hub report --quarter 2026Q4 ...   every commune's report, side by side
 *   loa-hub stations                      each station's link, device, backlog
 *   loa-hub bulletin send FILE --title T --tier normal --to all
 *                                         a bulletin down to the stations
 *   loa-hub bulletin status ID | list     what became of each
 *
 * run subscribes to loa/+/rows over a persistent session (what arrives
 * while it is down waits at the broker), stores each message in one
 * transaction (hub.c), and only then publishes the acknowledgement,
 * retained, to loa/<station>/ack: a row is acknowledged once it is
 * committed, never before. It keeps what the stations say of the
 * bulletins (loa/+/bulletins), and clears a bulletin's retained messages
 * when its period ends. Its loop is the link's: one poll(), no thread,
 * woken by the broker, by a wall-clock timer armed at the next bulletin's
 * end, and by PostgreSQL's NOTIFY when `bulletin send` adds one.
 * The database URL may come from LOA_HUB_DB, the broker account's
 * password from LOA_HUB_PASSWORD only (never the command line).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hub/hub.h"
#include "loa/clock.h"
#include "loa/config.h"
#include "loa/fmt.h"
#include "loa/i18n.h"
#include "loa/json.h"
#include "loa/airlog_wire.h"
#include "loa/log.h"
#include "loa/mqtt.h"

#define USAGE                                                                                                \
	N_("Usage: loa-hub init --db URL\n"                                                                  \
	   "       loa-hub run --db URL --broker URL [--user NAME] [--ca FILE]\n"                            \
	   "       loa-hub report --quarter 2026Q4|--half 2026H2|--year 2026|--from D --to D\n"              \
	   "               [--format xlsx|html|csv|json|text] [-o FILE]\n"                                   \
	   "       loa-hub stations [--format table|csv|json]\n"                                             \
	   "       loa-hub bulletin send FILE --title TEXT --tier normal|priority|emergency\n"               \
	   "               --to all|STATION[,STATION...] [--topic TEXT] [--from WHEN]\n"                     \
	   "               [--until WHEN] [--at HH:MM,...] --broker URL [--format text|json]\n"              \
	   "       loa-hub bulletin status ID [--format text|csv|json]\n"                                    \
	   "       loa-hub bulletin list [--format table|csv|json]\n"                                        \
	   "\n"                                                                                              \
	   "The hub's end of the link: the stations' airing logs, received over MQTT,\n"                     \
	   "checked row by row against each station's hash chain and stored once in\n"                       \
	   "PostgreSQL.\n"                                                                                   \
	   "\n"                                                                                              \
	   "  init            create the hub's tables in the database, or upgrade them\n"                    \
	   "  run             receive, check, store and acknowledge until stopped\n"                         \
	   "  report          every commune's broadcast report for a period, counted\n"                      \
	   "                  from the rows it sent exactly as its own loa report counts,\n"                 \
	   "                  and the province's totals (text by default; xlsx needs -o)\n"                  \
	   "  stations        each station: online or offline, last airing, sound device,\n"                 \
	   "                  rows not yet sent, last heard from, chain problem\n"                           \
	   "  bulletin send   store an audio bulletin and publish it to the stations\n"                      \
	   "                  (retained: a station offline gets it when it connects);\n"                     \
	   "                  prints its id\n"                                                               \
	   "  bulletin status per target station: sent, received, scheduled, refused\n"                      \
	   "                  (with the station's reason) or aired (first airing, count)\n"                  \
	   "  bulletin list   every bulletin sent\n"                                                         \
	   "  --db URL        the database, postgresql://USER:PASSWORD@HOST:PORT/NAME\n"                     \
	   "                  (default: $LOA_HUB_DB)\n"                                                      \
	   "  --broker URL    the broker the stations publish to, mqtt://HOST:PORT or\n"                     \
	   "                  mqtts://HOST:PORT\n"                                                           \
	   "  --user NAME     the hub's account at the broker (its password:\n"                              \
	   "                  $LOA_HUB_PASSWORD)\n"                                                          \
	   "  --ca FILE       the CA certificate of an mqtts broker\n"                                       \
	   "  --quarter Q, --half H, --year Y, --from D --to D\n"                                            \
	   "                  the report's period (dates as 1/7/2026 or 2026-07-01)\n"                       \
	   "  --title TEXT, --topic TEXT\n"                                                                  \
	   "                  the bulletin's title and topic\n"                                              \
	   "  --tier T        normal (waits for the station's officer), priority (first\n"                   \
	   "                  in the next programme) or emergency (airs at once)\n"                          \
	   "  --to all|IDS    every station, or the stations named (commas or spaces)\n"                     \
	   "  --from WHEN, --until WHEN\n"                                                                   \
	   "                  the period it may air in (a day, or a day and a time;\n"                       \
	   "                  --until a day alone: to its end); default from now, no end\n"                  \
	   "  --at HH:MM,...  the times of day suggested to the stations\n"                                  \
	   "  --format F      the report's, the list's or the bulletin's format\n"                           \
	   "  -o FILE         write the report to FILE\n")

static volatile sig_atomic_t got_term;
static int sig_pipe[2] = {-1, -1};

static void
on_signal(int sig)
{
	int saved = errno;

	(void)sig;
	got_term = 1;
	if (sig_pipe[1] >= 0)
		(void)!write(sig_pipe[1], "", 1);
	errno = saved;
}

struct hub {
	struct hub_db *db; /* the database */
	struct mqtt *mqtt; /* the broker */
	int replan;        /* look again for bulletins whose period ended */
	int64_t rows;      /* rows stored since start */
	int64_t messages;  /* messages handled */
	int failed;        /* the database failed on the last message */
};

static void
on_connect(void *ctx, int ok, const char *why)
{
	struct hub *h = ctx;

	if (!ok) {
		warning(_("the broker refused the hub: %s"), why);
		return;
	}
	h->replan = 1;
	if (mqtt_subscribe(h->mqtt, "loa/+/rows", 1) == 0 &&
	    mqtt_subscribe(h->mqtt, "loa/+/status", 1) == 0 &&
	    mqtt_subscribe(h->mqtt, "loa/+/bulletins", 1) == 0)
		log_info(_("the hub listens for the stations' rows"));
}

/* A station's status (doc/link.md): kept as its latest when it is one
 * JSON object. */
static void
status_message(struct hub *h, const char *station, const char *payload, size_t len)
{
	char *text = strndup(payload, len);

	if (!text)
		return;
	/* An empty message clears a retained status: nothing to keep. */
	if (len > 0 && json_walk(text, JSON_DEPTH_MAX, NULL, NULL) != 0)
		warning(_("station %s: its status is not a JSON object: '%.100s'"), station, text);
	else if (len > 0)
		hub_db_status(h->db, station, text, clock_wall_ms());
	free(text);
}

static void
on_message(void *ctx, const char *topic, const char *payload, size_t len)
{
	struct hub *h = ctx;
	char station[CONFIG_STATION_ID_MAX + 1], ack_topic[128], ack[1024];
	const char *s = topic + 4, *slash;
	int64_t stored;

	/* loa/<station>/rows, /status or /bulletins: the broker's ACL made
	 * sure that only the station's own account could publish there. */
	if (strncmp(topic, "loa/", 4) != 0 || !(slash = strchr(s, '/')) ||
	    (strcmp(slash, "/rows") != 0 && strcmp(slash, "/status") != 0 &&
	     strcmp(slash, "/bulletins") != 0) ||
	    (size_t)(slash - s) >= sizeof station)
		return;
	snprintf(station, sizeof station, "%.*s", (int)(slash - s), s);
	if (config_station_id_check(station) != 0) {
		warning(_("a message on '%s' is ignored: not a station's topic"), topic);
		return;
	}
	if (strcmp(slash, "/status") == 0) {
		status_message(h, station, payload, len);
		return;
	}
	if (strcmp(slash, "/bulletins") == 0) {
		hub_bulletin_states(h->db, station, payload, len);
		return;
	}
	h->messages++;
	int64_t t0 = clock_mono_ns();
	if (hub_ingest(h->db, station, payload, len, ack, sizeof ack, &stored) != 0) {
		/* Nothing acknowledged: the station sends the rows again. */
		h->failed = 1;
		return;
	}
	h->failed = 0;
	h->rows += stored;
	log_debug("station %s: %lld rows stored in %.1f ms, ack %s", station, (long long)stored,
	          (double)(clock_mono_ns() - t0) / 1e6, ack);
	airlog_wire_topic(ack_topic, sizeof ack_topic, station, "ack");
	mqtt_publish(h->mqtt, ack_topic, ack, strlen(ack), 1, 1);
}

static int
run(struct hub_db *db, const struct mqtt_url *u, const char *user, const char *ca)
{
	struct hub h = {.db = db};
	const char *pw = getenv("LOA_HUB_PASSWORD");
	struct mqtt_options mo = {.client_id = "loa-hub",
	                          .user = user,
	                          .password = pw && *pw ? pw : NULL,
	                          .ca = ca,
	                          .clean = 0,
	                          .keepalive_s = 60,
	                          .on_connect = on_connect,
	                          .on_message = on_message,
	                          .ctx = &h};
	struct sigaction sa = {.sa_handler = on_signal};
	int64_t backoff_ms = 1000, next_try_ns = 0, next_end = INT64_MAX;
	char why[256], last_why[256] = "";
	int tfd = clock_timer_open();

	if (tfd < 0)
		return -1;
	if (pipe(sig_pipe) != 0)
		return error_errno(_("cannot make a pipe"));
	for (int i = 0; i < 2; i++)
		fcntl(sig_pipe[i], F_SETFL, fcntl(sig_pipe[i], F_GETFL) | O_NONBLOCK);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (!(h.mqtt = mqtt_open(u, &mo)))
		return -1;
	while (!got_term) {
		struct pollfd pf[4] = {{.fd = sig_pipe[0], .events = POLLIN}, {.fd = tfd, .events = POLLIN}};
		int np = 3, timeout;

		if (mqtt_fd(h.mqtt) < 0 && clock_mono_ns() >= next_try_ns) {
			if (mqtt_connect(h.mqtt, why, sizeof why) == 0) {
				backoff_ms = 1000;
				*last_why = 0;
			} else {
				if (strcmp(why, last_why) != 0)
					warning(_("cannot reach the broker %s:%d: %s; trying again"), u->host,
					        u->port, why);
				snprintf(last_why, sizeof last_why, "%s", why);
				next_try_ns = clock_mono_ns() + backoff_ms * 1000000;
				backoff_ms = backoff_ms * 2 > 30000 ? 30000 : backoff_ms * 2;
			}
		}
		/* A bulletin added elsewhere wakes us through NOTIFY; one whose
		 * period ended, through the timer. */
		if (hub_db_fd(db) < 0 && hub_db_listen(db) == 0)
			h.replan = 1;
		if (hub_db_fd(db) >= 0 && hub_db_notified(db) > 0)
			h.replan = 1;
		if (h.replan && mqtt_fd(h.mqtt) >= 0 &&
		    hub_bulletin_expire(db, h.mqtt, clock_wall_ms(), &next_end) == 0) {
			h.replan = 0;
			clock_timer_arm(tfd, next_end);
		}
		pf[2] = (struct pollfd){.fd = hub_db_fd(db), .events = POLLIN};
		if (mqtt_fd(h.mqtt) >= 0) {
			pf[np++] =
			    (struct pollfd){.fd = mqtt_fd(h.mqtt),
			                    .events = POLLIN | (mqtt_wants_write(h.mqtt) ? POLLOUT : 0)};
			timeout = mqtt_due_ms(h.mqtt);
		} else {
			int64_t left = (next_try_ns - clock_mono_ns()) / 1000000;
			timeout = left < 0 ? 0 : (int)left;
		}
		if (poll(pf, (nfds_t)np, timeout) < 0 && errno != EINTR)
			break;
		if (got_term)
			break;
		if ((pf[1].revents & POLLIN) && clock_timer_read(tfd) != CLOCK_TIMER_NONE)
			h.replan = 1;
		if (np > 3 && mqtt_service(h.mqtt, (pf[3].revents & (POLLIN | POLLERR | POLLHUP)) != 0,
		                           (pf[3].revents & POLLOUT) != 0, why, sizeof why) != 0) {
			warning(_("the connection to the broker was lost: %s; connecting again"), why);
			next_try_ns = clock_mono_ns() + backoff_ms * 1000000;
		}
	}
	log_info(_("the hub stops: %lld rows stored from %lld messages"), (long long)h.rows,
	         (long long)h.messages);
	mqtt_disconnect(h.mqtt);
	mqtt_close(h.mqtt);
	close(tfd);
	return 0;
}

/* The report's period and format, checked before the database is opened. */
static int
check_report(struct hub_period *p, const char *format, enum report_format *out)
{
	static const char *const names[] = {"xlsx", "csv", "html", "json", "text"};
	static const enum report_format formats[] = {REPORT_XLSX, REPORT_CSV, REPORT_HTML, REPORT_JSON,
	                                             REPORT_TEXT};

	if (p->from || p->to) {
		if (p->kind || !p->from || !p->to) {
			error(_("give the report's period once: --quarter, --half, --year, or both --from "
			        "and --to"));
			return -1;
		}
		p->kind = 'R';
	} else if (!p->kind) {
		error(
		    _("the report needs its period: --quarter 2026Q4, --half 2026H2, --year 2026, or --from "
		      "D --to D"));
		return -1;
	}
	if (!format)
		return 0;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(format, names[i]) == 0) {
			*out = formats[i];
			return 0;
		}
	error(_("unknown report format '%s' (use xlsx, html, csv, json or text)"), format);
	return -1;
}

/* The station list's format: a table on a terminal, CSV otherwise. */
static int
check_list(const char *format, enum fmt_kind *out)
{
	*out = fmt_default_kind(stdout);
	if (format && fmt_parse_kind(format, out) != 0) {
		error(_("unknown list format '%s' (use table, csv or json)"), format);
		return -1;
	}
	return 0;
}

/* loa-hub bulletin's command (args: what follows "bulletin"), checked
 * before the database is opened: 0, -1 (a usage error, printed) or -2
 * (the file, printed). */
static int
check_bulletin(int argc, char **argv, struct hub_send *s, const char *from, const char *format,
               struct hub_bulletin *b, int64_t *id, enum fmt_kind *kind)
{
	const char *cmd = argc > 0 ? argv[0] : "";
	char *end;

	*kind = fmt_default_kind(stdout);
	if (format && strcmp(format, "text") == 0)
		*kind = FMT_TABLE;
	else if (format && fmt_parse_kind(format, kind) != 0)
		return error(_("unknown format '%s' (use text, csv or json)"), format);
	if (strcmp(cmd, "list") == 0 && argc == 1)
		return 0;
	if (strcmp(cmd, "status") == 0 && argc == 2) {
		errno = 0;
		*id = strtoll(argv[1], &end, 10);
		if (errno || *end || *id <= 0)
			return error(_("not a bulletin's id: '%s' (the number bulletin send printed)"),
			             argv[1]);
		return 0;
	}
	if (strcmp(cmd, "send") != 0 || argc < 2) {
		error(_("loa-hub bulletin needs: send FILE ..., status ID or list"));
		hint(_("run loa-hub --help for the options"));
		return -1;
	}
	/* Station ids after FILE belong to --to (--to s1 s2 FILE is read
	 * as FILE s2 by getopt: the file comes first). */
	if (argc > 2 && s->nto == 0)
		return error(_("one file at a time: '%s' is one more (stations go after --to)"), argv[2]);
	for (int i = 2; i < argc && s->nto < 64; i++)
		s->to[s->nto++] = argv[i];
	s->file = argv[1];
	s->from = from;
	s->json = format && strcmp(format, "json") == 0;
	if (format && strcmp(format, "json") != 0 && strcmp(format, "text") != 0)
		return error(_("unknown format '%s' (use text or json)"), format);
	return hub_send_check(s, b);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"broker", required_argument, NULL, 'b'},
	    {"user", required_argument, NULL, 'u'},
	    {"ca", required_argument, NULL, 'a'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"quarter", required_argument, NULL, 'Q'},
	    {"half", required_argument, NULL, 'H'},
	    {"year", required_argument, NULL, 'Y'},
	    {"from", required_argument, NULL, 'F'},
	    {"to", required_argument, NULL, 'T'},
	    {"format", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'o'},
	    {"title", required_argument, NULL, 't'},
	    {"tier", required_argument, NULL, 'r'},
	    {"topic", required_argument, NULL, 'p'},
	    {"until", required_argument, NULL, 'U'},
	    {"at", required_argument, NULL, 'A'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *to[64];
	struct hub_send send = {.to = to};
	struct hub_bulletin bulletin = {0};
	int64_t bulletin_id = 0;
	const char *db_url = getenv("LOA_HUB_DB"), *broker = NULL, *user = NULL, *ca = NULL, *cmd;
	const char *format = NULL, *output = NULL;
	struct hub_period period = {0};
	enum log_level verbosity = LOG_LEVEL_INFO;
	struct mqtt_url u;
	struct hub_db *db;
	int c, rc, from;
	enum fmt_kind lformat = FMT_TABLE;
	enum report_format rformat = REPORT_TEXT;

	i18n_init();
	signal(SIGPIPE, SIG_IGN);
	while ((c = getopt_long(argc, argv, "vo:", opts, NULL)) != -1) {
		switch (c) {
		case 'Q':
		case 'H':
		case 'Y':
			period.kind = (char)c;
			period.text = optarg;
			break;
		case 'F':
			period.from = optarg;
			break;
		case 'T':
			/* The report's end, or the bulletin's stations. */
			period.to = optarg;
			if (send.nto == (int)(sizeof to / sizeof *to)) {
				error(_("--to: name the stations in fewer options, separated by commas"));
				return 2;
			}
			to[send.nto++] = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 't':
			send.title = optarg;
			break;
		case 'r':
			send.tier = optarg;
			break;
		case 'p':
			send.topic = optarg;
			break;
		case 'U':
			send.until = optarg;
			break;
		case 'A':
			send.at = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'd':
			db_url = optarg;
			break;
		case 'b':
			broker = optarg;
			break;
		case 'u':
			user = optarg;
			break;
		case 'a':
			ca = optarg;
			break;
		case 'v':
			verbosity = LOG_LEVEL_DEBUG;
			break;
		case 'h':
			fputs(_(USAGE), stdout);
			return 0;
		default:
			fputs(_(USAGE), stderr);
			return 2;
		}
	}
	log_init(verbosity, getenv("JOURNAL_STREAM") != NULL);
	if (optind < argc && strcmp(argv[optind], "bulletin") == 0) {
		rc = check_bulletin(argc - optind - 1, argv + optind + 1, &send, period.from, format,
		                    &bulletin, &bulletin_id, &lformat);
		if (rc != 0) {
			hub_bulletin_free(&bulletin);
			return rc < -1 ? 1 : 2;
		}
		send.broker = broker, send.user = user, send.ca = ca;
		period.from = NULL;
	} else if (optind + 1 != argc ||
	           (strcmp(argv[optind], "init") != 0 && strcmp(argv[optind], "run") != 0 &&
	            strcmp(argv[optind], "report") != 0 && strcmp(argv[optind], "stations") != 0)) {
		error(_("loa-hub needs one command: init, run, report, stations or bulletin"));
		fputs(_(USAGE), stderr);
		return 2;
	}
	cmd = argv[optind];
	if (strcmp(cmd, "bulletin") == 0)
		cmd = argv[optind + 1];
	if (!db_url || !*db_url) {
		error(_(
		    "no database: give --db postgresql://USER:PASSWORD@HOST:PORT/NAME (or set LOA_HUB_DB)"));
		return 2;
	}
	if (strcmp(cmd, "run") == 0 && (!broker || mqtt_url_parse(broker, &u) != 0)) {
		error(_("loa-hub run needs the broker: --broker mqtt://HOST:PORT or mqtts://HOST:PORT "
		        "(given: '%s')"),
		      broker ? broker : "");
		return 2;
	}
	if (strcmp(cmd, "send") == 0 && (!broker || mqtt_url_parse(broker, &u) != 0)) {
		error(_("loa-hub bulletin send needs the broker: --broker mqtt://HOST:PORT or "
		        "mqtts://HOST:PORT (given: '%s')"),
		      broker ? broker : "");
		hub_bulletin_free(&bulletin);
		return 2;
	}
	if (strcmp(cmd, "report") == 0 && check_report(&period, format, &rformat) != 0)
		return 2;
	if (strcmp(cmd, "stations") == 0 && check_list(format, &lformat) != 0)
		return 2;
	if (!(db = hub_db_open(db_url)))
		return 1;
	if (strcmp(cmd, "init") == 0) {
		rc = hub_db_init(db, &from);
		if (rc == 0 && from == HUB_SCHEMA_VERSION)
			printf(_("the hub's tables are up to date (schema %d)\n"), from);
		else if (rc == 0)
			printf(_("the hub's tables are made (schema %d, was %d)\n"), HUB_SCHEMA_VERSION,
			       from);
	} else if (hub_db_check(db) != 0) {
		rc = -1;
	} else if (strcmp(cmd, "report") == 0) {
		rc = hub_report(db, &period, rformat, output);
	} else if (strcmp(cmd, "stations") == 0) {
		rc = hub_stations(db, lformat);
	} else if (strcmp(cmd, "send") == 0) {
		rc = hub_bulletin_send(db, &send, &bulletin);
	} else if (strcmp(cmd, "status") == 0) {
		rc = hub_bulletin_status(db, bulletin_id, lformat);
	} else if (strcmp(cmd, "list") == 0) {
		rc = hub_bulletin_list(db, lformat);
	} else {
		rc = run(db, &u, user, ca);
	}
	hub_db_close(db);
	hub_bulletin_free(&bulletin);
	return rc == 0 ? 0 : 1;
}
