// SPDX-License-Identifier: Apache-2.0
/* Error text: formatted messages, and removal of terminal controls from what the daemon or a
 * container said. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "unit.h"

static void set_messages(void **state)
{
	char *err = NULL;

	(void)state;
	assert_int_equal(error_set(&err, -ENOENT, "no %s %d", "thing", 7), -ENOENT);
	assert_string_equal(err, "no thing 7");
	/* a second message replaces the first */
	assert_int_equal(error_set(&err, -EINVAL, "%s", "other"), -EINVAL);
	assert_string_equal(err, "other");
	free(err);
	/* no place for a message: only the code */
	assert_int_equal(error_set(NULL, -EPERM, "ignored %s", "x"), -EPERM);
}

static char *clean_len(const char *s, size_t len)
{
	char *out = error_sanitize(s, len);

	assert_non_null(out);
	return out;
}

static void expect_clean(const char *in, const char *want)
{
	char *out = clean_len(in, strlen(in));

	assert_string_equal(out, want);
	free(out);
}

static void plain_text(void **state)
{
	(void)state;
	expect_clean("", "");
	expect_clean("No such container: web", "No such container: web");
	expect_clean("  leading blanks stay", "  leading blanks stay");
	expect_clean("trailing blanks go   ", "trailing blanks go");
	expect_clean("caf\xc3\xa9 \xe2\x98\x83 \xc2\xa0", "caf\xc3\xa9 \xe2\x98\x83 \xc2\xa0");
	expect_clean("~!@#$%^&*()[]{}", "~!@#$%^&*()[]{}");
}

static void csi_sequences(void **state)
{
	(void)state;
	expect_clean("\x1b[31mred\x1b[0m", "red");
	expect_clean("a\x1b[1;31;40mb\x1b[m", "ab");
	expect_clean("\x1b[2J\x1b[Hcleared", "cleared");
	expect_clean("x\x1b[?25ly", "xy");  /* private parameters */
	expect_clean("x\x1b[1 qy", "xy");   /* intermediate byte */
	expect_clean("x\x1b[6n", "x");	    /* a query that makes the terminal type */
	expect_clean("cut \x1b[31", "cut"); /* unterminated: the rest goes */
	expect_clean("x\x1b[", "x");
	expect_clean("x\x1b", "x");
}

static void osc_and_other_escapes(void **state)
{
	(void)state;
	expect_clean("\x1b]0;owned title\x07text", "text");
	expect_clean("\x1b]8;;http://evil/\x07"
		     "click\x1b]8;;\x07",
		     "click");				  /* hyperlink */
	expect_clean("\x1b]52;c;cm0gLXJmIC8=\x07x", "x"); /* clipboard write */
	expect_clean("a\x1b]0;never ends", "a");
	expect_clean("a\x1b"
		     "cb",
		     "ab"); /* RIS: full reset */
	expect_clean("a\x1b"
		     "7b\x1b"
		     "8",
		     "ab"); /* save/restore cursor */
	expect_clean("\x1b\x1b\x1b", "");
}

static void c0_and_del(void **state)
{
	char all[40];
	char *out;

	(void)state;
	expect_clean("line one\nline two\n", "line one line two");
	expect_clean("crlf\r\nnext", "crlf next");
	expect_clean("over\rwrite", "overwrite");
	expect_clean("tab\there", "tab here");
	expect_clean("bell\x07 back\x08space del\x7f", "bell backspace del");
	expect_clean("\x0e\x0fshift\x0b\x0c", "shift");

	/* every C0 control but LF and TAB disappears; those two become spaces */
	for (int c = 1; c < 0x20; c++)
		all[c - 1] = (char)c;
	memcpy(all + 0x1f, "end\x7f", 4);
	out = clean_len(all, 0x1f + 4);
	assert_string_equal(out, "  end");
	free(out);
	/* NUL bytes within the length are removed, not an end */
	out = clean_len("a\0b\0", 4);
	assert_string_equal(out, "ab");
	free(out);
	/* nothing beyond len is read */
	out = clean_len("abcdef", 3);
	assert_string_equal(out, "abc");
	free(out);
}

