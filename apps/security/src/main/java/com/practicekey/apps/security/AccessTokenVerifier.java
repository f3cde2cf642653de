package com.practicekey.apps.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;

import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a Keycloak access token for this app: signed with an allowed algorithm by a key of the
 * realm's JWKS, the configured issuer, this app's client among the audiences, an access token
 * ({@code typ} = {@code Bearer}: ID and refresh tokens are refused), not authorized for another
 * app, and within its lifetime (with a small leeway). Plain Java, no Micronaut.
 */
public final class AccessTokenVerifier {

    private final SecuritySettings settings;
    private final JwksKeys keys;
    private final Clock clock;
    private final Set<JWSAlgorithm> allowed = new LinkedHashSet<>();
    private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();

    public AccessTokenVerifier(SecuritySettings settings, JwksKeys keys, Clock clock) {
        this.settings = settings;
        this.keys = keys;
        this.clock = clock;
        for (String a : settings.algorithms()) {
            allowed.add(JWSAlgorithm.parse(a));
        }
    }

    public VerifiedToken verify(String token) throws TokenRejected {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new TokenRejected("the token is not a JWT");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new TokenRejected("the token is not signed");
        }
        JWSAlgorithm alg = signed.getHeader().getAlgorithm();
        if (!allowed.contains(alg)) {
            throw new TokenRejected("signature algorithm " + alg + " is not accepted");
        }
        String kid = signed.getHeader().getKeyID();
        JWK jwk = keys.key(kid);
        if (jwk == null) {
            throw new TokenRejected("the token is signed with a key the realm does not publish");
        }
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            throw new TokenRejected("the token's key is not a signing key");
        }
        if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().getName().equals(alg.getName())) {
            throw new TokenRejected("the token's algorithm does not match its key");
        }
        try {
            if (!(jwk instanceof AsymmetricJWK asym)) {
                throw new TokenRejected("the token's key is not an asymmetric key");
            }
            Key publicKey = asym.toPublicKey();
            JWSVerifier verifier = verifiers.createJWSVerifier(signed.getHeader(), publicKey);
            if (!signed.verify(verifier)) {
                throw new TokenRejected("the token's signature is invalid");
            }
        } catch (JOSEException e) {
            throw new TokenRejected("the token's signature cannot be checked");
        }
        JWTClaimsSet claims;
        try {
            claims = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenRejected("the token's claims are malformed");
        }
        return checkClaims(claims);
    }

    VerifiedToken checkClaims(JWTClaimsSet c) throws TokenRejected {
        if (!settings.issuer().equals(c.getIssuer())) {
            throw new TokenRejected("the token is from another issuer");
        }
        List<String> aud = c.getAudience();
        if (aud == null || !aud.contains(settings.clientId())) {
            throw new TokenRejected("the token is not meant for " + settings.clientId());
        }
        Object typ = c.getClaim("typ");
        if (!"Bearer".equals(typ)) {
            throw new TokenRejected("only access tokens are accepted (this one is " + (typ == null ? "untyped" : typ) + ")");
        }
        Object azp = c.getClaim("azp");
        if (azp != null && settings.foreignClients().contains(azp.toString())) {
            throw new TokenRejected("the token was issued to another application");
        }
        Instant now = clock.instant();
        Duration leeway = settings.leeway();
        Date exp = c.getExpirationTime();
        if (exp == null) {
            throw new TokenRejected("the token has no expiry");
        }
        if (now.isAfter(exp.toInstant().plus(leeway))) {
            throw new TokenRejected("the token has expired");
        }
        Date nbf = c.getNotBeforeTime();
        if (nbf != null && now.plus(leeway).isBefore(nbf.toInstant())) {
            throw new TokenRejected("the token is not valid yet");
        }
        Date iat = c.getIssueTime();
        if (iat != null && now.plus(leeway).isBefore(iat.toInstant())) {
            throw new TokenRejected("the token is issued in the future");
        }
        String sub = c.getSubject();
        if (sub == null || sub.isBlank()) {
            throw new TokenRejected("the token has no subject");
        }
        Object sid = c.getClaim("sid");
        if (sid == null || sid.toString().isBlank()) {
            throw new TokenRejected("the token has no session (sid)");
        }
        Object tenant = c.getClaim("tenant");
        Set<String> permissions = new LinkedHashSet<>();
        Object p = c.getClaim("permissions");
        if (p instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof String s) {
                    permissions.add(s);
                }
            }
        }
        Instant authTime = Instant.EPOCH; // no auth_time: every idle lock applies
        Object at = c.getClaim("auth_time");
        if (at instanceof Number n) {
            authTime = Instant.ofEpochSecond(n.longValue());
        }
        return new VerifiedToken(sub, sid.toString(), tenant instanceof String s && !s.isBlank() ? s : null,
                Set.copyOf(permissions), authTime, idleMinutes(c.getClaim("idle_timeout_minutes")),
                c.getClaim("preferred_username") instanceof String u && !u.isBlank() ? u : null);
    }

    /** The token's idle timeout: 1..1440 minutes; missing means the realm default; malformed never lengthens it. */
    private int idleMinutes(Object claim) {
        int fallback = settings.defaultIdleTimeoutMinutes();
        if (claim == null) {
            return fallback;
        }
        long v;
        if (claim instanceof Number n) {
            v = n.longValue();
        } else {
            try {
                v = Long.parseLong(claim.toString().trim());
            } catch (NumberFormatException e) {
                return Math.min(fallback, 1);
            }
        }
        return (int) Math.max(1, Math.min(1440, v));
    }
}
