package com.practicekey.apps.web;


public final class Ranges {
    private Ranges() {
    }

    public static <T extends Comparable<T>> void check(String fromName, T from, T to) {
        if (from != null && to != null && from.compareTo(to) > 0) {
            throw ApiException.badRequest(fromName + ": must not be after the end of the range");
        }
    }
}
