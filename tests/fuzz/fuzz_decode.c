/*
 * fuzz_decode.c — decode.h on hostile audio files.
 *
 * Every clip the officer imports passes through decoder_open and
 * decoder_read first, from a USB stick that may hold anything. Each input
 * is written to one temporary file and decoded; the decoder must refuse
 * or decode it without crashing, reading out of bounds or running away
 * (reading stops after a bounded number of frames per input, so a file
 * that decodes for hours does not stall the fuzzer — decode.c's own cap
 * is tested in tests/unit/test_decode.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);

/*
 * libsndfile 1.2.0 leaks the vorbis_info it allocated when sf_open finds a
 * damaged Ogg Vorbis header (found by this fuzzer: corpus/decode/
 * malformed-vorbis-leak). The leak is inside sf_open_fd, which returned
 * NULL, so loa has nothing to free; it is at most a few KB per refused
 * file in a short-lived `loa clip add`. Suppressed here, not in loa.
 */
const char *
__lsan_default_suppressions(void)
{
	return "leak:vorbis_info_init\n";
}

#define FUZZ_MAX_FRAMES (1 << 20)

static char path[64];

static void
remove_temp(void)
{
	unlink(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static float buf[4096 * DECODE_MAX_CHANNELS];
	struct decode_info info;
	struct decoder *d;
	int64_t n, total = 0;
	FILE *f;

	if (!path[0]) {
		int fd;
		/* In memory when the machine has /dev/shm: writing each input
		 * to a disk-backed /tmp was a third of the run. */
		snprintf(path, sizeof path, "/dev/shm/loa-fuzz-decode-XXXXXX");
		if ((fd = mkstemp(path)) < 0) {
			snprintf(path, sizeof path, "/tmp/loa-fuzz-decode-XXXXXX");
			if ((fd = mkstemp(path)) < 0)
				abort();
		}
		close(fd);
		atexit(remove_temp);
	}
	if (!(f = fopen(path, "wb")) || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	if (!(d = decoder_open(path, &info)))
		return 0;
	if (info.channels < 1 || info.channels > DECODE_MAX_CHANNELS || info.sample_rate < DECODE_MIN_RATE ||
	    info.sample_rate > DECODE_MAX_RATE)
		abort(); /* decoder_open let an absurd header through */
	while (total < FUZZ_MAX_FRAMES && (n = decoder_read(d, buf, 4096)) > 0)
		total += n;
	decoder_seek(d, 0);
	decoder_close(d);
	return 0;
}
