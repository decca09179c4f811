/*
 * mqtt.c — the MQTT client (mqtt.h) over libmosquitto, the only module
 * that includes it.
 *
 * Key decisions. libmosquitto is used in its "external loop" form —
 * mosquitto_loop_read, _write and _misc — so the caller's poll() is the
 * only place the process waits and nothing ticks while it is idle. The
 * blocking connect (mosquitto_connect) is used on purpose: the link's
 * loop has nothing else to do while it connects, and the asynchronous
 * form needs libmosquitto's thread. Its error codes become English text
 * here and nowhere else.
 */
#include <errno.h>
#include <mosquitto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/clock.h"
#include "loa/i18n.h"
#include "loa/log.h"
#include "loa/mqtt.h"

struct mqtt {
	struct mosquitto *mosq;  /* the library's client */
	struct mqtt_url url;     /* where the broker is */
	struct mqtt_options o;   /* the caller's options and callbacks */
	int keepalive_s;         /* as agreed */
	int connected;           /* a socket is open */
	int64_t last_service_ns; /* monotonic time of the last keep-alive check */
	int unconfirmed;         /* QoS 1 messages published, not yet confirmed */
};

int
mqtt_url_parse(const char *url, struct mqtt_url *u)
{
	const char *h, *colon, *end;
	char *e;
	long port;

	memset(u, 0, sizeof *u);
	if (strncmp(url, "mqtt://", 7) == 0)
		h = url + 7, u->port = 1883;
	else if (strncmp(url, "mqtts://", 8) == 0)
		h = url + 8, u->port = 8883, u->tls = 1;
	else
		return -1;
	end = h + strcspn(h, "/");
	if (*end && end[1])
		return -1; /* a path: not a broker's address */
	if (*h == '[') {
		const char *close = memchr(h, ']', (size_t)(end - h));
		if (!close)
			return -1;
		snprintf(u->host, sizeof u->host, "%.*s", (int)(close - h - 1), h + 1);
		colon = close + 1 < end && close[1] == ':' ? close + 1 : NULL;
	} else {
		colon = memchr(h, ':', (size_t)(end - h));
		if ((size_t)((colon ? colon : end) - h) >= sizeof u->host)
			return -1;
		snprintf(u->host, sizeof u->host, "%.*s", (int)((colon ? colon : end) - h), h);
	}
	if (!*u->host)
		return -1;
	if (colon) {
		errno = 0;
		port = strtol(colon + 1, &e, 10);
		if (errno || e != end || port < 1 || port > 65535)
			return -1;
		u->port = (int)port;
	}
	return 0;
}

static void
on_connect(struct mosquitto *mosq, void *ctx, int rc)
{
	struct mqtt *m = ctx;

	(void)mosq;
	if (m->o.on_connect)
		m->o.on_connect(m->o.ctx, rc == 0, rc == 0 ? "" : mosquitto_connack_string(rc));
}

static void
on_message(struct mosquitto *mosq, void *ctx, const struct mosquitto_message *msg)
{
	struct mqtt *m = ctx;

	(void)mosq;
	if (m->o.on_message)
		m->o.on_message(m->o.ctx, msg->topic, msg->payload ? msg->payload : "",
		                (size_t)msg->payloadlen);
}

static void
on_publish(struct mosquitto *mosq, void *ctx, int mid)
{
	struct mqtt *m = ctx;

	(void)mosq;
	if (m->unconfirmed > 0)
		m->unconfirmed--;
	if (m->o.on_published)
		m->o.on_published(m->o.ctx, mid);
}

