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

    /** zxcvbn's score of the password, 0..4, taking {@code context} words into account. */
    public int score(String password, List<String> context) {
        Strength s = zxcvbn.measure(password, words(context));
        try {
            return s.getScore();
        } finally {
            s.wipe();
        }
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
