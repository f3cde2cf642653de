package com.practicekey.apps.web;

import io.micronaut.data.model.Page;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** One page of a list answer. */
@Serdeable
public record PageOf<T>(List<T> items, int page, int size, long total) {

    public static <T> PageOf<T> of(Page<T> p) {
        return new PageOf<>(p.getContent(), p.getPageNumber(), p.getSize(), p.getTotalSize());
    }

    /** An ILIKE pattern matching {@code text} anywhere, or {@code null} for no filter. */
    public static String contains(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return "%" + text.trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
