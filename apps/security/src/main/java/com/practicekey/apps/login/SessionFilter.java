package com.practicekey.apps.login;

import com.practicekey.apps.security.PracticeKeyTokenValidator;
import com.practicekey.apps.web.ApiError;
import com.practicekey.apps.web.PageRefusals;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the browser session cookie into the request's access token, before the security filter:
 * the token then goes through {@link PracticeKeyTokenValidator} exactly like a bearer token
 * (validation, practice, permissions, idle lock). An access token about to expire is refreshed
 * with the refresh token over the back channel and the new tokens are written back to the cookie;
 * a refused refresh (the Keycloak session ended) clears the cookie and the request answers 401.
 * A request with an {@code Authorization} header is left to it. A state-changing request that
 * uses the cookie must come from the app's own origin (the cookie is SameSite=Lax, and sibling
 * apps on the same host are same-site).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class SessionFilter implements Ordered {

    static final String ACCESS_TOKEN = "practicekey.session.access-token";
    private static final String RENEWED = "practicekey.session.renewed";
    private static final String CLEAR = "practicekey.session.clear";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final SessionCookies cookies;
    private final OidcClient oidc;
    private final LoginSettings login;
    private final PageRefusals pages;

    public SessionFilter(SessionCookies cookies, OidcClient oidc, LoginSettings login, @Nullable PageRefusals pages) {
        this.cookies = cookies;
        this.oidc = oidc;
        this.login = login;
        this.pages = pages;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<?> resolve(HttpRequest<?> request) {
        String path = request.getPath();
        if (request.getHeaders().getAuthorization().isPresent() || path.startsWith("/oauth/")
                || path.equals("/logout") || !cookies.hasSession(request)) {
            return null;
        }
        Optional<Map<String, Object>> session = cookies.readSession(request);
        if (session.isEmpty()) {
            request.setAttribute(CLEAR, true);
            request.setAttribute(PracticeKeyTokenValidator.REJECTION, "the browser session is not valid; sign in again");
            return null;
        }
        if (!SAFE.contains(request.getMethod()) && !sameOrigin(request)) {
            String why = "a cross-origin request may not use the browser session";
            return pages != null && pages.serves(request) ? pages.refused(request, HttpStatus.FORBIDDEN, why)
                    : HttpResponse.status(HttpStatus.FORBIDDEN).body(new ApiError("forbidden", why));
        }
        String accessToken = (String) session.get().get(SessionCookies.AT);
        if (expiresSoon(accessToken)) {
            Object rt = session.get().get(SessionCookies.RT);
            Optional<Map<String, Object>> fresh = rt instanceof String r ? oidc.refresh(r) : Optional.empty();
            if (fresh.isEmpty()) {
                request.setAttribute(CLEAR, true);
                request.setAttribute(PracticeKeyTokenValidator.REJECTION, "the browser session ended; sign in again");
                return null;
            }
            Map<String, Object> renewed = new HashMap<>(session.get());
            accessToken = (String) fresh.get().get("access_token");
            renewed.put(SessionCookies.AT, accessToken);
            if (fresh.get().get("refresh_token") instanceof String newRt) {
                renewed.put(SessionCookies.RT, newRt);
            }
            if (fresh.get().get("id_token") instanceof String newIt) {
                renewed.put(SessionCookies.IT, newIt);
            }
            request.setAttribute(RENEWED, renewed);
        }
        request.setAttribute(ACCESS_TOKEN, accessToken);
        return null;
    }

    @ResponseFilter
    public void write(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (request.getAttribute(CLEAR).isPresent()) {
            cookies.clearSession(response);
        } else {
            request.getAttribute(RENEWED, Map.class).ifPresent(s -> {
                @SuppressWarnings("unchecked") Map<String, Object> session = (Map<String, Object>) s;
                cookies.writeSession(response, session);
            });
        }
    }

    private boolean expiresSoon(String accessToken) {
        Object exp = accessToken == null ? null : LoginController.claim(accessToken, "exp");
        Instant expires = exp instanceof Date d ? d.toInstant() : Instant.EPOCH;
        return !expires.isAfter(Instant.now().plus(login.refreshBefore()));
    }

    private boolean sameOrigin(HttpRequest<?> request) {
        String origin = request.getHeaders().get("Origin");
        if (origin != null) {
            return origin.equalsIgnoreCase(login.publicUrl().getScheme() + "://" + login.publicUrl().getRawAuthority());
        }
        return "same-origin".equals(request.getHeaders().get("Sec-Fetch-Site"));
    }
}
