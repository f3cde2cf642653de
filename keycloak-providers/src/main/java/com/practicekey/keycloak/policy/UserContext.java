package com.practicekey.keycloak.policy;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What the checker knows of the user whose password is checked. Any part may be {@code null}.
 * Username and e-mail are used by notUsername, notContainsUsername and notEmail; first and last
 * name are not used by the content rules but are part of {@link #userInputs()} for the strength
 * estimator behind hardToGuess.
 */
public record UserContext(String username, String email, String firstName, String lastName) {

    public static final UserContext NONE = new UserContext(null, null, null, null);

    /** The non-blank parts, for a strength estimator's user inputs. */
    public List<String> userInputs() {
        return Stream.of(username, email, firstName, lastName)
                .filter(Objects::nonNull).filter(s -> !s.isBlank()).toList();
    }
}
