package com.practicekey.apps.login;

import com.nimbusds.jwt.JWTParser;
import com.practicekey.apps.security.IdleLock;
import com.practicekey.apps.security.SecuritySettings;
import com.practicekey.apps.web.ApiError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static com.practicekey.apps.login.OidcClient.enc;

/**
 * Browser sign-in and sign-out (relying party): {@code GET /oauth/login/keycloak} sends the
 * browser to Keycloak with the authorization-code flow and PKCE (S256), a {@code state} and a
 * {@code nonce}, kept meanwhile in a short-lived encrypted cookie; {@code /oauth/callback/keycloak}
 * checks the state, exchanges the code with the verifier over the back channel, checks the ID
 * token's nonce and stores the tokens in the session cookie ({@link SessionCookies}). Requests
 * with that cookie are then checked exactly like bearer tokens ({@link SessionFilter}).
 * {@code /logout} clears the cookie, locks the Keycloak session in the idle-lock table (so a
 * replayed cookie is refused) and sends the browser to the realm's end-session endpoint with
 * {@code id_token_hint}; Keycloak returns it to the registered callback with
 * {@code state=signed-out}.
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
public class LoginController {

    static final String SIGNED_OUT = "signed-out";

    private static final Logger LOG = LoggerFactory.getLogger(LoginController.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecuritySettings security;
    private final LoginSettings login;
    private final SessionCookies cookies;
    private final OidcClient oidc;
    private final IdleLock idleLock;

    public LoginController(SecuritySettings security, LoginSettings login, SessionCookies cookies, OidcClient oidc,
                           IdleLock idleLock) {
        this.security = security;
        this.login = login;
        this.cookies = cookies;
        this.oidc = oidc;
        this.idleLock = idleLock;
    }

    /**
     * Starts a sign-in. {@code prompt=login} (the only value accepted) makes Keycloak ask for
     * credentials even when its own session is still alive: after the idle lock, only a sign-in
     * with credentials lets the session's tokens in again.
     */
    @Get("/oauth/login/keycloak")
    public HttpResponse<?> login(@Nullable @QueryValue("return_to") String returnTo,
                                 @Nullable @QueryValue("prompt") String prompt) {
        if (prompt != null && !"login".equals(prompt)) {
            return HttpResponse.status(HttpStatus.BAD_REQUEST)
                    .body(new ApiError("invalid_request", "prompt: only 'login' is supported"));
        }
        String state = random();
        String nonce = random();
        String verifier = random();
        Map<String, Object> pending = new HashMap<>();
        pending.put("state", state);
        pending.put("nonce", nonce);
        pending.put("verifier", verifier);
        pending.put("return_to", safeReturnTo(returnTo));
        URI auth = URI.create(login.authorizationEndpoint(security)
                + "?response_type=code"
                + "&client_id=" + enc(security.clientId())
                + "&redirect_uri=" + enc(login.redirectUri().toString())
                + "&scope=" + enc(login.scope())
                + "&state=" + enc(state)
                + "&nonce=" + enc(nonce)
                + "&code_challenge=" + enc(challenge(verifier))
                + "&code_challenge_method=S256"
                + (prompt != null ? "&prompt=login" : ""));
        MutableHttpResponse<?> r = found(auth);
        cookies.writeLogin(r, pending);
        return r;
    }

    @Get("/oauth/callback/keycloak")
    public HttpResponse<?> callback(HttpRequest<?> request,
                                    @Nullable @QueryValue("code") String code,
                                    @Nullable @QueryValue("state") String state,
                                    @Nullable @QueryValue("error") String error) {
        if (code == null && error == null && SIGNED_OUT.equals(state)) {
            MutableHttpResponse<?> r = found(URI.create("/"));
            cookies.clearSession(r);
            return r;
        }
        Optional<Map<String, Object>> pending = cookies.readLogin(request);
        if (pending.isEmpty() || state == null || !MessageDigest.isEqual(
                state.getBytes(StandardCharsets.UTF_8),
                String.valueOf(pending.get().get("state")).getBytes(StandardCharsets.UTF_8))) {
            return refuse(HttpStatus.BAD_REQUEST, "invalid_request",
                    "the sign-in expired or did not start here; start again at /oauth/login/keycloak");
        }
        if (error != null || code == null) {
            return refuse(HttpStatus.UNAUTHORIZED, "access_denied",
                    "Keycloak did not sign the user in (" + (error == null ? "no code" : error) + ")");
        }
        Optional<Map<String, Object>> tokens = oidc.exchange(code, (String) pending.get().get("verifier"), login.redirectUri());
        if (tokens.isEmpty()) {
            return refuse(HttpStatus.UNAUTHORIZED, "invalid_grant", "the authorization code was refused; sign in again");
        }
        Object idToken = tokens.get().get("id_token");
        if (!(idToken instanceof String it) || !pending.get().get("nonce").equals(claim(it, "nonce"))) {
            return refuse(HttpStatus.UNAUTHORIZED, "invalid_token", "the ID token is missing or its nonce does not match");
        }
        Map<String, Object> session = new HashMap<>();
        session.put(SessionCookies.AT, tokens.get().get("access_token"));
        session.put(SessionCookies.IT, it);
        if (tokens.get().get("refresh_token") instanceof String rt) {
            session.put(SessionCookies.RT, rt);
        }
        MutableHttpResponse<?> r = found(URI.create(safeReturnTo((String) pending.get().get("return_to"))));
        cookies.clearLogin(r);
        cookies.writeSession(r, session);
        return r;
    }

    @Get("/logout")
    public HttpResponse<?> logoutGet(HttpRequest<?> request) {
        return logout(request);
    }

    /** The pages' Sign out button posts a form; a POST without a body, or a JSON one, signs out too. */
    @Post("/logout")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public HttpResponse<?> logout(HttpRequest<?> request) {
        Optional<Map<String, Object>> session = cookies.readSession(request);
        StringBuilder end = new StringBuilder(login.endSessionEndpoint(security).toString())
                .append("?client_id=").append(enc(security.clientId()))
                .append("&post_logout_redirect_uri=").append(enc(login.redirectUri().toString()))
                .append("&state=").append(SIGNED_OUT);
        if (session.isPresent()) {
            if (session.get().get(SessionCookies.IT) instanceof String it) {
                end.append("&id_token_hint=").append(enc(it));
            }
            if (session.get().get(SessionCookies.AT) instanceof String at && claim(at, "sid") instanceof String sid) {
                idleLock.end(sid);
            }
        }
        MutableHttpResponse<?> r = found(URI.create(end.toString()));
        cookies.clearSession(r);
        cookies.clearLogin(r);
        return r;
    }

    private MutableHttpResponse<?> refuse(HttpStatus status, String error, String message) {
        LOG.info("browser sign-in refused: {}", message);
        MutableHttpResponse<?> r = HttpResponse.status(status).body(new ApiError(error, message));
        cookies.clearLogin(r);
        return r;
    }

    private static MutableHttpResponse<?> found(URI location) {
        return HttpResponse.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, location.toString());
    }

    /** A path of this app only (no scheme, no host, no {@code //}), else {@code /}. */
    static String safeReturnTo(String returnTo) {
        if (returnTo == null || !returnTo.startsWith("/") || returnTo.startsWith("//") || returnTo.contains("\\")
                || returnTo.chars().anyMatch(ch -> ch < 0x21 || ch == 0x7f)) {
            return "/";
        }
        return returnTo;
    }

    /** A claim of a token the app received over its back channel or from its own encrypted cookie. */
    static Object claim(String jwt, String name) {
        try {
            return JWTParser.parse(jwt).getJWTClaimsSet().getClaim(name);
        } catch (java.text.ParseException e) {
            return null;
        }
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
