package com.practicekey.keycloak.lockout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A minimal SMTP server on 127.0.0.1 that accepts every message and keeps it, for e-mail links in tests. */
final class SmtpSink implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Thread thread;

    SmtpSink() {
        try {
            server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::serve, "smtp-sink");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                session(s);
            } catch (IOException e) {
                // closed, or a client went away
            }
        }
    }

    private void session(Socket s) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = s.getOutputStream();
        reply(out, "220 sink");
        for (String line; (line = in.readLine()) != null; ) {
            String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
            switch (cmd) {
                case "DATA" -> {
                    reply(out, "354 go on");
                    StringBuilder msg = new StringBuilder();
                    for (String l; (l = in.readLine()) != null && !l.equals("."); ) {
                        msg.append(l.startsWith("..") ? l.substring(1) : l).append("\n");
                    }
                    messages.add(msg.toString());
                    reply(out, "250 kept");
                }
                case "QUIT" -> {
                    reply(out, "221 bye");
                    return;
                }
                default -> reply(out, "250 ok");
            }
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The first link to Keycloak's action-token endpoint in the next message that arrives or has arrived. */
    String awaitActionLink(int alreadySeen) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (messages.size() > alreadySeen) {
                String body = decodeQuotedPrintable(messages.get(alreadySeen));
                // The HTML part's href holds the whole link; the plain-text part may wrap it.
                Matcher m = Pattern.compile("href=\"(https?://[^\"]*login-actions/action-token\\?[^\"]*)\"").matcher(body);
                if (m.find()) {
                    return m.group(1).replace("&amp;", "&").replaceAll("\\s", "");
                }
                throw new AssertionError("no action link in the message:\n" + body);
            }
            LockoutIT.pause(200);
        }
        throw new AssertionError("no e-mail arrived");
    }

    int count() {
        return messages.size();
    }

    static String decodeQuotedPrintable(String s) {
        String joined = s.replace("=\r\n", "").replace("=\n", "");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            if (c == '=' && i + 2 < joined.length() && isHex(joined.charAt(i + 1)) && isHex(joined.charAt(i + 2))) {
                out.append((char) Integer.parseInt(joined.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
