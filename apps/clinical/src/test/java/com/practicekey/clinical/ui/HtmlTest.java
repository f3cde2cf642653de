package com.practicekey.clinical.ui;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlTest {

    @Test
    void every_html_metacharacter_is_escaped_and_nothing_else_changes() {
        assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;",
                Html.esc("<script>alert('x')</script> & \"q\""));
        assertEquals("Ünïcode, plain – text", Html.esc("Ünïcode, plain – text"));
        assertEquals("&amp;amp;", Html.esc("&amp;"), "escaped once more, never taken as already escaped");
    }

    @Test
    void a_page_escapes_the_practice_user_and_title_and_is_never_stored() {
        MutableHttpResponse<String> r = Html.page(HttpStatus.OK, "<t>", "<p>", "<u>", "<p id=\"x\">ok</p>");
        String body = r.body();
        assertTrue(body.contains("<h1>&lt;t&gt;</h1>"), body);
        assertTrue(body.contains("<strong id=\"practice\">&lt;p&gt;</strong>"), body);
        assertTrue(body.contains("<span id=\"user\">&lt;u&gt;</span>"), body);
        assertFalse(body.contains("<t>") || body.contains("<u>"), body);
        assertEquals("no-store", r.getHeaders().get("Cache-Control"));
        assertTrue(r.getHeaders().get("Content-Type").startsWith("text/html"));
    }

    @Test
    void an_error_page_shows_the_message_as_text_with_the_status() {
        MutableHttpResponse<String> r = Html.error(HttpStatus.FORBIDDEN, "permission <clinical.note.sign> is required", "riverbend", null);
        assertEquals(403, r.code());
        assertTrue(r.body().contains("<p id=\"error\">permission &lt;clinical.note.sign&gt; is required</p>"), r.body());
        assertTrue(r.body().contains("<h1>Not allowed</h1>"));
    }
}
