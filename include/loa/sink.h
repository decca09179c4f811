/*
 * sink.h — the sound outputs a station can be sent to, as a front end
 * lists them for the officer to pick one (`loa devices`, then --device
 * NAME or [output] device). The outputs themselves are the player's
 * (player.h); the drivers behind them are internal to src/audio.
 */
#ifndef LOA_SINK_PUBLIC_H
#define LOA_SINK_PUBLIC_H

#include <stddef.h>

/* One output device. */
struct sink_device {
	int index;      /* PortAudio's device index */
	char name[128]; /* the device's name ("system", "default") */
	char api[64];   /* its host API ("JACK Audio Connection Kit", "ALSA") */
	int channels;   /* most output channels it takes */
	int rate;       /* its default sample rate */
	int is_default; /* 1 for the default output device */
};

/* Lists the PortAudio output devices into out (at most max); the count, or
 * -1 with the reason in err (errlen bytes). Prints nothing. */
int sink_list_devices(struct sink_device *out, int max, char *err, size_t errlen);

#endif
