/*
 * jack_probe — watches what a JACK client plays, to the frame: a test and
 * bench tool (not part of loa).
 *
 *   JACK_DEFAULT_SERVER=NAME jack_probe [-c CLIENT] [-t TIMEOUT_S] [-q QUIET_S] [-n]
 *
 * Registers two input ports and connects every audio output port of
 * CLIENT (default "loa") to them as the ports appear (a port-registration
 * callback wakes the main thread, which connects: connecting from inside
 * a JACK callback is not allowed). In the process callback it finds the
 * first and last non-silent frames; a frame's time is its cycle's start
 * (jack_get_cycle_times(), JACK's microsecond clock) plus its offset in the
 * cycle, which is exact to the frame, unlike a timestamp taken inside a
 * callback that runs whenever the scheduler lets it. JACK's clock
 * (jack_get_time(), CLOCK_MONOTONIC-based in jackd2) is mapped to the wall
 * clock (CLOCK_REALTIME) by reading both back to back many times and
 * keeping the tightest pair.
 *
 * Prints "ready" once listening, then at the end (QUIET_S seconds of
 * silence after sound, the timeout, or the server going away) key=value
 * lines: first_graph_ns (wall-clock ns when the first non-silent frame
 * passed through the graph), latency_frames (the playback latency JACK
 * declares for the ports the player feeds, e.g. system:playback_1), first_dac_ns (when that
 * frame reaches the DAC), span_frames (first to last non-silent frame),
 * nonsilent_frames, rate, shutdown (1 if the server went away), xruns (each
 * may repeat or drop a period of what a late client played). With -w FILE
 * it also writes what it heard from the first non-silent frame on (raw
 * stereo float32, at most -W SECONDS, default 10) for content checks.
 * With -n it leaves alone the ports CLIENT has when the probe starts and
 * listens only to those registered after a port went away (JACK reuses
 * port names and UUIDs, so "later" is all that tells them apart): the
 * stream an emergency opens after the airing it cut has closed its own.
 */
#include <jack/jack.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static jack_client_t *client;
static jack_port_t *in[2];
static sem_t wake;
static _Atomic int shutdown_seen;
static _Atomic int xruns;
/* Written by the process callback only. */
static _Atomic int64_t first_frame = -1, last_frame = -1;
static _Atomic double first_us;
static _Atomic int64_t nonsilent;
static _Atomic int64_t last_sound_us;
/* -n: connect only after a port went away. */
static int only_new;
static _Atomic int gone;
/* -w: what arrived from the first non-silent frame on (stereo float). */
static float *capture;
static int64_t capture_cap, capture_len;

static int64_t
now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
process(jack_nframes_t nframes, void *arg)
{
	jack_nframes_t cur_frames;
	jack_time_t cur_us, next_us;
	float period_us;
	const float *b0, *b1;

	(void)arg;
	if (jack_get_cycle_times(client, &cur_frames, &cur_us, &next_us, &period_us) != 0)
		return 0;
	b0 = jack_port_get_buffer(in[0], nframes);
	b1 = jack_port_get_buffer(in[1], nframes);
	for (jack_nframes_t i = 0; i < nframes; i++) {
		if (b0[i] == 0.0f && b1[i] == 0.0f)
			continue;
		/* Frames counted since the probe started, wrap-safe (64-bit). */
		int64_t f = (int64_t)cur_frames + i;
		if (atomic_load(&first_frame) < 0) {
			atomic_store(&first_frame, f);
			atomic_store(&first_us,
			             (double)cur_us + (double)i * (double)(next_us - cur_us) / nframes);
		}
		atomic_store(&last_frame, f);
		atomic_fetch_add(&nonsilent, 1);
	}
	if (capture && atomic_load(&first_frame) >= 0) {
		/* Preallocated: no allocation or I/O here. */
		int64_t from = atomic_load(&first_frame) - (int64_t)cur_frames;
		for (int64_t i = from < 0 ? 0 : from; i < (int64_t)nframes && capture_len < capture_cap;
		     i++) {
			capture[capture_len * 2] = b0[i];
			capture[capture_len * 2 + 1] = b1[i];
			capture_len++;
		}
	}
	if (atomic_load(&last_frame) >= (int64_t)cur_frames)
		atomic_store(&last_sound_us, (int64_t)cur_us);
	return 0;
}

static void
on_port(jack_port_id_t id, int registered, void *arg)
{
	(void)id;
	(void)arg;
	if (registered)
		sem_post(&wake);
	else
		atomic_store(&gone, 1);
}

static int
on_xrun(void *arg)
{
	(void)arg;
	atomic_fetch_add(&xruns, 1);
	return 0;
}

static void
on_shutdown(void *arg)
{
	(void)arg;
	atomic_store(&shutdown_seen, 1);
	sem_post(&wake);
}

/* Connects every audio output port of the watched client to our inputs. */
static void
connect_ports(const char *who)
{
	char pattern[256];
	const char **ports;

	snprintf(pattern, sizeof pattern, "^%s[^:]*:", who);
	if (only_new && !atomic_load(&gone))
		return; /* still the ports of the start */
	ports = jack_get_ports(client, pattern, JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput);
	for (int i = 0; ports && ports[i]; i++) {
		jack_port_t *src = jack_port_by_name(client, ports[i]);
		if (src && !jack_port_connected_to(src, jack_port_name(in[i % 2])))
			jack_connect(client, ports[i], jack_port_name(in[i % 2]));
	}
	jack_free(ports);
}

