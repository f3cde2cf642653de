package com.practicekey.keycloak.permissions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which practice (tenant) a token is issued for (contract section 5): the one requested with
 * {@code organization:<alias>}, else the one the user picked on the login page, else the only
 * one the user belongs to. Pure: the Keycloak adapter supplies what was requested and the
 * user's practices.
 * <ul>
 *   <li>A requested practice the user is not a member of (or that does not exist, or is
 *       disabled) is refused, as is a request for more than one practice.</li>
 *   <li>A picked practice the user no longer belongs to is refused (the user signs in again).</li>
 *   <li>A user of several practices who named none is refused with how to name one: a token
 *       for an arbitrary practice would be worse than none.</li>
 *   <li>A user of no practice gets a token without a practice.</li>
 * </ul>
 */
public final class ActivePractice {

    private ActivePractice() {
    }

    /** How the {@code organization} scope was requested. */
    public enum Requested {
        /** Not requested. */
        NONE,
        /** {@code organization}: the one practice, or the one picked on the login page. */
        ANY,
        /** {@code organization:*}: every practice of the user. */
        ALL,
        /** {@code organization:<alias>}. */
        SPECIFIC
    }

    /**
     * What the client asked for.
     *
     * @param requested how the organization scope was requested
     * @param aliases   the aliases named with {@link Requested#SPECIFIC}; empty otherwise
     * @param picked    the alias the user picked on the login page during this client session, or {@code null}
     */
    public record Request(Requested requested, List<String> aliases, String picked) {
        public Request {
            Objects.requireNonNull(requested, "requested");
            aliases = List.copyOf(aliases);
        }

        public static Request of(Requested requested) {
            return new Request(requested, List.of(), null);
        }

        public static Request specific(String... aliases) {
            return new Request(Requested.SPECIFIC, List.of(aliases), null);
        }

        public static Request picked(Requested requested, String alias) {
            return new Request(requested, List.of(), alias);
        }
    }

    /** The result: a practice, no practice, or a refusal. */
    public sealed interface Outcome permits Active, NoPractice, Refused {
    }

    /** The token is issued for the practice {@code alias}. */
    public record Active(String alias) implements Outcome {
    }

    /** The user belongs to no practice: the token carries none. */
    public record NoPractice() implements Outcome {
    }

    /** No token: {@code message} tells the user (or the client's developer) why and what to do. */
    public record Refused(String message) implements Outcome {
    }

    /**
     * @param request  what the client asked for
     * @param memberOf aliases of the enabled practices the user belongs to
     */
    public static Outcome resolve(Request request, Collection<String> memberOf) {
        SortedSet<String> member = new TreeSet<>(memberOf);
        if (request.requested() == Requested.SPECIFIC) {
            Set<String> asked = new LinkedHashSet<>(request.aliases());
            if (asked.size() != 1) {
                return new Refused("a token is issued for one practice: request exactly one scope organization:<alias>"
                        + (asked.isEmpty() ? "" : ", not " + quoted(asked)));
            }
            String alias = asked.iterator().next();
            return member.contains(alias)
                    ? new Active(alias)
                    : new Refused("practice '" + alias + "' does not exist or you are not a member of it");
        }
        if (request.picked() != null) {
            return member.contains(request.picked())
                    ? new Active(request.picked())
                    : new Refused("you are no longer a member of practice '" + request.picked()
                    + "' picked at sign-in: sign in again");
        }
        if (member.isEmpty()) {
            return new NoPractice();
        }
        if (member.size() == 1) {
            return new Active(member.first());
        }
        return new Refused("you belong to several practices (" + String.join(", ", member)
                + "): request one with the scope organization:<alias>, or the scope 'organization' to pick it"
                + " on the login page");
    }

    private static String quoted(Collection<String> aliases) {
        List<String> q = new ArrayList<>();
        aliases.forEach(a -> q.add("organization:" + a));
        return String.join(" ", q);
    }
}
