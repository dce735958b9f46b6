/* tests/test_buf.c -- fo_buf invariants. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "status.h"

static void
test_buf__init_is_empty_string(void **state)
{
	struct fo_buf b = FO_BUF_INIT;

	(void)state;
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	fo_buf_release(&b);
	assert_non_null(b.data);
}

static void
test_buf__put_keeps_nul(void **state)
{
	struct fo_buf b = FO_BUF_INIT;

	(void)state;
	fo_buf_put(&b, "ab\0cd", 5);
	assert_int_equal(b.len, 5);
	assert_int_equal(b.data[5], '\0');
	assert_memory_equal(b.data, "ab\0cd", 5);
	fo_buf_release(&b);
}

static void
test_buf__printf_grows(void **state)
{
	struct fo_buf b = FO_BUF_INIT;
	int i;

	(void)state;
	for (i = 0; i < 1000; i++)
		fo_buf_printf(&b, "%d,", i);
	assert_true(b.len > 3000);
	assert_int_equal(strncmp(b.data, "0,1,2,", 6), 0);
	assert_int_equal(b.data[b.len], '\0');
	assert_true(b.cap > b.len);
	fo_buf_release(&b);
}

static void
test_buf__detach_hands_over(void **state)
{
	struct fo_buf b = FO_BUF_INIT;
	size_t n;
	char *s;

	(void)state;
	s = fo_buf_detach(&b, &n);	/* empty buffer still gives a string */
	assert_string_equal(s, "");
	free(s);
	fo_buf_puts(&b, "跨境电商");
	s = fo_buf_detach(&b, &n);
	assert_int_equal(n, strlen("跨境电商"));
	assert_string_equal(s, "跨境电商");
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	free(s);
}

static void
test_buf__truncate_and_reset(void **state)
{
	struct fo_buf b = FO_BUF_INIT;

	(void)state;
	fo_buf_puts(&b, "hello world");
	fo_buf_truncate(&b, 5);
	assert_string_equal(b.data, "hello");
	fo_buf_truncate(&b, 50);
	assert_string_equal(b.data, "hello");
	fo_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	fo_buf_putc(&b, 'x');
	assert_string_equal(b.data, "x");
	fo_buf_release(&b);
}

static void
test_status__every_code_has_text(void **state)
{
	int st;

	(void)state;
	for (st = FO_OK; st <= FO_EINTERNAL; st++)
		assert_string_not_equal(fo_strerror((enum fo_status)st),
		    "unknown status");
	assert_string_equal(fo_strerror((enum fo_status)999), "unknown status");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf__init_is_empty_string),
		cmocka_unit_test(test_buf__put_keeps_nul),
		cmocka_unit_test(test_buf__printf_grows),
		cmocka_unit_test(test_buf__detach_hands_over),
		cmocka_unit_test(test_buf__truncate_and_reset),
		cmocka_unit_test(test_status__every_code_has_text),
	};

	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
