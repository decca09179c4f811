/*
 * test_hash.c — SHA-256 against the FIPS 180-2 test vectors, one-shot,
 * streaming (in uneven pieces) and from a file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "loa/hash.h"

static const char empty_sha[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
static const char abc_sha[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
static const char two_block_sha[] = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
static const char million_a_sha[] = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
static const char two_block[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

static void
test_buffer(void **state)
{
	char out[HASH_HEX_LEN + 1];

	(void)state;
	hash_sha256_hex("", 0, out);
	assert_string_equal(out, empty_sha);
	hash_sha256_hex("abc", 3, out);
	assert_string_equal(out, abc_sha);
	hash_sha256_hex(two_block, strlen(two_block), out);
	assert_string_equal(out, two_block_sha);
}

static void
test_streaming(void **state)
{
	char out[HASH_HEX_LEN + 1], chunk[997];
	struct hash_sha256 *h = hash_sha256_new();
	size_t left = 1000000;

	(void)state;
	assert_non_null(h);
	memset(chunk, 'a', sizeof chunk);
	while (left) {
		size_t n = left < sizeof chunk ? left : sizeof chunk;
		hash_sha256_update(h, chunk, n);
		left -= n;
	}
	hash_sha256_final(h, out);
	assert_string_equal(out, million_a_sha);
	hash_sha256_free(NULL);
}

static void
test_file(void **state)
{
	char path[] = "/tmp/loa-test-hash-XXXXXX", out[HASH_HEX_LEN + 1];
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, two_block, strlen(two_block)), (ssize_t)strlen(two_block));
	close(fd);
	assert_int_equal(hash_sha256_file(path, out), 0);
	assert_string_equal(out, two_block_sha);
	unlink(path);
	assert_int_equal(hash_sha256_file(path, out), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_buffer),
	    cmocka_unit_test(test_streaming),
	    cmocka_unit_test(test_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
