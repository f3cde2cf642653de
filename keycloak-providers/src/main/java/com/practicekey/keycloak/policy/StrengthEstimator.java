package com.practicekey.keycloak.policy;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How hard a password is to guess: zxcvbn's score from 0 (too guessable) to 4 (very
 * unguessable), with the user's own words (e-mail, names) and their practices' names as extra
 * dictionary words. zxcvbn's dictionaries include the most common passwords, so a common
 * password scores 0 or 1. One instance serves every thread.
 */
public final class StrengthEstimator {

    private final Zxcvbn zxcvbn = new Zxcvbn();
    private final java.util.Set<String> commonPasswords = loadCommonPasswords();

    /**
     * zxcvbn's score of the password, 0..4, taking {@code context} words into account; 0 for a
     * password that is, ignoring case, on zxcvbn's list of commonly used passwords.
     */
    public int score(String password, List<String> context) {
        return isCommon(password) ? 0 : estimate(password, context);
    }

    /** zxcvbn's own estimate, without the exact common-password check. */
    int estimate(String password, List<String> context) {
        Strength s = zxcvbn.measure(password, words(context));
        try {
            return s.getScore();
        } finally {
            s.wipe();
        }
    }

    /** Whether the password, ignoring case, is one of the commonly used passwords zxcvbn ranks. */
    public boolean isCommon(String password) {
        return commonPasswords.contains(password.toLowerCase(Locale.ROOT));
    }

    /** zxcvbn's ranked list of common passwords (from leaked-password corpora), most frequent first. */
    public static List<String> commonPasswordsByRank() {
        try {
            return com.nulabinc.zxcvbn.StandardDictionaries.PASSWORDS_LOADER.load().getFrequencies();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("zxcvbn's password list could not be read", e);
        }
    }

    private static java.util.Set<String> loadCommonPasswords() {
        return java.util.Set.copyOf(commonPasswordsByRank().stream().map(p -> p.toLowerCase(Locale.ROOT)).toList());
    }

    /** Context words: each value, and its parts split at spaces, dots, @ and dashes, lower-cased. */
    static List<String> words(List<String> context) {
        List<String> out = new ArrayList<>();
        for (String c : context) {
            if (c == null || c.isBlank()) {
                continue;
            }
            String lower = c.toLowerCase(Locale.ROOT);
            out.add(lower);
            for (String part : lower.split("[\\s.@_\\-]+")) {
                if (part.length() >= 3) {
                    out.add(part);
                }
            }
        }
        return out;
    }

    /** Plain words for a required minimum score. */
    public static String requirement(int minScore) {
        return "hard to guess (strength at least " + minScore + " of 4; avoid common passwords, names and dictionary words)";
    }
}
