package com.practicekey.keycloak.policy;

import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of a simple regexPattern whose language is known exactly: optional {@code ^}, one atom
 * that is a positive character class ({@code [a-z0-9_]}, {@code \d}, {@code \w}, {@code \s} and
 * escaped punctuation inside brackets, no negation, nesting, intersection or other escapes), an
 * optional quantifier ({@code +}, {@code *}, {@code {n}}, {@code {n,}}, {@code {n,m}}), optional
 * {@code $}. Such a pattern, used with {@code matches()}, accepts exactly the strings of
 * {@code minLength..maxLength} characters from {@code allowed}. Every other pattern is "not
 * analysed" ({@link #analyse} returns empty).
 */
record CharClassPattern(BitSet allowed, int minLength, int maxLength) {

    static final int UNBOUNDED = Integer.MAX_VALUE;

    private static final Pattern SHAPE = Pattern.compile(
            "\\^?(\\[[^\\[\\]]+]|\\\\[dws])(\\+|\\*|\\{(\\d{1,4})(,(\\d{1,4})?)?})?\\$?");
    /** Inside the brackets: no negation, no nesting or intersection, no escapes but \\d \\w \\s and punctuation. */
    private static final Pattern CLASS_BODY = Pattern.compile("(?!\\^)(?:\\\\[dws]|\\\\[^A-Za-z0-9]|[^\\\\\\[\\]&])+");
    private static final Map<String, Optional<CharClassPattern>> CACHE = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Optional<CharClassPattern>> eldest) {
                    return size() > 256;
                }
            });

    static Optional<CharClassPattern> analyse(String regex) {
        Optional<CharClassPattern> known = CACHE.get(regex);
        if (known == null) {
            known = compute(regex);
            CACHE.put(regex, known);
        }
        return known;
    }

    private static Optional<CharClassPattern> compute(String regex) {
        Matcher m = SHAPE.matcher(regex);
        if (!m.matches() || regex.endsWith("\\$") || regex.chars().anyMatch(c -> Character.isSurrogate((char) c))) {
            return Optional.empty();
        }
        String atom = m.group(1);
        if (atom.startsWith("[") && !CLASS_BODY.matcher(atom.substring(1, atom.length() - 1)).matches()) {
            return Optional.empty();
        }
        int min;
        int max;
        String quantifier = m.group(2);
        if (quantifier == null) {
            min = 1;
            max = 1;
        } else if (quantifier.equals("+")) {
            min = 1;
            max = UNBOUNDED;
        } else if (quantifier.equals("*")) {
            min = 0;
            max = UNBOUNDED;
        } else {
            min = Integer.parseInt(m.group(3));
            max = m.group(4) == null ? min : m.group(5) == null ? UNBOUNDED : Integer.parseInt(m.group(5));
            if (max < min) {
                return Optional.empty();
            }
        }
        // The class holds only BMP literals, ranges and ASCII escapes, so it matches only BMP chars:
        // ask Java's own engine which ones.
        Pattern single;
        try {
            single = Pattern.compile(atom);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        BitSet allowed = new BitSet(0x10000);
        for (int c = 0; c < 0x10000; c++) {
            if (!Character.isSurrogate((char) c) && single.matcher(String.valueOf((char) c)).matches()) {
                allowed.set(c);
            }
        }
        return Optional.of(new CharClassPattern(allowed, min, max));
    }
}
