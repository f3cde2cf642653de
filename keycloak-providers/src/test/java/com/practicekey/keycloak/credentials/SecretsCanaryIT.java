package com.practicekey.keycloak.credentials;

import com.practicekey.stack.Http;
import com.practicekey.stack.junit.Browser;
import com.practicekey.stack.junit.PracticeKeyServer;
import com.practicekey.stack.junit.PracticeKeyServer.Tenant;
import com.practicekey.stack.junit.PracticeKeyServer.User;
import com.practicekey.stack.junit.PracticeKeyTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static com.practicekey.keycloak.credentials.Accounts.REALM;
import static com.practicekey.keycloak.credentials.Accounts.password;
import static com.practicekey.keycloak.credentials.Accounts.representation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 5, item 6: canary passwords set through every third-party path, typed at sign-in
 * (right and wrong), refused by the policy and chosen by the user never appear in the
 * database (every table), the server log (DEBUG for PracticeKey), user events, admin events
 * with representations on, or any answer the test received. Passwords are stored as Argon2.
 */
@PracticeKeyTest
class SecretsCanaryIT {

    /** Random letters that appear only inside the canary passwords. */
    static final String MARK = randomLetters(14);

    final List<String> answers = new ArrayList<>();

    static String canary(int n) {
        return "Lantern-" + MARK + "-Orbit-" + (40 + n);
    }

    @Test
    void canary_passwords_never_leave_the_hash(PracticeKeyServer kc) throws Exception {
        assumeTrue(kc.database() != null, "the " + kc.backend() + " backend keeps its database out of reach");
        Tenant practice = kc.newTenant("Canary Clinic " + PracticeKeyServer.unique("x"),
                Map.of("passwordPolicy", List.of("length(12) and digits(1)")));
        User admin = kc.newUser();
        kc.addMember(practice, admin, "admins");
        User support = kc.newUser();
        kc.admin().grantRealmRole(REALM, support.id(), "support");
        List<User> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            User m = kc.newUser();
            kc.addMember(practice, m);
            members.add(m);
        }

        String importedEmail = PracticeKeyServer.unique("canary-imported") + "@example.test";
        kc.admin().call("PUT", REALM, Map.of("adminEventsDetailsEnabled", true)).expect(204);
        try {
            // 1. admin reset-password, temporary false
            keep(Accounts.adminReset(kc, members.get(0).id(), canary(1), false)).expect(204);
            // 2. admin create with credentials
            String createdEmail = PracticeKeyServer.unique("canary-created") + "@example.test";
            keep(kc.admin().call("POST", REALM + "/users", Map.of("username", createdEmail, "email", createdEmail,
                    "enabled", true, "firstName", "C", "lastName", "Two", "credentials", List.of(password(canary(2), false)))))
                    .expect(201);
            // 3. admin update with credentials
            Map<String, Object> rep = representation(kc, members.get(1).id());
            rep.put("credentials", List.of(password(canary(3), false)));
            keep(kc.admin().call("PUT", REALM + "/users/" + members.get(1).id(), rep)).expect(204);
            // 4. partial import
            keep(kc.admin().call("POST", REALM + "/partialImport", Map.of("ifResourceExists", "FAIL", "users",
                    List.of(Map.of("username", importedEmail, "email", importedEmail, "enabled", true,
                            "firstName", "C", "lastName", "Four", "credentials", List.of(password(canary(4), false)))))))
                    .expect(200);
            // 5. PracticeKey API by a practice admin
            keep(Accounts.apiSetPassword(kc, kc.accessToken(admin), practice.alias(), members.get(2).id(),
                    Map.of("password", canary(5)))).expect(204);
            // 6. PracticeKey API by support for a practice admin
            keep(Accounts.apiSetPassword(kc, kc.accessToken(support), practice.alias(), admin.id(),
                    Map.of("password", canary(6)))).expect(204);
            // 7. refused by the practice's policy (no digit), through the API and admin REST
            String refused = "Lantern-" + MARK + "-Orbit-Harbor";
            keep(Accounts.apiSetPassword(kc, kc.accessToken(support), practice.alias(), admin.id(),
                    Map.of("password", refused))).expect(400);
            keep(Accounts.adminReset(kc, members.get(0).id(), refused, false)).expect(400);

            // typed at sign-in: every canary by direct grant, a wrong one, and the browser with the update
            String[] emails = {members.get(0).email(), createdEmail, members.get(1).email(), importedEmail,
                    members.get(2).email(), admin.email()};
            for (int i = 0; i < emails.length; i++) {
                keep(kc.passwordGrant(emails[i], canary(i + 1)));
            }
            keep(kc.passwordGrant(members.get(0).email(), canary(9)));
            try (Browser browser = Browser.open(kc)) {
                browser.signIn(members.get(2).email(), canary(5));
                answers.add(browser.htmlPage().asXml());
                browser.submit(Map.of("password-new", canary(5), "password-confirm", canary(5)));
                answers.add(browser.htmlPage().asXml());
                browser.submit(Map.of("password-new", canary(7), "password-confirm", canary(8)));
                answers.add(browser.htmlPage().asXml());
                browser.submit(Map.of("password-new", canary(7), "password-confirm", canary(7)));
                answers.add(browser.text());
                assertThat(browser.exchangeCode().path("access_token").asText()).isNotEmpty();
            }
            keep(kc.passwordGrant(members.get(2).email(), canary(7))).expect(200);
        } finally {
            kc.admin().call("PUT", REALM, Map.of("adminEventsDetailsEnabled", false)).expect(204);
        }

