/*
 * test_syntax.c - syntax_explain and syntax_number_hint (syntax.h): each
 * mistake is found on the line libconfig names, and only outside strings and
 * comments; the key is named by its whole path, in a group on one line, in
 * a list of arrays (the draw), or by its name alone when the line cannot be
 * read again; a line with none of the mistakes gets no explanation.
 * tests/cli/bad/value_*.cfg check the messages as a user meets them.
 */
#include "helpers.h"

#include <libconfig.h>

#include "syntax.h"

/* syntax_explain(text, line) must give exactly want ("" for none), and the
 * text must indeed be a syntax error at that line for libconfig. */
static void expect(const char *text, int line, const char *want)
{
    config_t c;
    config_init(&c);
    assert_int_equal(config_read_string(&c, text), CONFIG_FALSE);
    assert_string_equal(config_error_text(&c), "syntax error");
    assert_int_equal(config_error_line(&c), line);
    config_destroy(&c);
    char out[600];
    bool found = syntax_explain(text, line, out, sizeof out);
    assert_string_equal(out, want);
    assert_int_equal(found, want[0] != '\0');
}

static void test_not_finite(void **state)
{
    (void)state;
    expect("a = { b = 1.0; };\nc = nan;\n", 2,
           "c: nan is not a number: every value in a scenario must be a finite number");
    expect("a = { b = 1.0;\n  c = -Infinity; };\n", 2,
           "a.c: -Infinity is not a number: every value in a scenario must be a finite number");
    /* two keys of one name on a line: the one with the mistake */
    expect("g = { US = { CN = 1.0; }; EU = { CN = INF; }; };\n", 1,
           "g.EU.CN: INF is not a number: every value in a scenario must be a finite number");
    /* a list of arrays of reals (a fragment's draws): the draw */
    expect("l = ( [1.0, 2.0],\n  [3.0, nan] );\n", 2,
           "l[1]: nan is not a number: every value in a scenario must be a finite number");
}

static void test_spreadsheet_habits(void **state)
{
    (void)state;
    expect("h = { start = 2025-01; };\n", 1, "h.start: a month is written in double quotes: \"2025-01\"");
    expect("r = 25%;\n", 1, "r: a percentage is written as a fraction: 25% is 0.25");
    expect("r = 2.5 %;\n", 1, "r: a percentage is written as a fraction: 2.5% is 0.025");
    expect("x = 0,5;\n", 1, "x: a number is written with a decimal point: 0.5");
    expect("x = 12,345,678.5;\n", 1, "x: a number is written without thousands separators: 12345678.5");
    expect("f = { on = no; };\n", 1, "f.on: no is not a value: a yes or no is written true or false");
    expect("s = 'two words';\n", 1, "s: text is written in double quotes: \"two words\"");
    expect("p = { unit = vendor; on = TRUE; };\n", 1, "p.unit: text is written in double quotes: \"vendor\"");
    expect("g = { n = ; };\n", 1, "g.n: missing value");
    expect("g = { n = 1;\n", 2,
           "the file ends inside a group, a list, a string or a comment: a closing }, ), \" or */ is missing");
}

static void test_only_code(void **state)
{
    (void)state;
    /* nan, 4% and 2025-01 in strings or comments are no mistake: the real one is found */
    expect("d = \"nan 4% 2025-01\"; e = 4%; # inf\n", 1, "e: a percentage is written as a fraction: 4% is 0.04");
    expect("x = 1; # nan\ny = = 2;\n", 2, "");
    expect("/* inf */ y = 1.0.0;\n", 1, "");
    /* the leftmost of two mistakes */
    expect("a = yes; b = nan;\n", 1, "a: yes is not a value: a yes or no is written true or false");
    /* a line too long to keep: no crash, the key by its name or none */
    size_t n = 6000;
    char *t = malloc(n + 32);
    assert_non_null(t);
    memcpy(t, "s = \"", 5);
    memset(t + 5, 'x', n);
    strcpy(t + 5 + n, "\"; v = nan;\n");
    char out[600];
    syntax_explain(t, 1, out, sizeof out);
    free(t);
}

static void test_number_hint(void **state)
{
    (void)state;
    char out[300];
    assert_true(syntax_number_hint("4%", out, sizeof out));
    assert_string_equal(out, "a percentage is written as a fraction: 4% is 0.04");
    assert_true(syntax_number_hint("1,000", out, sizeof out));
    assert_string_equal(out, "a number is written without thousands separators: 1000");
    assert_true(syntax_number_hint("-0,25", out, sizeof out));
    assert_string_equal(out, "a number is written with a decimal point: -0.25");
    assert_false(syntax_number_hint("yes", out, sizeof out));
    assert_false(syntax_number_hint("1,2x", out, sizeof out));
    assert_false(syntax_number_hint("high", out, sizeof out));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_not_finite),
        cmocka_unit_test(test_spreadsheet_habits),
        cmocka_unit_test(test_only_code),
        cmocka_unit_test(test_number_hint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