static void c1_controls(void **state)
{
	char in[3] = { (char)0xc2, 0, 'x' };

	(void)state;
	/* U+0080..U+009F in UTF-8 */
	for (int c = 0x80; c <= 0x9f; c++) {
		char *out;

		in[1] = (char)c;
		out = clean_len(in, 3);
		assert_string_equal(out, "x");
		free(out);
	}
	expect_clean("a\xc2\x9b"
		     "31mb",
		     "a31mb");
	expect_clean("\xc2\x9d"
		     "0;title\xc2\x9c"
		     "x",
		     "0;titlex");
	/* U+00A0 and above are text */
	expect_clean("\xc2\xa0\xc2\xbf\xc3\x80", "\xc2\xa0\xc2\xbf\xc3\x80");
	/* bytes that are not whole UTF-8 are dropped: a lone lead byte could pair with whatever is
	 * printed next */
	expect_clean("x\xc2", "x");
	expect_clean("a\x9b"
		     "b\xe2\x82",
		     "ab");
}

/* Whatever comes in, no C0 control, DEL or ESC comes out, and the output is never longer. */
static void random_input(void **state)
{
	static const unsigned char alphabet[] = { 0x1b, '[',  ']',  0x07, '\n', '\r', '\t',
						  0x7f, 0xc2, 0x9b, 0x85, 'a',	'm',  ';',
						  '0',	' ',  0x00, 0x9c, 0xe2, 0x80 };
	unsigned seed = 12345;
	char in[64];

	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t len = (size_t)(round % 64);
		char *out;

		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			in[i] = (char)alphabet[(seed >> 16) % sizeof(alphabet)];
		}
		out = clean_len(in, len);
		assert_true(strlen(out) <= len);
		for (const unsigned char *p = (const unsigned char *)out; *p; p++)
			assert_true(*p >= 0x20 && *p != 0x7f);
		if (*out)
			assert_int_not_equal(out[strlen(out) - 1], ' ');
		free(out);
	}
}

/* Regression: an OSC ended by ST (ESC \), as most programs end it, is only ended by BEL; the rest
 * of the text goes. */
static void osc_string_terminator(void **state)
{
	(void)state;
	expect_clean("a\x1b]0;title\x1b\\after", "aafter");
	expect_clean("\x1b]8;;http://x/\x1b\\link\x1b]8;;\x1b\\ text", "link text");
}

/* Regression: C1 controls as single bytes (what 8-bit terminals obey) pass through. */
static void raw_c1_controls(void **state)
{
	(void)state;
	expect_clean("a\x9b"
		     "31mb",
		     "a31mb");
	expect_clean("a\x9d"
		     "0;t\x9c"
		     "b",
		     "a0;tb");
}

/* Regression: removing a control between the two bytes of a UTF-8 C1 control joins them into one
 * (C2 9B: CSI). */
static void c1_rejoined(void **state)
{
	char *out;

	(void)state;
	out = clean_len("\xc2\x01\x9b"
			"31mred",
			8);
	assert_null(strstr(out, "\xc2\x9b"));
	free(out);
	out = clean_len("\xc2\x1b[m\x9b"
			"31mred",
			10);
	assert_null(strstr(out, "\xc2\x9b"));
	free(out);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(set_messages),	   cmocka_unit_test(plain_text),
		cmocka_unit_test(csi_sequences),   cmocka_unit_test(osc_and_other_escapes),
		cmocka_unit_test(c0_and_del),	   cmocka_unit_test(c1_controls),
		cmocka_unit_test(random_input),	   cmocka_unit_test(osc_string_terminator),
		cmocka_unit_test(raw_c1_controls), cmocka_unit_test(c1_rejoined),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
