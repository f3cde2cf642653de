package com.practicekey.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Settings from system properties, then environment variables, then the values Maven filled in at build time. */
public final class Settings {

    private static final Properties BUILD = load();

    private Settings() {
    }

    public static String get(String property, String env, String fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = env == null ? null : System.getenv(env);
        }
        return v == null || v.isBlank() ? fallback : v;
    }

    /** A value written into the stack jar by the Maven build (see build.properties). */
    public static String build(String key) {
        String v = BUILD.getProperty(key);
        if (v == null || v.contains("${")) {
            throw new IllegalStateException("build property " + key + " was not filled in; rebuild the stack module with Maven");
        }
        return v;
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Settings.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
