/**
 * PracticeKey's password-policy rules in plain Java (no Keycloak types), for the SPI adapters.
 *
 * <ol>
 *   <li>{@link com.practicekey.keycloak.policy.PolicyParser} reads Keycloak's policy syntax into
 *       {@link com.practicekey.keycloak.policy.PolicyRules} (lenient: rules plus problems; strict:
 *       throws {@link com.practicekey.keycloak.policy.PolicySyntaxException} for a 400).</li>
 *   <li>{@link com.practicekey.keycloak.policy.TenantSettings#fromAttributes} reads an
 *       organization's attributes (contract section 2).</li>
 *   <li>{@link com.practicekey.keycloak.policy.PolicyMerger#merge} merges the realm's
 *       {@link com.practicekey.keycloak.policy.PolicyInput} with the user's tenants' into a
 *       {@link com.practicekey.keycloak.policy.MergedPolicy} (contract section 3), whose
 *       {@code conflicts()} lists what no password can satisfy.</li>
 *   <li>{@link com.practicekey.keycloak.policy.PolicyChecker#check} checks a candidate password
 *       against the content rules and leaves the others (history, age, expiry, deny-lists,
 *       strength, hashing) to the adapters.</li>
 * </ol>
 */
package com.practicekey.keycloak.policy;
