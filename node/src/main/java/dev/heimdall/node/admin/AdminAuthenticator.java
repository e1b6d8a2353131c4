package dev.heimdall.node.admin;

import dev.heimdall.node.config.AdminTokenConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * Finds the admin token of an {@code Authorization: Bearer} header. Only SHA-256 digests of the tokens are kept,
 * and the presented token's digest is compared with every one of them in constant time, so neither the timing of an
 * answer nor a heap dump gives a token away.
 */
final class AdminAuthenticator {

    private record Entry(byte[] digest, AdminPrincipal principal) {
    }

    private final List<Entry> entries;

    AdminAuthenticator(List<AdminTokenConfig> tokens) {
        this.entries = tokens.stream()
                .map(t -> new Entry(digest(t.token()), new AdminPrincipal(t.name(), t.role())))
                .toList();
    }

    /** The caller, or empty when the header is absent, not a bearer token, or no token matches. */
    Optional<AdminPrincipal> authenticate(String authorization) {
        if (authorization == null || authorization.length() < 8
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] presented = digest(authorization.substring(7).strip());
        AdminPrincipal found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest, presented)) {
                found = entry.principal;
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
