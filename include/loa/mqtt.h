/*
 * mqtt.h — an MQTT client for the link to the hub: the station's `loa
 * link` and the hub's `loa-hub` both speak through it (src/net/mqtt.c,
 * the only module that includes libmosquitto).
 *
 * It is driven by its caller's poll loop, never by a thread of its own:
 * mqtt_fd() is the socket to poll, mqtt_service() does what is due
 * (reads, writes, the keep-alive), and the callbacks run inside it. So a
 * process that has nothing to do sleeps in poll() until the broker, its
 * own files or its keep-alive need it; libmosquitto's own loop would wake
 * it every second.
 */
#ifndef LOA_MQTT_H
#define LOA_MQTT_H

#include <stddef.h>

/* A broker's address, from mqtt://HOST:PORT or mqtts://HOST:PORT. */
struct mqtt_url {
	char host[256]; /* a name or an address ([...] for IPv6 is taken off) */
	int port;       /* 1883 (mqtt) or 8883 (mqtts) unless given */
	int tls;        /* mqtts */
};

/* Parses url into u: 0, or -1 (quiet: the caller names the value). */
int mqtt_url_parse(const char *url, struct mqtt_url *u);

struct mqtt_options {
	const char *client_id;    /* the session's name at the broker (kept across connections) */
	const char *user;         /* the account, or NULL for a broker without accounts */
	const char *password;     /* its password, or NULL */
	const char *ca;           /* CA certificate (PEM) for mqtts, NULL: the system's */
	int clean;                /* 1: a fresh session each time; 0: the broker keeps what was sent to us */
	int keepalive_s;          /* how often the broker must hear from us */
	const char *will_topic;   /* published by the broker if we vanish, or NULL */
	const char *will_payload; /* its text */
	/* Called inside mqtt_service: the broker accepted the connection (ok
	 * 1) or refused it (ok 0, why says why, in English). */
	void (*on_connect)(void *ctx, int ok, const char *why);
	/* A message arrived on a topic we subscribed to. */
	void (*on_message)(void *ctx, const char *topic, const char *payload, size_t len);
	/* Or NULL: the broker confirmed the QoS 1 message mid (mqtt_publish_id). */
	void (*on_published)(void *ctx, int mid);
	void *ctx; /* handed to the callbacks */
};

struct mqtt;

/* A client for the broker at u, not connected yet. NULL on failure
 * (printed: a bad CA file, no memory). */
struct mqtt *mqtt_open(const struct mqtt_url *u, const struct mqtt_options *o);
/* Frees m (disconnecting first when connected). */
void mqtt_close(struct mqtt *m);

/* Opens the connection (TCP, TLS, then CONNECT; the answer arrives
 * through on_connect). 0, or -1 with why (English) in buf. */
int mqtt_connect(struct mqtt *m, char *why, size_t n);
/* The socket to poll, -1 while not connected. */
int mqtt_fd(const struct mqtt *m);
/* 1 when the client has bytes to write (poll for POLLOUT too). */
int mqtt_wants_write(const struct mqtt *m);
/* Reads (readable), writes (writable or pending) and keeps the
 * connection alive; callbacks run here. 0, or -1 when the connection is
 * lost (why, English, in buf): connect again. */
int mqtt_service(struct mqtt *m, int readable, int writable, char *why, size_t n);
/* Milliseconds until mqtt_service must run for the keep-alive. */
int mqtt_due_ms(const struct mqtt *m);
/* Publishes len bytes at QoS qos (0 or 1), retained or not. 0 or -1. */
int mqtt_publish(struct mqtt *m, const char *topic, const void *payload, size_t len, int qos, int retain);
/* The same, the message's id in *mid (on_published names it when the
 * broker confirms it). */
int mqtt_publish_id(struct mqtt *m, const char *topic, const void *payload, size_t len, int qos, int retain,
                    int *mid);
/* Subscribes to pattern at QoS qos. 0 or -1. */
int mqtt_subscribe(struct mqtt *m, const char *pattern, int qos);
/* Says goodbye to the broker (no will is published). */
void mqtt_disconnect(struct mqtt *m);
/* How many published QoS 1 messages the broker has not yet confirmed. */
int mqtt_unconfirmed(const struct mqtt *m);

#endif
