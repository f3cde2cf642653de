package com.practicekey.apps.security;

import io.micronaut.context.annotation.Context;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Named;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * The only token validator of the apps. Micronaut's own JWT validator is switched off
 * ({@code micronaut.security.token.jwt.nimbus.reactive-validator: false}, checked at start by
 * {@link SingleTokenValidator}): it maps a {@code roles} claim to grants and checks none of the
 * rules here. A token that passes {@link AccessTokenVerifier} and the {@link IdleLock} becomes an
 * {@link Authentication} whose name is {@code sub}, whose roles are always empty (Keycloak's
 * {@code realm_access}/{@code resource_access} roles grant nothing here), and whose attributes
 * are the practice, the permissions and the session. Why a token was refused is left on the
 * request for {@link ApiAuthorizationHandler}.
 */
@Context // built at start, so that a configuration error stops the app instead of failing requests
public class PracticeKeyTokenValidator implements TokenValidator<HttpRequest<?>> {

    public static final String REJECTION = "practicekey.token.rejection";
    public static final String ATTR_TENANT = "tenant";
    public static final String ATTR_PERMISSIONS = "permissions";
    public static final String ATTR_SESSION = "sid";
    public static final String ATTR_USERNAME = "username";
    /** Set on a request whose token was refused by the idle lock: only a sign-in with credentials lifts it. */
    public static final String IDLE_LOCKED = "practicekey.token.idle-locked";

    private static final Logger LOG = LoggerFactory.getLogger(PracticeKeyTokenValidator.class);

    private final AccessTokenVerifier verifier;
    private final JwksKeys keys;
    private final IdleLock idleLock;
    private final Scheduler blocking;

    public PracticeKeyTokenValidator(SecuritySettings settings, IdleLock idleLock,
                                     @Named(TaskExecutors.BLOCKING) ExecutorService blockingExecutor) {
        Clock clock = Clock.systemUTC();
        this.keys = new JwksKeys(settings.jwksUri(), settings.jwksMaxAge(), settings.jwksMinRefreshInterval(), clock);
        this.verifier = new AccessTokenVerifier(settings, keys, clock);
        this.idleLock = idleLock;
        this.blocking = Schedulers.fromExecutorService(blockingExecutor);
    }

    /** How often the realm's keys were fetched since start (for the benchmark and tests). */
    public long jwksFetchCount() {
        return keys.fetchCount();
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        return Mono.fromCallable(() -> validate(token, request)).subscribeOn(blocking);
    }

    private Authentication validate(String token, HttpRequest<?> request) {
        VerifiedToken t;
        try {
            t = verifier.verify(token);
        } catch (TokenRejected e) {
            reject(request, e.getMessage());
            return null;
        }
        if (!idleLock.admit(t)) {
            if (request != null) {
                request.setAttribute(IDLE_LOCKED, true);
            }
            reject(request, "the session is locked after inactivity; sign in again");
            return null;
        }
        Map<String, Object> attributes = new HashMap<>();
        if (t.tenant() != null) {
            attributes.put(ATTR_TENANT, t.tenant());
        }
        attributes.put(ATTR_PERMISSIONS, new ArrayList<>(t.permissions()));
        attributes.put(ATTR_SESSION, t.sessionId());
        if (t.username() != null) {
            attributes.put(ATTR_USERNAME, t.username());
        }
        return Authentication.build(t.subject(), List.of(), attributes);
    }

    private static void reject(HttpRequest<?> request, String why) {
        LOG.debug("access token refused: {}", why);
        if (request != null) {
            request.setAttribute(REJECTION, why);
        }
    }
}
