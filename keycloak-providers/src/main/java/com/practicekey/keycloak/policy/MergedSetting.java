package com.practicekey.keycloak.policy;

import java.util.List;

/** A merged lockout threshold or idle timeout: the smallest value and every source setting it. */
public record MergedSetting(int value, List<PolicySource> sources) {

    public MergedSetting {
        sources = sources.stream().distinct().sorted(PolicySource.ORDER).toList();
    }
}
