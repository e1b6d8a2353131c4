package dev.heimdall.governance.keys;

import java.util.regex.Pattern;

/** The shape of entity ids that appear in URLs, metrics labels and ledger keys. */
final class Ids {

    private static final Pattern SLUG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Ids() {
    }

    static void requireSlug(String what, String id) {
        if (id == null || !SLUG.matcher(id).matches()) {
            throw new IllegalArgumentException(what + " id must be 1-64 letters, digits, '.', '_' or '-', got "
                    + (id == null ? "none" : "'" + id + "'"));
        }
    }
}
