package com.practicekey.apps.audit;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** One audit entry: who ({@code sub}) did what to which record, when, with what outcome; chained by hash. */
@Serdeable
public record Entry(long seq, Instant at, String actor, String action, String recordType, String recordId,
                    String outcome, String prevHash, String hash) {
}
