package com.practicekey.apps.audit;

import jakarta.inject.Singleton;

import java.util.Optional;

/** Audits an access to patient data with its outcome; call inside the practice transaction. */
@Singleton
public class PhiAccess {

    private final AuditTrail audit;

    public PhiAccess(AuditTrail audit) {
        this.audit = audit;
    }

    public <T> Optional<T> found(String action, String recordType, Object id, Optional<T> record) {
        audit.record(action, recordType, id, record.isPresent() ? "success" : "not_found");
        return record;
    }

    public <T> T done(String action, String recordType, Object id, T result) {
        audit.record(action, recordType, id, "success");
        return result;
    }
}
