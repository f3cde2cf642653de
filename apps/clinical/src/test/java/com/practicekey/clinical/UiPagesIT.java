package com.practicekey.clinical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.junit.Browser;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyServer.Tenant;
import com.practicekey.stack.junit.PracticeKeyServer.User;
import com.practicekey.stack.junit.PracticeKeyTest;
import io.micronaut.runtime.server.EmbeddedServer;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clinical pages ({@code /ui}) in a browser without JavaScript, signed in through Keycloak's
 * real pages with the app's real client: the sign-in redirect, the practice's patients (search,
 * paging, escaping), a patient's notes with the Sign button, refusals as HTML pages (403 naming
 * the permission, 404, 409, a cross-origin form), and an idle-locked session sending the browser
 * back to Keycloak for credentials (the lock is set in the app's table here; the system test's
 * {@code ScenarioIT} waits for a real idle timeout).
 */
@PracticeKeyTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UiPagesIT {

    private static final String EVIL = "<b>O'Hara & \"Sons\"</b>";

    private EmbeddedServer app;
    private String appBase;
    private String clientUuid;
    private JsonNode originalClient;

    private Tenant practice;
    private User doctor;
    private User desk;
    private String marker;
    private String firstPatient;
    private String otherPracticePatient;
    private List<String> drafts;

    @BeforeAll
    void start(PracticeKeyServer kc) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        appBase = "http://localhost:" + port;
        clientUuid = kc.admin().get(PracticeKeyServer.REALM + "/clients?clientId=clinical-app").expect(200).json().get(0).get("id").asText();
        originalClient = kc.admin().get(PracticeKeyServer.REALM + "/clients/" + clientUuid).expect(200).json();
        ObjectNode client = originalClient.deepCopy();
        ((ArrayNode) client.withArray("redirectUris")).add(appBase + "/oauth/callback/keycloak");
        kc.admin().call("PUT", PracticeKeyServer.REALM + "/clients/" + clientUuid, client).expect(204);
        app = ClinicalApp.start(kc, Map.of(
                "micronaut.server.port", port,
                "practicekey.security.issuer", kc.httpsUrl().resolve("/realms/" + PracticeKeyServer.REALM).toString(),
                "practicekey.security.jwks-uri", kc.realmUrl("protocol/openid-connect/certs").toString(),
                "practicekey.login.trust-certificate", ClinicalApp.serverCertificate(kc.httpsUrl()).toString(),
                "practicekey.login.public-url", appBase));

        practice = kc.newTenant("Clinic " + PracticeKeyServer.unique("ui"), Map.of());
        kc.admin().createTenantGroup(PracticeKeyServer.REALM, practice.id(), "Doctors", List.of("clinical.*"), List.of());
        kc.admin().createTenantGroup(PracticeKeyServer.REALM, practice.id(), "Desk", List.of("clinical.*"), List.of("clinical.note.*"));
        doctor = kc.newUser();
        kc.addMember(practice, doctor, "Doctors");
        desk = kc.newUser();
        kc.addMember(practice, desk, "Desk");
        Tenant other = kc.newTenant("Clinic " + PracticeKeyServer.unique("ui"), Map.of());
        kc.admin().createTenantGroup(PracticeKeyServer.REALM, other.id(), "Doctors", List.of("clinical.*"), List.of());
        User otherDoctor = kc.newUser();
        kc.addMember(other, otherDoctor, "Doctors");

        // Data through the JSON API with each practice's browser session (synthetic names).
        marker = "Uimark" + PracticeKeyServer.unique("").replaceAll("[^A-Za-z0-9]", "");
        try (Browser b = Browser.open(kc)) {
            signInAt(b, "/ui", doctor);
            for (int i = 1; i <= 21; i++) {
                String id = post(b, "/api/patients", Map.of("familyName", marker, "givenName", String.format("P%02d", i),
                        "birthDate", "1980-01-01", "sex", "unknown")).get("id").asText();
                if (i == 1) {
                    firstPatient = id;
                }
            }
            post(b, "/api/patients", Map.of("familyName", EVIL, "givenName", marker, "birthDate", "1990-02-02", "sex", "other"));
            drafts = List.of(
                    post(b, "/api/patients/" + firstPatient + "/notes", Map.of("title", "Visit <i>one</i>", "body", "Synthetic.")).get("id").asText(),
                    post(b, "/api/patients/" + firstPatient + "/notes", Map.of("title", "Visit two", "body", "Synthetic.")).get("id").asText(),
                    post(b, "/api/patients/" + firstPatient + "/notes", Map.of("title", "Visit three", "body", "Synthetic.")).get("id").asText());
        }
        try (Browser b = Browser.open(kc)) {
            signInAt(b, "/ui", otherDoctor);
            otherPracticePatient = post(b, "/api/patients", Map.of("familyName", marker, "givenName", "Elsewhere",
                    "birthDate", "1970-03-03", "sex", "female")).get("id").asText();
        }
    }

    @AfterAll
    void stop(PracticeKeyServer kc) {
        if (app != null) {
            app.getApplicationContext().close();
        }
        if (originalClient != null) {
            kc.admin().call("PUT", PracticeKeyServer.REALM + "/clients/" + clientUuid, originalClient).expect(204);
        }
    }

    @Test
    void the_pages_need_a_session_list_only_the_practice_patients_escaped_and_paged(PracticeKeyServer kc) throws Exception {
        try (Browser b = Browser.open(kc)) {
            HtmlPage start = b.go(appBase + "/");
            assertEquals(200, start.getWebResponse().getStatusCode());
            assertTrue(start.asNormalizedText().contains("You are not signed in"), start.asNormalizedText());

            HtmlPage login = b.go(appBase + "/ui?name=" + marker);
            assertTrue(b.url().toString().startsWith(kc.httpsUrl().toString()), "a page without a session goes to Keycloak: " + b.url());
            assertFalse(b.url().toString().contains("prompt=login"), "a first sign-in does not force a prompt");
            assertNotNull(login);
            HtmlPage list = (HtmlPage) signIn(b, doctor);
            assertEquals(appBase + "/ui?name=" + marker, list.getUrl().toString(), "back at the page asked for: " + b.text());
            assertEquals(200, list.getWebResponse().getStatusCode());
            assertTrue(list.getWebResponse().getContentType().equals("text/html"), list.getWebResponse().getContentType());
            assertEquals("no-store", list.getWebResponse().getResponseHeaderValue("Cache-Control"));
            assertEquals(practice.alias(), list.getElementById("practice").asNormalizedText());
            assertEquals(doctor.email(), list.getElementById("user").asNormalizedText());

            // 22 in this practice match the marker (21 + the one with markup in its name); the other practice's one does not show.
            assertTrue(list.getElementById("count").asNormalizedText().startsWith("22 patients"), list.asNormalizedText());
            List<HtmlAnchor> links = patientLinks(list);
            assertEquals(20, links.size());
            assertTrue(links.stream().noneMatch(a -> a.getHrefAttribute().endsWith(otherPracticePatient)));
            HtmlPage second = ((HtmlAnchor) list.getFirstByXPath("//a[@rel='next']")).click();
            assertEquals(2, patientLinks(second).size());
            assertNull(second.getFirstByXPath("//a[@rel='next']"), "the last page has no next");
            assertNotNull(second.getFirstByXPath("//a[@rel='prev']"));
            // A page past the last one (here the 100,000th) lands on the last page, its search kept.
            HtmlPage beyond = b.go(appBase + "/ui?name=" + marker + "&page=99999");
            assertEquals(appBase + "/ui?name=" + marker + "&page=1", beyond.getUrl().toString());
            assertEquals(2, patientLinks(beyond).size(), beyond.asNormalizedText());
            assertTrue(beyond.asNormalizedText().contains("Page 2 of 2"), beyond.asNormalizedText());
            HtmlPage none = b.go(appBase + "/ui?name=no-such-patient-" + marker + "&page=3");
            assertEquals(appBase + "/ui?name=no-such-patient-" + marker + "&page=0", none.getUrl().toString());
            assertTrue(none.asNormalizedText().contains("Page 1 of 1"), none.asNormalizedText());

            // Names are text, never markup, in the list and in the search box.
            HtmlPage evil = b.go(appBase + "/ui?name=" + Http.enc("O'Hara & \"Sons"));
            assertEquals(1, patientLinks(evil).size(), evil.asNormalizedText());
            assertEquals(EVIL + ", " + marker, patientLinks(evil).get(0).asNormalizedText());
            assertNull(evil.getFirstByXPath("//ul[@id='patients']//b"), "no element from the name");
            String html = evil.getWebResponse().getContentAsString();
            assertTrue(html.contains("&lt;b&gt;O&#39;Hara &amp; &quot;Sons&quot;&lt;/b&gt;"), html);
            assertEquals("O'Hara & \"Sons", evil.getElementByName("name").getAttribute("value"));

            // Another practice's patient does not exist here.
            Page missing = b.webClient().getPage(appBase + "/ui/patients/" + otherPracticePatient);
            assertEquals(404, missing.getWebResponse().getStatusCode());
            assertEquals("text/html", missing.getWebResponse().getContentType());
            assertTrue(((HtmlPage) missing).getElementById("error").asNormalizedText().contains("patient not found"));

            // The JSON API is unchanged beside the pages.
            Page json = b.webClient().getPage(appBase + "/api/patients?name=" + marker);
            assertEquals("application/json", json.getWebResponse().getContentType());
            assertEquals(22, Http.JSON.readTree(json.getWebResponse().getContentAsString()).get("total").asInt());
        }
    }

    @Test
    void a_doctor_signs_a_draft_with_the_button_and_a_signed_note_or_a_foreign_form_is_refused(PracticeKeyServer kc) throws Exception {
        try (Browser b = Browser.open(kc)) {
            b.go(appBase + "/ui/patients/" + firstPatient);
            HtmlPage patient = (HtmlPage) signIn(b, doctor);
            assertEquals(appBase + "/ui/patients/" + firstPatient, patient.getUrl().toString(), b.text());
            assertEquals(marker + ", P01", ((DomElement) patient.getFirstByXPath("//h1")).asNormalizedText());
            DomElement row = patient.getElementById("note-" + drafts.get(0));
            assertNotNull(row, patient.asNormalizedText());
            assertEquals("Visit <i>one</i>", ((DomElement) row.getFirstByXPath("td[@class='title']")).asNormalizedText());
            assertEquals("draft", status(patient, drafts.get(0)));

            HtmlPage after = ((HtmlButton) row.getFirstByXPath(".//button")).click();
            assertEquals(appBase + "/ui/patients/" + firstPatient, after.getUrl().toString(), after.asNormalizedText());
            assertEquals("signed", status(after, drafts.get(0)));
            assertNull(after.getElementById("note-" + drafts.get(0)).getFirstByXPath(".//form"), "no Sign button on a signed note");
            assertEquals("draft", status(after, drafts.get(1)));

            Page again = b.webClient().getPage(signRequest(drafts.get(0), appBase));
            assertEquals(409, again.getWebResponse().getStatusCode());
            assertTrue(((HtmlPage) again).getElementById("error").asNormalizedText().contains("already signed"));

            Page foreign = b.webClient().getPage(signRequest(drafts.get(2), "http://localhost:1"));
            assertEquals(403, foreign.getWebResponse().getStatusCode());
            assertEquals("text/html", foreign.getWebResponse().getContentType());
            assertTrue(((HtmlPage) foreign).getElementById("error").asNormalizedText().contains("cross-origin"));
            assertEquals("draft", status(b.go(appBase + "/ui/patients/" + firstPatient), drafts.get(2)), "the foreign form changed nothing");
        }
    }

    @Test
    void a_doctor_writes_a_draft_with_the_form_a_blank_one_is_refused_and_front_desk_gets_no_form(PracticeKeyServer kc)
            throws Exception {
        String title = "Follow-up " + PracticeKeyServer.unique("n");
        try (Browser b = Browser.open(kc)) {
            b.go(appBase + "/ui/patients/" + firstPatient);
            HtmlPage patient = (HtmlPage) signIn(b, doctor);
            org.htmlunit.html.HtmlForm form = patient.getHtmlElementById("new-note");
            form.getInputByName("title").setValue(title);
            form.getTextAreaByName("body").setText("Synthetic text <script>x</script>");
            HtmlPage after = ((HtmlButton) form.getFirstByXPath(".//button")).click();
            assertEquals(appBase + "/ui/patients/" + firstPatient, after.getUrl().toString(), after.asNormalizedText());
            List<DomElement> rows = after.getByXPath("//tr[@class='note'][td[@class='title']='" + title + "']");
            assertEquals(1, rows.size(), after.asNormalizedText());
            assertEquals("draft", ((DomElement) rows.get(0).getFirstByXPath("td[@class='status']")).asNormalizedText());

            int notesBefore = after.getByXPath("//tr[@class='note']").size();
            WebRequest blank = new WebRequest(new URL(appBase + "/ui/patients/" + firstPatient + "/notes"), HttpMethod.POST);
            blank.setAdditionalHeader("Origin", appBase);
            blank.setAdditionalHeader("Content-Type", "application/x-www-form-urlencoded");
            blank.setRequestBody("title=%20%20&body=x");
            Page refused = b.webClient().getPage(blank);
            assertEquals(400, refused.getWebResponse().getStatusCode());
            assertTrue(((HtmlPage) refused).getElementById("error").asNormalizedText().contains("title"));
            HtmlPage again = b.go(appBase + "/ui/patients/" + firstPatient);
            assertEquals(notesBefore, again.getByXPath("//tr[@class='note']").size(), "the blank form added nothing");
        }
        try (Browser b = Browser.open(kc)) {
            b.go(appBase + "/ui/patients/" + firstPatient);
            HtmlPage patient = (HtmlPage) signIn(b, desk);
            assertNull(patient.getElementById("new-note"), "no form without clinical.note.write");
            WebRequest r = new WebRequest(new URL(appBase + "/ui/patients/" + firstPatient + "/notes"), HttpMethod.POST);
            r.setAdditionalHeader("Origin", appBase);
            r.setAdditionalHeader("Content-Type", "application/x-www-form-urlencoded");
            r.setRequestBody("title=Desk&body=x");
            Page refused = b.webClient().getPage(r);
            assertEquals(403, refused.getWebResponse().getStatusCode());
            assertTrue(((HtmlPage) refused).getElementById("error").asNormalizedText().contains("clinical.note.write"));
        }
    }

    @Test
    void front_desk_sees_the_patient_not_the_notes_and_signing_is_refused_with_403_naming_the_permission(PracticeKeyServer kc)
            throws Exception {
        try (Browser b = Browser.open(kc)) {
            b.go(appBase + "/ui/patients/" + firstPatient);
            HtmlPage patient = (HtmlPage) signIn(b, desk);
            assertEquals(200, patient.getWebResponse().getStatusCode(), patient.asNormalizedText());
            assertTrue(patient.getElementById("notes-hidden").asNormalizedText().contains("clinical.note.read"));
            assertNull(patient.getElementById("notes"));

            Page refused = b.webClient().getPage(signRequest(drafts.get(1), appBase));
            assertEquals(403, refused.getWebResponse().getStatusCode());
            assertEquals("text/html", refused.getWebResponse().getContentType());
            HtmlPage page = (HtmlPage) refused;
            assertTrue(page.getElementById("error").asNormalizedText().contains("clinical.note.sign"), page.asNormalizedText());
            assertEquals(desk.email(), page.getElementById("user").asNormalizedText());
        }
        try (Browser b = Browser.open(kc)) {
            b.go(appBase + "/ui/patients/" + firstPatient);
            assertEquals("draft", status((HtmlPage) signIn(b, doctor), drafts.get(1)), "the refused sign changed nothing");
        }
    }

    @Test
    void after_the_idle_lock_the_pages_send_the_browser_to_keycloak_for_credentials(PracticeKeyServer kc) throws Exception {
        try (Browser b = Browser.open(kc)) {
            b.go(appBase + "/ui");
            assertEquals(appBase + "/ui", signIn(b, doctor).getUrl().toString(), b.text());

            // The state an idle timeout leaves (the system test waits for a real one): the session's
            // row in the app's idle lock is locked now, after the sign-in (auth_time has whole seconds).
            Thread.sleep(1100);
            JsonNode sessions = kc.admin().get(PracticeKeyServer.REALM + "/users/" + doctor.id() + "/sessions").expect(200).json();
            int locked = 0;
            try (Connection c = kc.database().connect(ClinicalApp.DB);
                 PreparedStatement s = c.prepareStatement("UPDATE idle_session SET locked_at = clock_timestamp() WHERE sid = ?")) {
                for (JsonNode session : sessions) {
                    s.setString(1, session.get("id").asText());
                    locked += s.executeUpdate();
                }
            }
            assertTrue(locked >= 1, "the browser's Keycloak session is known to the app");

            HtmlPage again = b.go(appBase + "/ui");
            assertTrue(b.url().toString().startsWith(kc.httpsUrl().toString()), "back to Keycloak: " + b.url());
            assertTrue(b.url().toString().contains("prompt=login"), b.url().toString());
            assertTrue(b.hasInput("password") || b.hasInput("username"), "credentials are asked for: " + again.asNormalizedText());
            Page back = signIn(b, doctor);
            assertEquals(appBase + "/ui", back.getUrl().toString(), b.text());
            assertEquals(200, back.getWebResponse().getStatusCode());
        }
    }

    @Test
    void the_sign_out_button_ends_the_session_and_the_next_page_asks_keycloak_for_credentials(PracticeKeyServer kc) throws Exception {
        User user = kc.newUser();
        kc.addMember(practice, user, "Desk");
        try (Browser b = Browser.open(kc)) {
            b.go(appBase + "/ui");
            HtmlPage list = (HtmlPage) signIn(b, user);
            assertEquals(appBase + "/ui", list.getUrl().toString(), b.text());
            HtmlButton signOut = list.getFirstByXPath("//form[@action='/logout']//button");
            assertNotNull(signOut, "every page offers Sign out: " + list.asNormalizedText());

            Page out = signOut.click();
            assertTrue(out.getUrl().toString().startsWith(appBase + "/"), "back at the app: " + out.getUrl() + " " + b.text());
            assertTrue(out instanceof HtmlPage, "a page, not " + out.getWebResponse().getStatusCode() + " "
                    + out.getWebResponse().getContentAsString());
            assertTrue(((HtmlPage) out).asNormalizedText().contains("You are not signed in"), b.text());
            assertEquals(0, kc.admin().get(PracticeKeyServer.REALM + "/users/" + user.id() + "/sessions").expect(200).json().size(),
                    "the Keycloak session ended");
            b.go(appBase + "/ui");
            assertTrue(b.url().toString().startsWith(kc.httpsUrl().toString()), "the next page goes to Keycloak: " + b.url());
            assertTrue(b.hasInput("username") || b.hasInput("password"), "credentials are asked for: " + b.text());
        }
    }

    @Test
    void refusals_made_before_a_page_runs_are_pages_too_and_the_api_keeps_its_json(PracticeKeyServer kc) throws Exception {
        try (Browser b = Browser.open(kc)) {
            b.go(appBase + "/ui");
            assertEquals(appBase + "/ui", signIn(b, doctor).getUrl().toString(), b.text());
            for (String path : List.of("/ui?page=abc", "/ui?page=-1", "/ui/patients/not-a-uuid")) {
                Page p = b.webClient().getPage(appBase + path);
                assertEquals(400, p.getWebResponse().getStatusCode(), path);
                assertEquals("text/html", p.getWebResponse().getContentType(), path + ": " + p.getWebResponse().getContentAsString());
                assertEquals("no-store", p.getWebResponse().getResponseHeaderValue("Cache-Control"), path);
                assertFalse(((HtmlPage) p).getElementById("error").asNormalizedText().isBlank(), path);
            }
            WebRequest big = new WebRequest(new URL(appBase + "/ui/patients/" + UUID.randomUUID() + "/notes"), HttpMethod.POST);
            big.setAdditionalHeader("Origin", appBase);
            big.setAdditionalHeader("Content-Type", "application/x-www-form-urlencoded");
            big.setRequestBody("title=Big&body=" + "a".repeat(70_000));
            Page tooBig = b.webClient().getPage(big);
            assertEquals(413, tooBig.getWebResponse().getStatusCode());
            assertEquals("text/html", tooBig.getWebResponse().getContentType(), tooBig.getWebResponse().getContentAsString());
            assertTrue(((HtmlPage) tooBig).getElementById("error").asNormalizedText().contains("larger than"), b.text());

            // The API answers JSON to a client asking for it, and a browser a minimal page with the same message.
            WebRequest apiRequest = new WebRequest(new URL(appBase + "/api/patients?page=abc"));
            apiRequest.setAdditionalHeader("Accept", "application/json");
            Page api = b.webClient().getPage(apiRequest);
            assertEquals(400, api.getWebResponse().getStatusCode());
            assertEquals("application/json", api.getWebResponse().getContentType());
            JsonNode json = Http.JSON.readTree(api.getWebResponse().getContentAsString());
            assertEquals("invalid_request", json.path("error").asText());
            Page apiInBrowser = b.webClient().getPage(appBase + "/api/patients?page=abc");
            assertEquals(400, apiInBrowser.getWebResponse().getStatusCode());
            assertEquals(json.path("message").asText(), ((HtmlPage) apiInBrowser).getElementById("error").asNormalizedText());
        }
    }

    /** From a Keycloak sign-in page: the username (when asked), then the password. */
    private static Page signIn(Browser b, User user) {
        if (b.hasInput("username")) {
            b.submit(Map.of("username", user.email()));
        }
        return b.submit(Map.of("password", user.password()));
    }

    private void signInAt(Browser b, String path, User user) {
        b.go(appBase + path);
        Page landed = signIn(b, user);
        assertEquals(appBase + path, landed.getUrl().toString(), b.text());
    }

    private JsonNode post(Browser b, String path, Map<String, String> body) throws IOException {
        WebRequest r = new WebRequest(new URL(appBase + path), HttpMethod.POST);
        r.setAdditionalHeader("Origin", appBase);
        r.setAdditionalHeader("Content-Type", "application/json");
        r.setRequestBody(Http.toJson(body));
        Page p = b.webClient().getPage(r);
        assertEquals(201, p.getWebResponse().getStatusCode(), p.getWebResponse().getContentAsString());
        return Http.JSON.readTree(p.getWebResponse().getContentAsString());
    }

    /** The request the Sign button's form makes, from a page of {@code origin}. */
    private WebRequest signRequest(String noteId, String origin) throws IOException {
        WebRequest r = new WebRequest(new URL(appBase + "/ui/notes/" + noteId + "/sign"), HttpMethod.POST);
        r.setAdditionalHeader("Origin", origin);
        r.setAdditionalHeader("Content-Type", "application/x-www-form-urlencoded");
        return r;
    }

    private static List<HtmlAnchor> patientLinks(HtmlPage page) {
        return page.getByXPath("//ul[@id='patients']//a[@class='patient']");
    }

    private static String status(HtmlPage page, String noteId) {
        DomElement row = page.getElementById("note-" + noteId);
        assertNotNull(row, "note " + noteId + " on " + page.asNormalizedText());
        return ((DomElement) row.getFirstByXPath("td[@class='status']")).asNormalizedText();
    }
}