        // The searches do find what is there: the imported address is in the database, the ids in the log.
        assertThat(databaseHits(kc, importedEmail.substring(0, importedEmail.indexOf('@')))).as("control").isNotEmpty();
        assertThat(kc.logTail(Integer.MAX_VALUE)).as("control").contains(members.get(2).id());

        String hex = HexFormat.of().formatHex(MARK.getBytes(StandardCharsets.UTF_8));
        assertThat(databaseHits(kc, MARK)).as("database rows containing a canary").isEmpty();
        assertThat(databaseHits(kc, hex)).as("database rows containing a canary in hex").isEmpty();
        assertThat(kc.logTail(Integer.MAX_VALUE)).as("server log").doesNotContain(MARK);
        assertThat(kc.admin().get(REALM + "/events?first=0&max=100000").expect(200).body()).as("user events")
                .doesNotContain(MARK);
        String adminEvents = kc.admin().get(REALM + "/admin-events?first=0&max=100000").expect(200).body();
        assertThat(adminEvents).as("admin events").doesNotContain(MARK).contains("representation");
        assertThat(answers).as("answers to the test").noneMatch(a -> a.contains(MARK));
        assertThat(passwordAlgorithms(kc)).as("password hash algorithms").containsOnly("argon2");
    }

    private Http.Response keep(Http.Response r) {
        answers.add(r.body());
        r.headers().values().forEach(v -> answers.add(String.join(",", v)));
        return r;
    }

    /** Every table of Keycloak's database, each row as text, searched for the mark. */
    static List<String> databaseHits(PracticeKeyServer kc, String needle) throws Exception {
        List<String> hits = new ArrayList<>();
        try (Connection c = kc.database().connect("keycloak")) {
            List<String> tables = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                    "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
                            + "AND table_schema NOT IN ('pg_catalog', 'information_schema')")) {
                while (r.next()) {
                    tables.add("\"" + r.getString(1) + "\".\"" + r.getString(2) + "\"");
                }
            }
            assertThat(tables).as("tables found").hasSizeGreaterThan(50);
            for (String table : tables) {
                try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM " + table + " t WHERE t::text ILIKE ?")) {
                    p.setString(1, "%" + needle + "%");
                    try (ResultSet r = p.executeQuery()) {
                        r.next();
                        if (r.getLong(1) > 0) {
                            hits.add(table + ": " + r.getLong(1));
                        }
                    }
                }
            }
        }
        return hits;
    }

    static List<String> passwordAlgorithms(PracticeKeyServer kc) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = kc.database().connect("keycloak"); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT DISTINCT credential_data::json->>'algorithm' FROM credential "
                     + "WHERE type IN ('password', 'password-history')")) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    static String randomLetters(int n) {
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append((char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }
}