struct mqtt *
mqtt_open(const struct mqtt_url *u, const struct mqtt_options *o)
{
	struct mqtt *m = calloc(1, sizeof *m);
	int rc;

	if (!m)
		return error(_("out of memory")), NULL;
	mosquitto_lib_init();
	m->url = *u;
	m->o = *o;
	m->keepalive_s = o->keepalive_s > 0 ? o->keepalive_s : 60;
	if (!(m->mosq = mosquitto_new(o->client_id, o->clean != 0, m))) {
		free(m);
		return error(_("cannot make an MQTT client for %s: %s"), o->client_id, strerror(errno)), NULL;
	}
	mosquitto_int_option(m->mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
	mosquitto_connect_callback_set(m->mosq, on_connect);
	mosquitto_message_callback_set(m->mosq, on_message);
	mosquitto_publish_callback_set(m->mosq, on_publish);
	if (o->user && *o->user && (rc = mosquitto_username_pw_set(m->mosq, o->user, o->password)) != 0)
		goto fail;
	if (o->will_topic && (rc = mosquitto_will_set(m->mosq, o->will_topic, (int)strlen(o->will_payload),
	                                              o->will_payload, 1, true)) != 0)
		goto fail;
	if (u->tls &&
	    (rc = mosquitto_tls_set(m->mosq, o->ca && *o->ca ? o->ca : NULL,
	                            o->ca && *o->ca ? NULL : "/etc/ssl/certs", NULL, NULL, NULL)) != 0) {
		error(_("cannot use the CA certificate '%s' for %s: %s"),
		      o->ca && *o->ca ? o->ca : "/etc/ssl/certs", u->host, mosquitto_strerror(rc));
		mqtt_close(m);
		return NULL;
	}
	return m;
fail:
	error(_("cannot set up the MQTT client for %s: %s"), u->host, mosquitto_strerror(rc));
	mqtt_close(m);
	return NULL;
}

void
mqtt_close(struct mqtt *m)
{
	if (!m)
		return;
	mosquitto_destroy(m->mosq);
	free(m);
	mosquitto_lib_cleanup();
}

int
mqtt_connect(struct mqtt *m, char *why, size_t n)
{
	int rc = mosquitto_connect(m->mosq, m->url.host, m->url.port, m->keepalive_s);

	if (rc != MOSQ_ERR_SUCCESS) {
		snprintf(why, n, "%s", rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
		return -1;
	}
	m->connected = 1;
	m->unconfirmed = 0;
	m->last_service_ns = clock_mono_ns();
	return 0;
}

int
mqtt_fd(const struct mqtt *m)
{
	return m->connected ? mosquitto_socket(m->mosq) : -1;
}

int
mqtt_wants_write(const struct mqtt *m)
{
	return m->connected && mosquitto_want_write(m->mosq);
}

int
mqtt_due_ms(const struct mqtt *m)
{
	int64_t left = (int64_t)m->keepalive_s * 1000 - (clock_mono_ns() - m->last_service_ns) / 1000000;

	return left < 0 ? 0 : left > 3600000 ? 3600000 : (int)left;
}

int
mqtt_service(struct mqtt *m, int readable, int writable, char *why, size_t n)
{
	int rc = MOSQ_ERR_SUCCESS;

	if (!m->connected) {
		snprintf(why, n, "not connected");
		return -1;
	}
	if (readable)
		rc = mosquitto_loop_read(m->mosq, 64);
	if (rc == MOSQ_ERR_SUCCESS && (writable || mosquitto_want_write(m->mosq)))
		rc = mosquitto_loop_write(m->mosq, 64);
	if (rc == MOSQ_ERR_SUCCESS && mqtt_due_ms(m) == 0) {
		rc = mosquitto_loop_misc(m->mosq);
		m->last_service_ns = clock_mono_ns();
	}
	if (rc != MOSQ_ERR_SUCCESS) {
		snprintf(why, n, "%s", rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
		mosquitto_disconnect(m->mosq);
		m->connected = 0;
		return -1;
	}
	return 0;
}

int
mqtt_publish(struct mqtt *m, const char *topic, const void *payload, size_t len, int qos, int retain)
{
	return mqtt_publish_id(m, topic, payload, len, qos, retain, NULL);
}

int
mqtt_publish_id(struct mqtt *m, const char *topic, const void *payload, size_t len, int qos, int retain,
                int *mid)
{
	int rc;

	if (len > 256 * 1024 * 1024)
		return error(_("an MQTT message of %zu bytes is too long: topic %s"), len, topic);
	rc = mosquitto_publish(m->mosq, mid, topic, (int)len, payload, qos, retain != 0);
	if (rc != MOSQ_ERR_SUCCESS)
		return error(_("cannot publish to %s: %s"), topic, mosquitto_strerror(rc));
	if (qos > 0)
		m->unconfirmed++;
	return 0;
}

int
mqtt_subscribe(struct mqtt *m, const char *pattern, int qos)
{
	int rc = mosquitto_subscribe(m->mosq, NULL, pattern, qos);

	if (rc != MOSQ_ERR_SUCCESS)
		return error(_("cannot subscribe to %s: %s"), pattern, mosquitto_strerror(rc));
	return 0;
}

void
mqtt_disconnect(struct mqtt *m)
{
	if (!m->connected)
		return;
	mosquitto_disconnect(m->mosq);
	m->connected = 0;
}

int
mqtt_unconfirmed(const struct mqtt *m)
{
	return m->unconfirmed;
}
