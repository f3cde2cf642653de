package com.practicekey.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.practicekey.stack.Http;
import com.practicekey.stack.junit.Browser;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole product as a user meets it: the local stack started as {@code ./devstack} starts it
 * ({@link LocalStack}), the demo practices and users, a browser engine (HtmlUnit, no JavaScript)
 * on Keycloak's real sign-in pages and on clinical-app's pages. The steps run in order and build
 * on each other, as one story:
 * <ol>
 *   <li>a user of two practices signs in, picks a practice on Keycloak's page, and sees only that
 *       practice's patients (and the other way round);</li>
 *   <li>front desk cannot sign a note: 403, as a page naming the permission;</li>
 *   <li>repeated wrong passwords lock an account; support cannot unlock it, the practice admin can;</li>
 *   <li>the admin's password reset forces a change at the next sign-in, where a password meeting
 *       only the weaker practice's rules is refused naming the stricter practice;</li>
 *   <li>after the practice's idle timeout the app demands credentials again.</li>
 * </ol>
 * The test's own records are patients with a unique synthetic marker name in each practice (made
 * through the JSON API with the browser's session), so it holds whatever other patients the demo
 * data has. Admin actions go through the PracticeKey API with the demo users' tokens (public
 * client {@code demo-cli}), as an admin's tool would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScenarioIT {

    static final String PASSWORD = "Tulip-Harbor-Lantern-42";
    static final String MORGAN = "dr.morgan@practices.test";
    static final String FRONT_DESK = "frontdesk@riverbend.test";
    static final String NURSE = "nurse.patel@riverbend.test";
    static final String RIVERBEND_ADMIN = "admin@riverbend.test";
    static final String SUPPORT = "support@practicekey.test";
    static final String RIVERBEND = "riverbend";
    static final String LAKESIDE = "lakeside";
    /** What ./devstack loads per practice without PK_DEMO_PATIENTS. */
    static final int DEMO_PATIENTS = 300;

    private LocalStack stack;
    private String app;
    /** A unique synthetic family name for this run's patients. */
    private final String marker = "Sysmark" + randomLetters(8);
    private String riverbendPatient;
    private String lakesidePatient;
    private String draftToSign;
    private String draftFrontDeskTries;
    private final List<Browser> browsers = new ArrayList<>();

    @BeforeAll
    void startTheStack() throws Exception {
        stack = new LocalStack(Path.of("target/system-test-stack")).start(Duration.ofMinutes(15));
        app = stack.clinicalApp().toString();
    }

    @AfterAll
    void stopTheStack() throws Exception {
        browsers.forEach(Browser::close);
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void a_user_of_two_practices_picks_one_on_keycloaks_page_and_sees_only_its_patients() throws Exception {
        // Riverbend: the sign-in offers both practices; this run's patient and two draft notes are made there.
        Browser river = browser();
        river.go(app + "/ui");
        assertThat(river.url().toString()).as("no session: sent to Keycloak").startsWith(stack.keycloak().toString());
        SignIn riverSignIn = signIn(river, MORGAN, PASSWORD, RIVERBEND);
        assertThat(riverSignIn.offered()).as("Keycloak asks which practice").containsExactlyInAnyOrder(RIVERBEND, LAKESIDE);
        assertThat(riverSignIn.page().getUrl().toString()).as(river.text()).isEqualTo(app + "/ui");
        riverbendPatient = createPatient(river, "Riverbend");
        draftToSign = createDraft(river, riverbendPatient, "Follow-up");
        draftFrontDeskTries = createDraft(river, riverbendPatient, "Referral");

        // Lakeside, in another browser: the same user, the other practice, its own patient.
        Browser lake = browser();
        lake.go(app + "/ui");
        SignIn lakeSignIn = signIn(lake, MORGAN, PASSWORD, LAKESIDE);
        assertThat(lakeSignIn.page().getUrl().toString()).as(lake.text()).isEqualTo(app + "/ui");
        lakesidePatient = createPatient(lake, "Lakeside");

        // Each practice's page names it and the user, and finds only its own marker patient.
        HtmlPage riverList = river.go(app + "/ui?name=" + marker);
        assertThat(riverList.getElementById("practice").asNormalizedText()).isEqualTo(RIVERBEND);
        assertThat(riverList.getElementById("user").asNormalizedText()).isEqualTo(MORGAN);
        assertThat(patientNames(riverList)).containsExactly(marker + ", Riverbend");
        HtmlPage lakeList = lake.go(app + "/ui?name=" + marker);
        assertThat(lakeList.getElementById("practice").asNormalizedText()).isEqualTo(LAKESIDE);
        assertThat(patientNames(lakeList)).containsExactly(marker + ", Lakeside");

        // The other practice's patient does not exist here, even by its id.
        HtmlPage foreign = river.go(app + "/ui/patients/" + lakesidePatient);
        assertThat(foreign.getWebResponse().getStatusCode()).isEqualTo(404);
        assertThat(lake.go(app + "/ui/patients/" + riverbendPatient).getWebResponse().getStatusCode()).isEqualTo(404);

        // The demo patients were loaded before "PracticeKey is ready" (300 per practice by default),
        // and every patient listed opens in this practice.
        HtmlPage all = river.go(app + "/ui");
        assertThat(all.getElementById("count").asNormalizedText()).as("demo patients plus this run's")
                .isEqualTo(DEMO_PATIENTS + 1 + " patients");
        assertThat(river.go(app + "/ui?name=" + marker).getElementById("count").asNormalizedText()).startsWith("1 patient matching");
        List<HtmlAnchor> listed = all.getByXPath("//ul[@id='patients']//a[@class='patient']");
        assertThat(listed).isNotEmpty();
        for (HtmlAnchor a : listed) {
            HtmlPage p = river.go(app + a.getHrefAttribute());
            assertThat(p.getWebResponse().getStatusCode()).as(a.getHrefAttribute()).isEqualTo(200);
            assertThat(p.getElementById("practice").asNormalizedText()).isEqualTo(RIVERBEND);
        }
        assertThat(listed).noneMatch(a -> a.getHrefAttribute().endsWith(lakesidePatient));

        // A physician in Riverbend signs a draft with the page's Sign button.
        HtmlPage patient = river.go(app + "/ui/patients/" + riverbendPatient);
        assertThat(status(patient, draftToSign)).isEqualTo("draft");
        HtmlPage signed = ((HtmlButton) patient.getElementById("note-" + draftToSign).getFirstByXPath(".//button")).click();
        assertThat(signed.getUrl().toString()).as(signed.asNormalizedText()).isEqualTo(app + "/ui/patients/" + riverbendPatient);
        assertThat(status(signed, draftToSign)).isEqualTo("signed");
        assertThat(status(signed, draftFrontDeskTries)).isEqualTo("draft");
    }

    @Test
    @Order(2)
    void front_desk_and_nurse_cannot_sign_a_note_and_are_shown_403_naming_the_permission() throws Exception {
        Browser desk = browser();
        desk.go(app + "/ui/patients/" + riverbendPatient);
        SignIn in = signIn(desk, FRONT_DESK, PASSWORD, null);
        assertThat(in.offered()).as("a user of one practice is not asked to pick").isEmpty();
        HtmlPage patient = (HtmlPage) in.page();
        assertThat(patient.getUrl().toString()).as(desk.text()).isEqualTo(app + "/ui/patients/" + riverbendPatient);
        assertThat(patient.getElementById("practice").asNormalizedText()).isEqualTo(RIVERBEND);
        assertThat(patient.getElementById("notes-hidden").asNormalizedText()).contains("clinical.note.read");

        // The Sign form's request (front desk has no page showing it: notes are hidden from it).
        WebRequest sign = new WebRequest(new URL(app + "/ui/notes/" + draftFrontDeskTries + "/sign"), HttpMethod.POST);
        sign.setAdditionalHeader("Origin", app);
        sign.setAdditionalHeader("Content-Type", "application/x-www-form-urlencoded");
        Page refused = desk.webClient().getPage(sign);
        assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(403);
        assertThat(refused.getWebResponse().getContentType()).isEqualTo("text/html");
        assertThat(((HtmlPage) refused).getElementById("error").asNormalizedText()).contains("clinical.note.sign");

        // A nurse reads notes, so the page shows the draft's Sign button; pressing it shows the 403 page.
        Browser nurse = browser();
        nurse.go(app + "/ui/patients/" + riverbendPatient);
        HtmlPage nursePage = (HtmlPage) signIn(nurse, NURSE, PASSWORD, null).page();
        assertThat(nursePage.getUrl().toString()).as(nurse.text()).isEqualTo(app + "/ui/patients/" + riverbendPatient);
        assertThat(status(nursePage, draftFrontDeskTries)).isEqualTo("draft");
        Page pressed = ((HtmlButton) nursePage.getElementById("note-" + draftFrontDeskTries).getFirstByXPath(".//button")).click();
        assertThat(pressed.getWebResponse().getStatusCode()).isEqualTo(403);
        assertThat(((HtmlPage) pressed).getElementById("error").asNormalizedText()).contains("clinical.note.sign");

        HtmlPage seenByPhysician = browsers.get(0).go(app + "/ui/patients/" + riverbendPatient);
        assertThat(status(seenByPhysician, draftFrontDeskTries)).as("the refused sign changed nothing").isEqualTo("draft");
    }

    @Test
    @Order(3)
    void wrong_passwords_lock_the_account_support_cannot_unlock_it_the_practice_admin_can() throws Exception {
        String deskId = memberId(RIVERBEND, FRONT_DESK);
        Browser b = browser();
        String wrongAnswer = null;
        for (int i = 1; i <= 5; i++) { // Riverbend: lockoutMaxFailures 5
            b.go(app + "/ui");
            Page page = signIn(b, FRONT_DESK, "Wrong-Guess-Number-" + i, null).page();
            assertThat(page.getUrl().toString()).as("attempt " + i).startsWith(stack.keycloak().toString());
            wrongAnswer = b.error().orElse("");
        }
        assertThat(wrongAnswer).isNotBlank();
        b.go(app + "/ui");
        Page locked = signIn(b, FRONT_DESK, PASSWORD, null).page();
        assertThat(locked.getUrl().toString()).as("the right password no longer signs in").startsWith(stack.keycloak().toString());
        // PracticeKey answers a locked account exactly as a wrong password (no account enumeration);
        // the lock and its reason are shown to the practice's admins.
        assertThat(b.error()).contains(wrongAnswer);
        String admin = token(RIVERBEND_ADMIN, PASSWORD);
        JsonNode lock = api("GET", "tenants/riverbend/users/" + deskId + "/lock", admin, null).expect(200).json();
        assertThat(lock.path("locked").asBoolean()).isTrue();
        assertThat(lock.path("lockReason").asText()).isEqualTo("FAILURES");

        Http.Response bySupport = api("POST", "tenants/riverbend/users/" + deskId + "/unlock", token(SUPPORT, PASSWORD), null);
        assertThat(bySupport.status()).as(bySupport.body()).isEqualTo(403);
        assertThat(bySupport.json().path("message").asText()).isNotBlank();
        assertThat(api("GET", "tenants/riverbend/users/" + deskId + "/lock", admin, null).expect(200).json()
                .path("locked").asBoolean()).as("still locked").isTrue();

        api("POST", "tenants/riverbend/users/" + deskId + "/unlock", admin, null).expect(204);
        Browser after = browser();
        after.go(app + "/ui");
        assertThat(signIn(after, FRONT_DESK, PASSWORD, null).page().getUrl().toString()).as(after.text()).isEqualTo(app + "/ui");
    }

    @Test
    @Order(4)
    void the_admins_reset_forces_a_new_password_and_one_weaker_than_riverbends_rule_is_refused_naming_it() throws Exception {
        String temporary = "Cobalt-Ridge-Temporary-83";
        api("POST", "tenants/riverbend/users/" + memberId(RIVERBEND, MORGAN) + "/password", token(RIVERBEND_ADMIN, PASSWORD),
                Map.of("password", temporary)).expect(204);

        Browser b = browser();
        b.go(app + "/ui");
        signIn(b, MORGAN, temporary, RIVERBEND);
        assertThat(b.hasInput("password-new")).as("a new password is required: " + b.text()).isTrue();

        // Lakeside's rule (length 10, an uppercase letter, a special character) is met; Riverbend's digit is missing.
        String lakesideOnly = "Quartz-Meadow-Falcon!";
        b.submit(Map.of("password-new", lakesideOnly, "password-confirm", lakesideOnly));
        assertThat(b.hasInput("password-new")).as("refused: " + b.text()).isTrue();
        assertThat(b.error()).as(b.text()).hasValueSatisfying(e -> assertThat(e).contains("Riverbend Cardiology").contains("digit"));
        assertThat(b.text()).doesNotContain(lakesideOnly);

        String good = "Quartz-Meadow-Falcon-71!";
        b.submit(Map.of("password-new", good, "password-confirm", good));
        Page landed = signIn(b, MORGAN, good, RIVERBEND).page(); // the practice pick, if Keycloak asks after the action
        assertThat(landed.getUrl().toString()).as(b.text()).isEqualTo(app + "/ui");
        assertThat(((HtmlPage) landed).getElementById("practice").asNormalizedText()).isEqualTo(RIVERBEND);
        assertThat(tokenResponse(MORGAN, good).status()).isEqualTo(200);
        Http.Response old = tokenResponse(MORGAN, PASSWORD);
        assertThat(old.status()).as("the old password is gone: " + old.body()).isEqualTo(400);
        assertThat(old.json().path("error_description").asText()).isEqualTo("Invalid user credentials");
    }

    @Test
    @Order(5)
    void after_the_idle_timeout_the_app_demands_credentials_again() throws Exception {
        String admin = token(RIVERBEND_ADMIN, PASSWORD);
        JsonNode current = api("GET", "tenants/riverbend/policy", admin, null).expect(200).json();
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String field : List.of("passwordPolicy", "lockoutMaxFailures", "contactEmail")) {
            if (!current.path(field).isNull() && !current.path(field).isMissingNode()) {
                settings.put(field, Http.JSON.treeToValue(current.get(field), Object.class));
            }
        }
        settings.put("idleTimeoutMinutes", 1);
        api("PUT", "tenants/riverbend/policy", admin, settings).expect(200);

        Browser b = browser();
        b.go(app + "/ui");
        Page in = signIn(b, FRONT_DESK, PASSWORD, null).page();
        assertThat(in.getUrl().toString()).as(b.text()).isEqualTo(app + "/ui");
        assertThat(b.go(app + "/ui?name=" + marker).getWebResponse().getStatusCode()).isEqualTo(200);

        Thread.sleep(Duration.ofSeconds(75).toMillis()); // idle: longer than the practice's 1 minute

        b.go(app + "/ui?name=" + marker);
        assertThat(b.url().toString()).as("credentials are demanded at Keycloak").startsWith(stack.keycloak().toString());
        assertThat(b.hasInput("password") || b.hasInput("username")).as(b.text()).isTrue();
        Page back = signIn(b, FRONT_DESK, PASSWORD, null).page();
        assertThat(back.getUrl().toString()).as(b.text()).isEqualTo(app + "/ui?name=" + marker);
        assertThat(patientNames((HtmlPage) back)).containsExactly(marker + ", Riverbend");
    }

    // ---- the browser on Keycloak's pages ----

    record SignIn(Page page, List<String> offered) {
    }

    private Browser browser() {
        Browser b = Browser.at(stack.keycloak());
        browsers.add(b);
        return b;
    }

    /**
     * From a Keycloak sign-in page: the username and the password (typed once: a refused one
     * stays refused), picking {@code pick} when Keycloak asks for a practice; stops back at the
     * app, at a required action, or at a page that refuses.
     */
    private SignIn signIn(Browser b, String email, String password, String pick) {
        List<String> offered = new ArrayList<>();
        boolean passwordTyped = false;
        for (int step = 0; step < 8 && !b.url().toString().startsWith(app); step++) {
            HtmlPage html = b.htmlPage();
            List<DomElement> practices = html.getElementsByName("kc.org");
            if (!practices.isEmpty()) {
                practices.forEach(p -> offered.add(p.getAttribute("value").isBlank() ? p.getId().replace("organization-", "")
                        : p.getAttribute("value")));
                assertThat(pick).as("asked to pick a practice among " + offered).isNotNull();
                b.click("organization-" + pick);
            } else if (b.hasInput("password-new")) {
                break;
            } else if (b.hasInput("password")) {
                if (passwordTyped) {
                    break;
                }
                passwordTyped = true;
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put("password", password);
                b.submit(fields);
            } else if (b.hasInput("username")) {
                b.submit(Map.of("username", email));
            } else {
                break;
            }
        }
        return new SignIn(b.htmlPage(), offered);
    }

    // ---- the JSON API with the browser's session ----

    private String createPatient(Browser b, String givenName) throws IOException {
        return post(b, "/api/patients", Map.of("familyName", marker, "givenName", givenName,
                "birthDate", "1975-05-05", "sex", "unknown")).get("id").asText();
    }

    private String createDraft(Browser b, String patientId, String title) throws IOException {
        return post(b, "/api/patients/" + patientId + "/notes", Map.of("title", title, "body", "Synthetic note.")).get("id").asText();
    }

    private JsonNode post(Browser b, String path, Map<String, String> body) throws IOException {
        WebRequest r = new WebRequest(new URL(app + path), HttpMethod.POST);
        r.setAdditionalHeader("Origin", app);
        r.setAdditionalHeader("Content-Type", "application/json");
        r.setRequestBody(Http.toJson(body));
        Page p = b.webClient().getPage(r);
        assertThat(p.getWebResponse().getStatusCode()).as(p.getWebResponse().getContentAsString()).isEqualTo(201);
        return Http.JSON.readTree(p.getWebResponse().getContentAsString());
    }

    private static List<String> patientNames(HtmlPage page) {
        List<HtmlAnchor> links = page.getByXPath("//ul[@id='patients']//a[@class='patient']");
        return links.stream().map(HtmlAnchor::asNormalizedText).toList();
    }

    private static String status(HtmlPage page, String noteId) {
        DomElement row = page.getElementById("note-" + noteId);
        assertThat(row).as("note " + noteId + " on " + page.asNormalizedText()).isNotNull();
        return ((DomElement) row.getFirstByXPath("td[@class='status']")).asNormalizedText();
    }

    // ---- the PracticeKey API with the demo users' tokens ----

    private Http.Response tokenResponse(String email, String password) {
        return Http.form(stack.keycloakHttp().resolve("/realms/practicekey/protocol/openid-connect/token"), Map.of(
                "grant_type", "password", "client_id", "demo-cli", "username", email, "password", password));
    }

    private String token(String email, String password) {
        return tokenResponse(email, password).expect(200).json().get("access_token").asText();
    }

    private Http.Response api(String method, String path, String token, Object body) {
        return Http.send(method, stack.keycloakHttp().resolve("/realms/practicekey/practicekey/" + path), token, body);
    }

    private String memberId(String tenant, String email) {
        JsonNode users = api("GET", "tenants/" + tenant + "/users", token(RIVERBEND_ADMIN, PASSWORD), null).expect(200).json();
        for (JsonNode u : users.path("users")) {
            if (email.equals(u.path("email").asText())) {
                return u.path("id").asText();
            }
        }
        throw new AssertionError(email + " is not a member of " + tenant + ": " + users);
    }

    private static String randomLetters(int n) {
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append((char) ('a' + r.nextInt(26)));
        }
        return b.toString();
    }
}
