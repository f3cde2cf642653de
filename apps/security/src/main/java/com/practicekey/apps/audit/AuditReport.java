package com.practicekey.apps.audit;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The practice's audit chain: {@code verified} when every entry's hash matches its content and
 * its predecessor; otherwise {@code brokenAtSeq} is the first entry that does not.
 */
@Serdeable
public record AuditReport(boolean verified, Long brokenAtSeq, long total, int page, int size, List<Entry> entries) {
}
