#include <fahras/html_entities.h>

#include <doctest/doctest.h>

using namespace fahras;

TEST_CASE("decode_html_entities decodes complete references only") {
    struct Row {
        const char* in;
        const char* out;
    };
    for (const Row& row : {
             Row{"&quot;داعش&quot;", "\"داعش\""},
             Row{"AT&amp;T", "AT&T"},
             Row{"&#1603;&#x643;", "كك"},
             Row{"&laquo;جنيف 2&raquo;", "«جنيف 2»"},
             Row{"a&nbsp;b", "a\u00A0b"},
             Row{"Tom & Jerry", "Tom & Jerry"},
             Row{"&unknown; &amp", "&unknown; &amp"},
             Row{"&#0; &#xD800; &#99999999;", "&#0; &#xD800; &#99999999;"},
             Row{"&amp;quot;", "&quot;"},  // decoded once, not twice
             Row{"no entities", "no entities"},
         }) {
        CAPTURE(row.in);
        CHECK(decode_html_entities(row.in) == row.out);
    }
}
