package dev.heimdall.node.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The write-only parts of a provider document: key credentials, header values and the proxy password. Readers
 * never see them (GET shows {@code has-secret} and {@code header-names} instead); a replace that leaves them out
 * keeps the stored ones, so what GET returns can be edited and sent back without knowing any secret.
 */
final class ProviderSecrets {

    /** A key's credentials; its {@code region} is the one credential field that is not secret. */
    static final List<String> KEY_SECRETS = List.of("value", "access-key-id", "secret-access-key", "session-token",
            "service-account", "bearer-token");

    /** Where a provider's requests, and so its secrets, go: changing one of these sends the secrets elsewhere. */
    private static final List<String> DESTINATION = List.of("type", "base-url", "region", "project", "location", "tls");

    private ProviderSecrets() {
    }

    /** Removes what a reader sees but a writer does not set. */
    static void dropReadOnly(ObjectNode body) {
        body.remove("header-names");
        for (JsonNode key : body.path("keys")) {
            if (key instanceof ObjectNode object) {
                object.remove("has-secret");
            }
        }
        if (body.path("proxy") instanceof ObjectNode proxy) {
            proxy.remove("has-secret");
        }
    }

    /** Whether the body sets a secret itself (rather than keeping a stored one). */
    static boolean setsSecrets(ObjectNode body) {
        for (JsonNode key : body.path("keys")) {
            if (KEY_SECRETS.stream().anyMatch(key::has)) {
                return true;
            }
        }
        if (body.has("headers") && !(body.get("headers").isObject() && body.get("headers").isEmpty())) {
            return true;
        }
        JsonNode proxy = body.path("proxy");
        return proxy.has("password") || proxy.path("url").asText("").contains("@");
    }

    /**
     * Whether the body sends the stored secrets somewhere else: another base URL, type, region, proxy or trust
     * store, or a key to another region. Whoever may not set secrets must not redirect them either, or they could
     * point the provider at a server of their own and read the keys off the wire.
     */
    static boolean redirectsSecrets(ObjectNode body, ObjectNode stored) {
        if (!holdsSecrets(stored)) {
            return false;
        }
        for (String field : DESTINATION) {
            if (!body.path(field).equals(stored.path(field))) {
                return true;
            }
        }
        Proxy before = Proxy.of(stored.path("proxy"));
        Proxy after = Proxy.of(body.path("proxy"));
        if (before == null ? after != null : after == null || !before.host.equals(after.host) || before.port != after.port) {
            return true;
        }
        for (JsonNode key : body.path("keys")) {
            JsonNode storedKey = keyNamed(stored, key.path("name").asText(null));
            if (storedKey != null && !key.path("region").equals(storedKey.path("region"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean holdsSecrets(ObjectNode stored) {
        for (JsonNode key : stored.path("keys")) {
            if (KEY_SECRETS.stream().anyMatch(key::has)) {
                return true;
            }
        }
        return stored.has("headers") || stored.path("proxy").has("password")
                || stored.path("proxy").path("url").asText("").contains("@");
    }

    /** Fills in the secrets the body leaves out from the stored document: by key name, headers, proxy password. */
    static void keepStored(ObjectNode body, ObjectNode stored) {
        for (JsonNode key : body.path("keys")) {
            if (key instanceof ObjectNode object && KEY_SECRETS.stream().noneMatch(object::has)) {
                JsonNode storedKey = keyNamed(stored, object.path("name").asText(null));
                if (storedKey != null) {
                    KEY_SECRETS.stream().filter(storedKey::has).forEach(f -> object.set(f, storedKey.get(f)));
                }
            }
        }
        if (!body.has("headers") && stored.has("headers")) {
            body.set("headers", stored.get("headers"));
        }
        if (body.path("proxy") instanceof ObjectNode proxy && !proxy.has("url") && !proxy.has("password")) {
            Proxy before = Proxy.of(stored.path("proxy"));
            if (before != null && before.password != null && before.host.equals(proxy.path("host").asText())
                    && before.port == proxy.path("port").asInt(-1)
                    && Objects.equals(before.username, proxy.path("username").asText(null))) {
                proxy.put("password", before.password);
            }
        }
    }

    /** The stored document as readers see it. */
    static ObjectNode redact(ObjectNode stored) {
        ObjectNode view = stored.deepCopy();
        for (JsonNode key : view.path("keys")) {
            if (key instanceof ObjectNode object) {
                boolean hadSecret = KEY_SECRETS.stream().anyMatch(object::has);
                object.remove(KEY_SECRETS);
                object.put("has-secret", hadSecret);
            }
        }
        if (view.remove("headers") instanceof ObjectNode headers && !headers.isEmpty()) {
            ArrayNode names = view.putArray("header-names");
            List<String> sorted = new ArrayList<>();
            headers.fieldNames().forEachRemaining(sorted::add);
            sorted.stream().sorted().forEach(names::add);
        }
        Proxy proxy = Proxy.of(stored.path("proxy"));
        if (proxy != null) {
            ObjectNode shown = view.putObject("proxy").put("host", proxy.host).put("port", proxy.port);
            if (proxy.username != null) {
                shown.put("username", proxy.username);
            }
            shown.put("has-secret", proxy.password != null);
        }
        return view;
    }

    private static JsonNode keyNamed(ObjectNode provider, String name) {
        for (Iterator<JsonNode> keys = provider.path("keys").elements(); keys.hasNext(); ) {
            JsonNode key = keys.next();
            if (name != null && name.equals(key.path("name").asText(null))) {
                return key;
            }
        }
        return null;
    }

    /** A proxy in either of its forms (a URL, or host, port, username and password). */
    private record Proxy(String host, int port, String username, String password) {

        static Proxy of(JsonNode node) {
            if (!node.isObject()) {
                return null;
            }
            if (!node.has("url")) {
                return new Proxy(node.path("host").asText(), node.path("port").asInt(), node.path("username").asText(null),
                        node.path("password").asText(null));
            }
            try {
                URI url = new URI(node.path("url").asText());
                String userInfo = url.getUserInfo();
                int colon = userInfo == null ? -1 : userInfo.indexOf(':');
                return new Proxy(url.getHost(), url.getPort(), colon < 0 ? userInfo : userInfo.substring(0, colon),
                        colon < 0 ? null : userInfo.substring(colon + 1));
            } catch (URISyntaxException e) {
                // not a URL (only an unvalidated body holds one): a proxy to nowhere, which the config parser refuses
                return new Proxy("", -1, null, null);
            }
        }
    }
}
