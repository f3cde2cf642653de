package com.practicekey.keycloak.policy;

import java.util.List;

final class Texts {

    private Texts() {
    }

    /** {@code A}, {@code A and B}, {@code A, B and C}. */
    static String joinNames(List<String> names) {
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
