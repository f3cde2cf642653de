package com.practicekey.clinical.ui;

import com.practicekey.apps.security.PracticeKeyTokenValidator;
import com.practicekey.apps.web.PageRefusals;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.SecurityFilter;
import jakarta.inject.Singleton;

/**
 * Refusals of the clinical pages ({@code /ui}...) as a browser needs them: without an acceptable
 * session, back to the sign-in (with {@code prompt=login} after the idle lock, so that Keycloak
 * asks for credentials even though its own session is alive), returning to the page afterwards;
 * 403 as an HTML page naming the missing permission.
 */
@Singleton
public class ClinicalPages implements PageRefusals {

    @Override
    public boolean serves(HttpRequest<?> request) {
        String path = request.getPath();
        return path.equals("/ui") || path.startsWith("/ui/");
    }

    @Override
    public MutableHttpResponse<?> refused(HttpRequest<?> request, HttpStatus status, String message) {
        if (status == HttpStatus.UNAUTHORIZED) {
            return HttpResponse.seeOther(java.net.URI.create(signIn(request)));
        }
        Authentication a = request.getAttribute(SecurityFilter.AUTHENTICATION, Authentication.class).orElse(null);
        String practice = a != null && a.getAttributes().get(PracticeKeyTokenValidator.ATTR_TENANT) instanceof String t ? t : null;
        String user = a != null && a.getAttributes().get(PracticeKeyTokenValidator.ATTR_USERNAME) instanceof String u ? u : null;
        return Html.error(status, message, practice, user);
    }

    /** The app's sign-in, coming back to this page (to the patient list after a refused form). */
    static String signIn(HttpRequest<?> request) {
        String back = "/ui";
        if (request.getMethod() == HttpMethod.GET) {
            String query = request.getUri().getRawQuery();
            back = request.getPath() + (query == null || query.isEmpty() ? "" : "?" + query);
        }
        boolean idleLocked = request.getAttribute(PracticeKeyTokenValidator.IDLE_LOCKED, Boolean.class).orElse(false);
        return "/oauth/login/keycloak?return_to=" + Html.url(back) + (idleLocked ? "&prompt=login" : "");
    }
}
