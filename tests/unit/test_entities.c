/* test_entities.c -- unit tests for entities.c.
 *
 * Named, decimal and hexadecimal references; HTML's windows-1252 rule
 * for 0x80..0x9F; invalid values; what is not a reference; no copy when
 * there is nothing to decode; the table is sorted.
 */
#include <string.h>

#include "check.h"
#include "entities.h"

static wbuf out;

static void check_unescape(const char *in, const char *want, size_t n_want)
{
    const char *res;
    size_t len, n = 99;
    CHECK_INT(entities_run(in, strlen(in), &out, &res, &len, &n), WINNOW_OK);
    CHECK_STR(res, len, want);
    CHECK_INT(n, n_want);
    if (n_want == 0) CHECK(res == in);
}

static void test_named_references(void)
{
    check_unescape("Tom &amp; Jerry", "Tom & Jerry", 1);
    check_unescape("a&nbsp;b &lt;p&gt; &quot;q&quot; &apos;", "a\xC2\xA0" "b <p> \"q\" '", 6);
    check_unescape("&eacute;t&eacute; &Eacute; &euro;5 &hellip; &mdash; &rsquo;",
                   "été É €5 … — ’", 7);
    check_unescape("&alpha;&Omega; &scaron;&Zcaron; &hearts;", "αΩ šŽ ♥", 5);
}

static void test_numeric_references(void)
{
    check_unescape("it&#8217;s &#x2019; &#X2019; &#39;", "it’s ’ ’ '", 4);
    check_unescape("&#128512;", "😀", 1);
    check_unescape("&#150; &#x93;", "– “", 2);        /* windows-1252 rule */
    check_unescape("&#0; &#xD800; &#x110000;", "\xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD", 3);
}

static void test_what_is_not_a_reference(void)
{
    check_unescape("AT&T and Q&A", "AT&T and Q&A", 0);
    check_unescape("&copy 2024 &nosuchname; &#; &#x; &;", "&copy 2024 &nosuchname; &#; &#x; &;", 0);
    check_unescape("no ampersand at all", "no ampersand at all", 0);
    check_unescape("&amp;lt;", "&lt;", 1);             /* one pass */
    check_unescape("end &amp", "end &amp", 0);
}

static void test_lookup(void)
{
    CHECK_INT(entities_lookup("amp", 3), '&');
    CHECK_INT(entities_lookup("AElig", 5), 0xC6);
    CHECK_INT(entities_lookup("zwj", 3), 0x200D);
    CHECK_INT(entities_lookup("ampx", 4), -1);
    CHECK_INT(entities_lookup("am", 2), -1);
}

int main(void)
{
    wbuf_init(&out, 0);
    RUN_TEST(test_named_references);
    RUN_TEST(test_numeric_references);
    RUN_TEST(test_what_is_not_a_reference);
    RUN_TEST(test_lookup);
    wbuf_release(&out);
    return check_summary();
}
