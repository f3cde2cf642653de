package com.practicekey.keycloak.permissions;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A permission pattern as written in an organization group's {@code allow} or {@code deny}
 * attribute (contract section 5). Three forms, nothing else:
 * <ul>
 *   <li>a concrete name, e.g. {@code clinical.note.sign}: matches exactly that name;</li>
 *   <li>a prefix ending in {@code .*}, e.g. {@code clinical.*}: matches every name that starts
 *       with {@code clinical.}, at any depth ({@code clinical.import}, {@code clinical.note.sign}),
 *       but not {@code clinical} itself;</li>
 *   <li>{@code *}: matches every name.</li>
 * </ul>
 * A name is one or more segments joined by single dots; a segment is a lower-case ASCII letter
 * followed by lower-case letters, digits or underscores. Patterns are taken literally: no
 * trimming, no case folding; {@code " clinical.*"}, {@code "Clinical.*"}, {@code "clinical*"},
 * {@code "clinical.*.read"} and {@code ""} are malformed.
 */
public final class PermissionPattern {

    private static final String SEGMENT = "[a-z][a-z0-9_]*";
    private static final Pattern NAME = Pattern.compile(SEGMENT + "(?:\\." + SEGMENT + ")*");
    private static final String ALL = "*";
    private static final String PREFIX_SUFFIX = ".*";

    private final String text;
    /** {@code null} for {@code *}; the name for a concrete pattern; {@code "prefix."} for a prefix pattern. */
    private final String match;
    private final boolean prefix;

    private PermissionPattern(String text, String match, boolean prefix) {
        this.text = text;
        this.match = match;
        this.prefix = prefix;
    }

    /** Whether {@code name} is a well-formed concrete permission name (no wildcard). */
    public static boolean isWellFormedName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The pattern {@code text} denotes, or empty when it is malformed (including {@code null}). */
    public static Optional<PermissionPattern> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (text.equals(ALL)) {
            return Optional.of(new PermissionPattern(text, null, false));
        }
        if (text.endsWith(PREFIX_SUFFIX)) {
            String base = text.substring(0, text.length() - PREFIX_SUFFIX.length());
            return isWellFormedName(base)
                    ? Optional.of(new PermissionPattern(text, base + ".", true))
                    : Optional.empty();
        }
        return isWellFormedName(text)
                ? Optional.of(new PermissionPattern(text, text, false))
                : Optional.empty();
    }

    /** Whether this pattern matches the concrete permission {@code name}. */
    public boolean matches(String name) {
        if (match == null) {
            return true;
        }
        return prefix ? name.startsWith(match) : name.equals(match);
    }

    /** The pattern as written. */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PermissionPattern p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
