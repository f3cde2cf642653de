package com.practicekey.keycloak.policy;

import java.util.List;
import java.util.stream.Collectors;

/** A policy or tenant setting that {@link PolicyParser#parseStrict} or validation rejected. */
public class PolicySyntaxException extends IllegalArgumentException {

    private final transient List<Problem> problems;

    public PolicySyntaxException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