/* The player's declared playback latency (frames), or -1. */
static int
player_latency(const char *who)
{
	char pattern[256];
	const char **ports;
	jack_latency_range_t r = {0, 0};
	int lat = -1;

	snprintf(pattern, sizeof pattern, "^%s[^:]*:", who);
	ports = jack_get_ports(client, pattern, JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput);
	if (ports && ports[0]) {
		/* The DAC is behind the ports the player feeds, other than ours. */
		jack_port_t *p = jack_port_by_name(client, ports[0]);
		const char **to = p ? jack_port_get_all_connections(client, p) : NULL;
		for (int i = 0; to && to[i]; i++) {
			jack_port_t *q = jack_port_by_name(client, to[i]);
			if (!q || jack_port_is_mine(client, q))
				continue;
			jack_port_get_latency_range(q, JackPlaybackLatency, &r);
			if ((int)r.max > lat)
				lat = (int)r.max;
		}
		jack_free(to);
	}
	jack_free(ports);
	return lat;
}

int
main(int argc, char **argv)
{
	const char *who = "loa", *wpath = NULL;
	double wsec = 10;
	double timeout_s = 60, quiet_s = 1.0;
	int64_t offset_ns = 0, best = INT64_MAX, t_end;
	int opt, latency = -1;
	jack_status_t status;

	while ((opt = getopt(argc, argv, "c:t:q:w:W:n")) != -1) {
		if (opt == 'n')
			only_new = 1;
		else if (opt == 'c')
			who = optarg;
		else if (opt == 't')
			timeout_s = atof(optarg);
		else if (opt == 'q')
			quiet_s = atof(optarg);
		else if (opt == 'w')
			wpath = optarg;
		else if (opt == 'W')
			wsec = atof(optarg);
		else
			return 2;
	}
	sem_init(&wake, 0, 0);
	client = jack_client_open("probe", JackNoStartServer, &status);
	if (!client) {
		fprintf(stderr, "jack_probe: cannot connect to the JACK server (status 0x%x)\n", status);
		return 1;
	}
	if (wpath) {
		capture_cap = (int64_t)(wsec * jack_get_sample_rate(client));
		capture = calloc((size_t)capture_cap * 2, sizeof *capture);
	}
	in[0] = jack_port_register(client, "in_1", JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0);
	in[1] = jack_port_register(client, "in_2", JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0);
	jack_set_process_callback(client, process, NULL);
	jack_set_port_registration_callback(client, on_port, NULL);
	jack_on_shutdown(client, on_shutdown, NULL);
	jack_set_xrun_callback(client, on_xrun, NULL);
	if (!in[0] || !in[1] || jack_activate(client) != 0) {
		fprintf(stderr, "jack_probe: cannot register or activate\n");
		return 1;
	}
	/* JACK's clock to the wall clock: the tightest of many back-to-back reads. */
	for (int i = 0; i < 200; i++) {
		jack_time_t j1 = jack_get_time();
		int64_t r = now_ns(CLOCK_REALTIME);
		jack_time_t j2 = jack_get_time();
		if ((int64_t)(j2 - j1) < best) {
			best = (int64_t)(j2 - j1);
			offset_ns = r - (int64_t)(j1 + j2) * 500;
		}
	}
	connect_ports(who);
	printf("ready\n");
	fflush(stdout);
	t_end = now_ns(CLOCK_MONOTONIC) + (int64_t)(timeout_s * 1e9);
	while (!atomic_load(&shutdown_seen) && now_ns(CLOCK_MONOTONIC) < t_end) {
		struct timespec ts;
		int64_t dl = now_ns(CLOCK_REALTIME) + 20000000;
		ts.tv_sec = dl / 1000000000;
		ts.tv_nsec = dl % 1000000000;
		if (sem_timedwait(&wake, &ts) == 0)
			connect_ports(who);
		int l = player_latency(who);
		if (l >= 0)
			latency = l;
		if (atomic_load(&first_frame) >= 0 &&
		    (int64_t)jack_get_time() - atomic_load(&last_sound_us) > (int64_t)(quiet_s * 1e6))
			break;
	}
	int rate = (int)jack_get_sample_rate(client);
	int64_t ff = atomic_load(&first_frame);
	if (ff >= 0) {
		int64_t graph_ns = (int64_t)(atomic_load(&first_us) * 1000.0) + offset_ns;
		printf("first_graph_ns=%lld\n", (long long)graph_ns);
		printf("latency_frames=%d\n", latency);
		printf("first_dac_ns=%lld\n",
		       (long long)(graph_ns + (latency > 0 ? (int64_t)latency * 1000000000 / rate : 0)));
		printf("span_frames=%lld\n", (long long)(atomic_load(&last_frame) - ff + 1));
	}
	printf("nonsilent_frames=%lld\nrate=%d\nshutdown=%d\nxruns=%d\n", (long long)atomic_load(&nonsilent),
	       rate, atomic_load(&shutdown_seen), atomic_load(&xruns));
	fflush(stdout);
	if (!atomic_load(&shutdown_seen))
		jack_client_close(client);
	if (wpath) {
		FILE *f = fopen(wpath, "wb");
		if (!f || fwrite(capture, sizeof *capture * 2, (size_t)capture_len, f) != (size_t)capture_len)
			fprintf(stderr, "jack_probe: cannot write %s\n", wpath);
		if (f)
			fclose(f);
	}
	return ff >= 0 ? 0 : 1;
}
