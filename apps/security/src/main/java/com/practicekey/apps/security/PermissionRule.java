package com.practicekey.apps.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.Router;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.util.Collection;
import java.util.Optional;

/**
 * Allows a request to an endpoint marked {@link RequiresPermission} only when its token names an
 * active practice ({@code tenant}) and holds the permission. A refusal leaves its reason on the
 * request ({@link #FORBIDDEN}) for the 403 answer. Endpoints without the annotation are left to
 * Micronaut's other rules, which refuse by default (only the health endpoint is open).
 */
@Singleton
public class PermissionRule implements SecurityRule<HttpRequest<?>> {

    public static final String FORBIDDEN = "practicekey.forbidden";
    public static final String MISSING_PERMISSION = "practicekey.forbidden.permission";

    @Override
    public int getOrder() {
        return -1000;
    }

    private final Router router;

    public PermissionRule(Router router) {
        this.router = router;
    }

    @Override
    public Publisher<SecurityRuleResult> check(HttpRequest<?> request, Authentication authentication) {
        // No route matched when only the Content-Type is wrong: the endpoint of the method and path
        // decides, so that a caller it allows gets Micronaut's 415 naming the content type (not a 403).
        Optional<String> required = RouteAttributes.getRouteMatch(request)
                .map(RouteMatch::getAnnotationMetadata)
                .or(() -> router.find(request.getMethod(), request.getPath(), request).findFirst().map(m -> m.getAnnotationMetadata()))
                .flatMap(m -> m.stringValue(RequiresPermission.class));
        if (required.isEmpty()) {
            return Mono.just(SecurityRuleResult.UNKNOWN);
        }
        if (authentication == null) {
            return Mono.just(SecurityRuleResult.REJECTED);
        }
        Object tenant = authentication.getAttributes().get(PracticeKeyTokenValidator.ATTR_TENANT);
        if (!(tenant instanceof String t) || t.isBlank()) {
            request.setAttribute(FORBIDDEN, "the token names no active practice (claim 'tenant'); sign in to a practice");
            return Mono.just(SecurityRuleResult.REJECTED);
        }
        Object held = authentication.getAttributes().get(PracticeKeyTokenValidator.ATTR_PERMISSIONS);
        if (!(held instanceof Collection<?> c) || !c.contains(required.get())) {
            request.setAttribute(FORBIDDEN, "permission " + required.get() + " is required in practice " + t);
            request.setAttribute(MISSING_PERMISSION, required.get());
            return Mono.just(SecurityRuleResult.REJECTED);
        }
        return Mono.just(SecurityRuleResult.ALLOWED);
    }
}
