package com.practicekey.apps.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The permission (from {@code realm-config/permissions.json}) an endpoint requires of the
 * caller in the token's active practice. An endpoint without it is refused to everyone.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD})
public @interface RequiresPermission {
    String value();
}
